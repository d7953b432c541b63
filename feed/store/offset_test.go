package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// zonedArticles are published at 02:00 on 27 January in Beijing (still
// the 26th in UTC), at 21:00 on the 26th in New York (the 27th in UTC),
// exactly at midnight UTC, and on no date.
func zonedArticles() []feed.Article {
	at := func(id string, t time.Time) feed.Article {
		a := dated(id, id+" title", 0)
		a.Published = t
		return a
	}
	return []feed.Article{
		at("beijing", time.Date(2024, 1, 27, 2, 0, 0, 0, time.FixedZone("CST", 8*3600))),
		at("newyork", time.Date(2024, 1, 26, 21, 0, 0, 0, time.FixedZone("EST", -5*3600))),
		at("utc", time.Date(2024, 1, 28, 0, 0, 0, 0, time.UTC)),
		at("undated", time.Time{}),
	}
}

// wantDays are the days of zonedArticles in their own zones.
var wantDays = map[string]string{"beijing": "2024-01-27", "newyork": "2024-01-26", "utc": "2024-01-28", "undated": ""}

// inUTC runs the test with the reader's zone UTC, where a date printed in
// the reader's zone is a day off for two of zonedArticles.
func inUTC(t *testing.T) {
	local := time.Local
	time.Local = time.UTC
	t.Cleanup(func() { time.Local = local })
}

// checkDays fails t unless the headlines of s are dated as wantDays and
// keep the instant they were published.
func checkDays(t *testing.T, s *Store, when string) {
	t.Helper()
	heads, err := s.Headlines(context.Background(), HeadlineFilter{Feed: "https://a.example/feed"})
	if err != nil {
		t.Fatal(err)
	}
	if len(heads) != len(wantDays) {
		t.Fatalf("%s: %d headlines, want %d", when, len(heads), len(wantDays))
	}
	byID := map[string]feed.Article{}
	for _, a := range zonedArticles() {
		byID[a.ID] = a
	}
	for _, h := range heads {
		day := ""
		if !h.Published.IsZero() {
			day = h.Published.Format(time.DateOnly)
		}
		if day != wantDays[h.Key.ID] {
			t.Errorf("%s: %s is dated %q, want %q (the day in its feed's zone)", when, h.Key.ID, day, wantDays[h.Key.ID])
		}
		if want := byID[h.Key.ID].Published; !h.Published.Equal(want) {
			t.Errorf("%s: %s published %v, want the instant %v", when, h.Key.ID, h.Published, want)
		}
	}
}

func TestStoredHeadlinesAreDatedInTheirFeedsZone(t *testing.T) {
	inUTC(t)
	ctx := context.Background()
	s := openTemp(t)
	if err := s.SaveSource(ctx, "https://a.example/feed", zonedArticles(), time.Now()); err != nil {
		t.Fatal(err)
	}
	checkDays(t, s, "after a save")
}

func TestMigrationToSchema5TakesTheOffsetsFromTheStoredArticles(t *testing.T) {
	inUTC(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, migrations[:4]); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("INSERT INTO sources (id, source, saved_at) VALUES (1, 'https://a.example/feed', 1)"); err != nil {
		t.Fatal(err)
	}
	for i, a := range zonedArticles() {
		data, hash, err := encode(&a)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`INSERT INTO articles (source_id, article_id, hash, data, published, stored_at, changed_at,
			title_en, langs, feed, link) VALUES (1, ?, ?, ?, ?, 0, 0, ?, 2, ?, ?)`,
			a.ID, hash, data, publishedUnix(&a), a.EN.Title, a.Feed, a.Link); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec("INSERT INTO source_articles (source_id, pos, article) VALUES (1, ?, ?)", i, i+1); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	checkDays(t, s, "after the migration")
}

func TestSplitLangsKeepsLangsAndOffsetApart(t *testing.T) {
	for _, c := range []struct {
		v      int64
		langs  int
		offset int
		known  bool
	}{
		{3, 3, 0, false},
		{3 | (86400+28800)<<2, 3, 28800, true},
		{1 | (86400-18000)<<2, 1, -18000, true},
		{2 | 86400<<2, 2, 0, true},
		{2 | (3*86400)<<2, 2, 0, false}, // out of range: another program wrote it
	} {
		langs, offset, known := splitLangs(c.v)
		if langs != c.langs || offset != c.offset || known != c.known {
			t.Errorf("splitLangs(%d) = %d, %d, %v; want %d, %d, %v", c.v, langs, offset, known, c.langs, c.offset, c.known)
		}
	}
}

func TestHeadlinesOfASourceAreReadFromTheCoveringIndexAlone(t *testing.T) {
	s := openTemp(t)
	rows, err := s.db.Query(`EXPLAIN QUERY PLAN SELECT `+headlineCols+`
		FROM articles a WHERE a.staged = 0 AND a.source_id = ? ORDER BY a.published DESC, a.id DESC`, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if len(plan) != 1 || plan[0] != "SEARCH a USING COVERING INDEX articles_source_headlines (source_id=?)" {
		t.Errorf("the plan of a source's headlines is %q: a column of headlineCols is missing from the index, "+
			"or the order is not the index's, and each headline reads its article's row", plan)
	}
}
