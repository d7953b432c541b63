package align

import "testing"

// TestNullLinksScoreByTheirSentenceAlone: a sentence added on one side next
// to one dropped on the other is two null links, whichever the aligner
// puts first; the empty side's range is only where the pair falls in that
// order. Before, the score compared the empty range too and counted both
// right pairs wrong (3 of clreq's 24 wrong edited pairs). A null link still
// counts wrong when its sentence has a counterpart, and so does a pair
// that joins the two sentences.
func TestNullLinksScoreByTheirSentenceAlone(t *testing.T) {
	// Chinese 0 pairs with English 0; Chinese 1 was dropped from the
	// English and English 1 added: the known pairs list Chinese 1 first.
	ta := testArticle{
		gold: []Pair{
			{ZH: Range{0, 1}, EN: Range{0, 1}},
			{ZH: Range{1, 2}, EN: Range{1, 1}},
			{ZH: Range{2, 2}, EN: Range{1, 2}},
		},
		zhKnown: []bool{true, true}, enKnown: []bool{true, true},
		zhPara: []int{1, 2}, enPara: []int{1, 3},
	}
	for _, c := range []struct {
		name      string
		pairs     []Pair
		hit, find int
	}{
		{"the known order", []Pair{{ZH: Range{0, 1}, EN: Range{0, 1}}, {ZH: Range{1, 2}, EN: Range{1, 1}}, {ZH: Range{2, 2}, EN: Range{1, 2}}}, 3, 3},
		{"the English first", []Pair{{ZH: Range{0, 1}, EN: Range{0, 1}}, {ZH: Range{1, 1}, EN: Range{1, 2}}, {ZH: Range{1, 2}, EN: Range{2, 2}}}, 3, 3},
		{"the two paired", []Pair{{ZH: Range{0, 1}, EN: Range{0, 1}}, {ZH: Range{1, 2}, EN: Range{1, 2}}}, 1, 2},
		{"all without counterpart", []Pair{{ZH: Range{0, 1}, EN: Range{0, 0}}, {ZH: Range{1, 1}, EN: Range{0, 1}}, {ZH: Range{1, 2}, EN: Range{1, 1}}, {ZH: Range{2, 2}, EN: Range{1, 2}}}, 2, 4},
		{"merged", []Pair{{ZH: Range{0, 2}, EN: Range{0, 1}}, {ZH: Range{2, 2}, EN: Range{1, 2}}}, 1, 2},
	} {
		hit, found, gold, _ := ta.scorePairs(c.pairs)
		if hit != c.hit || found != c.find || gold != 3 {
			t.Errorf("%s: %d right of %d found, %d known; want %d of %d, 3 known", c.name, hit, found, gold, c.hit, c.find)
		}
	}
}
