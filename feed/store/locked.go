package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// writeTx runs fn in a transaction and commits it, waiting as long as ctx
// allows for a write lock that another connection or process holds. Like
// the write queue (queue.go), it tries again every busyRetry rather than in
// SQLite's busy handler, whose growing sleeps miss the short gaps between
// the chunks of a big save; fn may run more than once and must not keep
// state between runs. Used for the user's writes that must not be lost but
// whose caller waits for the answer: subscriptions, fetch results, marks
// of a whole list and their undo, retention.
func (s *Store) writeTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if err := s.writable(ctx); err != nil {
		return err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return s.check(err)
	}
	defer func() {
		// Give the pool its busy timeout back.
		_, _ = conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA busy_timeout = %d", busyTimeout.Milliseconds()))
		conn.Close()
	}()
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 0"); err != nil {
		return s.check(err)
	}
	for {
		err := runTx(ctx, conn, fn)
		if !isBusy(err) {
			return s.check(err)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for the database lock: %w", ctx.Err())
		case <-time.After(busyRetry):
		}
	}
}

// writeTxWaiting is writeTx waiting at most saveBusyWait for the lock, for
// the writes that keep work done outside the database (the validators
// of a feed just saved, a translation from the reader's backend, an
// article page fetched), whose callers set no deadline: with SQLite's busy
// timeout alone they gave up after 5 s while a refresh saved big feeds,
// and the work was lost.
func (s *Store) writeTxWaiting(ctx context.Context, fn func(tx *sql.Tx) error) error {
	ctx, cancel := context.WithTimeout(ctx, saveBusyWait)
	defer cancel()
	return s.writeTx(ctx, fn)
}

func runTx(ctx context.Context, conn *sql.Conn, fn func(tx *sql.Tx) error) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// lockHold is how long a writer of many chunks (a big save, the indexer)
// may hold the write lock, chunk after chunk, before it pauses for
// chunkGap so that another process can take it. Pausing after every chunk
// cost a save of 10,000 new articles 0.4 s, 40% of its time with the
// lock; pausing after lockHold, two chunks of 500 on this machine, costs
// it half that, and a mark of another process waits at most about
// lockHold plus a chunk. It is kept short: at 100 ms the marks of another
// process under the race detector missed the gaps through Close's 3 s
// (TestMarksDuringBigSavesOfAnotherProcess failed one run in three), and
// writers that wait in SQLite's busy handler (the validators of a URL, a
// translation) wake only every 100 ms at most.
const lockHold = 50 * time.Millisecond

// pacer tells a writer of many chunks when to yield the lock between two
// of them. The zero value is not usable: see newPacer.
type pacer struct {
	s     *Store
	since time.Time // since when the lock has been held without a pause
}

func newPacer(s *Store) *pacer { return &pacer{s: s, since: time.Now()} }

// between is called after a chunk's commit, before the next chunk begins.
// It yields the lock (see yieldLock) when this process has marks or
// preferences queued, which are let in at once as before, or when the
// lock has been held for lockHold since the last pause and another Store
// has the database open (presence.go); else it returns at once and the
// next chunk follows. It pauses chunkGap only for another Store.
func (p *pacer) between(ctx context.Context) {
	marks, prefs, _, _ := p.s.queue.counts()
	own := marks+prefs > 0
	if !own && time.Since(p.since) < lockHold {
		return
	}
	others := p.s.open.others()
	if !own && !others {
		return // nobody to pause for: asked again after the next chunk
	}
	p.s.yieldLock(ctx, others)
	p.since = time.Now()
}
