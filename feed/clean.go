package feed

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Clean makes s safe to print to a terminal and tidy to lay out, for one
// paragraph or title:
//
//   - invalid UTF-8 becomes U+FFFD;
//   - escape sequences (ESC or C1 introduced: CSI, OSC, DCS, SOS, PM, APC and
//     two-byte escapes) are removed whole, so no "[31m" debris is left; any
//     other C0 or C1 control character is removed, except that tab and line
//     breaks count as white space;
//   - bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
//     soft hyphens, zero-width spaces and byte-order marks are removed;
//   - the text is put in NFC;
//   - each run of white space becomes one space (a run made only of
//     ideographic spaces U+3000 stays one U+3000), and the ends are trimmed.
//
// Entities must be decoded before Clean is called, so that an escape sequence
// that arrives HTML-escaped is caught too.
func Clean(s string) string {
	return clean(s, false)
}

// CleanLines is Clean for preformatted text: line breaks are kept (as "\n"),
// and runs of white space inside a line are kept too, with tabs as four
// spaces. Trailing white space on each line and blank lines at both ends are
// removed.
func CleanLines(s string) string {
	return clean(s, true)
}

func clean(s string, keepLines bool) string {
	if !keepLines {
		if isPlainASCII(s) {
			return collapseASCII(s)
		}
		if isClean(s) {
			return s // most real text: no copy
		}
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := rune(0) // the space to write before the next visible rune, 0 for none
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == 0x1B || (r >= 0x80 && r <= 0x9F) {
			i += escapeLength(s[i:])
			continue
		}
		i += size
		switch {
		case keepLines && (r == '\n' || r == '\r'):
			if r == '\r' && i < len(s) && s[i] == '\n' {
				i++
			}
			pendingSpace = 0
			trimTrailingSpace(&b)
			b.WriteByte('\n')
			continue
		case keepLines && r == '\t':
			b.WriteString("    ")
			continue
		case keepLines && r == ' ':
			b.WriteByte(' ')
			continue
		case isSpace(r):
			if keepLines {
				if r != '\u3000' {
					r = ' '
				}
				b.WriteRune(r)
				continue
			}
			if r == '\u3000' && (pendingSpace == 0 || pendingSpace == '\u3000') {
				pendingSpace = '\u3000'
			} else {
				pendingSpace = ' '
			}
			continue
		case r < 0x20 || r == 0x7F || isInvisible(r):
			continue
		}
		if pendingSpace != 0 {
			if b.Len() > 0 {
				b.WriteRune(pendingSpace)
			}
			pendingSpace = 0
		}
		b.WriteRune(r)
	}
	out := b.String()
	if keepLines {
		// Trailing spaces first, so that a line left blank by them goes
		// with the blank lines at the ends.
		out = strings.Trim(trimLineEnds(out), "\n")
	}
	return norm.NFC.String(out)
}

// isSpace reports white space, including the line and paragraph separators
// and the ideographic space, but not the zero-width characters.
func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u2028' || r == '\u2029'
}

// isInvisible reports the format characters Clean removes: they either
// reorder text on screen (bidi controls) or make widths disagree between
// libraries and terminals (soft hyphen, zero-width space, BOM).
func isInvisible(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x00AD, r == 0x200B, r == 0xFEFF, r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	}
	return false
}

// escapeLength returns how many bytes of s, which starts with ESC or a C1
// control, belong to the escape sequence (or lone control) to remove.
func escapeLength(s string) int {
	var intro byte // the final byte of the introducer: '[', ']', 'P', ...
	n := 0
	if s[0] == 0x1B {
		if len(s) < 2 {
			return 1
		}
		intro, n = s[1], 2
	} else {
		// A C1 control encoded in UTF-8 (U+0080–U+009F is 0xC2 0x80–0x9F).
		intro, n = s[1]-0x40, 2
	}
	switch intro {
	case '[': // CSI: parameters and intermediates, then one final byte.
		for n < len(s) {
			c := s[n]
			n++
			if c >= 0x40 && c <= 0x7E {
				return n
			}
			if c < 0x20 || c > 0x3F && c < 0x40 || c >= 0x80 {
				return n - 1 // malformed: stop before the stray byte
			}
		}
		return n
	case ']', 'P', 'X', '^', '_': // string sequences, ended by BEL or ST.
		for n < len(s) {
			switch {
			case s[n] == 0x07:
				return n + 1
			case s[n] == 0x1B && n+1 < len(s) && s[n+1] == '\\':
				return n + 2
			case s[n] == 0xC2 && n+1 < len(s) && s[n+1] == 0x9C:
				return n + 2
			}
			n++
		}
		return n
	}
	if s[0] != 0x1B {
		return 2 // any other C1 control alone
	}
	if intro >= 0x20 && intro <= 0x7E {
		return 2 // a two-byte escape such as ESC c or ESC 7
	}
	return 1
}

// isClean reports whether Clean would return s unchanged: valid UTF-8 with
// no control, escape or invisible character, white space only as single
// spaces (or single ideographic spaces) between other characters, and NFC.
func isClean(s string) bool {
	prevSpace := true // no space at the start
	for _, r := range s {
		switch {
		case r == utf8.RuneError, r < 0x20, r >= 0x7F && r <= 0x9F, isInvisible(r):
			return false
		case r == ' ' || r == '\u3000':
			if prevSpace {
				return false
			}
			prevSpace = true
		case r > 0x7F && isSpace(r):
			return false
		default:
			prevSpace = false
		}
	}
	return !prevSpace && norm.NFC.IsNormalString(s)
}

func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != ' ' || c >= 0x7F {
			return false
		}
	}
	return true
}

// collapseASCII is Clean's fast path for printable ASCII.
func collapseASCII(s string) string {
	s = strings.TrimSpace(s)
	if !strings.Contains(s, "  ") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

func trimTrailingSpace(b *strings.Builder) {
	out := b.String()
	trimmed := strings.TrimRight(out, " ")
	if len(trimmed) != len(out) {
		b.Reset()
		b.WriteString(trimmed)
	}
}

func trimLineEnds(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}
