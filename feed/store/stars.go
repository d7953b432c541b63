package store

import (
	"context"
	"encoding/json"
	"fmt"
)

// SetStarred stars the article with the given key, or takes its star away.
// A star is kept forever, apart from the article's rows like a read mark,
// and keeps the article from retention ([Store.Prune]). The write is
// queued as [Store.SetRead]'s is, with the same guarantees.
func (s *Store) SetStarred(ctx context.Context, key ArticleKey, starred bool) error {
	if err := s.enqueue(ctx, write{isStar: true, key: key, read: starred}); err != nil {
		return fmt.Errorf("store: star %s: %w", key.ID, err)
	}
	return nil
}

// ToggleStarred flips the star of the article with the given key and
// returns the new state, as [Store.ToggleRead] does for read marks.
func (s *Store) ToggleStarred(ctx context.Context, key ArticleKey) (starred bool, err error) {
	s.toggle.Lock()
	defer s.toggle.Unlock()
	stars, err := s.Stars(ctx, []ArticleKey{key})
	if err != nil {
		return false, err
	}
	starred = !stars[key]
	return starred, s.SetStarred(ctx, key, starred)
}

// Stars reports which of keys are starred, queued stars included: the map
// holds true for each starred article and nothing for the others.
func (s *Store) Stars(ctx context.Context, keys []ArticleKey) (map[ArticleKey]bool, error) {
	out := make(map[ArticleKey]bool)
	if len(keys) > 0 {
		pairs := make([][2]string, len(keys))
		for i, k := range keys {
			pairs[i] = [2]string{k.Source, k.ID}
		}
		list, _ := json.Marshal(pairs)
		rows, err := s.db.QueryContext(ctx, `SELECT st.source, st.article_id FROM json_each(?) j
			JOIN stars st ON st.source = j.value->>0 AND st.article_id = j.value->>1`, string(list))
		if err = s.check(err); err != nil {
			return nil, fmt.Errorf("store: stars: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var k ArticleKey
			if err := rows.Scan(&k.Source, &k.ID); err != nil {
				return nil, fmt.Errorf("store: stars: %w", err)
			}
			out[k] = true
		}
		if err := s.check(rows.Err()); err != nil {
			return nil, fmt.Errorf("store: stars: %w", err)
		}
	}
	asked := make(map[ArticleKey]bool, len(keys))
	for _, k := range keys {
		asked[k] = true
	}
	for k, st := range s.queue.stars() {
		switch {
		case !asked[k]:
		case st:
			out[k] = true
		default:
			delete(out, k)
		}
	}
	return out, nil
}
