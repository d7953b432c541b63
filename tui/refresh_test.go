package tui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// writeRSS writes an RSS file of items (guid, title, day of November
// 2026) to path.
func writeRSS(t *testing.T, path, channel string, items ...[3]string) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>%s</title>`, channel)
	for _, it := range items {
		fmt.Fprintf(&b, `<item><guid>%s</guid><title>%s</title><pubDate>%s Nov 2026 08:00:00 +0000</pubDate><description>%s。</description></item>`,
			it[0], it[1], it[2], it[1])
	}
	b.WriteString(`</channel></rss>`)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// refreshModel is a reader on two RSS files in a temporary directory, with
// fs as its store, after its first load; it returns the two paths.
func refreshModel(t *testing.T, fs *fakeStore) (Model, string, string) {
	t.Helper()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.xml"), filepath.Join(dir, "b.xml")
	writeRSS(t, a, "甲报", [3]string{"a1", "甲一", "01"})
	writeRSS(t, b, "乙报", [3]string{"b1", "乙一", "02"})
	m := New(Config{Sources: []string{a, b}, Loader: &feed.Loader{}, Metrics: layout.NewMetrics(false)})
	m.store, m.readMarks = fs, newReadMarks(true)
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m, cmd := sendCmd(t, m, finishLoad(m))
	return runCmd(t, m, cmd), a, b
}

func TestRefreshAllKeepsTheSelectionAndAFailingFeedsArticles(t *testing.T) {
	fs := newFakeStore()
	m, a, b := refreshModel(t, fs)
	m = press(t, m, "enter", "j") // All, then the older headline: 甲一
	if got := m.selected().ID; got != "a1" {
		t.Fatalf("selected %q before the refresh", got)
	}
	writeRSS(t, b, "乙报", [3]string{"b2", "乙二", "05"}, [3]string{"b1", "乙一", "02"})
	if err := os.Remove(a); err != nil {
		t.Fatal(err)
	}
	m = press(t, m, "R")
	if m.refresh.active {
		t.Fatal("the refresh has not finished")
	}
	if got := m.selected().ID; got != "a1" {
		t.Errorf("the new article moved the selection to %q", got)
	}
	var ids []string
	for _, k := range m.list.visible {
		ids = append(ids, m.list.articles[k].ID)
	}
	if strings.Join(ids, " ") != "b2 b1 a1" {
		t.Errorf("after R the list is %v, want b2 b1 a1 (a.xml's article kept though it failed)", ids)
	}
	if !strings.Contains(m.status, "refreshed 2 feeds: 1 new article, 1 failed") {
		t.Errorf("status after R: %q", m.status)
	}
	m = press(t, m, "esc")
	if l := lineWith(m, "甲报"); !strings.Contains(l, "✗") {
		t.Errorf("the feed that failed has no marker: %q", l)
	}
	if l := lineWith(m, "乙报"); !strings.Contains(l, "2 unread  2") {
		t.Errorf("the refreshed feed's counts: %q", l)
	}
	if fs.fetched[b] != nil || fs.fetched[a] == nil {
		t.Errorf("fetch results recorded: %v", fs.fetched)
	}
}

func TestLowerRRefreshesOnlyTheCurrentFeed(t *testing.T) {
	m, a, b := refreshModel(t, newFakeStore())
	writeRSS(t, a, "甲报", [3]string{"a2", "甲二", "06"}, [3]string{"a1", "甲一", "01"})
	writeRSS(t, b, "乙报", [3]string{"b2", "乙二", "05"}, [3]string{"b1", "乙一", "02"})
	m = press(t, m, "G", "enter", "r") // the feed b.xml
	if m.refresh.total != 1 || len(m.list.visible) != 2 {
		t.Fatalf("r refreshed %d feeds; b.xml lists %d", m.refresh.total, len(m.list.visible))
	}
	m = press(t, m, "esc", "enter") // All
	for _, k := range m.list.visible {
		if m.list.articles[k].ID == "a2" {
			t.Error("r on b.xml refreshed a.xml too")
		}
	}
}

func TestRefreshEveryFiresARefresh(t *testing.T) {
	m, _, _ := refreshModel(t, newFakeStore())
	m.refresh.every = 30 * time.Minute
	m, cmd := sendCmd(t, m, refreshTick{})
	if !m.refresh.active || m.refresh.total != 2 || cmd == nil {
		t.Errorf("a refresh tick started no refresh of both feeds: %+v", m.refresh)
	}
}

func TestStartShowsStoredHeadlinesThenRefreshes(t *testing.T) {
	st := openStore(t)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.xml"), filepath.Join(dir, "b.xml")
	stored := dailyArticles()
	for i := range stored {
		stored[i].Source = map[bool]string{true: a, false: b}[strings.HasPrefix(stored[i].ID, "a")]
	}
	if err := st.SaveSource(context.Background(), a, stored[:2], time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveSource(context.Background(), b, stored[2:], time.Time{}); err != nil {
		t.Fatal(err)
	}
	writeRSS(t, b, "乙报", [3]string{"b9", "乙九", "09"})
	m := New(Config{Sources: []string{a, b}, Store: st, Loader: &feed.Loader{}, Metrics: layout.NewMetrics(false)})
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	msg := m.fetchStored(m.load.job.id)()
	m, cmd := sendCmd(t, m, msg)
	if len(m.list.articles) != 4 || !m.refresh.active {
		t.Fatalf("the stored headlines: %d articles shown, refresh under way %v", len(m.list.articles), m.refresh.active)
	}
	m = runCmd(t, m, cmd)
	ids := map[string]bool{}
	for _, x := range m.list.articles {
		ids[x.ID] = true
	}
	if !ids["a1"] || !ids["a2"] || !ids["b9"] || ids["b1"] {
		t.Errorf("after the refresh: %v, want a.xml's stored (its file is missing) and b.xml's new", ids)
	}
	var failed *SourcesFailedError
	if err := sourcesFailed(m); !errors.As(err, &failed) || len(failed.Failures) != 1 || !strings.Contains(failed.Failures[0], "a.xml") {
		t.Errorf("the reader's exit after a.xml failed to refresh: %v", err)
	}
}
