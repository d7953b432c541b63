//go:build unix

package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// terminalModes are the tmux pane flags the reader changes while it runs:
// the alternate screen, the cursor, mouse tracking (any mode, button
// events, SGR reports).
const terminalModes = "alt=#{alternate_on} cursor=#{cursor_flag} mouse=#{mouse_any_flag}" +
	" button=#{mouse_button_flag} sgr=#{mouse_sgr_flag}"

const (
	readerModes   = "alt=1 cursor=0 mouse=1 button=1 sgr=1"
	restoredModes = "alt=0 cursor=1 mouse=0 button=0 sgr=0"
)

// buildReader builds cmd/xinwen into a temporary directory for the
// end-to-end tests and returns the binary's path.
func buildReader(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("end-to-end test needs tmux, which is not installed")
	}
	bin := filepath.Join(t.TempDir(), "xinwen")
	build := exec.Command("go", "build", "-o", bin, "./cmd/xinwen")
	build.Dir = repoRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/xinwen: %v\n%s", err, out)
	}
	return bin
}

// signalRun is one run of the reader in tmux, from a shell script that
// prints the terminal's modes (stty) when the reader has exited.
type signalRun struct {
	*tmuxSession
	pidFile, db string
}

func startSignalRun(t *testing.T, bin, name string) signalRun {
	t.Helper()
	tmp := t.TempDir()
	news, err := filepath.Abs(filepath.Join("testdata", "e2e", "news.txt"))
	if err != nil {
		t.Fatal(err)
	}
	r := signalRun{pidFile: filepath.Join(tmp, "pid"), db: filepath.Join(tmp, "data", "xinwen", "xinwen.db")}
	// The inner shell writes its PID and becomes the reader, so that the
	// test signals the reader itself, as the terminal or kill would.
	writeScript(t, filepath.Join(tmp, "run.sh"), fmt.Sprintf(`export TERM=xterm-256color LC_ALL=C.UTF-8 RUNEWIDTH_EASTASIAN=0
export XDG_DATA_HOME=%q
unset NO_COLOR XINWEN_NO_STORE
printf 'before-the-reader\n'
sh -c 'echo $$ > %q; exec "$0" "$@"' %q --ambiguous narrow %q
echo "xinwen-exit=$?"
echo "stty: $(stty -a | tr ' ;' '\n\n' | grep -x -e '-*icanon' -e '-*echo' -e '-*isig' | tr '\n' ' ')"
exec sleep 600
`, filepath.Join(tmp, "data"), r.pidFile, bin, news))
	r.tmuxSession = &tmuxSession{t: t, socket: fmt.Sprintf("xinwen-sig-%s-%d", name, os.Getpid()),
		env: append(os.Environ(), "TERM=xterm-256color", "LC_ALL=C.UTF-8")}
	r.run("new-session", "-d", "-x", "100", "-y", "30", "-s", "e2e", filepath.Join(tmp, "run.sh"))
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", r.socket, "kill-server").Run() })
	r.waitFor("the headline list", contains("5 articles, 5 unread"))
	if modes := r.modes(); modes != readerModes {
		t.Fatalf("while the reader runs the pane's modes are %q, want %q", modes, readerModes)
	}
	return r
}

func (r signalRun) modes() string {
	return strings.TrimSpace(r.run("display-message", "-p", "-t", "e2e", terminalModes))
}

func (r signalRun) pid() int {
	r.t.Helper()
	b, err := os.ReadFile(r.pidFile)
	if err != nil {
		r.t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		r.t.Fatalf("%s: %v", r.pidFile, err)
	}
	return pid
}

// checkStoreClosed checks that the reader closed its database: SQLite
// removes the write-ahead log when the last connection closes cleanly.
func (r signalRun) checkStoreClosed() {
	r.t.Helper()
	if _, err := os.Stat(r.db); err != nil {
		r.t.Fatalf("the reader made no database: %v", err)
	}
	if _, err := os.Stat(r.db + "-wal"); err == nil {
		r.t.Errorf("%s-wal is left behind: the store was not closed", r.db)
	}
}

func TestE2ESignalsRestoreTheTerminal(t *testing.T) {
	// Item 21: SIGHUP left the terminal raw, on the alternate screen,
	// cursor hidden, mouse tracking on; SIGQUIT dumped goroutines. Every
	// signal that ends the reader must give the terminal back as it was
	// and close the store.
	bin := buildReader(t)
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGQUIT, syscall.SIGTERM, syscall.SIGINT} {
		name := sig.String()
		t.Run(name, func(t *testing.T) {
			r := startSignalRun(t, bin, strconv.Itoa(int(sig)))
			if err := syscall.Kill(r.pid(), sig); err != nil {
				t.Fatal(err)
			}
			after := r.waitFor("the reader's exit on "+name, contains("xinwen-exit=", "stty: "))
			t.Logf("after %s:\n%s", sig, after)
			// SIGHUP and SIGQUIT end the reader as shells report a
			// process a signal ended; an interrupt and SIGTERM are a
			// normal way to quit.
			want := "xinwen-exit=0"
			if sig == syscall.SIGHUP || sig == syscall.SIGQUIT {
				want = fmt.Sprintf("xinwen-exit=%d", 128+int(sig))
			}
			if !strings.Contains(after, want) {
				t.Errorf("after %s the exit status is not %q:\n%s", sig, want, after)
			}
			if !strings.Contains(after, "stty: isig icanon echo") {
				t.Errorf("after %s the terminal is not back in cooked mode:\n%s", sig, after)
			}
			if !strings.Contains(after, "before-the-reader") {
				t.Errorf("after %s the shell's screen is not restored:\n%s", sig, after)
			}
			if strings.Contains(after, "goroutine ") {
				t.Errorf("after %s the reader printed a stack trace:\n%s", sig, after)
			}
			if modes := r.modes(); modes != restoredModes {
				t.Errorf("after %s the pane's modes are %q, want %q", sig, modes, restoredModes)
			}
			r.checkStoreClosed()
		})
	}
}

func TestE2EClosedWindowEndsTheReader(t *testing.T) {
	// Closing the terminal (here, the tmux window) hangs up its pty: the
	// reader must exit, with its store closed, rather than linger.
	bin := buildReader(t)
	r := startSignalRun(t, bin, "close")
	pid := r.pid()
	r.run("new-window", "-d", "-t", "e2e", "sleep 600") // keeps the server up
	r.run("kill-window", "-t", "e2e:0")
	deadline := time.Now().Add(e2eWait)
	for alive(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("the reader (pid %d) still runs %s after its window was closed", pid, e2eWait)
		}
		time.Sleep(40 * time.Millisecond)
	}
	r.checkStoreClosed()
}

// alive reports whether process pid runs: it exists and, where /proc says
// so, is no zombie waiting for a parent to reap it.
func alive(pid int) bool {
	if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil {
		// The state follows the command name, which is in parentheses.
		s := string(b)
		if i := strings.LastIndexByte(s, ')'); i >= 0 && i+2 < len(s) {
			return s[i+2] != 'Z'
		}
		return true
	}
	return syscall.Kill(pid, 0) == nil
}
