package store

import (
	"context"
	"crypto/sha256"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// damageRandomly writes n random bytes (from a fixed seed) at the middle of
// the file at path, as the review did to a 38 MB store.
func damageRandomly(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	garbage := make([]byte, n)
	r := rand.New(rand.NewPCG(40960, 11))
	for i := range garbage {
		garbage[i] = byte(r.Uint32())
	}
	if _, err := f.WriteAt(garbage, info.Size()/2); err != nil {
		t.Fatal(err)
	}
}

// fileSum is the SHA-256 of the file at path.
func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

// storeOf returns the path of a store holding n articles of one source,
// closed.
func storeOf(t *testing.T, n int) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSource(ctx, "big.xml", newGen(7).articles(0, n), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// runList does what `xinwen list small.xml` does with the store: open,
// read the offline copy and the marks, save, mark one read, close. It
// returns the damage reports a user would see: Open's error, or the
// damage the Store met while open.
func runList(t *testing.T, path string) (reports []error) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		return []error{err}
	}
	small := newGen(8).articles(0, 20)
	_, _, _ = s.SourceArticles(ctx, "small.xml")
	_, _ = s.Unread(ctx, small)
	_ = s.SaveSource(ctx, "small.xml", small, time.Time{})
	_ = s.SetRead(ctx, ArticleKey{"small.xml", small[0].ID}, true)
	_ = s.SetPreference(ctx, "language", "en")
	if c := s.Corrupt(); c != nil {
		reports = append(reports, c)
	}
	s.Close()
	return reports
}

// TestDamagedStoreIsNeverWrittenAndIsRememberedBetweenRuns is the review's
// reproduction: 40,960 random bytes at the middle of a store of thousands of
// articles; every later run reports the damage once, naming the file, and
// not one byte of the file changes, in the first run or any after.
func TestDamagedStoreIsNeverWrittenAndIsRememberedBetweenRuns(t *testing.T) {
	path := storeOf(t, 3000)
	damageRandomly(t, path, 40960)
	damaged := fileSum(t, path)
	for run := 1; run <= 3; run++ {
		reports := runList(t, path)
		if len(reports) != 1 {
			t.Fatalf("run %d: %d reports of the damage (%v), want 1", run, len(reports), reports)
		}
		if err := reports[0]; !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), path) {
			t.Errorf("run %d: %v; want ErrCorrupt naming %s", run, err, path)
		}
		if fileSum(t, path) != damaged {
			t.Fatalf("run %d wrote into the damaged file", run)
		}
		if run > 1 && !strings.Contains(reports[0].Error(), "move it away") {
			t.Errorf("run %d: %v; want it to say what to do", run, reports[0])
		}
	}
}

// TestDamagedStoreMovedAwayStartsANewOne: once the user moves the damaged
// file away, as the message says, the next Open starts a new store and the
// marker is gone.
func TestDamagedStoreMovedAwayStartsANewOne(t *testing.T) {
	path := storeOf(t, 3000)
	damageRandomly(t, path, 40960)
	runList(t, path)
	if _, err := os.Stat(path + markerSuffix); err != nil {
		t.Fatalf("no marker beside the damaged file: %v", err)
	}
	if err := os.Rename(path, path+".broken"); err != nil {
		t.Fatal(err)
	}
	if reports := runList(t, path); len(reports) != 0 {
		t.Fatalf("a new store after the damaged one was moved away: %v", reports)
	}
	if _, err := os.Stat(path + markerSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the marker outlived the file it described: %v", err)
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, _, err := s.SourceArticles(context.Background(), "small.xml"); err != nil || len(got) != 20 {
		t.Errorf("the new store kept %d articles, %v; want the 20 saved", len(got), err)
	}
}

// TestDamageFoundByAQueryIsRememberedBetweenRuns: damage the check of the
// whole file cannot see (a row whose data no longer decodes) stops writes
// when a query meets it, and the next run refuses the file at Open.
func TestDamageFoundByAQueryIsRememberedBetweenRuns(t *testing.T) {
	path := storeOf(t, 50)
	rawExec(t, path, "UPDATE articles SET data = x'00ff00ff' WHERE rowid = (SELECT min(rowid) FROM articles)")
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("the check of the file found damage inside a row's data: %v", err)
	}
	if _, _, err := s.SourceArticles(ctx, "big.xml"); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("reading an undecodable row: %v, want ErrCorrupt", err)
	}
	s.Close()
	left := fileSum(t, path)
	reports := runList(t, path)
	if len(reports) != 1 || !errors.Is(reports[0], ErrCorrupt) || !strings.Contains(reports[0].Error(), "does not decode") {
		t.Fatalf("next run: %v; want Open to refuse it with the first error", reports)
	}
	if fileSum(t, path) != left {
		t.Error("the next run wrote into the damaged file")
	}
}

// TestMarkerOfAChangedFileIsDropped: a marker describes one file by its size
// and modification time; when another file is there now (a backup put
// back), it is checked afresh instead of being refused.
func TestMarkerOfAChangedFileIsDropped(t *testing.T) {
	path := storeOf(t, 50)
	marker := "xinwen found the database beside this file damaged\nfound: 2026-01-02 03:04:05\n" +
		"error: database disk image is malformed (11)\nsize: 1\nmodified: 1\n"
	if err := os.WriteFile(path+markerSuffix, []byte(marker), 0o600); err != nil {
		t.Fatal(err)
	}
	if reports := runList(t, path); len(reports) != 0 {
		t.Fatalf("a good file with a marker of another: %v", reports)
	}
	if _, err := os.Stat(path + markerSuffix); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the stale marker was kept: %v", err)
	}
}

// TestGarbledMarkerStillRefuses: a marker that says nothing readable (cut
// short, edited) still keeps the file from being written, and the message
// names the marker.
func TestGarbledMarkerStillRefuses(t *testing.T) {
	path := storeOf(t, 50)
	if err := os.WriteFile(path+markerSuffix, []byte("\x1b[31mgarbage\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	before := fileSum(t, path)
	_, err := Open(context.Background(), path)
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), path+markerSuffix) || strings.Contains(err.Error(), "\x1b") {
		t.Fatalf("Open with a garbled marker: %v; want ErrCorrupt naming the marker", err)
	}
	if fileSum(t, path) != before {
		t.Error("Open wrote into the file")
	}
}

// BenchmarkOpen10k is Open and a first read of a good 10,000-article store
// with and without the check of the whole file, and the first write, which
// waits for the check.
func BenchmarkOpen10k(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "xinwen.db")
	if err := buildDB(path, 10_000); err != nil {
		b.Fatal(err)
	}
	batch := newGen(1).articles(0, 10_000)
	keys := make([]ArticleKey, len(batch))
	for i, a := range batch {
		keys[i] = ArticleKey{"https://news.example.com/feed-0.xml", a.ID}
	}
	for _, verify := range []bool{false, true} {
		name := map[bool]string{false: "unchecked", true: "checked"}[verify]
		b.Run(name+"/open+read", func(b *testing.B) {
			for b.Loop() {
				s, err := open(ctx, path, verify)
				if err != nil {
					b.Fatal(err)
				}
				if read, err := s.ReadMarks(ctx, keys); err != nil || len(read) == 0 {
					b.Fatalf("%d read marks, %v", len(read), err)
				}
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
		})
		b.Run(name+"/open+write", func(b *testing.B) {
			for b.Loop() {
				s, err := open(ctx, path, verify)
				if err != nil {
					b.Fatal(err)
				}
				if err := s.SetHTTPValidators(ctx, "https://x/", "e", "", time.Now()); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
		})
	}
}
