//go:build unix

package layout

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWrapGrowsLinearly grows the text 10× (in steps of 2, 2.5 and 2) and
// fails when a step takes more than 1.5× its growth in time: doubling the
// input may at most triple the time. Time is the process's CPU time, not
// the wall clock, which on a busy 2-core machine mostly measures the other
// processes; each size is the best of five runs from a collected heap,
// and the smallest is made big enough to take 8 ms. (The test is for
// unix, where getrusage gives the CPU time.)
func TestWrapGrowsLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("growth test: skipped under -short")
	}
	m := NewMetrics(false)
	for _, tt := range []struct {
		name  string
		input func(n int) string
	}{
		{"news paragraphs", func(n int) string { return benchText(n * 1024) }},
		{"han without punctuation", func(n int) string { return strings.Repeat("新闻报道中国高铁网", n) }},
		{"closing marks", func(n int) string { return "开" + strings.Repeat("，。」", n) }},
		{"opening marks", func(n int) string { return strings.Repeat("（「“", n) + "字" }},
		{"one long url", func(n int) string { return "https://example.org/" + strings.Repeat("a/b?c=d&", n) }},
		{"runs of spaces", func(n int) string { return strings.Repeat("word        新闻  ", n) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wrapCheckGrowth(t, tt.input, func(s string) {
				if len(m.Wrap(s, 40)) == 0 {
					t.Fatal("no lines")
				}
			})
		})
	}
}

// wrapGrowthSteps are the sizes, as multiples of the calibrated base.
var wrapGrowthSteps = [...]int{1, 2, 5, 10}

const (
	wrapGrowthRuns     = 5
	wrapGrowthAttempts = 3
	wrapGrowthMinBase  = 8 * time.Millisecond
	wrapGrowthLimit    = 3 * time.Second // CPU time of one run
	wrapGrowthMaxBase  = 1 << 22
)

func wrapCheckGrowth(t *testing.T, input func(int) string, run func(string)) {
	t.Helper()
	base := 0
	for n := 1; n < wrapGrowthMaxBase && base == 0; n *= 2 {
		if wrapBest(t, []string{input(n)}, run)[0] >= wrapGrowthMinBase {
			base = n
		}
	}
	if base == 0 {
		t.Fatalf("growth test: input of size %d still takes under %v", wrapGrowthMaxBase, wrapGrowthMinBase)
	}
	inputs := make([]string, len(wrapGrowthSteps))
	for i, k := range wrapGrowthSteps {
		inputs[i] = input(base * k)
	}
	var bad []string
	for attempt := 0; attempt < wrapGrowthAttempts; attempt++ {
		times := wrapBest(t, inputs, run)
		t.Logf("base %d: %v", base, times)
		bad = bad[:0]
		for i := 1; i < len(times); i++ {
			size := float64(wrapGrowthSteps[i]) / float64(wrapGrowthSteps[i-1])
			if got := float64(times[i]) / float64(max(times[i-1], 1)); got > 1.5*size {
				bad = append(bad, fmt.Sprintf("size %d→%d (×%.1f) took %v→%v (×%.1f)",
					base*wrapGrowthSteps[i-1], base*wrapGrowthSteps[i], size, times[i-1], times[i], got))
			}
		}
		if len(bad) == 0 {
			return
		}
	}
	t.Error("time grows faster than the input: " + strings.Join(bad, "; "))
}

// wrapBest returns the best CPU time of wrapGrowthRuns runs for each
// input, going round the inputs so that load elsewhere hits all alike.
func wrapBest(t *testing.T, inputs []string, run func(string)) []time.Duration {
	t.Helper()
	best := make([]time.Duration, len(inputs))
	for r := range wrapGrowthRuns {
		for i, in := range inputs {
			d := wrapOnce(t, in, run)
			if d > wrapGrowthLimit {
				t.Fatalf("growth test: one run took %v (limit %v): far from linear", d, wrapGrowthLimit)
			}
			if r == 0 || d < best[i] {
				best[i] = d
			}
		}
	}
	return best
}

// wrapOnce times one run from a collected heap with the collector off
// (up to 1 GiB of heap): when its cycles fall, and how much marking the
// run assists with, moves a run's time more than its input does.
func wrapOnce(t *testing.T, in string, run func(string)) time.Duration {
	runtime.GC()
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(1 << 30))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	start := wrapCPUTime(t)
	run(in)
	return wrapCPUTime(t) - start
}

func wrapCPUTime(t *testing.T) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
