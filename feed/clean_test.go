package feed

import (
	"html"
	"testing"
)

func TestClean(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"collapse ascii", "  a  b\t\tc \n", "a b c"},
		{"tab to space", "中\t文", "中 文"},
		{"csi removed whole", "red\x1b[31mtext\x1b[0m", "redtext"},
		{"osc hyperlink removed", "a\x1b]8;;http://x\x07b\x1b]8;;\x1b\\c", "abc"},
		{"html escaped escape", html.UnescapeString(html.UnescapeString("x&amp;#27;[2Jy")), "xy"},
		{"c1 csi", "a\u009b31mb", "ab"},
		{"lone controls", "a\x00b\x07c\x7fd\u0085e", "abcde"},
		{"bidi override", "abc\u202edcba\u202c\u2066x\u2069", "abcdcbax"},
		{"soft hyphen and zwsp", "news\u00adpaper\u200b新闻\ufeff", "newspaper新闻"},
		{"nfc", "e\u0301", "\u00e9"},
		{"ideographic indent trimmed", "\u3000\u3000新闻", "新闻"},
		{"ideographic space kept", "新闻\u3000\u3000报道", "新闻\u3000报道"},
		{"mixed run is one space", "a \u3000 b", "a b"},
		{"invalid utf8", "a\xffb", "a\uFFFDb"},
		{"line separator", "a\u2028b", "a b"},
		{"truncated escape", "abc\x1b", "abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Clean(tt.in); got != tt.want {
				t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanLines(t *testing.T) {
	in := "\n\nfunc main() {\r\n\tfmt.Println(\"\x1b[31mhi\")  \n}\n\n"
	want := "func main() {\n    fmt.Println(\"hi\")\n}"
	if got := CleanLines(in); got != want {
		t.Errorf("CleanLines = %q, want %q", got, want)
	}
}

func FuzzClean(f *testing.F) {
	f.Add("a\x1b[31mb")
	f.Add("\u202e新闻\u00ad")
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Clean(s), CleanLines(s)} {
			for _, r := range out {
				if r == 0x1B || r < 0x20 && r != '\n' || r >= 0x7F && r <= 0x9F || isInvisible(r) {
					t.Fatalf("Clean(%q) left %U in %q", s, r, out)
				}
			}
			if Clean(out) != Clean(s) {
				t.Fatalf("Clean is not idempotent on %q", s)
			}
		}
	})
}

func TestCleanLinesIsIdempotent(t *testing.T) {
	// Found by FuzzHTML: a last line of spaces used to survive as a blank line.
	for _, in := range []string{"0\n  ", "  \n0", "a\n \n \n", "\n\t\n"} {
		once := CleanLines(in)
		if twice := CleanLines(once); twice != once {
			t.Errorf("CleanLines(%q) = %q, but CleanLines of that = %q", in, once, twice)
		}
	}
}

func TestIsCleanAgreesWithClean(t *testing.T) {
	for _, s := range []string{
		"新闻 报道", "新闻\u3000报道", "新闻  报道", " 新闻", "新闻 ", "新闻\u00a0报道", "e\u0301", "\u00e9",
		"a\ufffdb", "中\x1b[0m文", "中文\u200b", "中文\u3000", "", "日本語, English. 1.2%",
	} {
		if isClean(s) && Clean(s) != s {
			t.Errorf("isClean(%q) but Clean gives %q", s, Clean(s))
		}
	}
	// Typical text takes the fast path.
	for _, s := range []string{"新闻 报道", "他说：“你好。”", "日本語, English. 1.2%"} {
		if !isClean(s) {
			t.Errorf("isClean(%q) = false", s)
		}
	}
}
