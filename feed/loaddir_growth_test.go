package feed

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// articleFile returns article i of a directory of ordinary article files:
// bilingual text of about 3 KB.
func articleFile(i int) string {
	var b strings.Builder
	for p := range 6 {
		fmt.Fprintf(&b, "第%d篇第%d段：近日，公安部新闻发言人在新闻发布会上透露，针对电信网络诈骗犯罪，我国部署推进边境警务执法合作，"+
			"截至目前，相关地方执法部门已向我方移交犯罪嫌疑人4.1万余名，充分展示了打击犯罪的决心和力度。\n\n", i, p)
	}
	fmt.Fprintf(&b, "Title: News item %d\n\nKeywords: telecom fraud, police\n\nNews content:\n\n", i)
	for p := range 6 {
		fmt.Fprintf(&b, "Article %d, paragraph %d: recently the spokesperson for the Ministry of Public Security said that "+
			"local law enforcement had handed over more than 41,000 suspects, which shows the determination to fight crime.\n\n", i, p)
	}
	fmt.Fprintf(&b, "【来源】https://news.example/%d.html\n\nViews: %d\n", i, i)
	return b.String()
}

// articleDir writes n article files into a new directory and returns it.
func articleDir(tb testing.TB, n int) string {
	tb.Helper()
	dir := tb.TempDir()
	writeArticles(tb, dir, 0, n)
	return dir
}

// writeArticles writes articles first to first+n-1 under dir, ten to a
// subfolder.
func writeArticles(tb testing.TB, dir string, first, n int) {
	tb.Helper()
	for i := first; i < first+n; i++ {
		sub := filepath.Join(dir, fmt.Sprintf("%04d", i/10))
		if err := os.MkdirAll(sub, 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sub, fmt.Sprintf("%06d.txt", i)), []byte(articleFile(i)), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// loadArticleDir loads dir and checks it gave n articles.
func loadArticleDir(tb testing.TB, dir string, n int) {
	tb.Helper()
	articles, err := (&Loader{}).Load(context.Background(), dir, nil)
	if err != nil || len(articles) != n {
		tb.Fatalf("loaded %d articles of %d, %v", len(articles), n, err)
	}
}

func TestArticleFileIsAnOrdinaryArticle(t *testing.T) {
	text := articleFile(7)
	articles, err := Parse("7.txt", []byte(text))
	if err != nil || len(articles) != 1 || articles[0].EN == nil || articles[0].EN.Title != "News item 7" ||
		len(articles[0].ZH.Blocks) != 6 || len(articles[0].EN.Blocks) != 6 {
		t.Fatalf("Parse = %+v, %v", articles, err)
	}
	if n := len(text); n < 2500 || n > 3500 {
		t.Errorf("article file is %d bytes, want about 3 KB", n)
	}
}

// TestLoadDirGrowsLinearly guards against a directory load that costs more
// than linear time in the number of files (issue: every file's buffer was
// the size of the rest of the directory, so 10,000 files took 25 s): loading
// twice the files must allocate at most 2.5 times the bytes and take at most
// three times as long. Each size is timed
// as the best of a few runs from a collected heap, in CPU time where the
// system gives it (see cpuClock), so that other work on a busy machine
// slows a run rather than the verdict.
func TestLoadDirGrowsLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test; skipped under -short")
	}
	const small, runs = 1000, 3
	dir := t.TempDir()
	writeArticles(t, filepath.Join(dir, "a"), 0, small)
	writeArticles(t, filepath.Join(dir, "b"), small, small)
	best := func(dir string, n int) time.Duration {
		var fastest time.Duration
		for range runs {
			runtime.GC()
			start := cpuClock()
			loadArticleDir(t, dir, n)
			if d := cpuClock() - start; fastest == 0 || d < fastest {
				fastest = d
			}
		}
		return fastest
	}
	loadArticleDir(t, dir, 2*small) // warm the page cache and the code
	b1, b2 := allocated(t, filepath.Join(dir, "a"), small), allocated(t, dir, 2*small)
	t.Logf("%d files: %d bytes allocated; %d files: %d (×%.2f)", small, b1, 2*small, b2, float64(b2)/float64(b1))
	if b2 > b1*5/2 {
		t.Errorf("loading %d files allocated %d bytes, more than 2.5 × the %d of %d files", 2*small, b2, b1, small)
	}
	t1, t2 := best(filepath.Join(dir, "a"), small), best(dir, 2*small)
	t.Logf("%d files: %v; %d files: %v (×%.2f)", small, t1, 2*small, t2, float64(t2)/float64(t1))
	if t2 > 3*t1 {
		t.Errorf("loading %d files took %v, more than 3 × the %v of %d files", 2*small, t2, t1, small)
	}
}

// allocated returns the bytes allocated while loading the n files of dir:
// unlike time, it does not depend on how busy the machine is.
func allocated(t *testing.T, dir string, n int) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	loadArticleDir(t, dir, n)
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// BenchmarkLoadDir loads directories of 500 and 5,000 article files of
// about 3 KB, ten to a subfolder: the time per file must stay about the
// same. cpu-ns/file is the process's CPU time (see cpuClock), which a busy
// machine does not inflate.
func BenchmarkLoadDir(b *testing.B) {
	for _, n := range []int{500, 5000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := articleDir(b, n)
			b.ResetTimer()
			cpu := cpuClock()
			for b.Loop() {
				loadArticleDir(b, dir, n)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/file")
			b.ReportMetric(float64(cpuClock()-cpu)/float64(b.N*n), "cpu-ns/file")
		})
	}
}
