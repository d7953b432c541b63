package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// ErrNoSubscription is wrapped by [Store.RemoveSubscription] when nothing
// matches what it was asked to remove.
var ErrNoSubscription = errors.New("no such subscription")

// Subscription is a feed the user follows, kept in the database beside
// the config's sources (which the command line merges with these).
type Subscription struct {
	// N numbers the subscriptions from 1 in the order they were added,
	// as `xinwen feeds` prints them and `xinwen remove N` takes them.
	N int
	// Source is a URL or a path, named as the loader names sources (the
	// Source of the articles it loads) so that its saved articles match.
	Source string
	Title  string   // "" when none was given: show the feed's own title
	Tags   []string // sorted, without duplicates; folders of an OPML file
	// Keep is how long its read articles are kept (0: the global keep).
	Keep time.Duration
	// Added, Fetched: when it was added and last fetched (zero: never).
	Added, Fetched time.Time
	// LastError is the one-line error of the last fetch, "" when it
	// succeeded or never ran. It is cleaned of control characters.
	LastError string
	// Unread and Total count its stored articles; filled by
	// [Store.Subscriptions] only.
	Unread, Total int
}

// AddSubscriptions adds subs in one transaction and reports how many were
// new. A source already subscribed (or repeated in subs) is merged: its
// tags are united, and a non-empty Title and a non-zero Keep replace the
// old ones. Added is set to now for a new one; N, Fetched, LastError,
// Unread and Total are ignored. A subscription with an empty Source is an
// error and nothing is added. Like read marks, the write waits for a lock
// another process holds, until ctx is done, and is never half done.
func (s *Store) AddSubscriptions(ctx context.Context, subs []Subscription) (added int, err error) {
	for i, sub := range subs {
		if strings.TrimSpace(sub.Source) == "" {
			return 0, fmt.Errorf("store: subscription %d has no source", i+1)
		}
	}
	now := time.Now().UnixNano()
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		added = 0
		old, err := subscriptionMap(ctx, tx)
		if err != nil {
			return err
		}
		for _, sub := range subs {
			prev, had := old[sub.Source]
			merged := mergeSubscription(prev, sub)
			tags, _ := json.Marshal(merged.Tags)
			if !had {
				added++
				merged.Added = time.Unix(0, now)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO subscriptions (source, title, tags, keep, added_at)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT (source) DO UPDATE
				SET title = excluded.title, tags = excluded.tags, keep = excluded.keep`,
				sub.Source, merged.Title, string(tags), int64(merged.Keep), now); err != nil {
				return err
			}
			old[sub.Source] = merged
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: add subscriptions: %w", err)
	}
	return added, nil
}

// mergeSubscription merges add into old (the zero value when new).
func mergeSubscription(old, add Subscription) Subscription {
	old.Source = add.Source
	if t := feed.Clean(add.Title); t != "" {
		old.Title = t
	}
	if add.Keep != 0 {
		old.Keep = add.Keep
	}
	for _, t := range add.Tags {
		if t = feed.Clean(t); t != "" {
			old.Tags = append(old.Tags, t)
		}
	}
	slices.Sort(old.Tags)
	old.Tags = slices.Compact(old.Tags)
	if old.Tags == nil {
		old.Tags = []string{}
	}
	return old
}

// subscriptionMap reads every subscription by source.
func subscriptionMap(ctx context.Context, tx *sql.Tx) (map[string]Subscription, error) {
	subs, err := scanSubscriptions(tx.QueryContext(ctx, subscriptionQuery))
	if err != nil {
		return nil, err
	}
	m := make(map[string]Subscription, len(subs))
	for _, sub := range subs {
		m[sub.Source] = sub
	}
	return m, nil
}

const subscriptionQuery = `SELECT source, title, tags, keep, added_at, fetched_at, last_error
	FROM subscriptions ORDER BY id`

// scanSubscriptions reads the rows of subscriptionQuery, numbering them.
func scanSubscriptions(rows *sql.Rows, err error) ([]Subscription, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	subs := []Subscription{}
	for rows.Next() {
		var sub Subscription
		var tags string
		var keep, added, fetched int64
		if err := rows.Scan(&sub.Source, &sub.Title, &tags, &keep, &added, &fetched, &sub.LastError); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(tags), &sub.Tags); err != nil {
			return nil, fmt.Errorf("subscription %s: tags: %w", sub.Source, err)
		}
		sub.N, sub.Keep, sub.Added = len(subs)+1, time.Duration(keep), time.Unix(0, added)
		if fetched != 0 {
			sub.Fetched = time.Unix(0, fetched)
		}
		subs = append(subs, sub)
	}
	return subs, rows.Err()
}

// subscriptionRows returns the subscriptions without their counts.
func (s *Store) subscriptionRows(ctx context.Context) ([]Subscription, error) {
	return scanSubscriptions(s.db.QueryContext(ctx, subscriptionQuery))
}

// Subscriptions returns every subscription in the order added, numbered
// from 1, with the unread and total counts of its stored articles (queued
// read marks included). The counts are read from source_counts (see
// counts.go), not counted: a few rows however many articles are stored;
// subscriptions and counts are one snapshot.
func (s *Store) Subscriptions(ctx context.Context) (_ []Subscription, err error) {
	defer func() {
		if err = s.check(err); err != nil {
			err = fmt.Errorf("store: subscriptions: %w", err)
		}
	}()
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback() }() // it only read
	subs, err := scanSubscriptions(tx.QueryContext(ctx, subscriptionQuery))
	if err != nil || len(subs) == 0 {
		return subs, err
	}
	sc, err := scopeOf(ctx, tx, subs, HeadlineFilter{})
	if err != nil {
		return nil, err
	}
	counts, err := sourceCounts(ctx, tx)
	if err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	at := make(map[string]int, len(subs))
	for i, sub := range subs {
		at[sub.Source] = i
	}
	for id, sub := range sc.subOf {
		c := counts[id]
		i := at[sub.Source]
		subs[i].Total += c.total
		subs[i].Unread += c.total - c.read
	}
	return subs, s.adjustQueuedUnread(ctx, subs, sc)
}

// adjustQueuedUnread corrects the unread counts for queued read marks.
func (s *Store) adjustQueuedUnread(ctx context.Context, subs []Subscription, sc headlineScope) error {
	queued := s.queue.marks()
	if len(queued) == 0 {
		return nil
	}
	keys := make([]ArticleKey, 0, len(queued))
	for k := range queued {
		keys = append(keys, k)
	}
	stored, err := s.storedKeys(ctx, keys)
	if err != nil {
		return err
	}
	written, err := readMarks(ctx, s.db, keys)
	if err != nil {
		return err
	}
	at := make(map[string]int, len(subs))
	for i, sub := range subs {
		at[sub.Source] = i
	}
	for k, read := range queued {
		id, ok := stored[k]
		sub, subscribed := sc.subOf[id]
		if !ok || !subscribed || read == written[k] {
			continue
		}
		if read {
			subs[at[sub.Source]].Unread--
		} else {
			subs[at[sub.Source]].Unread++
		}
	}
	return nil
}

// storedKeys returns the source row of each of keys that is stored.
func (s *Store) storedKeys(ctx context.Context, keys []ArticleKey) (map[ArticleKey]int64, error) {
	pairs := make([][2]string, len(keys))
	for i, k := range keys {
		pairs[i] = [2]string{k.Source, k.ID}
	}
	list, _ := json.Marshal(pairs)
	rows, err := s.db.QueryContext(ctx, `SELECT o.source, a.article_id, a.source_id FROM json_each(?) j
		JOIN sources o ON o.source = j.value->>0
		JOIN articles a ON a.source_id = o.id AND a.article_id = j.value->>1 AND a.staged = 0`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[ArticleKey]int64{}
	for rows.Next() {
		var k ArticleKey
		var id int64
		if err := rows.Scan(&k.Source, &k.ID, &id); err != nil {
			return nil, err
		}
		m[k] = id
	}
	return m, rows.Err()
}

// RemoveSubscription removes the subscription whose source is which, or
// whose number N is which (a decimal number that is not a subscribed
// source), and returns it. Its stored articles, marks and stars are kept:
// retention removes the read ones in time. It wraps [ErrNoSubscription]
// when none matches.
func (s *Store) RemoveSubscription(ctx context.Context, which string) (removed Subscription, err error) {
	err = s.writeTx(ctx, func(tx *sql.Tx) error {
		subs, err := scanSubscriptions(tx.QueryContext(ctx, subscriptionQuery))
		if err != nil {
			return err
		}
		i := slices.IndexFunc(subs, func(sub Subscription) bool { return sub.Source == which })
		if n, nerr := strconv.Atoi(which); i < 0 && nerr == nil && n >= 1 && n <= len(subs) {
			i = n - 1
		}
		if i < 0 {
			return ErrNoSubscription
		}
		removed = subs[i]
		_, err = tx.ExecContext(ctx, "DELETE FROM subscriptions WHERE source = ?", removed.Source)
		return err
	})
	if err != nil {
		return Subscription{}, fmt.Errorf("store: remove %s: %w", feed.Clean(which), err)
	}
	return removed, nil
}

// SetFetchResult records a fetch of the subscribed source: when it
// happened and its error (nil for a success, which clears the last one).
// The error is kept as one cleaned line. A source not subscribed is left
// alone.
func (s *Store) SetFetchResult(ctx context.Context, source string, fetched time.Time, fetchErr error) error {
	msg := ""
	if fetchErr != nil {
		msg = strings.Join(strings.Fields(feed.Clean(fetchErr.Error())), " ")
	}
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE subscriptions SET fetched_at = ?, last_error = ? WHERE source = ?",
			fetched.UnixNano(), msg, source)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: fetch result of %s: %w", source, err)
	}
	return nil
}
