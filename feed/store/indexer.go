package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync/atomic"
)

// How the search index keeps up with saves. Writing the FTS5 index was
// half the cost of a save: FTS5 hashes every term, and every commit of a
// chunked save flushed a segment that later saves had to merge. So a save
// does not write the index. It tokenizes each new row once (in Go, on the
// encoding goroutine, see write.go) and lists the row with its terms in
// search_pending, in the same transaction as the row itself. The indexer
// moves pending rows into the FTS5 table afterwards, indexChunk rows per
// transaction, yielding the lock between transactions like a chunked
// save, on a goroutine of the Store's own that the last save under way
// wakes when it finishes, and that gives way to the saves (beginSave).
//
// Search never misses a saved article: before it queries the index it
// indexes whatever is pending itself (see Store.Search). Deleting a row
// removes it from search_pending or from the index, in the transaction
// that deletes the row (see dropRows), so search never finds a deleted
// article. Each chunk reads, indexes and un-lists its rows in one write
// transaction, so a process killed while indexing leaves the rows pending
// and the next indexer (of any process) takes them up; and two indexers,
// of one process or of two, never index a row twice.

// indexChunk is how many pending rows one transaction of the indexer
// moves into the search index: about 25 ms of work, near a save's chunk.
const indexChunk = 1000

// saveCount counts the saves of a Store under way. The zero value is
// none.
type saveCount struct{ n atomic.Int64 }

// beginSave counts a save under way until the function it returns is
// called. The background indexer gives way to the saves of its Store: it
// stops before its next chunk while one is under way, and the last save to
// end wakes it again. Indexing 10,000 rows costs about as much as saving
// them, and a refresh that saves feed after feed (or the reader's, in the
// background) would otherwise share the cores and the lock with it for
// nothing the saves need: Search indexes what is pending itself.
func (s *Store) beginSave() (end func()) {
	s.saves.n.Add(1)
	return func() {
		if s.saves.n.Add(-1) == 0 {
			s.kickIndexer()
		}
	}
}

// kickIndexer wakes the Store's indexer; it never blocks.
func (s *Store) kickIndexer() {
	select {
	case s.indexKick <- struct{}{}:
	default:
	}
}

// indexLoop runs the indexer each time it is woken until ctx is done.
// A failed run is left for the next wake (the next save, or a Search,
// which indexes what is pending itself).
func (s *Store) indexLoop(ctx context.Context) {
	defer close(s.indexDone)
	for {
		select {
		case <-s.indexKick:
		case <-ctx.Done():
			return
		}
		_ = s.check(s.indexRows(ctx, func() bool { return s.saves.n.Load() > 0 }))
	}
}

// indexPending moves every pending row into the search index, a chunk
// per transaction, until none is left. It writes nothing, and takes no
// lock, when nothing is pending, and nothing at all once the Store has
// seen damage or closed. Only when something is pending does it wait for
// the check of the file.
func (s *Store) indexPending(ctx context.Context) error {
	return s.indexRows(ctx, nil)
}

// indexRows is indexPending that stops, before a chunk, when giveWay
// (when not nil) says so; the rows left stay pending.
func (s *Store) indexRows(ctx context.Context, giveWay func() bool) error {
	if err := s.refused(); err != nil {
		return nil // nothing may be written: search what is indexed
	}
	var pending bool
	if err := s.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM search_pending)").Scan(&pending); err != nil || !pending {
		return err
	}
	if err := s.writable(ctx); err != nil {
		return nil
	}
	// Another goroutine indexing (the background indexer, or another
	// Search) is waited for here rather than in SQLite's busy handler,
	// whose growing sleeps would hold a search up long after it ended.
	s.indexing.Lock()
	defer s.indexing.Unlock()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	pace := newPacer(s)
	for {
		if giveWay != nil && giveWay() {
			return nil
		}
		n, err := indexChunkTx(ctx, conn)
		if err != nil || n < indexChunk {
			return err
		}
		pace.between(ctx)
	}
}

// indexChunkTx moves the oldest indexChunk pending rows into the search
// index in one transaction and returns how many it moved.
func indexChunkTx(ctx context.Context, conn *sql.Conn) (int, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("search index: %w", err)
	}
	defer func() { _ = tx.Rollback() }()
	var n int
	var last sql.NullInt64
	if err := tx.QueryRowContext(ctx, "SELECT count(*), max(id) FROM (SELECT id FROM search_pending ORDER BY id LIMIT ?)",
		indexChunk).Scan(&n, &last); err != nil || n == 0 {
		return 0, err
	}
	// One statement, so FTS5 writes the chunk as one segment.
	if _, err := tx.ExecContext(ctx, "INSERT INTO search (rowid, terms) SELECT id, terms FROM search_pending WHERE id <= ? ORDER BY id",
		last.Int64); err != nil {
		return 0, fmt.Errorf("search index: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM search_pending WHERE id <= ?", last.Int64); err != nil {
		return 0, fmt.Errorf("search index: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("search index: %w", err)
	}
	return n, nil
}
