package tui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// startArticles are two feeds' stored articles, with bodies: a.xml's two
// older, b.xml's two newer.
func startArticles() []feed.Article {
	out := dailyArticles()
	for i := range out {
		out[i].ZH.Blocks = []feed.Block{{Text: "正文" + out[i].ID + "。"}}
	}
	return out
}

// startStore is a fake store with the two feeds subscribed, counted as
// the store counts them, a1 read and b2 starred.
func startStore() *fakeStore {
	fs := newFakeStore(
		store.Subscription{N: 1, Source: "/feeds/a.xml", Title: "甲报", Tags: []string{"早报"}, Unread: 1, Total: 2},
		store.Subscription{N: 2, Source: "/feeds/b.xml", Title: "乙报", Unread: 2, Total: 2},
	)
	fs.stored = startArticles()
	fs.read[store.ArticleKey{Source: "/feeds/a.xml", ID: "a1"}] = true
	fs.stars[store.ArticleKey{Source: "/feeds/b.xml", ID: "b2"}] = true
	return fs
}

// startModel is a reader on the two feeds of fs at 100×30 that starts
// from the store, before any answer of it has come.
func startModel(t *testing.T, fs *fakeStore) Model {
	t.Helper()
	m := New(Config{Sources: []string{"/feeds/a.xml", "/feeds/b.xml"}, Metrics: layout.NewMetrics(false)})
	m.store, m.readMarks = fs, newReadMarks(true)
	m.refresh.startedStore, m.feeds.fromStore = true, true
	return send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
}

// stepOne delivers the store's counts: the subscriptions and the stars.
func stepOne(t *testing.T, m Model, fs *fakeStore) (Model, tea.Cmd) {
	t.Helper()
	subs, _ := fs.Subscriptions(context.Background())
	m = send(t, m, m.countStarred()())
	return sendCmd(t, m, subscriptionsLoaded{ID: m.nextID, Subs: subs})
}

func TestStartDrawsTheStoresCountsBeforeAnyHeadline(t *testing.T) {
	fs := startStore()
	// A starred article of a feed the reader was not given counts under
	// Starred, and only there (see elsewhere_test.go).
	other := feed.Article{Source: "/feeds/c.xml", ID: "c1", ZH: &feed.Version{Title: "丙一"}}
	fs.stored = append(fs.stored, other)
	fs.stars[store.KeyOf(&other)] = true
	m, _ := stepOne(t, startModel(t, fs), fs)
	if len(m.list.articles) != 0 || !m.feeds.headlinesAsked {
		t.Fatalf("after the counts: %d articles, headlines asked for %v", len(m.list.articles), m.feeds.headlinesAsked)
	}
	screen := plain(m)
	if top := lines(m)[0]; !strings.Contains(top, "4 articles, 3 unread") {
		t.Errorf("title bar %q, want the store's 4 articles, 3 unread", top)
	}
	for _, want := range []string{"甲报", "1 unread  2", "乙报", "2 unread  2", "#早报"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the feeds screen lacks %q:\n%s", want, screen)
		}
	}
	if line := lineWith(m, "Starred"); !strings.HasSuffix(strings.TrimSpace(line), "2") {
		t.Errorf("Starred line %q, want the store's 2 (b2, and c1 of a feed not given)", line)
	}
	if fs.articles != 0 {
		t.Errorf("%d bodies fetched for the counts", fs.articles)
	}
}

func TestStartListsStubsAndFetchesOnlyTheOpenedBody(t *testing.T) {
	fs := startStore()
	m, _ := stepOne(t, startModel(t, fs), fs)
	m = send(t, m, m.fetchHeadlines(m.load.job.id)())
	if len(m.list.articles) != 4 || len(m.list.stubs) != 4 || m.feeds.fromStore {
		t.Fatalf("the headlines: %d articles, %d stubs, counted by the store %v",
			len(m.list.articles), len(m.list.stubs), m.feeds.fromStore)
	}
	if top := lines(m)[0]; !strings.Contains(top, "4 articles, 3 unread") {
		t.Errorf("title bar %q: the stubs' marks are not the store's", top)
	}
	m = send(t, m, keys("enter")...)          // All
	m, cmd := sendCmd(t, m, keys("enter")[0]) // the newest: 乙二, b2
	if a, _ := m.shown(); a != nil {
		t.Fatalf("a stub is shown: %+v", a)
	}
	if !strings.Contains(plain(m), "rendering") {
		t.Errorf("the article pane of a stub does not say it is coming:\n%s", plain(m))
	}
	if m.fetchBody() != nil {
		t.Error("the stub's body is asked for twice")
	}
	m = runCmd(t, m, cmd)
	a, _ := m.shown()
	if a == nil || a.ID != "b2" || !strings.Contains(plain(m), "正文b2") {
		t.Fatalf("after its body came: shown %v\n%s", a, plain(m))
	}
	if fs.articles != 1 || len(m.list.stubs) != 3 {
		t.Errorf("%d bodies fetched, %d stubs left; want 1 and 3", fs.articles, len(m.list.stubs))
	}
	if !m.readMarks.read[identity(a)] {
		t.Error("the opened stub was not marked read")
	}
}

func TestStartWholeCopiesReplaceTheStubsKeepingTheSelection(t *testing.T) {
	fs := startStore()
	m, _ := stepOne(t, startModel(t, fs), fs)
	m = send(t, m, m.fetchHeadlines(m.load.job.id)())
	m = send(t, m, keys("enter", "down")...)
	want := identity(m.selected())
	m, _ = sendCmd(t, m, m.fetchStored(m.load.job.id)())
	if m.list.stubs != nil || m.load.active || !m.refresh.active {
		t.Fatalf("after the whole copies: stubs %v, loading %v, refreshing %v", m.list.stubs, m.load.active, m.refresh.active)
	}
	if got := identity(m.selected()); got != want {
		t.Errorf("selection moved from %q to %q", want, got)
	}
	if a := m.list.articles[0]; len(a.ZH.Blocks) == 0 {
		t.Errorf("article %s has no body after the whole copies", a.ID)
	}
	before := m.list.articles[1]
	m = send(t, m, bodyLoaded{Identity: identity(&before), Article: feed.Article{Source: before.Source, ID: before.ID}, OK: true})
	if len(m.list.articles[1].ZH.Blocks) == 0 {
		t.Error("a body that came after the whole copies replaced the article")
	}
}

func TestStartRefreshKeysWaitForTheStoredArticles(t *testing.T) {
	fs := startStore()
	m, _ := stepOne(t, startModel(t, fs), fs)
	m, cmd := sendCmd(t, m, keys("R")[0])
	if m.refresh.active || cmd != nil && m.refresh.job != nil {
		t.Errorf("R during the start began a refresh: %+v", m.refresh)
	}
	if !strings.Contains(statusLine(m), "still loading") {
		t.Errorf("status %q does not say why R waits", statusLine(m))
	}
}

func TestStartFromARealStore(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.xml"), filepath.Join(dir, "b.xml")
	stored := startArticles()
	for i := range stored {
		stored[i].Source = map[bool]string{true: a, false: b}[strings.HasPrefix(stored[i].ID, "a")]
	}
	for _, s := range []struct {
		src string
		as  []feed.Article
	}{{a, stored[:2]}, {b, stored[2:]}} {
		if err := st.SaveSource(ctx, s.src, s.as, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.AddSubscriptions(ctx, []store.Subscription{{Source: a, Title: "甲报"}, {Source: b}}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetRead(ctx, store.KeyOf(&stored[0]), true); err != nil {
		t.Fatal(err)
	}
	m := New(Config{Sources: []string{a, b}, Store: st, Loader: &feed.Loader{}, Metrics: layout.NewMetrics(false)})
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	subs, err := st.Subscriptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m = send(t, m, subscriptionsLoaded{ID: m.nextID, Subs: subs})
	if top := lines(m)[0]; !strings.Contains(top, "4 articles, 3 unread") {
		t.Errorf("title bar %q, want the store's 4 articles, 3 unread", top)
	}
	m = send(t, m, m.fetchHeadlines(m.load.job.id)())
	m = send(t, m, keys("enter")...)
	m = press(t, m, "enter")
	if got := plain(m); !strings.Contains(got, "正文b2") {
		t.Errorf("the newest article's stored body is not shown:\n%s", got)
	}
}

func TestStartPreviewOfAStubFetchesItsBody(t *testing.T) {
	fs := startStore()
	m, _ := stepOne(t, startModel(t, fs), fs)
	m = send(t, m, tea.WindowSizeMsg{Width: 200, Height: 30})
	m = send(t, m, m.fetchHeadlines(m.load.job.id)())
	m, cmd := sendCmd(t, m, keys("enter")[0]) // All, with the newest previewed
	if !m.geometry().wide || m.screen != listScreen {
		t.Fatalf("not the wide list: wide %v, screen %v", m.geometry().wide, m.screen)
	}
	m = runCmd(t, m, cmd)
	if !strings.Contains(plain(m), "正文b2") {
		t.Errorf("the previewed stub's body did not come:\n%s", plain(m))
	}
	m = press(t, m, "down")
	if !strings.Contains(plain(m), "正文a2") || fs.articles != 2 {
		t.Errorf("after down: %d bodies fetched, want 2; screen:\n%s", fs.articles, plain(m))
	}
}

func TestStartAsksForTheSearchIndexOnlyOnceItIsDone(t *testing.T) {
	fs := startStore()
	m, _ := stepOne(t, startModel(t, fs), fs)
	m = send(t, m, m.fetchHeadlines(m.load.job.id)())
	m = send(t, m, keys("enter")...)
	if fs.indexed != 0 {
		t.Fatalf("the index was asked to catch up %d times before the stored articles were all in: it competes with the start", fs.indexed)
	}
	m, _ = sendCmd(t, m, m.fetchStored(m.load.job.id)())
	if fs.indexed != 1 {
		t.Errorf("the index was asked to catch up %d times once the start was done, want 1", fs.indexed)
	}
}

func TestLoadOfSourcesAsksForTheSearchIndexOnceLoaded(t *testing.T) {
	fs := newFakeStore()
	m := New(Config{Sources: []string{"/feeds/a.xml"}, Metrics: layout.NewMetrics(false)})
	m.store, m.readMarks = fs, newReadMarks(true)
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	if fs.indexed != 0 {
		t.Fatalf("the index was asked to catch up %d times before the load", fs.indexed)
	}
	m.nextID++
	m.load.job, m.load.active = &loadJob{id: m.nextID}, true
	send(t, m, articlesLoaded{ID: m.nextID, Articles: startArticles()})
	if fs.indexed != 1 {
		t.Errorf("the index was asked to catch up %d times once the sources were loaded, want 1", fs.indexed)
	}
}
