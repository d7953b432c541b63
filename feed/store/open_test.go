package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"
)

// holdWriteLock opens path as another connection would and holds its write
// lock (BEGIN IMMEDIATE) until the returned function is called. It has
// the database open as another xinwen would (presence.go), so that the
// Store's big writes pause for it.
func holdWriteLock(t *testing.T, path string) (release func()) {
	t.Helper()
	present := openPresence(path)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// The Store's own background writers (the search indexer after a
	// save) may hold the lock a moment: wait for it, as a process would.
	if _, err := conn.ExecContext(context.Background(), "PRAGMA busy_timeout = 10000"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	return func() {
		_, _ = conn.ExecContext(context.Background(), "ROLLBACK")
		conn.Close()
		db.Close()
		present.close()
	}
}

func TestOpenWhileAnotherHoldsTheWriteLock(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSource(ctx, "a.xml", fullArticles(), time.Time{}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	release := holdWriteLock(t, path)
	defer release()
	start := time.Now()
	second, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("second Open while the write lock is held: %v", err)
	}
	defer second.Close()
	got, _, err := second.SourceArticles(ctx, "a.xml")
	if err != nil || len(got) != len(fullArticles()) {
		t.Errorf("reading while the write lock is held: %d articles, %v", len(got), err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Open and a read took %v with the write lock held elsewhere; they need no write lock", d)
	}
}
