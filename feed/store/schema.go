package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
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
}

// afterStep does, in the transaction of migrations[step], the part of the
// step that SQL alone cannot: schema 2 re-tokenizes every stored article
// into the new search index.
func afterStep(ctx context.Context, tx *sql.Tx, step int) error {
	if step == 1 {
		return reindex(ctx, tx)
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

// isCorrupt reports whether err is SQLite saying the file is not a database
// or is damaged.
func isCorrupt(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
		return true
	}
	return false
}
