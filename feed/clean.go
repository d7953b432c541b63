package feed

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

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
	b := make([]byte, 0, len(s))
	pendingSpace := rune(0) // the space to write before the next visible rune, 0 for none
	composable := false     // a rune written may change under NFC
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == 0x1B || (r >= 0x80 && r <= 0x9F) {
			i += escapeLength(s[i:], false)
			continue
		}
		i += size
		switch {
		case keepLines && (r == '\n' || r == '\r'):
			if r == '\r' && i < len(s) && s[i] == '\n' {
				i++
			}
			// Trimming in place costs only the spaces trimmed, so a
			// long text stays linear.
			b = append(bytes.TrimRight(b, " "), '\n')
			continue
		case keepLines && r == '\t':
			b = append(b, "    "...)
			continue
		case keepLines && r == ' ':
			b = append(b, ' ')
			continue
		case isSpace(r):
			if keepLines {
				if r != '\u3000' {
					r = ' '
				}
				b = utf8.AppendRune(b, r)
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
			if len(b) > 0 {
				b = utf8.AppendRune(b, pendingSpace)
			}
			pendingSpace = 0
		}
		composable = composable || !nfcInert(r)
		b = utf8.AppendRune(b, r)
	}
	if keepLines {
		// Trailing spaces first, so that a line left blank by them goes
		// with the blank lines at the ends.
		b = bytes.Trim(bytes.TrimRight(b, " "), "\n")
	}
	if len(b) == 0 {
		return ""
	}
	// b is never written again: share its bytes, as strings.Builder does.
	out := unsafe.String(&b[0], len(b))
	if !composable {
		return out
	}
	return norm.NFC.String(out)
}

// isSpace reports white space, including the line and paragraph separators
// and the ideographic space, but not the zero-width characters.
func isSpace(r rune) bool {
	if r < 0x80 {
		return r == ' ' || '\t' <= r && r <= '\r'
	}
	// U+3000 is the last white space: the tables need not be searched
	// for the Han characters after it.
	return r <= 0x3000 && (unicode.IsSpace(r) || r == '\u2028' || r == '\u2029')
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
// A string sequence (OSC, DCS, SOS, PM, APC) runs to its terminator, BEL
// or ST, or to the end of s; with lineBound it also ends before a "\n".
func escapeLength(s string, lineBound bool) int {
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
			case s[n] == '\n' && lineBound:
				return n
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

// escapeIndex returns the index of the first ESC or C1 control (in UTF-8)
// in s, or -1.
func escapeIndex(s string) int {
	esc := strings.IndexByte(s, 0x1B)
	if esc < 0 {
		esc = len(s)
	}
	// 0xC2 leads U+0080–U+00BF: the C1 controls, but also "·", "°" and
	// the no-break space, so each one found is looked at.
	for i := 0; i < esc; {
		j := strings.IndexByte(s[i:esc], 0xC2)
		if j < 0 {
			break
		}
		i += j
		if i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0x9F {
			return i
		}
		i++
	}
	if esc == len(s) {
		return -1
	}
	return esc
}

// stripEscapes removes escape sequences (and lone ESC and C1 controls)
// from s whole, leaving everything else as it is, line breaks included. It
// is for text that is cut into lines or paragraphs before each part is
// cleaned, which would otherwise leave the parameters of a sequence that
// spans a cut behind as text. With lineBound a sequence never reaches past
// the end of its line, so that one left open cannot swallow whole articles
// after it.
func stripEscapes(s string, lineBound bool) string {
	i := escapeIndex(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i >= 0 {
		b.WriteString(s[:i])
		s = s[i+escapeLength(s[i:], lineBound):]
		i = escapeIndex(s)
	}
	b.WriteString(s)
	return b.String()
}

// isClean reports whether Clean would return s unchanged: valid UTF-8 with
// no control, escape or invisible character, white space only as single
// spaces (or single ideographic spaces) between other characters, and NFC.
func isClean(s string) bool {
	prevSpace := true // no space at the start
	composable := false
	for _, r := range s {
		if r >= 0x300 && !nfcInert(r) {
			composable = true
		}
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
	return !prevSpace && (!composable || norm.NFC.IsNormalString(s))
}

// nfcInert reports whether r is in NFC by itself and has a normalization
// boundary before it (canonical combining class 0, combining with nothing
// before it), so that text made only of such runes is in NFC without a
// look at the normalization tables: ASCII and Latin-1, general
// punctuation, CJK punctuation, kana, the CJK ideographs (not the
// compatibility ones), Hangul syllables and the full-width forms. It is
// Clean's quick way past the NFC check for most Chinese and English text;
// TestNFCInertRunesNeedNoNormalization checks every rune it passes against
// x/text's tables.
func nfcInert(r rune) bool {
	return r < 0x300 ||
		0x309B <= r && r <= 0xA66E || // kana, CJK ideographs, Yi
		0x2002 <= r && r <= 0x20CF || // general punctuation, currency signs
		0x2E00 <= r && r <= 0x3029 || 0x3030 <= r && r <= 0x3098 || // CJK radicals and punctuation, kana
		0xAC00 <= r && r <= 0xD7A3 || // Hangul syllables
		0xFE30 <= r && r <= 0xFFFD // CJK compatibility forms, full-width forms, U+FFFD
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
