package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// countsStep is schema step 4: source_counts holds, for each source row,
// how many of its articles are live (staged = 0) and how many of those
// are marked read and starred, so that the feeds screen reads 50 rows
// instead of looking up a mark for each of 100,000 articles.
//
// The counts change in the transaction that changes what they count, so
// they are exact in every committed state, after every chunk of a save.
// Triggers count a live row deleted (prune, the replaced rows of a save),
// a row made live or no longer live (the swap of a chunked save, see
// save.go) and a read mark or star written or removed, whoever writes. A
// live row inserted is counted by its inserter, the save, before it
// commits (countInserted): a trigger on INSERT would cost the ingest 6-7
// µs an article even when it does nothing, 5% of a save of 10,000 new
// articles. A row that is staged counts nowhere until it is made live.
// Articles without a source row (stored before schema 3, held by no
// source) are not counted, as no headline shows them.
//
// The step fills the table from a recount of what is stored.
const countsStep = `
CREATE TABLE source_counts (
	source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
	total     INTEGER NOT NULL DEFAULT 0,
	read      INTEGER NOT NULL DEFAULT 0,
	starred   INTEGER NOT NULL DEFAULT 0
);
INSERT INTO source_counts (source_id, total, read, starred)
	SELECT a.source_id, count(*),
		sum(EXISTS (SELECT 1 FROM read_marks m WHERE m.source = o.source AND m.article_id = a.article_id)),
		sum(EXISTS (SELECT 1 FROM stars st WHERE st.source = o.source AND st.article_id = a.article_id))
	FROM articles a JOIN sources o ON o.id = a.source_id
	WHERE a.staged = 0 GROUP BY a.source_id;

-- An article row's share: 1, and whether its key is read and starred.
CREATE TRIGGER articles_count_delete AFTER DELETE ON articles WHEN old.staged = 0 BEGIN
	` + countOut + `;
END;
-- A chunked save makes its staged rows live in one UPDATE; nothing else
-- changes these columns, but any change is counted out and in again.
CREATE TRIGGER articles_count_update AFTER UPDATE OF source_id, article_id, staged ON articles
WHEN old.staged = 0 OR new.staged = 0 BEGIN
	` + countOut + ` AND old.staged = 0;
	` + countIn + `;
END;

-- A mark or a star changes the count of the live row of its key, if any.
CREATE TRIGGER read_marks_count_insert AFTER INSERT ON read_marks BEGIN
	UPDATE source_counts SET read = read + 1 WHERE source_id = (SELECT a.source_id
		FROM sources o JOIN articles a ON a.source_id = o.id AND a.article_id = new.article_id AND a.staged = 0
		WHERE o.source = new.source);
END;
CREATE TRIGGER read_marks_count_delete AFTER DELETE ON read_marks BEGIN
	UPDATE source_counts SET read = read - 1 WHERE source_id = (SELECT a.source_id
		FROM sources o JOIN articles a ON a.source_id = o.id AND a.article_id = old.article_id AND a.staged = 0
		WHERE o.source = old.source);
END;
CREATE TRIGGER read_marks_count_update AFTER UPDATE OF source, article_id ON read_marks BEGIN
	UPDATE source_counts SET read = read - 1 WHERE source_id = (SELECT a.source_id
		FROM sources o JOIN articles a ON a.source_id = o.id AND a.article_id = old.article_id AND a.staged = 0
		WHERE o.source = old.source);
	UPDATE source_counts SET read = read + 1 WHERE source_id = (SELECT a.source_id
		FROM sources o JOIN articles a ON a.source_id = o.id AND a.article_id = new.article_id AND a.staged = 0
		WHERE o.source = new.source);
END;
CREATE TRIGGER stars_count_insert AFTER INSERT ON stars BEGIN
	UPDATE source_counts SET starred = starred + 1 WHERE source_id = (SELECT a.source_id
		FROM sources o JOIN articles a ON a.source_id = o.id AND a.article_id = new.article_id AND a.staged = 0
		WHERE o.source = new.source);
END;
CREATE TRIGGER stars_count_delete AFTER DELETE ON stars BEGIN
	UPDATE source_counts SET starred = starred - 1 WHERE source_id = (SELECT a.source_id
		FROM sources o JOIN articles a ON a.source_id = o.id AND a.article_id = old.article_id AND a.staged = 0
		WHERE o.source = old.source);
END;
CREATE TRIGGER stars_count_update AFTER UPDATE OF source, article_id ON stars BEGIN
	UPDATE source_counts SET starred = starred - 1 WHERE source_id = (SELECT a.source_id
		FROM sources o JOIN articles a ON a.source_id = o.id AND a.article_id = old.article_id AND a.staged = 0
		WHERE o.source = old.source);
	UPDATE source_counts SET starred = starred + 1 WHERE source_id = (SELECT a.source_id
		FROM sources o JOIN articles a ON a.source_id = o.id AND a.article_id = new.article_id AND a.staged = 0
		WHERE o.source = new.source);
END;
`

// countIn adds the share of the article row new, when it is live, to its
// source's counts.
const countIn = `INSERT INTO source_counts (source_id, total, read, starred)
	SELECT new.source_id, 1,
		EXISTS (SELECT 1 FROM read_marks m WHERE m.source = o.source AND m.article_id = new.article_id),
		EXISTS (SELECT 1 FROM stars st WHERE st.source = o.source AND st.article_id = new.article_id)
	FROM sources o WHERE o.id = new.source_id AND new.staged = 0
	ON CONFLICT (source_id) DO UPDATE SET total = total + 1,
		read = read + excluded.read, starred = starred + excluded.starred`

// countOut takes the share of the article row old out of its source's
// counts; the update trigger adds the condition that old was live.
const countOut = `UPDATE source_counts SET total = total - 1, read = read - r.is_read, starred = starred - r.is_starred
	FROM (SELECT
		EXISTS (SELECT 1 FROM read_marks m WHERE m.source = o.source AND m.article_id = old.article_id) AS is_read,
		EXISTS (SELECT 1 FROM stars st WHERE st.source = o.source AND st.article_id = old.article_id) AS is_starred
		FROM sources o WHERE o.id = old.source_id) r
	WHERE source_counts.source_id = old.source_id`

// count is what source_counts holds of one source row.
type count struct{ total, read, starred int }

// sourceCounts reads source_counts: by source row, its live articles and
// how many of them are marked read and starred, queued writes left out.
func sourceCounts(ctx context.Context, q querier) (map[int64]count, error) {
	rows, err := q.QueryContext(ctx, "SELECT source_id, total, read, starred FROM source_counts")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[int64]count{}
	for rows.Next() {
		var id int64
		var c count
		if err := rows.Scan(&id, &c.total, &c.read, &c.starred); err != nil {
			return nil, err
		}
		m[id] = c
	}
	return m, rows.Err()
}

// countFresh adds the live rows the save inserted since the last call to
// their sources' counts, in the save's transaction tx, before it commits:
// each adds 1 to its total, and to read and starred when its key has a
// mark or a star (one written before the article was stored). A source
// without any mark or star costs one look-up, not one per row.
func (sv *save) countFresh(ctx context.Context, tx *sql.Tx) error {
	if len(sv.fresh) == 0 {
		return nil
	}
	bySource := map[int64][]string{}
	for _, k := range sv.fresh {
		bySource[k.source] = append(bySource[k.source], k.id)
	}
	names := make(map[int64]string, len(sv.sources))
	for name, id := range sv.sources {
		names[id] = name
	}
	for id, articleIDs := range bySource {
		list, err := json.Marshal(articleIDs)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO source_counts (source_id, total, read, starred)
			SELECT ?1, json_array_length(?3),
				CASE WHEN EXISTS (SELECT 1 FROM read_marks WHERE source = ?2) THEN (SELECT count(*) FROM read_marks
					WHERE source = ?2 AND article_id IN (SELECT value FROM json_each(?3))) ELSE 0 END,
				CASE WHEN EXISTS (SELECT 1 FROM stars WHERE source = ?2) THEN (SELECT count(*) FROM stars
					WHERE source = ?2 AND article_id IN (SELECT value FROM json_each(?3))) ELSE 0 END
			WHERE true
			ON CONFLICT (source_id) DO UPDATE SET total = total + excluded.total,
				read = read + excluded.read, starred = starred + excluded.starred`,
			id, names[id], string(list)); err != nil {
			return fmt.Errorf("counts: %w", err)
		}
	}
	sv.fresh = sv.fresh[:0]
	return nil
}

// StarredCount returns how many starred articles are stored: as many as
// [Store.Headlines] returns for HeadlineFilter{Starred: true}, stars still
// queued included. It reads the counts of source_counts, not the articles:
// a few rows however many are stored.
func (s *Store) StarredCount(ctx context.Context) (n int, err error) {
	defer func() {
		if err = s.check(err); err != nil {
			err = fmt.Errorf("store: starred count: %w", err)
		}
	}()
	if err := s.db.QueryRowContext(ctx, "SELECT coalesce(sum(starred), 0) FROM source_counts").Scan(&n); err != nil {
		return 0, err
	}
	queued := s.queue.stars()
	if len(queued) == 0 {
		return n, nil
	}
	keys := make([]ArticleKey, 0, len(queued))
	for k := range queued {
		keys = append(keys, k)
	}
	stored, err := s.storedKeys(ctx, keys)
	if err != nil {
		return 0, err
	}
	written, err := writtenStars(ctx, s.db, keys)
	if err != nil {
		return 0, err
	}
	for k, starred := range queued {
		if _, ok := stored[k]; !ok || starred == written[k] {
			continue
		}
		if starred {
			n++
		} else {
			n--
		}
	}
	return n, nil
}

// writtenStars reports which of keys have a star in the database, the
// queue left out.
func writtenStars(ctx context.Context, db *sql.DB, keys []ArticleKey) (map[ArticleKey]bool, error) {
	return keysIn(ctx, db, "stars", keys)
}
