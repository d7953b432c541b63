//go:build unix

package tui

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestE2ESentenceCursorInTmux drives the built reader in tmux, without
// colour (NO_COLOR), on the seed with two English paragraphs merged: after
// ) three times, the rows marked beside the rule hold, on the left, the
// Chinese and, on the right, the English of the third pair that
// `xinwen align` prints.
func TestE2ESentenceCursorInTmux(t *testing.T) {
	bin := buildReader(t) // skips without tmux or in -short mode
	tmp := t.TempDir()
	seed, err := os.ReadFile(filepath.Join("..", "feed", "sample", "000_20ace1429fac22ad.txt"))
	if err != nil {
		t.Fatal(err)
	}
	cut := "telecom fraud crimes.\n\nIn recent years"
	if strings.Count(string(seed), cut) != 1 {
		t.Fatal("the seed's first English paragraph does not end where the test expects")
	}
	src := filepath.Join(tmp, "merged.txt")
	merged := strings.Replace(string(seed), cut, "telecom fraud crimes. In recent years", 1)
	if err := os.WriteFile(src, []byte(merged), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "align", "--no-store", src, "1").Output()
	if err != nil {
		t.Fatalf("xinwen align: %v", err)
	}
	var third struct{ ZH, EN string }
	if err := json.Unmarshal([]byte(strings.Split(string(out), "\n")[2]), &third); err != nil || third.ZH == "" || third.EN == "" {
		t.Fatalf("the third pair of xinwen align: %v\n%s", err, out)
	}
	writeScript(t, filepath.Join(tmp, "run.sh"), fmt.Sprintf(`export TERM=xterm-256color LC_ALL=C.UTF-8 RUNEWIDTH_EASTASIAN=0 NO_COLOR=1
%q --no-store --ambiguous narrow --lang both %q
exec sleep 600
`, bin, src))
	s := &tmuxSession{t: t, socket: fmt.Sprintf("xinwen-align-%d", os.Getpid()),
		env: append(os.Environ(), "TERM=xterm-256color", "LC_ALL=C.UTF-8")}
	s.run("new-session", "-d", "-x", "120", "-y", "40", "-s", "e2e", filepath.Join(tmp, "run.sh"))
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", s.socket, "kill-server").Run() })

	s.waitFor("the headline list", contains("1 article", "Success in cracking down"))
	s.run("send-keys", "-t", "e2e", "Enter")
	s.waitFor("the article side by side", contains(" 双语 ", "│", "Recently, the spokesperson"))
	for range 3 {
		s.run("send-keys", "-t", "e2e", "-l", ")")
	}
	screen := s.waitFor("the third pair", contains("pair 3/"))
	var left, right []string
	for _, l := range strings.Split(screen, "\n") {
		l0, r0, ok := strings.Cut(l, "│")
		if !ok {
			continue
		}
		if strings.HasSuffix(l0, ">") {
			left = append(left, strings.TrimSpace(strings.TrimSuffix(l0, ">")))
		}
		if strings.HasPrefix(r0, "<") {
			right = append(right, strings.TrimPrefix(r0, "<"))
		}
	}
	zh := strings.Join(left, "")
	en := strings.Join(strings.Fields(strings.Join(right, " ")), " ")
	if len(left) == 0 || len(right) == 0 || !strings.Contains(zh, third.ZH) || !strings.Contains(en, third.EN) {
		t.Errorf("the marked rows are not the third pair of xinwen align:\nleft  %q\nright %q\nwant  %q\n      %q\n%s", zh, en, third.ZH, third.EN, screen)
	}
}
