package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/tui/layout"
)

// e2eWait is how long the end-to-end test waits for one screen.
const e2eWait = 8 * time.Second

// tmuxSession drives one tmux server on a private socket.
type tmuxSession struct {
	t      *testing.T
	socket string
	env    []string
}

func (s *tmuxSession) run(args ...string) string {
	s.t.Helper()
	cmd := exec.Command("tmux", append([]string{"-L", s.socket, "-u", "-f", "/dev/null"}, args...)...)
	cmd.Env = s.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		s.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (s *tmuxSession) capture() string { return s.run("capture-pane", "-p", "-t", "e2e") }

// waitFor polls the pane until ok accepts it, and returns it.
func (s *tmuxSession) waitFor(what string, ok func(screen string) bool) string {
	s.t.Helper()
	deadline := time.Now().Add(e2eWait)
	for {
		screen := s.capture()
		if ok(screen) {
			return screen
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("waiting for %s; the pane shows:\n%s", what, screen)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

func contains(subs ...string) func(string) bool {
	return func(screen string) bool {
		for _, s := range subs {
			if !strings.Contains(screen, s) {
				return false
			}
		}
		return true
	}
}

// repoRoot walks up from the working directory to the folder with go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

func TestE2EInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("end-to-end test needs tmux, which is not installed")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "xinwen")
	build := exec.Command("go", "build", "-o", bin, "./cmd/xinwen")
	build.Dir = repoRoot(t)
	start := time.Now()
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/xinwen: %v\n%s", err, out)
	}
	t.Logf("go build ./cmd/xinwen took %s", time.Since(start).Round(time.Millisecond))
	start = time.Now()
	defer func() { t.Logf("the session in tmux took %s", time.Since(start).Round(time.Millisecond)) }()
	news, err := filepath.Abs(filepath.Join("testdata", "e2e", "news.txt"))
	if err != nil {
		t.Fatal(err)
	}
	argsFile := filepath.Join(tmp, "browser-args")
	writeScript(t, filepath.Join(tmp, "browser.sh"), fmt.Sprintf("printf '%%s\\n' \"$@\" > %q.tmp && mv %q.tmp %q\n", argsFile, argsFile, argsFile))
	// The reader's store lives in the test's own data directory, so that
	// nothing is read from or written to the user's.
	writeScript(t, filepath.Join(tmp, "run.sh"), fmt.Sprintf(`export TERM=xterm-256color LC_ALL=C.UTF-8 RUNEWIDTH_EASTASIAN=0
export BROWSER=%q XDG_DATA_HOME=%q
unset NO_COLOR XINWEN_NO_STORE
printf 'e2e-before-the-reader\n'
%q --ambiguous narrow %q
echo "xinwen-exit=$?"
exec sleep 600
`, filepath.Join(tmp, "browser.sh")+" --new-tab", filepath.Join(tmp, "data"), bin, news))

	s := &tmuxSession{t: t, socket: fmt.Sprintf("xinwen-e2e-%d", os.Getpid()),
		env: append(os.Environ(), "TERM=xterm-256color", "LC_ALL=C.UTF-8")}
	s.run("new-session", "-d", "-x", "100", "-y", "30", "-s", "e2e", filepath.Join(tmp, "run.sh"))
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", s.socket, "kill-server").Run() })

	mt := layout.NewMetrics(false)
	s.waitFor("the headline list", contains("5 articles, 5 unread", "● 2024-03-04  城市图书馆延长夜间开放时间"))
	s.run("send-keys", "-t", "e2e", "Enter")
	checkScreen(t, mt, s.waitFor("the article", contains("市图书馆宣布", "1/5")), 100, 30, false)
	s.run("send-keys", "-t", "e2e", "t")
	checkScreen(t, mt, s.waitFor("English", contains(" English ", "The city library announced")), 100, 30, false)
	s.run("send-keys", "-t", "e2e", "t")
	checkScreen(t, mt, s.waitFor("双语 side by side", contains(" 双语 ", "市图书馆宣布", "The city library", "│")), 100, 30, true)

	s.run("resize-window", "-t", "e2e", "-x", "60", "-y", "20")
	narrow := s.waitFor("the 60×20 layout", func(screen string) bool {
		ls := strings.Split(strings.TrimRight(screen, "\n"), "\n")
		return len(ls) >= 20 && strings.Contains(screen, " 双语 ") && !strings.Contains(screen, "│") &&
			mt.Width(strings.TrimRight(ls[19], " ")) == 59
	})
	checkScreen(t, mt, narrow, 60, 20, false)
	s.run("send-keys", "-t", "e2e", "t")
	checkScreen(t, mt, s.waitFor("中文 at 60×20", contains(" 中文 ", "市图书馆宣布")), 60, 20, false)

	s.run("send-keys", "-t", "e2e", "o")
	deadline := time.Now().Add(e2eWait)
	var args []byte
	for args == nil {
		if b, err := os.ReadFile(argsFile); err == nil {
			args = b
		} else if time.Now().After(deadline) {
			t.Fatalf("the browser script was not run; the pane shows:\n%s", s.capture())
		} else {
			time.Sleep(40 * time.Millisecond)
		}
	}
	if want := "--new-tab\nhttps://news.example.com/2024/03/library-hours.html\n"; string(args) != want {
		t.Errorf("the browser got %q, want %q", args, want)
	}
	s.waitFor("the status of o", contains("opened with"))

	s.run("send-keys", "-t", "e2e", "q")
	s.waitFor("the list again, the first article read", contains("enter open", "5 articles, 4 unread", "  2024-03-04  城市图书馆"))
	s.run("send-keys", "-t", "e2e", "s")
	s.run("send-keys", "-t", "e2e", "-l", "候鸟")
	s.run("send-keys", "-t", "e2e", "Enter")
	s.waitFor("the search results", contains("search: 候鸟", "1 result, 1 unread", "高原湖泊迎来候鸟迁徙高峰"))
	s.run("send-keys", "-t", "e2e", "Escape")
	s.waitFor("the headlines after the search", contains("5 articles, 4 unread"))
	s.run("send-keys", "-t", "e2e", "q")
	after := s.waitFor("the reader's exit", contains("xinwen-exit="))
	if !strings.Contains(after, "xinwen-exit=0") {
		t.Errorf("the reader did not exit 0:\n%s", after)
	}
	if !strings.Contains(after, "e2e-before-the-reader") {
		t.Errorf("the shell's screen was not restored after quitting:\n%s", after)
	}
	if alt := strings.TrimSpace(s.run("display-message", "-p", "-t", "e2e", "#{alternate_on}")); alt != "0" {
		t.Errorf("the alternate screen is still on (alternate_on=%s)", alt)
	}
}

// checkScreen checks a captured screen of a w×h terminal: no row wider
// than w; the title and status bars reach the right edge (their last
// character in the last column; tmux trims the trailing space); and in a
// two-column page the column rule sits in one column on every row.
func checkScreen(t *testing.T, mt layout.Metrics, screen string, w, h int, twoColumns bool) {
	t.Helper()
	ls := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if len(ls) != h {
		t.Fatalf("%d rows captured, want %d:\n%s", len(ls), h, screen)
	}
	for i, l := range ls {
		if mt.Width(l) > w {
			t.Errorf("row %d is %d columns wide, more than %d: %q", i, mt.Width(l), w, l)
		}
	}
	for _, i := range []int{0, h - 1} {
		if got := mt.Width(strings.TrimRight(ls[i], " ")); got != w-1 {
			t.Errorf("bar on row %d ends at column %d, want %d: %q", i, got, w-1, ls[i])
		}
	}
	if !twoColumns {
		return
	}
	ruleAt, rows, joint := -1, 0, false
	for i, l := range ls[1 : h-1] {
		for _, mark := range []string{"┬", "│"} {
			j := strings.Index(l, mark)
			if j < 0 {
				continue
			}
			joint = joint || mark == "┬"
			col := mt.Width(l[:j])
			if ruleAt < 0 {
				ruleAt = col
			}
			if col != ruleAt {
				t.Errorf("row %d: column rule at %d, row before at %d: %q", i+1, col, ruleAt, l)
			}
			rows++
		}
	}
	if rows < 5 || !joint {
		t.Errorf("the column rule is on %d rows (joint drawn: %v):\n%s", rows, joint, screen)
	}
}

func writeScript(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body), 0o755); err != nil {
		t.Fatal(err)
	}
}
