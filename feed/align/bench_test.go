package align

import (
	"os"
	"runtime"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
)

// bigArticle returns the high-speed rail sample repeated until it has at
// least pairs sentences on each side.
func bigArticle(t testing.TB, pairs int) (*feed.Version, *feed.Version) {
	t.Helper()
	data, err := os.ReadFile("../sample/020_high_speed_rail.txt")
	if err != nil {
		t.Fatal(err)
	}
	articles, err := feed.Parse("020_high_speed_rail.txt", data)
	if err != nil || len(articles) != 1 {
		t.Fatalf("sample: %v", err)
	}
	a := articles[0]
	per := 0
	for _, b := range a.ZH.Blocks {
		per += len(ZH(b.Text))
	}
	zh, en := &feed.Version{}, &feed.Version{}
	for n := 0; n < pairs; n += per {
		zh.Blocks = append(zh.Blocks, a.ZH.Blocks...)
		en.Blocks = append(en.Blocks, a.EN.Blocks...)
	}
	return zh, en
}

func BenchmarkArticle10000Pairs(b *testing.B) {
	zh, en := bigArticle(b, 10000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		Article(zh, en)
	}
}

// allocated returns the bytes Article allocates on zh and en.
func allocated(zh, en *feed.Version) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	Article(zh, en)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestMemoryGrowsLinearly(t *testing.T) {
	zh, en := bigArticle(t, 2000)
	zh2 := &feed.Version{Blocks: append(append([]feed.Block{}, zh.Blocks...), zh.Blocks...)}
	en2 := &feed.Version{Blocks: append(append([]feed.Block{}, en.Blocks...), en.Blocks...)}
	loadLexicon() // once per program: not part of either article
	one, two := allocated(zh, en), allocated(zh2, en2)
	t.Logf("%d bytes for about 2,000 pairs, %d for twice that: %.2f times", one, two, float64(two)/float64(one))
	if float64(two) > 2.5*float64(one) {
		t.Errorf("doubling the article took %d bytes instead of %d: %.2f times", two, one, float64(two)/float64(one))
	}
}
