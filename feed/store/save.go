package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/xinwen-reader/xinwen/feed"
)

// saveArticles upserts articles and returns their row ids in order, each
// once. New articles are inserted oldest first, so that a higher row id
// means a newer article, which Search uses to rank.
//
// The work is split between two goroutines: one turns articles into what
// is stored (JSON, hash and search terms, all Go), the caller's writes them
// through SQLite, so that on two cores the two halves overlap.
func saveArticles(ctx context.Context, tx *sql.Tx, articles []feed.Article, now int64) ([]int64, error) {
	unique, err := uniqueArticles(articles)
	if err != nil {
		return nil, err
	}
	byAge := slices.Clone(unique)
	slices.SortStableFunc(byAge, func(a, b *feed.Article) int { return a.Published.Compare(b.Published) })
	old, err := storedRows(ctx, tx, unique)
	if err != nil {
		return nil, err
	}
	w, err := newWriter(ctx, tx, now)
	if err != nil {
		return nil, err
	}
	defer w.close()
	stop := make(chan struct{})
	defer close(stop)
	rowIDs := make(map[*feed.Article]int64, len(unique))
	for e := range encodeAll(byAge, old, stop) {
		if e.err != nil {
			return nil, fmt.Errorf("article %s: %w", e.a.ID, e.err)
		}
		id, err := w.write(ctx, e, old)
		if err != nil {
			return nil, fmt.Errorf("article %s: %w", e.a.ID, err)
		}
		rowIDs[e.a] = id
	}
	if err := w.index.flush(ctx); err != nil {
		return nil, err
	}
	ids := make([]int64, len(unique))
	for i, a := range unique {
		ids[i] = rowIDs[a]
	}
	return ids, nil
}

// storedRow is what the store holds of an article: its row and content
// hash.
type storedRow struct {
	id   int64
	hash []byte
}

// storedRows returns, by article ID, the rows of those of articles that
// are stored, in one statement.
func storedRows(ctx context.Context, tx *sql.Tx, articles []*feed.Article) (map[string]storedRow, error) {
	ids := make([]string, len(articles))
	for i, a := range articles {
		ids[i] = a.ID
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT article_id, id, hash FROM articles
		WHERE article_id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	old := make(map[string]storedRow)
	for rows.Next() {
		var id string
		var r storedRow
		if err := rows.Scan(&id, &r.id, &r.hash); err != nil {
			return nil, err
		}
		old[id] = r
	}
	return old, rows.Err()
}

// encoded is an article in its stored form.
type encoded struct {
	a          *feed.Article
	data, hash []byte
	changed    bool   // new, or stored with other content
	terms      string // its search terms, when changed
	err        error
}

// encodeAll encodes articles, in order, on a goroutine of its own and sends
// them on the channel it returns, which it closes after the last. It stops
// early when stop is closed. It only reads articles and old.
func encodeAll(articles []*feed.Article, old map[string]storedRow, stop <-chan struct{}) <-chan encoded {
	out := make(chan encoded, 64)
	go func() {
		defer close(out)
		text := newTermText()
		for _, a := range articles {
			e := encoded{a: a}
			e.data, e.hash, e.err = encode(a)
			if r, ok := old[a.ID]; e.err == nil && (!ok || !bytes.Equal(r.hash, e.hash)) {
				e.changed = true
				e.terms = text.article(a)
			}
			select {
			case out <- e:
			case <-stop:
				return
			}
		}
	}()
	return out
}

// writer holds the statements of one save.
type writer struct {
	insert, update *sql.Stmt
	index          *index
	now            int64
}

func newWriter(ctx context.Context, tx *sql.Tx, now int64) (*writer, error) {
	idx, err := newIndex(ctx, tx)
	if err != nil {
		return nil, err
	}
	w := &writer{index: idx, now: now}
	if w.insert, err = tx.PrepareContext(ctx, `INSERT INTO articles
		(article_id, hash, data, published, stored_at, changed_at) VALUES (?, ?, ?, ?, ?, ?)`); err != nil {
		w.close()
		return nil, err
	}
	if w.update, err = tx.PrepareContext(ctx,
		"UPDATE articles SET hash = ?, data = ?, published = ?, changed_at = ? WHERE id = ?"); err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

func (w *writer) close() {
	w.index.close()
	for _, st := range []*sql.Stmt{w.insert, w.update} {
		if st != nil {
			st.Close()
		}
	}
}

// write stores e unless it is stored with the same content, and returns
// its row id.
func (w *writer) write(ctx context.Context, e encoded, old map[string]storedRow) (int64, error) {
	r, stored := old[e.a.ID]
	switch {
	case !e.changed:
		return r.id, nil
	case !stored:
		res, err := w.insert.ExecContext(ctx, e.a.ID, e.hash, e.data, publishedUnix(e.a), w.now, w.now)
		if err != nil {
			return 0, err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return 0, err
		}
		return id, w.index.add(ctx, id, e.terms)
	}
	if _, err := w.update.ExecContext(ctx, e.hash, e.data, publishedUnix(e.a), w.now, r.id); err != nil {
		return 0, err
	}
	return r.id, w.index.replace(ctx, r.id, e.terms)
}
