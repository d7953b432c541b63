package layout

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

var (
	sgrRE  = regexp.MustCompile("\x1b\\[([0-9;:]*)m")
	osc8RE = regexp.MustCompile("\x1b\\]8;[^;\x07\x1b]*;([^\x07\x1b]*)(?:\x07|\x1b\\\\)")
)

// lineState reports whether an SGR attribute or a hyperlink is still active
// at the end of line: its last SGR sequence is not a reset, or its last
// OSC 8 sequence opens a link. It is written apart from styleState so as
// not to check the code with itself.
func lineState(line string) (sgrOpen, linkOpen bool) {
	if all := sgrRE.FindAllStringSubmatch(line, -1); len(all) > 0 {
		p := all[len(all)-1][1]
		sgrOpen = p != "" && p != "0"
	}
	if all := osc8RE.FindAllStringSubmatch(line, -1); len(all) > 0 {
		linkOpen = all[len(all)-1][1] != ""
	}
	return sgrOpen, linkOpen
}

// checkStyled checks WrapStyled(s, width) against Wrap on the stripped text.
func checkStyled(t *testing.T, m Metrics, s string, width int) []string {
	t.Helper()
	got := m.WrapStyled(s, width)
	want := m.Wrap(ansi.Strip(s), width)
	var plain []string
	for _, l := range got {
		plain = append(plain, ansi.Strip(l))
	}
	if !slices.Equal(plain, want) {
		t.Errorf("WrapStyled(%q, %d) stripped\n got %q\nwant %q", s, width, plain, want)
	}
	for i, l := range got {
		if strings.Count(l, "\x1b") != strings.Count(l, "\x1b[")+strings.Count(l, "\x1b]")+strings.Count(l, "\x1b\\") {
			t.Errorf("WrapStyled line %q has a broken escape sequence", l)
		}
		sgr, link := lineState(l)
		if sgr || link {
			t.Errorf("WrapStyled(%q, %d) line %d %q leaves SGR open %v, hyperlink open %v", s, width, i, l, sgr, link)
		}
		if w := m.Width(l); w > width && len(clusters(ansi.Strip(l))) > 1 {
			t.Errorf("WrapStyled line %q is %d wide, more than %d", l, w, width)
		}
	}
	return got
}

func TestWrapStyledExact(t *testing.T) {
	m := NewMetrics(false)
	cases := []struct {
		s     string
		width int
		want  []string
	}{
		{"\x1b[1m他说：“你好。”\x1b[m我们走吧", 8, []string{
			"\x1b[1m他说：\x1b[m",
			"\x1b[1m“你好。”\x1b[m",
			"我们走吧",
		}},
		{"see \x1b]8;;https://example.com\x1b\\the example page\x1b]8;;\x1b\\ now", 10, []string{
			"see \x1b]8;;https://example.com\x1b\\the\x1b]8;;\x1b\\",
			"\x1b]8;;https://example.com\x1b\\example\x1b]8;;\x1b\\",
			"\x1b]8;;https://example.com\x1b\\page\x1b]8;;\x1b\\ now",
		}},
		{"\x1b[31mred \x1b[1mbold red\x1b[0m plain", 8, []string{
			"\x1b[31mred \x1b[1mbold\x1b[m",
			"\x1b[31m\x1b[1mred\x1b[m",
			"plain",
		}},
		{"plain only", 5, []string{"plain", "only"}},
	}
	for _, c := range cases {
		got := checkStyled(t, m, c.s, c.width)
		if !slices.Equal(got, c.want) {
			t.Errorf("WrapStyled(%q, %d)\n got %q\nwant %q", c.s, c.width, got, c.want)
		}
	}
}

// TestWrapStyledProperties styles the property-test inputs at random
// positions and checks that breaks match Wrap and every line stands alone.
func TestWrapStyledProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	seqs := []string{"\x1b[1m", "\x1b[31m", "\x1b[38;5;202m", "\x1b[0m", "\x1b[m", "\x1b[4;32m",
		"\x1b]8;;https://example.com/a\x1b\\", "\x1b]8;id=1;https://example.com/b\a", "\x1b]8;;\x1b\\"}
	m := NewMetrics(false)
	for _, s := range append(articles, seedOrNil(t)...) {
		var b strings.Builder
		for _, r := range s {
			if rng.IntN(6) == 0 {
				b.WriteString(seqs[rng.IntN(len(seqs))])
			}
			b.WriteRune(r)
		}
		styled := b.String() + "\x1b[0m\x1b]8;;\x1b\\"
		for _, width := range []int{8, 13, 20, 37, 80} {
			checkStyled(t, m, styled, width)
		}
	}
}

func TestLineStateCatches(t *testing.T) {
	for _, c := range []struct {
		line      string
		sgr, link bool
	}{
		{"\x1b[1mbold", true, false},
		{"\x1b[1mbold\x1b[m", false, false},
		{"\x1b[1mbold\x1b[0m\x1b[0;4m", true, false},
		{"\x1b]8;;http://x\x1b\\link", false, true},
		{"\x1b]8;;http://x\alink\x1b]8;;\a", false, false},
	} {
		sgr, link := lineState(c.line)
		if sgr != c.sgr || link != c.link {
			t.Errorf("lineState(%q) = %v, %v, want %v, %v", c.line, sgr, link, c.sgr, c.link)
		}
	}
}
