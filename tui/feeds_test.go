package tui

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// fakeStore is the storeAPI of model tests: marks, stars and
// subscriptions in maps, and the calls it was given.
type fakeStore struct {
	mu      sync.Mutex
	read    map[store.ArticleKey]bool
	stars   map[store.ArticleKey]bool
	subs    []store.Subscription
	markAll [][]store.ArticleKey // the keys of each MarkAllRead
	undone  [][]store.ArticleKey // the keys of each UndoMarkAll
	fetched map[string]error     // SetFetchResult: source → error
	// stored are the articles Headlines and Article answer from, each
	// of the subscription whose source starts its Source.
	stored   []feed.Article
	articles int // calls of Article
	indexed  int // calls of IndexInBackground
}

func newFakeStore(subs ...store.Subscription) *fakeStore {
	return &fakeStore{read: map[store.ArticleKey]bool{}, stars: map[store.ArticleKey]bool{}, subs: subs,
		fetched: map[string]error{}}
}

func (f *fakeStore) ReadMarks(_ context.Context, keys []store.ArticleKey) (map[store.ArticleKey]bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[store.ArticleKey]bool{}
	for _, k := range keys {
		if f.read[k] {
			out[k] = true
		}
	}
	return out, nil
}

func (f *fakeStore) SetRead(_ context.Context, key store.ArticleKey, read bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.read[key] = read
	return nil
}

func (f *fakeStore) SetPreference(context.Context, string, string) error { return nil }

func (f *fakeStore) Search(context.Context, string, int) ([]feed.Article, error) { return nil, nil }

func (f *fakeStore) Subscriptions(context.Context) ([]store.Subscription, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]store.Subscription(nil), f.subs...), nil
}

func (f *fakeStore) Stars(_ context.Context, keys []store.ArticleKey) (map[store.ArticleKey]bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[store.ArticleKey]bool{}
	for _, k := range keys {
		if f.stars[k] {
			out[k] = true
		}
	}
	return out, nil
}

func (f *fakeStore) SetStarred(_ context.Context, key store.ArticleKey, starred bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.stars[key] = starred
	return nil
}

func (f *fakeStore) MarkAllRead(_ context.Context, keys []store.ArticleKey) (store.MarkUndo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.markAll = append(f.markAll, keys)
	var u store.MarkUndo
	for _, k := range keys {
		if !f.read[k] {
			u.Keys = append(u.Keys, k)
		}
		f.read[k] = true
	}
	return u, nil
}

func (f *fakeStore) UndoMarkAll(_ context.Context, undo store.MarkUndo) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.undone = append(f.undone, undo.Keys)
	for _, k := range undo.Keys {
		f.read[k] = false
	}
	return nil
}

func (f *fakeStore) SourceArticles(_ context.Context, source string) ([]feed.Article, time.Time, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []feed.Article
	for _, a := range f.stored {
		if strings.HasPrefix(a.Source, source) {
			out = append(out, a)
		}
	}
	return out, time.Time{}, nil
}

func (f *fakeStore) Headlines(_ context.Context, hf store.HeadlineFilter) ([]store.Headline, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []store.Headline
	for i := range f.stored {
		a := &f.stored[i]
		k := store.KeyOf(a)
		h := store.Headline{Key: k, Published: a.Published, Feed: a.Feed, Link: a.Link,
			Read: f.read[k], Starred: f.stars[k]}
		for _, s := range f.subs {
			if strings.HasPrefix(a.Source, s.Source) {
				h.Subscription = s.Source
			}
		}
		var langs []string
		if a.ZH != nil {
			h.TitleZH, langs = a.ZH.Title, append(langs, "zh")
		}
		if a.EN != nil {
			h.TitleEN, langs = a.EN.Title, append(langs, "en")
		}
		h.Languages = strings.Join(langs, "+")
		switch {
		case hf.Starred && !h.Starred, hf.Feed != "" && hf.Feed != h.Subscription && hf.Feed != a.Source,
			hf.Feed == "" && !hf.Starred && h.Subscription == "":
			continue
		}
		out = append(out, h)
	}
	slices.SortStableFunc(out, func(a, b store.Headline) int { return b.Published.Compare(a.Published) })
	return out, nil
}

func (f *fakeStore) IndexInBackground() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.indexed++
}

func (f *fakeStore) Article(_ context.Context, key store.ArticleKey) (feed.Article, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.articles++
	for _, a := range f.stored {
		if store.KeyOf(&a) == key {
			return a, true, nil
		}
	}
	return feed.Article{}, false, nil
}

func (f *fakeStore) SetFetchResult(_ context.Context, source string, _ time.Time, err error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fetched[source] = err
	return nil
}

// dailyArticles are two feeds' articles: a.xml's older, b.xml's newer.
func dailyArticles() []feed.Article {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 8, 0, 0, 0, time.UTC) }
	mk := func(src, id, title, feedName string, d int) feed.Article {
		return feed.Article{Source: src, ID: id, Feed: feedName, Published: day(d),
			ZH: &feed.Version{Title: title}}
	}
	return []feed.Article{
		mk("/feeds/a.xml", "a1", "甲一", "甲报", 1),
		mk("/feeds/a.xml", "a2", "甲二", "甲报", 3),
		mk("/feeds/b.xml", "b1", "乙一", "乙报", 2),
		mk("/feeds/b.xml", "b2", "乙二", "乙报", 4),
	}
}

// dailyModel is a reader on two feeds at 100×30 with fs as its store,
// the load and the store's answers delivered.
func dailyModel(t *testing.T, fs *fakeStore, errs ...error) Model {
	t.Helper()
	m := New(Config{Sources: []string{"/feeds/a.xml", "/feeds/b.xml"}, Metrics: layout.NewMetrics(false)})
	m.store, m.readMarks = fs, newReadMarks(true)
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m, cmd := sendCmd(t, m, articlesLoaded{ID: m.load.job.id, Articles: dailyArticles(), Errs: errs})
	return runCmd(t, m, cmd)
}

// screenLines is the plain text of m's screen.
func screenLines(m Model) []string { return strings.Split(m.screenText(), "\n") }

// lineWith returns the first line of the screen containing s, or "".
func lineWith(m Model, s string) string {
	for _, l := range screenLines(m) {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

func TestTwoFeedsStartOnTheFeedsScreenWithCounts(t *testing.T) {
	fs := newFakeStore(store.Subscription{N: 1, Source: "/feeds/b.xml", Title: "乙 daily", Tags: []string{"news"},
		LastError: "old failure"})
	fs.read[store.ArticleKey{Source: "/feeds/a.xml", ID: "a1"}] = true
	failed := &feed.SourceError{Source: "/feeds/a.xml", Err: errors.New("HTTP 503 Service Unavailable")}
	m := dailyModel(t, fs, failed)
	if m.screen != feedsScreen {
		t.Fatalf("two feeds open on screen %d, not the feeds screen", m.screen)
	}
	for _, want := range []struct{ entry, has string }{
		{"All", "3 unread  4"}, {"Unread", "3"}, {"Starred", "0"}, {"#news", "2 unread  2"},
		{"甲报", "1 unread  2"}, {"乙 daily", "2 unread  2"},
	} {
		if l := lineWith(m, " "+want.entry); !strings.Contains(l, want.has) {
			t.Errorf("entry %s: %q, want %q in it", want.entry, l, want.has)
		}
	}
	if l := lineWith(m, "甲报"); !strings.Contains(l, "✗ HTTP 503") {
		t.Errorf("the failed feed has no error marker: %q", l)
	}
	if l := lineWith(m, "乙 daily"); !strings.Contains(l, "#news") || strings.Contains(l, "old failure") {
		t.Errorf("the feed that loaded: %q, want its tag and not the error of an earlier fetch", l)
	}
}

func TestEnterListsTheFeedNewestFirstAndEscGoesBack(t *testing.T) {
	m := dailyModel(t, newFakeStore())
	m = press(t, m, "enter") // All
	var titles []string
	for _, k := range m.list.visible {
		titles = append(titles, m.list.articles[k].ZH.Title)
	}
	if got := strings.Join(titles, " "); got != "乙二 甲二 乙一 甲一" {
		t.Errorf("All lists %s, want newest first across feeds", got)
	}
	if l := lineWith(m, "乙二"); !strings.Contains(l, "乙报") {
		t.Errorf("a headline row lacks its feed's name: %q", l)
	}
	m = press(t, m, "esc")
	if m.screen != feedsScreen {
		t.Fatal("esc on the list did not go back to the feeds screen")
	}
	m = press(t, m, "G", "enter") // the last entry: b.xml
	if len(m.list.visible) != 2 || m.list.articles[m.list.visible[0]].ID != "b2" || !strings.Contains(screenLines(m)[0], "乙报") {
		t.Errorf("the feed b.xml lists %v, title bar %q", m.list.visible, screenLines(m)[0])
	}
}

func TestUShowsOnlyUnread(t *testing.T) {
	fs := newFakeStore()
	fs.read[store.ArticleKey{Source: "/feeds/b.xml", ID: "b2"}] = true
	m := press(t, dailyModel(t, fs), "enter", "u")
	for _, k := range m.list.visible {
		if m.list.articles[k].ID == "b2" {
			t.Fatal("u still lists a read article")
		}
	}
	if len(m.list.visible) != 3 {
		t.Errorf("u lists %d headlines, want the 3 unread", len(m.list.visible))
	}
	if m = press(t, m, "u"); len(m.list.visible) != 4 {
		t.Errorf("u again lists %d headlines, want all 4", len(m.list.visible))
	}
}

func TestStarIsStoredAndListedUnderStarred(t *testing.T) {
	fs := newFakeStore()
	m := press(t, dailyModel(t, fs), "enter", "*") // stars the newest: b2
	if !fs.stars[store.ArticleKey{Source: "/feeds/b.xml", ID: "b2"}] {
		t.Fatal("* did not reach the store")
	}
	if l := lineWith(m, "乙二"); !strings.Contains(l, "★") {
		t.Errorf("the starred row has no star: %q", l)
	}
	m = press(t, m, "esc", "j", "j", "enter") // Starred
	if len(m.list.visible) != 1 || m.list.articles[m.list.visible[0]].ID != "b2" {
		t.Errorf("Starred lists %v, want b2 alone", m.list.visible)
	}
	// A new reader on the same store gets the star back.
	m = press(t, dailyModel(t, fs), "j", "j", "enter")
	if len(m.list.visible) != 1 {
		t.Errorf("after a restart Starred lists %d, want the stored star", len(m.list.visible))
	}
}

func TestMarkAllReadConfirmsAndUUndoes(t *testing.T) {
	fs := newFakeStore()
	fs.read[store.ArticleKey{Source: "/feeds/a.xml", ID: "a1"}] = true
	m := press(t, dailyModel(t, fs), "G", "enter", "A") // b.xml: two unread
	if len(fs.markAll) != 1 || len(fs.markAll[0]) != 2 {
		t.Fatalf("A sent %v to the store, want b.xml's two unread", fs.markAll)
	}
	if !strings.Contains(m.status, "marked 2 articles read; U undoes") {
		t.Errorf("A's confirmation is %q", m.status)
	}
	if m.unread != 1 {
		t.Errorf("after A the title bar counts %d unread, want 1 (a2)", m.unread)
	}
	m = press(t, m, "U")
	if len(fs.undone) != 1 || len(fs.undone[0]) != 2 || fs.read[store.ArticleKey{Source: "/feeds/b.xml", ID: "b1"}] {
		t.Fatalf("U undid %v", fs.undone)
	}
	if m.unread != 3 || !fs.read[store.ArticleKey{Source: "/feeds/a.xml", ID: "a1"}] {
		t.Errorf("after U %d unread, want 3, and a1 still read", m.unread)
	}
}

func TestUnreadOnlyBeforeTheMarksArriveDropsTheReadOnes(t *testing.T) {
	fs := newFakeStore()
	fs.read[store.ArticleKey{Source: "/feeds/a.xml", ID: "a1"}] = true
	m := New(Config{Sources: []string{"/feeds/a.xml", "/feeds/b.xml"}, Metrics: layout.NewMetrics(false)})
	m.store, m.readMarks = fs, newReadMarks(true)
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m, marks := sendCmd(t, m, articlesLoaded{ID: m.load.job.id, Articles: dailyArticles()})
	m = press(t, m, "enter", "u") // before the store has said which are read
	batch, ok := marks().(tea.BatchMsg)
	if !ok {
		t.Fatal("the load asked the store nothing")
	}
	m = runCmd(t, m, batch[0]) // the read marks alone: they may come last
	if _, ok := batch[0]().(readMarksLoaded); !ok {
		t.Fatal("the first command of the load is not the read marks")
	}
	if len(m.list.visible) != 3 {
		t.Errorf("u lists %d headlines once the marks arrived, want the 3 unread", len(m.list.visible))
	}
}

// TestFeedsScreenCountsFollowEveryChange: the feeds screen's counts are
// counted once and kept; each change they count from (a star, an article
// read, the list marked read and the undo) shows in them at once.
func TestFeedsScreenCountsFollowEveryChange(t *testing.T) {
	fs := newFakeStore()
	m := dailyModel(t, fs)
	entry := func(m Model, name string) string { return lineWith(m, " "+name) }
	if l := entry(m, "All"); !strings.Contains(l, "4 unread  4") {
		t.Fatalf("All: %q", l)
	}
	m = press(t, m, "enter", "*", "esc") // star the newest of All
	if l := entry(m, "Starred"); !strings.Contains(l, "1") {
		t.Errorf("after * the Starred entry is %q, want 1", l)
	}
	m = press(t, m, "enter", "enter", "esc", "esc") // open the newest: read
	if l := entry(m, "All"); !strings.Contains(l, "3 unread  4") {
		t.Errorf("after reading one article All is %q, want 3 unread", l)
	}
	m = press(t, m, "enter", "A", "esc")
	if l := entry(m, "All"); !strings.Contains(l, "0 unread") && !strings.Contains(l, " 4") {
		t.Errorf("after A All is %q", l)
	}
	if l := entry(m, "All"); strings.Contains(l, "3 unread") {
		t.Errorf("after A All still counts the old unread: %q", l)
	}
	m = press(t, m, "enter", "U", "esc")
	if l := entry(m, "All"); !strings.Contains(l, "3 unread  4") {
		t.Errorf("after U All is %q, want the 3 unread back", l)
	}
}
