package tui

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// tinySizes are the terminal sizes the tiny-terminal tests try: every
// width and height from 0 to 10, and the sizes around the smallest the
// reader lays out.
func tinySizes() [][2]int {
	var out [][2]int
	dims := []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, minWidth - 1, minWidth, minWidth + 1}
	for _, w := range dims {
		for _, h := range []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, minHeight - 1, minHeight, minHeight + 1} {
			out = append(out, [2]int{w, h})
		}
	}
	return out
}

// checkFits fails the test when the screen of m is taller than h lines
// or has a line wider than w columns; a 0×0 terminal gets no text at all.
func checkFits(t *testing.T, mt layout.Metrics, m Model, w, h int, where string) {
	t.Helper()
	content := m.View().Content
	if w <= 0 || h <= 0 {
		if content != "" {
			t.Errorf("%s: %q drawn on a %d×%d terminal", where, content, w, h)
		}
		return
	}
	ls := strings.Split(content, "\n")
	if len(ls) > h {
		t.Errorf("%s: %d lines on a %d-line terminal", where, len(ls), h)
	}
	for i, l := range ls {
		if got := mt.Width(l); got > w {
			t.Errorf("%s: line %d is %d columns wide on a %d-column terminal: %q", where, i, got, w, l)
		}
	}
}

// noPanic runs f and reports a panic as a failure naming where.
func noPanic(t *testing.T, where string, f func()) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Errorf("%s: panic: %v", where, r)
		}
	}()
	f()
}

func TestTinyTerminalsNeverPanicOrOverflow(t *testing.T) {
	as := testArticles(t)
	errs := []error{&feed.SourceError{Source: "broken.xml", Err: errors.New("no such file")}}
	for _, wide := range []bool{false, true} {
		mt := layout.NewMetrics(wide)
		cfg := Config{Sources: []string{"news.txt", "broken.xml"}, Metrics: mt, Version: "test"}
		for _, size := range tinySizes() {
			w, h := size[0], size[1]
			noPanic(t, fmt.Sprintf("%d×%d wide %v", w, h, wide), func() {
				loading := send(t, New(cfg), tea.WindowSizeMsg{Width: w, Height: h})
				checkFits(t, mt, loading, w, h, fmt.Sprintf("loading at %d×%d", w, h))
				m := send(t, loading, articlesLoaded{ID: loading.load.job.id, Articles: as, Errs: errs})
				for _, ks := range [][]string{
					nil, {"j", "j", "G", "pgup", "g"}, {"enter"}, {"enter", "space", "G", "pgdown", "n", "p"},
					{"enter", "t", "t", "down", "end"}, {"?"}, {"/", "城市"}, {"/", "zzz", "enter"}, {"s"}, {"r"},
				} {
					s := send(t, m, keys(ks...)...)
					s = send(t, s, tea.MouseWheelMsg{Button: tea.MouseWheelDown}, tea.MouseWheelMsg{Button: tea.MouseWheelUp})
					checkFits(t, mt, s, w, h, fmt.Sprintf("%v at %d×%d (ambiguous wide %v)", ks, w, h, wide))
				}
			})
		}
	}
}

func TestShrinkingToTinyAndBackKeepsTheReader(t *testing.T) {
	// Resizing a reader that is deep in an article down to a few cells and
	// back must neither panic nor lose the article.
	mt := layout.NewMetrics(false)
	m := loadedModel(t, 100, 30, testArticles(t))
	m = send(t, m, keys("enter", "t", "t", "space")...)
	for _, size := range tinySizes() {
		w, h := size[0], size[1]
		noPanic(t, fmt.Sprintf("resize to %d×%d", w, h), func() {
			m = send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
			checkFits(t, mt, m, w, h, fmt.Sprintf("after resizing to %d×%d", w, h))
			m = send(t, m, keys("j", "k")...)
		})
	}
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	if m.screen != articleScreen || !strings.Contains(plain(m), "The city library") {
		t.Errorf("the article is gone after the tiny sizes:\n%s", plain(m))
	}
	checkRows(t, mt, m, 100, 30, "back at 100×30")
}
