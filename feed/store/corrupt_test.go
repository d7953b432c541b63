package store

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// damage writes n bytes of garbage into the middle of the file at path.
func damage(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	garbage := bytes.Repeat([]byte("garbage!"), n/8)
	if _, err := f.WriteAt(garbage, info.Size()/2); err != nil {
		t.Fatal(err)
	}
}

func TestCorruptionFoundWhileListingIsReportedAndStopsWrites(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	articles := newGen(21).articles(0, 600)
	if err := s.SaveSource(ctx, "feed.xml", articles, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	damage(t, path, 40<<10)

	// What list does: open, read the offline copy and the marks, save.
	s, err = Open(ctx, path)
	if err != nil {
		t.Skipf("the damage was found at Open already: %v", err)
	}
	_, _, err = s.SourceArticles(ctx, "feed.xml")
	if err == nil {
		_, err = s.Unread(ctx, articles)
	}
	if err == nil {
		err = s.SaveSource(ctx, "feed.xml", articles, time.Time{})
	}
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), path) {
		t.Fatalf("reading and saving a damaged database: %v; want ErrCorrupt naming %s", err, path)
	}
	if s.Corrupt() == nil {
		t.Error("Corrupt() is nil after the damage was met")
	}
	detected, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Every write is refused from now on, naming the file.
	changed := newGen(22).articles(0, 50)
	for name, write := range map[string]func() error{
		"SaveSource":        func() error { return s.SaveSource(ctx, "other.xml", changed, time.Time{}) },
		"SetRead":           func() error { return s.SetRead(ctx, ArticleKey{"feed.xml", articles[0].ID}, true) },
		"SetPreference":     func() error { return s.SetPreference(ctx, "language", "en") },
		"SetHTTPValidators": func() error { return s.SetHTTPValidators(ctx, "https://x/", "e", "", time.Now()) },
	} {
		if err := write(); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), path) {
			t.Errorf("%s after the damage: %v; want ErrCorrupt naming the path", name, err)
		}
	}
	s.Close()
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(detected, after) {
		t.Error("the damaged file changed after the damage was found")
	}
}
