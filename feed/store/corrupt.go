package store

import (
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Corruption can show at any query: a damaged page is only read when a
// query needs it. Every exported method passes its error through check, so
// the first SQLITE_CORRUPT from anywhere is recorded; from then on the
// Store writes nothing more to the file (writable refuses), so the damage
// is not made worse and what is left can still be rescued, and reads go on
// as far as they can.

// ErrClosed is returned by a write to a Store after [Store.Close].
var ErrClosed = errors.New("store is closed")

// check returns err, reworded as an error wrapping [ErrCorrupt] and naming
// the path when SQLite says the file is damaged; the first such error is
// recorded for [Store.Corrupt] and [Store.writable].
func (s *Store) check(err error) error {
	if err == nil || !isCorrupt(err) {
		return err
	}
	if errors.Is(err, ErrCorrupt) { // already reworded
		return err
	}
	err = fmt.Errorf("%s: %w (%v)", s.path, ErrCorrupt, err)
	s.state.Lock()
	if s.corrupt == nil {
		s.corrupt = err
	}
	s.state.Unlock()
	return err
}

// Corrupt returns the error of the first sign of damage met since Open, or
// nil. Once it is not nil the Store refuses every write, so callers can
// report it once, naming the path, and carry on without the store.
func (s *Store) Corrupt() error {
	s.state.Lock()
	defer s.state.Unlock()
	return s.corrupt
}

// writable returns nil when the Store may write: it is open and no damage
// was seen.
func (s *Store) writable() error {
	s.state.Lock()
	defer s.state.Unlock()
	switch {
	case s.corrupt != nil:
		return fmt.Errorf("%w; nothing more is written to it", s.corrupt)
	case s.closed:
		return fmt.Errorf("%s: %w", s.path, ErrClosed)
	}
	return nil
}

// isCorrupt reports whether err is SQLite saying the file is not a database
// or is damaged.
func isCorrupt(err error) bool {
	if errors.Is(err, ErrCorrupt) || errors.Is(err, errUndecodableRow) {
		return true
	}
	return sqliteCode(err) == sqlite3.SQLITE_NOTADB || sqliteCode(err) == sqlite3.SQLITE_CORRUPT
}

// errUndecodableRow means a stored article's data no longer decodes: the
// file was damaged inside a row, where SQLite does not look.
var errUndecodableRow = errors.New("a stored article does not decode")

// isBusy reports whether err is SQLite saying another connection holds the
// lock: the write may succeed later.
func isBusy(err error) bool {
	return sqliteCode(err) == sqlite3.SQLITE_BUSY || sqliteCode(err) == sqlite3.SQLITE_LOCKED
}

// isConstraint reports whether err is a violated constraint.
func isConstraint(err error) bool { return sqliteCode(err) == sqlite3.SQLITE_CONSTRAINT }

// sqliteCode is the primary result code of a SQLite error, or -1.
func sqliteCode(err error) int {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return -1
	}
	return e.Code() & 0xff
}
