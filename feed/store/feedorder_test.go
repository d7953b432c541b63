package store

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// headIDs returns the article IDs of heads, in order.
func headIDs(heads []Headline) []string {
	ids := make([]string, len(heads))
	for i, h := range heads {
		ids[i] = h.Key.ID
	}
	return ids
}

func TestHeadlinesInFeedOrderAreTheOrderOfTheLastSave(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	src := "https://a.example/feed"
	// The feed's order is not the order of the dates, and the second save
	// reorders it, drops an article and adds one.
	first := []feed.Article{dated("c", "c", 3), dated("a", "a", 1), dated("d", "d", 4), dated("b", "b", 2)}
	second := []feed.Article{dated("e", "e", 0), dated("b", "b", 2), dated("c", "c", 3), dated("a", "a", 1)}
	for _, c := range []struct {
		articles []feed.Article
		want     []string
	}{{first, []string{"c", "a", "d", "b"}}, {second, []string{"e", "b", "c", "a"}}} {
		if err := s.SaveSource(ctx, src, c.articles, time.Now()); err != nil {
			t.Fatal(err)
		}
		heads, err := s.Headlines(ctx, HeadlineFilter{Feed: src, InFeedOrder: true})
		if err != nil {
			t.Fatal(err)
		}
		if got := headIDs(heads); !slices.Equal(got, c.want) {
			t.Errorf("in feed order: %v, want %v", got, c.want)
		}
		newest, err := s.Headlines(ctx, HeadlineFilter{Feed: src})
		if err != nil {
			t.Fatal(err)
		}
		if slices.Equal(headIDs(newest), c.want) {
			t.Fatalf("newest first is the feed's order too (%v): the test shows nothing", c.want)
		}
	}
	// A mark still queued counts, as it does newest first.
	if err := s.SetRead(ctx, ArticleKey{Source: src, ID: "c"}, true); err != nil {
		t.Fatal(err)
	}
	heads, err := s.Headlines(ctx, HeadlineFilter{Feed: src, InFeedOrder: true, Unread: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := headIDs(heads), []string{"e", "b", "a"}; !slices.Equal(got, want) {
		t.Errorf("unread in feed order: %v, want %v", got, want)
	}
	other, err := s.Headlines(ctx, HeadlineFilter{Feed: "https://b.example/feed", InFeedOrder: true})
	if err != nil || len(other) != 0 {
		t.Errorf("a source never saved: %v, %v; want none", headIDs(other), err)
	}
}

func TestHeadlinesInFeedOrderOfADirectoryAreItsFilesInTheOrderSaved(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	dir := "/feeds"
	at := func(id, file string, day int) feed.Article {
		a := dated(id, id, day)
		a.Source = dir + "/" + file
		return a
	}
	articles := []feed.Article{at("b1", "b.xml", 1), at("a2", "a.xml", 5), at("a1", "a.xml", 2), at("b2", "b.xml", 9)}
	if err := s.SaveSource(ctx, dir, articles, time.Now()); err != nil {
		t.Fatal(err)
	}
	heads, err := s.Headlines(ctx, HeadlineFilter{Feed: dir, InFeedOrder: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := headIDs(heads), []string{"b1", "a2", "a1", "b2"}; !slices.Equal(got, want) {
		t.Errorf("a directory in feed order: %v, want %v", got, want)
	}
}

// TestInListOrderPutsEveryRowInItsPlace: rows in a random order, all in
// the list (moved where they are) and with some not in it (dropped, the
// rest copied), come back in the list's order.
func TestInListOrderPutsEveryRowInItsPlace(t *testing.T) {
	const n = 1000
	r := rand.New(rand.NewPCG(8, 8))
	place := map[int64]int{}
	for at, row := range r.Perm(n) {
		place[int64(row)] = at
	}
	for _, extra := range []int{0, 7} {
		var rows []headlineRow
		for row := range n + extra { // rows n and up are in no list
			rows = append(rows, headlineRow{row: int64(row)})
		}
		r.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
		got, placed := inListOrder(rows, place, n)
		if placed != n || len(got) != n {
			t.Fatalf("extra %d: placed %d, %d rows; want %d", extra, placed, len(got), n)
		}
		for at, g := range got {
			if place[g.row] != at {
				t.Fatalf("extra %d: place %d holds row %d, whose place is %d", extra, at, g.row, place[g.row])
			}
		}
	}
}
