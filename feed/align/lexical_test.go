package align

import (
	"slices"
	"strings"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
)

// lexicalSides returns the sides of zh and en with their anchor and
// lexical masks, as Article makes them.
func lexicalSides(zh, en *feed.Version) (*side, *side) {
	return sides(zh, en, defaultOptions)
}

// TestWordsThatShareAGlossAreAnchorsApart: 汉字 (Chinese, character), 中文
// (Chinese, language) and 文字 (character, script, writing) share glosses.
// Joined into one anchor, they are in five of the eight English sentences,
// more than lexicalShare, and no sentence had a lexical anchor left; each
// word an anchor of its own is in at most four (文字 in four, 中文 in
// three, 汉字 in two), and links each Chinese sentence with the English
// that has its glosses.
func TestWordsThatShareAGlossAreAnchorsApart(t *testing.T) {
	zh := paragraphs("汉字。", "中文。", "文字。")
	en := paragraphs("Chinese characters.", "A language.", "The script.", "Writing.", "Chinese food.",
		"Trains run fast.", "Rivers are long.", "Cities grow.")
	z, e := lexicalSides(zh, en)
	for _, c := range []struct {
		zh, en int
		linked bool
	}{
		{0, 0, true}, {0, 4, true}, {1, 1, true}, {1, 4, true}, {2, 2, true}, {2, 3, true},
		{0, 1, false}, {0, 2, false}, {2, 4, false}, {1, 7, false},
	} {
		if got := z.lex[c.zh].both(e.lex[c.en]) > 0; got != c.linked {
			t.Errorf("%q and %q share a lexical anchor: %v, want %v",
				zh.Blocks[c.zh].Text, en.Blocks[c.en].Text, got, c.linked)
		}
	}
}

// TestEnglishWordInsideAChineseNameIsNoAnchor: "of" in the cross-reference
// [[[#handling_of_headings]]] is no anchor: four English sentences have it,
// one Chinese. The words of the name that the English has as often as the
// Chinese are, and so is a name the Chinese writes as often as the English,
// GDP.
func TestEnglishWordInsideAChineseNameIsNoAnchor(t *testing.T) {
	zh := paragraphs("详见[[[#handling_of_headings]]]。", "GDP增长了。", "标题很多。", "行尾。")
	en := paragraphs("See the handling of headings.", "GDP grew.", "A list of rules.", "The end of a line.",
		"One of them.")
	z, e := lexicalSides(zh, en)
	for _, c := range []struct{ zh, en, want int }{{0, 2, 0}, {0, 4, 0}, {1, 1, 1}, {0, 0, 2}} {
		if got := z.masks[c.zh].both(e.masks[c.en]); got != c.want {
			t.Errorf("%q and %q share %d anchors, want %d", zh.Blocks[c.zh].Text, en.Blocks[c.en].Text, got, c.want)
		}
	}
}

// TestSentencesWithoutSharedWordsAreNoPair: known pairs of the quality
// test's edited clreq articles (qualityEdits, seed 1) that the aligner
// missed while a pair whose sides both have lexical anchors and share none
// cost nothing: three English sentences of a paragraph dropped from the
// Chinese, which it paired with the Chinese before them, and two entries
// of a list, one left without counterpart, which it paired out of step.
func TestSentencesWithoutSharedWordsAreNoPair(t *testing.T) {
	articles, _ := buildArticles(clreqCorpus(t), articleSize, qualityEdits, 1)
	for _, want := range [][2]string{
		{"", "There are different viewpoints on how the orphans and widows should be handled in the cases above due to differences between publishers."},
		{"", "Cases (d) and (e) are rarely seen."},
		{"一页仅有一行，该行为孤行。", "There is only one line in a page, which makes the line a widow."},
		{"一页有复数段落，第一行为孤行。", ""},
	} {
		found := 0
		for _, ta := range articles {
			a := Article(&ta.zh, &ta.en)
			for _, p := range ta.gold {
				if pairText(a.ZH, ta.zh, p.ZH, "") != want[0] || pairText(a.EN, ta.en, p.EN, " ") != want[1] {
					continue
				}
				found++
				if !slices.ContainsFunc(a.Pairs, func(q Pair) bool { return q.ZH == p.ZH && q.EN == p.EN }) {
					t.Errorf("%q and %q are not a pair", want[0], want[1])
				}
			}
		}
		if found != 1 {
			t.Fatalf("%d known pairs of %q with %q in the edited articles, want 1", found, want[0], want[1])
		}
	}
}

// pairText returns the sentences r of v, joined with sep.
func pairText(sents []Sentence, v feed.Version, r Range, sep string) string {
	var parts []string
	for _, s := range sents[r.Start:r.End] {
		parts = append(parts, v.Blocks[s.Block].Text[s.Start:s.End])
	}
	return strings.Join(parts, sep)
}
