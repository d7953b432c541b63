// Package growth checks, in tests, that work grows near-linearly with its
// input: the cleaners, parsers and line breaker of xinwen meet text from
// outside, where one quadratic path is a reader frozen by one feed.
//
// [Check] grows an input 10× (in steps of 2, 2.5 and 2) and fails when the
// time grows faster than the size to the power [Exponent], as the slope
// of a line fitted through all four sizes (see [Verdict]): growing the
// input 10× may at most grow the time 38×. Quadratic work (100×) fails,
// and one run longer than [TimeLimit] stops the test at once.
//
// Time is the CPU time of the thread that runs the work (user and
// system), not the wall clock: on a busy 2-core machine the wall clock
// mostly measures the other processes, and the process's CPU time the
// other tests. Each size is timed as the best of a few runs, from a
// collected heap and with the collector off, and the smallest size is
// made big enough to take several milliseconds.
package growth

import (
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// Steps are the sizes, as multiples of the calibrated base size.
var Steps = [...]int{1, 2, 5, 10}

// Exponent is log2(3): the time may grow at most as the size to this
// power, so doubling the input may at most triple the time.
var Exponent = math.Log2(3)

const (
	runs      = 5                    // runs per size, the best counts
	minBase   = 8 * time.Millisecond // the base size takes at least this
	maxBase   = 1 << 22              // calibration gives up beyond this
	attempts  = 3                    // a failed measurement is repeated
	total     = 15 * time.Second     // a hard cap on one check's time
	heapLimit = 1 << 30              // the collector runs again past this
	// TimeLimit is the longest one run may take: far from linear.
	TimeLimit = 3 * time.Second
)

// Check fails t when run's time grows faster than near-linearly with n.
// input builds the input of size n (outside the timing); run does the work
// being measured. It skips under -short.
func Check[T any](t testing.TB, input func(n int) T, run func(T)) {
	t.Helper()
	if testing.Short() {
		t.Skip("growth test: skipped under -short")
	}
	deadline := time.Now().Add(total)
	base := calibrate(t, input, run)
	inputs := make([]T, len(Steps))
	for i, k := range Steps {
		inputs[i] = input(base * k)
	}
	var failure string
	for range attempts {
		times := best(t, inputs, run)
		failure = Verdict(base, times)
		t.Logf("base %d: %v", base, times)
		if failure == "" || time.Now().After(deadline) {
			break
		}
	}
	if failure != "" {
		t.Error(failure)
	}
}

// calibrate doubles n from 1 until run takes at least minBase on input(n),
// best of a few.
func calibrate[T any](t testing.TB, input func(n int) T, run func(T)) int {
	t.Helper()
	for n := 1; n < maxBase; n *= 2 {
		if d := best(t, []T{input(n)}, run)[0]; d >= minBase {
			return n
		}
	}
	t.Fatalf("growth test: input of size %d still takes under %v", maxBase, minBase)
	return 0
}

// best returns the best time of runs runs for each input. The runs go
// round the inputs, so that a burst of load elsewhere on the machine
// slows every size alike rather than one.
func best[T any](t testing.TB, inputs []T, run func(T)) []time.Duration {
	t.Helper()
	fastest := make([]time.Duration, len(inputs))
	for r := range runs {
		for i, in := range inputs {
			d := once(t, in, run)
			if r == 0 || d < fastest[i] {
				fastest[i] = d
			}
		}
	}
	return fastest
}

func once[T any](t testing.TB, in T, run func(T)) time.Duration {
	t.Helper()
	// The collector is off while run runs (unless the heap reaches
	// heapLimit): when its cycles fall, and how much of their marking the
	// run's own thread assists with, changed a step's time by half from
	// one run to the next, which is the collector's rhythm, not the
	// work's growth.
	runtime.GC()
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(heapLimit))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	d := threadCPU(func() { run(in) })
	if d > TimeLimit {
		t.Fatalf("growth test: one run took %v (limit %v): far from linear", d, TimeLimit)
	}
	return d
}

// Verdict returns "" when times, measured at base times [Steps], grow at
// most as the sizes to the power [Exponent], else what went wrong. The
// growth is the slope of the least-squares line through log(time)
// against log(size) over all the sizes, not the ratio of each step: one
// size timed 2× fast on a loaded machine (3.9 ms where the calibration
// had measured 8) made a linear step of ×2 look like ×3.4 and failed CI,
// while such a point moves the slope by a quarter at most. Linear work
// measures 1.0 to 1.3, quadratic 2.
func Verdict(base int, times []time.Duration) string {
	slope := Slope(times)
	if slope <= Exponent {
		return ""
	}
	sizes := make([]int, len(times))
	for i := range times {
		sizes[i] = base * Steps[i]
	}
	return fmt.Sprintf("time grows faster than the input: sizes %v took %v, as the size to the power %.2f (at most %.2f)",
		sizes, times, slope, Exponent)
}

// Slope fits log(times[i]) = a + slope·log(Steps[i]) and returns slope.
func Slope(times []time.Duration) float64 {
	n := float64(len(times))
	xs, ys := make([]float64, len(times)), make([]float64, len(times))
	var mx, my float64
	for i, d := range times {
		xs[i] = math.Log(float64(Steps[i]))
		ys[i] = math.Log(float64(max(d, 1)))
		mx += xs[i] / n
		my += ys[i] / n
	}
	var sxy, sxx float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
	}
	return sxy / sxx
}
