package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// record is how an article is stored: the JSON of the feed.Article, which
// keeps every field (Blocks, Spans, Keywords) and picks up fields feed adds
// later, plus the name of Published's time zone, which JSON would drop.
// Source is left out: it is the source the caller asks about, not part of
// the article's content.
type record struct {
	feed.Article
	PublishedZone string `json:",omitempty"`
}

// encode returns the stored form of a and its content hash.
func encode(a *feed.Article) (data, hash []byte, err error) {
	r := record{Article: *a}
	r.Source = ""
	if !a.Published.IsZero() {
		r.PublishedZone, _ = a.Published.Zone()
	}
	data, err = json.Marshal(&r)
	if err != nil {
		return nil, nil, err
	}
	sum := sha256.Sum256(data)
	return data, sum[:], nil
}

// decode turns the stored form back into an article whose Source is source.
// Published comes back as the same instant in a zone with the same name and
// offset (time.UTC for UTC).
func decode(data []byte, source string) (feed.Article, error) {
	var r record
	if err := json.Unmarshal(data, &r); err != nil {
		return feed.Article{}, err
	}
	if t := r.Published; !t.IsZero() {
		_, offset := t.Zone()
		if r.PublishedZone == "UTC" && offset == 0 {
			r.Published = t.UTC()
		} else {
			r.Published = t.In(time.FixedZone(r.PublishedZone, offset))
		}
	}
	r.Source = source
	return r.Article, nil
}

// SaveSource stores the articles loaded from source (a path, "-" or a URL,
// as the loader names it) and remembers them, in this order, as the source's
// offline copy fetched at fetched (time.Now() when zero).
//
// Articles are keyed by their ID: an article already stored is rewritten
// only when its content changed, so saving the same 10,000 articles again
// costs little. Read marks are never touched. When articles repeats an ID,
// the first one is kept and the rest ignored. Everything happens in one
// transaction: on error (including a cancelled ctx) nothing is saved. An
// article with an empty ID is an error.
func (s *Store) SaveSource(ctx context.Context, source string, articles []feed.Article, fetched time.Time) error {
	if fetched.IsZero() {
		fetched = time.Now()
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		ids, err := saveArticles(ctx, tx, articles, time.Now().UnixNano())
		if err != nil {
			return err
		}
		return saveMembers(ctx, tx, source, ids, fetched.UnixNano())
	})
	if err != nil {
		return fmt.Errorf("store: save %s: %w", source, err)
	}
	return nil
}

// uniqueArticles returns pointers to the first article of each ID, in
// order, and fails on an article without an ID.
func uniqueArticles(articles []feed.Article) ([]*feed.Article, error) {
	seen := make(map[string]bool, len(articles))
	unique := make([]*feed.Article, 0, len(articles))
	for i := range articles {
		a := &articles[i]
		if a.ID == "" {
			return nil, fmt.Errorf("article %d (%q) has no ID", i+1, a.Title())
		}
		if !seen[a.ID] {
			seen[a.ID] = true
			unique = append(unique, a)
		}
	}
	return unique, nil
}

// publishedUnix is the published column: Unix seconds, 0 when unknown.
func publishedUnix(a *feed.Article) int64 {
	if a.Published.IsZero() {
		return 0
	}
	return a.Published.Unix()
}

// saveMembers records ids as source's list of articles, leaving the rows
// alone when the list is unchanged.
func saveMembers(ctx context.Context, tx *sql.Tx, source string, ids []int64, savedAt int64) error {
	var sourceID int64
	err := tx.QueryRowContext(ctx, `INSERT INTO sources (source, saved_at) VALUES (?, ?)
		ON CONFLICT (source) DO UPDATE SET saved_at = excluded.saved_at RETURNING id`,
		source, savedAt).Scan(&sourceID)
	if err != nil {
		return err
	}
	old, err := members(ctx, tx, sourceID)
	if err != nil || slices.Equal(old, ids) {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM source_articles WHERE source_id = ?", sourceID); err != nil {
		return err
	}
	// One statement for the whole list: the position is the index in the
	// JSON array.
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO source_articles (source_id, pos, article)
		SELECT ?, key, value FROM json_each(?)`, sourceID, string(list))
	return err
}

// members returns the article row ids of a source in order.
func members(ctx context.Context, tx *sql.Tx, sourceID int64) ([]int64, error) {
	return rowIDs(ctx, tx, "SELECT article FROM source_articles WHERE source_id = ? ORDER BY pos", sourceID)
}

// SourceArticles returns the offline copy of source: its articles in the
// order of the last [Store.SaveSource], each with Source set to source, and
// the fetched time given then. A source never saved gives nil, the zero time
// and no error; a source saved with no articles gives an empty, non-nil
// slice.
func (s *Store) SourceArticles(ctx context.Context, source string) ([]feed.Article, time.Time, error) {
	fail := func(err error) ([]feed.Article, time.Time, error) {
		return nil, time.Time{}, fmt.Errorf("store: offline copy of %s: %w", source, err)
	}
	// One statement, so the list and its time come from one snapshot even
	// while another process saves the source.
	rows, err := s.db.QueryContext(ctx, `SELECT s.saved_at, a.data FROM sources s
		LEFT JOIN source_articles sa ON sa.source_id = s.id
		LEFT JOIN articles a ON a.id = sa.article
		WHERE s.source = ? ORDER BY sa.pos`, source)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	var articles []feed.Article
	var savedAt int64
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&savedAt, &data); err != nil {
			return fail(err)
		}
		if articles == nil {
			articles = []feed.Article{}
		}
		if data == nil { // a source saved with no articles
			continue
		}
		a, err := decode(data, source)
		if err != nil {
			return fail(err)
		}
		articles = append(articles, a)
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	if articles == nil {
		return nil, time.Time{}, nil
	}
	return articles, time.Unix(0, savedAt), nil
}
