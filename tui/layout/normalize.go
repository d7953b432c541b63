package layout

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize rewrites text so that go-runewidth (Metrics.Width, and x/ansi's
// StringWidthWc, which bubbletea's renderer uses), x/ansi's grapheme-cluster
// StringWidth (lipgloss.Width, displaywidth inside) and terminals agree on
// its width. It expects text that went through feed.Clean (no control
// characters other than "\n") and does not touch escape sequences' bytes
// beyond what the rules below say, so call it on plain text.
//
// The rules, each explained where it is applied:
//
//  1. VS15 and VS16 (U+FE0E, U+FE0F) are dropped.
//  2. ZERO WIDTH JOINER (U+200D) is dropped, so ZWJ emoji sequences show as
//     their component emoji.
//  3. Emoji skin-tone modifiers (U+1F3FB–U+1F3FF) are dropped.
//  4. Regional indicators (flag halves, U+1F1E6–U+1F1FF) become the ASCII
//     capital letters they stand for: 🇨🇳 becomes CN.
//  5. SOFT HYPHEN (U+00AD) is dropped.
//  6. Prepend characters (U+0600 ARABIC NUMBER SIGN and the like) become
//     "?", and in wide mode U+FFFD does too.
//  7. In wide mode only, the 49 Latin letters that Unicode calls East Asian
//     Ambiguous but go-runewidth keeps narrow (è, é, ü, ø, æ, ß...) are
//     decomposed (NFD: é becomes e and U+0301), or, for the dozen with no
//     decomposition, spelled in ASCII (æ ae, ø o, ß ss, ł l...). In narrow
//     mode every library measures them as one column, so they stay.
//  8. A grapheme cluster that starts with a zero-width mark gets U+00A0 (no
//     break space) in front as its base.
//  9. A rune after the first one of a grapheme cluster that has a width of
//     its own (spacing marks, Indic conjunct consonants, a second Hangul
//     leading jamo) becomes "?".
//
// Text that needs none of this, such as ASCII and common Chinese, is
// returned unchanged without allocating. Call it on every string before it is
// measured or laid out with m.
func (m Metrics) Normalize(s string) string {
	t := m.table()
	i := 0
	for i < len(s) {
		if s[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if !t.keep(r) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	// Back up to the start of the cluster holding the first odd rune, so
	// that the cluster rules see it whole.
	start := i
	if start > 0 {
		_, n := utf8.DecodeLastRuneInString(s[:start])
		start -= n
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:start])
	normalizeClusters(&b, rewriteRunes(s[start:], m.wide), t)
	return b.String()
}

// rewriteRunes applies the rules that look at one rune at a time (1 to 7),
// those for wide mode when wide. They go first because they change where
// grapheme clusters end.
func rewriteRunes(s string, wide bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == 0xFE0E || r == 0xFE0F:
			// Rule 1. displaywidth makes any cluster with VS16 two
			// columns wide; go-runewidth (and wcwidth in most
			// terminals) ignores the selector and gives text-default
			// emoji such as ❤ or ☺ one column. Terminals differ too:
			// iTerm2 and kitty honour VS16, xterm and VTE do not.
			// Without the selectors every measure gives the base
			// character's own width. VS15 asks for text presentation,
			// which some terminals draw narrow and some wide; dropping
			// it is the same choice.
			continue
		case r == 0x200D:
			// Rule 2. displaywidth counts a ZWJ sequence as one cluster
			// of two columns, runewidth sums its emoji (4, 6, 8...), and
			// terminals draw either one glyph (kitty, WezTerm, iTerm2)
			// or the components side by side (xterm, VTE, tmux). Without
			// the joiner every one of them shows the components.
			continue
		case r >= 0x1F3FB && r <= 0x1F3FF:
			// Rule 3. runewidth gives a skin-tone modifier two columns
			// of its own; displaywidth folds it into the emoji before
			// it, and terminals do either. Dropped, the base emoji
			// keeps its default yellow.
			continue
		case r >= 0x1F1E6 && r <= 0x1F1FF:
			// Rule 4. A lone regional indicator is one column to
			// runewidth and two to displaywidth; a pair is a flag that
			// terminals draw as one wide glyph, as two wide letters or
			// as two narrow ones. Plain letters read the same everywhere.
			r = 'A' + (r - 0x1F1E6)
		case r == 0x00AD:
			// Rule 5. runewidth and x/ansi give the soft hyphen zero
			// columns, glibc's wcwidth (so xterm, VTE) gives it one.
			continue
		case isPrepend(r) || wide && r == utf8.RuneError:
			// Rule 6. displaywidth measures a cluster by its first rune,
			// so U+0600 plus a digit is zero columns to it and one to
			// runewidth; "?" stands alone. U+FFFD (which feed.Clean
			// puts for invalid UTF-8) is East Asian Ambiguous: two
			// columns to runewidth in wide mode, one to displaywidth.
			r = '?'
		case wide && r >= 0xAA && r <= 0x16B && isAmbiguousLatin(r):
			// Rule 7. go-runewidth keeps these letters narrow in wide
			// (East Asian) mode, as most CJK terminal setups draw them;
			// displaywidth follows Unicode and makes them wide. The base
			// letter of the decomposition is narrow in both, and the
			// accent is a zero-width mark in both.
			b.WriteString(latinFallback(r))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// normalizeClusters applies the cluster rules (8 and 9) to s and writes the
// result to b.
func normalizeClusters(b *strings.Builder, s string, t *runeTable) {
	for i := 0; i < len(s); {
		end, first, _ := t.clusterEnd(s, i, len(s))
		cluster := s[i:end]
		i = end
		if len(cluster) == utf8.RuneLen(first) {
			if t.runeWidth(first) == 0 && isMark(first) {
				// Rule 8 for a mark on its own, see below.
				b.WriteRune(0xA0)
			}
			b.WriteString(cluster)
			continue
		}
		for k, r := range cluster {
			switch {
			case k == 0:
				if t.runeWidth(r) == 0 && isMark(r) {
					// Rule 8. A mark with nothing to sit on (at
					// the start of the text or after a control)
					// is drawn in a cell of its own by some
					// terminals and over the previous cell by
					// others; displaywidth gives some newly
					// assigned marks a column, runewidth none.
					// On a no-break space, the usual base for a
					// lone mark, all agree on one column.
					b.WriteRune(0xA0)
				}
			case t.runeWidth(r) > 0:
				// Rule 9. displaywidth measures a cluster by its first
				// rune, runewidth sums them all, and terminals do
				// either, so a rune that takes columns of its own
				// inside a cluster is counted differently. "?" in its
				// place starts a cluster of its own.
				r = '?'
			}
			b.WriteRune(r)
		}
	}
}

// isMark reports a combining mark, or a code point unassigned in Go's
// Unicode tables (newer marks are among them), which runewidth knows.
func isMark(r rune) bool {
	return unicode.In(r, unicode.Mn, unicode.Mc, unicode.Me) || !unicode.Is(unicode.Cf, r) && !isAssigned(r)
}

func isAssigned(r rune) bool {
	// Not unicode.C: Go's C table includes the unassigned code points.
	return unicode.In(r, unicode.L, unicode.M, unicode.N, unicode.P, unicode.S, unicode.Z,
		unicode.Cc, unicode.Cf, unicode.Co, unicode.Cs)
}

// prependRanges are the code points that the uax29 segmenter x/ansi uses
// (v2.7.0) treats as Grapheme_Cluster_Break=Prepend: they join the character
// after them. TestPrependMatchesSegmenter checks the list against it.
var prependRanges = [][2]rune{
	{0x0600, 0x0605}, {0x06DD, 0x06DD}, {0x070F, 0x070F}, {0x0890, 0x0891},
	{0x08E2, 0x08E2}, {0x0D4E, 0x0D4E}, {0x110BD, 0x110BD}, {0x110CD, 0x110CD},
	{0x111C2, 0x111C3}, {0x113D1, 0x113D1}, {0x1193F, 0x1193F}, {0x11941, 0x11941},
	{0x11A84, 0x11A89}, {0x11D46, 0x11D46}, {0x11F02, 0x11F02},
}

func isPrepend(r rune) bool {
	if r < 0x600 {
		return false
	}
	for _, p := range prependRanges {
		if r >= p[0] && r <= p[1] {
			return true
		}
	}
	return false
}

// ambiguousLatin is go-runewidth's table of the same name (v0.0.31,
// runewidth_table.go): East Asian Ambiguous Latin letters it measures as
// narrow even in East Asian mode.
var ambiguousLatin = [][2]rune{
	{0x00AA, 0x00AA}, {0x00BA, 0x00BA}, {0x00C6, 0x00C6}, {0x00D0, 0x00D0},
	{0x00D8, 0x00D8}, {0x00DE, 0x00E1}, {0x00E6, 0x00E6}, {0x00E8, 0x00EA},
	{0x00EC, 0x00ED}, {0x00F0, 0x00F0}, {0x00F2, 0x00F3}, {0x00F8, 0x00FA},
	{0x00FC, 0x00FC}, {0x00FE, 0x00FE}, {0x0101, 0x0101}, {0x0111, 0x0111},
	{0x0113, 0x0113}, {0x011B, 0x011B}, {0x0126, 0x0127}, {0x012B, 0x012B},
	{0x0131, 0x0133}, {0x0138, 0x0138}, {0x013F, 0x0142}, {0x0144, 0x0144},
	{0x0148, 0x014B}, {0x014D, 0x014D}, {0x0152, 0x0153}, {0x0166, 0x0167},
	{0x016B, 0x016B},
}

func isAmbiguousLatin(r rune) bool {
	for _, p := range ambiguousLatin {
		if r >= p[0] && r <= p[1] {
			return true
		}
	}
	return false
}

// asciiLatin spells the ambiguous Latin letters that have no canonical
// decomposition.
var asciiLatin = map[rune]string{
	'ª': "a", 'º': "o", 'Æ': "AE", 'Ð': "D", 'Ø': "O", 'Þ': "Th", 'ß': "ss",
	'æ': "ae", 'ð': "d", 'ø': "o", 'þ': "th", 'đ': "d", 'Ħ': "H", 'ħ': "h",
	'ı': "i", 'Ĳ': "IJ", 'ĳ': "ij", 'ĸ': "k", 'Ŀ': "L", 'ŀ': "l", 'Ł': "L",
	'ł': "l", 'Ŋ': "N", 'ŋ': "n", 'Œ': "OE", 'œ': "oe", 'Ŧ': "T", 'ŧ': "t",
}

// latinFallback returns the decomposition of an ambiguous Latin letter, or
// its ASCII spelling when it has none.
func latinFallback(r rune) string {
	if d := norm.NFD.String(string(r)); d != string(r) {
		return d
	}
	if a, ok := asciiLatin[r]; ok {
		return a
	}
	return "?"
}
