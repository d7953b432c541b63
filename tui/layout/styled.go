package layout

import (
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
	if strings.IndexByte(s, 0x1B) < 0 {
		return m.Wrap(s, width)
	}
	plain, orig := stripEscapes(s)
	var lines []string
	var st styleState
	done := 0 // bytes of s whose escapes st has seen
	m.wrapSpans(plain, width, func(start, end int) {
		if start == end {
			// An empty line carries no style. Escapes before it still
			// count for the lines after it.
			st.scan(s[done:origAt(orig, start, len(s))])
			done = max(done, origAt(orig, start, len(s)))
			lines = append(lines, "")
			return
		}
		from := orig[start]
		to := orig[end-1] + 1
		st.scan(s[done:from])
		var b strings.Builder
		b.Grow(to - from + len(st.sgr) + len(st.link) + 16)
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

// stripEscapes returns s without its escape sequences, and for every byte of
// the result the offset of the same byte in s.
func stripEscapes(s string) (string, []int) {
	var b strings.Builder
	b.Grow(len(s))
	orig := make([]int, 0, len(s))
	for i := 0; i < len(s); {
		if s[i] == 0x1B {
			i += escapeLen(s[i:])
			continue
		}
		b.WriteByte(s[i])
		orig = append(orig, i)
		i++
	}
	return b.String(), orig
}

// origAt maps a byte offset of the stripped text back to s; the end of the
// stripped text maps to n.
func origAt(orig []int, i, n int) int {
	if i < len(orig) {
		return orig[i]
	}
	return n
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
