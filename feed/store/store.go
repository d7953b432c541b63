// Package store is xinwen's memory: a SQLite database that keeps every
// article loaded (as an offline copy per source), which articles were read,
// the user's preferences, the HTTP validators for conditional fetches and a
// full-text index for searching stored articles in Chinese and English.
//
// A program opens one [Store] with [Open] and shares it between goroutines.
// Several xinwen processes may open the same file at once: the database runs
// in WAL mode with a 5 s busy timeout, and every write is one transaction, so
// a crash or a second process never leaves half-written state or loses a mark.
//
// Open refuses a file that is not a SQLite database, is corrupt, belongs to
// another program, or comes from a newer xinwen; it reports the path and
// leaves the file untouched. Callers are expected to carry on without the
// store when Open fails. Damage that shows only later, in the background
// check of the whole file that every Open starts or at any query, stops all
// writes at once and is remembered beside the file (corrupt.go), so later
// runs refuse it at Open without writing to it.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/adrg/xdg"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// Errors that Open wraps, for callers that want to tell the cases apart with
// errors.Is. The error text always names the database's path.
var (
	// ErrCorrupt means the file is not a SQLite database or is damaged.
	ErrCorrupt = errors.New("not a database or corrupt")
	// ErrNewerSchema means the database was written by a newer xinwen
	// whose schema this one does not know.
	ErrNewerSchema = errors.New("database is from a newer xinwen")
	// ErrForeign means the file is a SQLite database of another program.
	ErrForeign = errors.New("not a xinwen database")
	// ErrNotRegular means the database, a file SQLite keeps beside it
	// (-journal, -wal, -shm) or the damage marker is a named pipe, a
	// device or another file that is not a regular file.
	ErrNotRegular = errors.New("not a regular file")
)

// busyTimeout is how long a statement waits for another connection or
// process holding the write lock before it fails with "database is locked".
const busyTimeout = 5 * time.Second

// maxConns bounds the connection pool: each connection has its own page
// cache, and SQLite runs one writer at a time anyway.
const maxConns = 4

// Store is an open xinwen database. It is safe for concurrent use by
// multiple goroutines, and other processes may use the same file at the same
// time. The zero value is not usable: get a Store from [Open] and release it
// with [Store.Close].
type Store struct {
	db   *sql.DB
	path string

	queue    *queue        // marks and preferences to write (queue.go)
	closing  chan struct{} // closed by Close: the write loop ends
	loopDone chan struct{} // closed when the write loop has ended

	indexKick chan struct{}      // wakes the indexer (indexer.go)
	indexing  sync.Mutex         // one indexPending of this process at a time
	stopIndex context.CancelFunc // ends the indexer
	indexDone chan struct{}      // closed when the indexer has ended
	saves     saveCount          // saves under way, which the indexer gives way to (indexer.go)
	open      *presence          // says whether another Store has the file open (presence.go)

	toggle sync.Mutex // one ToggleRead at a time

	verdict   chan struct{}      // closed when the check of the file has ended (corrupt.go)
	stopCheck context.CancelFunc // ends that check
	abs       string             // the absolute path of the file
	checkRan  bool               // Open started the check (it was not skipped: checked.go)
	verified  bool               // under state: the check passed, or the file was as one that did left it
	checkedAt time.Time          // under state: when that check ran

	state        sync.Mutex
	corrupt      error     // the first sign of damage (corrupt.go)
	corruptCause error     // SQLite's error behind it
	foundAt      time.Time // when it was met
	closed       bool
}

// DefaultPath returns where xinwen keeps its database:
// $XDG_DATA_HOME/xinwen/xinwen.db (on Linux usually
// ~/.local/share/xinwen/xinwen.db). It creates nothing. The XDG variables are
// read when the program starts; tests should pass their own path to [Open].
func DefaultPath() (string, error) {
	if xdg.DataHome == "" {
		return "", errors.New("store: no data directory: set XDG_DATA_HOME or HOME")
	}
	return filepath.Join(xdg.DataHome, "xinwen", "xinwen.db"), nil
}

// Open opens the database at path, creating it and its directory when they
// do not exist and bringing an older schema up to date. Open is fast: it
// reads the file's header and schema, never the articles. It starts a check
// of the whole file in the background (PRAGMA quick_check: 70-130 ms for
// 10,000 articles, 80 MB): reads go on at once, writes wait for its
// verdict, so a damaged file is not written to (see [Store.Corrupt]).
//
// Open fails, naming path, when the file is not a database or is corrupt
// ([ErrCorrupt], also when an earlier run found it damaged), is another
// program's SQLite database ([ErrForeign]), was written by a newer xinwen
// ([ErrNewerSchema]), or when it or a file SQLite keeps beside it is not a
// regular file ([ErrNotRegular]); in those cases the file is left exactly
// as it was.
func Open(ctx context.Context, path string) (*Store, error) {
	return open(ctx, path, true)
}

// open is Open; verify false leaves out the check of the whole file, for
// the benchmark that measures what the check costs.
func open(ctx context.Context, path string, verify bool) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	if err := checkFile(abs); err != nil {
		return nil, err
	}
	if err := checkMarker(abs); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	db, err := sql.Open("sqlite", dsn(abs))
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	db.SetMaxOpenConns(maxConns + 1) // one is the write queue's
	db.SetMaxIdleConns(maxConns + 1)
	s := &Store{db: db, path: path, abs: abs, queue: newQueue(), closing: make(chan struct{}), loopDone: make(chan struct{}),
		verdict: make(chan struct{})}
	if err := s.prepareWhenFree(ctx); err != nil {
		db.Close()
		return nil, err
	}
	var checkCtx context.Context
	checkCtx, s.stopCheck = context.WithCancel(context.Background())
	checked, unchanged := unchangedSinceChecked(abs, time.Now())
	switch {
	case verify && unchanged:
		// As a Store that checked it left it (checked.go).
		s.verified, s.checkedAt = true, checked
		close(s.verdict)
	case verify:
		s.checkRan = true
		go s.verify(checkCtx)
	default:
		close(s.verdict)
	}
	conn, err := db.Conn(ctx)
	if err == nil {
		_, err = conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", time.Duration(queueBusyTimeout).Milliseconds()))
	}
	if err != nil {
		if conn != nil {
			conn.Close()
		}
		s.stopCheck()
		<-s.verdict
		db.Close()
		return nil, s.openError(err)
	}
	go func() {
		s.writeLoop(conn)
		// Closed before Close goes on: the last connection to close
		// checkpoints the log, and the check's record (checked.go) is
		// only written for a file whose log is empty.
		conn.Close()
		close(s.loopDone)
	}()
	// The indexer waits for a save of this Store to finish, or for
	// IndexInBackground, before it indexes rows an earlier save listed.
	var indexCtx context.Context
	indexCtx, s.stopIndex = context.WithCancel(context.Background())
	s.indexKick, s.indexDone = make(chan struct{}, 1), make(chan struct{})
	go s.indexLoop(indexCtx)
	s.open = openPresence(abs)
	return s, nil
}

// IndexInBackground has the Store's indexer move into the search index,
// in the background, the rows that earlier saves (of this process or
// another) left pending. A long-lived caller, the reader, calls it once
// its first screen is drawn. A short command need not: the indexing would
// compete with its work on a machine of two cores, and Close would cut it
// short; Search indexes what is pending itself, so nothing is missed.
func (s *Store) IndexInBackground() { s.kickIndexer() }

// dsn builds the driver's connection string. The path goes in a file: URI so
// that names with '?' or '#' survive; the settings below apply to every
// connection of the pool. journal_mode is not among them: it is persistent
// and written to the file, so Open sets it only after checking the schema.
func dsn(abs string) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	// NORMAL is safe in WAL mode: a crash of the process loses nothing, a
	// power cut may lose the last commits but never corrupts the file.
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(ON)")
	// A 2 MB page cache (SQLite's default size). A save of 10,000
	// articles writes about 50 MB; with a cache that holds it all, most
	// of the save went into allocating, faulting in and at Close freeing
	// fresh cache pages (the pure-Go allocator maps each 16 KB page on its
	// own). Spilling to the write-ahead log as it goes is faster, and the
	// spilled pages stay invisible and uncommitted until COMMIT.
	q.Add("_pragma", "cache_size(-2048)")
	q.Add("_pragma", "temp_store(MEMORY)")
	// Every transaction this package opens writes, so take the write lock
	// at BEGIN: upgrading a read lock later could fail without waiting.
	q.Set("_txlock", "immediate")
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	if u.Path[0] != '/' { // a Windows path such as C:/x
		u.Path = "/" + u.Path
	}
	return u.String()
}

// sqliteMagic starts every SQLite 3 database file.
const sqliteMagic = "SQLite format 3\x00"

// sidecars are the files SQLite keeps beside a database, which it opens
// itself: the rollback journal (its hot-journal check opens it on every
// read), the write-ahead log and its shared-memory index.
var sidecars = []string{"-journal", "-wal", "-shm"}

// checkFile rejects, without opening it through SQLite, a file that cannot
// be a SQLite database: only an absent or empty regular file, or one
// starting with the SQLite header, goes on, and each of its sidecars must
// be absent or a regular file. It looks before it opens, so a FIFO or
// device at the path or a sidecar's is refused rather than blocking in
// open(2) (or failing with an I/O error at the first query).
func checkFile(abs string) error {
	for _, suffix := range sidecars {
		info, err := os.Lstat(abs + suffix)
		switch {
		case errors.Is(err, os.ErrNotExist):
		case err != nil:
			return fmt.Errorf("store: %s: %w", abs+suffix, err)
		case !info.Mode().IsRegular():
			return fmt.Errorf("store: %s: %w", abs+suffix, ErrNotRegular)
		}
	}
	info, err := os.Stat(abs)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: %s: %w", abs, err)
	}
	switch {
	case info.IsDir():
		return fmt.Errorf("store: %s: is a directory", abs)
	case !info.Mode().IsRegular():
		return fmt.Errorf("store: %s: %w", abs, ErrNotRegular)
	case info.Size() == 0:
		return nil
	}
	f, err := os.Open(abs)
	if err != nil {
		return fmt.Errorf("store: %s: %w", abs, err)
	}
	defer f.Close()
	head := make([]byte, 100)
	if n, _ := f.ReadAt(head, 0); n < len(head) || string(head[:len(sqliteMagic)]) != sqliteMagic {
		return fmt.Errorf("store: %s: %w", abs, ErrCorrupt)
	}
	return nil
}

// prepare checks the schema version and application id, switches the file
// to WAL mode and runs the migrations this file lacks. Nothing is written
// before the checks pass, and a file already in WAL mode at the current
// schema is only read: the checks are plain reads, which WAL lets run while
// another connection or process holds the write lock (saving a big feed),
// and the write lock is taken only to migrate.
func (s *Store) prepare(ctx context.Context) error {
	var version, app int64
	var tables int
	err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version)
	if err == nil {
		err = s.db.QueryRowContext(ctx, "PRAGMA application_id").Scan(&app)
	}
	if err == nil {
		// Reading the schema parses every table definition: a damaged
		// first page or schema shows up here.
		err = s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&tables)
	}
	if err != nil {
		return s.openError(err)
	}
	switch {
	case version > int64(len(migrations)):
		return fmt.Errorf("store: %s: %w (schema %d, this one knows %d)",
			s.path, ErrNewerSchema, version, len(migrations))
	case version > 0 && app != applicationID, version == 0 && tables > 0:
		return fmt.Errorf("store: %s: %w", s.path, ErrForeign)
	}
	if version == 0 {
		// 16 KB pages hold a whole stored article (about 4 KB of JSON)
		// without overflow pages and quarter the number of writes. The
		// size only takes effect on a new, empty file, before WAL mode.
		if _, err := s.db.ExecContext(ctx, "PRAGMA page_size = 16384"); err != nil {
			return s.openError(err)
		}
	}
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return s.openError(err)
	}
	if mode != "wal" {
		if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode); err != nil {
			return s.openError(err)
		}
	}
	if version == int64(len(migrations)) {
		return nil
	}
	if version > 0 {
		// Migrating writes: the whole file is checked first.
		if err := s.check(quickCheck(ctx, s.db)); err != nil {
			return fmt.Errorf("store: %w", err)
		}
	}
	if err := migrate(ctx, s.db, migrations); err != nil {
		return fmt.Errorf("store: %s: %w", s.path, err)
	}
	return nil
}

// prepareWhenFree is prepare, tried again while another process holds the
// file for a moment, as two xinwen started together on a new file do: one
// creates it (page size, WAL mode, schema) while the other's reads and
// pragmas meet SQLITE_BUSY at once, since SQLite's busy handler does not
// cover every step of creating a database. It gives up after busyTimeout,
// as any statement does.
func (s *Store) prepareWhenFree(ctx context.Context) error {
	deadline := time.Now().Add(busyTimeout)
	for wait := 2 * time.Millisecond; ; wait = min(2*wait, 100*time.Millisecond) {
		err := s.prepare(ctx)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

// openError words a SQLite error met while opening: a file SQLite cannot
// read as a database is reported as [ErrCorrupt].
func (s *Store) openError(err error) error {
	if isCorrupt(err) {
		return fmt.Errorf("store: %s: %w (%v)", s.path, ErrCorrupt, err)
	}
	return fmt.Errorf("store: %s: %w", s.path, err)
}

// Path returns the path the Store was opened with.
func (s *Store) Path() string { return s.path }

// Close waits, at most flushTimeout (3 s), for the queued read marks and
// preferences (see [Store.Flush]), then checkpoints the write-ahead log and
// closes the database. It returns Flush's error when some could not be
// saved, saying how many and why. The Store must not be used afterwards;
// callers stop their own goroutines that use the Store first (a save of
// the loader: feed.Loader.Wait). Close stops the search indexer: rows it
// had not indexed yet stay listed and are indexed after the next Open
// (and before any search).
func (s *Store) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), flushTimeout)
	defer cancel()
	ferr := s.Flush(ctx)
	s.state.Lock()
	s.closed = true
	s.state.Unlock()
	s.stopCheck()
	<-s.verdict
	close(s.closing)
	<-s.loopDone
	// Rows still pending stay listed: the next Open or Search indexes them.
	s.stopIndex()
	<-s.indexDone
	err := s.db.Close()
	s.open.close()
	s.state.Lock()
	verified, checkedAt := s.verified && s.corrupt == nil, s.checkedAt
	s.state.Unlock()
	switch {
	case s.Corrupt() != nil:
		// The marker describes the file as it is left.
		forgetChecked(s.abs)
		s.markDamaged()
	case verified && err == nil:
		recordChecked(s.abs, checkedAt) // the next Open need not read it through (checked.go)
	}
	// Otherwise a record stays: it names the file it vouches for, and a
	// file changed since no longer matches it.
	if err != nil {
		return errors.Join(ferr, fmt.Errorf("store: close %s: %w", s.path, err))
	}
	return ferr
}
