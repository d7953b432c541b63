package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// tagged returns n generated articles, the ith carrying the keyword
// tagWord(prefix, i), a word no other article holds.
func tagged(prefix string, n int) []feed.Article {
	articles := newGen(5).articles(0, n)
	for i := range articles {
		articles[i].ID = fmt.Sprintf("%s-%d", prefix, i)
		articles[i].Keywords = append(articles[i].Keywords, tagWord(prefix, i))
	}
	return articles
}

func tagWord(prefix string, i int) string { return fmt.Sprintf("%sq%dz", prefix, i) }

// stopIndexer ends s's background indexer, so that what a save lists for
// the index stays pending until something else indexes it.
func stopIndexer(s *Store) {
	s.stopIndex()
	<-s.indexDone
}

func countRows(t *testing.T, s *Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// indexed is how many rows of the FTS5 table hold word.
func indexed(t *testing.T, s *Store, word string) int {
	t.Helper()
	return countRows(t, s, "SELECT count(*) FROM search WHERE search MATCH ?", termMatch(word))
}

// findsEach checks that a search for each article's own word finds that
// article and nothing else.
func findsEach(t *testing.T, s *Store, prefix string, n int) {
	t.Helper()
	missed := 0
	for i := range n {
		found, err := s.Search(context.Background(), tagWord(prefix, i), 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(found) != 1 || found[0].ID != fmt.Sprintf("%s-%d", prefix, i) {
			if missed++; missed <= 3 {
				t.Errorf("search %s: %v", tagWord(prefix, i), ids(found))
			}
		}
	}
	if missed > 0 {
		t.Errorf("%d of %d articles not found by their own word", missed, n)
	}
}

func TestSearchRightAfterSaveFindsEveryArticleIndexedOrNot(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	stopIndexer(s)
	n := indexChunk + indexChunk/2 // more than one chunk of the indexer
	if err := s.SaveSource(ctx, "feed.xml", tagged("a", n), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if p := countRows(t, s, "SELECT count(*) FROM search_pending"); p != n {
		t.Fatalf("the save left %d rows for the indexer, want %d: it should not write the index itself", p, n)
	}
	findsEach(t, s, "a", n)
	if p := countRows(t, s, "SELECT count(*) FROM search_pending"); p != 0 {
		t.Errorf("%d rows still pending after a search", p)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// Saved, then closed before the indexer ran: the next Store indexes
	// them once asked to, and not before.
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	stopIndexer(s)
	if err := s.SaveSource(ctx, "other.xml", tagged("b", 300), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	time.Sleep(100 * time.Millisecond)
	if p := countRows(t, s, "SELECT count(*) FROM search_pending"); p != 300 {
		t.Errorf("%d rows pending after Open, want the 300 of the last save: Open alone must not index", p)
	}
	s.IndexInBackground()
	deadline := time.Now().Add(10 * time.Second)
	for countRows(t, s, "SELECT count(*) FROM search_pending") != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the indexer started by IndexInBackground did not index the pending rows")
		}
		time.Sleep(10 * time.Millisecond)
	}
	findsEach(t, s, "a", n)
	findsEach(t, s, "b", 300)
	for _, w := range []string{tagWord("a", 0), tagWord("b", 299)} {
		if got := indexed(t, s, w); got != 1 {
			t.Errorf("%s is in the index %d times", w, got)
		}
	}
}

func TestReplacedAndPrunedArticlesLeaveIndexAndPendingList(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	stopIndexer(s)
	v1 := []feed.Article{dated("x1", "aardvark one", 1), dated("x2", "aardvark two", 1), dated("x3", "aardvark three", 1)}
	if err := s.SaveSource(ctx, "feed.xml", v1, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if found, err := s.Search(ctx, "aardvark", 0); err != nil || len(found) != 3 {
		t.Fatalf("search aardvark: %v %v", ids(found), err)
	}
	// x1 changes while its first version is indexed, then again while
	// its second is pending; x2 changes while indexed; x3 is pruned
	// while indexed, x4 while pending.
	v2 := []feed.Article{dated("x1", "bison one", 1), dated("x2", "aardvark two", 1), dated("x3", "aardvark three", 1),
		dated("x4", "aardvark four", 1)}
	if err := s.SaveSource(ctx, "feed.xml", v2, time.Time{}); err != nil {
		t.Fatal(err)
	}
	v3 := []feed.Article{dated("x1", "bison uno", 1), dated("x2", "bison two", 1), dated("x3", "aardvark three", 1),
		dated("x4", "aardvark four", 1)}
	if err := s.SaveSource(ctx, "feed.xml", v3, time.Time{}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"x3", "x4"} {
		if err := s.SetRead(ctx, ArticleKey{"feed.xml", id}, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Prune(ctx, time.Hour, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)); err != nil || n != 2 {
		t.Fatalf("Prune deleted %d, %v; want x3 and x4", n, err)
	}
	stored := countRows(t, s, "SELECT count(*) FROM articles")
	pending := countRows(t, s, "SELECT count(*) FROM search_pending")
	orphans := countRows(t, s, "SELECT count(*) FROM search_pending WHERE id NOT IN (SELECT id FROM articles)")
	if stored != 2 || orphans != 0 || pending != 2 {
		t.Errorf("%d rows stored, %d pending, %d pending rows of deleted articles; want 2, 2, 0", stored, pending, orphans)
	}
	for query, want := range map[string]int{"aardvark": 0, "bison": 2, "three": 0, "four": 0, "one": 0, "uno": 1} {
		if found, err := s.Search(ctx, query, 0); err != nil || len(found) != want {
			t.Errorf("search %s: %v %v, want %d", query, ids(found), err, want)
		}
	}
	if got := indexed(t, s, "aardvark"); got != 0 {
		t.Errorf("the index still holds %d rows with aardvark", got)
	}
	if got := indexed(t, s, "bison"); got != 2 {
		t.Errorf("the index holds %d rows with bison, want 2", got)
	}
	var check string
	if err := s.db.QueryRow("INSERT INTO search (search) VALUES ('integrity-check')").Err(); err != nil {
		t.Errorf("search index integrity-check: %v", err)
	}
	if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check: %q %v", check, err)
	}
}

// TestHelperIndexKilled saves three sources of indexChunk articles, prints
// "saved", indexes them, printing "chunk N" after each chunk, and waits
// to be killed.
func TestHelperIndexKilled(t *testing.T) {
	if os.Getenv(helperEnv) != "indexkill" {
		t.Skip("helper process for TestKilledWhileIndexingLosesNothing")
	}
	ctx := context.Background()
	s, err := Open(ctx, os.Getenv(dbEnv))
	if err != nil {
		t.Fatal(err)
	}
	stopIndexer(s)
	for _, p := range []string{"k", "l", "m"} {
		if err := s.SaveSource(ctx, p+".xml", tagged(p, indexChunk), time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	fmt.Println("saved")
	// Index on two goroutines at once, as a Search beside the background
	// indexer would, reporting each chunk, until killed.
	go func() { _ = s.indexPending(ctx) }()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for {
		n, err := indexChunkTx(ctx, conn)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Println("chunk", n)
		if n == 0 {
			break
		}
	}
	time.Sleep(time.Minute)
}

func TestKilledWhileIndexingLosesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "xinwen.db")
	cmd := helper(t, "TestHelperIndexKilled", helperEnv+"=indexkill", dbEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	for lines.Scan() && !strings.HasPrefix(lines.Text(), "chunk") {
	}
	// Kill it somewhere inside the indexing of the other rows.
	time.Sleep(time.Duration(time.Now().UnixNano()%30) * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()

	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stopIndexer(s)
	pending := countRows(t, s, "SELECT count(*) FROM search_pending")
	t.Logf("killed with %d of %d rows pending", pending, 3*indexChunk)
	inIndex := countRows(t, s, "SELECT count(*) FROM search")
	if inIndex+pending != 3*indexChunk {
		t.Errorf("%d rows indexed and %d pending, want %d in all", inIndex, pending, 3*indexChunk)
	}
	for _, p := range []string{"k", "l", "m"} {
		findsEach(t, s, p, indexChunk)
	}
	for _, w := range []string{tagWord("k", 0), tagWord("l", indexChunk/2), tagWord("m", indexChunk-1)} {
		if got := indexed(t, s, w); got != 1 {
			t.Errorf("%s is in the index %d times", w, got)
		}
	}
}
