package store

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Corruption can show at any query: a damaged page is only read when a
// query needs it. So Open starts PRAGMA quick_check, which reads every page
// of the file, in the background (verify), and every write waits for its
// verdict first (writable); reads do not wait. Every exported method passes
// its error through check too, so the first SQLITE_CORRUPT from anywhere is
// recorded; from then on the Store writes nothing more to the file, so the
// damage is not made worse and what is left can still be rescued, and reads
// go on as far as they can. The damage is remembered in a marker file
// beside the database (markDamaged), which later runs' Open honours by
// refusing the file without writing to it.

// ErrClosed is returned by a write to a Store after [Store.Close].
var ErrClosed = errors.New("store is closed")

// check returns err, reworded as an error wrapping [ErrCorrupt] and naming
// the path when SQLite says the file is damaged; the first such error is
// recorded for [Store.Corrupt] and [Store.writable], and in the marker
// beside the file.
func (s *Store) check(err error) error {
	if err == nil || !isCorrupt(err) {
		return err
	}
	if errors.Is(err, ErrCorrupt) { // already reworded
		return err
	}
	cause := err
	err = fmt.Errorf("%s: %w (%v)", s.path, ErrCorrupt, cause)
	s.state.Lock()
	first := s.corrupt == nil
	if first {
		s.corrupt, s.corruptCause = err, cause
	}
	s.state.Unlock()
	if first {
		s.markDamaged()
	}
	return err
}

// errFailedCheck means PRAGMA quick_check found the file damaged.
var errFailedCheck = errors.New("the check of the whole file failed")

// verify checks the whole file, records damage it finds as check does,
// and closes s.verdict. A check that cannot finish for another reason
// (cancelled by Close, an I/O error) finds nothing: writes go on, and
// damage still shows at the query that meets it.
func (s *Store) verify(ctx context.Context) {
	defer close(s.verdict)
	started := time.Now()
	err := s.check(quickCheck(ctx, s.db))
	s.state.Lock()
	s.verified, s.checkedAt = err == nil, started
	s.state.Unlock()
}

// quickCheck runs PRAGMA quick_check, which reads every page of the file
// and checks the structure of every table and index, but not that the
// indexes agree with their tables (integrity_check does, at several times
// the cost). It runs in a read transaction: writers of other processes go
// on meanwhile. It returns an error wrapping errFailedCheck with SQLite's
// first finding when the file is damaged.
func quickCheck(ctx context.Context, db *sql.DB) error {
	var result string
	if err := db.QueryRowContext(ctx, "PRAGMA quick_check(1)").Scan(&result); err != nil {
		return err
	}
	if result != "ok" {
		return fmt.Errorf("%w: %s", errFailedCheck, feed.Clean(result))
	}
	return nil
}

// Corrupt returns the error of the first sign of damage met since Open, or
// nil. Once it is not nil the Store refuses every write, so callers can
// report it once, naming the path, and carry on without the store.
func (s *Store) Corrupt() error {
	s.state.Lock()
	defer s.state.Unlock()
	return s.corrupt
}

// writable waits for the verdict of the check of the file (or for ctx),
// then returns nil when the Store may write: it is open and no damage was
// seen. Every write calls it before it writes.
func (s *Store) writable(ctx context.Context) error {
	select {
	case <-s.verdict:
	case <-ctx.Done():
		return fmt.Errorf("%s: waiting for the check of the file: %w", s.path, ctx.Err())
	}
	return s.refused()
}

// refused returns nil unless the Store already knows it must not write:
// it is closed or damage was seen. It does not wait for the check of the
// file: queued writes (queue.go) are only written after it.
func (s *Store) refused() error {
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
	if errors.Is(err, ErrCorrupt) || errors.Is(err, errUndecodableRow) || errors.Is(err, errFailedCheck) {
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

// markerSuffix names the marker a Store leaves beside a database it found
// damaged: xinwen.db.damaged.
const markerSuffix = ".damaged"

// maxMarker bounds what Open reads of a marker.
const maxMarker = 4 << 10

// markerHeading opens a marker, for whoever finds the file.
const markerHeading = "xinwen found the database beside this file damaged and writes nothing more to it.\n" +
	"Move the database away (a new one is started) and this file goes too."

// markDamaged writes the marker beside the database: when the damage was
// found, the first error, and the size and modification time of the file,
// by which Open tells the damaged file from one that has replaced it since.
// The marker is written whole or not at all (a new file renamed over it).
// A marker that cannot be written costs only the memory of the damage: the
// next Open checks the file again.
func (s *Store) markDamaged() {
	s.state.Lock()
	cause := s.corruptCause
	if s.foundAt.IsZero() {
		s.foundAt = time.Now()
	}
	found := s.foundAt
	s.state.Unlock()
	info, err := os.Stat(s.path)
	if err != nil || cause == nil {
		return
	}
	text := fmt.Sprintf("%s\nfound: %s\nerror: %s\nsize: %d\nmodified: %d\n", markerHeading,
		found.Format(time.DateTime), feed.Clean(cause.Error()), info.Size(), info.ModTime().UnixNano())
	name := s.path + markerSuffix
	f, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".*")
	if err != nil {
		return
	}
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		_ = os.Remove(f.Name())
	}
}

// marker is what a marker file says.
type marker struct {
	found, cause   string
	size, modified int64
}

// readMarker reads and parses the marker at name; ok is false when it does
// not say what a marker says.
func readMarker(name string) (m marker, ok bool) {
	f, err := os.Open(name)
	if err != nil {
		return m, false
	}
	defer f.Close()
	var sizeOK, modOK bool
	lines := bufio.NewScanner(io.LimitReader(f, maxMarker))
	for lines.Scan() {
		key, value, _ := strings.Cut(lines.Text(), ": ")
		switch key {
		case "found":
			m.found = feed.Clean(value)
		case "error":
			m.cause = feed.Clean(value)
		case "size":
			m.size, err = strconv.ParseInt(value, 10, 64)
			sizeOK = err == nil
		case "modified":
			m.modified, err = strconv.ParseInt(value, 10, 64)
			modOK = err == nil
		}
	}
	return m, sizeOK && modOK && m.found != "" && m.cause != ""
}

// checkMarker refuses, as [ErrCorrupt], the database at abs when an earlier
// run left a marker saying it is damaged and the file is still the one it
// describes. A marker whose database was moved away or has changed since is
// removed: the new file is checked afresh. It only looks at the database.
func checkMarker(abs string) error {
	name := abs + markerSuffix
	info, err := os.Lstat(name)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("store: %s: %w", name, err)
	case !info.Mode().IsRegular():
		return fmt.Errorf("store: %s: %w", name, ErrNotRegular)
	}
	db, err := os.Stat(abs)
	if errors.Is(err, os.ErrNotExist) {
		_ = os.Remove(name)
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: %s: %w", abs, err)
	}
	m, ok := readMarker(name)
	if ok && (m.size != db.Size() || m.modified != db.ModTime().UnixNano()) {
		_ = os.Remove(name)
		return nil
	}
	what := "see " + name
	if ok {
		what = fmt.Sprintf("found %s: %s", m.found, m.cause)
	}
	return fmt.Errorf("store: %s: %w (%s); move it away and xinwen starts a new one", abs, ErrCorrupt, what)
}
