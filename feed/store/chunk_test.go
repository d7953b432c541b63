package store

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// retitled returns articles with " vN" added to every English title.
func retitled(articles []feed.Article, n int) []feed.Article {
	out := make([]feed.Article, len(articles))
	for i, a := range articles {
		en := *a.EN
		en.Title += fmt.Sprintf(" v%d", n)
		a.EN = &en
		out[i] = a
	}
	return out
}

// versions counts the articles of source's offline copy whose title ends
// in " vN", by N.
func versions(t *testing.T, s *Store, source string) map[string]int {
	t.Helper()
	got, _, err := s.SourceArticles(context.Background(), source)
	if err != nil {
		t.Error(err)
		return nil
	}
	count := map[string]int{}
	for _, a := range got {
		count[a.EN.Title[strings.LastIndexByte(a.EN.Title, ' ')+1:]]++
	}
	return count
}

func TestChunkedSaveNeverShowsAHalfNewCopy(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	base := newGen(31).articles(0, 3*chunkArticles)
	if err := s.SaveSource(ctx, "feed.xml", retitled(base, 1), time.Time{}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(done)
		if err := s.SaveSource(ctx, "feed.xml", retitled(base, 2), time.Time{}); err != nil {
			t.Error(err)
		}
	}()
	reads := 0
	for running := true; running; reads++ {
		select {
		case <-done:
			running = false
		default:
		}
		if v := versions(t, s, "feed.xml"); len(v) != 1 {
			t.Fatalf("read %d saw a mix of old and new articles: %v", reads, v)
		}
	}
	wg.Wait()
	if v := versions(t, s, "feed.xml"); v["v2"] != len(base) {
		t.Errorf("after the save: %v", v)
	}

	// A save cut short between chunks leaves the copy as it was, and
	// nothing of it in search.
	cancelled, cancel := context.WithCancel(ctx)
	time.AfterFunc(chunkTime, cancel)
	third := retitled(base, 3)
	third[len(third)-1].EN.Blocks[0].Text = "xylophonist"
	err := s.SaveSource(cancelled, "feed.xml", third, time.Time{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled save: %v", err)
	}
	if v := versions(t, s, "feed.xml"); v["v2"] != len(base) {
		t.Errorf("after a cancelled save: %v", v)
	}
	var staged, rows int
	if err := s.db.QueryRow("SELECT count(*) FILTER (WHERE staged != 0), count(*) FROM articles").Scan(&staged, &rows); err != nil {
		t.Fatal(err)
	}
	if staged != 0 || rows != len(base) {
		t.Errorf("a cancelled save left %d staged rows, %d rows in all (want 0, %d)", staged, rows, len(base))
	}
	if found, err := s.Search(ctx, "xylophonist", 0); err != nil || len(found) != 0 {
		t.Errorf("search finds %d articles of the cancelled save (%v)", len(found), err)
	}
}

// TestHelperSaver saves a big feed whose every article changes, again and
// again, printing "saving" before the first save, until killed.
func TestHelperSaver(t *testing.T) {
	if os.Getenv(helperEnv) != "saver" {
		t.Skip("helper process for TestMarksDuringBigSavesOfAnotherProcess")
	}
	ctx := context.Background()
	s, err := Open(ctx, os.Getenv(dbEnv))
	if err != nil {
		t.Fatal(err)
	}
	base := newGen(41).articles(0, 4000)
	fmt.Println("saving")
	for n := 0; ; n++ {
		if err := s.SaveSource(ctx, "https://big.example.com/feed.xml", retitled(base, n), time.Time{}); err != nil {
			t.Fatal(err)
		}
		fmt.Println("saved", n)
	}
}

func TestMarksDuringBigSavesOfAnotherProcess(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(ctx, path) // create it before the saver starts
	if err != nil {
		t.Fatal(err)
	}
	cmd := helper(t, "TestHelperSaver", helperEnv+"=saver", dbEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	saves := waitForLines(t, out)
	<-saves // "saving"
	var keys []ArticleKey
	var slowest time.Duration
	for i := 0; len(keys) < 100; i++ {
		key := ArticleKey{"https://big.example.com/feed.xml", fmt.Sprintf("mark-%d", i)}
		start := time.Now()
		if err := s.SetRead(ctx, key, true); err != nil {
			t.Fatalf("mark %d during the saves: %v", i, err)
		}
		slowest = max(slowest, time.Since(start))
		keys = append(keys, key)
		time.Sleep(20 * time.Millisecond)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	// At least one whole save ran while marking.
	select {
	case <-saves:
	case <-time.After(30 * time.Second):
		t.Fatal("the saver finished no save")
	}
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	read, err := s.ReadMarks(ctx, keys)
	if err != nil || len(read) != len(keys) {
		t.Errorf("%d of %d marks are in the database (%v)", len(read), len(keys), err)
	}
	var check string
	if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check: %q %v", check, err)
	}
	t.Logf("slowest mark: %v", slowest)
}

// waitForLines sends each line the helper prints.
func waitForLines(t *testing.T, out interface{ Read([]byte) (int, error) }) <-chan string {
	t.Helper()
	lines := make(chan string, 100)
	go func() {
		buf := make([]byte, 0, 256)
		one := make([]byte, 1)
		for {
			if _, err := out.Read(one); err != nil {
				close(lines)
				return
			}
			if one[0] != '\n' {
				buf = append(buf, one[0])
				continue
			}
			select {
			case lines <- string(buf):
			default:
			}
			buf = buf[:0]
		}
	}()
	return lines
}
