package layout

import (
	"strings"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
)

// benchAlignment aligns benchArticle's blocks as an aligner would: block i
// beside block i, every pair of blocks merged into one English paragraph
// where i%4 == 1 (so groups hold two Chinese blocks and one English),
// sentences split after 。 and ". ", paired in order with the rest of the
// longer side in the last pair.
func benchAlignment(a *feed.Article) (*feed.Article, *Alignment) {
	out := *a
	en := &feed.Version{Title: a.EN.Title}
	al := &Alignment{}
	for i := 0; i < len(a.ZH.Blocks); i++ {
		if i%4 == 1 && i+1 < len(a.ZH.Blocks) {
			merged := a.EN.Blocks[i].Text + " " + a.EN.Blocks[i+1].Text
			e := len(en.Blocks)
			en.Blocks = append(en.Blocks, feed.Block{Text: merged})
			al.Groups = append(al.Groups, Group{ZH: Range{i, i + 2}, EN: Range{e, e + 1}})
			zs := append(splitPlaces(a.ZH.Blocks[i].Text, i, "。"), splitPlaces(a.ZH.Blocks[i+1].Text, i+1, "。")...)
			al.Pairs = append(al.Pairs, pairUp(zs, splitPlaces(merged, e, ". "))...)
			i++
			continue
		}
		e := len(en.Blocks)
		en.Blocks = append(en.Blocks, a.EN.Blocks[i])
		al.Groups = append(al.Groups, Group{ZH: Range{i, i + 1}, EN: Range{e, e + 1}})
		al.Pairs = append(al.Pairs, pairUp(splitPlaces(a.ZH.Blocks[i].Text, i, "。"), splitPlaces(a.EN.Blocks[i].Text, e, ". "))...)
	}
	out.EN = en
	return &out, al
}

// splitPlaces returns the places of text's sentences, ended by sep, in
// block b.
func splitPlaces(text string, b int, sep string) []Place {
	var out []Place
	start := 0
	for start < len(text) {
		n := strings.Index(text[start:], sep)
		end := len(text)
		if n >= 0 {
			end = start + n + len(sep)
		}
		out = append(out, Place{Block: b, Start: start, End: end})
		start = end
	}
	return out
}

// pairUp pairs zh and en in order, the longer side's rest in the last pair.
func pairUp(zh, en []Place) []Pair {
	n := min(len(zh), len(en))
	var out []Pair
	for k := range n {
		out = append(out, Pair{ZH: zh[k : k+1], EN: en[k : k+1]})
	}
	if n > 0 {
		out[n-1].ZH = zh[n-1:]
		out[n-1].EN = en[n-1:]
	}
	return out
}

// BenchmarkRenderAligned1MB is the floor of the aligned layout: a 1 MB
// bilingual article, grouped by its alignment, side by side at 160 columns
// in at most 30 ms; the grid too. The unaligned layout of the same article
// runs beside it, so that the cost of alignment reads as a ratio.
func BenchmarkRenderAligned1MB(b *testing.B) {
	a, al := benchAlignment(benchArticle(1 << 20))
	for _, tc := range []struct {
		name  string
		color bool
		grid  bool
		align bool
	}{
		{"unaligned-plain", false, false, false}, {"plain", false, false, true},
		{"unaligned-color", true, false, false}, {"color", true, false, true}, {"grid-color", true, true, true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			r := NewRenderer(Options{Metrics: NewMetrics(false), Color: tc.color, Dark: true})
			lay := Layout{Grid: tc.grid}
			if tc.align {
				lay.Align = al
			}
			b.SetBytes(1 << 20)
			b.ReportAllocs()
			for b.Loop() {
				p := r.RenderLayout(a, Both, 160, lay)
				if tc.align && len(p.Pairs) != len(al.Pairs) {
					b.Fatal("pairs missing")
				}
			}
		})
	}
}

// BenchmarkHighlight is the sentence cursor's key path: redrawing the rows
// of one pair of the 1 MB article, which must fit in a key's 2 ms.
func BenchmarkHighlight(b *testing.B) {
	a, al := benchAlignment(benchArticle(1 << 20))
	r := NewRenderer(Options{Metrics: NewMetrics(false), Color: true, Dark: true})
	p := r.RenderLayout(a, Both, 160, Layout{Align: al})
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if len(p.Highlight(i%len(al.Pairs))) == 0 {
			b.Fatalf("pair %d: nothing highlighted", i)
		}
		i += 997
	}
}
