package feed

import (
	"fmt"
	"math"
	"net/url"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// The growth tests grow an input 10× (in steps of 2, 2.5 and 2) and fail
// when a step's time grows faster than its size to the power
// growthExponent: doubling the input may at most triple the time, and
// growing it 2.5× at most 4.3×. A quadratic step (4× for a doubling, 6.25×
// for 2.5×) fails, and a run that takes longer than growthTimeLimit stops
// the test at once. (The bound was 1.5× the size growth, which is the
// same for a doubling but only 3.75× for the 2.5× step: a linear cleaner
// whose input outgrew the processor's caches in that step failed it.)
//
// Time is the CPU time of the thread that runs the work (user and system,
// see threadCPU), not the wall clock: on a busy 2-core machine the wall
// clock mostly measures the other processes, and the process's CPU time
// the other tests. Each size is timed as the best of a
// few runs, from a collected heap and with the collector off, and the
// smallest size is made big enough to take several milliseconds. (Where there is no CPU clock,
// cpuClock is the wall clock.)

// growthSteps are the sizes, as multiples of the calibrated base size.
var growthSteps = [...]int{1, 2, 5, 10}

// growthExponent is log2(3): the time of a step may grow at most as its
// size to this power.
var growthExponent = math.Log2(3)

const (
	growthRuns      = 5                    // runs per size, the best counts
	growthMinBase   = 8 * time.Millisecond // the base size takes at least this
	growthTimeLimit = 3 * time.Second      // one run longer than this fails
	growthMaxBase   = 1 << 22              // calibration gives up beyond this
	growthAttempts  = 3                    // a failed measurement is repeated
	growthTotal     = 15 * time.Second     // a hard cap on one test's time
	growthHeapLimit = 1 << 30              // the collector runs again past this
)

// checkGrowth fails t when run's time grows faster than near-linearly with
// n. input builds the input of size n (outside the timing); run does the
// work being measured.
func checkGrowth[T any](t *testing.T, input func(n int) T, run func(T)) {
	t.Helper()
	if testing.Short() {
		t.Skip("growth test: skipped under -short")
	}
	deadline := time.Now().Add(growthTotal)
	base := growthCalibrateBase(t, input, run)
	inputs := make([]T, len(growthSteps))
	for i, k := range growthSteps {
		inputs[i] = input(base * k)
	}
	var failure string
	for attempt := 0; attempt < growthAttempts; attempt++ {
		times := growthBest(t, inputs, run)
		failure = growthVerdict(base, times)
		t.Logf("base %d: %v", base, times)
		if failure == "" || time.Now().After(deadline) {
			break
		}
	}
	if failure != "" {
		t.Error(failure)
	}
}

// growthCalibrateBase doubles n from 1 until run takes at least
// growthMinBase on input(n), best of three.
func growthCalibrateBase[T any](t *testing.T, input func(n int) T, run func(T)) int {
	t.Helper()
	for n := 1; n < growthMaxBase; n *= 2 {
		in := []T{input(n)}
		if d := growthBest(t, in, run)[0]; d >= growthMinBase {
			return n
		}
	}
	t.Fatalf("growth test: input of size %d still takes under %v", growthMaxBase, growthMinBase)
	return 0
}

// growthBest returns the best time of growthRuns runs for each input. The
// runs go round the inputs, so that a burst of load elsewhere on the
// machine slows every size alike rather than one.
func growthBest[T any](t *testing.T, inputs []T, run func(T)) []time.Duration {
	t.Helper()
	best := make([]time.Duration, len(inputs))
	for r := range growthRuns {
		for i, in := range inputs {
			d := growthOnce(t, in, run)
			if r == 0 || d < best[i] {
				best[i] = d
			}
		}
	}
	return best
}

func growthOnce[T any](t *testing.T, in T, run func(T)) time.Duration {
	t.Helper()
	// The collector is off while run runs (unless the heap reaches
	// growthHeapLimit): when its cycles fall, and how much of their
	// marking the run's own thread assists with, changed a step's time by
	// half from one run to the next, which is the collector's rhythm, not
	// the work's growth.
	runtime.GC()
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(growthHeapLimit))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	d := threadCPU(func() { run(in) })
	if d > growthTimeLimit {
		t.Fatalf("growth test: one run took %v (limit %v): far from linear", d, growthTimeLimit)
	}
	return d
}

// growthVerdict returns "" when every step of times grows at most as its
// size to the power growthExponent, else what went wrong.
func growthVerdict(base int, times []time.Duration) string {
	var bad []string
	for i := 1; i < len(times); i++ {
		size := float64(growthSteps[i]) / float64(growthSteps[i-1])
		got := float64(times[i]) / float64(max(times[i-1], 1))
		if got > math.Pow(size, growthExponent) {
			bad = append(bad, fmt.Sprintf("size %d→%d (×%.1f) took %v→%v (×%.1f)",
				base*growthSteps[i-1], base*growthSteps[i], size, times[i-1], times[i], got))
		}
	}
	if len(bad) == 0 {
		return ""
	}
	return "time grows faster than the input: " + strings.Join(bad, "; ")
}

// Shapes of input for the HTML cleaner, each of size n.

func growthHTMLArticle(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `<p>近日，<strong>公安部</strong>新闻发言人透露，第%d轮打击取得<a href="/r/%d">成果</a>。</p>`+
			`<p>So far <em>41,000 suspects</em> were handed over, as <code>the report</code> shows.</p>`, i, i)
	}
	return b.String()
}

func growthManySpans(n int) string {
	return "<p>" + strings.Repeat("<em>x</em> ", n) + "</p>"
}

func growthManyLinks(n int) string {
	return "<p>" + strings.Repeat(`<b><a href="https://x.example/">l</a> t</b> `, n) + "</p>"
}

func growthPreTrailingSpaces(n int) string {
	return "<pre>" + strings.Repeat("fmt.Println(x) \n", n) + "</pre>"
}

// growthOpenSpansAndBreaks leaves n inline elements open over n blocks.
func growthOpenSpansAndBreaks(n int) string {
	return "<p>" + strings.Repeat("<b>x", n) + strings.Repeat("y<br>", n) + "</p>"
}

// growthUnmatchedEnds closes n elements that were never opened while n
// others are open.
func growthUnmatchedEnds(n int) string {
	return "<p>" + strings.Repeat("<b>x", n) + strings.Repeat("</i>y", n) + "</p>"
}

func growthPlainParagraphs(n int) string {
	return strings.Repeat("One line of text\n\n", n)
}

func TestHTMLCleanerGrowsLinearly(t *testing.T) {
	base := mustURL(t, "https://news.example/2024/story.html")
	for _, tt := range []struct {
		name  string
		input func(int) string
	}{
		{"article", growthHTMLArticle},
		{"many spans in one paragraph", growthManySpans},
		{"many links inside spans", growthManyLinks},
		{"pre lines ending in a space", growthPreTrailingSpaces},
		{"open spans across breaks", growthOpenSpansAndBreaks},
		{"unmatched end tags", growthUnmatchedEnds},
		{"plain paragraphs", growthPlainParagraphs},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkGrowth(t, tt.input, func(s string) {
				if len(htmlBlocks(s, base)) == 0 {
					t.Fatal("no blocks")
				}
			})
		})
	}
}

func TestHTMLTextGrowsLinearly(t *testing.T) {
	checkGrowth(t, func(n int) string { return strings.Repeat("<b>新闻</b> &amp; <i>news</i> ", n) },
		func(s string) {
			if htmlText(s) == "" {
				t.Fatal("no text")
			}
		})
}

func TestCleanGrowsLinearly(t *testing.T) {
	for _, tt := range []struct {
		name  string
		input func(int) string
	}{
		{"lines ending in spaces", func(n int) string { return strings.Repeat("code  \n", n) }},
		{"escape sequences", func(n int) string { return strings.Repeat("新闻\x1b[31m报道\x1b]0;t\x07 ", n) }},
		{"unterminated csi", func(n int) string { return strings.Repeat("\x1b[1;2", n) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkGrowth(t, tt.input, func(s string) {
				CleanLines(s)
				Clean(s)
			})
		})
	}
}

// Shapes of input for the text parser.

func growthTextLongParagraph(n int) string {
	return strings.Repeat("这是一段很长的中文新闻，分成了许多行。\n", n) +
		"Title: T\n\nNews content:\n\nText.\n\n【来源】https://example.org/a\n"
}

func growthTextKeywords(n int) string {
	return "正文。\n\nTitle: T\nKeywords: " + strings.Repeat("新闻, news; ", n) +
		"\nNews content:\n\nText.\n\n【来源】https://example.org/a\n"
}

func growthTextDebris(n int) string {
	return "正文。\n\nTitle: T\n\nNews content:\n\nText.\n\n【来源】https://example.org/a\n\n" +
		strings.Repeat("Views: 1\n\n发表回复\n\n", n)
}

func growthTextSourceParens(n int) string {
	return "正文。\n\nTitle: T\n\nNews content:\n\nText.\n\n【来源】https://example.org/a" +
		strings.Repeat(")", 64*n) + "\n"
}

func TestParseTextGrowsLinearly(t *testing.T) {
	for _, tt := range []struct {
		name  string
		input func(int) string
	}{
		{"articles", textBenchmarkFile},
		{"one long paragraph", growthTextLongParagraph},
		{"many keywords", growthTextKeywords},
		{"debris after the source line", growthTextDebris},
		{"closing parentheses after a link", growthTextSourceParens},
	} {
		t.Run(tt.name, func(t *testing.T) {
			checkGrowth(t, tt.input, func(s string) {
				if articles, _ := ParseText("growth.txt", s); len(articles) == 0 {
					t.Fatal("no article")
				}
			})
		})
	}
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
