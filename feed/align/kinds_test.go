package align

import (
	"slices"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
)

// headingPairs returns how many pairs of a join a heading with a block that
// is not one, and how many pairs join two headings.
func headingPairs(a Alignment, zh, en *feed.Version) (mixed, headings int) {
	for _, p := range a.Pairs {
		if p.ZH.Len() == 0 || p.EN.Len() == 0 {
			continue
		}
		zk := zh.Blocks[a.ZH[p.ZH.Start].Block].Kind == feed.Heading
		ek := en.Blocks[a.EN[p.EN.Start].Block].Kind == feed.Heading
		switch {
		case zk != ek:
			mixed++
		case zk:
			headings++
		}
	}
	return mixed, headings
}

func TestHeadingsPairOnlyWithHeadings(t *testing.T) {
	articles, _ := buildArticles(clreqCorpus(t), 25, harderEdits, 1)
	mixed, headings := 0, 0
	for _, ta := range articles {
		m, h := headingPairs(Article(&ta.zh, &ta.en), &ta.zh, &ta.en)
		mixed, headings = mixed+m, headings+h
	}
	if headings == 0 {
		t.Fatal("no heading was paired with a heading")
	}
	if mixed > 0 {
		t.Errorf("%d pairs join a heading with a paragraph or list item (%d join two headings)", mixed, headings)
	}
}

// marksEveryKind reports whether v has each kind of block it has at all,
// other than paragraphs, in markedKinds blocks or more.
func marksEveryKind(v *feed.Version) bool {
	n := map[feed.BlockKind]int{}
	for _, b := range v.Blocks {
		n[b.Kind]++
	}
	for k, c := range n {
		if k != feed.Paragraph && c < markedKinds {
			return false
		}
	}
	return true
}

func TestKindsOnlyOneVersionMarksAreIgnored(t *testing.T) {
	articles, _ := buildArticles(clreqCorpus(t), 25, edits{}, 1)
	noKinds := defaultOptions
	noKinds.kinds = false
	compared := 0
	for k, ta := range articles {
		if !marksEveryKind(&ta.zh) {
			continue
		}
		compared++
		en := feed.Version{Blocks: slices.Clone(ta.en.Blocks)}
		for b := range en.Blocks {
			en.Blocks[b].Kind, en.Blocks[b].Level = feed.Paragraph, 0
		}
		got, want := align(&ta.zh, &en, defaultOptions), align(&ta.zh, &en, noKinds)
		if !slices.Equal(got.Pairs, want.Pairs) {
			t.Errorf("article %d: with an English version that marks no headings or lists, the kinds of the Chinese change the alignment", k)
		}
	}
	if compared < 5 {
		t.Fatalf("only %d articles mark every kind they have %d times", compared, markedKinds)
	}
}

func TestHeadingLevelsNumberedDifferentlyAreIgnored(t *testing.T) {
	articles, _ := buildArticles(clreqCorpus(t), 25, edits{}, 1)
	for k, ta := range articles {
		en := feed.Version{Blocks: slices.Clone(ta.en.Blocks)}
		shifted := 0
		for b := range en.Blocks {
			if en.Blocks[b].Kind == feed.Heading {
				en.Blocks[b].Level++
				shifted++
			}
		}
		if shifted < 2 {
			continue
		}
		got, want := Article(&ta.zh, &en), Article(&ta.zh, &ta.en)
		if !slices.Equal(got.Pairs, want.Pairs) {
			t.Errorf("article %d: numbering the English headings one level down changes the alignment", k)
		}
	}
}
