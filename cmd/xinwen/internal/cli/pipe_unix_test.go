//go:build unix

package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// bigFeed writes an RSS feed of n items, far more than a pipe buffers.
func bigFeed(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Big</title>`)
	for i := range n {
		fmt.Fprintf(&b, "<item><title>标题 %d headline</title><link>https://example.org/%d</link><description>第%d段。Paragraph %d.</description></item>", i, i, i, i)
	}
	b.WriteString("</channel></rss>")
	path := filepath.Join(t.TempDir(), "big.xml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestClosedPipeEndsQuietly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program; skipped in -short mode")
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("needs the go command to build xinwen")
	}
	bin := filepath.Join(t.TempDir(), "xinwen")
	build := exec.Command("go", "build", "-o", bin, "github.com/xinwen-reader/xinwen/cmd/xinwen")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	feed := bigFeed(t, 20000)
	for _, command := range []string{"list", "export"} {
		cmd := exec.Command(bin, command, "--no-store", feed)
		cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+t.TempDir(), "XDG_DATA_HOME="+t.TempDir())
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Read one line, as head -1 does, and go away.
		if _, err := bufio.NewReader(out).ReadString('\n'); err != nil {
			t.Fatalf("%s: %v", command, err)
		}
		out.Close()
		err = cmd.Wait()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Errorf("%s | head -1: %v (%s), stderr %q; want exit 0 and nothing on stderr", command, err, exit.ProcessState, stderr.String())
		} else if err != nil || stderr.String() != "" {
			t.Errorf("%s | head -1: %v, stderr %q", command, err, stderr.String())
		}
	}
}
