package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// rawExec runs statements on path through the driver directly, as another
// program (or a newer xinwen) would.
func rawExec(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// openRefused opens path, expects an error wrapping want and naming path,
// and checks that the file (and no new side file) changed.
func openRefused(t *testing.T, path string, want error, wantText string) {
	t.Helper()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	s, err := Open(context.Background(), path)
	if err == nil {
		s.Close()
		t.Fatal("Open succeeded")
	}
	if !errors.Is(err, want) {
		t.Errorf("err = %v, want %v", err, want)
	}
	if !strings.HasPrefix(err.Error(), "store: "+path+": ") || !strings.Contains(err.Error(), wantText) {
		t.Errorf("err = %q, want it to start with the path and say %q", err, wantText)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("the file changed")
	}
	if now, _ := os.ReadDir(filepath.Dir(path)); len(now) != len(entries) {
		t.Errorf("files in the directory: %d, before Open %d", len(now), len(entries))
	}
}

func TestOpenCorrupt(t *testing.T) {
	for name, data := range map[string][]byte{
		"text":          []byte("this is not a database at all, just some text that is long enough to fill a header."),
		"short":         []byte("SQLite"),
		"garbage-magic": append([]byte("SQLite format 3\x00"), bytes.Repeat([]byte{0xa5}, 8192)...),
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "xinwen.db")
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			openRefused(t, path, ErrCorrupt, "not a database or corrupt")
		})
	}
}

func TestOpenTruncatedDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSource(context.Background(), "s", newGen(3).articles(0, 50), time.Time{}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// Keep the header but wipe the schema page after it.
	for i := 100; i < 16384 && i < len(data); i++ {
		data[i] = 0xff
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	openRefused(t, path, ErrCorrupt, "not a database or corrupt")
}

func TestOpenNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	rawExec(t, path, "PRAGMA user_version = 7")
	openRefused(t, path, ErrNewerSchema,
		fmt.Sprintf("database is from a newer xinwen (schema 7, this one knows %d)", len(migrations)))
}

func TestOpenForeign(t *testing.T) {
	path := filepath.Join(t.TempDir(), "other.db")
	rawExec(t, path, "CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('mine')")
	openRefused(t, path, ErrForeign, "not a xinwen database")

	path = filepath.Join(t.TempDir(), "versioned.db")
	rawExec(t, path, "CREATE TABLE notes (body TEXT)", "PRAGMA user_version = 1")
	openRefused(t, path, ErrForeign, "not a xinwen database")
}

func TestOpenDirectory(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), dir) {
		t.Errorf("err = %v, want one naming %s", err, dir)
	}
}

func TestOpenEmptyFileAndReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "new", "dir", "xinwen.db")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	var version int
	var mode string
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != len(migrations) {
		t.Errorf("user_version %d (%v), want %d", version, err, len(migrations))
	}
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode %q (%v), want wal", mode, err)
	}
	if err := s.SetPreference(ctx, "language", "zh+en"); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSource(ctx, "a.xml", fullArticles(), time.Time{}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	// Re-opening changes nothing and finds everything.
	for range 2 {
		s, err = Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if v, ok, err := s.Preference(ctx, "language"); v != "zh+en" || !ok || err != nil {
			t.Errorf("preference after reopen: %q %v %v", v, ok, err)
		}
		got, _, err := s.SourceArticles(ctx, "a.xml")
		if err != nil || len(got) != len(fullArticles()) {
			t.Errorf("offline copy after reopen: %d articles, %v", len(got), err)
		}
		var n int
		if err := s.db.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = 'articles'").Scan(&n); err != nil || n != 1 {
			t.Errorf("%d articles tables (%v)", n, err)
		}
		s.Close()
	}
}

func TestMigrateAppliesNewStepsOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	steps := append(migrations[:len(migrations):len(migrations)],
		"CREATE TABLE later (x TEXT); INSERT INTO later VALUES ('once')")
	for range 2 {
		if err := migrate(ctx, s.db, steps); err != nil {
			t.Fatal(err)
		}
	}
	var version, rows int
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != len(steps) {
		t.Errorf("user_version %d (%v), want %d", version, err, len(steps))
	}
	if err := s.db.QueryRow("SELECT count(*) FROM later").Scan(&rows); err != nil || rows != 1 {
		t.Errorf("%d rows (%v), want the step applied once", rows, err)
	}
	// A failing step leaves the version where it was.
	bad := append(steps[:len(steps):len(steps)], "CREATE TABLE ok (x); CREATE TABLE later (y)")
	if err := migrate(ctx, s.db, bad); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("schema %d", len(bad))) {
		t.Errorf("err = %v", err)
	}
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != len(steps) {
		t.Errorf("user_version %d after a failed step, want %d", version, len(steps))
	}
	if err := s.db.QueryRow("SELECT count(*) FROM sqlite_schema WHERE name = 'ok'").Scan(&rows); err != nil || rows != 0 {
		t.Errorf("failed step left its first table behind")
	}
}

func TestDefaultPath(t *testing.T) {
	path, err := DefaultPath()
	if err != nil {
		t.Skip(err)
	}
	if !strings.HasSuffix(path, filepath.Join("xinwen", "xinwen.db")) || !filepath.IsAbs(path) {
		t.Errorf("DefaultPath() = %q", path)
	}
}

func TestReadMarks(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	key := func(id string) ArticleKey { return ArticleKey{"feed.xml", id} }
	if err := s.SetRead(ctx, key("a"), true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRead(ctx, key("a"), true); err != nil { // twice is fine
		t.Fatal(err)
	}
	if read, err := s.ToggleRead(ctx, key("b")); !read || err != nil {
		t.Errorf("ToggleRead(b) = %v, %v; want true", read, err)
	}
	if read, err := s.ToggleRead(ctx, key("a")); read || err != nil {
		t.Errorf("ToggleRead(a) = %v, %v; want false", read, err)
	}
	if err := s.SetRead(ctx, key("c"), true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRead(ctx, key("c"), false); err != nil {
		t.Fatal(err)
	}
	keys := []ArticleKey{key("a"), key("b"), key("c"), key("d"), key(`"quoted"`)}
	for i := range 10_000 {
		keys = append(keys, key(fmt.Sprintf("https://example.com/%d", i)))
		if i%1000 == 0 {
			if err := s.SetRead(ctx, keys[len(keys)-1], true); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.SetRead(ctx, key(`"quoted"`), true); err != nil {
		t.Fatal(err)
	}
	read, err := s.ReadMarks(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	if len(read) != 12 || !read[key("b")] || read[key("a")] || read[key("c")] || !read[key(`"quoted"`)] ||
		!read[key("https://example.com/9000")] {
		t.Errorf("ReadMarks = %d marks: %v", len(read), read)
	}
	articles := fullArticles()
	if err := s.SetRead(ctx, KeyOf(&articles[1]), true); err != nil {
		t.Fatal(err)
	}
	unread, err := s.Unread(ctx, articles)
	if err != nil {
		t.Fatal(err)
	}
	if len(unread) != 3 || unread[0].ID != articles[0].ID || unread[1].ID != articles[2].ID {
		t.Errorf("Unread kept %d articles", len(unread))
	}
	if none, err := s.ReadMarks(ctx, nil); err != nil || none == nil || len(none) != 0 {
		t.Errorf("ReadMarks(nil) = %v, %v", none, err)
	}
}

func TestPreferences(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if v, ok, err := s.Preference(ctx, "position"); v != "" || ok || err != nil {
		t.Errorf("unset preference: %q %v %v", v, ok, err)
	}
	for _, v := range []string{"urn:uuid:1", "", "https://example.com/2"} {
		if err := s.SetPreference(ctx, "position", v); err != nil {
			t.Fatal(err)
		}
		if got, ok, err := s.Preference(ctx, "position"); got != v || !ok || err != nil {
			t.Errorf("Preference = %q %v %v, want %q", got, ok, err, v)
		}
	}
}

func TestHTTPValidators(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	const url = "https://example.com/feed.xml"
	if _, _, _, ok, err := s.HTTPValidators(ctx, url); ok || err != nil {
		t.Errorf("unknown URL: ok %v, err %v", ok, err)
	}
	fetched := time.Date(2024, 3, 1, 10, 0, 0, 5, time.UTC)
	if err := s.SetHTTPValidators(ctx, url, `W/"abc"`, "Fri, 01 Mar 2024 09:00:00 GMT", fetched); err != nil {
		t.Fatal(err)
	}
	if err := s.SetHTTPValidators(ctx, url, `"def"`, "", fetched.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	etag, modified, at, ok, err := s.HTTPValidators(ctx, url)
	if etag != `"def"` || modified != "" || !at.Equal(fetched.Add(time.Hour)) || !ok || err != nil {
		t.Errorf("HTTPValidators = %q %q %v %v %v", etag, modified, at, ok, err)
	}
}
