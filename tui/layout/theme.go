package layout

import (
	"strings"

	"charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	"charm.land/lipgloss/v2"
	xansi "github.com/charmbracelet/x/ansi"
)

// styleEnd ends every styled run. Each run is opened and closed on its own,
// so a line cut anywhere between runs never leaks a style.
const styleEnd = "\x1b[m"

// style is one compiled text style: the SGR sequence that opens it. The zero
// style draws text as it is, which is what plain mode uses everywhere.
type style struct{ open string }

// render returns s in the style.
func (s style) render(text string) string {
	if s.open == "" || text == "" {
		return text
	}
	return s.open + text + styleEnd
}

// write writes text in the style to sb.
func (s style) write(sb *strings.Builder, text string) {
	if s.open == "" || text == "" {
		sb.WriteString(text)
		return
	}
	sb.WriteString(s.open)
	sb.WriteString(text)
	sb.WriteString(styleEnd)
}

// blockStyles are the styles of article text in one palette.
type blockStyles struct {
	text, emph, strong, code, link style
	heading                        [7]style // by level; 0 unused
	bullet, quoteBar, codeBlock    style
}

// theme is everything the renderer draws with: the two palettes of article
// text (main, and alternate for the English half of an interleaved
// bilingual pane) and the styles of the header. It is built once by
// newTheme and never written afterwards.
type theme struct {
	main, alt               blockStyles
	title, otherTitle, meta style
	rule, notice            style
}

// Colours glamour's styles have no element for. They are the only colour
// literals of the package.
var (
	altDark   = ansi.StylePrimitive{Color: strPtr("110"), Italic: boolPtr(true)}
	altLight  = ansi.StylePrimitive{Color: strPtr("25"), Italic: boolPtr(true)}
	metaDark  = ansi.StylePrimitive{Color: strPtr("244")}
	metaLight = ansi.StylePrimitive{Color: strPtr("242")}
)

// newTheme compiles glamour's dark or light style config into SGR sequences.
// Without colour every style is the zero style.
func newTheme(color, dark bool) theme {
	if !color {
		return theme{}
	}
	cfg, alt, meta := styles.LightStyleConfig, altLight, metaLight
	if dark {
		cfg, alt, meta = styles.DarkStyleConfig, altDark, metaDark
	}
	doc := cfg.Document.StylePrimitive
	doc.BlockPrefix, doc.BlockSuffix = "", ""
	heading := cascade(doc, cfg.Heading.StylePrimitive)
	return theme{
		main:       newBlockStyles(cfg, doc),
		alt:        newBlockStyles(cfg, cascade(doc, alt)),
		title:      compile(heading),
		otherTitle: compile(cascade(doc, alt)),
		meta:       compile(cascade(doc, meta)),
		rule:       compile(cascade(doc, cfg.HorizontalRule)),
		notice:     compile(cascade(cascade(doc, meta), cfg.Emph)),
	}
}

func newBlockStyles(cfg ansi.StyleConfig, base ansi.StylePrimitive) blockStyles {
	heading := cascade(base, cfg.Heading.StylePrimitive)
	hs := [...]ansi.StyleBlock{cfg.H1, cfg.H2, cfg.H3, cfg.H4, cfg.H5, cfg.H6}
	b := blockStyles{
		text:      compile(base),
		emph:      compile(cascade(base, cfg.Emph)),
		strong:    compile(cascade(base, cfg.Strong)),
		code:      compile(cascade(base, cfg.Code.StylePrimitive)),
		link:      compile(cascade(base, cfg.LinkText)),
		bullet:    compile(cascade(base, cfg.Item)),
		quoteBar:  compile(cascade(base, cfg.BlockQuote.StylePrimitive)),
		codeBlock: compile(cascade(base, cfg.CodeBlock.StylePrimitive)),
	}
	for i, h := range hs {
		b.heading[i+1] = compile(cascade(heading, h.StylePrimitive))
	}
	return b
}

// cascade returns parent with every attribute child sets laid over it, as
// glamour cascades an element's style over its block's.
func cascade(parent, child ansi.StylePrimitive) ansi.StylePrimitive {
	s := parent
	set := func(dst **bool, src *bool) {
		if src != nil {
			*dst = src
		}
	}
	if child.Color != nil {
		s.Color = child.Color
	}
	if child.BackgroundColor != nil {
		s.BackgroundColor = child.BackgroundColor
	}
	set(&s.Underline, child.Underline)
	set(&s.Bold, child.Bold)
	set(&s.Italic, child.Italic)
	set(&s.CrossedOut, child.CrossedOut)
	set(&s.Faint, child.Faint)
	set(&s.Inverse, child.Inverse)
	set(&s.Blink, child.Blink)
	return s
}

// compile turns a glamour style primitive into its SGR sequence, attribute
// by attribute as glamour's own renderText does. Prefixes, suffixes and case
// changes are not taken: the layout draws its own markers so that plain and
// coloured output break at the same places.
func compile(p ansi.StylePrimitive) style {
	var s xansi.Style
	on := func(b *bool) bool { return b != nil && *b }
	if p.Color != nil {
		s = s.ForegroundColor(lipgloss.Color(*p.Color))
	}
	if p.BackgroundColor != nil {
		s = s.BackgroundColor(lipgloss.Color(*p.BackgroundColor))
	}
	if on(p.Underline) {
		s = s.Underline(true)
	}
	if on(p.Bold) {
		s = s.Bold()
	}
	if on(p.Faint) {
		s = s.Faint()
	}
	if on(p.Italic) {
		s = s.Italic(true)
	}
	if on(p.CrossedOut) {
		s = s.Strikethrough(true)
	}
	if on(p.Inverse) {
		s = s.Reverse(true)
	}
	if on(p.Blink) {
		s = s.Blink(true)
	}
	if len(s) == 0 {
		return style{}
	}
	return style{open: s.String()}
}

// marks are the drawing characters. In ambiguous-wide mode they are all
// ASCII, so that no character of East Asian width A is drawn at all.
type marks struct {
	rule     string // repeated to draw a horizontal rule
	joint    string // where the header rule meets the column rule
	column   string // the vertical rule between two columns
	bullet   string // before the first line of a list item
	quoteBar string // before every line of a quote
	indent   string // code blocks and the English half of an interleaved pane
}

func newMarks(ambiguousWide bool) marks {
	if ambiguousWide {
		return marks{rule: "-", joint: "+", column: "|", bullet: "- ", quoteBar: "| ", indent: "  "}
	}
	return marks{rule: "─", joint: "┬", column: "│", bullet: "• ", quoteBar: "│ ", indent: "  "}
}

// ruleLine returns a horizontal rule w columns wide, or with a joint at
// column at when at >= 0.
func (mk marks) ruleLine(w, at int) string {
	if at < 0 || at >= w {
		return strings.Repeat(mk.rule, w)
	}
	return strings.Repeat(mk.rule, at) + mk.joint + strings.Repeat(mk.rule, w-at-1)
}

func strPtr(s string) *string { return &s }
func boolPtr(b bool) *bool    { return &b }
