package layout

import (
	"github.com/xinwen-reader/xinwen/feed"
)

// defaultSideBySide is the narrowest pane that Both draws in two columns
// when Options.SideBySide is 0.
const defaultSideBySide = 80

// Options configure a Renderer. The zero value draws plain text with
// narrow ambiguous characters.
type Options struct {
	// Metrics measures and breaks all text.
	Metrics Metrics
	// Color turns on styles and hyperlinks. Without it no line holds a
	// single escape sequence.
	Color bool
	// Dark selects glamour's dark style; otherwise its light style.
	Dark bool
	// SideBySide is the narrowest width at which Both draws two columns;
	// narrower panes interleave the languages. 0 means 80.
	SideBySide int
}

// Page is a rendered article: the header (titles, date, keywords, link and
// a rule) and the body, as lines without trailing newlines. No line is
// wider than the width the page was rendered at.
type Page struct {
	Header, Body []string
	// Pairs holds, for a page drawn with an alignment, the rows of Body
	// that each aligned pair's sentences take in the page's mode, in the
	// pairs' order; nil otherwise.
	Pairs []Rows
	// sheet is what Highlight needs to redraw a pair; nil without an
	// alignment.
	sheet *sheet
}

// Renderer draws articles. Build it once with NewRenderer: it holds the
// compiled styles. It is immutable, so it is safe for concurrent use by
// several goroutines.
type Renderer struct {
	o  Options
	th theme
	mk marks
}

// NewRenderer returns a Renderer for o.
func NewRenderer(o Options) *Renderer {
	if o.Metrics.tab == nil {
		o.Metrics = NewMetrics(o.Metrics.AmbiguousWide())
	}
	if o.SideBySide <= 0 {
		o.SideBySide = defaultSideBySide
	}
	return &Renderer{o: o, th: newTheme(o.Color, o.Dark), mk: newMarks(o.Metrics.AmbiguousWide())}
}

// Render draws a in language mode lang at width columns. Both draws two
// columns at widths of at least Options.SideBySide and interleaves the
// languages below that. A language the article lacks is replaced by a
// one-line notice. Widths below 2 give an empty page; a nil article gives
// an empty page too.
func (r *Renderer) Render(a *feed.Article, lang Lang, width int) Page {
	if a == nil || width < 2 {
		return Page{}
	}
	m := r.o.Metrics
	switch lang {
	case English:
		return Page{Header: r.header(a, lang, width, -1), Body: r.singleBody(a.EN, noEnglish, width)}
	case Both:
		if width >= r.o.SideBySide {
			c, ok := splitColumns(width, m.Width(" "), m.Width(r.mk.column))
			if ok {
				return Page{Header: r.header(a, lang, width, c.Rule), Body: r.sideBySide(a, c)}
			}
		}
		return Page{Header: r.header(a, lang, width, -1), Body: r.interleaved(a, width)}
	default:
		return Page{Header: r.header(a, lang, width, -1), Body: r.singleBody(a.ZH, noChinese, width)}
	}
}
