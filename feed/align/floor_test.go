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
