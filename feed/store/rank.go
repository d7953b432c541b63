package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
)

// Ranking. The index keeps no positions or counts (detail=none), so
// FTS5's own bm25() has nothing to count and scores every article 0.
// Search ranks the window itself with the same BM25 formula:
//
//	score = Σ over terms  idf · tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen))
//
// where tf is how often the term occurs in the article, read from the
// count marks (1, 2 or 4 for one, two or three, four or more), len is the size of the
// stored article and avglen the mean size in the window, and idf is how
// rare the term is among the newest idfSample articles. A query of one
// term needs no idf: it scales every score alike.

// BM25 parameters, the values FTS5's bm25() uses.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// idfSample is how many of the newest articles the rarity of a term is
// measured over: counting a common term's articles costs about a
// microsecond per article.
const idfSample = 10_000

// candidate is an article of the search window.
type candidate struct {
	id     int64
	length float64
	tf     []float64 // by term
	score  float64
}

// rank returns the row ids of the window of articles matching q, best
// first.
func rank(ctx context.Context, tx *sql.Tx, q searchQuery) ([]int64, error) {
	match := q.match()
	cands, err := window(ctx, tx, match, len(q.terms))
	if err != nil || len(cands) == 0 {
		return nil, err
	}
	byID := make(map[int64]*candidate, len(cands))
	lowest := cands[0].id
	var total float64
	for i := range cands {
		byID[cands[i].id] = &cands[i]
		lowest = min(lowest, cands[i].id)
		total += cands[i].length
	}
	avg := max(total/float64(len(cands)), 1)
	idf, err := rarity(ctx, tx, q)
	if err != nil {
		return nil, err
	}
	for i, term := range q.terms {
		for _, m := range countMarks {
			marked := fmt.Sprintf("%s AND %s", match, quote(fmt.Sprintf("%s%s%d", term, countMark, m)))
			ids, err := rowIDs(ctx, tx, "SELECT rowid FROM search WHERE search MATCH ? AND rowid >= ?", marked, lowest)
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				if c := byID[id]; c != nil {
					c.tf[i] = float64(m)
				}
			}
		}
	}
	for i := range cands {
		c := &cands[i]
		norm := bm25K1 * (1 - bm25B + bm25B*c.length/avg)
		for t, tf := range c.tf {
			c.score += idf[t] * tf * (bm25K1 + 1) / (tf + norm)
		}
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return cmp.Compare(b.id, a.id)
	})
	ids := make([]int64, len(cands))
	for i, c := range cands {
		ids[i] = c.id
	}
	return ids, nil
}

// window returns the searchWindow newest articles matching match, with
// their sizes and every term counted once.
func window(ctx context.Context, tx *sql.Tx, match string, terms int) ([]candidate, error) {
	rows, err := tx.QueryContext(ctx, `
		SELECT w.rowid, length(a.data)
		FROM (SELECT rowid FROM search WHERE search MATCH ?
			ORDER BY rowid DESC LIMIT `+fmt.Sprint(searchWindow)+`) w
		JOIN articles a ON a.id = w.rowid AND a.staged = 0`, match)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var cands []candidate
	for rows.Next() {
		c := candidate{tf: make([]float64, terms)}
		if err := rows.Scan(&c.id, &c.length); err != nil {
			return nil, err
		}
		for i := range c.tf {
			c.tf[i] = 1
		}
		cands = append(cands, c)
	}
	return cands, rows.Err()
}

// rarity returns the BM25 idf of each term of q, measured over the newest
// idfSample articles, as FTS5 computes it (never below 1e-6). With one term
// it returns 1: the ranking does not depend on it.
func rarity(ctx context.Context, tx *sql.Tx, q searchQuery) ([]float64, error) {
	idf := make([]float64, len(q.terms))
	if len(q.terms) == 1 {
		idf[0] = 1
		return idf, nil
	}
	var newest int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM articles").Scan(&newest); err != nil {
		return nil, err
	}
	// Row ids of articles are never reused and few are deleted (a changed
	// article gets a new row), so the newest idfSample articles are about
	// the rows above newest-idfSample.
	from := newest - idfSample
	n := float64(min(newest, idfSample))
	for i, term := range q.terms {
		var count float64
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM search WHERE search MATCH ? AND rowid > ?",
			termMatch(term), from).Scan(&count); err != nil {
			return nil, err
		}
		idf[i] = max(math.Log((n-count+0.5)/(count+0.5)), 1e-6)
	}
	return idf, nil
}

// rowIDs runs a query of row ids.
func rowIDs(ctx context.Context, tx *sql.Tx, query string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
