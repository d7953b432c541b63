package store

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// storedMark reads a mark straight from the file, through a new Store.
func storedMark(t *testing.T, path string, key ArticleKey) bool {
	t.Helper()
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	read, err := readMarks(context.Background(), s.db, []ArticleKey{key})
	if err != nil {
		t.Fatal(err)
	}
	return read[key]
}

func TestMarkWhileLockHeldPastBusyTimeoutIsKept(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	release := holdWriteLock(t, path)
	released := time.AfterFunc(busyTimeout+500*time.Millisecond, release)
	defer released.Stop()
	key := ArticleKey{"feed.xml", "1"}
	start := time.Now()
	if err := s.SetRead(ctx, key, true); err != nil {
		t.Fatalf("SetRead while the lock is held: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("SetRead waited %v for the lock", d)
	}
	if read, err := s.ReadMarks(ctx, []ArticleKey{key}); err != nil || !read[key] {
		t.Errorf("the queued mark is not seen: %v, %v", read, err)
	}
	if err := s.SetPreference(ctx, "language", "both"); err != nil {
		t.Fatal(err)
	}
	if v, ok, err := s.Preference(ctx, "language"); v != "both" || !ok || err != nil {
		t.Errorf("the queued preference is not seen: %q %v %v", v, ok, err)
	}
	time.Sleep(busyTimeout + time.Second) // the lock frees meanwhile
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if !storedMark(t, path, key) {
		t.Error("the mark made while the lock was held is not in the database")
	}
}

func TestCloseWaitsForQueuedMarks(t *testing.T) {
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	release := holdWriteLock(t, path)
	time.AfterFunc(time.Second, release)
	// The reader: m writes the mark in a command, q cancels its context
	// and the program closes the store.
	ctx, cancel := context.WithCancel(context.Background())
	key := ArticleKey{"feed.xml", "m-then-q"}
	done := make(chan error, 1)
	go func() { done <- s.SetRead(ctx, key, true) }()
	time.Sleep(60 * time.Millisecond)
	cancel()
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := <-done; err != nil {
		t.Errorf("SetRead: %v", err)
	}
	if !storedMark(t, path, key) {
		t.Error("the mark pressed just before quitting is lost")
	}
}

func TestCloseSaysWhatItCouldNotSave(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	release := holdWriteLock(t, path)
	defer release()
	if err := s.SetRead(ctx, ArticleKey{"feed.xml", "1"}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPreference(ctx, "position", "1"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = s.Close()
	if d := time.Since(start); d < flushTimeout-100*time.Millisecond || d > flushTimeout+2*time.Second {
		t.Errorf("Close took %v, want about %v", d, flushTimeout)
	}
	if !errors.Is(err, ErrUnsaved) || !strings.Contains(err.Error(), "1 read mark and 1 preference not saved") ||
		!strings.Contains(err.Error(), path) || !isBusy(err) {
		t.Errorf("Close = %v; want it to name the path, count what was lost and say the database is locked", err)
	}
}

func TestLastStateOfAQueuedMarkWins(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	release := holdWriteLock(t, path)
	key := ArticleKey{"feed.xml", "1"}
	for _, read := range []bool{true, false, true, false} {
		if err := s.SetRead(ctx, key, read); err != nil {
			t.Fatal(err)
		}
	}
	if m, _, _, _ := s.queue.counts(); m != 1 {
		t.Errorf("%d queued writes for one mark", m)
	}
	release()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if storedMark(t, path, key) {
		t.Error("the mark is read; the last state was unread")
	}
}
