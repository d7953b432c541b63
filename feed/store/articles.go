package store

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// record is how an article is stored: the JSON of the feed.Article, which
// keeps every field (Blocks, Spans, Keywords) and picks up fields feed adds
// later, plus the name of Published's time zone, which JSON would drop.
// Source is left out: it is the row's source (see SaveSource), not part of
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
		return feed.Article{}, fmt.Errorf("%w: %v", errUndecodableRow, err)
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
	// The file is outside this program's control (another program, or a
	// person, may have written it): what comes out is cleaned like feed
	// text, which costs a byte scan when there is nothing to clean.
	return *feed.CleanArticle(&r.Article), nil
}

// printable returns s cleaned like feed text when it needs it: for the
// strings the store hands out outside an article.
func printable(s string) string {
	if feed.MayNeedClean(s, false) {
		return feed.Clean(s)
	}
	return s
}

// SourceArticles returns the offline copy of source: its articles in the
// order of the last [Store.SaveSource] that finished, each with Source set to
// where it was loaded from (source, or for a directory the file in it), and
// the fetched time given then. A source never saved gives nil, the zero time
// and no error; a source saved with no articles gives an empty, non-nil
// slice. A save still running, or cut short, is never seen half done.
func (s *Store) SourceArticles(ctx context.Context, source string) (_ []feed.Article, _ time.Time, err error) {
	defer func() { err = s.check(err) }()
	fail := func(err error) ([]feed.Article, time.Time, error) {
		return nil, time.Time{}, fmt.Errorf("store: offline copy of %s: %w", source, err)
	}
	// One statement, so the list and its time come from one snapshot even
	// while another process saves the source.
	rows, err := s.db.QueryContext(ctx, `SELECT s.saved_at, a.data, coalesce(o.source, '') FROM sources s
		LEFT JOIN source_articles sa ON sa.source_id = s.id
		LEFT JOIN articles a ON a.id = sa.article
		LEFT JOIN sources o ON o.id = a.source_id
		WHERE s.source = ? AND s.saved_at IS NOT NULL ORDER BY sa.pos`, source)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	var articles []feed.Article
	var savedAt int64
	for rows.Next() {
		var data []byte
		var origin string
		if err := rows.Scan(&savedAt, &data, &origin); err != nil {
			return fail(err)
		}
		if articles == nil {
			articles = []feed.Article{}
		}
		if data == nil { // a source saved with no articles
			continue
		}
		a, err := decode(data, origin)
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
