package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// recountQuery counts, from the articles, what source_counts must hold:
// the query schema step 4 fills it with.
const recountQuery = `SELECT a.source_id, count(*),
		sum(EXISTS (SELECT 1 FROM read_marks m WHERE m.source = o.source AND m.article_id = a.article_id)),
		sum(EXISTS (SELECT 1 FROM stars st WHERE st.source = o.source AND st.article_id = a.article_id))
	FROM articles a JOIN sources o ON o.id = a.source_id
	WHERE a.staged = 0 GROUP BY a.source_id`

// countsOf reads query's rows of (source row, total, read, starred),
// leaving out the rows that count nothing.
func countsOf(t *testing.T, q querier, query string) map[int64]count {
	t.Helper()
	rows, err := q.QueryContext(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	m := map[int64]count{}
	for rows.Next() {
		var id int64
		var c count
		if err := rows.Scan(&id, &c.total, &c.read, &c.starred); err != nil {
			t.Fatal(err)
		}
		if c != (count{}) {
			m[id] = c
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// sameCounts reports how source_counts differs from a recount, read in
// the same snapshot when q is a transaction; "" when they agree.
func sameCounts(t *testing.T, q querier) string {
	t.Helper()
	kept := countsOf(t, q, "SELECT source_id, total, read, starred FROM source_counts")
	want := countsOf(t, q, recountQuery)
	if fmt.Sprint(kept) != fmt.Sprint(want) {
		return fmt.Sprintf("source_counts %v, recount %v", kept, want)
	}
	return ""
}

// checkCounts fails the test when the counts the Store reports differ
// from counting its headlines (queued marks and stars included), or
// source_counts from a recount of the articles.
func checkCounts(t *testing.T, s *Store, when string) {
	t.Helper()
	ctx := context.Background()
	subs, err := s.Subscriptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, sub := range subs {
		all, err := s.Headlines(ctx, HeadlineFilter{Feed: sub.Source})
		if err != nil {
			t.Fatal(err)
		}
		unread, err := s.Headlines(ctx, HeadlineFilter{Feed: sub.Source, Unread: true})
		if err != nil {
			t.Fatal(err)
		}
		if sub.Total != len(all) || sub.Unread != len(unread) {
			t.Errorf("%s: %s: %d unread of %d, the headlines %d of %d", when, sub.Source, sub.Unread, sub.Total, len(unread), len(all))
		}
	}
	starred, err := s.Headlines(ctx, HeadlineFilter{Starred: true})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := s.StarredCount(ctx); err != nil || n != len(starred) {
		t.Errorf("%s: StarredCount %d (%v), the starred headlines %d", when, n, err, len(starred))
	}
	if diff := sameCounts(t, s.db); diff != "" {
		t.Errorf("%s: %s", when, diff)
	}
}

func TestCountsEqualARecountAfterSavesMarksStarsPruneAndRemove(t *testing.T) {
	ctx := context.Background()
	s := dailyStore(t)
	a, b, c := "https://a.example/feed", "https://b.example/feed", "https://c.example/feed"
	checkCounts(t, s, "saved")

	// A mark and a star set before their article is stored count when
	// it is.
	for _, k := range []ArticleKey{{a, "a3"}, {b, "b1"}} {
		if err := s.SetRead(ctx, k, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetStarred(ctx, ArticleKey{a, "a3"}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStarred(ctx, ArticleKey{c, "c1"}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	checkCounts(t, s, "marked")
	if err := s.SaveSource(ctx, a, []feed.Article{dated("a1", "old a", 1), dated("a2", "new a", 5), dated("a3", "newer a", 6)}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	checkCounts(t, s, "a3 stored read and starred")
	if subs, _ := s.Subscriptions(ctx); subs[0].Total != 3 || subs[0].Unread != 2 {
		t.Errorf("a after a3: %d unread of %d, want 2 of 3", subs[0].Unread, subs[0].Total)
	}

	// Changed content: the rows are staged and swapped, the counts stay.
	changed := []feed.Article{dated("a1", "old a, corrected", 1), dated("a2", "new a", 5), dated("a3", "newer a, corrected", 6)}
	if err := s.SaveSource(ctx, a, changed, time.Time{}); err != nil {
		t.Fatal(err)
	}
	checkCounts(t, s, "a1 and a3 changed")

	// A, then U; marks taken away; a star taken away.
	hs, err := s.Headlines(ctx, HeadlineFilter{})
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]ArticleKey, len(hs))
	for i, h := range hs {
		keys[i] = h.Key
	}
	undo, err := s.MarkAllRead(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	checkCounts(t, s, "A")
	if err := s.UndoMarkAll(ctx, undo); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRead(ctx, ArticleKey{b, "b1"}, false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStarred(ctx, ArticleKey{c, "c1"}, false); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	checkCounts(t, s, "U")

	// Prune deletes a1 (read, old); b1 is unread again and stays.
	if err := s.SetRead(ctx, ArticleKey{a, "a1"}, true); err != nil {
		t.Fatal(err)
	}
	if n, err := s.Prune(ctx, 3*24*time.Hour, time.Date(2026, 1, 8, 0, 0, 0, 0, time.UTC)); err != nil || n != 1 {
		t.Fatalf("Prune deleted %d, %v; want a1", n, err)
	}
	checkCounts(t, s, "pruned")
	if subs, _ := s.Subscriptions(ctx); subs[0].Total != 2 || subs[0].Unread != 1 {
		t.Errorf("a after prune: %d unread of %d, want 1 of 2 (a3 is read)", subs[0].Unread, subs[0].Total)
	}

	// Removing a subscription leaves the others' counts alone.
	if _, err := s.RemoveSubscription(ctx, a); err != nil {
		t.Fatal(err)
	}
	checkCounts(t, s, "a removed")
	if subs, _ := s.Subscriptions(ctx); len(subs) != 1 || subs[0].Source != b || subs[0].Total != 1 || subs[0].Unread != 1 {
		t.Errorf("after removing a: %+v", subs)
	}
}

func TestCountsOfADirectorySubscriptionSumItsFiles(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if _, err := s.AddSubscriptions(ctx, []Subscription{{Source: "/news"}, {Source: "/news/tech"}}); err != nil {
		t.Fatal(err)
	}
	in := func(path, id string, day int) feed.Article {
		a := dated(id, id+" title", day)
		a.Source = path
		return a
	}
	if err := s.SaveSource(ctx, "/news", []feed.Article{
		in("/news/a.xml", "a1", 1), in("/news/a.xml", "a2", 2), in("/news/b.xml", "b1", 3), in("/news/tech/t.xml", "t1", 4),
	}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRead(ctx, ArticleKey{"/news/b.xml", "b1"}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStarred(ctx, ArticleKey{"/news/tech/t.xml", "t1"}, true); err != nil {
		t.Fatal(err)
	}
	checkCounts(t, s, "directory")
	subs, err := s.Subscriptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if subs[0].Total != 3 || subs[0].Unread != 2 || subs[1].Total != 1 || subs[1].Unread != 1 {
		t.Errorf("/news %d of %d, /news/tech %d of %d; want 2 of 3 and 1 of 1 (the innermost subscription holds t1)",
			subs[0].Unread, subs[0].Total, subs[1].Unread, subs[1].Total)
	}
}

func TestCountsIncludeQueuedMarksAndStars(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a := "https://a.example/feed"
	if _, err := s.AddSubscriptions(ctx, []Subscription{{Source: a}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSource(ctx, a, []feed.Article{dated("a1", "one", 1), dated("a2", "two", 2), dated("a3", "three", 3)}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRead(ctx, ArticleKey{a, "a3"}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetStarred(ctx, ArticleKey{a, "a3"}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	release := holdWriteLock(t, path)
	defer release()
	for _, w := range []struct {
		id   string
		read bool
	}{{"a1", true}, {"a3", false}, {"never-stored", true}} {
		if err := s.SetRead(ctx, ArticleKey{a, w.id}, w.read); err != nil {
			t.Fatal(err)
		}
		if err := s.SetStarred(ctx, ArticleKey{a, w.id}, w.read); err != nil {
			t.Fatal(err)
		}
	}
	if marks, _, _, _ := s.queue.counts(); marks == 0 {
		t.Fatal("the marks were written, not queued: the test needs them queued")
	}
	subs, err := s.Subscriptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if subs[0].Total != 3 || subs[0].Unread != 2 {
		t.Errorf("with queued marks: %d unread of %d, want 2 of 3 (a1 read, a3 unread again)", subs[0].Unread, subs[0].Total)
	}
	if n, err := s.StarredCount(ctx); err != nil || n != 1 {
		t.Errorf("with queued stars: StarredCount %d, %v; want 1 (a1 starred, a3 no more)", n, err)
	}
	checkCounts(t, s, "queued")
	release()
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	checkCounts(t, s, "written")
}

func TestCountsExactAfterEveryChunkOfASave(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const source, n = "https://big.example/feed", 5 * chunkArticles
	articles := newGen(3).articles(0, n)
	if _, err := s.AddSubscriptions(ctx, []Subscription{{Source: source}}); err != nil {
		t.Fatal(err)
	}
	// Marks and stars on articles not stored yet: counted when stored.
	for i := 0; i < n; i += 7 {
		if err := s.SetRead(ctx, ArticleKey{source, articles[i].ID}, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetStarred(ctx, ArticleKey{source, articles[n-1].ID}, true); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	saved := make(chan error, 1)
	go func() { saved <- s.SaveSource(ctx, source, articles, time.Time{}) }()
	// While it runs, in read transactions (snapshots of what was last
	// committed, which take no lock from the save): the kept counts
	// against a recount; and read marks on rows already stored, through
	// the queue, which the save lets in between its chunks.
	other, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	midway := 0
	marked := map[ArticleKey]bool{}
	for done := false; !done; {
		select {
		case err := <-saved:
			if err != nil {
				t.Fatal(err)
			}
			done = true
		default:
		}
		tx, err := other.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if diff := sameCounts(t, tx); diff != "" {
			t.Errorf("during the save: %s", diff)
		}
		var total int
		if err := tx.QueryRow("SELECT coalesce(sum(total), 0) FROM source_counts").Scan(&total); err != nil {
			t.Fatal(err)
		}
		var unmarked []ArticleKey
		if total > 0 && total < n {
			midway++
			rows, err := tx.Query(`SELECT o.source, a.article_id FROM articles a JOIN sources o ON o.id = a.source_id
				WHERE a.staged = 0 AND NOT EXISTS (SELECT 1 FROM read_marks m WHERE m.source = o.source AND m.article_id = a.article_id)
				LIMIT 20`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var k ArticleKey
				if err := rows.Scan(&k.Source, &k.ID); err != nil {
					t.Fatal(err)
				}
				unmarked = append(unmarked, k)
			}
			rows.Close()
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		for _, k := range unmarked {
			if !marked[k] {
				marked[k] = true
				if err := s.SetRead(ctx, k, true); err != nil {
					t.Fatal(err)
				}
				break
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := s.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if midway == 0 {
		t.Fatal("no look at the save half done: the test saw nothing")
	}
	t.Logf("%d looks at the save half done, %d marks set meanwhile", midway, len(marked))
	checkCounts(t, s, "after the save")
	subs, err := s.Subscriptions(ctx)
	if want := n - (n+6)/7 - len(marked); err != nil || subs[0].Total != n || subs[0].Unread != want {
		t.Errorf("after the save: %+v, %v; want %d unread of %d", subs, err, want, n)
	}
}

// schema3DB writes at path a database of schema 3 as the xinwen before
// the counts left it: subscriptions a and b, a with two live articles (one
// read, one starred), a staged row of a save cut short and an article
// no source held; b with one read article; marks and a star on articles
// not stored; a translation and a full text.
func schema3DB(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", dsn(path))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := migrate(ctx, db, migrations[:3]); err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	a, b := "https://a.example/feed", "https://b.example/feed"
	if _, err := tx.Exec("INSERT INTO sources (id, source, saved_at) VALUES (1, ?, 10), (2, ?, 20)", a, b); err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct {
		id, source int64
		articleID  string
		staged     int64
	}{{1, 1, "a1", 0}, {2, 1, "a2", 0}, {3, 1, "a2", 99}, {4, 2, "b1", 0}, {5, 0, "orphan", 0}} {
		art := dated(r.articleID, r.articleID+" title", int(r.id))
		data, hash, err := encode(&art)
		if err != nil {
			t.Fatal(err)
		}
		var source any
		if r.source != 0 {
			source = r.source
		}
		if _, err := tx.Exec(`INSERT INTO articles (id, source_id, article_id, staged, hash, data, published, stored_at, changed_at,
			title_en, langs, feed, link) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?, 2, ?, ?)`,
			r.id, source, r.articleID, r.staged, hash, data, art.Published.Unix(), art.EN.Title, art.Feed, art.Link); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{
		"INSERT INTO source_articles (source_id, pos, article) VALUES (1, 0, 1), (1, 1, 2), (2, 0, 4)",
		"INSERT INTO subscriptions (source, added_at) VALUES ('" + a + "', 1), ('" + b + "', 2)",
		"INSERT INTO read_marks (source, article_id, read_at) VALUES ('" + a + "', 'a1', 5), ('" + b + "', 'b1', 6), ('" + a + "', 'gone', 7), ('', 'orphan', 8)",
		"INSERT INTO stars (source, article_id, starred_at) VALUES ('" + a + "', 'a2', 5), ('" + b + "', 'gone', 6)",
		"INSERT INTO translations (source, article_id, text_hash, backend, model, direction, data, created_at) VALUES ('" + a + "', 'a1', 'h', 'deepl', 'm', 'en-zh', '{\"Title\":\"译\"}', 1)",
		"INSERT INTO full_texts (source, article_id, link, data, fetched_at) VALUES ('" + a + "', 'a1', 'https://example.com/a1', '{}', 1)",
	} {
		if _, err := tx.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestMigrationToSchema4CountsAndKeepsMarksStarsTranslations(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	schema3DB(t, path)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, b := "https://a.example/feed", "https://b.example/feed"
	subs, err := s.Subscriptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 2 || subs[0].Total != 2 || subs[0].Unread != 1 || subs[1].Total != 1 || subs[1].Unread != 0 {
		t.Errorf("migrated counts %+v; want a 1 unread of 2, b 0 of 1", subs)
	}
	if n, err := s.StarredCount(ctx); err != nil || n != 1 {
		t.Errorf("migrated StarredCount %d, %v; want 1 (a2)", n, err)
	}
	checkCounts(t, s, "migrated")
	keys := []ArticleKey{{a, "a1"}, {b, "b1"}, {a, "gone"}, {"", "orphan"}}
	if read, err := s.ReadMarks(ctx, keys); err != nil || len(read) != 4 {
		t.Errorf("read marks after the migration: %v, %v; want all 4", read, err)
	}
	if stars, err := s.Stars(ctx, []ArticleKey{{a, "a2"}, {b, "gone"}}); err != nil || len(stars) != 2 {
		t.Errorf("stars after the migration: %v, %v; want both", stars, err)
	}
	v, ok, err := s.Translation(ctx, TranslationKey{Source: a, ArticleID: "a1", TextHash: "h", Backend: "deepl", Model: "m", Direction: "en-zh"})
	if err != nil || !ok || v.Title != "译" {
		t.Errorf("translation after the migration: %+v %v %v", v, ok, err)
	}
	var fullTexts int
	if err := s.db.QueryRow("SELECT count(*) FROM full_texts").Scan(&fullTexts); err != nil || fullTexts != 1 {
		t.Errorf("full texts after the migration: %d, %v", fullTexts, err)
	}
	// The staged row of the save cut short never counts: the next save
	// of a drops it.
	if err := s.SaveSource(ctx, a, []feed.Article{dated("a1", "a1 title", 1), dated("a2", "a2 changed", 2)}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	checkCounts(t, s, "saved after the migration")
}
