package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// withProcessStderr points os.Stderr at a file for the test and returns the
// file, so that traceAside sees the real process's stderr.
func withProcessStderr(t *testing.T) *os.File {
	t.Helper()
	f, err := os.Create(t.TempDir() + "/stderr")
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stderr
	os.Stderr = f
	t.Cleanup(func() { os.Stderr = saved; f.Close() })
	return f
}

// TestReaderPanicLeavesNoStackTraceOnStderr: Bubble Tea prints a recovered
// panic's stack trace to os.Stderr; the user sees none of it, and the error
// says where the trace was kept.
func TestReaderPanicLeavesNoStackTraceOnStderr(t *testing.T) {
	stderr := withProcessStderr(t)
	env := Env{Stderr: os.Stderr, Getenv: func(string) string { return "" }}
	err := traceAside(env, func() error {
		fmt.Fprint(os.Stderr, "Caught panic:\r\n\r\nboom\r\n\r\ngoroutine 1 [running]:\r\nmain.main()\r\n")
		return fmt.Errorf("reader: %w", tea.ErrProgramPanic)
	})
	if !errors.Is(err, tea.ErrProgramPanic) {
		t.Fatalf("err = %v, want the panic still reported", err)
	}
	shown, _ := os.ReadFile(stderr.Name())
	if len(shown) != 0 {
		t.Errorf("stderr got %q", shown)
	}
	_, path, ok := strings.Cut(err.Error(), "stack trace is in ")
	if !ok {
		t.Fatalf("the error does not say where the trace is: %v", err)
	}
	path = strings.TrimSuffix(path, ")")
	defer os.Remove(path)
	if trace, _ := os.ReadFile(path); !bytes.Contains(trace, []byte("goroutine 1")) {
		t.Errorf("the trace file holds %q", trace)
	}
	if code := exitStatus(err, env); code != exitInternal {
		t.Errorf("exit status %d, want %d", code, exitInternal)
	}
}

// TestReaderStderrIsPassedOnWithoutAPanic: whatever else reached stderr
// while the reader ran comes out after it, and no file is left behind.
func TestReaderStderrIsPassedOnWithoutAPanic(t *testing.T) {
	stderr := withProcessStderr(t)
	env := Env{Stderr: os.Stderr}
	var tmp string
	err := traceAside(env, func() error {
		tmp = os.Stderr.Name()
		fmt.Fprint(os.Stderr, "a warning\n")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if shown, _ := os.ReadFile(stderr.Name()); string(shown) != "a warning\n" {
		t.Errorf("stderr got %q", shown)
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("the temporary file %s is left: %v", tmp, err)
	}
}
