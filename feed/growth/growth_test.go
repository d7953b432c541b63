package growth

import (
	"testing"
	"time"
)

// TestVerdict: the verdict passes linear and n·log n times, the run that
// failed CI for one fast size and one whose input outgrew the caches, and
// fails quadratic times and times that turn quadratic halfway.
func TestVerdict(t *testing.T) {
	ms := func(v ...float64) []time.Duration {
		d := make([]time.Duration, len(v))
		for i, x := range v {
			d[i] = time.Duration(x * float64(time.Millisecond))
		}
		return d
	}
	for _, tt := range []struct {
		name  string
		times []time.Duration
		ok    bool
	}{
		{"linear", ms(10, 20, 50, 100), true},
		{"n log n", ms(10, 21.5, 57, 120), true},
		{"one fast size (CI)", ms(3.925, 13.448, 42.161, 79.81), true},
		{"caches outgrown", ms(15, 31.7, 100.5, 150), true},
		{"quadratic", ms(10, 40, 250, 1000), false},
		{"quadratic from the middle", ms(10, 20, 250, 1000), false},
	} {
		if got := Verdict(1, tt.times); (got == "") != tt.ok {
			t.Errorf("%s %v: slope %.2f, verdict %q", tt.name, tt.times, Slope(tt.times), got)
		}
	}
}

// TestCheckPassesLinearWork: a plain loop passes the whole check. (Check
// on quadratic work is left to the verdict's test: timed, it takes 30 s.)
func TestCheckPassesLinearWork(t *testing.T) {
	if testing.Short() {
		t.Skip("growth test: skipped under -short")
	}
	rec := &recorder{TB: t}
	sink := 0
	Check(rec, func(n int) []int { return make([]int, n) }, func(s []int) {
		for i := range s {
			for k := range 16 {
				sink += (s[i] ^ k) * (i | 1)
			}
		}
	})
	if rec.failed {
		t.Errorf("a linear loop failed the growth check (%d)", sink)
	}
}

// recorder keeps Check's verdict instead of failing the test with it.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Error(args ...any) { r.failed = true; r.Log(args...) }
