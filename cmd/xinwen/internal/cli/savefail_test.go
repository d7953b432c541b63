package cli

import (
	"context"
	"database/sql"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// TestRefreshWaitsForALockHeldPastTheBusyTimeout holds the database's write
// lock from another connection for longer than one try of a save waits for
// it: the refresh must wait and store the feed. (It once printed "1 feeds:
// 2 new articles, 0 failed" and stored nothing; then it said the feed
// failed. That a save that does fail is reported is feed's
// TestWaitSaysWhichSourcesWereNotStored.)
func TestRefreshWaitsForALockHeldPastTheBusyTimeout(t *testing.T) {
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
	start := time.Now()
	out, errOut := mustRun(t, vars, 0, "refresh")
	<-released
	if out != "refreshed 1 feeds: 2 new articles, 0 failed\n" || errOut != "" {
		t.Errorf("refresh under the held lock: stdout %q, stderr %q", out, errOut)
	}
	if took := time.Since(start); took < 5*time.Second {
		t.Errorf("the refresh ended after %v, before the lock was free", took)
	}
	if rows := feedLines(t, vars); len(rows) != 1 || rows[0][2] != "2" || len(rows[0]) != 5 {
		t.Errorf("after the refresh: %q, want 2 stored and no error", rows)
	}
	out, _ = mustRun(t, vars, 0, "refresh")
	if out != "refreshed 1 feeds: 0 new articles, 0 failed\n" {
		t.Errorf("the next refresh: %q", out)
	}
}
