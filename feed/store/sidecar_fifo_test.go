//go:build unix

package store

import (
	"context"
	"errors"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestOpenRefusesAFIFOBesideTheDatabase: a named pipe where SQLite keeps its
// journal, write-ahead log or shared memory, or where xinwen keeps its
// damage marker, is refused at once, naming it; SQLite's hot-journal check
// would otherwise block in open(2) for ever, and a pipe at -shm fails every
// query with an I/O error.
func TestOpenRefusesAFIFOBesideTheDatabase(t *testing.T) {
	for _, suffix := range []string{"-journal", "-wal", "-shm", markerSuffix} {
		t.Run(suffix, func(t *testing.T) {
			path := storeOf(t, 10)
			before := fileSum(t, path)
			if err := syscall.Mkfifo(path+suffix, 0o600); err != nil {
				t.Skip(err)
			}
			done := make(chan error, 1)
			go func() {
				s, err := Open(context.Background(), path)
				if err == nil {
					_, _, err = s.SourceArticles(context.Background(), "big.xml")
					s.Close()
				}
				done <- err
			}()
			select {
			case err := <-done:
				if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), path+suffix+":") {
					t.Errorf("err = %v, want ErrNotRegular naming %s", err, path+suffix)
				}
			case <-time.After(3 * time.Second):
				t.Fatalf("Open with a FIFO at %s blocks", path+suffix)
				// The goroutine stays blocked in open(2); the test binary exits.
			}
			if fileSum(t, path) != before {
				t.Error("the database changed")
			}
		})
	}
}
