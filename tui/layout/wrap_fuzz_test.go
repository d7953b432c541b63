package layout

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzWrap checks, for any text and width, that Wrap and WrapStyled do not
// panic, that no line is wider than asked unless it is one grapheme
// cluster, that no text is lost (only spaces at breaks), and that breaks
// fall between grapheme clusters.
func FuzzWrap(f *testing.F) {
	for _, s := range articles {
		f.Add(s, 10)
	}
	f.Add("他说：“你好。”我们走吧", 6)
	f.Add("  a  b  ", 1)
	f.Add("e\u0301\u0301\u0301x👨‍👩‍👧🇨🇳\r\n\n", 3)
	f.Add("\x1b[1mbold\x1b]8;;u\x1b\\link", 4)
	f.Add("\xff\xfe中", 2)
	f.Fuzz(func(t *testing.T, s string, width int) {
		width = 1 + abs(width)%300
		for _, m := range []Metrics{NewMetrics(false), NewMetrics(true)} {
			_ = m.WrapStyled(s, width)
			_ = m.Truncate(s, width, "…")
			_ = NewMetrics(false).Normalize(s)
			_ = NewMetrics(true).Normalize(s)
			lines := m.Wrap(s, width)
			k := 0
			for _, p := range strings.Split(s, "\n") {
				own := m.Wrap(p, width)
				if k+len(own) > len(lines) {
					t.Fatalf("Wrap(%q, %d) = %q has fewer lines than its paragraphs", s, width, lines)
				}
				if msg := checkLoose(m, p, width, lines[k:k+len(own)]); msg != "" {
					t.Fatalf("Wrap(%q, %d) = %q: %s", s, width, lines, msg)
				}
				k += len(own)
			}
			if k != len(lines) {
				t.Fatalf("Wrap(%q, %d) = %q has more lines than its paragraphs", s, width, lines)
			}
		}
	})
}

func abs(n int) int {
	if n < 0 {
		if n == -n { // the smallest int
			return 0
		}
		return -n
	}
	return n
}

// checkLoose checks the rules that hold for any input: width, no loss, and
// breaks between grapheme clusters (for valid UTF-8: the segmenter groups
// invalid bytes its own way, and Wrap's input comes from feed.Clean).
func checkLoose(m Metrics, p string, width int, lines []string) string {
	if len(lines) == 0 {
		return "no lines"
	}
	bounds := map[int]bool{0: true, len(p): true}
	valid := utf8.ValidString(p)
	for i := 0; i < len(p) && valid; {
		c := clusterAt(p[i:])
		if c == "" {
			_, n := utf8.DecodeRuneInString(p[i:])
			c = p[i : i+n]
		}
		i += len(c)
		bounds[i] = true
	}
	pos := 0
	for k, line := range lines {
		if k > 0 || !strings.HasPrefix(p, line) {
			for pos < len(p) && p[pos] == ' ' && !strings.HasPrefix(p[pos:], line) {
				pos++
			}
		}
		if !strings.HasPrefix(p[pos:], line) {
			return "text lost before line " + line
		}
		if valid && (!bounds[pos] || !bounds[pos+len(line)]) {
			return "line " + line + " splits a grapheme cluster"
		}
		if m.Width(line) > width && len(clusters(line)) > 1 {
			return "line " + line + " is too wide"
		}
		pos += len(line)
	}
	if strings.Trim(p[pos:], " ") != "" {
		return "text lost at the end: " + p[pos:]
	}
	return ""
}
