package layout

import (
	"sort"
	"strings"

	"github.com/xinwen-reader/xinwen/feed"
)

// This file lays out an article whose two versions have been aligned
// sentence by sentence (package feed/align computes that; the layout only
// takes its result, as an Alignment). Side by side, each group of
// paragraphs starts on the same row on both sides; interleaved, the groups
// follow one another, Chinese then English; in the grid every aligned pair
// starts on a row of its own. Each pair's rows are reported in Page.Pairs so
// that a reader can move a sentence cursor, and Page.Highlight redraws the
// few rows of the current pair with a marker beside them.

// Range is the half-open range [Start, End) of indexes or byte offsets.
type Range struct{ Start, End int }

// Place is where a sentence stands: bytes [Start, End) of the Text of block
// Block of its version.
type Place struct{ Block, Start, End int }

// Pair is one aligned pair: its Chinese and its English sentences, each in
// order. Either side may be empty (a sentence the other text lacks).
type Pair struct{ ZH, EN []Place }

// Group is a run of Chinese blocks and the run of English blocks that the
// layout keeps beside it. Either run may be empty.
type Group struct{ ZH, EN Range }

// Alignment says how the two versions of an article correspond. Groups are
// in order and together cover every block of both versions exactly once;
// Pairs are in order. An alignment that breaks these rules is ignored and
// the article is laid out block beside block.
type Alignment struct {
	Groups []Group
	Pairs  []Pair
}

// Layout chooses how RenderLayout arranges an article beyond its language
// mode. The zero Layout is what Render draws: block i beside block i.
type Layout struct {
	// Align is the article's alignment, or nil.
	Align *Alignment
	// Grid (with Align, in Both) starts every pair on its own rows on both
	// sides, like a translator's CAT tool.
	Grid bool
	// Cursor reserves a marker gutter at the left of one-column pages, for
	// the sentence cursor (side by side, the marker sits beside the rule).
	Cursor bool
}

// Rows is the half-open range [Top, Bottom) of rows of a page's Body. It is
// empty when the pair shows nothing in the page's mode (an English-only
// pair in a Chinese page).
type Rows struct{ Top, Bottom int }

// Empty reports whether the range holds no row.
func (r Rows) Empty() bool { return r.Bottom <= r.Top }

// Marks for the sentence cursor. They are ASCII, so their width is the same
// in both ambiguous modes.
const (
	cursorGutter = "  " // before every line of a one-column page with Layout.Cursor
	cursorMark   = "> " // in place of cursorGutter on the current pair's rows
	leftMark     = ">"  // in place of the gutter left of the rule
	rightMark    = "<"  // in place of the gutter right of the rule
)

// sides of an article, as indexes.
const (
	zhSide = 0
	enSide = 1
)

// shape is how the body's rows are drawn.
type shape uint8

const (
	oneColumn  shape = iota // a single column (zh, en or interleaved)
	twoColumns              // side by side
)

// piece is one block as placed in a body.
type piece struct {
	side, block int // which version's block
	row         int // its first row in the body
	col         int // 0 the left or only column, 1 the right one
	w           int // the width it was drawn at
	bs          *blockStyles
	indent      string // before each of its lines (English, interleaved)
	d           drawn
}

// sheet is an aligned page's body under construction, and afterwards what
// Highlight needs to redraw a pair.
type sheet struct {
	r      *Renderer
	shape  shape
	c      columnLayout // twoColumns
	gutter string       // oneColumn: before every line
	blocks [2][]feed.Block
	pairs  []Pair
	pieces []piece
	at     map[[2]int]int // (side, block) → index in pieces
	cuts   [2][][]int     // by side and block: see cutsOf
	cells  [][2]string    // twoColumns: each row's left and right text
	pre    *predrawn      // twoColumns: the blocks drawn ahead (predraw.go)
	// twoColumns: the gutter beside the rule and the rule as drawn, made
	// by the first join.
	gutterCols, rule string
	lines            []string // oneColumn: each row's text, without gutter
}

// RenderLayout is Render with a layout: grouped by lay.Align, as a grid, or
// with a gutter for the sentence cursor. Without an alignment, or when the
// article lacks a language, it draws what Render draws (plus the gutter
// with lay.Cursor in a one-column page).
func (r *Renderer) RenderLayout(a *feed.Article, lang Lang, width int, lay Layout) Page {
	if a == nil || width < 2 {
		return Page{}
	}
	al := lay.Align
	if a.ZH == nil || a.EN == nil || !al.valid(len(a.ZH.Blocks), len(a.EN.Blocks)) {
		al = nil
	}
	if al == nil && !lay.Cursor {
		return r.Render(a, lang, width)
	}
	s := &sheet{r: r, at: map[[2]int]int{}}
	var groups []Group
	if al != nil {
		s.blocks = [2][]feed.Block{a.ZH.Blocks, a.EN.Blocks}
		s.pairs, groups = al.Pairs, al.Groups
		if lay.Grid && lang == Both {
			s.blocks, s.pairs, groups = gridOf(s.blocks, al.Pairs)
		}
	}
	m := r.o.Metrics
	if n := len(s.blocks[zhSide]) + len(s.blocks[enSide]); n > 0 {
		s.pieces = make([]piece, 0, n)
		s.at = make(map[[2]int]int, n)
	}
	if lang == Both {
		if width >= r.o.SideBySide {
			if c, ok := splitColumns(width, m.Width(" "), m.Width(r.mk.column)); ok && al != nil {
				s.shape, s.c = twoColumns, c
				s.sideBySide(groups)
				return s.page(r.header(a, lang, width, c.Rule))
			}
		}
	}
	w := width
	if lay.Cursor && width-len(cursorGutter) >= minText {
		s.gutter = cursorGutter
		w -= len(cursorGutter)
	}
	switch {
	case al == nil:
		s.lines = r.Render(a, lang, w).Body
	case lang == Both:
		s.interleaved(groups, w)
	case lang == English:
		s.single(enSide, w)
	default:
		s.single(zhSide, w)
	}
	return s.page(r.header(a, lang, width, -1))
}

// valid reports whether al is an alignment of nzh Chinese and nen English
// blocks as Alignment describes it.
func (al *Alignment) valid(nzh, nen int) bool {
	if al == nil || len(al.Groups) == 0 {
		return false
	}
	zh, en := 0, 0
	for _, g := range al.Groups {
		if g.ZH.Start != zh || g.ZH.End < zh || g.EN.Start != en || g.EN.End < en {
			return false
		}
		zh, en = g.ZH.End, g.EN.End
	}
	if zh != nzh || en != nen {
		return false
	}
	for _, p := range al.Pairs {
		for side, places := range [2][]Place{p.ZH, p.EN} {
			n := nzh
			if side == enSide {
				n = nen
			}
			for _, pl := range places {
				if pl.Block < 0 || pl.Block >= n || pl.Start < 0 || pl.End < pl.Start {
					return false
				}
			}
		}
	}
	return true
}

// gridOf turns blocks and pairs into the grid's: one block per pair on each
// side, holding the pair's sentences joined as they stood (Chinese with
// nothing between them, English with a space), and one group per pair.
func gridOf(blocks [2][]feed.Block, pairs []Pair) ([2][]feed.Block, []Pair, []Group) {
	var out [2][]feed.Block
	grid := make([]Pair, len(pairs))
	groups := make([]Group, len(pairs))
	for i, p := range pairs {
		for side, places := range [2][]Place{p.ZH, p.EN} {
			sep := ""
			if side == enSide {
				sep = " "
			}
			var b strings.Builder
			kind, level := feed.Paragraph, 0
			for k, pl := range places {
				src := &blocks[side][pl.Block]
				if k == 0 && src.Kind == feed.Heading {
					kind, level = feed.Heading, src.Level
				}
				if k > 0 {
					b.WriteString(sep)
				}
				b.WriteString(clip(src.Text, pl))
			}
			out[side] = append(out[side], feed.Block{Kind: kind, Level: level, Text: b.String()})
			if len(places) > 0 {
				place := []Place{{Block: i, End: b.Len()}}
				if side == zhSide {
					grid[i].ZH = place
				} else {
					grid[i].EN = place
				}
			}
		}
		groups[i] = Group{ZH: Range{i, i + 1}, EN: Range{i, i + 1}}
	}
	return out, grid, groups
}

// clip returns the text of pl in text, bounded to text.
func clip(text string, pl Place) string {
	end := min(pl.End, len(text))
	return text[min(pl.Start, end):end]
}

// cutsOf returns the sorted, distinct offsets where the sentences of side
// start and end in block b.
func (s *sheet) cutsOf(side, b int) []int {
	if s.cuts[side] == nil {
		s.cuts[side] = make([][]int, len(s.blocks[side]))
		for _, p := range s.pairs {
			for _, pl := range s.placesOf(p, side) {
				s.cuts[side][pl.Block] = append(s.cuts[side][pl.Block], pl.Start, pl.End)
			}
		}
		for i, c := range s.cuts[side] {
			sort.Ints(c)
			s.cuts[side][i] = compactInts(c)
		}
	}
	return s.cuts[side][b]
}

// compactInts drops repeats from a sorted slice, in place.
func compactInts(v []int) []int {
	out := v[:0]
	for i, x := range v {
		if i == 0 || x != v[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func (s *sheet) placesOf(p Pair, side int) []Place {
	if side == enSide {
		return p.EN
	}
	return p.ZH
}

// draw draws block b of side at width w and records it as placed at row.
func (s *sheet) draw(side, b, row, col, w int, bs *blockStyles, indent string) []string {
	d, ok := s.predrawnAt(side, b, w, bs)
	if !ok {
		d = s.r.drawBlock(&s.blocks[side][b], w, bs, s.trackedCuts(side, b), nil)
	}
	s.at[[2]int{side, b}] = len(s.pieces)
	s.pieces = append(s.pieces, piece{side: side, block: b, row: row, col: col, w: w, bs: bs, indent: indent, d: d})
	return indented(d.lines, indent)
}

// indented returns lines with indent before each non-empty one (a new
// slice when indent is not empty).
func indented(lines []string, indent string) []string {
	if indent == "" {
		return lines
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		if l != "" {
			out[i] = indent + l
		}
	}
	return out
}

// sideBySide fills the cells group by group: each group's blocks, a blank
// row between blocks, on both sides from the same row; a blank row between
// groups.
func (s *sheet) sideBySide(groups []Group) {
	th := &s.r.th
	s.predraw([2]int{s.c.Left, s.c.Right}, &th.main)
	for gi, g := range groups {
		if gi > 0 {
			s.cells = append(s.cells, [2]string{})
		}
		top := len(s.cells)
		bottom := top
		for side, rg := range [2]Range{g.ZH, g.EN} {
			w := s.c.Left
			if side == enSide {
				w = s.c.Right
			}
			row := top
			for b := rg.Start; b < rg.End; b++ {
				if b > rg.Start {
					row++ // the blank row between paragraphs
				}
				for _, l := range s.draw(side, b, row, side, w, &th.main, "") {
					s.cell(row, side, l)
					row++
				}
			}
			bottom = max(bottom, row)
		}
		for len(s.cells) < bottom {
			s.cells = append(s.cells, [2]string{})
		}
	}
}

// cell sets the text of column col at row, growing the rows as needed.
func (s *sheet) cell(row, col int, text string) {
	for len(s.cells) <= row {
		s.cells = append(s.cells, [2]string{})
	}
	s.cells[row][col] = text
}

// interleaved fills the lines group by group: the group's Chinese blocks,
// then its English blocks indented in the alternate palette; a blank line
// between blocks and between groups.
func (s *sheet) interleaved(groups []Group, w int) {
	th := &s.r.th
	indent := s.r.mk.indent
	if w-s.r.o.Metrics.Width(indent) < minText {
		indent = ""
	}
	ew := w - s.r.o.Metrics.Width(indent)
	for gi, g := range groups {
		if gi > 0 {
			s.lines = append(s.lines, "")
		}
		first := true
		for side, rg := range [2]Range{g.ZH, g.EN} {
			for b := rg.Start; b < rg.End; b++ {
				if s.blocks[side][b].Text == "" {
					continue // the empty side of a pair in the grid
				}
				if !first && (b > rg.Start || side == zhSide) {
					s.lines = append(s.lines, "")
				}
				first = false
				if side == zhSide {
					s.lines = append(s.lines, s.draw(side, b, len(s.lines), 0, w, &th.main, "")...)
				} else {
					s.lines = append(s.lines, s.draw(side, b, len(s.lines), 0, ew, &th.alt, indent)...)
				}
			}
		}
	}
}

// single fills the lines with the blocks of one side, a blank line between
// blocks.
func (s *sheet) single(side, w int) {
	for b := range s.blocks[side] {
		if b > 0 {
			s.lines = append(s.lines, "")
		}
		s.lines = append(s.lines, s.draw(side, b, len(s.lines), 0, w, &s.r.th.main, "")...)
	}
}

// page finishes the body and returns the page with header.
func (s *sheet) page(header []string) Page {
	p := Page{Header: header}
	if s.shape == twoColumns {
		p.Body = make([]string, len(s.cells))
		for i, c := range s.cells {
			p.Body[i] = s.join(c, false, false)
		}
	} else {
		p.Body = make([]string, len(s.lines))
		for i, l := range s.lines {
			if l != "" {
				p.Body[i] = s.gutter + l
			}
		}
	}
	if s.pairs != nil {
		p.Pairs = make([]Rows, len(s.pairs))
		for i := range s.pairs {
			p.Pairs[i] = s.pairRows(i)
		}
		p.sheet = s
	}
	return p
}

// join draws one row of two columns, with the cursor's marks beside the
// rule when markLeft or markRight.
func (s *sheet) join(c [2]string, markLeft, markRight bool) string {
	m := s.r.o.Metrics
	if s.rule == "" { // once per page: the same on every row
		s.gutterCols = strings.Repeat(" ", s.c.Rule-s.c.Left)
		s.rule = s.r.th.rule.render(s.r.mk.column)
	}
	gutter := s.gutterCols
	var b strings.Builder
	b.Grow(len(c[0]) + s.c.Left + len(s.rule) + 2*len(gutter) + len(c[1]))
	b.WriteString(c[0])
	for range s.c.Left - m.Width(c[0]) {
		b.WriteByte(' ')
	}
	if markLeft {
		b.WriteString(leftMark + gutter[len(leftMark):])
	} else {
		b.WriteString(gutter)
	}
	b.WriteString(s.rule)
	if c[1] != "" || markRight {
		if markRight {
			b.WriteString(rightMark + gutter[len(rightMark):])
		} else {
			b.WriteString(gutter)
		}
		b.WriteString(c[1])
	}
	return b.String()
}

// placeRows returns the rows of the body that pl of side takes, and the
// piece it is in (-1 when that block is not drawn in this page).
func (s *sheet) placeRows(side int, pl Place) (Rows, int) {
	k, ok := s.at[[2]int{side, pl.Block}]
	if !ok {
		return Rows{}, -1
	}
	p := &s.pieces[k]
	d := &p.d
	if d.starts == nil || len(d.lines) == 0 {
		return Rows{p.row, p.row + len(d.lines)}, k
	}
	cuts := s.cutsOf(side, pl.Block)
	plainAt := func(off int) int {
		i := sort.SearchInts(cuts, off)
		if i < len(cuts) && cuts[i] == off {
			return d.cuts[i]
		}
		return 0
	}
	start, end := plainAt(pl.Start), plainAt(pl.End)
	first := sort.SearchInts(d.starts, start+1) - 1
	last := first
	if end > start {
		last = sort.SearchInts(d.starts, end) - 1
	}
	first, last = max(first, 0), max(last, first)
	return Rows{p.row + first, p.row + last + 1}, k
}

// pairRows returns the rows pair i takes on every side this page shows.
func (s *sheet) pairRows(i int) Rows {
	var r Rows
	for side := range 2 {
		for _, pl := range s.placesOf(s.pairs[i], side) {
			pr, k := s.placeRows(side, pl)
			if k < 0 || pr.Empty() {
				continue
			}
			if r.Empty() {
				r = pr
			} else {
				r = Rows{min(r.Top, pr.Top), max(r.Bottom, pr.Bottom)}
			}
		}
	}
	return r
}

// Highlight returns the rows of Body that change when pair i is the
// sentence cursor's: keyed by row, each redrawn with a marker beside the
// pair's rows (in the gutter, or beside the rule side by side) and, with
// colour, the pair's sentences in reverse video. Rows not in the map are as
// in Body. It is nil when p was drawn without an alignment or i is out of
// range. Only the pair's blocks are drawn again, so it is cheap to call on
// every key.
func (p *Page) Highlight(i int) map[int]string {
	s := p.sheet
	if s == nil || i < 0 || i >= len(s.pairs) {
		return nil
	}
	type mark struct{ left, right bool }
	marks := map[int]mark{}
	cells := map[int][2]string{} // two columns: rows whose text is lit
	lines := map[int]string{}    // one column: the same
	for side := range 2 {
		places := s.placesOf(s.pairs[i], side)
		done := map[int]bool{}
		for _, pl := range places {
			rows, k := s.placeRows(side, pl)
			if k < 0 {
				continue
			}
			pc := &s.pieces[k]
			if !done[k] && s.r.o.Color { // without colour the text is unchanged
				done[k] = true
				for j, l := range s.redraw(k, places) {
					row := pc.row + j
					if s.shape == oneColumn {
						if l != s.lines[row] {
							lines[row] = l
						}
						continue
					}
					c, ok := cells[row]
					if !ok {
						c = s.cells[row]
					}
					if l != c[pc.col] {
						c[pc.col] = l
						cells[row] = c
					}
				}
			}
			for row := rows.Top; row < rows.Bottom; row++ {
				mk := marks[row]
				if pc.col == 1 {
					mk.right = true
				} else {
					mk.left = true
				}
				marks[row] = mk
			}
		}
	}
	out := make(map[int]string, len(marks))
	if s.shape == twoColumns {
		for row, c := range cells {
			out[row] = s.join(c, marks[row].left, marks[row].right)
		}
		for row, mk := range marks {
			if _, ok := cells[row]; !ok {
				out[row] = s.join(s.cells[row], mk.left, mk.right)
			}
		}
		return out
	}
	for row, l := range lines {
		out[row] = s.gutterOf(marks[row].left) + l
	}
	for row, mk := range marks {
		if _, ok := lines[row]; !ok {
			out[row] = s.gutterOf(mk.left) + s.lines[row]
		}
	}
	return out
}

// gutterOf is the gutter of a one-column row: the cursor's mark or blank.
func (s *sheet) gutterOf(marked bool) string {
	if marked && s.gutter != "" {
		return cursorMark
	}
	return s.gutter
}

// redraw draws piece k again with places (of its side) lit, indented as it
// was.
func (s *sheet) redraw(k int, places []Place) []string {
	pc := &s.pieces[k]
	var hl []Range
	for _, pl := range places {
		if pl.Block == pc.block {
			hl = append(hl, Range{pl.Start, pl.End})
		}
	}
	// The same cuts as the first drawing, so that only the lit text
	// differs.
	d := s.r.drawBlock(&s.blocks[pc.side][pc.block], pc.w, pc.bs, s.cutsOf(pc.side, pc.block), hl)
	return indented(d.lines, pc.indent)
}
