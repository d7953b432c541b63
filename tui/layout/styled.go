package layout

import (
	"sort"
	"strings"
)

// WrapStyled is Wrap for text carrying SGR and OSC 8 escape sequences (e.g.
// glamour or lipgloss output). Sequences count zero width and are never
// split. At each break the active SGR attributes and hyperlink are closed at
// the end of the line and reopened at the start of the next, so each line
// stands alone and can be printed, sliced or padded by itself. Break
// decisions are identical to Wrap on the text with escapes stripped.
//
// Escape sequences that fall in a dropped break space, or after the last
// visible character of a line, are not printed there; their effect is
// carried to the next line.
func (m Metrics) WrapStyled(s string, width int) []string {
	return m.wrapStyled(s, width, nil)
}

// wrapStyled is WrapStyled that, when starts is not nil, also appends to it
// the offset where each line starts in s without its escape sequences.
func (m Metrics) wrapStyled(s string, width int, starts *[]int) []string {
	var lines []string
	if strings.IndexByte(s, 0x1B) < 0 {
		m.wrapSpans(s, width, func(start, end int) {
			if starts != nil {
				*starts = append(*starts, start)
			}
			lines = append(lines, s[start:end])
		})
		return lines
	}
	plain, esc := stripEscapes(s)
	var st styleState
	done := 0 // bytes of s whose escapes st has seen
	m.wrapSpans(plain, width, func(start, end int) {
		if starts != nil {
			*starts = append(*starts, start)
		}
		if start == end {
			// An empty line carries no style. Escapes before it still
			// count for the lines after it.
			from := esc.orig(start)
			st.scan(s[done:from])
			done = max(done, from)
			lines = append(lines, "")
			return
		}
		from := esc.orig(start)
		to := esc.orig(end-1) + 1
		st.scan(s[done:from])
		var b strings.Builder
		b.Grow(to - from + len(st.sgr) + len(st.link) + len(linkClose) + len(sgrReset))
		b.WriteString(st.sgr)
		b.WriteString(st.link)
		b.WriteString(s[from:to])
		st.scan(s[from:to])
		done = to
		if st.link != "" {
			b.WriteString(linkClose)
		}
		if st.sgr != "" {
			b.WriteString(sgrReset)
		}
		lines = append(lines, b.String())
	})
	return lines
}

const (
	sgrReset  = "\x1b[m"
	linkClose = "\x1b]8;;\x1b\\"
)

// escapeMap maps byte offsets of the text without escapes back to the text
// with them. at[k] is the offset in the stripped text where the k-th run of
// escape sequences was removed, and shift[k] the bytes removed up to and
// including it.
type escapeMap struct {
	at, shift []int
}

// orig returns the offset in the original text of byte i of the stripped
// text; escapes right before that byte lie before the returned offset.
func (e escapeMap) orig(i int) int {
	k := sort.SearchInts(e.at, i+1) // runs at or before i
	if k == 0 {
		return i
	}
	return i + e.shift[k-1]
}

// stripEscapes returns s without its escape sequences, and the map back.
func stripEscapes(s string) (string, escapeMap) {
	var b strings.Builder
	b.Grow(len(s))
	var e escapeMap
	removed := 0
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], 0x1B)
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		b.WriteString(s[i : i+j])
		i += j
		n := escapeLen(s[i:])
		removed += n
		if k := len(e.at) - 1; k >= 0 && e.at[k] == b.Len() {
			e.shift[k] = removed
		} else {
			e.at = append(e.at, b.Len())
			e.shift = append(e.shift, removed)
		}
		i += n
	}
	return b.String(), e
}

// styleState is what is active after a run of escapes: the SGR sequences
// since the last reset, and the open OSC 8 hyperlink.
type styleState struct {
	sgr  string
	link string
}

// scan updates the state with every SGR and OSC 8 sequence in s.
func (st *styleState) scan(s string) {
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], 0x1B)
		if j < 0 {
			return
		}
		i += j
		n := escapeLen(s[i:])
		st.apply(s[i : i+n])
		i += n
	}
}

func (st *styleState) apply(seq string) {
	switch {
	case len(seq) >= 3 && seq[1] == '[' && seq[len(seq)-1] == 'm':
		params := seq[2 : len(seq)-1]
		switch {
		case params == "" || params == "0":
			st.sgr = ""
		case strings.HasPrefix(params, "0;"):
			st.sgr = seq
		default:
			st.sgr += seq
		}
	case strings.HasPrefix(seq, "\x1b]8;"):
		// OSC 8 ; params ; URI ST — an empty URI closes the link.
		body := strings.TrimPrefix(seq, "\x1b]8;")
		body = strings.TrimSuffix(strings.TrimSuffix(body, "\x1b\\"), "\a")
		if k := strings.IndexByte(body, ';'); k >= 0 && body[k+1:] != "" {
			st.link = seq
		} else {
			st.link = ""
		}
	}
}
