//go:build unix

package store

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestOpenRefusesFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "xinwen.db")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip(err)
	}
	done := make(chan error, 1)
	go func() {
		s, err := Open(context.Background(), path)
		if err == nil {
			s.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("err = %v, want one naming %s and saying it is not a regular file", err, path)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Open of a FIFO blocks")
		// The goroutine stays blocked in open(2); the test binary exits.
	}
}
