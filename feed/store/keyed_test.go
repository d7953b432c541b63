package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// guidArticle is an article with the bare guid many feeds use.
func guidArticle(text string) feed.Article {
	return feed.Article{ID: "1", EN: &feed.Version{Title: text, Blocks: []feed.Block{{Text: text}}}}
}

func TestSourceCannotChangeAnotherSourcesArticles(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if err := s.SaveSource(ctx, "https://trusted.example.com/feed.xml", []feed.Article{guidArticle("trusted text")}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSource(ctx, "https://other.example.com/feed.xml", []feed.Article{guidArticle("forged text")}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	got, _, err := s.SourceArticles(ctx, "https://trusted.example.com/feed.xml")
	if err != nil || len(got) != 1 {
		t.Fatalf("offline copy: %v, %v", got, err)
	}
	if got[0].EN.Title != "trusted text" || got[0].Source != "https://trusted.example.com/feed.xml" {
		t.Errorf("the trusted feed's copy shows %q from %q", got[0].EN.Title, got[0].Source)
	}
	other, _, err := s.SourceArticles(ctx, "https://other.example.com/feed.xml")
	if err != nil || len(other) != 1 || other[0].EN.Title != "forged text" {
		t.Errorf("the other feed's copy: %v, %v", other, err)
	}
	// Search finds both, each under its own source.
	found, err := s.Search(ctx, "text", 0)
	if err != nil || len(found) != 2 {
		t.Fatalf("search: %d results, %v", len(found), err)
	}
	for _, a := range found {
		if (a.EN.Title == "trusted text") != (a.Source == "https://trusted.example.com/feed.xml") {
			t.Errorf("search result %q under %q", a.EN.Title, a.Source)
		}
	}
}

func TestReadMarksAreKeptApartBySource(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	a := ArticleKey{"a.xml", "1"}
	b := ArticleKey{"b.xml", "1"}
	if err := s.SetRead(ctx, a, true); err != nil {
		t.Fatal(err)
	}
	read, err := s.ReadMarks(ctx, []ArticleKey{a, b})
	if err != nil || !read[a] || read[b] {
		t.Errorf("marking a.xml's article 1 gives %v, %v; want only a.xml's read", read, err)
	}
}

func TestDirectoryArticlesKeyedByTheirFile(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	one, two := guidArticle("first file"), guidArticle("second file")
	one.Source, two.Source = filepath.Join("news", "one.xml"), filepath.Join("news", "two.xml")
	if err := s.SaveSource(ctx, "news", []feed.Article{one, two}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	got, _, err := s.SourceArticles(ctx, "news")
	if err != nil || len(got) != 2 || got[0].Source != one.Source || got[1].EN.Title != "second file" {
		t.Fatalf("directory copy: %+v, %v", got, err)
	}
	// The file has no offline copy of its own until it is saved itself.
	if own, _, err := s.SourceArticles(ctx, one.Source); own != nil || err != nil {
		t.Errorf("file's own copy: %v, %v", own, err)
	}
}

// schema2DB builds a database at schema 2, as the xinwen before keyed
// articles wrote it: article "shared" held by two sources, "solo" by one,
// "orphan" by none; marks on shared, orphan and an unstored ID.
func schema2DB(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := migrate(ctx, db, migrations[:2]); err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i, id := range []string{"shared", "solo", "orphan"} {
		a := guidArticle(id + " words")
		a.ID = id
		data, hash, err := encode(&a)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.Exec(`INSERT INTO articles (id, article_id, hash, data, published, stored_at, changed_at)
			VALUES (?, ?, ?, ?, 0, 0, 0)`, i+1, id, hash, data); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		"INSERT INTO sources (id, source, saved_at) VALUES (1, 'a.xml', 10), (2, 'b.xml', 20)",
		"INSERT INTO source_articles (source_id, pos, article) VALUES (1, 0, 1), (1, 1, 2), (2, 0, 1)",
		"INSERT INTO read_marks (article_id, read_at) VALUES ('shared', 5), ('orphan', 6), ('never-stored', 7)",
	} {
		if _, err := tx.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := reindex(ctx, tx, 0); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestMigrationToKeyedArticlesKeepsMarks(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	schema2DB(t, path)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	keys := []ArticleKey{{"a.xml", "shared"}, {"b.xml", "shared"}, {"a.xml", "solo"}, {"", "never-stored"}}
	read, err := s.ReadMarks(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	if !read[keys[0]] || !read[keys[1]] || read[keys[2]] {
		t.Errorf("marks after migration: %v; want shared read in both sources, solo unread", read)
	}
	for source, want := range map[string][]string{"a.xml": {"shared", "solo"}, "b.xml": {"shared"}} {
		got, at, err := s.SourceArticles(ctx, source)
		if err != nil || len(got) != len(want) || at.IsZero() {
			t.Fatalf("%s after migration: %v, %v, %v", source, got, at, err)
		}
		for i := range want {
			if got[i].ID != want[i] || got[i].Source != source {
				t.Errorf("%s article %d: %s from %s", source, i, got[i].ID, got[i].Source)
			}
		}
	}
	// Both copies of shared are one search result (same content); the
	// orphan is still found.
	for query, n := range map[string]int{"shared": 1, "orphan": 1, "words": 3} {
		found, err := s.Search(ctx, query, 0)
		if err != nil || len(found) != n {
			t.Errorf("search %q: %d results (%v), want %d", query, len(found), err, n)
		}
	}
	var check string
	if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check: %q %v", check, err)
	}
	var fk int
	if err := s.db.QueryRow("SELECT count(*) FROM pragma_foreign_key_check").Scan(&fk); err != nil || fk != 0 {
		t.Errorf("%d foreign key violations (%v)", fk, err)
	}
}

func TestTranslationsRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	key := TranslationKey{Source: "a.xml", ArticleID: "1", TextHash: "h1", Backend: "local", Model: "m", Direction: "zh-en"}
	if _, ok, err := s.Translation(ctx, key); ok || err != nil {
		t.Fatalf("before saving: ok %v, err %v", ok, err)
	}
	v := &feed.Version{Title: "Translated", Blocks: []feed.Block{{Kind: feed.Paragraph, Text: "text"}}}
	if err := s.SaveTranslation(ctx, key, v); err != nil {
		t.Fatal(err)
	}
	v2 := &feed.Version{Title: "Translated again"}
	if err := s.SaveTranslation(ctx, key, v2); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Translation(ctx, key)
	if err != nil || !ok || got.Title != "Translated again" {
		t.Errorf("Translation = %+v, %v, %v", got, ok, err)
	}
	other := key
	other.TextHash = "h2" // the text changed: not the same translation
	if _, ok, err := s.Translation(ctx, other); ok || err != nil {
		t.Errorf("another text hash: ok %v, err %v", ok, err)
	}
	bad := key
	bad.Model = ""
	if err := s.SaveTranslation(ctx, bad, v); err == nil {
		t.Error("a key without a model was accepted")
	}
}
