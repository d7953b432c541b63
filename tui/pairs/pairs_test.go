package pairs

import (
	"reflect"
	"strings"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/align"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// mergedSeed is the original bilingual article of the built-in sample with
// its first two English paragraphs merged into one.
func mergedSeed(t *testing.T) feed.Article {
	t.Helper()
	a := feed.Sample()[0]
	if a.ZH == nil || a.EN == nil || len(a.EN.Blocks) != 4 {
		t.Fatalf("the sample's first article is not the seed")
	}
	en := *a.EN
	b := en.Blocks
	en.Blocks = append([]feed.Block{{Text: b[0].Text + " " + b[1].Text}}, b[2:]...)
	a.EN = &en
	return a
}

func TestLayoutAlignmentKeepsEverySentence(t *testing.T) {
	a := mergedSeed(t)
	al := align.Article(a.ZH, a.EN)
	la := Layout(al)
	if len(la.Pairs) != len(al.Pairs) || len(la.Groups) != len(al.Groups()) {
		t.Fatalf("%d pairs and %d groups, want %d and %d", len(la.Pairs), len(la.Groups), len(al.Pairs), len(al.Groups()))
	}
	var zh, en []string
	for _, p := range la.Pairs {
		z, e := Text(&a, p)
		zh, en = append(zh, z), append(en, e)
	}
	var wantZH, wantEN []string
	for _, s := range al.ZH {
		wantZH = append(wantZH, a.ZH.Blocks[s.Block].Text[s.Start:s.End])
	}
	for _, s := range al.EN {
		wantEN = append(wantEN, a.EN.Blocks[s.Block].Text[s.Start:s.End])
	}
	if strings.Join(zh, "") != strings.Join(wantZH, "") || strings.Join(en, " ") != strings.Join(compact(wantEN), " ") {
		t.Errorf("the pairs' text is not the sentences' text")
	}
	want := []layout.Group{{ZH: layout.Range{Start: 0, End: 2}, EN: layout.Range{Start: 0, End: 1}},
		{ZH: layout.Range{Start: 2, End: 3}, EN: layout.Range{Start: 1, End: 2}}, {ZH: layout.Range{Start: 3, End: 4}, EN: layout.Range{Start: 2, End: 3}}}
	if !reflect.DeepEqual(la.Groups, want) {
		t.Errorf("groups %v, want %v", la.Groups, want)
	}
	if got := Layout(align.Alignment{}); got == nil || len(got.Pairs) != 0 {
		t.Errorf("the empty alignment converts to %+v", got)
	}
}

func compact(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

func TestTextJoinsAsInTheText(t *testing.T) {
	a := &feed.Article{ZH: &feed.Version{Blocks: []feed.Block{{Text: "一。二。"}, {Text: "三。"}}},
		EN: &feed.Version{Blocks: []feed.Block{{Text: "One. Two."}}}}
	p := layout.Pair{ZH: []layout.Place{{Block: 0, Start: 0, End: 6}, {Block: 0, Start: 6, End: 12}, {Block: 1, Start: 0, End: 6}},
		EN: []layout.Place{{Block: 0, Start: 0, End: 4}, {Block: 0, Start: 5, End: 9}}}
	if zh, en := Text(a, p); zh != "一。二。三。" || en != "One. Two." {
		t.Errorf("PairText = %q, %q", zh, en)
	}
	bad := layout.Pair{ZH: []layout.Place{{Block: 9, End: 3}, {Block: 0, Start: 6, End: 99}}}
	if zh, en := Text(a, bad); zh != "二。" || en != "" {
		t.Errorf("PairText of places outside the text = %q, %q", zh, en)
	}
}
