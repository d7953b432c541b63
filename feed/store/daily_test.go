package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// dated is an article of the given ID and English title published at day
// days after 2026-01-01.
func dated(id, title string, day int) feed.Article {
	return feed.Article{ID: id, Feed: "Feed " + id[:1], Link: "https://example.com/" + id,
		Published: time.Date(2026, 1, 1+day, 0, 0, 0, 0, time.UTC),
		EN:        &feed.Version{Title: title, Blocks: []feed.Block{{Text: title + " body"}}}}
}

// dailyStore has subscriptions a (tag world) and b (tags world, tech),
// each saved, and an unsubscribed source c.
func dailyStore(t *testing.T) *Store {
	t.Helper()
	ctx := context.Background()
	s := openTemp(t)
	if _, err := s.AddSubscriptions(ctx, []Subscription{
		{Source: "https://a.example/feed", Title: "Alpha", Tags: []string{"world"}},
		{Source: "https://b.example/feed", Tags: []string{"tech", "world"}},
	}); err != nil {
		t.Fatal(err)
	}
	saves := map[string][]feed.Article{
		"https://a.example/feed": {dated("a1", "old a", 1), dated("a2", "new a", 5)},
		"https://b.example/feed": {dated("b1", "mid b", 3)},
		"https://c.example/feed": {dated("c1", "newest c", 9)},
	}
	for source, articles := range saves {
		if err := s.SaveSource(ctx, source, articles, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func headlineIDs(hs []Headline) []string {
	ids := make([]string, len(hs))
	for i, h := range hs {
		ids[i] = h.Key.ID
	}
	return ids
}

func sameIDs(got []string, want ...string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

func TestHeadlinesOfSubscriptionsNewestFirstWithFeedNames(t *testing.T) {
	ctx := context.Background()
	s := dailyStore(t)
	hs, err := s.Headlines(ctx, HeadlineFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if ids := headlineIDs(hs); !sameIDs(ids, "a2", "b1", "a1") {
		t.Fatalf("headlines %v, want a2 b1 a1 (c is not subscribed)", ids)
	}
	h := hs[0]
	if h.Feed != "Alpha" || h.Subscription != "https://a.example/feed" || h.TitleEN != "new a" || h.TitleZH != "" ||
		h.Languages != "en" || h.Link != "https://example.com/a2" || !h.Published.Equal(dated("a2", "", 5).Published) {
		t.Errorf("headline %+v", h)
	}
	if hs[1].Feed != "Feed b" {
		t.Errorf("untitled subscription shows %q, want the feed's own title", hs[1].Feed)
	}
	a, ok, err := s.Article(ctx, h.Key)
	if err != nil || !ok || a.EN.Blocks[0].Text != "new a body" || a.Source != "https://a.example/feed" {
		t.Errorf("Article(%v) = %+v, %v, %v", h.Key, a, ok, err)
	}
	if _, ok, err := s.Article(ctx, ArticleKey{"https://b.example/feed", "a2"}); ok || err != nil {
		t.Errorf("another source's key finds an article: %v %v", ok, err)
	}
	hs, err = s.Headlines(ctx, HeadlineFilter{Limit: 1})
	if err != nil || !sameIDs(headlineIDs(hs), "a2") {
		t.Errorf("Limit 1: %v %v", headlineIDs(hs), err)
	}
}

func TestHeadlineFiltersFeedTagUnreadStarred(t *testing.T) {
	ctx := context.Background()
	s := dailyStore(t)
	if err := s.SetRead(ctx, ArticleKey{"https://a.example/feed", "a2"}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStarred(ctx, ArticleKey{"https://c.example/feed", "c1"}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStarred(ctx, ArticleKey{"https://a.example/feed", "a1"}, true); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		f    HeadlineFilter
		want []string
	}{
		{"feed", HeadlineFilter{Feed: "https://a.example/feed"}, []string{"a2", "a1"}},
		{"unsubscribed feed", HeadlineFilter{Feed: "https://c.example/feed"}, []string{"c1"}},
		{"tag tech", HeadlineFilter{Tag: "tech"}, []string{"b1"}},
		{"tag none", HeadlineFilter{Tag: "sport"}, nil},
		{"unread", HeadlineFilter{Unread: true}, []string{"b1", "a1"}},
		{"starred of any source", HeadlineFilter{Starred: true}, []string{"c1", "a1"}},
		{"starred of a tag", HeadlineFilter{Starred: true, Tag: "world"}, []string{"a1"}},
	} {
		for _, flushed := range []bool{false, true} {
			if flushed {
				if err := s.Flush(ctx); err != nil {
					t.Fatal(err)
				}
			}
			hs, err := s.Headlines(ctx, c.f)
			if err != nil || !sameIDs(headlineIDs(hs), c.want...) {
				t.Errorf("%s (flushed %v): %v %v, want %v", c.name, flushed, headlineIDs(hs), err, c.want)
			}
		}
	}
}

func TestSubscriptionsMergeDuplicatesCountAndRemove(t *testing.T) {
	ctx := context.Background()
	s := dailyStore(t)
	added, err := s.AddSubscriptions(ctx, []Subscription{
		{Source: "https://a.example/feed", Tags: []string{"news"}, Title: "Alpha \x1b[31mred"},
		{Source: "https://d.example/feed"},
		{Source: "https://d.example/feed", Tags: []string{"x"}},
	})
	if err != nil || added != 1 {
		t.Fatalf("added %d, %v; want 1 (a merged, d once)", added, err)
	}
	if err := s.SetRead(ctx, ArticleKey{"https://a.example/feed", "a1"}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetFetchResult(ctx, "https://b.example/feed", time.Now(), errors.New("feed: b: 500\nInternal \x1b]0;x\x07")); err != nil {
		t.Fatal(err)
	}
	subs, err := s.Subscriptions(ctx)
	if err != nil || len(subs) != 3 {
		t.Fatalf("subscriptions %+v %v", subs, err)
	}
	a, b, d := subs[0], subs[1], subs[2]
	if a.N != 1 || a.Title != "Alpha red" || !sameIDs(a.Tags, "news", "world") || a.Total != 2 || a.Unread != 1 {
		t.Errorf("a: %+v", a)
	}
	if b.N != 2 || b.LastError != "feed: b: 500 Internal" || b.Fetched.IsZero() || b.Total != 1 || b.Unread != 1 {
		t.Errorf("b: %+v", b)
	}
	if d.N != 3 || !sameIDs(d.Tags, "x") || d.Total != 0 || d.Added.IsZero() {
		t.Errorf("d: %+v", d)
	}
	if got, err := s.RemoveSubscription(ctx, "2"); err != nil || got.Source != "https://b.example/feed" {
		t.Errorf("remove 2: %+v %v", got, err)
	}
	if got, err := s.RemoveSubscription(ctx, "https://d.example/feed"); err != nil || got.Source != "https://d.example/feed" {
		t.Errorf("remove by source: %+v %v", got, err)
	}
	if _, err := s.RemoveSubscription(ctx, "7"); !errors.Is(err, ErrNoSubscription) {
		t.Errorf("remove 7: %v, want ErrNoSubscription", err)
	}
	if _, err := s.AddSubscriptions(ctx, []Subscription{{Source: " "}}); err == nil {
		t.Error("a subscription without a source was added")
	}
	if subs, _ := s.Subscriptions(ctx); len(subs) != 1 || subs[0].N != 1 {
		t.Errorf("after removals: %+v", subs)
	}
}

func TestMarkAllReadReturnsWhatChangedAndUndoRestoresIt(t *testing.T) {
	ctx := context.Background()
	s := dailyStore(t)
	before := ArticleKey{"https://a.example/feed", "a1"}
	if err := s.SetRead(ctx, before, true); err != nil {
		t.Fatal(err)
	}
	hs, err := s.Headlines(ctx, HeadlineFilter{})
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]ArticleKey, len(hs))
	for i, h := range hs {
		keys[i] = h.Key
	}
	undo, err := s.MarkAllRead(ctx, append(keys, keys[0]))
	if err != nil || len(undo.Keys) != 2 {
		t.Fatalf("MarkAllRead changed %v, %v; want the 2 unread ones", undo.Keys, err)
	}
	if unread, _ := s.Headlines(ctx, HeadlineFilter{Unread: true}); len(unread) != 0 {
		t.Errorf("unread after A: %v", headlineIDs(unread))
	}
	if err := s.UndoMarkAll(ctx, undo); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	read, _ := s.ReadMarks(ctx, keys)
	if len(read) != 1 || !read[before] {
		t.Errorf("after undo, read: %v; want only the one read before A", read)
	}
}

func TestPruneDeletesOldReadButKeepsUnreadStarredAndIndexInStep(t *testing.T) {
	ctx := context.Background()
	s := dailyStore(t)
	for _, k := range []ArticleKey{{"https://a.example/feed", "a1"}, {"https://a.example/feed", "a2"}, {"https://b.example/feed", "b1"}} {
		if err := s.SetRead(ctx, k, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetStarred(ctx, ArticleKey{"https://b.example/feed", "b1"}, true); err != nil {
		t.Fatal(err)
	}
	a1 := ArticleKey{"https://a.example/feed", "a1"}
	if err := s.SaveTranslation(ctx, TranslationKey{Source: a1.Source, ArticleID: a1.ID, TextHash: "h", Backend: "deepl", Model: "m", Direction: "en-zh"},
		&feed.Version{Title: "旧"}); err != nil {
		t.Fatal(err)
	}
	// Day 7: a1 (day 1) and b1 (day 3) are more than 3 days old, a2 not.
	now := time.Date(2026, 1, 8, 0, 0, 0, 0, time.UTC)
	n, err := s.Prune(ctx, 3*24*time.Hour, now)
	if err != nil || n != 1 {
		t.Fatalf("Prune deleted %d, %v; want 1 (a1: b1 is starred, a2 young)", n, err)
	}
	all, _ := s.Headlines(ctx, HeadlineFilter{})
	if !sameIDs(headlineIDs(all), "a2", "b1") {
		t.Errorf("after prune: %v", headlineIDs(all))
	}
	if found, err := s.Search(ctx, "old", 0); err != nil || len(found) != 0 {
		t.Errorf("search finds the pruned article: %v %v", ids(found), err)
	}
	if _, ok, _ := s.Translation(ctx, TranslationKey{Source: a1.Source, ArticleID: a1.ID, TextHash: "h", Backend: "deepl", Model: "m", Direction: "en-zh"}); ok {
		t.Error("the pruned article's translation is kept")
	}
	if got, _, _ := s.SourceArticles(ctx, "https://a.example/feed"); len(got) != 1 || got[0].ID != "a2" {
		t.Errorf("offline copy after prune: %v", got)
	}
	if read, _ := s.ReadMarks(ctx, []ArticleKey{a1}); !read[a1] {
		t.Error("the pruned article's read mark is gone: it would come back unread")
	}
	// A subscription's own keep wins over the global one.
	if _, err := s.AddSubscriptions(ctx, []Subscription{{Source: "https://a.example/feed", Keep: time.Hour}}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Prune(ctx, 0, now); err != nil || n != 1 {
		t.Errorf("Prune with a per-feed keep deleted %d, %v; want a2", n, err)
	}
	var check string
	if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check: %q %v", check, err)
	}
}

func TestSubscriptionAddedWhileAnotherProcessHoldsTheLock(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	release := holdWriteLock(t, path)
	go func() {
		time.Sleep(busyTimeout + 500*time.Millisecond)
		release()
	}()
	start := time.Now()
	if _, err := s.AddSubscriptions(ctx, []Subscription{{Source: "https://a.example/feed"}}); err != nil {
		t.Fatalf("after %v: %v", time.Since(start), err)
	}
	if subs, err := s.Subscriptions(ctx); err != nil || len(subs) != 1 {
		t.Errorf("subscriptions: %+v %v", subs, err)
	}
}

func TestMigrationFillsHeadlineFields(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	schema2DB(t, path)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	hs, err := s.Headlines(ctx, HeadlineFilter{Feed: "a.xml"})
	if err != nil || len(hs) != 2 {
		t.Fatalf("headlines of a.xml: %+v %v", hs, err)
	}
	for _, h := range hs {
		if h.TitleEN != h.Key.ID+" words" || h.Languages != "en" || h.TitleZH != "" {
			t.Errorf("migrated headline %+v", h)
		}
	}
}
