package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// These tests run the test binary itself as other xinwen processes: the
// helper tests below do nothing unless the environment asks for them.

const (
	helperEnv = "XINWEN_STORE_HELPER"
	dbEnv     = "XINWEN_STORE_DB"
)

// batchSize is how many articles each save of the writer helper holds.
const batchSize = 200

// helper starts this test binary running only the named helper test.
func helper(t *testing.T, name string, env ...string) *exec.Cmd {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("needs SIGKILL and a subprocess")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+name+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	return cmd
}

// TestHelperWriter saves batches "batch-K" of batchSize articles with IDs
// "bK-N" until killed, printing "saved K" after each commit.
func TestHelperWriter(t *testing.T) {
	if os.Getenv(helperEnv) != "writer" {
		t.Skip("helper process for TestKilledWriter")
	}
	ctx := context.Background()
	s, err := Open(ctx, os.Getenv(dbEnv))
	if err != nil {
		t.Fatal(err)
	}
	g := newGen(11)
	for k := 0; ; k++ {
		batch := g.articles(k*batchSize, (k+1)*batchSize)
		for i := range batch {
			batch[i].ID = fmt.Sprintf("b%d-%d", k, i)
		}
		if err := s.SaveSource(ctx, fmt.Sprintf("batch-%d", k), batch, time.Time{}); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("saved %d\n", k)
	}
}

func TestKilledWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "xinwen.db")
	cmd := helper(t, "TestHelperWriter", helperEnv+"=writer", dbEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	saved := -1
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if n, ok := strings.CutPrefix(lines.Text(), "saved "); ok {
			saved, _ = strconv.Atoi(n)
			if saved == 3 {
				break
			}
		}
	}
	// Kill it somewhere inside the next save.
	time.Sleep(time.Duration(time.Now().UnixNano()%40) * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for lines.Scan() { // saves that finished before the signal landed
		if n, ok := strings.CutPrefix(lines.Text(), "saved "); ok {
			saved, _ = strconv.Atoi(n)
		}
	}
	_ = cmd.Wait()
	if saved < 3 {
		t.Fatalf("the writer reported %d saves before it was killed", saved+1)
	}

	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var check string
	if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q %v", check, err)
	}
	for k := 0; k <= saved+2; k++ {
		var articles, members int
		err := s.db.QueryRow(`SELECT
			(SELECT count(*) FROM articles WHERE article_id LIKE ? AND staged = 0),
			(SELECT count(*) FROM source_articles sa JOIN sources s ON s.id = sa.source_id WHERE s.source = ?)`,
			fmt.Sprintf("b%d-%%", k), fmt.Sprintf("batch-%d", k)).Scan(&articles, &members)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case k <= saved && (articles != batchSize || members != batchSize):
			t.Errorf("batch %d was reported saved but has %d articles, %d members", k, articles, members)
		case k > saved && (articles != members || (articles != 0 && articles != batchSize)):
			t.Errorf("batch %d is half there: %d articles, %d members", k, articles, members)
		}
	}
	// The index is whole too: every stored article is found by its words.
	found, err := s.Search(context.Background(), "的", 0)
	if err != nil {
		t.Fatal(err)
	}
	var stored int
	if err := s.db.QueryRow("SELECT count(*) FROM articles").Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if len(found) != min(stored, searchWindow) {
		t.Errorf("search finds %d articles, %d are stored", len(found), stored)
	}
	t.Logf("killed after %d saves; %d articles stored", saved+1, stored)
}

// TestHelperMarker marks 500 IDs "PREFIX-N" read, one statement each, as
// fast as it can, starting at the given time.
func TestHelperMarker(t *testing.T) {
	if os.Getenv(helperEnv) != "marker" {
		t.Skip("helper process for TestTwoWriters")
	}
	ctx := context.Background()
	start, _ := strconv.ParseInt(os.Getenv("XINWEN_STORE_START"), 10, 64)
	s, err := Open(ctx, os.Getenv(dbEnv))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	time.Sleep(time.Until(time.Unix(0, start)))
	prefix := os.Getenv("XINWEN_STORE_PREFIX")
	for i := range 500 {
		if err := s.SetRead(ctx, ArticleKey{"feed.xml", fmt.Sprintf("%s-%d", prefix, i)}, true); err != nil {
			t.Fatal(err)
		}
	}
}

func TestTwoWriters(t *testing.T) {
	// The database does not exist yet: both processes also create it.
	path := filepath.Join(t.TempDir(), "xinwen.db")
	start := fmt.Sprint(time.Now().Add(time.Second).UnixNano())
	var cmds []*exec.Cmd
	for _, prefix := range []string{"one", "two"} {
		cmd := helper(t, "TestHelperMarker", helperEnv+"=marker", dbEnv+"="+path,
			"XINWEN_STORE_PREFIX="+prefix, "XINWEN_STORE_START="+start)
		cmd.Stdout = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, cmd)
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("marker: %v", err)
		}
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var keys []ArticleKey
	for _, prefix := range []string{"one", "two"} {
		for i := range 500 {
			keys = append(keys, ArticleKey{"feed.xml", fmt.Sprintf("%s-%d", prefix, i)})
		}
	}
	read, err := s.ReadMarks(context.Background(), keys)
	if err != nil {
		t.Fatal(err)
	}
	if len(read) != 1000 {
		t.Errorf("%d of 1000 marks are there", len(read))
	}
}
