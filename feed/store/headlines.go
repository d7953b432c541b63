package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// Headline is what a list shows of a stored article, read from columns kept
// apart from its body: a list of 10,000 headlines decodes no article. Get
// the body with [Store.Article].
type Headline struct {
	// Key is the article's key for [Store.Article], read marks and stars.
	Key     ArticleKey
	TitleZH string // "" when the article has no Chinese title
	TitleEN string // "" when the article has no English title
	// Languages is "zh+en", "zh" or "en", as [feed.Article.Languages].
	Languages string
	// Published is the zero time when unknown; otherwise at the offset the
	// feed gave it (in local time for an article stored without one).
	Published time.Time
	// Feed is the name to show for the article's feed: its subscription's
	// title, else the feed's own title, else the source.
	Feed string
	// Subscription is the source of the subscription the article belongs
	// to, "" for an article of no subscription (a starred one, say).
	Subscription string
	Link         string
	Read         bool
	Starred      bool
}

// Title returns the Chinese title when there is one, else the English, as
// [feed.Article.Title].
func (h *Headline) Title() string {
	if h.TitleZH != "" {
		return h.TitleZH
	}
	return h.TitleEN
}

// HeadlineFilter says which headlines [Store.Headlines] returns. The zero
// value asks for every headline of every subscription.
type HeadlineFilter struct {
	// Feed, when set, is the source of one subscription (as listed by
	// [Store.Subscriptions]) or of any saved source: only its headlines.
	Feed string
	// Tag, when set, keeps the subscriptions with that tag.
	Tag string
	// Unread keeps the articles not marked read.
	Unread bool
	// Starred keeps the starred articles, of any source, subscribed or
	// not; Feed and Tag narrow it further when set.
	Starred bool
	// InFeedOrder, with Feed, returns the source's headlines in the order
	// its last save listed them (the order the source gave them, as list
	// numbers them) instead of newest first: a feed that answers 304 is
	// listed from them as it would have been from its offline copy.
	InFeedOrder bool
	// Limit caps how many are returned (0: all), newest first, so a first
	// screen costs a few milliseconds however many are stored.
	Limit int
}

// Headlines returns the stored headlines that f selects, newest first
// (undated ones last), each with the feed's name and its read and star
// state, including marks and stars still queued. A source of a
// subscription covers the articles saved under it and, for a directory,
// under the files in it. What it reads of the database is one snapshot.
func (s *Store) Headlines(ctx context.Context, f HeadlineFilter) (_ []Headline, err error) {
	defer func() {
		if err = s.check(err); err != nil {
			err = fmt.Errorf("store: headlines: %w", err)
		}
	}()
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback() }() // it only read
	subs, err := scanSubscriptions(tx.QueryContext(ctx, subscriptionQuery))
	if err != nil {
		return nil, err
	}
	scope, err := scopeOf(ctx, tx, subs, f)
	if err != nil {
		return nil, err
	}
	// Starred alone reaches every source; anything else only the scope.
	restrict := !f.Starred || f.Feed != "" || f.Tag != ""
	if restrict && len(scope.ids) == 0 {
		return []Headline{}, nil
	}
	queued := s.queue.marks()
	queuedStars := s.queue.stars()
	var rows []headlineRow
	var order []int32 // of rows, newest first; nil when they are
	switch {
	case f.InFeedOrder && f.Feed != "":
		rows, err = feedOrderRows(ctx, tx, scope, f.Feed)
	case f.Starred:
		rows, err = starredRows(ctx, tx, scope, restrict, queuedStars)
	case f.Limit > 0:
		// The Unread filter goes into SQL unless queued marks could
		// change its answer; then it is applied below.
		rows, order, err = newestRows(ctx, tx, scope, f, len(queued) > 0)
	default:
		rows, order, err = scopeRows(ctx, tx, scope)
	}
	if err != nil {
		return nil, err
	}
	out := make([]Headline, 0, len(rows))
	for j := range rows {
		r := &rows[j]
		if order != nil {
			r = &rows[order[j]]
		}
		h := &r.h
		if read, ok := queued[h.Key]; ok {
			h.Read = read
		}
		if st, ok := queuedStars[h.Key]; ok {
			h.Starred = st
		}
		if f.Unread && h.Read || f.Starred && !h.Starred {
			continue
		}
		h.TitleZH, h.TitleEN, h.Link = printable(h.TitleZH), printable(h.TitleEN), printable(h.Link)
		h.Languages = langName(r.langs)
		if r.published != 0 {
			h.Published = publishedAt(r.published, r.offset, r.zoned)
		}
		sub, ok := scope.subOf[r.source]
		if ok {
			h.Subscription = sub.Source
		}
		h.Feed = firstOf(sub.Title, printable(r.feed), strings.TrimSuffix(h.Key.Source, "/"))
		out = append(out, *h)
		if f.Limit > 0 && len(out) == f.Limit {
			break
		}
	}
	return out, nil
}

// headlineScope is which source rows a filter covers, the subscription
// of each, and the name of every source row.
type headlineScope struct {
	ids   []int64
	subOf map[int64]Subscription
	names map[int64]string
}

// scope finds the source rows of the subscriptions f selects (or of f.Feed
// alone when no subscription has that source). A subscription covers its
// source's row and the rows of paths inside it.
func (s *Store) scope(ctx context.Context, f HeadlineFilter) (headlineScope, error) {
	subs, err := s.subscriptionRows(ctx)
	if err != nil {
		return headlineScope{}, err
	}
	return scopeOf(ctx, s.db, subs, f)
}

// scopeOf is scope with the subscriptions already read, reading through q.
func scopeOf(ctx context.Context, q querier, subs []Subscription, f HeadlineFilter) (headlineScope, error) {
	sc := headlineScope{subOf: map[int64]Subscription{}, names: map[int64]string{}}
	rows, err := q.QueryContext(ctx, "SELECT id, source FROM sources")
	if err != nil {
		return sc, err
	}
	defer rows.Close()
	idx := newSubscriptionIndex(subs)
	for rows.Next() {
		var id int64
		var source string
		if err := rows.Scan(&id, &source); err != nil {
			return sc, err
		}
		sc.names[id] = source
		sub, ok := idx.of(source)
		if ok {
			sc.subOf[id] = sub
		}
		switch {
		case f.Feed != "" && ok:
			ok = sub.Source == f.Feed
		case f.Feed != "":
			ok = source == f.Feed || covers(f.Feed, source)
		}
		if ok && f.Tag != "" {
			ok = hasTag(sub.Tags, f.Tag)
		}
		if ok {
			sc.ids = append(sc.ids, id)
		}
	}
	return sc, rows.Err()
}

// covers reports whether path is inside the directory dir. URLs cover
// nothing but themselves.
func covers(dir, path string) bool {
	if isURL(dir) || dir == "-" {
		return false
	}
	dir = strings.TrimSuffix(dir, "/")
	return strings.HasPrefix(path, dir+"/")
}

func hasTag(tags []string, tag string) bool {
	for _, t := range tags {
		if t == tag {
			return true
		}
	}
	return false
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// Language bits of the langs column.
const (
	langZH = 1
	langEN = 2
)

func langsOf(a *feed.Article) int {
	n := 0
	if a.ZH != nil {
		n |= langZH
	}
	if a.EN != nil {
		n |= langEN
	}
	return n
}

func langName(langs int) string {
	switch langs {
	case langZH | langEN:
		return "zh+en"
	case langZH:
		return "zh"
	default:
		return "en"
	}
}

func titleOf(v *feed.Version) string {
	if v == nil {
		return ""
	}
	return v.Title
}

// Article returns the stored article with the given key, decoding its body;
// ok is false when none is stored.
func (s *Store) Article(ctx context.Context, key ArticleKey) (_ feed.Article, ok bool, err error) {
	var data []byte
	err = s.check(s.db.QueryRowContext(ctx, `SELECT a.data FROM articles a JOIN sources o ON o.id = a.source_id
		WHERE o.source = ? AND a.article_id = ? AND a.staged = 0`, key.Source, key.ID).Scan(&data))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return feed.Article{}, false, nil
	case err != nil:
		return feed.Article{}, false, fmt.Errorf("store: article %s: %w", key.ID, err)
	}
	a, err := decode(data, key.Source)
	if err != nil {
		return feed.Article{}, false, fmt.Errorf("store: article %s: %w", key.ID, err)
	}
	return a, true, nil
}
