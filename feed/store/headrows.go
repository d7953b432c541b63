package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"
)

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// headlineRow is a headline as read, before the queued marks, the
// filters and the names are applied.
type headlineRow struct {
	h           Headline // Key, titles, Link, Read and Starred
	row, source int64    // the article's and its source's rows
	published   int64    // Unix seconds, 0 when unknown
	langs       int
	offset      int    // the published time's UTC offset in seconds
	zoned       bool   // whether offset is known
	feed        string // the feed's own title
}

// A headline's text columns are read as one, joined by unitSep: each
// column costs the driver a call, an allocation and a copy, and five of
// them cost three times what the row's other work does. The parts are
// substrings of the one string read. A row whose text holds unitSep
// itself is read again column by column (columnsOf).
const (
	unitSep       = "\x1f"
	headlineText  = `a.article_id || x'1f' || a.title_zh || x'1f' || a.title_en || x'1f' || a.feed || x'1f' || a.link`
	headlineParts = 5
	headlineCols  = "a.id, a.source_id, a.published, " + langsAndOffset + ", " + headlineText
)

// queryHeadlines runs query, whose columns are headlineCols followed by
// the read and starred flags when withState, and appends its rows to dst,
// naming their sources by names. A caller that knows how many rows come
// gives a dst with room for them.
func queryHeadlines(ctx context.Context, q querier, names map[int64]string, withState bool, dst []headlineRow, query string, args ...any) ([]headlineRow, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return readHeadlines(ctx, q, names, withState, dst, rows)
}

// readHeadlines appends the rows of a query of queryHeadlines to dst and
// closes them.
func readHeadlines(ctx context.Context, q querier, names map[int64]string, withState bool, dst []headlineRow, rows *sql.Rows) ([]headlineRow, error) {
	defer rows.Close()
	var joined string
	var langs int64
	var unsplit []int // rows whose text holds unitSep
	for rows.Next() {
		var r headlineRow
		dest := []any{&r.row, &r.source, &r.published, &langs, &joined}
		if withState {
			dest = append(dest, &r.h.Read, &r.h.Starred)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		r.langs, r.offset, r.zoned = splitLangs(langs)
		r.h.Key.Source = names[r.source]
		if strings.Count(joined, unitSep) == headlineParts-1 {
			var rest string
			r.h.Key.ID, rest, _ = strings.Cut(joined, unitSep)
			r.h.TitleZH, rest, _ = strings.Cut(rest, unitSep)
			r.h.TitleEN, rest, _ = strings.Cut(rest, unitSep)
			r.feed, r.h.Link, _ = strings.Cut(rest, unitSep)
		} else {
			unsplit = append(unsplit, len(dst))
		}
		dst = append(dst, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for _, i := range unsplit {
		if err := columnsOf(ctx, q, &dst[i]); err != nil {
			return nil, err
		}
	}
	return dst, nil
}

// columnsOf reads the text of r's row column by column.
func columnsOf(ctx context.Context, q querier, r *headlineRow) error {
	rows, err := q.QueryContext(ctx, "SELECT article_id, title_zh, title_en, feed, link FROM articles WHERE id = ?", r.row)
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		if err := rows.Scan(&r.h.Key.ID, &r.h.TitleZH, &r.h.TitleEN, &r.feed, &r.h.Link); err != nil {
			return err
		}
	}
	return rows.Err()
}

// newestFirst orders rows as a list shows them: newest first, undated
// ones last, the later stored first among equals.
func newestFirst(a, b headlineRow) int {
	return cmp.Or(cmp.Compare(b.published, a.published), cmp.Compare(b.row, a.row))
}

// scopeRows reads the headlines of every source row of scope, with
// their read and star state (queue left out), and the order that puts
// them newest first (nil when they are). Each source is read apart,
// through its index in published order, with one prepared statement; the
// lists are then merged.
func scopeRows(ctx context.Context, q querier, scope headlineScope) ([]headlineRow, []int32, error) {
	list, err := json.Marshal(scope.ids)
	if err != nil {
		return nil, nil, err
	}
	var total int // how many there are, to allocate once
	if err := q.QueryRowContext(ctx, "SELECT coalesce(sum(total), 0) FROM source_counts WHERE source_id IN (SELECT value FROM json_each(?))",
		string(list)).Scan(&total); err != nil {
		return nil, nil, err
	}
	stmt, err := q.PrepareContext(ctx, `SELECT `+headlineCols+`
		FROM articles a WHERE a.staged = 0 AND a.source_id = ? ORDER BY a.published DESC, a.id DESC`)
	if err != nil {
		return nil, nil, err
	}
	defer stmt.Close()
	all := make([]headlineRow, 0, total)
	ends := make([]int, 0, len(scope.ids))
	for _, id := range scope.ids {
		rows, err := stmt.QueryContext(ctx, id)
		if err == nil {
			all, err = readHeadlines(ctx, q, scope.names, false, all, rows)
		}
		if err != nil {
			return nil, nil, err
		}
		ends = append(ends, len(all))
	}
	return all, mergeNewest(all, ends), fillStates(ctx, q, all)
}

// mergeNewest returns the order of rows newest first, where rows is made
// of runs each newest first, the ith ending at ends[i]; nil when there is
// one run. Merging moves no row, where sorting moved each a dozen times.
func mergeNewest(rows []headlineRow, ends []int) []int32 {
	type run struct{ at, end int }
	var heap []run
	start := 0
	for _, end := range ends {
		if end > start {
			heap = append(heap, run{start, end})
		}
		start = end
	}
	if len(heap) <= 1 {
		return nil
	}
	less := func(i, j int) bool { return newestFirst(rows[heap[i].at], rows[heap[j].at]) < 0 }
	down := func(i int) {
		for {
			c := 2*i + 1
			if c >= len(heap) {
				return
			}
			if c+1 < len(heap) && less(c+1, c) {
				c++
			}
			if !less(c, i) {
				return
			}
			heap[i], heap[c] = heap[c], heap[i]
			i = c
		}
	}
	for i := len(heap)/2 - 1; i >= 0; i-- {
		down(i)
	}
	order := make([]int32, 0, len(rows))
	for len(heap) > 0 {
		order = append(order, int32(heap[0].at))
		if heap[0].at++; heap[0].at == heap[0].end {
			heap[0] = heap[len(heap)-1]
			heap = heap[:len(heap)-1]
		}
		down(0)
	}
	return order
}

// newestRows reads the first f.Limit headlines of scope, newest first,
// with their state, and the order that puts them newest first (nil when
// they are). With unreadInGo (writes are queued that the Unread filter
// must see), it reads them all without that filter, for the caller to
// apply after the queue. A scope of most sources is read through the
// index of all headlines in published order, which stops at the limit; a
// narrower one source by source, each through its own index and limit.
func newestRows(ctx context.Context, q querier, scope headlineScope, f HeadlineFilter, unreadInGo bool) ([]headlineRow, []int32, error) {
	list, err := json.Marshal(scope.ids)
	if err != nil {
		return nil, nil, err
	}
	from := "articles a JOIN sources o ON o.id = a.source_id WHERE a.staged = 0 AND a.source_id = ?"
	wide := 2*len(scope.ids) >= len(scope.names)
	if wide {
		from = `articles a INDEXED BY articles_published JOIN sources o ON o.id = a.source_id
			WHERE a.staged = 0 AND a.source_id IN (SELECT value FROM json_each(?))`
	}
	query := `SELECT ` + headlineCols + `,
		EXISTS (SELECT 1 FROM read_marks m WHERE m.source = o.source AND m.article_id = a.article_id),
		EXISTS (SELECT 1 FROM stars st WHERE st.source = o.source AND st.article_id = a.article_id)
		FROM ` + from
	if f.Unread && !unreadInGo {
		query += " AND NOT EXISTS (SELECT 1 FROM read_marks m WHERE m.source = o.source AND m.article_id = a.article_id)"
	}
	query += " ORDER BY a.published DESC, a.id DESC"
	limit := -1 // all
	if !f.Unread || !unreadInGo {
		limit = f.Limit
	}
	query += " LIMIT ?"
	if wide {
		rows, err := queryHeadlines(ctx, q, scope.names, true, nil, query, string(list), limit)
		return rows, nil, err
	}
	stmt, err := q.PrepareContext(ctx, query)
	if err != nil {
		return nil, nil, err
	}
	defer stmt.Close()
	var all []headlineRow
	ends := make([]int, 0, len(scope.ids))
	for _, id := range scope.ids {
		rows, err := stmt.QueryContext(ctx, id, limit)
		if err == nil {
			all, err = readHeadlines(ctx, q, scope.names, true, all, rows)
		}
		if err != nil {
			return nil, nil, err
		}
		ends = append(ends, len(all))
	}
	return all, mergeNewest(all, ends), nil
}

// starredRows reads the headlines of the starred articles, and of those
// whose star is still queued, newest first with their state: of scope's
// source rows when restrict, else of all. It starts from the stars, not
// from the articles.
func starredRows(ctx context.Context, q querier, scope headlineScope, restrict bool, queued map[ArticleKey]bool) ([]headlineRow, error) {
	rows, err := queryHeadlines(ctx, q, scope.names, false, nil, `SELECT `+headlineCols+`
		FROM stars st CROSS JOIN sources o CROSS JOIN articles a
		WHERE o.source = st.source AND a.source_id = o.id AND a.article_id = st.article_id AND a.staged = 0`)
	if err != nil {
		return nil, err
	}
	var pairs [][2]string
	for k, starred := range queued {
		if starred {
			pairs = append(pairs, [2]string{k.Source, k.ID})
		}
	}
	if len(pairs) > 0 {
		list, err := json.Marshal(pairs)
		if err != nil {
			return nil, err
		}
		more, err := queryHeadlines(ctx, q, scope.names, false, nil, `SELECT `+headlineCols+`
			FROM json_each(?) j JOIN sources o ON o.source = j.value->>0
			JOIN articles a ON a.source_id = o.id AND a.article_id = j.value->>1 AND a.staged = 0`, string(list))
		if err != nil {
			return nil, err
		}
		rows = append(rows, more...)
	}
	inScope := make(map[int64]bool, len(scope.ids))
	for _, id := range scope.ids {
		inScope[id] = true
	}
	seen := make(map[int64]bool, len(rows))
	rows = slices.DeleteFunc(rows, func(r headlineRow) bool {
		drop := seen[r.row] || restrict && !inScope[r.source]
		seen[r.row] = true
		return drop
	})
	slices.SortFunc(rows, newestFirst)
	return rows, fillStates(ctx, q, rows)
}

// fillStates sets the read and star state of rows from the database (the
// queue left out). For the sources of which rows hold a quarter or more of
// the stored articles (all of a feed, say), every mark and star of the
// source is read in one range of the table's key, a tenth of the cost of
// a look-up each; the other rows (the starred of many sources, say) are
// looked up by key.
func fillStates(ctx context.Context, q querier, rows []headlineRow) error {
	counts, err := sourceCounts(ctx, q)
	if err != nil {
		return err
	}
	perSource := map[int64]int{}
	name := map[int64]string{}
	for i := range rows {
		perSource[rows[i].source]++
		name[rows[i].source] = rows[i].h.Key.Source
	}
	var sources []string // read whole
	whole := map[int64]bool{}
	for id, n := range perSource {
		if n >= 64 && 4*n >= counts[id].total {
			whole[id] = true
			sources = append(sources, name[id])
		}
	}
	var keys []ArticleKey // looked up
	for i := range rows {
		if !whole[rows[i].source] {
			keys = append(keys, rows[i].h.Key)
		}
	}
	readIDs, err := idsOf(ctx, q, "read_marks", sources)
	if err != nil {
		return err
	}
	starredIDs, err := idsOf(ctx, q, "stars", sources)
	if err != nil {
		return err
	}
	read, err := keysIn(ctx, q, "read_marks", keys)
	if err != nil {
		return err
	}
	starred, err := keysIn(ctx, q, "stars", keys)
	if err != nil {
		return err
	}
	for i := range rows {
		k := rows[i].h.Key
		if whole[rows[i].source] {
			rows[i].h.Read, rows[i].h.Starred = readIDs[k.Source][k.ID], starredIDs[k.Source][k.ID]
		} else {
			rows[i].h.Read, rows[i].h.Starred = read[k], starred[k]
		}
	}
	return nil
}

// keysIn reports which of keys have a row in table, read_marks or stars.
func keysIn(ctx context.Context, q querier, table string, keys []ArticleKey) (map[ArticleKey]bool, error) {
	out := map[ArticleKey]bool{}
	if len(keys) == 0 {
		return out, nil
	}
	pairs := make([][2]string, len(keys))
	for i, k := range keys {
		pairs[i] = [2]string{k.Source, k.ID}
	}
	list, err := json.Marshal(pairs)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT t.source, t.article_id FROM json_each(?) j
		JOIN `+table+` t ON t.source = j.value->>0 AND t.article_id = j.value->>1`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k ArticleKey
		if err := rows.Scan(&k.Source, &k.ID); err != nil {
			return nil, err
		}
		out[k] = true
	}
	return out, rows.Err()
}

// idsOf returns, by source, the article IDs that have a row in table,
// read_marks or stars, for each of sources: one range of the table's
// primary key per source.
func idsOf(ctx context.Context, q querier, table string, sources []string) (map[string]map[string]bool, error) {
	stmt, err := q.PrepareContext(ctx, "SELECT article_id FROM "+table+" WHERE source = ?")
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	out := make(map[string]map[string]bool, len(sources))
	for _, source := range sources {
		rows, err := stmt.QueryContext(ctx, source)
		if err != nil {
			return nil, err
		}
		ids := map[string]bool{}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			ids[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		out[source] = ids
	}
	return out, nil
}
