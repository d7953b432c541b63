package store

import (
	"context"
	"database/sql"
	"errors"
)

// feedOrderRows reads the headlines of the source row named source in
// the order its last save listed them (source_articles), which is the
// order the source gave them and the numbers list gives them, with their
// read and star state (the queue left out). The headlines come from the
// covering index of the source's rows (a feed of 10,000 reads no body)
// and are put in the list's order here; a list that holds rows of other
// sources (a directory's files) is read through the list itself.
//
// The rows are read into a slice made once for the whole list, and put in
// order by their place in it rather than sorted: for a feed of 10,000,
// growing the slice as rows came (copying 2.8 MB again and again, while
// the collector waited to stop the goroutine doing it) and the sort took
// half of `xinwen list URL` at 304, 30 of 60 ms.
func feedOrderRows(ctx context.Context, q querier, scope headlineScope, source string) ([]headlineRow, error) {
	var id int64
	err := q.QueryRowContext(ctx, "SELECT id FROM sources WHERE source = ?", source).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil // a source never saved has no headlines
	}
	if err != nil {
		return nil, err
	}
	place, n, err := memberPlaces(ctx, q, id)
	if err != nil {
		return nil, err
	}
	rows, err := queryHeadlines(ctx, q, scope.names, false, make([]headlineRow, 0, n), `SELECT `+headlineCols+`
		FROM articles a WHERE a.staged = 0 AND a.source_id = ? ORDER BY a.published DESC, a.id DESC`, id)
	if err != nil {
		return nil, err
	}
	ordered, placed := inListOrder(rows, place, n)
	if placed != n {
		// Members of other sources: read them through the list.
		if ordered, err = queryHeadlines(ctx, q, scope.names, false, ordered[:0], `SELECT `+headlineCols+`
			FROM source_articles sa JOIN articles a ON a.id = sa.article
			WHERE sa.source_id = ? AND a.staged = 0 ORDER BY sa.pos`, id); err != nil {
			return nil, err
		}
	}
	return ordered, fillStates(ctx, q, ordered)
}

// memberPlaces returns, for each article row in the list of the source
// row id, its place in the list (0 to n-1), and n.
func memberPlaces(ctx context.Context, q querier, id int64) (place map[int64]int, n int, err error) {
	var total int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM source_articles WHERE source_id = ?", id).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := q.QueryContext(ctx, "SELECT article FROM source_articles WHERE source_id = ? ORDER BY pos", id)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	place = make(map[int64]int, total)
	for rows.Next() {
		var article int64
		if err := rows.Scan(&article); err != nil {
			return nil, 0, err
		}
		place[article] = n
		n++
	}
	return place, n, rows.Err()
}

// inListOrder puts rows in their places in the list (place, of n rows) and
// returns them with how many were placed; a row not in the list is
// dropped. When every row has a place, they are moved where they are (a
// cycle of swaps), which costs no second slice: filling a fresh one of
// 10,000 rows took 4.7 ms, most of it the first touch of its memory.
func inListOrder(rows []headlineRow, place map[int64]int, n int) ([]headlineRow, int) {
	to := make([]int32, len(rows))
	placed := 0
	for i := range rows {
		to[i] = -1
		if at, ok := place[rows[i].row]; ok {
			to[i] = int32(at)
			placed++
		}
	}
	if placed != len(rows) || len(rows) != n {
		ordered := make([]headlineRow, n)
		for i := range rows {
			if to[i] >= 0 {
				ordered[to[i]] = rows[i]
			}
		}
		return ordered, placed
	}
	for i := range rows {
		for int(to[i]) != i {
			j := to[i]
			rows[i], rows[j] = rows[j], rows[i]
			to[i], to[j] = to[j], to[i]
		}
	}
	return rows, placed
}
