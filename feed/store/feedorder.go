package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
)

// feedOrderRows reads the headlines of the source row named source in
// the order its last save listed them (source_articles), which is the
// order the source gave them and the numbers list gives them, with their
// read and star state (the queue left out). The headlines come from the
// covering index of the source's rows (a feed of 10,000 reads no body)
// and are put in the list's order here; a list that holds rows of other
// sources (a directory's files) is read through the list itself.
func feedOrderRows(ctx context.Context, q querier, scope headlineScope, source string) ([]headlineRow, error) {
	var id int64
	err := q.QueryRowContext(ctx, "SELECT id FROM sources WHERE source = ?", source).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil // a source never saved has no headlines
	}
	if err != nil {
		return nil, err
	}
	pos, err := memberPositions(ctx, q, id)
	if err != nil {
		return nil, err
	}
	rows, err := queryHeadlines(ctx, q, scope.names, false, `SELECT `+headlineCols+`
		FROM articles a WHERE a.staged = 0 AND a.source_id = ? ORDER BY a.published DESC, a.id DESC`, id)
	if err != nil {
		return nil, err
	}
	rows = slices.DeleteFunc(rows, func(r headlineRow) bool { _, ok := pos[r.row]; return !ok })
	if len(rows) != len(pos) {
		// Members of other sources: read them through the list.
		if rows, err = queryHeadlines(ctx, q, scope.names, false, `SELECT `+headlineCols+`
			FROM source_articles sa JOIN articles a ON a.id = sa.article
			WHERE sa.source_id = ? AND a.staged = 0 ORDER BY sa.pos`, id); err != nil {
			return nil, err
		}
	} else {
		slices.SortFunc(rows, func(a, b headlineRow) int { return cmp.Compare(pos[a.row], pos[b.row]) })
	}
	return rows, fillStates(ctx, q, rows)
}

// memberPositions returns the position of each article row in the list
// of the source row id.
func memberPositions(ctx context.Context, q querier, id int64) (map[int64]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT article, pos FROM source_articles WHERE source_id = ?", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	pos := map[int64]int64{}
	for rows.Next() {
		var article, p int64
		if err := rows.Scan(&article, &p); err != nil {
			return nil, err
		}
		pos[article] = p
	}
	return pos, rows.Err()
}
