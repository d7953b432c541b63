package tui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xinwen-reader/xinwen/tui/layout"
)

// TestFeedsScreenInTmux drives the reader on two feeds in a real terminal:
// the feeds screen, enter and esc, *, u, A and U, and R with a feed that
// has a new article; then a reader on another pair of feeds, which lists
// the first one's starred article under Starred.
func TestFeedsScreenInTmux(t *testing.T) {
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
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/xinwen: %v\n%s", err, out)
	}
	a, b := filepath.Join(tmp, "a.xml"), filepath.Join(tmp, "b.xml")
	writeRSS(t, a, "甲报", [3]string{"a1", "甲报头条", "01"}, [3]string{"a2", "甲报次条", "03"})
	writeRSS(t, b, "乙报", [3]string{"b1", "乙报头条", "02"})
	writeScript(t, filepath.Join(tmp, "run.sh"), fmt.Sprintf(`export TERM=xterm-256color LC_ALL=C.UTF-8 RUNEWIDTH_EASTASIAN=0
export XDG_DATA_HOME=%q XDG_CONFIG_HOME=%q
unset NO_COLOR XINWEN_NO_STORE
%q --ambiguous narrow %q %q
echo "xinwen-exit=$?"
exec sleep 600
`, filepath.Join(tmp, "data"), filepath.Join(tmp, "config"), bin, a, b))
	s := &tmuxSession{t: t, socket: fmt.Sprintf("xinwen-feeds-%d", os.Getpid()),
		env: append(os.Environ(), "TERM=xterm-256color", "LC_ALL=C.UTF-8")}
	s.run("new-session", "-d", "-x", "100", "-y", "30", "-s", "e2e", filepath.Join(tmp, "run.sh"))
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", s.socket, "kill-server").Run() })
	mt := layout.NewMetrics(false)
	keys := func(k ...string) { s.run(append([]string{"send-keys", "-t", "e2e"}, k...)...) }
	line := func(screen, has string) string {
		for _, l := range strings.Split(screen, "\n") {
			if strings.Contains(l, has) {
				return l
			}
		}
		return ""
	}

	feeds := s.waitFor("the feeds screen", func(sc string) bool {
		return strings.Contains(line(sc, " All"), "3 unread  3") && strings.Contains(line(sc, "甲报"), "2 unread  2") &&
			strings.Contains(line(sc, "乙报"), "1 unread  1") && strings.Contains(sc, "refreshed 2 feeds")
	})
	checkScreen(t, mt, feeds, 100, 30, false)

	keys("Enter")
	list := s.waitFor("All, newest first", func(sc string) bool {
		first := line(sc, "2026-11-03")
		return strings.Contains(first, "甲报次条") && strings.Contains(first, "甲报") &&
			strings.Index(sc, "甲报次条") < strings.Index(sc, "乙报头条") && strings.Index(sc, "乙报头条") < strings.Index(sc, "甲报头条")
	})
	checkScreen(t, mt, list, 100, 30, false)

	keys("*")
	s.waitFor("the star", func(sc string) bool { return strings.Contains(line(sc, "甲报次条"), "★") })
	keys("Enter")
	s.waitFor("the article", contains("甲报次条。"))
	keys("q")
	keys("u")
	s.waitFor("only unread", func(sc string) bool {
		return strings.Contains(sc, "unread only") && !strings.Contains(sc, "甲报次条") && strings.Contains(sc, "乙报头条")
	})
	keys("A")
	s.waitFor("A's confirmation", func(sc string) bool {
		return strings.Contains(sc, "marked 2 articles read; U undoes") && strings.Contains(sc, "3 articles, 0 unread")
	})
	keys("U")
	s.waitFor("U", contains("2 articles unread again", "3 articles, 2 unread"))

	writeRSS(t, b, "乙报", [3]string{"b2", "乙报快讯", "05"}, [3]string{"b1", "乙报头条", "02"})
	keys("u", "R")
	s.waitFor("R", func(sc string) bool {
		return strings.Contains(sc, "refreshed 2 feeds: 1 new article") && strings.Contains(line(sc, "乙报快讯"), "2026-11-05")
	})
	keys("Escape")
	s.waitFor("the feeds screen after R", func(sc string) bool {
		return strings.Contains(line(sc, " Starred"), "1") && strings.Contains(line(sc, "乙报 "), "2 unread  2") &&
			strings.Contains(line(sc, " All"), "3 unread  4")
	})
	keys("q")
	if after := s.waitFor("the exit", contains("xinwen-exit=")); !strings.Contains(after, "xinwen-exit=0") {
		t.Errorf("the reader did not exit 0:\n%s", after)
	}

	// A reader on b.xml and c.xml alone: the star of a.xml's 甲报次条 is
	// under Starred all the same, and only there; its body is read from
	// the store when it is opened.
	c := filepath.Join(tmp, "c.xml")
	writeRSS(t, c, "丙报", [3]string{"c1", "丙报头条", "04"})
	run2 := filepath.Join(tmp, "run2.sh")
	writeScript(t, run2, fmt.Sprintf(`export TERM=xterm-256color LC_ALL=C.UTF-8 RUNEWIDTH_EASTASIAN=0
export XDG_DATA_HOME=%q XDG_CONFIG_HOME=%q
unset NO_COLOR XINWEN_NO_STORE
%q --ambiguous narrow %q %q
echo "xinwen-exit=$?"
exec sleep 600
`, filepath.Join(tmp, "data"), filepath.Join(tmp, "config"), bin, b, c))
	s.run("respawn-pane", "-k", "-t", "e2e", run2)
	s.waitFor("the feeds screen of b.xml and c.xml", func(sc string) bool {
		return strings.Contains(line(sc, " Starred"), "1") && strings.Contains(line(sc, " All"), "3") &&
			strings.Contains(sc, "丙报") && !strings.Contains(sc, "甲报")
	})
	keys("j", "j", "Enter")
	s.waitFor("Starred", func(sc string) bool {
		return strings.Contains(line(sc, "甲报次条"), "★") && !strings.Contains(sc, "乙报头条")
	})
	keys("Enter")
	s.waitFor("the starred article of a.xml", contains("甲报次条。"))
	keys("q")
	s.waitFor("the Starred list again", func(sc string) bool { return strings.Contains(line(sc, "甲报次条"), "★") })
	keys("Escape")
	s.waitFor("the feeds screen again", func(sc string) bool { return strings.Contains(line(sc, " All"), "3") })
	keys("k", "k", "Enter")
	s.waitFor("All of b.xml and c.xml", func(sc string) bool {
		return strings.Contains(sc, "丙报头条") && strings.Contains(sc, "乙报头条") && !strings.Contains(sc, "甲报次条")
	})
	keys("q", "q")
	if after := s.waitFor("the second exit", contains("xinwen-exit=")); !strings.Contains(after, "xinwen-exit=0") {
		t.Errorf("the second reader did not exit 0:\n%s", after)
	}
}
