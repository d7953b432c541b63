package store

import (
	"context"
	"database/sql"
	"fmt"
)

// applicationID marks a SQLite file as xinwen's ("xinw" in ASCII), so that
// Open never migrates another program's database.
const applicationID = 0x78696e77

// migrations are the schema steps, oldest first: migrations[i] brings a
// database from version i to version i+1, and PRAGMA user_version records
// the version reached. Steps are only ever appended; a released step is never
// edited.
var migrations = []string{
	// 1: articles, marks, preferences, HTTP validators, sources, search.
	`
PRAGMA application_id = ` + fmt.Sprint(applicationID) + `;

-- One row per article ID. data is the JSON of the feed.Article (see
-- record); hash is over that JSON without Source, so an unchanged article
-- is recognised without rewriting it. Times are Unix nanoseconds.
CREATE TABLE articles (
	id         INTEGER PRIMARY KEY,
	article_id TEXT NOT NULL UNIQUE,
	hash       BLOB NOT NULL,
	data       BLOB NOT NULL,
	published  INTEGER NOT NULL,
	stored_at  INTEGER NOT NULL,
	changed_at INTEGER NOT NULL
);

-- Read marks are kept apart from articles: a mark survives any rewrite of
-- the article and may be set on an article that is not stored.
CREATE TABLE read_marks (
	article_id TEXT PRIMARY KEY,
	read_at    INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE preferences (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE http_validators (
	url           TEXT PRIMARY KEY,
	etag          TEXT NOT NULL,
	last_modified TEXT NOT NULL,
	fetched       INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE sources (
	id       INTEGER PRIMARY KEY,
	source   TEXT NOT NULL UNIQUE,
	saved_at INTEGER NOT NULL
);

-- The articles of a source in the order last saved.
CREATE TABLE source_articles (
	source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	pos       INTEGER NOT NULL,
	article   INTEGER NOT NULL REFERENCES articles(id),
	PRIMARY KEY (source_id, pos)
) WITHOUT ROWID;
CREATE INDEX source_articles_article ON source_articles(article);

-- Full-text index, rowid = articles.id, contentless (the text is in
-- articles.data). The text arrives tokenized (see search.go): words holds
-- every word, each Han character a word of its own; pairs holds the
-- overlapping pairs of each run of Han characters and its last character.
CREATE VIRTUAL TABLE search USING fts5(
	words, pairs,
	content = '', contentless_delete = 1,
	tokenize = 'ascii'
);
-- Flush pending index data every 16 MB rather than 1 MB: fewer, larger
-- segments to merge when thousands of articles are saved at once.
INSERT INTO search (search, rank) VALUES ('hashsize', 16777216);
`,
	// 2: a search index of each article's distinct terms and count marks,
	// without positions (see index.go): a quarter of the size and about
	// three times faster to write. Filled by reindex (see afterStep).
	`
DROP TABLE search;
CREATE VIRTUAL TABLE search USING fts5(
	terms,
	content = '', contentless_delete = 1,
	tokenize = 'ascii', detail = none
);
INSERT INTO search (search, rank) VALUES ('hashsize', 16777216);
`,
	// 3: articles, offline copies and read marks keyed by (source,
	// article ID), so that one source can never change another's articles
	// or share its marks; rows a save has written but not yet finished
	// (staged); machine translations; full texts; headline fields kept apart from the
	// bodies; subscriptions and stars. An article several sources held
	// becomes one row per source (the extra rows are indexed by afterStep);
	// a mark on an ID becomes a mark on it in every source holding it.
	`
DROP INDEX source_articles_article;
ALTER TABLE source_articles RENAME TO old_source_articles;
ALTER TABLE articles RENAME TO old_articles;
ALTER TABLE sources RENAME TO old_sources;
ALTER TABLE read_marks RENAME TO old_read_marks;

-- saved_at is NULL until a save of the source has finished: a source
-- named only as the origin of articles saved under another (a file of a
-- directory), or whose first save was cut short, has no offline copy.
CREATE TABLE sources (
	id       INTEGER PRIMARY KEY,
	source   TEXT NOT NULL UNIQUE,
	saved_at INTEGER
);
INSERT INTO sources (id, source, saved_at) SELECT id, source, saved_at FROM old_sources;

-- One live row (staged = 0) per (source, article ID); source_id is NULL
-- only for articles stored before schema 3 that no source held. A row
-- with staged != 0 was written by a save still running (staged is that
-- save's token) and is invisible until the save finishes (see save.go).
CREATE TABLE articles (
	id         INTEGER PRIMARY KEY,
	source_id  INTEGER REFERENCES sources(id),
	article_id TEXT NOT NULL,
	staged     INTEGER NOT NULL DEFAULT 0,
	hash       BLOB NOT NULL,
	data       BLOB NOT NULL,
	published  INTEGER NOT NULL,
	stored_at  INTEGER NOT NULL,
	changed_at INTEGER NOT NULL,
	-- Headline fields, copied out of data so that a list of headlines
	-- never decodes a body (see headlines.go). langs: 1 Chinese, 2 English.
	title_zh   TEXT NOT NULL DEFAULT '',
	title_en   TEXT NOT NULL DEFAULT '',
	langs      INTEGER NOT NULL DEFAULT 0,
	feed       TEXT NOT NULL DEFAULT '',
	link       TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX articles_key ON articles (source_id, article_id) WHERE staged = 0;
CREATE INDEX articles_staged ON articles (source_id, staged) WHERE staged != 0;
-- Headlines newest first, of all sources or of one.
CREATE INDEX articles_published ON articles (published DESC, id DESC) WHERE staged = 0;
CREATE INDEX articles_source_published ON articles (source_id, published DESC, id DESC) WHERE staged = 0;

-- Which sources held which article: the first (most recently saved)
-- keeps the article's row and its place in the search index.
CREATE TEMP TABLE copies AS
	SELECT a.id AS old, s.id AS source_id,
		row_number() OVER (PARTITION BY a.id ORDER BY s.saved_at DESC, s.id) AS n
	FROM old_articles a
	JOIN (SELECT DISTINCT source_id, article FROM old_source_articles) sa ON sa.article = a.id
	JOIN old_sources s ON s.id = sa.source_id;
CREATE TEMP TABLE reindex_from AS SELECT coalesce(max(id), 0) AS id FROM old_articles;
INSERT INTO articles (id, source_id, article_id, hash, data, published, stored_at, changed_at)
	SELECT a.id, c.source_id, a.article_id, a.hash, a.data, a.published, a.stored_at, a.changed_at
	FROM old_articles a LEFT JOIN copies c ON c.old = a.id AND c.n = 1
	ORDER BY a.id;
INSERT INTO articles (source_id, article_id, hash, data, published, stored_at, changed_at)
	SELECT c.source_id, a.article_id, a.hash, a.data, a.published, a.stored_at, a.changed_at
	FROM copies c JOIN old_articles a ON a.id = c.old WHERE c.n > 1
	ORDER BY a.id, c.n;
UPDATE articles SET
	title_zh = coalesce(CAST(data AS TEXT)->>'$.ZH.Title', ''),
	title_en = coalesce(CAST(data AS TEXT)->>'$.EN.Title', ''),
	langs = (CAST(data AS TEXT)->>'$.ZH.Title' IS NOT NULL) | ((CAST(data AS TEXT)->>'$.EN.Title' IS NOT NULL) << 1),
	feed = coalesce(CAST(data AS TEXT)->>'$.Feed', ''),
	link = coalesce(CAST(data AS TEXT)->>'$.Link', '');

CREATE TABLE source_articles (
	source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
	pos       INTEGER NOT NULL,
	article   INTEGER NOT NULL REFERENCES articles(id),
	PRIMARY KEY (source_id, pos)
) WITHOUT ROWID;
INSERT INTO source_articles (source_id, pos, article)
	SELECT sa.source_id, sa.pos, n.id
	FROM old_source_articles sa
	JOIN old_articles o ON o.id = sa.article
	JOIN articles n ON n.source_id = sa.source_id AND n.article_id = o.article_id AND n.staged = 0;
CREATE INDEX source_articles_article ON source_articles(article);

-- A mark may name an article that is not stored. Marks on IDs no source
-- held are kept under the source '', matching no article.
CREATE TABLE read_marks (
	source     TEXT NOT NULL,
	article_id TEXT NOT NULL,
	read_at    INTEGER NOT NULL,
	PRIMARY KEY (source, article_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO read_marks (source, article_id, read_at)
	SELECT s.source, m.article_id, m.read_at
	FROM old_read_marks m
	JOIN old_articles a ON a.article_id = m.article_id
	JOIN old_source_articles sa ON sa.article = a.id
	JOIN old_sources s ON s.id = sa.source_id;
INSERT OR IGNORE INTO read_marks (source, article_id, read_at)
	SELECT '', m.article_id, m.read_at FROM old_read_marks m
	WHERE m.article_id NOT IN (SELECT a.article_id FROM old_articles a
		JOIN old_source_articles sa ON sa.article = a.id);

-- Article rows not yet in the search index, with their terms (see
-- indexer.go): a save lists its rows here in its own transactions, and
-- the indexer moves them into search afterwards in transactions of its own.
CREATE TABLE search_pending (
	id    INTEGER PRIMARY KEY,
	terms TEXT NOT NULL
);

-- Machine translations of an article's text (see translations.go).
CREATE TABLE translations (
	source     TEXT NOT NULL,
	article_id TEXT NOT NULL,
	text_hash  TEXT NOT NULL,
	backend    TEXT NOT NULL,
	model      TEXT NOT NULL,
	direction  TEXT NOT NULL,
	data       BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (source, article_id, text_hash, backend, model, direction)
) WITHOUT ROWID;

-- The feeds the user follows (see subscriptions.go): source as the
-- loader names it, tags a JSON array of strings, keep the retention in
-- nanoseconds (0: the global one), times Unix nanoseconds (0: never).
CREATE TABLE subscriptions (
	id         INTEGER PRIMARY KEY,
	source     TEXT NOT NULL UNIQUE,
	title      TEXT NOT NULL DEFAULT '',
	tags       TEXT NOT NULL DEFAULT '[]',
	keep       INTEGER NOT NULL DEFAULT 0,
	added_at   INTEGER NOT NULL,
	fetched_at INTEGER NOT NULL DEFAULT 0,
	last_error TEXT NOT NULL DEFAULT ''
);

-- Starred articles, keyed like read marks; a star outlives its article's
-- rows and keeps them from retention (see stars.go).
CREATE TABLE stars (
	source     TEXT NOT NULL,
	article_id TEXT NOT NULL,
	starred_at INTEGER NOT NULL,
	PRIMARY KEY (source, article_id)
) WITHOUT ROWID;

DROP TABLE copies;
DROP TABLE old_source_articles;
DROP TABLE old_read_marks;
DROP TABLE old_articles;
DROP TABLE old_sources;

-- Full texts extracted from articles' pages (see fulltext.go), keyed by
-- the article and the link they were fetched from; data is the JSON of the
-- two versions.
CREATE TABLE full_texts (
	source     TEXT NOT NULL,
	article_id TEXT NOT NULL,
	link       TEXT NOT NULL,
	data       BLOB NOT NULL,
	fetched_at INTEGER NOT NULL,
	PRIMARY KEY (source, article_id, link)
) WITHOUT ROWID;
`,
	// 4: counts of each source's live articles, read and starred ones,
	// kept by triggers in the statement that changes them (see counts.go).
	countsStep,
	// 5: each article's UTC offset, so that a stored headline's date is the
	// feed's (see offset.go).
	offsetStep,
}

// afterStep does, in the transaction of migrations[step], the part of the
// step that SQL alone cannot: schema 2 re-tokenizes every stored article
// into the new search index; schema 3 indexes the rows it added for
// articles that more than one source held.
func afterStep(ctx context.Context, tx *sql.Tx, step int) error {
	switch step {
	case 1:
		return reindex(ctx, tx, 0)
	case 2:
		var from int64
		if err := tx.QueryRowContext(ctx, "SELECT id FROM temp.reindex_from").Scan(&from); err != nil {
			return err
		}
		if err := reindex(ctx, tx, from); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DROP TABLE temp.reindex_from")
		return err
	}
	return nil
}

// migrate brings db up to len(steps), one transaction per step. Each step
// re-reads the version inside its transaction, so two processes opening a
// new database at once apply every step exactly once.
func migrate(ctx context.Context, db *sql.DB, steps []string) error {
	for i, step := range steps {
		err := func() error {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			defer tx.Rollback() //nolint:errcheck // a no-op after Commit
			var version int
			if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
				return err
			}
			if version > i {
				return nil
			}
			if _, err := tx.ExecContext(ctx, step); err != nil {
				return err
			}
			if err := afterStep(ctx, tx, i); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1)); err != nil {
				return err
			}
			return tx.Commit()
		}()
		if err != nil {
			return fmt.Errorf("migrate to schema %d: %w", i+1, err)
		}
	}
	return nil
}
