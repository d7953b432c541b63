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

// TestE2EFullTextInTmux drives the built reader in tmux over a feed of
// summaries served, with the article page of one, on 127.0.0.1: f puts the
// page's text in place of the summary; on the item whose page is gone, f
// keeps the summary and the status bar says why.
func TestE2EFullTextInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Skip("end-to-end test needs tmux, which is not installed")
	}
	srv := newStoryServer(t)
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "xinwen")
	build := exec.Command("go", "build", "-o", bin, "./cmd/xinwen")
	build.Dir = repoRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/xinwen: %v\n%s", err, out)
	}
	writeScript(t, filepath.Join(tmp, "run.sh"), fmt.Sprintf(`export TERM=xterm-256color LC_ALL=C.UTF-8 RUNEWIDTH_EASTASIAN=0
export XDG_DATA_HOME=%q
unset NO_COLOR XINWEN_NO_STORE http_proxy https_proxy HTTP_PROXY HTTPS_PROXY
%q --ambiguous narrow %q
echo "xinwen-exit=$?"
exec sleep 600
`, filepath.Join(tmp, "data"), bin, srv.URL+"/feed.xml"))

	s := &tmuxSession{t: t, socket: fmt.Sprintf("xinwen-e2e-fulltext-%d", os.Getpid()),
		env: append(os.Environ(), "TERM=xterm-256color", "LC_ALL=C.UTF-8")}
	s.run("new-session", "-d", "-x", "100", "-y", "30", "-s", "e2e", filepath.Join(tmp, "run.sh"))
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", s.socket, "kill-server").Run() })

	mt := layout.NewMetrics(false)
	s.waitFor("the headline list", contains("城市图书馆延长开放", "消失的页面"))
	s.run("send-keys", "-t", "e2e", "Enter")
	s.waitFor("the summary", contains("图书馆延长开放时间。", "1/2"))
	s.run("send-keys", "-t", "e2e", "f")
	full := s.waitFor("the full text", contains(storyWord, "full text from 127.0.0.1"))
	checkScreen(t, mt, full, 100, 30, false)
	if strings.Contains(full, "图书馆延长开放时间。") {
		t.Errorf("the summary is still shown beside the full text:\n%s", full)
	}
	if srv.hits.Load() != 1 {
		t.Errorf("the page was fetched %d times, want once", srv.hits.Load())
	}

	s.run("send-keys", "-t", "e2e", "n")
	s.waitFor("the second article", contains("这一页已经删除。", "2/2"))
	s.run("send-keys", "-t", "e2e", "f")
	failed := s.waitFor("the failure", contains("no full text, the summary kept", "404"))
	checkScreen(t, mt, failed, 100, 30, false)
	if !strings.Contains(failed, "这一页已经删除。") {
		t.Errorf("the summary is gone after the failure:\n%s", failed)
	}

	s.run("send-keys", "-t", "e2e", "q")
	s.waitFor("the list", contains("enter open"))
	s.run("send-keys", "-t", "e2e", "q")
	after := s.waitFor("the reader's exit", contains("xinwen-exit="))
	if !strings.Contains(after, "xinwen-exit=0") {
		t.Errorf("the reader did not exit 0:\n%s", after)
	}
}
