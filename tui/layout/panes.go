package layout

import (
	"strings"

	"github.com/xinwen-reader/xinwen/feed"
)

// Notices drawn in place of a language the article lacks.
const (
	noChinese = "（本文没有中文版）"
	noEnglish = "(No English version of this article.)"
)

// minColumn is the narrowest column a side-by-side layout accepts; a pane
// that cannot give both columns this much is interleaved instead.
const minColumn = 12

// columnLayout is the geometry of a side-by-side pane, in columns: the
// widths of the left (Chinese) and right (English) text columns and the
// 0-based column where the vertical rule is drawn on every line.
type columnLayout struct {
	Left, Right, Rule int
}

// splitColumns divides total columns into two text columns around a rule
// ruleWidth wide with a gutter gutterWidth wide on each side of it. The left
// column gets the smaller half when the rest is odd. ok is false when
// either column would be narrower than minColumn.
func splitColumns(total, gutterWidth, ruleWidth int) (c columnLayout, ok bool) {
	text := total - 2*gutterWidth - ruleWidth
	c.Left = text / 2
	c.Right = text - c.Left
	c.Rule = c.Left + gutterWidth
	return c, c.Left >= minColumn && c.Right >= minColumn
}

// blocks returns v's blocks, or nil for a missing version.
func blocks(v *feed.Version) []feed.Block {
	if v == nil {
		return nil
	}
	return v.Blocks
}

// singleBody draws the blocks of one version at width w, a blank line
// between blocks, or the notice when the article lacks the version.
func (r *Renderer) singleBody(v *feed.Version, notice string, w int) []string {
	if v == nil {
		return r.notice(notice, w)
	}
	var lines []string
	for i := range v.Blocks {
		if i > 0 {
			lines = append(lines, "")
		}
		lines = append(lines, r.blockLines(&v.Blocks[i], w, &r.th.main)...)
	}
	return lines
}

// notice draws a missing-language notice at width w.
func (r *Renderer) notice(text string, w int) []string {
	return r.o.Metrics.WrapStyled(r.th.notice.render(r.o.Metrics.Normalize(text)), w)
}

// interleaved draws both languages in one column of width w: Chinese block
// i, then English block i indented and in the alternate palette, a blank
// line between pairs. A missing language is announced once at the top.
func (r *Renderer) interleaved(a *feed.Article, w int) []string {
	m := r.o.Metrics
	indent := r.mk.indent
	if w-m.Width(indent) < minText {
		indent = ""
	}
	ew := w - m.Width(indent)
	english := func(lines []string) []string {
		for i, l := range lines {
			if l != "" {
				lines[i] = indent + l
			}
		}
		return lines
	}
	var out []string
	if a.ZH == nil {
		out = append(out, r.notice(noChinese, w)...)
	}
	if a.EN == nil {
		out = append(out, english(r.notice(noEnglish, ew))...)
	}
	zh, en := blocks(a.ZH), blocks(a.EN)
	for i := range max(len(zh), len(en)) {
		if len(out) > 0 {
			out = append(out, "")
		}
		if i < len(zh) {
			out = append(out, r.blockLines(&zh[i], w, &r.th.main)...)
		}
		if i < len(en) {
			out = append(out, english(r.blockLines(&en[i], ew, &r.th.alt))...)
		}
	}
	return out
}

// sideBySide draws Chinese on the left and English on the right of a rule
// at one fixed column. Block i of both languages starts on the same row;
// the shorter side is padded with blank lines, and a blank row separates
// the pairs.
func (r *Renderer) sideBySide(a *feed.Article, c columnLayout) []string {
	var left, right [][]string
	if a.ZH == nil {
		left = append(left, r.notice(noChinese, c.Left))
	}
	if a.EN == nil {
		right = append(right, r.notice(noEnglish, c.Right))
	}
	zh, en := blocks(a.ZH), blocks(a.EN)
	for i := range zh {
		left = append(left, r.blockLines(&zh[i], c.Left, &r.th.main))
	}
	for i := range en {
		right = append(right, r.blockLines(&en[i], c.Right, &r.th.main))
	}
	return r.joinColumns(left, right, c)
}

// joinColumns lays block i of left beside block i of right, each side padded
// to the same number of rows, and draws the rule between them.
func (r *Renderer) joinColumns(left, right [][]string, c columnLayout) []string {
	m := r.o.Metrics
	gutter := strings.Repeat(" ", c.Rule-c.Left)
	rule := r.th.rule.render(r.mk.column)
	var out []string
	var b strings.Builder
	row := func(l, rt string) {
		b.Grow(len(l) + c.Left + len(rule) + len(rt) + 2*len(gutter))
		b.WriteString(l)
		for range c.Left - m.Width(l) {
			b.WriteByte(' ')
		}
		b.WriteString(gutter)
		b.WriteString(rule)
		if rt != "" {
			b.WriteString(gutter)
			b.WriteString(rt)
		}
		out = append(out, b.String())
		b.Reset()
	}
	for i := range max(len(left), len(right)) {
		if i > 0 {
			row("", "")
		}
		var l, rt []string
		if i < len(left) {
			l = left[i]
		}
		if i < len(right) {
			rt = right[i]
		}
		for j := range max(len(l), len(rt)) {
			var ls, rs string
			if j < len(l) {
				ls = l[j]
			}
			if j < len(rt) {
				rs = rt[j]
			}
			row(ls, rs)
		}
	}
	return out
}
