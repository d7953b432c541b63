// Package pairs turns the sentence alignment of an article (package
// feed/align) into the layout's terms (package tui/layout), and gives the
// text of each pair. The reader, `xinwen show` and `xinwen align` all go
// through it, so that they lay out and print the same pairs. It is pure:
// no terminal, no Bubble Tea.
package pairs

import (
	"strings"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/align"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// Layout converts al, the alignment of an article's two versions, into the
// layout's terms: its paragraph groups and, for each pair, where its
// sentences stand. Ranges outside al's sentences are dropped, so a
// malformed alignment gives a smaller one, never a panic.
func Layout(al align.Alignment) *layout.Alignment {
	groups := al.Groups()
	out := &layout.Alignment{Groups: make([]layout.Group, len(groups)), Pairs: make([]layout.Pair, len(al.Pairs))}
	for i, g := range groups {
		out.Groups[i] = layout.Group{
			ZH: layout.Range{Start: g.ZH.Start, End: g.ZH.End},
			EN: layout.Range{Start: g.EN.Start, End: g.EN.End},
		}
	}
	for i, p := range al.Pairs {
		out.Pairs[i] = layout.Pair{ZH: places(al.ZH, p.ZH), EN: places(al.EN, p.EN)}
	}
	return out
}

// places returns where the sentences r of ss stand.
func places(ss []align.Sentence, r align.Range) []layout.Place {
	start, end := max(r.Start, 0), min(r.End, len(ss))
	if start >= end {
		return nil
	}
	out := make([]layout.Place, 0, end-start)
	for _, s := range ss[start:end] {
		out = append(out, layout.Place{Block: s.Block, Start: s.Start, End: s.End})
	}
	return out
}

// Article aligns the sentences of a's two versions for the layout; it is
// nil when a lacks either version.
func Article(a *feed.Article) *layout.Alignment {
	if a == nil || a.ZH == nil || a.EN == nil {
		return nil
	}
	return Layout(align.Article(a.ZH, a.EN))
}

// Text returns the Chinese and the English sentences of p, a pair of an
// alignment of a, each side's sentences joined as they stand in the text:
// nothing between Chinese sentences, one space between English ones. A side
// without sentences is "", and so is a place outside the text.
func Text(a *feed.Article, p layout.Pair) (zh, en string) {
	return join(a.ZH, p.ZH, ""), join(a.EN, p.EN, " ")
}

func join(v *feed.Version, places []layout.Place, sep string) string {
	if v == nil {
		return ""
	}
	var b strings.Builder
	for _, pl := range places {
		if pl.Block < 0 || pl.Block >= len(v.Blocks) {
			continue
		}
		text := v.Blocks[pl.Block].Text
		end := min(max(pl.End, 0), len(text))
		start := min(max(pl.Start, 0), end)
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(text[start:end])
	}
	return b.String()
}
