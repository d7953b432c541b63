package layout

import (
	"strings"
	"unicode/utf8"

	"github.com/xinwen-reader/xinwen/feed"
)

// This file is the glamour integration: how article blocks get glamour's
// look while every line break stays with Metrics.Wrap and WrapStyled.
//
// Glamour's TermRenderer was tried first and rejected for two reasons:
//
//   - It breaks lines itself (lipgloss.Wrap), before ， and 。 among others,
//     which the Chinese line-breaking rules forbid. Word wrap can be turned
//     off (WithWordWrap(0) also turns off its padding), so the break itself
//     could be left to WrapStyled afterwards.
//   - It is too slow for the floor of 10 ms per 100 KB article: on the
//     benchmark article (render_bench_test.go) one TermRenderer.Render call
//     over its 100 KB as Markdown takes 21 ms (41 ms on a first trial with
//     denser inline markup), before any wrapping, against 3 ms plain and
//     7 ms coloured for this package's whole two-column layout of it.
//     Rendering block by block only adds per-call overhead, and the
//     renderer is not reentrant (it keeps a block stack), so it would also
//     need a lock. BenchmarkGlamourTermRenderer keeps the figure measurable.
//
// So the renderer takes glamour's style configuration instead: glamour's
// dark or light StyleConfig (charm.land/glamour/v2/styles) compiled into SGR
// sequences, attribute by attribute as glamour's own renderText does. The
// compiling happens in a test that generates theme_gen.go and fails when
// glamour's styles change (see newTheme in theme.go), because importing
// glamour would cost the program 35 ms of chroma initialisation at every
// start. Styled runs are built straight from the Blocks and
// Spans feed already parsed, so there is no Markdown to build, escape and
// parse again. The styled block is then broken with WrapStyled at the real
// width minus the block's prefix (bullet, quote bar, indent), and the prefix
// is added to every line. Code blocks are the exception: they keep their own
// lines and are cut at the column limit, never broken by the Chinese rules.
//
// The compiled theme is immutable, so a Renderer needs no lock.

// minText is the narrowest text column a prefixed block keeps its prefix
// for; narrower panes draw the block without bullet, bar or indent.
const minText = 8

// styledCut returns a block's text with its spans styled, every run
// normalised on its own so that span offsets stay valid; base styles the
// text outside spans, and with the zero theme it is the normalised plain
// text. Two additions serve the sentence cursor. cuts
// are byte offsets into b.Text, sorted; the offset where each falls in the
// plain text (the text without escapes) is stored in plainCuts, which has
// the same length. Text inside the ranges hl (sorted, not overlapping) is
// drawn in reverse video when colour is on. The text is normalised run by
// run between all these offsets, so each maps exactly.
func (r *Renderer) styledCut(b *feed.Block, bs *blockStyles, base style, cuts, plainCuts []int, hl []Range) string {
	text := b.Text
	if !r.o.Color {
		hl = nil
	}
	var sb strings.Builder
	sb.Grow(len(text) + len(b.Spans)*24)
	spans := b.Spans
	at, plain, ci, hi := 0, 0, 0, 0
	// The pieces between cuts are normalised one by one, but those of one
	// span (or none) and one highlight state are drawn as one styled run:
	// a cut adds no escape sequence.
	var run string
	var runSpan *feed.Span
	runLit := false
	flush := func() {
		switch {
		case run == "":
		case runSpan == nil && runLit:
			reverse(base).write(&sb, run)
		case runSpan == nil:
			base.write(&sb, run)
		default:
			r.span(&sb, *runSpan, run, bs, runLit)
		}
		run = ""
	}
	// write adds text[at:end], all inside one span (or none) and one
	// highlight state.
	write := func(end int, sp *feed.Span) {
		if end <= at {
			return
		}
		piece := r.o.Metrics.Normalize(text[at:end])
		plain += len(piece)
		lit := hi < len(hl) && hl[hi].Start <= at && at < hl[hi].End
		if sp != runSpan || lit != runLit {
			flush()
		}
		run += piece
		runSpan, runLit = sp, lit
		at = end
	}
	// next returns the next offset after at where a cut or a highlight
	// boundary falls, at most limit, recording cuts reached on the way.
	next := func(limit int) int {
		for ci < len(cuts) && cuts[ci] <= at {
			plainCuts[ci] = plain
			ci++
		}
		for hi < len(hl) && hl[hi].End <= at {
			hi++
		}
		n := limit
		if ci < len(cuts) {
			n = min(n, cuts[ci])
		}
		if hi < len(hl) {
			if hl[hi].Start > at {
				n = min(n, hl[hi].Start)
			} else {
				n = min(n, hl[hi].End)
			}
		}
		return max(n, at)
	}
	for si := range spans {
		sp := &spans[si]
		if sp.Start < at || sp.End > len(text) || sp.Start >= sp.End {
			continue // malformed or overlapping: drawn as plain text
		}
		for at < sp.Start {
			write(next(sp.Start), nil)
		}
		for at < sp.End {
			write(next(sp.End), sp)
		}
	}
	for at < len(text) {
		write(next(len(text)), nil)
	}
	flush()
	next(len(text))
	for ; ci < len(cuts); ci++ { // cuts at or past the end
		plainCuts[ci] = plain
	}
	return sb.String()
}

// reverse is s in reverse video, which marks the sentence cursor.
func reverse(s style) style { return style{open: s.open + "\x1b[7m"} }

// span writes one inline span in its style to sb, in reverse video when lit;
// a link is an OSC 8 hyperlink when colour is on.
func (r *Renderer) span(sb *strings.Builder, sp feed.Span, text string, bs *blockStyles, lit bool) {
	st := bs.text
	switch sp.Kind {
	case feed.Emphasis:
		st = bs.emph
	case feed.Strong:
		st = bs.strong
	case feed.InlineCode:
		st = bs.code
	case feed.LinkSpan:
		st = bs.link
	}
	if lit {
		st = reverse(st)
	}
	if sp.Kind == feed.LinkSpan {
		sb.WriteString(r.hyperlink(sp.URL, st.render(text)))
		return
	}
	st.write(sb, text)
}

// hyperlink wraps text in an OSC 8 hyperlink to url when colour is on.
func (r *Renderer) hyperlink(url, text string) string {
	url = safeURL(url)
	if !r.o.Color || url == "" {
		return text
	}
	return "\x1b]8;;" + url + "\x1b\\" + text + "\x1b]8;;\x1b\\"
}

// safeURL drops from url anything that could end the escape sequence it is
// put in, or reorder the text around it (bidi controls). feed has cleaned
// it already; this keeps the sequence well formed whatever a caller passes.
func safeURL(url string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r < 0x20, r == 0x7F, r >= 0x80 && r < 0xA0, r == utf8.RuneError,
			r == 0x061C, r == 0x200E, r == 0x200F, r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069:
			return -1
		}
		return r
	}, url)
}

// drawn is one block as drawn: its lines and, when it was drawn with cuts,
// where each line starts in the block's plain text and where each cut fell
// in that text. starts is nil for a code block, whose lines do not map to
// offsets: a cursor marks all of it.
type drawn struct {
	lines  []string
	starts []int
	cuts   []int
}

// blockLines draws one block at width w in palette bs.
func (r *Renderer) blockLines(b *feed.Block, w int, bs *blockStyles) []string {
	return r.drawBlock(b, w, bs, nil, nil).lines
}

// drawBlock draws one block at width w in palette bs, tracking cuts and
// marking hl (see styledCut). Without cuts it tracks nothing.
func (r *Renderer) drawBlock(b *feed.Block, w int, bs *blockStyles, cuts []int, hl []Range) drawn {
	var d drawn
	var starts *[]int
	if cuts != nil {
		d.cuts = make([]int, len(cuts))
		starts = &d.starts
	}
	m := r.o.Metrics
	switch b.Kind {
	case feed.Heading:
		level := min(max(b.Level, 1), 6)
		hs := bs.heading[level]
		mark := strings.Repeat("#", level) + " "
		text := hs.render(mark) + r.styledCut(b, bs, hs, cuts, d.cuts, hl)
		for i := range d.cuts {
			d.cuts[i] += len(mark)
		}
		d.lines = m.wrapStyled(text, w, starts)
	case feed.ListItem:
		d.lines = r.prefixed(r.styledCut(b, bs, bs.text, cuts, d.cuts, hl), w, bs.bullet.render(r.mk.bullet),
			strings.Repeat(" ", m.Width(r.mk.bullet)), starts)
	case feed.Quote:
		bar := bs.quoteBar.render(r.mk.quoteBar)
		d.lines = r.prefixed(r.styledCut(b, bs, bs.text, cuts, d.cuts, hl), w, bar, bar, starts)
	case feed.Code:
		st := bs.codeBlock
		if len(hl) > 0 && r.o.Color {
			st = reverse(st)
		}
		d.lines = r.codeLines(b.Text, w, st)
		d.starts = nil
	default:
		d.lines = m.wrapStyled(r.styledCut(b, bs, bs.text, cuts, d.cuts, hl), w, starts)
	}
	return d
}

// prefixed wraps text at w minus the prefix's width and puts first before
// the first line and rest before the others (both as wide as each other).
// starts is as for wrapStyled.
func (r *Renderer) prefixed(text string, w int, first, rest string, starts *[]int) []string {
	m := r.o.Metrics
	pw := m.Width(first)
	if w-pw < minText {
		return m.wrapStyled(text, w, starts)
	}
	lines := m.wrapStyled(text, w-pw, starts)
	for i, l := range lines {
		if i == 0 {
			lines[i] = first + l
		} else {
			lines[i] = rest + l
		}
	}
	return lines
}

// codeLines draws a code block: its own lines, indented, each cut into
// pieces of at most the width; no line-breaking rule applies.
func (r *Renderer) codeLines(text string, w int, st style) []string {
	m := r.o.Metrics
	indent := r.mk.indent
	if w-m.Width(indent) < minText {
		indent = ""
	}
	inner := w - m.Width(indent)
	var out []string
	for _, line := range strings.Split(r.o.Metrics.Normalize(strings.ReplaceAll(text, "\t", "    ")), "\n") {
		for _, piece := range cutColumns(m, line, inner) {
			out = append(out, indent+st.render(piece))
		}
	}
	return out
}

// cutColumns cuts s into pieces at most w columns wide, between runes;
// zero-width runes stay with the rune before them. An empty s gives one
// empty piece.
func cutColumns(m Metrics, s string, w int) []string {
	var pieces []string
	start, cols := 0, 0
	for i, c := range s {
		cw := m.Width(string(c))
		if cw > 0 && cols+cw > w && i > start {
			pieces = append(pieces, s[start:i])
			start, cols = i, 0
		}
		cols += cw
	}
	return append(pieces, s[start:])
}
