package align

import "math"

// band is the part of the (Chinese, English) grid that the search visits
// on its way from one cell to another (the whole grid's corners, or the
// ends of one window of it, see sampleVariance): for each i, the English
// positions lo[i]..hi[i], around where the English text has come as far
// as the Chinese has at sentence i.
type band struct {
	lo, hi []int
	// at[i] is where row i starts in a flat array of cells.
	at []int
	// from and to are the first and the last cell of every path.
	from, to cell
}

// cell is a point of the grid: i Chinese and j English sentences done.
type cell struct{ i, j int }

// newBand returns the band of half-width w for z and e between from and
// to.
func newBand(z, e *side, w int, from, to cell) band {
	n, m := to.i, to.j
	b := band{lo: make([]int, n+1), hi: make([]int, n+1), at: make([]int, n+2), from: from, to: to}
	z0, e0 := z.length[from.i], e.length[from.j]
	zl, el := z.length[n]-z0, e.length[m]-e0
	j := from.j
	for i := from.i; i <= n; i++ {
		centre := m
		if i < n && zl > 0 {
			target := (z.length[i]-z0)/zl*el + e0
			for j < m && e.length[j+1] <= target {
				j++
			}
			centre = j
		}
		lo, hi := max(from.j, centre-w), min(m, centre+w)
		if i == from.i {
			lo = from.j // the path starts at from
		} else {
			lo = min(lo, b.hi[i-1]) // every row meets the one before
		}
		if i == n {
			hi = m
		}
		b.lo[i], b.hi[i] = lo, hi
		b.at[i+1] = b.at[i] + hi - lo + 1
	}
	return b
}

// search finds the cheapest path of pairs from one cell to another
// through the band of half-width w, given the tails of every English
// position (allTails), widening the band while the path runs along its
// edge. It returns the path (without scores) and the half-width it
// settled on.
func search(z, e *side, ends []tails, c *costs, w int, from, to cell) ([]Pair, int) {
	for {
		b := newBand(z, e, w, from, to)
		path, edge := b.cheapest(z, e, c, ends)
		if !edge || w >= maxBand || w >= max(to.i-from.i, to.j-from.j) {
			return path, w
		}
		w *= 2
	}
}

// cheapest runs the dynamic programme over the band and returns the
// cheapest path and whether it touches an edge of the band that is not an
// edge of the grid.
func (b band) cheapest(z, e *side, c *costs, ends []tails) ([]Pair, bool) {
	n, m := b.to.i, b.to.j
	back := make([]uint8, b.at[n+1])
	cost := make([]float64, b.at[n+1])
	open := make([]uint8, b.at[n+1])
	var zt tails
	var floors [len(beads)]float64
	for i := b.from.i; i <= n; i++ {
		zt.at(z, i)
		for k := range beads {
			floors[k] = zt.floor(&beads[k])
		}
		// The rows a bead comes from, i-d for d up to 3 (no bead has more
		// Chinese sentences: TestBeadsFitTheSearch), read once per row
		// rather than for every bead of every cell: the English positions
		// lo[d] to hi[d] (none before the band's first row), and where
		// position 0 of each would lie in the flat arrays.
		var lo, hi, base [4]int
		for d := range 4 {
			if pi := i - d; pi >= b.from.i {
				lo[d], hi[d], base[d] = b.lo[pi], b.hi[pi], b.at[pi]-b.lo[pi]
			} else {
				lo[d], hi[d] = 1, 0
			}
		}
		for j := b.lo[i]; j <= b.hi[i]; j++ {
			et := &ends[j]
			best, pick := math.Inf(1), uint8(0)
			if i == b.from.i && j == b.from.j {
				best = 0
			}
			for k := range beads {
				bd := &beads[k]
				d, pj := bd.dz&3, j-bd.de
				if pj < lo[d] || pj > hi[d] {
					continue
				}
				at := base[d] + pj
				prev := cost[at]
				if math.IsInf(prev, 1) {
					continue
				}
				refund := bd.dz+bd.de == 1 && z.boundary[i] && e.boundary[j] && open[at]&closes(bd) != 0
				if prev+floors[k]-float64(b2i(refund))*paragraphMiss >= best+costSlack(prev, best) {
					continue // it cannot be the cheapest: see floor
				}
				v := prev + c.beadCost(&zt, et, z.boundary[i], e.boundary[j], bd)
				if refund {
					v -= paragraphMiss // see openEN
				}
				if v < best {
					best, pick = v, uint8(k)
				}
			}
			if v, k := b.dropParagraph(z, e, cost, i, j); v < best {
				best, pick = v, k
			}
			cost[b.at[i]+j-b.lo[i]] = best
			back[b.at[i]+j-b.lo[i]] = pick
			if z.boundary[i] != e.boundary[j] && c.opt.paragraphs && int(pick) < len(beads) && !math.IsInf(best, 1) &&
				(i > b.from.i || j > b.from.j) {
				open[b.at[i]+j-b.lo[i]] = b.openAfter(z, e, open, i, j, &beads[pick])
			}
		}
	}
	return b.trace(z, e, back, n, m)
}

// floor returns a lower bound of beadCost for a pair of shape b whose
// Chinese side ends where the tails t are, whatever its English side: the
// bead's prior less every credit that the anchors of the Chinese side
// could earn. Every other term of beadCost costs something or nothing.
// The search does not cost a pair whose floor cannot beat the cheapest
// way to its cell so far: a third of them, which took solve to 0.73 to
// 0.78 of its time. The floor takes the Chinese side only, once per row,
// because a floor for each pair, with the anchors both sides share, cost
// as much time as it saved. TestFloorIsBelowBeadCost holds it to beadCost: a new
// credit there must be taken off here too.
func (t *tails) floor(b *bead) float64 {
	return b.prior - anchorHit*float64(t.mask[b.dz].count()) - lexicalHit*b.lexScale*float64(t.lex[b.dz].count())
}

// costSlack is how much a pair's floor, added to prev, must beat best by
// before the pair goes uncosted: far more than the rounding of the sums
// of beadCost and floor, so that a pair the search skips could never have
// been the cheapest.
func costSlack(prev, best float64) float64 {
	return 1e-9 * (1 + math.Abs(prev) + math.Abs(best))
}

// tails holds, for a position i of one side, the length (in Chinese
// characters), anchors, block kinds and inner paragraph boundaries of the
// last k sentences before i, for k from 0 to maxBeadSide (as far as there
// are).
type tails struct {
	length [maxBeadSide + 1]float64
	mask   [maxBeadSide + 1]mask
	// twice[k] holds the anchors that two or more of the last k sentences
	// have, thrice[k] those that three or more have, and fourfold[k] those
	// that four have.
	twice, thrice, fourfold [maxBeadSide + 1]mask
	kind                    [maxBeadSide + 1]uint16
	inside                  [maxBeadSide + 1]int
	lex                     [maxBeadSide + 1]mask
	// lexOwn[k] is the lexical mask of the k-th sentence before i alone.
	lexOwn [maxBeadSide + 1]mask
}

// at fills t for position i of s.
func (t *tails) at(s *side, i int) {
	for k := 1; k <= maxBeadSide && k <= i; k++ {
		t.length[k] = s.length[i] - s.length[i-k]
		t.mask[k] = t.mask[k-1].or(s.masks[i-k])
		m := s.masks[i-k]
		t.fourfold[k] = t.fourfold[k-1].or(t.thrice[k-1].and(m))
		t.thrice[k] = t.thrice[k-1].or(t.twice[k-1].and(m))
		t.twice[k] = t.twice[k-1].or(t.mask[k-1].and(m))
		t.kind[k] = t.kind[k-1] | s.kinds[i-k]
		if s.lex != nil {
			t.lex[k] = t.lex[k-1].or(s.lex[i-k])
			t.lexOwn[k] = s.lex[i-k]
		}
		if k > 1 {
			t.inside[k] = t.inside[k-1] + b2i(s.boundary[i-k+1])
		}
	}
}

// repeatedMisses returns how many more times than once the anchors of
// the last k sentences before the tails' position that other lacks occur
// in them: with mask.common, which counts each anchor once, an anchor is
// counted once in each sentence that has it.
func (t *tails) repeatedMisses(k int, other mask) int {
	if t.twice[k].isZero() {
		return 0
	}
	return t.twice[k].without(other) + t.thrice[k].without(other) + t.fourfold[k].without(other)
}

// allTails returns the tails of every position of s, which the search
// reads once for each row of the band.
func allTails(s *side) []tails {
	t := make([]tails, s.len()+1)
	for i := range t {
		if i > 0 {
			t[i] = t[i-1] // entries past i are never read
		}
		t[i].at(s, i)
	}
	return t
}

// unlinked returns the number of the last k sentences before the tails'
// position, k ≥ 2, that have lexical anchors but none in other.
func (t *tails) unlinked(k int, other mask) int {
	n := 0
	for s := 1; s <= k; s++ {
		if !t.lexOwn[s].isZero() && t.lexOwn[s].both(other) == 0 {
			n++
		}
	}
	return n
}

// has reports whether (i, j) is in the band.
func (b band) has(i, j int) bool {
	return i >= b.from.i && i <= b.to.i && j >= b.lo[i] && j <= b.hi[i]
}

// Back pointers past the beads: a whole paragraph of one side left
// without a counterpart.
const (
	dropZH = uint8(len(beads)) + iota
	dropEN
)

// dropParagraph returns the cheapest way to reach (i, j) by leaving the
// whole Chinese or English paragraph that ends there without counterpart,
// and its back pointer; +Inf when neither can.
func (b band) dropParagraph(z, e *side, cost []float64, i, j int) (float64, uint8) {
	best, pick := math.Inf(1), uint8(0)
	if !z.boundary[i] || !e.boundary[j] {
		return best, pick
	}
	if pj := e.blockStart[j]; pj >= 0 && b.has(i, pj) {
		best, pick = cost[b.at[i]+pj-b.lo[i]]+dropCost(j-pj), dropEN
	}
	if pi := z.blockStart[i]; pi >= 0 && b.has(pi, j) {
		if v := cost[b.at[pi]+j-b.lo[pi]] + dropCost(i-pi); v < best {
			best, pick = v, dropZH
		}
	}
	return best, pick
}

// dropCost is the cost of a paragraph of k sentences left without a
// counterpart.
func dropCost(k int) float64 {
	return paragraphDrop + sentenceDrop*float64(k)
}

// trace follows the back pointers from (n, m), the band's last cell, to
// its first.
func (b band) trace(z, e *side, back []uint8, n, m int) ([]Pair, bool) {
	// Mostly 1-1 pairs: room for as many as the longer side has sentences
	// (growing it pair by pair copied the path over and over).
	path := make([]Pair, 0, max(n-b.from.i, m-b.from.j))
	edge := false
	for i, j := n, m; i > b.from.i || j > b.from.j; {
		if (j == b.lo[i] && j > b.from.j) || (j == b.hi[i] && j < m) {
			edge = true
		}
		switch k := back[b.at[i]+j-b.lo[i]]; k {
		case dropZH:
			pi := z.blockStart[i]
			for s := i - 1; s >= pi; s-- {
				path = append(path, Pair{ZH: Range{s, s + 1}, EN: Range{j, j}})
			}
			i = pi
		case dropEN:
			pj := e.blockStart[j]
			for s := j - 1; s >= pj; s-- {
				path = append(path, Pair{ZH: Range{i, i}, EN: Range{s, s + 1}})
			}
			j = pj
		default:
			bd := beads[k]
			path = append(path, Pair{ZH: Range{i - bd.dz, i}, EN: Range{j - bd.de, j}})
			i, j = i-bd.dz, j-bd.de
		}
	}
	for l, r := 0, len(path)-1; l < r; l, r = l+1, r-1 {
		path[l], path[r] = path[r], path[l]
	}
	return path, edge
}

// A path's open state at a cell says whether the pair that reached it
// paid paragraphMiss for ending a paragraph on one side only, the English
// (openEN) or the Chinese (openZH), with the other side's paragraph not
// ended yet. If the sentences left on that side are then left without
// counterpart, the one that ends its paragraph gets paragraphMiss back:
// a translator who leaves out the last sentence of a paragraph keeps the
// paragraph, as one who leaves out the first does (which never paid). The
// charge was part of what made the aligner hide such a sentence in a 2-2
// with its neighbour's pair (testdata/cuts.tsv: 在繁、简中文排版中,
// 许多理工书籍; see unlinkedCost for the rest). The state is that of the cheapest path to the cell, so the search stays
// one pass over the band; a dearer path to it with another state is lost,
// as a path through a cell always is.
const (
	openEN uint8 = 1 << iota
	openZH
)

// closes returns the open bit that a sentence without counterpart of shape
// bd (1-0 or 0-1) settles when it ends its paragraph: a Chinese one settles
// openEN, an English one openZH.
func closes(bd *bead) uint8 {
	if bd.dz == 1 {
		return openEN
	}
	return openZH
}

// openAfter returns the open state of (i, j), a paragraph boundary on one
// side only, reached by a pair of shape bd, as beadCost charged it: a pair
// with sentences on both sides opens it, and a sentence without
// counterpart on the other side keeps it open until its own paragraph
// ends.
func (b band) openAfter(z, e *side, open []uint8, i, j int, bd *bead) uint8 {
	zb, eb := z.boundary[i], e.boundary[j] // one of them only
	if bd.dz > 0 && bd.de > 0 {
		if eb {
			return openEN
		}
		return openZH
	}
	prev := open[b.at[i-bd.dz]+j-bd.de-b.lo[i-bd.dz]]
	switch {
	case bd.dz == 1 && eb: // the Chinese sentence alone goes on after the English paragraph ended
		return prev & openEN
	case bd.dz == 1: // it ends the Chinese paragraph alone: charged
		return openZH
	case zb:
		return prev & openZH
	}
	return openEN
}
