package tui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// BenchmarkFeedsScreenKey is a key (j, then k) on the feeds screen with
// 10,000 and 100,000 articles in 50 feeds, Update and View: the floor of a
// key is 2 ms, and the screen's counts cover every loaded article (kept in
// feedCounts until they change). Run it with enough keys (-benchtime
// 1000x): with a few, the collection of the articles just loaded is
// charged to them (see docs/PERFORMANCE.md).
func BenchmarkFeedsScreenKey(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { feedsScreenKey(b, n) })
	}
}

func feedsScreenKey(b *testing.B, articles int) {
	const feeds = 50
	sources := make([]string, feeds)
	for i := range sources {
		sources[i] = fmt.Sprintf("/feeds/%02d.xml", i)
	}
	arts := make([]feed.Article, articles)
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range arts {
		arts[i] = feed.Article{ID: fmt.Sprint(i), Source: sources[i%feeds], Published: t0.Add(time.Duration(i) * time.Minute),
			ZH: &feed.Version{Title: fmt.Sprintf("第%d条新闻", i)}}
	}
	fs := newFakeStore()
	m := New(Config{Sources: sources, Metrics: layout.NewMetrics(false)})
	m.store, m.readMarks = fs, newReadMarks(true)
	m = send(b, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m, cmd := sendCmd(b, m, articlesLoaded{ID: m.load.job.id, Articles: arts})
	m = runCmd(b, m, cmd)
	if m.screen != feedsScreen {
		b.Fatalf("not on the feeds screen")
	}
	keysJK := keys("j", "k")
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		next, _ := m.Update(keysJK[i%2])
		m = next.(Model)
		_ = m.View()
	}
}
