package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"
)

// The write queue. Read marks and preferences are small writes that must
// never be lost, yet another connection or process may hold the write lock
// for longer than the busy timeout (a big save, a migration). So they are
// queued, in order, one entry per mark or preference (the last state
// wins), and one goroutine of the Store writes the queue on a connection of
// its own with a short busy timeout, retrying until the lock frees. Reads
// of marks and preferences see the queued state at once. [Store.Flush]
// and [Store.Close] wait for the queue, for at most flushTimeout.

// ErrUnsaved is wrapped by the error of [Store.Flush] and [Store.Close]
// when queued read marks or preferences could not be written.
var ErrUnsaved = errors.New("not saved")

// flushTimeout is how long Close waits for queued marks and preferences.
const flushTimeout = 3 * time.Second

// queueBusyTimeout is the busy timeout of the queue's connection: none.
// SQLite's own busy handler sleeps longer and longer between tries (up to
// 100 ms), and would mostly miss the short gaps between the chunks of a
// save in another process; the queue tries again every busyRetry instead.
const queueBusyTimeout = 0

// busyRetry is the pause before the queue tries again when the lock is
// held: short, to catch the gap between two chunks (chunkGap).
const busyRetry = time.Millisecond

// writeWait is how long SetRead and SetPreference wait for their write
// before they leave it queued and return.
const writeWait = 200 * time.Millisecond

// retryDelay is the pause before the queue tries again after a failure.
const retryDelay = 10 * time.Millisecond

// yieldWait bounds how long a chunked save waits for queued writes
// between two chunks.
const yieldWait = 500 * time.Millisecond

// chunkGap is the pause between two chunks of a save (after lockHold, and
// only when another Store has the database open: see pacer), in which a waiting
// connection of another process can take the write lock. That process
// polls every busyRetry but must also be scheduled: on two busy cores 5 ms
// was too short for it (TestMarksDuringBigSavesOfAnotherProcess lost marks
// about one run in five under the race detector), 20 ms is enough.
const chunkGap = 20 * time.Millisecond

// write is one queued mark or preference.
type write struct {
	seq    uint64
	isMark bool
	isStar bool       // a star: key, and read says whether it is set
	key    ArticleKey // a mark's article
	read   bool
	pref   string // a preference's key
	value  string
}

// queue is the pending writes and what became of the last attempt.
type queue struct {
	mu      sync.Mutex
	pending []write // oldest first, one per mark or preference
	seq     uint64
	lastErr error         // of the last attempt, nil after a success
	changed chan struct{} // closed and replaced after every attempt
	wake    chan struct{} // has room for one signal
}

func newQueue() *queue {
	return &queue{changed: make(chan struct{}), wake: make(chan struct{}, 1)}
}

// add queues w, replacing a queued write of the same mark or preference,
// and returns its sequence number and a channel closed after the next
// attempt.
func (q *queue) add(w write) (uint64, <-chan struct{}) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, p := range q.pending {
		if p.isMark == w.isMark && p.isStar == w.isStar && p.key == w.key && p.pref == w.pref {
			q.pending = append(q.pending[:i], q.pending[i+1:]...)
			break
		}
	}
	q.seq++
	w.seq = q.seq
	q.pending = append(q.pending, w)
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return w.seq, q.changed
}

// addAll queues ws as add does each, in time linear in the queue and ws,
// and returns the last sequence number and a channel closed after the next
// attempt.
func (q *queue) addAll(ws []write) (uint64, <-chan struct{}) {
	q.mu.Lock()
	defer q.mu.Unlock()
	type id struct {
		isMark, isStar bool
		key            ArticleKey
		pref           string
	}
	replaced := make(map[id]bool, len(ws))
	for _, w := range ws {
		replaced[id{w.isMark, w.isStar, w.key, w.pref}] = true
	}
	kept := q.pending[:0]
	for _, p := range q.pending {
		if !replaced[id{p.isMark, p.isStar, p.key, p.pref}] {
			kept = append(kept, p)
		}
	}
	q.pending = kept
	seen := make(map[id]int, len(ws))
	for _, w := range ws {
		q.seq++
		w.seq = q.seq
		k := id{w.isMark, w.isStar, w.key, w.pref}
		if i, ok := seen[k]; ok { // the last state wins
			q.pending[i] = w
			continue
		}
		seen[k] = len(q.pending)
		q.pending = append(q.pending, w)
	}
	select {
	case q.wake <- struct{}{}:
	default:
	}
	return q.seq, q.changed
}

// state reports whether the write seq is still queued, a channel closed
// after the next attempt and the error of the last one.
func (q *queue) state(seq uint64) (queued bool, next <-chan struct{}, err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, p := range q.pending {
		if p.seq == seq {
			return true, q.changed, q.lastErr
		}
	}
	return false, q.changed, nil
}

// snapshot returns a copy of the pending writes.
func (q *queue) snapshot() []write {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]write(nil), q.pending...)
}

// done records an attempt at writing ws: on success they leave the queue,
// unless a newer write of the same mark or preference came meanwhile.
func (q *queue) done(ws []write, err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.lastErr = err
	if err == nil {
		written := make(map[uint64]bool, len(ws))
		for _, w := range ws {
			written[w.seq] = true
		}
		kept := q.pending[:0]
		for _, p := range q.pending {
			if !written[p.seq] {
				kept = append(kept, p)
			}
		}
		q.pending = kept
	}
	close(q.changed)
	q.changed = make(chan struct{})
}

// counts returns how many marks and preferences are queued, a channel
// closed after the next attempt and the error of the last one.
func (q *queue) counts() (marks, prefs int, next <-chan struct{}, err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, p := range q.pending {
		if p.isMark || p.isStar {
			marks++
		} else {
			prefs++
		}
	}
	return marks, prefs, q.changed, q.lastErr
}

// marks returns the queued state of every queued mark.
func (q *queue) marks() map[ArticleKey]bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	m := map[ArticleKey]bool{}
	for _, p := range q.pending {
		if p.isMark {
			m[p.key] = p.read
		}
	}
	return m
}

// stars returns the queued state of every queued star.
func (q *queue) stars() map[ArticleKey]bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	m := map[ArticleKey]bool{}
	for _, p := range q.pending {
		if p.isStar {
			m[p.key] = p.read
		}
	}
	return m
}

// preference returns the queued value of a preference.
func (q *queue) preference(key string) (string, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, p := range q.pending {
		if !p.isMark && !p.isStar && p.pref == key {
			return p.value, true
		}
	}
	return "", false
}

// enqueue queues w and waits, at most writeWait, for it to be written. It
// returns nil when it was written or is still waiting for the lock, and
// the error of the last attempt otherwise; w stays queued either way.
func (s *Store) enqueue(ctx context.Context, w write) error {
	if err := s.refused(); err != nil {
		return err
	}
	seq, next := s.queue.add(w)
	return s.waitFor(ctx, seq, next)
}

// waitFor waits, at most writeWait, for the write seq; next is closed
// after the next attempt.
func (s *Store) waitFor(ctx context.Context, seq uint64, next <-chan struct{}) error {
	timer := time.NewTimer(writeWait)
	defer timer.Stop()
	for {
		select {
		case <-next:
		case <-timer.C:
			return nil
		case <-ctx.Done():
			return nil
		}
		queued, n, err := s.queue.state(seq)
		switch {
		case !queued:
			return nil
		case err != nil && !isBusy(err):
			return err
		}
		next = n
	}
}

// enqueueAll queues ws at once and waits as enqueue does for the last.
// Since writeLoop writes a snapshot of the queue in one transaction, they
// are written together.
func (s *Store) enqueueAll(ctx context.Context, ws []write) error {
	if err := s.refused(); err != nil {
		return err
	}
	if len(ws) == 0 {
		return nil
	}
	seq, next := s.queue.addAll(ws)
	return s.waitFor(ctx, seq, next)
}

// writeLoop writes the queue until the Store closes.
func (s *Store) writeLoop(conn *sql.Conn) {
	select {
	case <-s.verdict: // nothing is written before the check of the file
	case <-s.closing:
		return
	}
	for {
		ws := s.queue.snapshot()
		if len(ws) == 0 || s.Corrupt() != nil {
			select {
			case <-s.queue.wake:
				continue
			case <-s.closing:
				return
			}
		}
		err := s.check(writeAll(context.Background(), conn, ws))
		s.queue.done(ws, err)
		if err != nil {
			pause := retryDelay
			if isBusy(err) {
				pause = busyRetry
			}
			select {
			case <-time.After(pause):
			case <-s.closing:
				return
			}
		}
	}
}

// writeAll writes ws in one transaction.
func writeAll(ctx context.Context, conn *sql.Conn, ws []write) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	now := time.Now().UnixNano()
	for _, w := range ws {
		switch {
		case w.isStar && w.read:
			_, err = tx.ExecContext(ctx, `INSERT INTO stars (source, article_id, starred_at) VALUES (?, ?, ?)
				ON CONFLICT (source, article_id) DO NOTHING`, w.key.Source, w.key.ID, now)
		case w.isStar:
			_, err = tx.ExecContext(ctx, "DELETE FROM stars WHERE source = ? AND article_id = ?", w.key.Source, w.key.ID)
		case !w.isMark:
			_, err = tx.ExecContext(ctx, `INSERT INTO preferences (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, w.pref, w.value)
		case w.read:
			_, err = tx.ExecContext(ctx, `INSERT INTO read_marks (source, article_id, read_at) VALUES (?, ?, ?)
				ON CONFLICT (source, article_id) DO NOTHING`, w.key.Source, w.key.ID, now)
		default:
			_, err = tx.ExecContext(ctx, "DELETE FROM read_marks WHERE source = ? AND article_id = ?", w.key.Source, w.key.ID)
		}
		if err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Flush waits until every queued read mark and preference is written, or
// until ctx is done. It returns nil when they all are, and otherwise an
// error saying how many could not be saved and why; they stay queued.
func (s *Store) Flush(ctx context.Context) error {
	for {
		marks, prefs, next, err := s.queue.counts()
		if marks+prefs == 0 {
			return nil
		}
		if s.Corrupt() != nil {
			return s.unsaved(marks, prefs, s.Corrupt())
		}
		select {
		case <-next:
		case <-ctx.Done():
			if err == nil {
				err = fmt.Errorf("gave up after waiting: %w", ctx.Err())
			}
			return s.unsaved(marks, prefs, err)
		}
	}
}

// unsaved words the error of Flush.
func (s *Store) unsaved(marks, prefs int, err error) error {
	var what []string
	if marks > 0 {
		what = append(what, plural(marks, "read mark"))
	}
	if prefs > 0 {
		what = append(what, plural(prefs, "preference"))
	}
	if errors.Is(err, ErrCorrupt) { // names the path already
		return fmt.Errorf("store: %s %w: %w", joinAnd(what), ErrUnsaved, err)
	}
	return fmt.Errorf("store: %s: %s %w: %w", s.path, joinAnd(what), ErrUnsaved, err)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func joinAnd(parts []string) string {
	if len(parts) == 2 {
		return parts[0] + " and " + parts[1]
	}
	return parts[0]
}

// yieldLock is called by a chunked save between two chunks: it lets queued
// marks and preferences of this process be written first (waiting at most
// yieldWait), then, with pause, pauses for chunkGap so that another
// process waiting for the lock can take it.
func (s *Store) yieldLock(ctx context.Context, pause bool) {
	deadline := time.NewTimer(yieldWait)
	defer deadline.Stop()
wait:
	for {
		marks, prefs, next, _ := s.queue.counts()
		if marks+prefs == 0 || s.Corrupt() != nil {
			break
		}
		select {
		case <-next:
		case <-deadline.C:
			break wait
		case <-ctx.Done():
			break wait
		}
	}
	if pause {
		time.Sleep(chunkGap)
	}
}
