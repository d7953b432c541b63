package layout

import (
	"strings"
	"testing"

	"github.com/xinwen-reader/xinwen/feed/growth"
)

// TestWrapGrowsLinearly checks with growth.Check that breaking lines is
// near-linear in the text, on the shapes that could make a line breaker
// quadratic: long runs without a break, marks that may not start or end a
// line, one long URL, runs of spaces.
func TestWrapGrowsLinearly(t *testing.T) {
	m := NewMetrics(false)
	for _, tt := range []struct {
		name  string
		input func(n int) string
	}{
		{"news paragraphs", func(n int) string { return benchText(n * 1024) }},
		{"han without punctuation", func(n int) string { return strings.Repeat("新闻报道中国高铁网", n) }},
		{"closing marks", func(n int) string { return "开" + strings.Repeat("，。」", n) }},
		{"opening marks", func(n int) string { return strings.Repeat("（「“", n) + "字" }},
		{"one long url", func(n int) string { return "https://example.org/" + strings.Repeat("a/b?c=d&", n) }},
		{"runs of spaces", func(n int) string { return strings.Repeat("word        新闻  ", n) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			growth.Check(t, tt.input, func(s string) {
				if len(m.Wrap(s, 40)) == 0 {
					t.Fatal("no lines")
				}
			})
		})
	}
}
