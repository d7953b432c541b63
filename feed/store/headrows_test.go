package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// manyStore has subscriptions a (600 articles: their marks are read in one
// range) and b (20: looked up one by one), every
// third article of each read and every tenth starred; the articles of a
// and b alternate in time, and a1 and b1 share their date.
func manyStore(t *testing.T) (*Store, map[ArticleKey]bool, map[ArticleKey]bool) {
	t.Helper()
	ctx := context.Background()
	s := openTemp(t)
	read, starred := map[ArticleKey]bool{}, map[ArticleKey]bool{}
	for _, f := range []struct {
		source string
		n      int
	}{{"https://a.example/feed", 600}, {"https://b.example/feed", 20}} {
		if _, err := s.AddSubscriptions(ctx, []Subscription{{Source: f.source}}); err != nil {
			t.Fatal(err)
		}
		var articles []feed.Article
		for i := 1; i <= f.n; i++ {
			a := dated(fmt.Sprintf("%c%d", f.source[8], i), fmt.Sprintf("title %d", i), 0)
			a.Published = a.Published.Add(time.Duration(2*i) * time.Minute)
			if f.source[8] == 'b' {
				a.Published = a.Published.Add(time.Minute)
			}
			if i == 1 {
				a.Published = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			}
			articles = append(articles, a)
			k := ArticleKey{f.source, a.ID}
			if i%3 == 0 {
				read[k] = true
				if err := s.SetRead(ctx, k, true); err != nil {
					t.Fatal(err)
				}
			}
			if i%10 == 0 {
				starred[k] = true
				if err := s.SetStarred(ctx, k, true); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := s.SaveSource(ctx, f.source, articles, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	return s, read, starred
}

// checkOrderAndState fails the test when hs is not newest first (the
// later stored first among equal dates) or a state differs from read
// and starred.
func checkOrderAndState(t *testing.T, what string, hs []Headline, read, starred map[ArticleKey]bool) {
	t.Helper()
	for i, h := range hs {
		if h.Read != read[h.Key] || h.Starred != starred[h.Key] {
			t.Errorf("%s: %s read %v starred %v, want %v %v", what, h.Key.ID, h.Read, h.Starred, read[h.Key], starred[h.Key])
		}
		if i > 0 && hs[i-1].Published.Before(h.Published) {
			t.Errorf("%s: %s (%v) before %s (%v)", what, hs[i-1].Key.ID, hs[i-1].Published, h.Key.ID, h.Published)
		}
	}
}

func TestHeadlinesOfManyAndFewRowsHaveTheirMarksStarsAndOrder(t *testing.T) {
	ctx := context.Background()
	s, read, starred := manyStore(t)
	all, err := s.Headlines(ctx, HeadlineFilter{})
	if err != nil || len(all) != 620 {
		t.Fatalf("all: %d headlines, %v", len(all), err)
	}
	checkOrderAndState(t, "all", all, read, starred)
	// a1 and b1 share a date: b1, stored later, comes first; both last.
	if n := len(all); all[n-2].Key.ID != "b1" || all[n-1].Key.ID != "a1" {
		t.Errorf("the oldest two: %s, %s; want b1, a1", all[n-2].Key.ID, all[n-1].Key.ID)
	}
	if all[0].Key.ID != "a600" || all[0].Subscription != "https://a.example/feed" {
		t.Errorf("newest: %+v", all[0])
	}
	first, err := s.Headlines(ctx, HeadlineFilter{Limit: 30})
	if err != nil || len(first) != 30 {
		t.Fatalf("first 30: %d, %v", len(first), err)
	}
	checkOrderAndState(t, "first 30", first, read, starred)
	for i := range first {
		if first[i].Key != all[i].Key {
			t.Fatalf("first 30 differ from all at %d: %s, %s", i, first[i].Key.ID, all[i].Key.ID)
		}
	}
	few, err := s.Headlines(ctx, HeadlineFilter{Feed: "https://b.example/feed"})
	if err != nil || len(few) != 20 {
		t.Fatalf("b: %d, %v", len(few), err)
	}
	checkOrderAndState(t, "b", few, read, starred)
	unread, err := s.Headlines(ctx, HeadlineFilter{Unread: true})
	if err != nil || len(unread) != len(all)-len(read) {
		t.Errorf("unread: %d, %v; want %d", len(unread), err, len(all)-len(read))
	}
	checkOrderAndState(t, "unread", unread, read, starred)
	stars, err := s.Headlines(ctx, HeadlineFilter{Starred: true})
	if err != nil || len(stars) != len(starred) {
		t.Errorf("starred: %d, %v; want %d", len(stars), err, len(starred))
	}
	checkOrderAndState(t, "starred", stars, read, starred)
}

func TestStarredHeadlinesIncludeQueuedStarsWithinTheirScope(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, c := "https://a.example/feed", "https://c.example/feed"
	if _, err := s.AddSubscriptions(ctx, []Subscription{{Source: a}}); err != nil {
		t.Fatal(err)
	}
	for source, articles := range map[string][]feed.Article{
		a: {dated("a1", "one", 1), dated("a2", "two", 2)},
		c: {dated("c1", "unsubscribed", 3)},
	} {
		if err := s.SaveSource(ctx, source, articles, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetStarred(ctx, ArticleKey{a, "a1"}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	release := holdWriteLock(t, path)
	defer release()
	for _, w := range []struct {
		k  ArticleKey
		on bool
	}{{ArticleKey{a, "a1"}, false}, {ArticleKey{a, "a2"}, true}, {ArticleKey{c, "c1"}, true}, {ArticleKey{c, "never"}, true}} {
		if err := s.SetStarred(ctx, w.k, w.on); err != nil {
			t.Fatal(err)
		}
	}
	hs, err := s.Headlines(ctx, HeadlineFilter{Starred: true})
	if err != nil || !sameIDs(headlineIDs(hs), "c1", "a2") {
		t.Errorf("starred with queued stars: %v, %v; want c1, a2", headlineIDs(hs), err)
	}
	if len(hs) == 2 && (hs[0].Subscription != "" || hs[1].Subscription != a || !hs[0].Starred) {
		t.Errorf("starred headlines %+v", hs)
	}
	if hs, err := s.Headlines(ctx, HeadlineFilter{Starred: true, Feed: a}); err != nil || !sameIDs(headlineIDs(hs), "a2") {
		t.Errorf("starred of a: %v, %v; want a2", headlineIDs(hs), err)
	}
}

func TestHeadlineWhoseTitleHoldsTheUnitSeparatorIsReadWhole(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a := dated("x1", "before"+unitSep+"after", 1)
	a.ID = "id" + unitSep + "with separator"
	a.Link = "https://example.com/x1"
	if err := s.SaveSource(ctx, "x.xml", []feed.Article{a, dated("x2", "plain", 2)}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	for _, f := range []HeadlineFilter{{Feed: "x.xml"}, {Feed: "x.xml", Limit: 5}} {
		hs, err := s.Headlines(ctx, f)
		if err != nil || len(hs) != 2 {
			t.Fatalf("%+v: %d, %v", f, len(hs), err)
		}
		h := hs[1]
		if h.Key.ID != a.ID || h.TitleEN != feed.Clean(a.EN.Title) || h.Link != a.Link || h.Feed != a.Feed || hs[0].TitleEN != "plain" {
			t.Errorf("%+v: %q %q %q %q", f, h.Key.ID, h.TitleEN, h.Link, h.Feed)
		}
	}
}
