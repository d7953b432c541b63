package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"
)

// TestBigSavePausesAfterLockHoldNotAfterEveryChunk watches a save of many
// chunks from another connection that tries for the write lock every
// millisecond: the save commits every chunk, but lets the lock go for
// chunkGap only after holding it for lockHold, so the watcher gets it
// about once per lockHold of the save, not after every chunk (which cost
// a save of 10,000 articles 0.4 s). A chunk takes at most about chunkTime,
// so pausing after every one would let the watcher in once per chunkTime
// plus chunkGap, more often.
func TestBigSavePausesAfterLockHoldNotAfterEveryChunk(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	articles := newGen(17).articles(0, 20*chunkArticles)
	watcher, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	defer watcher.Close()
	conn, err := watcher.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
		t.Fatal(err)
	}
	version := func() int64 {
		var v int64
		if err := conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	saved := make(chan error, 1)
	start := time.Now()
	go func() { saved <- s.SaveSource(ctx, "https://big.example/feed", articles, time.Time{}) }()
	// commits counts the save's commits (data_version changes when
	// another connection commits); let, the commits after which the
	// watcher got the lock.
	last, commits, let := version(), 0, 0
	gotSince := false
	for done := false; !done; {
		select {
		case err := <-saved:
			if err != nil {
				t.Fatal(err)
			}
			done = true
		case <-time.After(time.Millisecond):
		}
		if v := version(); v != last {
			last, commits, gotSince = v, commits+1, false
		}
		if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			continue // held by the save
		}
		if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			t.Fatal(err)
		}
		if !gotSince && !done {
			let, gotSince = let+1, true
		}
	}
	took := time.Since(start)
	t.Logf("%d commits in %v, the lock let go after %d", commits, took, let)
	if commits < 12 {
		t.Fatalf("the save of %d articles committed %d times, want one a chunk", len(articles), commits)
	}
	if most := int(took/lockHold) + 2; let > most {
		t.Errorf("the watcher got the lock after %d of the save's %d commits in %v, want at most %d (one per lockHold): it pauses after every chunk",
			let, commits, took, most)
	}
}
