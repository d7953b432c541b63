package tui

import (
	"image/color"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// Styles holds every style the reader draws with. It is built once from the
// terminal's background (newStyles) and rebuilt only when the background is
// reported; view code never names a colour.
type Styles struct {
	Header    lipgloss.Style // the title bar
	HeaderDim lipgloss.Style // secondary text in the title bar
	Status    lipgloss.Style // the status bar
	Lang      lipgloss.Style // the language badge in the status bar
	Message   lipgloss.Style // a status message
	Failure   lipgloss.Style // a status message that reports a failure
	SourceErr lipgloss.Style // the one-line error of a failed source
	Notice    lipgloss.Style // the line of a source read from its offline copy
	NoticeBar lipgloss.Style // a status message that is a notice, not a failure
	Loading   lipgloss.Style // the loading line
	Filter    lipgloss.Style // the filter prompt
	Rule      lipgloss.Style // the rule between list and article panes
	HelpBox   lipgloss.Style // the frame of the help overlay
	Empty     lipgloss.Style // "no articles" and "rendering…" notes

	Row      rowStyles // an unselected headline
	Selected rowStyles // the selected headline

	Help          help.Styles
	Input         textinput.Styles
	Spinner       lipgloss.Style
	ProgressFull  color.Color
	ProgressEmpty color.Color
}

// rowStyles style the parts of one headline row. Every part carries the
// row's background, so a selected row is highlighted across its full width.
// They are paints, not lipgloss styles: a screen of headlines is drawn with
// string concatenation alone.
type rowStyles struct {
	Base     paint // padding between the parts
	Date     paint
	Title    paint // a title in the current language
	Fallback paint // the other language's title, used when one is missing
	Tag      paint // the "EN" or "中" tag before a fallback title
	Domain   paint
	Langs    paint // which languages the article has
	Unread   paint // the title of an unread article (with a store)
	Marker   paint // the unread marker
}

// rowLipgloss are the lipgloss styles a rowStyles is made from.
type rowLipgloss struct {
	Base, Date, Title, Fallback, Tag, Domain, Langs, Unread, Marker lipgloss.Style
}

func (r rowLipgloss) paints() rowStyles {
	return rowStyles{
		Base: newPaint(r.Base), Date: newPaint(r.Date), Title: newPaint(r.Title),
		Fallback: newPaint(r.Fallback), Tag: newPaint(r.Tag), Domain: newPaint(r.Domain),
		Langs: newPaint(r.Langs), Unread: newPaint(r.Unread), Marker: newPaint(r.Marker),
	}
}

// parts are the row's styles, for changing them all at once.
func (r *rowLipgloss) parts() []*lipgloss.Style {
	return []*lipgloss.Style{&r.Base, &r.Date, &r.Title, &r.Fallback, &r.Tag, &r.Domain, &r.Langs, &r.Unread, &r.Marker}
}

// paint is a lipgloss style reduced to the escape sequences it puts before
// and after a run of text. It suits styles without padding, margins,
// borders or widths, which are all that the rows use.
type paint struct{ open, close string }

func newPaint(s lipgloss.Style) paint {
	const probe = "x"
	r := s.Inline(true).Render(probe)
	i := strings.Index(r, probe)
	if i < 0 {
		return paint{}
	}
	return paint{open: r[:i], close: r[i+len(probe):]}
}

// Render returns s with the paint's escape sequences around it.
func (p paint) Render(s string) string {
	if p.open == "" && p.close == "" {
		return s
	}
	return p.open + s + p.close
}

// newStyles builds the styles for a dark or light background. Without
// colour (NO_COLOR, --color never) only bold, faint and reverse remain, so
// the selection and the bars stay visible.
func newStyles(useColor, dark bool) Styles {
	if !useColor {
		return plainStyles()
	}
	ld := lipgloss.LightDark(dark)
	var (
		fg      = ld(lipgloss.Color("#1F2328"), lipgloss.Color("#E6EDF3"))
		dim     = ld(lipgloss.Color("#6E7781"), lipgloss.Color("#8B949E"))
		accent  = ld(lipgloss.Color("#0550AE"), lipgloss.Color("#79C0FF"))
		barBg   = ld(lipgloss.Color("#D0D7DE"), lipgloss.Color("#30363D"))
		selBg   = ld(lipgloss.Color("#DDF4FF"), lipgloss.Color("#1F3A5F"))
		badgeBg = ld(lipgloss.Color("#0969DA"), lipgloss.Color("#388BFD"))
		badgeFg = ld(lipgloss.Color("#FFFFFF"), lipgloss.Color("#0D1117"))
		bad     = ld(lipgloss.Color("#CF222E"), lipgloss.Color("#FF7B72"))
		warn    = ld(lipgloss.Color("#9A6700"), lipgloss.Color("#D29922"))
		good    = ld(lipgloss.Color("#1A7F37"), lipgloss.Color("#56D364"))
		tag     = ld(lipgloss.Color("#8250DF"), lipgloss.Color("#D2A8FF"))
		empty   = ld(lipgloss.Color("#D0D7DE"), lipgloss.Color("#484F58"))
	)
	base := lipgloss.NewStyle()
	row := rowLipgloss{
		Base:     base,
		Date:     base.Foreground(dim),
		Title:    base.Foreground(fg),
		Fallback: base.Foreground(dim),
		Tag:      base.Foreground(tag).Bold(true),
		Domain:   base.Foreground(accent),
		Langs:    base.Foreground(dim),
		Unread:   base.Foreground(fg).Bold(true),
		Marker:   base.Foreground(accent).Bold(true),
	}
	bar := base.Background(barBg).Foreground(fg)
	return Styles{
		Header:        bar.Bold(true),
		HeaderDim:     bar.Foreground(dim),
		Status:        bar,
		Lang:          base.Background(badgeBg).Foreground(badgeFg).Bold(true),
		Message:       bar.Foreground(good),
		Failure:       bar.Foreground(bad).Bold(true),
		SourceErr:     base.Foreground(bad),
		Notice:        base.Foreground(warn),
		NoticeBar:     bar.Foreground(warn),
		Loading:       base.Foreground(accent),
		Filter:        base.Foreground(accent).Bold(true),
		Rule:          base.Foreground(dim),
		HelpBox:       base.Foreground(dim),
		Empty:         base.Foreground(dim).Italic(true),
		Row:           row.paints(),
		Selected:      withBackground(row, selBg).paints(),
		Help:          help.DefaultStyles(dark),
		Input:         inputStyles(textinput.DefaultStyles(dark)),
		Spinner:       base.Foreground(accent),
		ProgressFull:  accent,
		ProgressEmpty: empty,
	}
}

// plainStyles are the styles without any colour.
func plainStyles() Styles {
	base := lipgloss.NewStyle()
	row := rowLipgloss{
		Base: base, Date: base, Title: base, Fallback: base.Faint(true),
		Tag: base.Bold(true), Domain: base, Langs: base, Unread: base.Bold(true), Marker: base.Bold(true),
	}
	sel := row
	for _, s := range sel.parts() {
		*s = s.Reverse(true)
	}
	bar := base.Reverse(true)
	in := textinput.Styles{
		Focused: textinput.StyleState{Text: base, Placeholder: base.Faint(true), Suggestion: base.Faint(true), Prompt: base},
		Blurred: textinput.StyleState{Text: base, Placeholder: base.Faint(true), Suggestion: base.Faint(true), Prompt: base},
		Cursor:  textinput.CursorStyle{Shape: tea.CursorBlock},
	}
	return Styles{
		Header: bar.Bold(true), HeaderDim: bar, Status: bar, Lang: bar.Bold(true),
		Message: bar, Failure: bar.Bold(true), SourceErr: base.Bold(true),
		Notice: base.Italic(true), NoticeBar: bar.Italic(true),
		Loading: base, Filter: base.Bold(true), Rule: base, HelpBox: base, Empty: base.Faint(true),
		Row: row.paints(), Selected: sel.paints(),
		Help: help.Styles{
			Ellipsis: base, ShortKey: base.Bold(true), ShortDesc: base, ShortSeparator: base,
			FullKey: base.Bold(true), FullDesc: base, FullSeparator: base,
		},
		Input:         in,
		Spinner:       base,
		ProgressFull:  lipgloss.NoColor{},
		ProgressEmpty: lipgloss.NoColor{},
	}
}

// withBackground returns r with bg behind every part.
func withBackground(r rowLipgloss, bg color.Color) rowLipgloss {
	for _, s := range r.parts() {
		*s = s.Background(bg)
	}
	r.Title = r.Title.Bold(true)
	return r
}

// inputStyles turns off cursor blinking, which would redraw the screen twice
// a second for nothing.
func inputStyles(s textinput.Styles) textinput.Styles {
	s.Cursor.Blink = false
	return s
}

// marks are the drawing characters of the reader's own chrome. As in the
// layout package, a terminal that draws East Asian ambiguous characters wide
// gets ASCII only, so no character of ambiguous width is drawn.
type marks struct {
	rule                 string // between the list and the article pane
	horizontal, vertical string // the help frame
	topLeft, topRight    string
	bottomLeft           string
	bottomRight          string
	ellipsis             string
	hintSep              string // between the key hints of the status bar
	unread               string // before an unread headline, one column
	star                 string // before a starred headline, in place of unread
	failed, offline      string // before the line of a failed source, of an offline copy
	warning              string // before the line of a source loaded with a warning
	progressFull         rune
	progressEmpty        rune
}

func newMarks(ambiguousWide bool) marks {
	if ambiguousWide {
		return marks{rule: "|", horizontal: "-", vertical: "|", topLeft: "+", topRight: "+",
			bottomLeft: "+", bottomRight: "+", ellipsis: "...", hintSep: "  ",
			unread: "*", star: "+", failed: "✗", offline: "~", warning: "!",
			progressFull: '#', progressEmpty: '.'}
	}
	return marks{rule: "│", horizontal: "─", vertical: "│", topLeft: "╭", topRight: "╮",
		bottomLeft: "╰", bottomRight: "╯", ellipsis: "…", hintSep: " • ",
		unread: "●", star: "★", failed: "✗", offline: "↺", warning: "!",
		progressFull: '█', progressEmpty: '░'}
}
