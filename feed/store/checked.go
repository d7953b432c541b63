package store

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The check of the whole file (corrupt.go) reads every page: 0.1 s for
// 10,000 articles, about a second for 100,000, on a core the reader's first
// frame wants. A file that nobody has touched since a Store verified it
// need not be read again. So Close, when the check ran to its end and found
// nothing, records the size and modification time of the file it leaves
// in a record beside it (checkedSuffix), and Open skips the check when
// the file is still exactly that and no write-ahead log holds changes to
// it. Any write since (this program's, another process's, an editor's)
// changes the modification time when it reaches the file, and a log with
// content means one has not reached it yet; either way the check runs.
// A Store whose Open skipped the check records the file it leaves too
// (its own writes went through SQLite), keeping the time of the last
// check that ran: once that is recheckAfter old, the check runs again, so
// that what a record cannot see is read within a day: damage that keeps
// both the size and the time (a failing disk), or that another program
// made while a Store had the file open. Until then it is still found by
// the query that reads the damaged page (check).

// checkedSuffix names the record beside the database.
const checkedSuffix = ".checked"

// checkedHeading opens a record, for whoever finds the file.
const checkedHeading = "xinwen checked the database beside this file and found it whole;" +
	" while the file stays as below, it is not read through again."

// recheckAfter is how long a check vouches for a file left unchanged.
const recheckAfter = 24 * time.Hour

// fileStamp is what a record compares: the size and modification time of
// the database.
type fileStamp struct {
	size, modified int64
}

// checkRecord is what a record says: the file as it was left, and when the
// last check that read it through ran.
type checkRecord struct {
	fileStamp
	checked time.Time
}

// stampOf returns the stamp of the database at abs, and false when it has
// none (missing, not a regular file) or its write-ahead log has content.
func stampOf(abs string) (fileStamp, bool) {
	info, err := os.Lstat(abs)
	if err != nil || !info.Mode().IsRegular() {
		return fileStamp{}, false
	}
	if wal, err := os.Lstat(abs + "-wal"); err == nil && (wal.Size() > 0 || !wal.Mode().IsRegular()) {
		return fileStamp{}, false
	}
	return fileStamp{size: info.Size(), modified: info.ModTime().UnixNano()}, true
}

// unchangedSinceChecked returns when the database at abs was last read
// through, when it is the file a Store verified and left as it is now and
// that was less than recheckAfter ago; ok is false otherwise.
func unchangedSinceChecked(abs string, now time.Time) (checked time.Time, ok bool) {
	stamp, ok := stampOf(abs)
	if !ok {
		return time.Time{}, false
	}
	name := abs + checkedSuffix
	info, err := os.Lstat(name)
	if err != nil || !info.Mode().IsRegular() || info.Size() > 1<<10 {
		return time.Time{}, false
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return time.Time{}, false
	}
	rec, ok := parseChecked(string(data))
	if !ok || rec.fileStamp != stamp || now.Sub(rec.checked) >= recheckAfter || rec.checked.After(now) {
		return time.Time{}, false
	}
	return rec.checked, true
}

// parseChecked reads a record; ok is false when it does not say what a
// record says.
func parseChecked(text string) (rec checkRecord, ok bool) {
	var sizeOK, modOK, checkedOK bool
	for _, line := range strings.Split(text, "\n") {
		key, value, _ := strings.Cut(line, ": ")
		n, err := strconv.ParseInt(value, 10, 64)
		switch {
		case err != nil:
		case key == "size":
			rec.size, sizeOK = n, true
		case key == "modified":
			rec.modified, modOK = n, true
		case key == "checked":
			rec.checked, checkedOK = time.Unix(0, n), true
		}
	}
	return rec, sizeOK && modOK && checkedOK
}

// recordChecked writes the record of the database at abs as it is now,
// last read through at checked, or removes the record when the file
// cannot be vouched for (a log with content: another process has it
// open). The record is written whole or not at all (a new file renamed
// over it); one that cannot be written costs the next Open a check.
func recordChecked(abs string, checked time.Time) {
	name := abs + checkedSuffix
	now, ok := stampOf(abs)
	if !ok {
		forgetChecked(abs)
		return
	}
	f, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".*")
	if err != nil {
		return
	}
	_, err = fmt.Fprintf(f, "%s\nsize: %d\nmodified: %d\nchecked: %d\n", checkedHeading, now.size, now.modified,
		checked.UnixNano())
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

// forgetChecked removes the record of the database at abs, if it is a
// regular file.
func forgetChecked(abs string) {
	name := abs + checkedSuffix
	if info, err := os.Lstat(name); err == nil && info.Mode().IsRegular() {
		_ = os.Remove(name)
	}
}
