package store

import (
	"context"
	"fmt"
)

// SourceIDs returns the IDs of the articles in source's offline copy (the
// articles [Store.SourceArticles] returns), without decoding any: what a
// refresh compares the new articles with to count the new ones. A source
// never saved gives an empty set.
func (s *Store) SourceIDs(ctx context.Context, source string) (_ map[string]bool, err error) {
	defer func() {
		if err = s.check(err); err != nil {
			err = fmt.Errorf("store: articles of %s: %w", source, err)
		}
	}()
	rows, err := s.db.QueryContext(ctx, `SELECT a.article_id FROM sources s
		JOIN source_articles sa ON sa.source_id = s.id
		JOIN articles a ON a.id = sa.article
		WHERE s.source = ? AND s.saved_at IS NOT NULL`, source)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids[id] = true
	}
	return ids, rows.Err()
}
