package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

func TestPanicInRunIsAnInternalError(t *testing.T) {
	var stdout, stderr bytes.Buffer
	env := testEnv(t, nil, &stdout, &stderr)
	env.Getenv = nil // a programming error: Run reads the environment
	code := Run(context.Background(), []string{"list", "--no-store", "testdata/two.txt"}, env)
	msg := stderr.String()
	if code != exitInternal || !strings.HasPrefix(msg, "xinwen: internal error: ") || strings.Count(msg, "\n") != 1 {
		t.Fatalf("exit %d, stderr %q; want exit 3 and one line", code, msg)
	}
}

func TestInternalErrorStackOnlyWithXinwenDebug(t *testing.T) {
	boom := func() int { panic("boom\x1b]2;title\x07\nsecond line") }
	for _, debug := range []string{"", "1"} {
		var stderr bytes.Buffer
		env := testEnv(t, map[string]string{debugVar: debug}, io.Discard, &stderr)
		code := guard(env, boom)
		first, rest, _ := strings.Cut(stderr.String(), "\n")
		if code != exitInternal || first != "xinwen: internal error: boom second line" {
			t.Errorf("XINWEN_DEBUG=%q: exit %d, first line %q", debug, code, first)
		}
		if hasStack := strings.Contains(rest, "goroutine "); hasStack != (debug != "") {
			t.Errorf("XINWEN_DEBUG=%q: stack trace printed %v:\n%s", debug, hasStack, rest)
		}
	}
}

func TestReaderPanicIsAnInternalError(t *testing.T) {
	var stderr bytes.Buffer
	env := testEnv(t, nil, io.Discard, &stderr)
	// What tui.Run returns when Bubble Tea recovered a panic.
	err := fmt.Errorf("reader: %w", fmt.Errorf("%w: %w", tea.ErrProgramKilled, tea.ErrProgramPanic))
	if code := exitStatus(err, env); code != exitInternal || !strings.HasPrefix(stderr.String(), "xinwen: internal error: reader: ") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

func TestBadBrowserInConfigIsReportedAgainstTheFile(t *testing.T) {
	path := writeConfig(t, "lang = \"en\"\nbrowser = \"firefox '--new-window\"\n")
	code, _, errOut := run(t, "", map[string]string{"XINWEN_TEST_CONFIG": path, "BROWSER": "w3m"}, "list", "--no-store")
	if code != exitUsage || !strings.HasPrefix(errOut, "xinwen: "+path+": line 2: key \"browser\": ") || strings.Contains(errOut, "$BROWSER") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestConfigWithBOMIsRead(t *testing.T) {
	path := writeConfig(t, "\ufeffsources = [\"testdata/two.txt\"]\n")
	code, out, errOut := run(t, "", map[string]string{"XINWEN_TEST_CONFIG": path}, "list", "--no-store")
	if code != exitOK || strings.Count(out, "\n") != 2 {
		t.Errorf("exit %d, stderr %q, stdout:\n%s", code, errOut, out)
	}
}

// lockedBuffer is a bytes.Buffer safe to write from the reader's goroutine
// while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestReaderExitsOneAfterFailedSources(t *testing.T) {
	keys, typing := io.Pipe()
	defer typing.Close()
	var screen lockedBuffer
	var stderr bytes.Buffer
	env := testEnv(t, map[string]string{"TERM": "xterm"}, &screen, &stderr)
	// The feed comes on standard input, so keys come from the "terminal".
	env.Stdin = strings.NewReader("Title: Only English\n\nNews content:\n\nAn English-only article.\n")
	env.TTY = func() (io.ReadCloser, error) { return keys, nil }
	missing := filepath.Join(t.TempDir(), "missing.xml")
	done := make(chan int, 1)
	go func() { done <- Run(context.Background(), []string{"--no-store", "-", missing}, env) }()
	// The "terminal" reports its size as xterm answers CSI 18 t: 80x24.
	// It says so again until the reader has drawn: a report that arrives
	// while Bubble Tea is still starting can be lost, and a real terminal
	// would answer the reader's own query.
	sized := make(chan struct{})
	go func() {
		for {
			typing.Write([]byte("\x1b[8;24;80t")) //nolint:errcheck // the pipe closes with the test
			select {
			case <-sized:
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(screen.String(), "1 source failed") {
		if time.Now().After(deadline) {
			close(sized)
			t.Fatalf("the reader never showed the failure:\n%q", screen.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(sized)
	if _, err := typing.Write([]byte("q")); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
		if code != exitFailed || len(lines) != 1 || !strings.HasPrefix(lines[0], "xinwen: "+missing+": ") {
			t.Errorf("exit %d, stderr %q; want exit 1 and the failure named once", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the reader did not quit on q")
	}
}
