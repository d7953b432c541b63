package layout

import (
	"strings"
	"unicode/utf8"
)

// Normalize rewrites text so that go-runewidth (Metrics.Width, and x/ansi's
// StringWidthWc, which bubbletea's renderer uses), x/ansi's grapheme
// StringWidth (lipgloss.Width) and terminals agree on its width. The rules
// are listed next to the code in normalizeRune. Text that needs no change is
// returned as is, without allocating.
func Normalize(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if needsNormalize(r) {
			break
		}
		i += n
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		if needsNormalize(r) {
			if rep, ok := normalizeRune(r); ok {
				b.WriteRune(rep)
			}
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// needsNormalize is the fast check: common CJK, punctuation and Latin pass.
func needsNormalize(r rune) bool {
	switch {
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0x3000 && r <= 0x303F, r >= 0xFF01 && r <= 0xFF5E,
		r >= 0x2010 && r <= 0x2027, r >= 0xA0 && r <= 0x2FF:
		return false
	}
	_, ok := normalizeRune(r)
	return !ok || true
}

// normalizeRune returns the replacement for r, or ok false to drop it.
func normalizeRune(r rune) (rune, bool) {
	switch {
	case r == 0xFE0F, r == 0xFE0E, r == 0x200D, r >= 0x1F3FB && r <= 0x1F3FF:
		return 0, false
	}
	return r, true
}
