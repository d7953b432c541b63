package cli

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// TestRefreshWhoseSaveFailsSaysSo holds the database's write lock from
// another connection for longer than a save waits for it: the refresh
// must report the feed as failed (its articles were fetched, not stored),
// not count them as new, and the next refresh must store them.
func TestRefreshWhoseSaveFailsSaysSo(t *testing.T) {
	vars := subsEnv(t)
	srv := feedServer(t)
	mustRun(t, vars, 0, "add", srv.URL+"/ok")
	db, err := sql.Open("sqlite", vars["XINWEN_TEST_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 10000"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	released := make(chan struct{})
	go func() {
		defer close(released)
		time.Sleep(6500 * time.Millisecond) // longer than the store's busy timeout of 5 s
		conn.ExecContext(ctx, "COMMIT")
		conn.Close()
	}()
	out, errOut := mustRun(t, vars, exitFailed, "refresh")
	<-released
	if out != "refreshed 0 feeds: 0 new articles, 1 failed\n" {
		t.Errorf("summary %q, want the feed counted as failed and nothing new", out)
	}
	if !strings.Contains(errOut, srv.URL+"/ok: not stored") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("stderr %q, want one line naming the feed that was not stored", errOut)
	}
	out, _ = mustRun(t, vars, 0, "refresh")
	if out != "refreshed 1 feeds: 2 new articles, 0 failed\n" {
		t.Errorf("the refresh after the lock: %q", out)
	}
	if rows := feedLines(t, vars); len(rows) != 1 || rows[0][2] != "2" || len(rows[0]) != 5 {
		t.Errorf("after both refreshes: %q, want 2 stored and no error", rows)
	}
}
