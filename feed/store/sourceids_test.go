package store

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

func TestSourceIDsAreTheOfflineCopysIDs(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	mk := func(src string, ids ...string) []feed.Article {
		var out []feed.Article
		for _, id := range ids {
			out = append(out, feed.Article{ID: id, Source: src, ZH: &feed.Version{Title: "标题" + id}})
		}
		return out
	}
	if err := s.SaveSource(ctx, "/f/a.xml", mk("/f/a.xml", "1", "2"), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSource(ctx, "/f/a.xml", mk("/f/a.xml", "2", "3"), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSource(ctx, "/f/b.xml", mk("/f/b.xml", "9"), time.Time{}); err != nil {
		t.Fatal(err)
	}
	got, err := s.SourceIDs(ctx, "/f/a.xml")
	if err != nil {
		t.Fatal(err)
	}
	copy, _, err := s.SourceArticles(ctx, "/f/a.xml")
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, a := range copy {
		want = append(want, a.ID)
	}
	if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, want) {
		t.Errorf("SourceIDs %v, the offline copy's %v", keys, want)
	}
	if none, err := s.SourceIDs(ctx, "/f/never.xml"); err != nil || len(none) != 0 {
		t.Errorf("a source never saved: %v, %v", none, err)
	}
}
