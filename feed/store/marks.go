package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/xinwen-reader/xinwen/feed"
)

// ArticleKey names an article for its read mark: the source it was loaded
// from (the article's Source) and its ID. Two sources using the same ID
// have two marks.
type ArticleKey struct{ Source, ID string }

// KeyOf returns the key of a's read mark.
func KeyOf(a *feed.Article) ArticleKey { return ArticleKey{Source: a.Source, ID: a.ID} }

// SetRead marks the article with the given key read or unread. The key
// need not belong to a stored article, and a mark outlives any later save
// of the article. The write is queued (see queue.go): when another
// connection or process holds the write lock, it is written as soon as the
// lock frees, and the last state of a mark wins; SetRead waits for it a
// moment (writeWait) and returns nil when it is written or still waiting
// for the lock. Reads by this Store see the new state at once.
func (s *Store) SetRead(ctx context.Context, key ArticleKey, read bool) error {
	if err := s.enqueue(ctx, write{isMark: true, key: key, read: read}); err != nil {
		return fmt.Errorf("store: mark %s: %w", key.ID, err)
	}
	return nil
}

// ToggleRead flips the read mark of the article with the given key and
// returns the new state. Two goroutines of one Store toggling at once each
// flip it; another process toggling the same mark at the same moment may
// be overwritten (the last write wins).
func (s *Store) ToggleRead(ctx context.Context, key ArticleKey) (read bool, err error) {
	s.toggle.Lock()
	defer s.toggle.Unlock()
	marks, err := s.ReadMarks(ctx, []ArticleKey{key})
	if err != nil {
		return false, err
	}
	read = !marks[key]
	return read, s.SetRead(ctx, key, read)
}

// ReadMarks reports which of keys are marked read: the map holds true for
// each read article and nothing for the others, so m[key] is the answer. It
// costs one indexed look-up per key (a few milliseconds for 10,000) and
// reads no article.
func (s *Store) ReadMarks(ctx context.Context, keys []ArticleKey) (map[ArticleKey]bool, error) {
	read, err := readMarks(ctx, s.db, keys)
	if err = s.check(err); err != nil {
		return nil, fmt.Errorf("store: read marks: %w", err)
	}
	if queued := s.queue.marks(); len(queued) > 0 {
		asked := make(map[ArticleKey]bool, len(keys))
		for _, k := range keys {
			asked[k] = true
		}
		for k, r := range queued {
			switch {
			case !asked[k]:
			case r:
				read[k] = true
			default:
				delete(read, k)
			}
		}
	}
	return read, nil
}

// readMarks is ReadMarks without the queue: one statement with the keys as
// a JSON array, so no limit on their number and one snapshot.
func readMarks(ctx context.Context, db *sql.DB, keys []ArticleKey) (map[ArticleKey]bool, error) {
	return keysIn(ctx, db, "read_marks", keys)
}

// Unread returns the articles not marked read, in their order. The slice
// is new; the articles are copies of those given.
func (s *Store) Unread(ctx context.Context, articles []feed.Article) ([]feed.Article, error) {
	keys := make([]ArticleKey, len(articles))
	for i := range articles {
		keys[i] = KeyOf(&articles[i])
	}
	read, err := s.ReadMarks(ctx, keys)
	if err != nil {
		return nil, err
	}
	unread := make([]feed.Article, 0, len(articles))
	for i := range articles {
		if !read[keys[i]] {
			unread = append(unread, articles[i])
		}
	}
	return unread, nil
}
