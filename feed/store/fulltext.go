package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// Store keeps full texts for the loader: see feed.FullTextCache.
var _ feed.FullTextCache = (*Store)(nil)

// fullTextData is how a full text's versions are stored.
type fullTextData struct {
	ZH *feed.Version `json:"zh,omitempty"`
	EN *feed.Version `json:"en,omitempty"`
}

// SaveFullText stores the full text t extracted for an article, under its
// Source, ArticleID and Link, replacing an earlier one with the same key.
// The loader puts it in the article when the source next loads, and so
// into the offline copy and the search index.
func (s *Store) SaveFullText(ctx context.Context, t feed.FullText) error {
	fail := func(err error) error {
		return fmt.Errorf("store: save full text of %s: %w", t.ArticleID, err)
	}
	switch {
	case t.Source == "" || t.ArticleID == "" || t.Link == "":
		return fail(errors.New("full text without source, article ID or link"))
	case t.ZH == nil && t.EN == nil:
		return fail(errors.New("full text without text"))
	}
	data, err := json.Marshal(fullTextData{ZH: t.ZH, EN: t.EN})
	if err != nil {
		return fail(err)
	}
	fetched := t.Fetched
	if fetched.IsZero() {
		fetched = time.Now()
	}
	// The page fetched is kept through a refresh's saves (see
	// writeTxWaiting).
	err = s.writeTxWaiting(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO full_texts (source, article_id, link, data, fetched_at)
			VALUES (?, ?, ?, ?, ?)
			ON CONFLICT DO UPDATE SET data = excluded.data, fetched_at = excluded.fetched_at`,
			t.Source, t.ArticleID, t.Link, data, fetched.UnixNano())
		return err
	})
	if err != nil {
		return fail(err)
	}
	return nil
}

// FullTexts returns the full texts stored for source's articles, in no
// particular order; none is an empty result, not an error. A row that no
// longer decodes is skipped, so one damaged text does not hide the others.
// Their text and links are cleaned (see feed.CleanArticle), so a file
// another program wrote puts no control sequences on screen.
func (s *Store) FullTexts(ctx context.Context, source string) ([]feed.FullText, error) {
	fail := func(err error) ([]feed.FullText, error) {
		return nil, fmt.Errorf("store: full texts of %s: %w", source, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT article_id, link, data, fetched_at FROM full_texts WHERE source = ?`, source)
	if err = s.check(err); err != nil {
		return fail(err)
	}
	defer rows.Close()
	var out []feed.FullText
	for rows.Next() {
		var id, link string
		var data []byte
		var fetched int64
		if err := rows.Scan(&id, &link, &data, &fetched); err != nil {
			return fail(s.check(err))
		}
		var d fullTextData
		if json.Unmarshal(data, &d) != nil || (d.ZH == nil && d.EN == nil) {
			continue
		}
		// Another program may have written the file: clean what a terminal
		// would print, as articles and translations read back are.
		c := feed.CleanArticle(&feed.Article{Link: link, ZH: d.ZH, EN: d.EN})
		out = append(out, feed.FullText{Source: source, ArticleID: id, Link: c.Link, ZH: c.ZH, EN: c.EN,
			Fetched: time.Unix(0, fetched)})
	}
	if err := s.check(rows.Err()); err != nil {
		return fail(err)
	}
	return out, nil
}
