package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SetPreference stores value under key, replacing any earlier value. Keys
// are the caller's to choose (for example "language" or "position"). The
// write is queued like a read mark's (see [Store.SetRead]).
func (s *Store) SetPreference(ctx context.Context, key, value string) error {
	if err := s.enqueue(ctx, write{pref: key, value: value}); err != nil {
		return fmt.Errorf("store: set preference %s: %w", key, err)
	}
	return nil
}

// Preference returns the value stored under key; ok is false when there is
// none.
func (s *Store) Preference(ctx context.Context, key string) (value string, ok bool, err error) {
	if v, ok := s.queue.preference(key); ok {
		return v, true, nil
	}
	err = s.check(s.db.QueryRowContext(ctx, "SELECT value FROM preferences WHERE key = ?", key).Scan(&value))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", false, nil
	case err != nil:
		return "", false, fmt.Errorf("store: preference %s: %w", key, err)
	}
	return value, true, nil
}

// SetHTTPValidators remembers, for url, the ETag and Last-Modified headers
// of the last successful fetch (either may be "") and when it happened, for
// a conditional request next time.
//
// It follows the save of url's articles, and like that save it goes on
// trying for up to saveBusyWait while other writers hold the lock (the
// refresh's other saves, another process): with SQLite's busy timeout
// alone, the validators of a feed saved beside three others of 1,800
// articles each waited 5 s and gave up, and the refresh reported a feed
// whose articles were stored as failed.
func (s *Store) SetHTTPValidators(ctx context.Context, url, etag, lastModified string, fetched time.Time) error {
	err := s.writeTxWaiting(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO http_validators (url, etag, last_modified, fetched)
			VALUES (?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,
			last_modified = excluded.last_modified, fetched = excluded.fetched`,
			url, etag, lastModified, fetched.UnixNano())
		return err
	})
	if err != nil {
		return fmt.Errorf("store: set validators of %s: %w", url, err)
	}
	return nil
}

// HTTPValidators returns what [Store.SetHTTPValidators] stored for url; ok
// is false when nothing was. The loader sends them as If-None-Match and
// If-Modified-Since and, on 304 Not Modified, uses [Store.SourceArticles].
func (s *Store) HTTPValidators(ctx context.Context, url string) (etag, lastModified string, fetched time.Time, ok bool, err error) {
	var nanos int64
	err = s.db.QueryRowContext(ctx, "SELECT etag, last_modified, fetched FROM http_validators WHERE url = ?", url).
		Scan(&etag, &lastModified, &nanos)
	err = s.check(err)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return "", "", time.Time{}, false, nil
	case err != nil:
		return "", "", time.Time{}, false, fmt.Errorf("store: validators of %s: %w", url, err)
	}
	return etag, lastModified, time.Unix(0, nanos), true, nil
}
