package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// pruneBatch is how many articles one transaction of Prune deletes, so
// that read marks and saves of other processes get the lock in between.
const pruneBatch = 500

// Prune deletes the stored articles that are read, not starred and older
// than keep (a subscription's own Keep, when set, replaces keep for its
// articles; 0 keeps everything), with their search entries and
// translations, and returns how many it deleted. An article's age is its
// published date, or when it was first stored if it has none. Unread and
// starred articles are always kept, and so are read marks and stars, so an
// article that a feed still carries comes back read when saved again.
// Prune is meant to run in the background; it deletes in batches, each
// one transaction, waiting for a lock another process holds as long as ctx
// allows, and stops when ctx is done.
func (s *Store) Prune(ctx context.Context, keep time.Duration, now time.Time) (deleted int, err error) {
	doomed, err := s.pruneCandidates(ctx, keep, now)
	if err != nil {
		return 0, fmt.Errorf("store: retention: %w", err)
	}
	for from := 0; from < len(doomed); from += pruneBatch {
		batch := doomed[from:min(from+pruneBatch, len(doomed))]
		err := s.writeTx(ctx, func(tx *sql.Tx) error { return deleteArticles(ctx, tx, batch) })
		if err != nil {
			return deleted, fmt.Errorf("store: retention: %w", err)
		}
		deleted += len(batch)
	}
	return deleted, nil
}

// pruneCandidates lists the rows Prune deletes.
func (s *Store) pruneCandidates(ctx context.Context, keep time.Duration, now time.Time) ([]int64, error) {
	sc, err := s.scope(ctx, HeadlineFilter{})
	if err != nil {
		return nil, err
	}
	kept := keep <= 0 // with no keep anywhere, nothing is deleted
	for _, sub := range sc.subOf {
		kept = kept && sub.Keep <= 0
	}
	if kept {
		return nil, nil
	}
	cutoff := func(source int64) (int64, bool) {
		k := keep
		if sub, ok := sc.subOf[source]; ok && sub.Keep != 0 {
			k = sub.Keep
		}
		return now.Add(-k).UnixNano(), k > 0
	}
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.source_id, o.source, a.article_id,
		CASE WHEN a.published != 0 THEN a.published * 1000000000 ELSE a.stored_at END
		FROM articles a JOIN sources o ON o.id = a.source_id
		JOIN read_marks m ON m.source = o.source AND m.article_id = a.article_id
		WHERE a.staged = 0 AND NOT EXISTS (SELECT 1 FROM stars st WHERE st.source = o.source AND st.article_id = a.article_id)`)
	if err = s.check(err); err != nil {
		return nil, err
	}
	defer rows.Close()
	marks, stars := s.queue.marks(), s.queue.stars()
	var doomed []int64
	for rows.Next() {
		var id, source, age int64
		var k ArticleKey
		if err := rows.Scan(&id, &source, &k.Source, &k.ID, &age); err != nil {
			return nil, err
		}
		limit, on := cutoff(source)
		if read, queued := marks[k]; !on || age >= limit || queued && !read || stars[k] {
			continue
		}
		doomed = append(doomed, id)
	}
	return doomed, s.check(rows.Err())
}

// deleteArticles deletes article rows everywhere they are referenced: the
// offline copies, the search index and the translations of their keys.
func deleteArticles(ctx context.Context, tx *sql.Tx, ids []int64) error {
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	for _, q := range []string{
		"DELETE FROM source_articles WHERE article IN (SELECT value FROM json_each(?))",
		`DELETE FROM translations WHERE (source, article_id) IN (SELECT o.source, a.article_id
			FROM articles a JOIN sources o ON o.id = a.source_id WHERE a.id IN (SELECT value FROM json_each(?)))`,
	} {
		if _, err := tx.ExecContext(ctx, q, string(list)); err != nil {
			return err
		}
	}
	return dropRows(ctx, tx, ids)
}
