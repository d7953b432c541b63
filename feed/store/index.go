package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/xinwen-reader/xinwen/feed"
)

// How the search index works. Chinese has no spaces, so a word tokenizer
// sees a whole sentence as one token, and FTS5's trigram tokenizer cannot
// look up queries shorter than three characters. Instead the text is
// tokenized here, in Go, and handed to FTS5's cheap ascii tokenizer as
// terms separated by spaces. An article's terms are:
//
//   - every word, lower-cased, Latin diacritics removed;
//   - every Han (or kana) character, as a term of its own;
//   - every pair of adjacent Han characters: "中华人民" gives 中华 华人 人民.
//
// Each term is written once per article, with a mark of how often it
// occurs there when that is more than once: "中国" once, "中国§2" two or
// three times, "中国§4" four times or more. The FTS5 table keeps only
// which articles hold a term (detail=none), so a query for 中国 looks for
// any of the three. That is under half the terms of an every-occurrence
// index and a quarter of its size, which is what makes saving 10,000
// articles fast. Search ranks with the marks (see rank.go) and, since the
// index has no positions, checks runs of three or more Han characters
// against the text.
//
// Both sides are NFKC-normalised first, so full-width Latin letters and
// digits match their ASCII forms.

// countMark joins a term and how often it occurs in one article. It is a
// character the tokenizer below treats as a separator, so no text or query
// can produce a term containing it, and FTS5's ascii tokenizer keeps it
// inside the term.
const countMark = "§"

// countMarks are the counts marked: a term that occurs at least
// countMarks[i] times in an article, and fewer than countMarks[i+1], is
// indexed as term+countMark+countMarks[i].
var countMarks = [...]int{2, 4}

// isHan reports whether r is written without spaces between words: Han
// ideographs and Japanese kana.
func isHan(r rune) bool {
	if r < 0x2e80 {
		return false
	}
	if 0x4e00 <= r && r <= 0x9fff { // CJK Unified Ideographs: most text
		return true
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

// normalize applies NFKC to s as far as tokenizing can tell: its result
// has the same words and Han characters as NFKC(s), in the same places,
// and may differ from it only in separators. Text made only of ASCII, CJK
// Unified Ideographs and inert separators (see inertSeparator) is
// returned at once: none of them combines with its neighbours, so NFKC
// would change only the separators, into other separators (the full-width
// comma into a comma). Chinese news is full of such punctuation, and
// normalising every block of it was half the cost of its search terms.
func normalize(s string) string {
	for _, r := range s {
		if r >= 0x80 && (r < 0x4e00 || r > 0x9fff) && !inertSeparator(r) {
			return norm.NFKC.String(s)
		}
	}
	return s
}

// inertRanges are the blocks of punctuation and symbols looked up in
// inertSeparators: Latin-1's, General Punctuation, CJK Symbols and
// Punctuation, CJK Compatibility Forms, and the half- and full-width
// forms.
var inertRanges = [...][2]rune{{0x80, 0x100}, {0x2000, 0x2070}, {0x3000, 0x3040}, {0xfe30, 0xfe50}, {0xff00, 0xfff0}}

// inertSeparators says, for each rune of inertRanges in turn, whether it
// is an inert separator. It is built once and only read.
var inertSeparators = func() []bool {
	var table []bool
	for _, rg := range inertRanges {
		for r := rg[0]; r < rg[1]; r++ {
			table = append(table, isInertSeparator(r))
		}
	}
	return table
}()

// inertSeparator reports whether r is a separator to the tokenizer that
// NFKC maps to separators only, and that combines with no rune on either
// side, so that NFKC of a text with r is NFKC of the text on either side
// with NFKC(r) between: the ideographic comma and full stop, the
// full-width comma, colon and brackets, curly quotes, the ellipsis.
func inertSeparator(r rune) bool {
	base := 0
	for _, rg := range inertRanges {
		if r < rg[0] {
			return false
		}
		if r < rg[1] {
			return inertSeparators[base+int(r-rg[0])]
		}
		base += int(rg[1] - rg[0])
	}
	return false
}

// isInertSeparator computes inertSeparator(r): r combines with nothing
// before it, and NFKC maps it to separators each of which combines with
// nothing on either side. (The norm package says a rune that decomposes,
// as the full-width comma does, may interact with the next; what it
// decomposes to is what must not.)
func isInertSeparator(r rune) bool {
	if !norm.NFKC.PropertiesString(string(r)).BoundaryBefore() {
		return false
	}
	if _, kind := classify(r); kind != separator {
		return false
	}
	for _, x := range norm.NFKC.String(string(r)) {
		q := norm.NFKC.PropertiesString(string(x))
		if _, kind := classify(x); kind != separator || !q.BoundaryBefore() || !q.BoundaryAfter() {
			return false
		}
	}
	return true
}

// Term keys: a Han character is its code point, a pair two code points,
// a word its number in termText.words; the top bits say which.
const (
	pairKey = 1 << 62
	wordKey = 2 << 62
	keyKind = 3 << 62
)

// termText collects the terms of one article with their counts. It is
// reused from article to article; the words it has seen are remembered for
// its whole life, so a save allocates each distinct word once.
type termText struct {
	counts termCounts
	words  map[string]uint64
	list   []string // words by number
	word   []byte
	out    []byte
}

func newTermText() *termText {
	return &termText{words: make(map[string]uint64)}
}

func (t *termText) count(key uint64) { t.counts.add(key) }

// termCounts counts term keys: an open-addressing hash table, about five
// times faster than a Go map here, emptied in constant time by moving to
// the next generation.
type termCounts struct {
	slots []termSlot
	gen   uint32
	order []uint32 // slots in order of first occurrence
}

type termSlot struct {
	key   uint64
	gen   uint32
	count int32
}

// reset empties the table.
func (c *termCounts) reset() {
	c.order = c.order[:0]
	c.gen++
	if c.gen == 0 || c.slots == nil { // new, or generations wrapped round
		clear(c.slots)
		c.gen = 1
		if c.slots == nil {
			c.slots = make([]termSlot, 1<<12)
		}
	}
}

func (c *termCounts) add(key uint64) {
	if 2*len(c.order) >= len(c.slots) {
		c.grow()
	}
	mask := uint64(len(c.slots) - 1)
	for i := (key * 0x9e3779b97f4a7c15) >> 40 & mask; ; i = (i + 1) & mask {
		s := &c.slots[i]
		switch {
		case s.gen != c.gen:
			*s = termSlot{key: key, gen: c.gen, count: 1}
			c.order = append(c.order, uint32(i))
			return
		case s.key == key:
			s.count++
			return
		}
	}
}

// grow doubles the table, keeping its terms in their order.
func (c *termCounts) grow() {
	old, order := c.slots, c.order
	c.slots = make([]termSlot, 2*len(old))
	c.order = make([]uint32, 0, cap(order))
	mask := uint64(len(c.slots) - 1)
	for _, o := range order {
		s := old[o]
		i := (s.key * 0x9e3779b97f4a7c15) >> 40 & mask
		for c.slots[i].gen == c.gen {
			i = (i + 1) & mask
		}
		c.slots[i] = s
		c.order = append(c.order, uint32(i))
	}
}

// add counts the terms of one piece of text (a title, a block, a keyword).
// Han pairs never span two pieces.
func (t *termText) add(s string) {
	prev := rune(-1) // the Han character before, in this run
	for _, r := range normalize(s) {
		r, kind := classify(r)
		switch kind {
		case hanRune:
			t.endWord()
			t.count(uint64(r))
			if prev >= 0 {
				t.count(pairKey | uint64(prev)<<21 | uint64(r))
			}
			prev = r
		case wordRune:
			t.word = utf8.AppendRune(t.word, r)
			prev = -1
		default:
			t.endWord()
			prev = -1
		}
	}
	t.endWord()
}

// endWord counts the word being read, if any.
func (t *termText) endWord() {
	if len(t.word) == 0 {
		return
	}
	n, ok := t.words[string(t.word)]
	if !ok {
		n = uint64(len(t.list))
		w := string(t.word)
		t.words[w] = n
		t.list = append(t.list, w)
	}
	t.count(wordKey | n)
	t.word = t.word[:0]
}

// article counts everything searchable in a, titles, text and keywords in
// both languages, and returns its terms as FTS5 text. The result is valid
// until the next call.
func (t *termText) article(a *feed.Article) string {
	t.counts.reset()
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
	return t.terms()
}

// terms returns the terms counted since the counts were reset, as FTS5
// text, valid until the next call.
func (t *termText) terms() string {
	t.out = t.out[:0]
	for _, i := range t.counts.order {
		key, n := t.counts.slots[i].key, int(t.counts.slots[i].count)
		switch key & keyKind {
		case 0:
			t.out = utf8.AppendRune(t.out, rune(key))
		case pairKey:
			t.out = utf8.AppendRune(t.out, rune(key>>21&0x1fffff))
			t.out = utf8.AppendRune(t.out, rune(key&0x1fffff))
		default:
			t.out = append(t.out, t.list[key&^keyKind]...)
		}
		for _, m := range slices.Backward(countMarks[:]) {
			if n >= m {
				t.out = append(t.out, countMark...)
				t.out = strconv.AppendInt(t.out, int64(m), 10)
				break
			}
		}
		t.out = append(t.out, ' ')
	}
	return string(t.out)
}

// index writes the search rows of a transaction in batches.
//
// FTS5 flushes its in-memory index to a new segment at the start of every
// statement that writes to it (each statement is a savepoint), so one
// INSERT per article would write 10,000 tiny segments and spend the save
// merging them. Instead rows go to a temporary table of the connection,
// and one INSERT … SELECT per batch moves them into the index.
type index struct {
	tx      *sql.Tx
	pending *sql.Stmt
	n       int
}

// indexBatch is how many rows one statement writes into the index.
const indexBatch = 2500

func newIndex(ctx context.Context, tx *sql.Tx) (*index, error) {
	// temp_store is MEMORY (see dsn), so this table never touches disk.
	if _, err := tx.ExecContext(ctx, `CREATE TEMP TABLE IF NOT EXISTS pending_terms
		(id INTEGER PRIMARY KEY, terms TEXT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM temp.pending_terms"); err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	pending, err := tx.PrepareContext(ctx, "INSERT INTO temp.pending_terms (id, terms) VALUES (?, ?)")
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	return &index{tx: tx, pending: pending}, nil
}

func (x *index) close() { x.pending.Close() }

// add indexes a new article stored at row id, whose terms termText made.
func (x *index) add(ctx context.Context, id int64, terms string) error {
	if _, err := x.pending.ExecContext(ctx, id, terms); err != nil {
		return fmt.Errorf("search index: %w", err)
	}
	if x.n++; x.n >= indexBatch {
		return x.flush(ctx)
	}
	return nil
}

// flush writes what add collected.
func (x *index) flush(ctx context.Context) error {
	if x.n > 0 {
		if _, err := x.tx.ExecContext(ctx, `INSERT INTO search (rowid, terms)
			SELECT id, terms FROM temp.pending_terms ORDER BY id`); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		if _, err := x.tx.ExecContext(ctx, "DELETE FROM temp.pending_terms"); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		x.n = 0
	}
	return nil
}

// reindex adds to the search table every stored article whose row id is
// above from, a batch of rows at a time. The migrations run it in their
// transaction: schema 2 over every article, schema 3 over the rows it adds.
func reindex(ctx context.Context, tx *sql.Tx, from int64) error {
	x, err := newIndex(ctx, tx)
	if err != nil {
		return err
	}
	defer x.close()
	type row struct {
		id   int64
		data []byte
	}
	text := newTermText()
	last := from
	for {
		rows, err := tx.QueryContext(ctx, "SELECT id, data FROM articles WHERE id > ? ORDER BY id LIMIT ?", last, indexBatch)
		if err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		var batch []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.data); err != nil {
				rows.Close()
				return fmt.Errorf("search index: %w", err)
			}
			batch = append(batch, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("search index: %w", err)
		}
		if len(batch) == 0 {
			return x.flush(ctx)
		}
		for _, r := range batch {
			a, err := decode(r.data, "")
			if err != nil {
				return fmt.Errorf("search index: article row %d: %w", r.id, err)
			}
			if err := x.add(ctx, r.id, text.article(&a)); err != nil {
				return err
			}
			last = r.id
		}
	}
}
