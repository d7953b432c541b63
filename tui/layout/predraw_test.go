package layout

import (
	"reflect"
	"runtime"
	"slices"
	"testing"
)

// The blocks drawn ahead on several goroutines make the page that drawing
// them one by one makes, cell for cell, with and without colour, grouped
// and as a grid, and with the sentence highlighted afterwards.
func TestPredrawnBlocksMakeThePageDrawnInOrder(t *testing.T) {
	a, al := benchAlignment(benchArticle(64 << 10))
	if n := len(a.ZH.Blocks) + len(a.EN.Blocks); n < 2*predrawMin {
		t.Fatalf("%d blocks: too few for blocks to be drawn ahead", n)
	}
	for _, color := range []bool{false, true} {
		for _, grid := range []bool{false, true} {
			r := NewRenderer(Options{Metrics: NewMetrics(false), Color: color, Dark: true})
			lay := Layout{Align: al, Grid: grid}
			procs := runtime.GOMAXPROCS(1)
			inOrder := r.RenderLayout(a, Both, 160, lay)
			runtime.GOMAXPROCS(max(procs, 4))
			ahead := r.RenderLayout(a, Both, 160, lay)
			runtime.GOMAXPROCS(procs)
			if !reflect.DeepEqual(ahead.Pairs, inOrder.Pairs) {
				t.Errorf("colour %v, grid %v: the sentences' places differ drawn ahead", color, grid)
			}
			if !slices.Equal(ahead.Body, inOrder.Body) {
				for i := range min(len(ahead.Body), len(inOrder.Body)) {
					if ahead.Body[i] != inOrder.Body[i] {
						t.Errorf("colour %v, grid %v: line %d drawn ahead is %q, in order %q", color, grid, i, ahead.Body[i], inOrder.Body[i])
						break
					}
				}
				t.Errorf("colour %v, grid %v: %d lines drawn ahead, %d in order", color, grid, len(ahead.Body), len(inOrder.Body))
			}
		}
	}
}
