package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/xinwen-reader/xinwen/feed"
)

// How search works. Chinese has no spaces, so a word tokenizer sees a whole
// sentence as one token, and FTS5's trigram tokenizer cannot look up
// queries shorter than three characters. Instead the text is tokenized here,
// in Go, and handed to FTS5's cheap ascii tokenizer as tokens separated by
// spaces, in two columns:
//
//   - words: every word, lower-cased, Latin diacritics removed, with each Han
//     (or kana) character a word of its own.
//   - pairs: for every run of Han characters, its overlapping pairs followed
//     by its last character alone: "中华人民" gives 中华 华人 人民 民.
//
// A query is tokenized by the same code. A single Han character is looked
// up in words; a run of n ≥ 2 Han characters is the phrase of its n-1 pairs
// in pairs, which matches exactly the texts that contain the run (the lone
// last character keeps the pairs of two runs from being adjacent); every
// other word is looked up in words. All parts must match (AND). The newest
// matches are ranked by FTS5's bm25 (see Search). Both sides are
// NFKC-normalised first, so full-width Latin letters and digits match their
// ASCII forms.
//
// The Han characters are indexed twice, as characters and in pairs, so that
// every query is a plain token or phrase look-up that FTS5 can walk newest
// first and stop early: a prefix query ("国" *) would be one index fewer
// but must gather every match, over 400 ms for a common character in
// 100,000 articles.

// isHan reports whether r is written without spaces between words: Han
// ideographs and Japanese kana.
func isHan(r rune) bool {
	if r < 0x2e80 {
		return false
	}
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)
}

// runeKind classifies a character for tokenizing.
type runeKind uint8

const (
	separator runeKind = iota
	wordRune
	hanRune
)

// classify says what r is and returns the form it is indexed in: lower
// case, without Latin diacritics.
func classify(r rune) (rune, runeKind) {
	if r < 0x80 {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			return r, wordRune
		case 'A' <= r && r <= 'Z':
			return r + 'a' - 'A', wordRune
		}
		return r, separator
	}
	switch {
	case isHan(r):
		return r, hanRune
	case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r):
		r = unicode.ToLower(r)
		if r <= 0x24f { // Latin-1 and Latin Extended-A/B: é → e
			if base, _ := utf8.DecodeRuneInString(norm.NFD.String(string(r))); base < 0x80 {
				r = base
			}
		}
		return r, wordRune
	}
	return r, separator
}

// normalize applies NFKC unless s is plain ASCII, which it leaves alone.
func normalize(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return norm.NFKC.String(s)
		}
	}
	return s
}

// indexText accumulates the words and pairs columns of one article.
type indexText struct {
	words, pairs strings.Builder
	run          []rune
}

func (t *indexText) reset() {
	t.words.Reset()
	t.pairs.Reset()
	t.run = t.run[:0]
}

// add appends one piece of text (a title, a block, a keyword).
func (t *indexText) add(s string) {
	for _, r := range normalize(s) {
		r, kind := classify(r)
		switch kind {
		case hanRune:
			t.space()
			t.words.WriteRune(r)
			t.words.WriteByte(' ')
			t.run = append(t.run, r)
			continue
		case wordRune:
			t.words.WriteRune(r)
		default:
			t.space()
		}
		t.endRun()
	}
	t.endRun()
	t.space()
}

// space ends the current word, writing one space at most.
func (t *indexText) space() {
	if n := t.words.Len(); n > 0 && t.words.String()[n-1] != ' ' {
		t.words.WriteByte(' ')
	}
}

// endRun writes the tokens of the current Han run to pairs.
func (t *indexText) endRun() {
	for i, r := range t.run {
		t.pairs.WriteRune(r)
		if i+1 < len(t.run) {
			t.pairs.WriteRune(t.run[i+1])
		}
		t.pairs.WriteByte(' ')
	}
	t.run = t.run[:0]
}

// article fills t with everything searchable in a: titles, text and
// keywords in both languages.
func (t *indexText) article(a *feed.Article) {
	t.reset()
	for _, v := range []*feed.Version{a.ZH, a.EN} {
		if v == nil {
			continue
		}
		t.add(v.Title)
		for _, b := range v.Blocks {
			t.add(b.Text)
		}
	}
	for _, k := range a.Keywords {
		t.add(k)
	}
}

// index writes the search rows of a SaveSource transaction in batches.
//
// FTS5 flushes its in-memory index to a new segment at the start of every
// statement that writes to it (each statement is a savepoint), so one
// INSERT per article would write 10,000 tiny segments and spend the save
// merging them. Instead rows go to a temporary table of the connection,
// and one INSERT … SELECT per batch moves them into the index.
type index struct {
	tx      *sql.Tx
	text    indexText
	pending *sql.Stmt
	n       int
	removed []int64
}

// indexBatch is how many rows one statement writes into the index.
const indexBatch = 2500

func newIndex(ctx context.Context, tx *sql.Tx) (*index, error) {
	// temp_store is MEMORY (see dsn), so this table never touches disk.
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS pending_index
		(id INTEGER PRIMARY KEY, words TEXT NOT NULL, pairs TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM temp.pending_index"); err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	pending, err := tx.PrepareContext(ctx, "INSERT INTO temp.pending_index (id, words, pairs) VALUES (?, ?, ?)")
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	return &index{tx: tx, pending: pending}, nil
}

func (x *index) close() { x.pending.Close() }

// add indexes a new article stored at row id.
func (x *index) add(ctx context.Context, id int64, a *feed.Article) error {
	x.text.article(a)
	if _, err := x.pending.ExecContext(ctx, id, x.text.words.String(), x.text.pairs.String()); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if x.n++; x.n >= indexBatch {
		return x.flush(ctx)
	}
	return nil
}

// replace re-indexes the article at row id after its content changed.
func (x *index) replace(ctx context.Context, id int64, a *feed.Article) error {
	x.removed = append(x.removed, id)
	return x.add(ctx, id, a)
}

// flush writes what add and replace collected: removals first, so that a
// replaced article's new row follows its old row's removal.
func (x *index) flush(ctx context.Context) error {
	if len(x.removed) > 0 {
		ids, err := json.Marshal(x.removed)
		if err != nil {
			return err
		}
		if _, err := x.tx.ExecContext(ctx,
			"DELETE FROM search WHERE rowid IN (SELECT value FROM json_each(?))", string(ids)); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		x.removed = x.removed[:0]
	}
	if x.n > 0 {
		if _, err := x.tx.ExecContext(ctx, `INSERT INTO search (rowid, words, pairs)
			SELECT id, words, pairs FROM temp.pending_index ORDER BY id`); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		if _, err := x.tx.ExecContext(ctx, "DELETE FROM temp.pending_index"); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		x.n = 0
	}
	return nil
}

// matchQuery turns what the user typed into an FTS5 query, or "" when it
// holds nothing to look for. Every part is a quoted string of tokens made by
// the same code as the index, so no input is read as FTS5 syntax.
func matchQuery(query string) string {
	var parts []string
	var run []rune
	var word strings.Builder
	flushWord := func() {
		if word.Len() > 0 {
			parts = append(parts, "words : "+quote(word.String()))
		}
		word.Reset()
	}
	flushRun := func() {
		switch {
		case len(run) == 1:
			parts = append(parts, "words : "+quote(string(run)))
		case len(run) > 1:
			pairs := make([]string, 0, len(run)-1)
			for i := 0; i+1 < len(run); i++ {
				pairs = append(pairs, string(run[i:i+2]))
			}
			parts = append(parts, "pairs : "+quote(strings.Join(pairs, " ")))
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
	return strings.Join(parts, " AND ")
}

// searchWindow is how many of the newest matches Search ranks by relevance.
// Ranking every match of a common word over 100,000 articles takes hundreds
// of milliseconds; FTS5 walks matches newest first and stops after the
// window, so a search costs about the same however common its words are.
const searchWindow = 1000

// quote makes s an FTS5 string: in double quotes, inner quotes doubled.
func quote(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// Search finds stored articles containing every word of query, in Chinese
// or English or both: Han characters match anywhere in the text (a query of
// one, two or more characters finds every article containing exactly that
// run), other words match whole words, ignoring case and diacritics.
// Punctuation and FTS5 operators in query are plain text; a query with
// nothing to look for gives no results and no error.
//
// Results come best first, each article once, at most limit of them (all,
// up to 1,000, when limit ≤ 0): the 1,000 newest matching articles (newest
// by when first stored, then by publication time within one save) are
// ranked by relevance (FTS5 bm25: rarer words and more occurrences in
// shorter texts rank higher); older matches are not returned. Each result's
// Source is the source that most recently saved it.
func (s *Store) Search(ctx context.Context, query string, limit int) ([]feed.Article, error) {
	match := matchQuery(query)
	if match == "" {
		return nil, nil
	}
	if limit <= 0 {
		limit = -1
	}
	rows, err := s.db.QueryContext(ctx, `
		WITH recent AS (SELECT rowid, rank FROM search WHERE search MATCH ?
				ORDER BY rowid DESC LIMIT `+fmt.Sprint(searchWindow)+`),
			hits AS (SELECT rowid, rank FROM recent ORDER BY rank LIMIT ?)
		SELECT a.data, coalesce((SELECT s.source FROM source_articles sa
				JOIN sources s ON s.id = sa.source_id
				WHERE sa.article = a.id ORDER BY s.saved_at DESC LIMIT 1), '')
		FROM hits JOIN articles a ON a.id = hits.rowid
		ORDER BY hits.rank`, match, limit)
	if err != nil {
		return nil, fmt.Errorf("store: search %q: %w", query, err)
	}
	defer rows.Close()
	var found []feed.Article
	for rows.Next() {
		var data []byte
		var source string
		if err := rows.Scan(&data, &source); err != nil {
			return nil, fmt.Errorf("store: search %q: %w", query, err)
		}
		a, err := decode(data, source)
		if err != nil {
			return nil, fmt.Errorf("store: search %q: %w", query, err)
		}
		found = append(found, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: search %q: %w", query, err)
	}
	return found, nil
}
