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

// TranslationKey names one machine translation of an article's text: the
// article (Source and ArticleID, as in [ArticleKey]), a hash of the text
// that was translated (so an edited article is translated again), and the
// Backend, Model and Direction (for example "zh-en") that made it. Each
// field is the caller's to choose; none may be empty.
type TranslationKey struct{ Source, ArticleID, TextHash, Backend, Model, Direction string }

func (k TranslationKey) valid() error {
	for _, f := range []struct{ name, value string }{
		{"source", k.Source}, {"article ID", k.ArticleID}, {"text hash", k.TextHash},
		{"backend", k.Backend}, {"model", k.Model}, {"direction", k.Direction},
	} {
		if f.value == "" {
			return fmt.Errorf("translation key without %s", f.name)
		}
	}
	return nil
}

// SaveTranslation stores v, the translated version of an article, under
// key, replacing an earlier translation with the same key. v is stored as
// its JSON, so fields feed.Version gains later are kept.
func (s *Store) SaveTranslation(ctx context.Context, key TranslationKey, v *feed.Version) error {
	fail := func(err error) error {
		return fmt.Errorf("store: save translation of %s: %w", key.ArticleID, err)
	}
	if v == nil {
		return fail(errors.New("no version"))
	}
	if err := key.valid(); err != nil {
		return fail(err)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fail(err)
	}
	// The backend's work is kept through a refresh's saves (see
	// writeTxWaiting).
	err = s.writeTxWaiting(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO translations
			(source, article_id, text_hash, backend, model, direction, data, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT DO UPDATE SET data = excluded.data, created_at = excluded.created_at`,
			key.Source, key.ArticleID, key.TextHash, key.Backend, key.Model, key.Direction, data, time.Now().UnixNano())
		return err
	})
	if err != nil {
		return fail(err)
	}
	return nil
}

// Translation returns the translation stored under key; ok is false when
// there is none.
func (s *Store) Translation(ctx context.Context, key TranslationKey) (_ *feed.Version, ok bool, _ error) {
	fail := func(err error) (*feed.Version, bool, error) {
		return nil, false, fmt.Errorf("store: translation of %s: %w", key.ArticleID, err)
	}
	var data []byte
	err := s.check(s.db.QueryRowContext(ctx, `SELECT data FROM translations WHERE source = ? AND article_id = ?
		AND text_hash = ? AND backend = ? AND model = ? AND direction = ?`,
		key.Source, key.ArticleID, key.TextHash, key.Backend, key.Model, key.Direction).Scan(&data))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, false, nil
	case err != nil:
		return fail(err)
	}
	var v feed.Version
	if err := json.Unmarshal(data, &v); err != nil {
		return fail(err)
	}
	return feed.CleanArticle(&feed.Article{ZH: &v}).ZH, true, nil
}
