package layout

import (
	"regexp"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/xinwen-reader/xinwen/feed"
)

// escapes matches every escape sequence the renderer writes: SGR and OSC 8.
var escapes = regexp.MustCompile("\x1b\\[[0-9;:]*m|\x1b\\]8;;[^\x1b]*\x1b\\\\")

func strip(s string) string { return escapes.ReplaceAllString(s, "") }

// Characters that must not start or end a line (clreq, basic level, as in
// /work/shared/clreq/kinsoku.md lists A1 and B1).
const (
	noLineStart = "。．，、：；！‼？⁇」』”’）】〗〕］｝》〉～-–—·・‧"
	noLineEnd   = "「『“‘（【〖〔［｛《〈"
)

// kinsokuError returns what is wrong with the text of one line (prefixes
// already removed), or "".
func kinsokuError(text string) string {
	text = strings.TrimRight(text, " ")
	if text == "" {
		return ""
	}
	first, _ := utf8.DecodeRuneInString(text)
	last, _ := utf8.DecodeLastRuneInString(text)
	if strings.ContainsRune(noLineStart, first) {
		return "starts with " + string(first)
	}
	if strings.ContainsRune(noLineEnd, last) {
		return "ends with " + string(last)
	}
	return ""
}

// linePrefixes are the markers a body line may start with; kinsoku applies
// to the text after them.
var linePrefixes = []string{"• ", "- ", "│ ", "| ", "###### ", "##### ", "#### ", "### ", "## ", "# ", "[EN] ", "[ZH] "}

func textOf(line string) string {
	line = strings.TrimLeft(line, " ")
	for _, p := range linePrefixes {
		if t, ok := strings.CutPrefix(line, p); ok {
			return strings.TrimLeft(t, " ")
		}
	}
	return line
}

// cutAt splits a plain line at display column col.
func cutAt(m Metrics, line string, col int) (string, string) {
	w := 0
	for i, r := range line {
		if w >= col {
			return line[:i], line[i:]
		}
		w += m.Width(string(r))
	}
	return line, ""
}

// renderers returns one renderer of every kind: plain and coloured, dark
// and light, narrow and wide ambiguous characters.
func renderers() map[string]*Renderer {
	return map[string]*Renderer{
		"plain":            NewRenderer(Options{Metrics: NewMetrics(false)}),
		"plain-wide":       NewRenderer(Options{Metrics: NewMetrics(true)}),
		"color-dark":       NewRenderer(Options{Metrics: NewMetrics(false), Color: true, Dark: true}),
		"color-light-wide": NewRenderer(Options{Metrics: NewMetrics(true), Color: true}),
	}
}

// TestRenderProperties checks, for every mode and width from 20 to 200, that
// no line is wider than asked, that plain output holds no escape, that
// coloured output is the plain output plus escapes, that line-breaking rules
// hold on every line, and that the column rule never moves.
func TestRenderProperties(t *testing.T) {
	rs := renderers()
	for name, a := range testArticles(t) {
		for _, lang := range []Lang{Chinese, English, Both} {
			for w := 20; w <= 200; w++ {
				plain := map[bool]Page{
					false: rs["plain"].Render(a, lang, w),
					true:  rs["plain-wide"].Render(a, lang, w),
				}
				for rname, r := range rs {
					p := r.Render(a, lang, w)
					checkPage(t, r, p, plain[r.o.Metrics.AmbiguousWide()], w, name+"/"+lang.String()+"/"+rname)
				}
			}
		}
	}
}

func checkPage(t *testing.T, r *Renderer, p, plain Page, w int, where string) {
	t.Helper()
	m := r.o.Metrics
	if len(p.Header) == 0 || len(p.Body) == 0 {
		t.Fatalf("%s at %d: empty header or body", where, w)
	}
	all := append(append([]string{}, p.Header...), p.Body...)
	want := append(append([]string{}, plain.Header...), plain.Body...)
	if len(all) != len(want) {
		t.Fatalf("%s at %d: %d lines, plain rendering has %d", where, w, len(all), len(want))
	}
	for i, l := range all {
		if got := m.Width(l); got > w {
			t.Fatalf("%s at %d: line %d is %d wide: %q", where, w, i, got, l)
		}
		if !r.o.Color && strings.ContainsRune(l, 0x1b) {
			t.Fatalf("%s at %d: escape in plain line %d: %q", where, w, i, l)
		}
		if s := strip(l); s != want[i] {
			t.Fatalf("%s at %d: line %d without escapes is\n%q, plain is\n%q", where, w, i, s, want[i])
		}
		if m.AmbiguousWide() && strings.ContainsAny(l, "─│┬•") {
			t.Fatalf("%s at %d: ambiguous drawing character in wide mode: %q", where, w, l)
		}
	}
	for i, l := range want[:len(want)-len(p.Body)-1] { // header without its rule
		if e := kinsokuError(textOf(l)); e != "" {
			t.Fatalf("%s at %d: header line %d %s: %q", where, w, i, e, l)
		}
	}
	checkBody(t, r, plain.Body, w, where)
}

// checkBody checks the line-breaking rules on every text of the plain body
// and, side by side, that the rule is at one column on every line.
func checkBody(t *testing.T, r *Renderer, body []string, w int, where string) {
	t.Helper()
	m := r.o.Metrics
	c, twoColumns := splitColumns(w, 1, 1)
	twoColumns = twoColumns && strings.Contains(where, "/双语/") && w >= r.o.SideBySide
	for i, l := range body {
		texts := []string{l}
		if twoColumns {
			left, rest := cutAt(m, l, c.Rule)
			if !strings.HasPrefix(rest, r.mk.column) {
				t.Fatalf("%s at %d: body line %d has no rule at column %d: %q", where, w, i, c.Rule, l)
			}
			texts = []string{left, strings.TrimPrefix(rest, r.mk.column)}
		}
		for _, s := range texts {
			if e := kinsokuError(textOf(s)); e != "" {
				t.Fatalf("%s at %d: body line %d %s: %q", where, w, i, e, l)
			}
		}
	}
}

// TestSideBySideAlignment checks that block i of each language starts on the
// same row, with the shorter side padded.
func TestSideBySideAlignment(t *testing.T) {
	r := NewRenderer(Options{Metrics: NewMetrics(false)})
	m := r.o.Metrics
	for name, a := range testArticles(t) {
		if a.ZH == nil || a.EN == nil {
			continue
		}
		for w := 80; w <= 200; w += 7 {
			c, ok := splitColumns(w, 1, 1)
			if !ok {
				t.Fatalf("no columns at %d", w)
			}
			body := r.Render(a, Both, w).Body
			row := 0
			for i := range min(len(a.ZH.Blocks), len(a.EN.Blocks)) {
				zh := r.blockLines(&a.ZH.Blocks[i], c.Left, &r.th.main)[0]
				en := r.blockLines(&a.EN.Blocks[i], c.Right, &r.th.main)[0]
				for row < len(body) {
					left, _ := cutAt(m, body[row], c.Left)
					if strings.TrimRight(left, " ") == strings.TrimRight(zh, " ") {
						break
					}
					row++
				}
				if row == len(body) {
					t.Fatalf("%s at %d: Chinese block %d (%q) not found", name, w, i, zh)
				}
				_, right := cutAt(m, body[row], c.Rule+2)
				if right != en {
					t.Fatalf("%s at %d: block %d: row %d has %q on the right, want %q\n%s",
						name, w, i, row, right, en, strings.Join(body, "\n"))
				}
				if row > 0 && strings.TrimSpace(strings.ReplaceAll(body[row-1], "│", "")) != "" {
					t.Fatalf("%s at %d: block %d: row before it is not blank: %q", name, w, i, body[row-1])
				}
			}
		}
	}
}

func TestSplitColumns(t *testing.T) {
	tests := []struct {
		total, gutter, rule int
		want                columnLayout
		ok                  bool
	}{
		{80, 1, 1, columnLayout{Left: 38, Right: 39, Rule: 39}, true},
		{81, 1, 1, columnLayout{Left: 39, Right: 39, Rule: 40}, true},
		{160, 1, 1, columnLayout{Left: 78, Right: 79, Rule: 79}, true},
		{160, 2, 2, columnLayout{Left: 77, Right: 77, Rule: 79}, true},
		{28, 1, 1, columnLayout{Left: 12, Right: 13, Rule: 13}, true},
		{27, 1, 1, columnLayout{Left: 12, Right: 12, Rule: 13}, true},
		{26, 1, 1, columnLayout{Left: 11, Right: 12, Rule: 12}, false},
	}
	for _, tt := range tests {
		got, ok := splitColumns(tt.total, tt.gutter, tt.rule)
		if got != tt.want || ok != tt.ok {
			t.Errorf("splitColumns(%d, %d, %d) = %+v, %v; want %+v, %v", tt.total, tt.gutter, tt.rule, got, ok, tt.want, tt.ok)
		}
		if ok && got.Left+got.Right+2*tt.gutter+tt.rule != tt.total {
			t.Errorf("splitColumns(%d, ...) does not add up: %+v", tt.total, got)
		}
	}
}

// TestSideBySideThreshold checks that Both switches from interleaved to two
// columns exactly at Options.SideBySide.
func TestSideBySideThreshold(t *testing.T) {
	a := richArticle()
	for _, tt := range []struct{ sideBySide, w int }{{0, 80}, {100, 100}, {40, 40}} {
		r := NewRenderer(Options{Metrics: NewMetrics(false), SideBySide: tt.sideBySide})
		wide, narrow := r.Render(a, Both, tt.w), r.Render(a, Both, tt.w-1)
		c, _ := splitColumns(tt.w, 1, 1)
		for _, l := range wide.Body {
			if _, rest := cutAt(r.o.Metrics, l, c.Rule); !strings.HasPrefix(rest, "│") {
				t.Fatalf("SideBySide %d at %d: not two columns: %q", tt.sideBySide, tt.w, l)
			}
		}
		if strings.Contains(narrow.Body[0], "│") {
			t.Fatalf("SideBySide %d at %d: two columns below the threshold", tt.sideBySide, tt.w-1)
		}
		if !strings.Contains(wide.Header[len(wide.Header)-1], "┬") {
			t.Errorf("SideBySide %d at %d: header rule has no joint: %q", tt.sideBySide, tt.w, wide.Header[len(wide.Header)-1])
		}
	}
}

func TestMissingLanguageNotice(t *testing.T) {
	r := NewRenderer(Options{Metrics: NewMetrics(false)})
	tests := []struct {
		a      *feed.Article
		lang   Lang
		w      int
		notice string
	}{
		{onlyEnglish(), Chinese, 60, noChinese},
		{onlyChinese(), English, 60, noEnglish},
		{onlyEnglish(), Both, 60, noChinese},
		{onlyChinese(), Both, 60, noEnglish},
		{onlyEnglish(), Both, 120, noChinese},
		{onlyChinese(), Both, 120, noEnglish},
	}
	for _, tt := range tests {
		body := strings.Join(r.Render(tt.a, tt.lang, tt.w).Body, "\n")
		if !strings.Contains(body, tt.notice) {
			t.Errorf("%s at %d, article with %s: notice %q missing from\n%s", tt.lang, tt.w, tt.a.Languages(), tt.notice, body)
		}
		if strings.Count(body, tt.notice) != 1 {
			t.Errorf("%s at %d: notice shown %d times", tt.lang, tt.w, strings.Count(body, tt.notice))
		}
	}
	// A one-language pane of a missing language is the notice alone.
	if body := r.Render(onlyChinese(), English, 60).Body; len(body) != 1 || body[0] != noEnglish {
		t.Errorf("English pane of a Chinese-only article: %q, want only the notice", body)
	}
}

func TestHeader(t *testing.T) {
	a := richArticle()
	plain := NewRenderer(Options{Metrics: NewMetrics(false)})
	h := plain.Render(a, Chinese, 200).Header
	want := []string{
		a.ZH.Title,
		"2024-01-09  缅甸, telecom fraud, suspects  " + a.Link,
		strings.Repeat("─", 200),
	}
	if strings.Join(h, "\n") != strings.Join(want, "\n") {
		t.Errorf("Chinese header at 200:\n%q\nwant\n%q", h, want)
	}
	if h := plain.Render(a, Both, 200).Header; h[0] != a.ZH.Title || h[1] != a.EN.Title {
		t.Errorf("Both header does not show both titles: %q", h[:2])
	}
	if h := plain.Render(onlyChinese(), English, 200).Header; h[0] != "[ZH] "+a.ZH.Title {
		t.Errorf("English header of a Chinese-only article: %q", h[0])
	}
	if h := plain.Render(onlyEnglish(), Chinese, 200).Header; h[0] != "[EN] "+a.EN.Title {
		t.Errorf("Chinese header of an English-only article: %q", h[0])
	}
	wide := NewRenderer(Options{Metrics: NewMetrics(true)}).Render(a, English, 50).Header
	if rule := wide[len(wide)-1]; rule != strings.Repeat("-", 50) {
		t.Errorf("rule in wide mode: %q", rule)
	}
	// A link longer than the pane continues on the next lines, whole.
	narrow := plain.Render(a, English, 30).Header
	joined := strings.Join(narrow, "")
	if !strings.Contains(joined, a.Link) {
		t.Errorf("link not kept whole across lines at 30: %q", narrow)
	}
	// With colour the link is an OSC 8 hyperlink on every line it spans.
	color := NewRenderer(Options{Metrics: NewMetrics(false), Color: true, Dark: true}).Render(a, English, 30).Header
	open := "\x1b]8;;" + a.Link + "\x1b\\"
	n := 0
	for _, l := range color {
		if strings.Contains(l, open) {
			n++
			if !strings.Contains(l, "\x1b]8;;\x1b\\") {
				t.Errorf("hyperlink not closed on its line: %q", l)
			}
		}
	}
	if n < 2 {
		t.Errorf("long link at 30 columns is a hyperlink on %d lines, want every line it spans: %q", n, color)
	}
}

func TestNoDateNoKeywordsNoLink(t *testing.T) {
	a := &feed.Article{ZH: &feed.Version{Title: "标题", Blocks: []feed.Block{{Text: "正文。"}}}}
	p := NewRenderer(Options{Metrics: NewMetrics(false)}).Render(a, Chinese, 40)
	if len(p.Header) != 2 || p.Header[0] != "标题" || p.Body[0] != "正文。" {
		t.Errorf("bare article: %q / %q", p.Header, p.Body)
	}
}

func TestBlocks(t *testing.T) {
	r := NewRenderer(Options{Metrics: NewMetrics(false)})
	body := r.Render(richArticle(), English, 40).Body
	want := []string{
		"# The operation",
		"",
	}
	if strings.Join(body[:2], "\n") != strings.Join(want, "\n") {
		t.Errorf("heading: %q", body[:2])
	}
	text := strings.Join(body, "\n")
	for _, s := range []string{
		"• Cracking down on gangs, destroying\n  networks, cutting off channels, and\n  pursuing assets.",
		"│ “We will keep in close touch with law\n│ enforcement in northern Myanmar and\n│ fight cross-border crime together.”",
		"## Code",
		"  for i in range(10):\n      print(i * 2)  # a long code line t\n  hat is wider than a narrow pane will b\n  e cut\n      x = 1",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("body at 40 lacks\n%s\nbody:\n%s", s, text)
		}
	}
}

func TestColorStyles(t *testing.T) {
	a := richArticle()
	r := NewRenderer(Options{Metrics: NewMetrics(false), Color: true, Dark: true})
	text := strings.Join(r.Render(a, English, 100).Body, "\n")
	for what, s := range map[string]string{
		"strong":    r.th.main.strong.render("Jia Junqiang"),
		"link":      "\x1b]8;;https://example.com/suspects\x1b\\" + r.th.main.link.render("suspects") + "\x1b]8;;\x1b\\",
		"code":      r.th.main.code.render("2023"),
		"heading 1": r.th.main.heading[1].render("# "),
	} {
		if !strings.Contains(text, s) {
			t.Errorf("%s not styled as %q in\n%s", what, s, text)
		}
	}
	if r.th.main.emph.open == r.th.main.text.open || r.th.alt.text.open == r.th.main.text.open {
		t.Errorf("emphasis or alternate palette not distinct: %q", r.th)
	}
	light := NewRenderer(Options{Metrics: NewMetrics(false), Color: true})
	if light.th.main.text == r.th.main.text {
		t.Errorf("light and dark text styles are the same: %q", r.th.main.text.open)
	}
}

func TestTinyWidths(t *testing.T) {
	r := NewRenderer(Options{Metrics: NewMetrics(false), SideBySide: 1})
	for w := -1; w < 20; w++ {
		for _, lang := range []Lang{Chinese, English, Both} {
			p := r.Render(richArticle(), lang, w)
			for _, l := range append(p.Header, p.Body...) {
				if r.o.Metrics.Width(l) > max(w, 0) {
					t.Fatalf("%s at %d: line too wide: %q", lang, w, l)
				}
			}
		}
	}
	if p := r.Render(nil, Both, 80); len(p.Header)+len(p.Body) != 0 {
		t.Errorf("nil article rendered: %+v", p)
	}
}

func TestMalformedSpans(t *testing.T) {
	a := &feed.Article{EN: &feed.Version{Title: "T", Blocks: []feed.Block{{Text: "short text", Spans: []feed.Span{
		{Kind: feed.Strong, Start: 3, End: 99}, {Kind: feed.Emphasis, Start: 4, End: 2}, {Kind: feed.Emphasis, Start: 0, End: 5}, {Kind: feed.Strong, Start: 2, End: 7},
	}}}}}
	p := NewRenderer(Options{Metrics: NewMetrics(false), Color: true}).Render(a, English, 40)
	if got := strip(strings.Join(p.Body, "\n")); got != "short text" {
		t.Errorf("malformed spans: %q", got)
	}
}

func TestConcurrentRender(t *testing.T) {
	r := NewRenderer(Options{Metrics: NewMetrics(false), Color: true, Dark: true})
	a := richArticle()
	want := r.Render(a, Both, 120)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 20 {
				if got := r.Render(a, Both, 120); strings.Join(got.Body, "\n") != strings.Join(want.Body, "\n") {
					t.Errorf("goroutine %d, round %d: rendering differs", g, i)
					return
				}
			}
		})
	}
	wg.Wait()
}

func TestLang(t *testing.T) {
	names := map[Lang]string{Chinese: "中文", English: "English", Both: "双语"}
	for l, s := range names {
		if l.String() != s {
			t.Errorf("%d.String() = %q, want %q", l, l.String(), s)
		}
	}
	if Chinese.Next() != English || English.Next() != Both || Both.Next() != Chinese {
		t.Error("Next does not cycle 中文 → English → 双语 → 中文")
	}
	for s, want := range map[string]Lang{"zh": Chinese, "en": English, "both": Both} {
		if got, err := ParseLang(s); err != nil || got != want {
			t.Errorf("ParseLang(%q) = %v, %v", s, got, err)
		}
	}
	if _, err := ParseLang("fr"); err == nil || !strings.Contains(err.Error(), `"fr"`) {
		t.Errorf("ParseLang(\"fr\") error = %v", err)
	}
}
