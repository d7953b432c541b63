package tui

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenScreens builds the screens kept as golden files, at one size.
func goldenScreens(t *testing.T, w, h int) map[string]Model {
	t.Helper()
	as := testArticles(t)
	cfg := Config{Sources: []string{"news.txt"}, Metrics: layout.NewMetrics(false), Color: true, Version: "test"}
	fresh := func() Model {
		return send(t, New(cfg), tea.WindowSizeMsg{Width: w, Height: h})
	}
	loaded := func(errs ...error) Model {
		m := fresh()
		return send(t, m, articlesLoaded{ID: m.load.job.id, Articles: as, Errs: errs})
	}
	screens := map[string]Model{
		"list":         loaded(),
		"list-english": send(t, loaded(), keys("t")...),
		"list-both":    send(t, loaded(), keys("t", "t")...),
		"article-zh":   send(t, loaded(), keys("enter")...),
		"article-en":   send(t, loaded(), keys("enter", "t")...),
		"article-both": send(t, loaded(), keys("enter", "t", "t")...),
		"help":         send(t, loaded(), keys("?")...),
		"filter":       send(t, loaded(), keys("/", "birds")...),
		"loading":      fresh(),
		"error": loaded(
			&feed.SourceError{Source: "https://news.example.com/broken.xml", Err: errors.New("HTTP 503 Service Unavailable")},
			&feed.SourceError{Source: "missing.txt", Err: errors.New("no such file")},
		),
	}
	offline := &feed.OfflineError{Source: "https://news.example.com/feed.xml", Saved: time.Now().Add(-3*time.Hour - time.Minute),
		Err: &feed.SourceError{Source: "https://news.example.com/feed.xml", Err: errors.New("HTTP 503 Service Unavailable")}}
	screens["offline"] = loaded(offline)
	st := searchStore(t)
	if err := st.SetRead(context.Background(), store.KeyOf(&as[1]), true); err != nil {
		t.Fatal(err)
	}
	stored := storedModel(t, st, Config{Color: true, Version: "test"}, w, h, as)
	screens["list-unread"] = stored
	screens["search-results"] = press(t, stored, "s", "台风", "enter")
	screens["search-prompt"] = press(t, stored, "s", "候鸟")
	slow := fresh()
	id := slow.load.job.id
	screens["loading-progress"] = send(t, slow, loadSlow{ID: id}, loadProgressed{ID: id, Done: 3 << 20, Total: 8 << 20})
	return screens
}

func TestGoldenViews(t *testing.T) {
	mt := layout.NewMetrics(false)
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		for name, m := range goldenScreens(t, w, h) {
			t.Run(fmt.Sprintf("%s-%dx%d", name, w, h), func(t *testing.T) {
				got := ansi.Strip(m.View().Content) + "\n"
				for i, l := range lines(m) {
					if mt.Width(l) > w {
						t.Errorf("row %d is %d columns wide, more than %d", i, mt.Width(l), w)
					}
				}
				path := filepath.Join("testdata", "golden", fmt.Sprintf("%s-%dx%d.txt", name, w, h))
				if *update {
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test -update to create it)", err)
				}
				if got != string(want) {
					t.Errorf("%s differs from the view (go test -run TestGoldenViews -update refreshes it)\n--- got:\n%s--- want:\n%s", path, got, want)
				}
			})
		}
	}
}
