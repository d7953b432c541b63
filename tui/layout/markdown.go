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

// styledText returns a block's text with its spans styled, every run
// normalised on its own so that span offsets stay valid. base styles the
// text outside spans. With the zero theme it is the normalised plain text.
func (r *Renderer) styledText(b *feed.Block, bs *blockStyles, base style) string {
	var sb strings.Builder
	sb.Grow(len(b.Text) + len(b.Spans)*24)
	at := 0
	for _, sp := range b.Spans {
		if sp.Start < at || sp.End > len(b.Text) || sp.Start >= sp.End {
			continue // malformed or overlapping: drawn as plain text
		}
		base.write(&sb, r.o.Metrics.Normalize(b.Text[at:sp.Start]))
		r.span(&sb, sp, r.o.Metrics.Normalize(b.Text[sp.Start:sp.End]), bs)
		at = sp.End
	}
	base.write(&sb, r.o.Metrics.Normalize(b.Text[at:]))
	return sb.String()
}

// span writes one inline span in its style to sb; a link is an OSC 8
// hyperlink when colour is on.
func (r *Renderer) span(sb *strings.Builder, sp feed.Span, text string, bs *blockStyles) {
	switch sp.Kind {
	case feed.Emphasis:
		bs.emph.write(sb, text)
	case feed.Strong:
		bs.strong.write(sb, text)
	case feed.InlineCode:
		bs.code.write(sb, text)
	case feed.LinkSpan:
		sb.WriteString(r.hyperlink(sp.URL, bs.link.render(text)))
	default:
		bs.text.write(sb, text)
	}
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
// put in. feed has cleaned it already; this keeps the sequence well formed
// whatever a caller passes.
func safeURL(url string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F || (r >= 0x80 && r < 0xA0) || r == utf8.RuneError {
			return -1
		}
		return r
	}, url)
}

// blockLines draws one block at width w in palette bs.
func (r *Renderer) blockLines(b *feed.Block, w int, bs *blockStyles) []string {
	switch b.Kind {
	case feed.Heading:
		level := min(max(b.Level, 1), 6)
		hs := bs.heading[level]
		text := hs.render(strings.Repeat("#", level)+" ") + r.styledText(b, bs, hs)
		return r.o.Metrics.WrapStyled(text, w)
	case feed.ListItem:
		return r.prefixed(r.styledText(b, bs, bs.text), w, bs.bullet.render(r.mk.bullet), strings.Repeat(" ", r.o.Metrics.Width(r.mk.bullet)))
	case feed.Quote:
		bar := bs.quoteBar.render(r.mk.quoteBar)
		return r.prefixed(r.styledText(b, bs, bs.text), w, bar, bar)
	case feed.Code:
		return r.codeLines(b.Text, w, bs.codeBlock)
	}
	return r.o.Metrics.WrapStyled(r.styledText(b, bs, bs.text), w)
}

// prefixed wraps text at w minus the prefix's width and puts first before
// the first line and rest before the others (both as wide as each other).
func (r *Renderer) prefixed(text string, w int, first, rest string) []string {
	m := r.o.Metrics
	pw := m.Width(first)
	if w-pw < minText {
		return m.WrapStyled(text, w)
	}
	lines := m.WrapStyled(text, w-pw)
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
