package layout

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/xinwen-reader/xinwen/feed"
)

// mergedArticle is a translation that does not keep paragraphs one to one:
// English paragraph 0 translates Chinese paragraphs 0 and 1, paragraph 1
// translates paragraph 2, and paragraphs 2 and 3 split paragraph 3. The
// Chinese has a sentence the English drops, and the English adds one.
func mergedArticle() (*feed.Article, *Alignment) {
	zh := [][]string{
		{"截至2023年底，全国铁路营业里程达到15.9万公里。", "其中高速铁路4.5万公里。"},
		{"从第一条设计时速350公里的高铁开通算起，这张网络的形成用了不到16年。"},
		{"2008年8月1日，北京至天津城际铁路开通运营。", "这条线路全长约120公里。", "它是中国第一条高速铁路。"},
		{"2017年，“复兴号”动车组投入运营。", "它的最高运营时速为350公里。"},
	}
	en := [][]string{
		{"By the end of 2023, China's railways had 159,000 kilometres of lines in operation.", "45,000 kilometres of them were high-speed.",
			"It took less than 16 years, counting from the first line designed for 350 km/h, for this network to take shape."},
		{"On 1 August 2008 the Beijing–Tianjin intercity railway opened.", "It is about 120 kilometres long."},
		{"In 2017 the Fuxing trains entered service."},
		{"Their top operating speed is 350 km/h.", "Engineers call them the second generation."},
	}
	// Pairs by (block, sentence) index on each side; -1 leaves a side empty.
	type ref struct{ b, s int }
	pairs := [][2][]ref{
		{{{0, 0}}, {{0, 0}}},
		{{{0, 1}}, {{0, 1}}},
		{{{1, 0}}, {{0, 2}}},
		{{{2, 0}}, {{1, 0}}},
		{{{2, 1}}, {{1, 1}}},
		{{{2, 2}}, nil},
		{{{3, 0}}, {{2, 0}}},
		{{{3, 1}}, {{3, 0}}},
		{nil, {{3, 1}}},
	}
	a := &feed.Article{ID: "merged", ZH: &feed.Version{Title: "高铁网"}, EN: &feed.Version{Title: "The rail network"}}
	places := [2][][]Place{}
	for side, paras := range [2][][]string{zh, en} {
		v := a.ZH
		sep := ""
		if side == enSide {
			v, sep = a.EN, " "
		}
		for b, sentences := range paras {
			var text strings.Builder
			var ps []Place
			for i, s := range sentences {
				if i > 0 {
					text.WriteString(sep)
				}
				ps = append(ps, Place{Block: b, Start: text.Len(), End: text.Len() + len(s)})
				text.WriteString(s)
			}
			v.Blocks = append(v.Blocks, feed.Block{Text: text.String()})
			places[side] = append(places[side], ps)
		}
	}
	al := &Alignment{Groups: []Group{
		{ZH: Range{0, 2}, EN: Range{0, 1}},
		{ZH: Range{2, 3}, EN: Range{1, 2}},
		{ZH: Range{3, 4}, EN: Range{2, 4}},
	}}
	for _, p := range pairs {
		var pair Pair
		for _, r := range p[0] {
			pair.ZH = append(pair.ZH, places[zhSide][r.b][r.s])
		}
		for _, r := range p[1] {
			pair.EN = append(pair.EN, places[enSide][r.b][r.s])
		}
		al.Pairs = append(al.Pairs, pair)
	}
	return a, al
}

// blockAlignment aligns a's blocks one to one, each block one pair.
func blockAlignment(a *feed.Article) *Alignment {
	al := &Alignment{}
	n := max(len(a.ZH.Blocks), len(a.EN.Blocks))
	for i := range n {
		g := Group{ZH: Range{min(i, len(a.ZH.Blocks)), min(i+1, len(a.ZH.Blocks))},
			EN: Range{min(i, len(a.EN.Blocks)), min(i+1, len(a.EN.Blocks))}}
		al.Groups = append(al.Groups, g)
		var p Pair
		if i < len(a.ZH.Blocks) {
			p.ZH = []Place{{Block: i, End: len(a.ZH.Blocks[i].Text)}}
		}
		if i < len(a.EN.Blocks) {
			p.EN = []Place{{Block: i, End: len(a.EN.Blocks[i].Text)}}
		}
		al.Pairs = append(al.Pairs, p)
	}
	return al
}

// TestAlignedOneToOneIsRender: where the texts keep paragraphs one to one,
// the aligned layout is the layout of today, in every mode and in colour.
func TestAlignedOneToOneIsRender(t *testing.T) {
	a := richArticle()
	al := blockAlignment(a)
	for _, color := range []bool{false, true} {
		r := NewRenderer(Options{Metrics: NewMetrics(false), Color: color, Dark: true})
		for _, lang := range []Lang{Chinese, English, Both} {
			for _, w := range []int{30, 60, 100, 160} {
				want := r.Render(a, lang, w)
				got := r.RenderLayout(a, lang, w, Layout{Align: al})
				if !slices.Equal(got.Header, want.Header) || !slices.Equal(got.Body, want.Body) {
					t.Errorf("color %v, %v at %d: the one-to-one alignment changes the page:\n%s\nwant\n%s",
						color, lang, w, page(got), page(want))
				}
			}
		}
	}
}

// TestAlignedGroupsStartOnOneRow is the layout's promise side by side: each
// group of paragraphs starts on the same row on both sides, at every width,
// and no line is wider than the pane.
func TestAlignedGroupsStartOnOneRow(t *testing.T) {
	a, al := mergedArticle()
	r := NewRenderer(Options{Metrics: NewMetrics(false)})
	for w := 40; w <= 200; w++ {
		p := r.RenderLayout(a, Both, w, Layout{Align: al})
		checkWidths(t, p, w)
		s := p.sheet
		if s == nil {
			t.Fatalf("width %d: no aligned page", w)
		}
		for gi, g := range al.Groups {
			zh := s.pieces[s.at[[2]int{zhSide, g.ZH.Start}]].row
			en := s.pieces[s.at[[2]int{enSide, g.EN.Start}]].row
			if w >= defaultSideBySide && zh != en {
				t.Errorf("width %d: group %d starts on row %d in Chinese and %d in English", w, gi, zh, en)
			}
			if w < defaultSideBySide && en <= zh {
				t.Errorf("width %d, interleaved: group %d's English (row %d) is not after its Chinese (row %d)", w, gi, en, zh)
			}
		}
	}
}

// TestAlignedPairsFollowTheText: each pair's rows hold its sentences, in
// every mode, so that a cursor moving to them shows them.
func TestAlignedPairsFollowTheText(t *testing.T) {
	a, al := mergedArticle()
	r := NewRenderer(Options{Metrics: NewMetrics(false)})
	for _, tc := range []struct {
		lang Lang
		lay  Layout
		w    int
	}{
		{Both, Layout{Align: al}, 120}, {Both, Layout{Align: al, Grid: true}, 120},
		{Both, Layout{Align: al, Cursor: true}, 60}, {Chinese, Layout{Align: al, Cursor: true}, 50},
		{English, Layout{Align: al, Cursor: true}, 50}, {Both, Layout{Align: al, Grid: true, Cursor: true}, 60},
	} {
		name := fmt.Sprintf("%v %+v at %d", tc.lang, tc.lay.Grid, tc.w)
		p := r.RenderLayout(a, tc.lang, tc.w, tc.lay)
		checkWidths(t, p, tc.w)
		if len(p.Pairs) != len(al.Pairs) {
			t.Fatalf("%s: %d pair rows, want %d", name, len(p.Pairs), len(al.Pairs))
		}
		last := -1
		for i, rows := range p.Pairs {
			var want []string
			if tc.lang != English {
				want = append(want, sentences(a.ZH, al.Pairs[i].ZH)...)
			}
			if tc.lang != Chinese {
				want = append(want, sentences(a.EN, al.Pairs[i].EN)...)
			}
			if len(want) == 0 {
				if !rows.Empty() {
					t.Errorf("%s: pair %d shows nothing in this mode but has rows %v", name, i, rows)
				}
				continue
			}
			text := columnsText(p.Body[rows.Top:rows.Bottom])
			for _, s := range want {
				if !strings.Contains(text, squeeze(s)) {
					t.Errorf("%s: pair %d's rows %v do not hold %q:\n%s", name, i, rows,
						s, strings.Join(p.Body[rows.Top:rows.Bottom], "\n"))
				}
			}
			if tc.lang != Both && rows.Top < last {
				t.Errorf("%s: pair %d starts at row %d, above the pair before it (%d)", name, i, rows.Top, last)
			}
			last = rows.Top
		}
	}
}

// sentences returns the text of places in v.
func sentences(v *feed.Version, places []Place) []string {
	var out []string
	for _, pl := range places {
		out = append(out, v.Blocks[pl.Block].Text[pl.Start:pl.End])
	}
	return out
}

// columnsText returns the text of lines, the left column's first and then
// the right column's where they hold the rule, squeezed.
func columnsText(lines []string) string {
	var left, right strings.Builder
	for _, l := range lines {
		l = ansi.Strip(l)
		if i := strings.Index(l, "│"); i >= 0 {
			left.WriteString(l[:i])
			right.WriteString(l[i+len("│"):])
			continue
		}
		left.WriteString(l)
	}
	return squeeze(left.String()) + "|" + squeeze(right.String())
}

// squeeze drops the spaces, rules and marks of a two-column layout, so that
// a sentence broken over lines can be found in them.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '│' || r == '>' || r == '<' {
			return -1
		}
		return r
	}, ansi.Strip(s))
}

// checkWidths fails when a line of p is wider than w.
func checkWidths(t *testing.T, p Page, w int) {
	t.Helper()
	m := NewMetrics(false)
	for i, l := range append(append([]string{}, p.Header...), p.Body...) {
		if got := m.Width(l); got > w {
			t.Fatalf("width %d: line %d is %d wide: %q", w, i, got, l)
		}
	}
}

// TestHighlightMarksThePair: the cursor's pair is marked on exactly its
// rows, beside the rule on the side that holds it, without colour as well;
// with colour its sentences are in reverse video, and no row changes width.
func TestHighlightMarksThePair(t *testing.T) {
	a, al := mergedArticle()
	for _, color := range []bool{false, true} {
		r := NewRenderer(Options{Metrics: NewMetrics(false), Color: color, Dark: true})
		for _, lay := range []Layout{{Align: al}, {Align: al, Grid: true}} {
			p := r.RenderLayout(a, Both, 120, lay)
			for i := range al.Pairs {
				hl := p.Highlight(i)
				rows := p.Pairs[i]
				for row := rows.Top; row < rows.Bottom; row++ {
					line, ok := hl[row]
					if !ok {
						t.Fatalf("color %v grid %v: pair %d: row %d of its rows %v is not redrawn", color, lay.Grid, i, row, rows)
					}
					plain := ansi.Strip(line)
					if !strings.Contains(plain, ">│") && !strings.Contains(plain, "│<") {
						t.Errorf("color %v grid %v: pair %d: row %d has no marker: %q", color, lay.Grid, i, row, plain)
					}
					if ansi.StringWidth(line) != ansi.StringWidth(p.Body[row]) && strings.TrimRight(plain, " ") != "" {
						t.Errorf("pair %d row %d: width %d, was %d", i, row, ansi.StringWidth(line), ansi.StringWidth(p.Body[row]))
					}
					if color && !strings.Contains(line, "\x1b[7m") && strings.Contains(p.Body[row], "│") {
						t.Errorf("pair %d row %d: no reverse video in colour: %q", i, row, line)
					}
					if !color && strings.ContainsRune(line, 0x1b) {
						t.Errorf("pair %d row %d: an escape without colour: %q", i, row, line)
					}
				}
				for row := range hl {
					if row < rows.Top || row >= rows.Bottom {
						t.Errorf("pair %d: row %d is redrawn but outside its rows %v", i, row, rows)
					}
				}
			}
		}
	}
}

// TestHighlightInOneColumn: in a single language and interleaved, the
// marker goes in the cursor's gutter.
func TestHighlightInOneColumn(t *testing.T) {
	a, al := mergedArticle()
	r := NewRenderer(Options{Metrics: NewMetrics(false)})
	for _, lang := range []Lang{Chinese, English, Both} {
		p := r.RenderLayout(a, lang, 60, Layout{Align: al, Cursor: true})
		for _, l := range p.Body {
			if l != "" && !strings.HasPrefix(l, cursorGutter) {
				t.Fatalf("%v: a body line without the cursor's gutter: %q", lang, l)
			}
		}
		for i, rows := range p.Pairs {
			hl := p.Highlight(i)
			// Interleaved, a pair's rows run from its Chinese to its
			// English sentences; only theirs are marked.
			if n := rows.Bottom - rows.Top; lang != Both && len(hl) != n || len(hl) > n || n > 0 && len(hl) == 0 {
				t.Errorf("%v: pair %d: %d rows redrawn, its rows are %v", lang, i, len(hl), rows)
			}
			for row, l := range hl {
				if row < rows.Top || row >= rows.Bottom {
					t.Errorf("%v: pair %d: row %d is outside its rows %v", lang, i, row, rows)
				}
				if !strings.HasPrefix(l, cursorMark) || l[len(cursorMark):] != p.Body[row][len(cursorGutter):] {
					t.Errorf("%v: pair %d: row %d is %q, want the marker before %q", lang, i, row, l, p.Body[row])
				}
			}
		}
	}
}

// TestAlignedInvalidFallsBack: an alignment that does not cover the blocks
// is ignored rather than trusted.
func TestAlignedInvalidFallsBack(t *testing.T) {
	a, al := mergedArticle()
	bad := *al
	bad.Groups = bad.Groups[:2] // leaves the last blocks out
	r := NewRenderer(Options{Metrics: NewMetrics(false)})
	got := r.RenderLayout(a, Both, 120, Layout{Align: &bad})
	want := r.Render(a, Both, 120)
	if !slices.Equal(got.Body, want.Body) || got.Pairs != nil {
		t.Errorf("an invalid alignment was used:\n%s", page(got))
	}
	outOfRange := *al
	outOfRange.Pairs = append(slices.Clone(al.Pairs), Pair{ZH: []Place{{Block: 9}}})
	if p := r.RenderLayout(a, Both, 120, Layout{Align: &outOfRange}); p.Pairs != nil {
		t.Errorf("a pair outside the blocks was accepted")
	}
}

// TestGoldenAligned pins the grouped side-by-side, interleaved and grid
// layouts of the merged article.
func TestGoldenAligned(t *testing.T) {
	a, al := mergedArticle()
	r := NewRenderer(Options{Metrics: NewMetrics(false)})
	for _, tc := range []struct {
		name string
		lang Lang
		lay  Layout
		w    int
	}{
		{"aligned-both-100", Both, Layout{Align: al}, 100},
		{"aligned-interleaved-60", Both, Layout{Align: al}, 60},
		{"aligned-grid-100", Both, Layout{Align: al, Grid: true}, 100},
		{"aligned-grid-interleaved-60", Both, Layout{Align: al, Grid: true}, 60},
		{"aligned-zh-cursor-40", Chinese, Layout{Align: al, Cursor: true}, 40},
	} {
		p := r.RenderLayout(a, tc.lang, tc.w, tc.lay)
		hl := p.Highlight(3)
		var b strings.Builder
		b.WriteString(page(p))
		b.WriteString("--- with the cursor on pair 4:\n")
		for i, l := range p.Body {
			if h, ok := hl[i]; ok {
				l = h
			}
			b.WriteString(l + "\n")
		}
		golden(t, tc.name+".txt", b.String())
	}
}

// TestHyperlinkTargetsHoldNoBidiControls: a link's URL goes into an OSC 8
// sequence; whatever a caller passes, no control or bidi override gets in.
func TestHyperlinkTargetsHoldNoBidiControls(t *testing.T) {
	for _, u := range []string{"https://x/\u202eevil", "https://x/\u2066a\u2069", "https://x/\x1b]0;t\a", "https://x/\u200f"} {
		if got := safeURL(u); strings.ContainsAny(got, "\u202e\u2066\u2069\x1b\a\u200f") {
			t.Errorf("safeURL(%q) = %q", u, got)
		}
	}
}
