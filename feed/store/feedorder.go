package store

import "context"

// feedOrderRows reads the headlines of the source row named source in
// the order its last save listed them (source_articles), which is the
// order the source gave them and the numbers list gives them, with their
// read and star state (the queue left out).
func feedOrderRows(ctx context.Context, q querier, scope headlineScope, source string) ([]headlineRow, error) {
	rows, err := queryHeadlines(ctx, q, scope.names, false, `SELECT `+headlineCols+`
		FROM sources o JOIN source_articles sa ON sa.source_id = o.id JOIN articles a ON a.id = sa.article
		WHERE o.source = ? AND a.staged = 0 ORDER BY sa.pos`, source)
	if err != nil {
		return nil, err
	}
	return rows, fillStates(ctx, q, rows)
}
