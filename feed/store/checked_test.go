package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// openClosed opens the store at path, writes a preference, and closes it,
// returning whether its Open ran the check of the whole file.
func openClosed(t *testing.T, path string) (checkRan bool) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetPreference(ctx, "language", "en"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return s.checkRan
}

func TestAFileLeftAsCheckedIsNotReadThroughAgain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "xinwen.db")
	if !openClosed(t, path) {
		t.Fatal("the first Open did not check the file")
	}
	if _, err := os.Stat(path + checkedSuffix); err != nil {
		t.Fatalf("no record after a passed check: %v", err)
	}
	for run := 2; run <= 3; run++ {
		if openClosed(t, path) {
			t.Errorf("run %d checked a file left as a check found it", run)
		}
	}
}

func TestAFileChangedSinceTheCheckIsCheckedAgain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "xinwen.db")
	openClosed(t, path)
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
	if !openClosed(t, path) {
		t.Error("a file touched since its check was not checked")
	}
}

func TestADayOldCheckIsRepeated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "xinwen.db")
	openClosed(t, path)
	abs, _ := filepath.Abs(path)
	recordChecked(abs, time.Now().Add(-recheckAfter-time.Minute))
	if !openClosed(t, path) {
		t.Error("a check a day old vouched for the file")
	}
	if openClosed(t, path) {
		t.Error("the check that ran again did not renew the record")
	}
}

func TestDamageAfterARecordIsFound(t *testing.T) {
	path := storeOf(t, 3000)
	if _, err := os.Stat(path + checkedSuffix); err != nil {
		t.Fatalf("no record after a passed check: %v", err)
	}
	damageRandomly(t, path, 40960)
	reports := runList(t, path)
	if len(reports) != 1 || !errors.Is(reports[0], ErrCorrupt) {
		t.Fatalf("damage after a record: %v, want one ErrCorrupt", reports)
	}
	if _, err := os.Stat(path + checkedSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the record of a damaged file is kept: %v", err)
	}
}

func TestChangesStillInTheLogAreChecked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "xinwen.db")
	openClosed(t, path)
	ctx := context.Background()
	held, err := Open(ctx, path) // skips the check, writes, stays open
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	if err := held.SetPreference(ctx, "position", "a1"); err != nil {
		t.Fatal(err)
	}
	if info, err := os.Stat(path + "-wal"); err != nil || info.Size() == 0 {
		t.Skipf("the write did not stay in the log (%v): nothing to test here", err)
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.checkRan {
		t.Error("a file with changes in its log was not checked")
	}
}

func TestAGarbledRecordVouchesForNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "xinwen.db")
	openClosed(t, path)
	if err := os.WriteFile(path+checkedSuffix, []byte("size: 1\nmodified: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if !openClosed(t, path) {
		t.Error("a garbled record skipped the check")
	}
}

func TestARunCutShortKeepsTheRecordOfAnUnchangedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "xinwen.db")
	openClosed(t, path)
	later := time.Now().Add(time.Minute)
	if err := os.Chtimes(path, later, later); err != nil {
		t.Fatal(err)
	}
	// A run that reads and closes before its check is done: nothing is
	// vouched for, and the file touched before it is checked next time.
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.stopCheck()
	<-s.verdict
	s.state.Lock()
	s.verified = false
	s.state.Unlock()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if !openClosed(t, path) {
		t.Error("a file changed before an unchecked run was vouched for")
	}
	// A short run on a file left as checked leaves the record in force.
	s, err = Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if s.checkRan {
		t.Fatal("the record did not vouch for the file")
	}
	s.state.Lock()
	s.verified = false // as if its check had been cut short
	s.state.Unlock()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if openClosed(t, path) {
		t.Error("a run that wrote nothing dropped the record of an unchanged file")
	}
}
