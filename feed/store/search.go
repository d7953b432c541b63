package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/xinwen-reader/xinwen/feed"
)

// searchQuery is what the user typed, as index terms (see index.go).
type searchQuery struct {
	// terms must all be in an article: words, single Han characters and
	// Han pairs, each once.
	terms []string
	// runs are the runs of three or more Han characters. An article
	// holding all their pairs is only a candidate: the run must also be
	// in its text.
	runs []string
}

// parseQuery tokenizes query by the same code as the index. A single Han
// character is looked up as itself, a run of two as its pair, which
// matches exactly the texts that contain it; a longer run as all of its
// pairs, and the text checked.
func parseQuery(query string) searchQuery {
	var q searchQuery
	var run []rune
	var word strings.Builder
	addTerm := func(t string) {
		if !slices.Contains(q.terms, t) {
			q.terms = append(q.terms, t)
		}
	}
	flushWord := func() {
		if word.Len() > 0 {
			addTerm(word.String())
		}
		word.Reset()
	}
	flushRun := func() {
		switch {
		case len(run) == 1:
			addTerm(string(run))
		case len(run) > 1:
			for i := 0; i+1 < len(run); i++ {
				addTerm(string(run[i : i+2]))
			}
			if len(run) > 2 && !slices.Contains(q.runs, string(run)) {
				q.runs = append(q.runs, string(run))
			}
		}
		run = run[:0]
	}
	for _, r := range normalize(query) {
		r, kind := classify(r)
		switch kind {
		case hanRune:
			flushWord()
			run = append(run, r)
		case wordRune:
			flushRun()
			word.WriteRune(r)
		default:
			flushWord()
			flushRun()
		}
	}
	flushWord()
	flushRun()
	return q
}

// matchQuery turns what the user typed into an FTS5 query, or "" when it
// holds nothing to look for. Every term is a quoted string made by the same
// code as the index, so no input is read as FTS5 syntax.
func matchQuery(query string) string { return parseQuery(query).match() }

// match is the FTS5 query for articles holding every term.
func (q searchQuery) match() string {
	parts := make([]string, len(q.terms))
	for i, t := range q.terms {
		parts[i] = termMatch(t)
	}
	return strings.Join(parts, " AND ")
}

// termMatch is the FTS5 query for articles holding term however often:
// the term alone or with any count mark.
func termMatch(term string) string {
	var b strings.Builder
	b.WriteString("(" + quote(term))
	for _, m := range countMarks {
		fmt.Fprintf(&b, " OR %s", quote(fmt.Sprintf("%s%s%d", term, countMark, m)))
	}
	b.WriteString(")")
	return b.String()
}

// quote makes s an FTS5 string: in double quotes, inner quotes doubled.
func quote(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// hasRuns reports whether every run of q is in the text of a, searched as
// the index sees it: piece by piece, normalised. A run is all Han
// characters, which tokenizing keeps as they are, so finding it in the
// normalised text finds it inside one run of Han characters.
func (q searchQuery) hasRuns(a *feed.Article) bool {
	for _, run := range q.runs {
		if !articleContains(a, run) {
			return false
		}
	}
	return true
}

func articleContains(a *feed.Article, run string) bool {
	for _, v := range []*feed.Version{a.ZH, a.EN} {
		if v == nil {
			continue
		}
		if strings.Contains(normalize(v.Title), run) {
			return true
		}
		for _, b := range v.Blocks {
			if strings.Contains(normalize(b.Text), run) {
				return true
			}
		}
	}
	for _, k := range a.Keywords {
		if strings.Contains(normalize(k), run) {
			return true
		}
	}
	return false
}

// searchWindow is how many of the newest matches Search ranks by relevance.
// Ranking every match of a common word over 100,000 articles takes hundreds
// of milliseconds; FTS5 walks matches newest first and stops after the
// window, so a search costs about the same however common its words are.
const searchWindow = 1000

// Search finds stored articles containing every word of query, in Chinese
// or English or both: Han characters match anywhere in the text (a query of
// one, two or more characters finds every article containing exactly that
// run), other words match whole words, ignoring case and diacritics.
// Punctuation and FTS5 operators in query are plain text; a query with
// nothing to look for gives no results and no error.
//
// Results come best first, each article once, at most limit of them (all,
// up to 1,000, when limit ≤ 0): the 1,000 newest articles holding every
// word (newest by when first stored, then by publication time within one
// save) are ranked by relevance, a BM25 score: rarer words, and words
// occurring more often in shorter texts, rank higher; older matches are not
// returned. (For a run of three or more Han characters, the 1,000 are the
// newest articles holding all its character pairs; those without the run
// itself are then left out.) Each result's Source is the source it was
// loaded from; an article several sources hold is found once for each, and
// its read mark is that of the result's (Source, ID).
//
// Every article of a save that finished is found: saves leave the index
// to a background indexer (see indexer.go), and Search first indexes
// itself what that has not reached yet, which after a save of 10,000 new
// articles takes a few hundred milliseconds.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]feed.Article, error) {
	q := parseQuery(query)
	if len(q.terms) == 0 {
		return nil, nil
	}
	if limit <= 0 || limit > searchWindow {
		limit = searchWindow
	}
	// What saves (of this process or another) listed for the index and
	// the indexer has not reached yet is indexed first, so that a search
	// right after a save finds all of it.
	if err := s.check(s.indexPending(ctx)); err != nil {
		return nil, fmt.Errorf("store: search %q: %w", query, err)
	}
	// One read transaction, so the ranking and the articles come from
	// one snapshot even while another process saves.
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err = s.check(err); err != nil {
		return nil, fmt.Errorf("store: search %q: %w", query, err)
	}
	defer tx.Rollback() //nolint:errcheck // read only
	found, err := search(ctx, tx, q, limit)
	if err = s.check(err); err != nil {
		return nil, fmt.Errorf("store: search %q: %w", query, err)
	}
	return found, nil
}

// search ranks the window of candidates and returns up to limit of them,
// best first, leaving out candidates without q's runs. Identical copies of
// an article (same ID and content, saved by several sources) are one
// result: the best ranked, which among equals is the newest row.
func search(ctx context.Context, tx *sql.Tx, q searchQuery, limit int) ([]feed.Article, error) {
	ranked, err := rank(ctx, tx, q)
	if err != nil {
		return nil, err
	}
	var found []feed.Article
	seen := map[string]bool{}
	for len(ranked) > 0 && len(found) < limit {
		// Without runs to check every candidate is a result; with runs,
		// fetch a few more than needed in case some fail the check.
		n := min(len(ranked), limit-len(found))
		if len(q.runs) > 0 {
			n = min(len(ranked), 2*n+10)
		}
		batch, hashes, err := fetch(ctx, tx, ranked[:n])
		if err != nil {
			return nil, err
		}
		ranked = ranked[n:]
		for i := range batch {
			copyKey := batch[i].ID + "\x00" + hashes[i]
			if len(found) < limit && !seen[copyKey] && q.hasRuns(&batch[i]) {
				seen[copyKey] = true
				found = append(found, batch[i])
			}
		}
	}
	return found, nil
}

// fetch returns the articles at rows ids, in that order, each with the
// source it is stored under, and their content hashes.
func fetch(ctx context.Context, tx *sql.Tx, ids []int64) ([]feed.Article, []string, error) {
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, nil, err
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT a.id, a.data, a.hash, coalesce(s.source, '')
		FROM articles a LEFT JOIN sources s ON s.id = a.source_id
		WHERE a.id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	type row struct {
		a    feed.Article
		hash string
	}
	byID := make(map[int64]row, len(ids))
	for rows.Next() {
		var id int64
		var data, hash []byte
		var source string
		if err := rows.Scan(&id, &data, &hash, &source); err != nil {
			return nil, nil, err
		}
		a, err := decode(data, source)
		if err != nil {
			return nil, nil, err
		}
		byID[id] = row{a, string(hash)}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	out := make([]feed.Article, 0, len(ids))
	hashes := make([]string, 0, len(ids))
	for _, id := range ids {
		if r, ok := byID[id]; ok {
			out = append(out, r.a)
			hashes = append(hashes, r.hash)
		}
	}
	return out, hashes, nil
}
