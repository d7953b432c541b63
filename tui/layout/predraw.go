package layout

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// The blocks of a side-by-side page are each drawn alone, at the width of
// their column, whatever rows they land on: a 1 MB article has thousands
// of them, and drawing them is nine tenths of its layout. predraw draws
// them all first, on the machine's cores, and draw takes them from there.
const (
	predrawMin   = 64 // blocks below which one goroutine draws them as it goes
	predrawBatch = 16 // blocks a goroutine takes at a time
	predrawMax   = 4  // goroutines at most
)

// predrawn are the blocks drawn ahead, by side and block, and the width
// and palette they were drawn at.
type predrawn struct {
	d  [2][]drawn
	w  [2]int
	bs *blockStyles
}

// predraw draws every block of both sides, side at ws[side] in palette
// bs, on up to predrawMax goroutines. It does nothing for a short article
// or a single core.
func (s *sheet) predraw(ws [2]int, bs *blockStyles) {
	nz, n := len(s.blocks[zhSide]), len(s.blocks[zhSide])+len(s.blocks[enSide])
	workers := min(runtime.GOMAXPROCS(0), predrawMax, n/predrawMin)
	if workers < 2 {
		return
	}
	for side := range s.blocks {
		if len(s.blocks[side]) > 0 {
			s.cutsOf(side, 0) // built once, before the goroutines read them
		}
	}
	pre := &predrawn{d: [2][]drawn{make([]drawn, nz), make([]drawn, n-nz)}, w: ws, bs: bs}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				from := int(next.Add(predrawBatch)) - predrawBatch
				if from >= n {
					return
				}
				for i := from; i < min(from+predrawBatch, n); i++ {
					side, b := zhSide, i
					if i >= nz {
						side, b = enSide, i-nz
					}
					pre.d[side][b] = s.r.drawBlock(&s.blocks[side][b], ws[side], bs, s.trackedCuts(side, b), nil)
				}
			}
		})
	}
	wg.Wait()
	s.pre = pre
}

// trackedCuts are the cuts draw gives drawBlock for block b of side: its
// sentences' offsets, empty rather than nil so that lines are tracked
// even in a block without a sentence.
func (s *sheet) trackedCuts(side, b int) []int {
	if cuts := s.cutsOf(side, b); cuts != nil {
		return cuts
	}
	return []int{}
}

// predrawnAt returns block b of side as drawn ahead at width w in bs.
func (s *sheet) predrawnAt(side, b, w int, bs *blockStyles) (drawn, bool) {
	if p := s.pre; p != nil && p.w[side] == w && p.bs == bs {
		return p.d[side][b], true
	}
	return drawn{}, false
}
