package align

import (
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
)

// TestFloorIsBelowBeadCost checks tails.floor, by which the search skips
// pairs, against beadCost: on the quality test's articles, edited twice
// as often as there, under every variant of the signals, no pair near
// the diagonal costs less than its floor. A credit added to beadCost and
// not to floor fails it.
func TestFloorIsBelowBeadCost(t *testing.T) {
	var articles [][2]*feed.Version
	for _, corpus := range [][]paragraph{clreqCorpus(t), sampleCorpus(t)} {
		built, _ := buildArticles(corpus, 25, harderEdits, 1)
		for _, ta := range built {
			articles = append(articles, [2]*feed.Version{&ta.zh, &ta.en})
		}
	}
	const near = 12 // sentences off the diagonal
	for _, v := range variants {
		for _, a := range articles {
			z, e := sides(a[0], a[1], v.opt)
			c := costs{ratio: lengthRatio(z, e), opt: v.opt}
			c.setVariance(minVariance)
			z.setLengths(c.ratio)
			e.setLengths(c.ratio)
			ends := allTails(e)
			n, m := z.len(), e.len()
			var zt tails
			for i := 0; i <= n; i++ {
				zt.at(z, i)
				centre := i * m / max(n, 1)
				for j := max(0, centre-near); j <= min(m, centre+near); j++ {
					for k := range beads {
						bd := &beads[k]
						if i < bd.dz || j < bd.de {
							continue
						}
						cost := c.beadCost(&zt, &ends[j], z.boundary[i], e.boundary[j], bd)
						if floor := zt.floor(bd); floor > cost {
							t.Fatalf("%s: the %d-%d pair ending at (%d, %d) costs %g, less than its floor %g",
								v.name, bd.dz, bd.de, i, j, cost, floor)
						}
					}
				}
			}
		}
	}
}

// TestBeadsFitTheSearch checks the shapes against what the search assumes:
// 1-1 first, each shape once, a sentence without counterpart a shape of
// its own (1-0, 0-1), no Chinese side of more than 3 sentences (the rows
// band.cheapest reads) and no side of more than maxBeadSide (what tails
// holds).
func TestBeadsFitTheSearch(t *testing.T) {
	if b := beads[0]; b.dz != 1 || b.de != 1 {
		t.Errorf("the first bead is %d-%d, want 1-1", b.dz, b.de)
	}
	seen := map[[2]int]bool{}
	for _, b := range beads {
		shape := [2]int{b.dz, b.de}
		if seen[shape] {
			t.Errorf("bead %d-%d is listed twice", b.dz, b.de)
		}
		seen[shape] = true
		if b.dz+b.de == 0 || (b.dz == 0 && b.de > 1) || (b.de == 0 && b.dz > 1) {
			t.Errorf("bead %d-%d: a sentence without counterpart is a pair of its own", b.dz, b.de)
		}
		if b.dz > 3 || b.de > maxBeadSide {
			t.Errorf("bead %d-%d: the search reads Chinese sides of up to 3 sentences and English ones of up to %d",
				b.dz, b.de, maxBeadSide)
		}
		if b.prior <= beads[0].prior && shape != [2]int{1, 1} {
			t.Errorf("bead %d-%d: prior %g, not dearer than 1-1's %g", b.dz, b.de, b.prior, beads[0].prior)
		}
	}
}

// TestRepeatedMissesCountEverySentence checks that an anchor the other
// side lacks costs once for each of the sentences that have it, up to the
// longest side of a bead, as parts counts it.
func TestRepeatedMissesCountEverySentence(t *testing.T) {
	one := mask{1, 0}
	s := &side{masks: make([]mask, maxBeadSide), length: make([]float64, maxBeadSide+1),
		kinds: make([]uint16, maxBeadSide), boundary: make([]bool, maxBeadSide+1)}
	for i := range s.masks {
		s.masks[i] = one
	}
	var tl tails
	tl.at(s, maxBeadSide)
	for k := 1; k <= maxBeadSide; k++ {
		_, misses := tl.mask[k].common(mask{})
		if got := misses + tl.repeatedMisses(k, mask{}); got != k {
			t.Errorf("an anchor in each of %d sentences: %d misses, want %d", k, got, k)
		}
		if got := tl.repeatedMisses(k, one); got != 0 {
			t.Errorf("an anchor in each of %d sentences that the other side has: %d repeated misses, want 0", k, got)
		}
	}
}
