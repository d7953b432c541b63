package cli

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
)

// oneArticleFeed is a feed of one article titled title, with the ID the
// two feeds of the review shared.
func oneArticleFeed(title string) string {
	return fmt.Sprintf(`<rss version="2.0"><channel><title>F</title>`+
		`<item><title>%s</title><link>https://example.org/1</link><guid>1</guid></item></channel></rss>`, title)
}

// writeFeed writes a feed of one article titled title to dir/name.
func writeFeed(t *testing.T, dir, name, title string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), []byte(oneArticleFeed(title)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// markFirstRead marks the first article of source, loaded from the working
// directory, read in the store at db, under the key the reader gives it.
func markFirstRead(t *testing.T, db, source string) {
	t.Helper()
	ctx := context.Background()
	articles, err := (&feed.Loader{}).Load(ctx, source, nil)
	if err != nil || len(articles) == 0 {
		t.Fatalf("load %s: %d articles, %v", source, len(articles), err)
	}
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.SetRead(ctx, store.KeyOf(&articles[0]), true); err != nil {
		t.Fatal(err)
	}
}

// The review's reproduction: news.xml in two directories, each listed from
// its own. They are two sources: each keeps its stored copy and its marks.
func TestSameFileNameInTwoDirectoriesIsTwoSources(t *testing.T) {
	root := t.TempDir()
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	writeFeed(t, a, "news.xml", "other title")
	writeFeed(t, b, "news.xml", "EVIL title")
	vars := subsEnv(t)
	t.Chdir(a)
	if out, _ := mustRun(t, vars, 0, "list", "news.xml"); !strings.Contains(out, "other title") {
		t.Fatalf("list in a: %q", out)
	}
	t.Chdir(b)
	if out, _ := mustRun(t, vars, 0, "list", "news.xml"); !strings.Contains(out, "EVIL title") {
		t.Fatalf("list in b: %q", out)
	}
	t.Chdir(a)
	markFirstRead(t, vars["XINWEN_TEST_DB"], "news.xml") // opened in the reader in a
	if out, _ := mustRun(t, vars, 0, "list", "--unread", "news.xml"); out != "" {
		t.Errorf("list --unread in a, its one article read: %q", out)
	}
	t.Chdir(b)
	if out, _ := mustRun(t, vars, 0, "list", "--unread", "news.xml"); !strings.Contains(out, "EVIL title") {
		t.Errorf("list --unread in b, never opened: %q, want its article", out)
	}
	for query, want := range map[string]string{"other": "other title", "EVIL": "EVIL title"} {
		if out, _ := mustRun(t, vars, 0, "search", query); strings.Count(out, "\n") != 1 || !strings.Contains(out, want) {
			t.Errorf("search %s: %q, want %q", query, out, want)
		}
	}
}

// One file however it is typed is one source: its article is stored once,
// and a mark made under one spelling holds under the others.
func TestFourSpellingsOfOneFileAreOneSource(t *testing.T) {
	root := t.TempDir()
	f := filepath.Join(root, "f")
	writeFeed(t, f, "other.xml", "other title")
	vars := subsEnv(t)
	t.Chdir(f)
	spellings := []string{"other.xml", "./other.xml", root + "//f/other.xml", filepath.Join(f, "other.xml")}
	for _, s := range spellings {
		mustRun(t, vars, 0, "list", s)
	}
	if out, _ := mustRun(t, vars, 0, "search", "other"); strings.Count(out, "\n") != 1 {
		t.Errorf("search after listing four spellings: %q, want one article", out)
	}
	markFirstRead(t, vars["XINWEN_TEST_DB"], spellings[0])
	for _, s := range spellings {
		if out, _ := mustRun(t, vars, 0, "list", "--unread", s); out != "" {
			t.Errorf("list --unread %s after reading it as %s: %q", s, spellings[0], out)
		}
	}
	// A subscription added by one spelling holds what the others stored.
	mustRun(t, vars, 0, "add", "./other.xml")
	rows := feedLines(t, vars)
	if len(rows) != 1 || rows[0][2] != "1" || rows[0][4] != filepath.Join(f, "other.xml") {
		t.Errorf("feeds: %q, want one subscription of 1 article, its path absolute", rows)
	}
}

// A URL with its scheme and host in capitals is the same URL: one stored
// copy, one validators row, and the second spelling's fetch is conditional
// on what the first one was told.
func TestTwoSpellingsOfOneURLAreOneSourceWithOneValidatorsRow(t *testing.T) {
	var conditional atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"e1"` {
			conditional.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"e1"`)
		w.Write([]byte(oneArticleFeed("url title")))
	}))
	defer srv.Close()
	lower := srv.URL + "/etag"
	upper := "HTTP://" + strings.ToUpper(strings.TrimPrefix(srv.URL, "http://")) + "/etag"
	vars := subsEnv(t)
	mustRun(t, vars, 0, "add", upper)
	for _, s := range []string{upper, lower} {
		if out, _ := mustRun(t, vars, 0, "list", s); !strings.Contains(out, "url title") {
			t.Fatalf("list %s: %q", s, out)
		}
	}
	if n := conditional.Load(); n != 1 {
		t.Errorf("%d conditional requests, want the second spelling's to be one", n)
	}
	rows := feedLines(t, vars)
	if len(rows) != 1 || rows[0][2] != "1" || rows[0][4] != lower {
		t.Errorf("feeds: %q, want one subscription %s of 1 article", rows, lower)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, vars["XINWEN_TEST_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if etag, _, _, ok, err := st.HTTPValidators(ctx, lower); !ok || err != nil || etag != `"e1"` {
		t.Errorf("validators of %s: %q, %t, %v", lower, etag, ok, err)
	}
	if _, _, _, ok, err := st.HTTPValidators(ctx, upper); ok || err != nil {
		t.Errorf("a second validators row, for %s: %t, %v", upper, ok, err)
	}
}
