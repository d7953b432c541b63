package layout

import "strings"

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

// newTheme returns the theme for a dark or light background: glamour's
// dark or light style config, compiled into SGR sequences. The compiled
// themes are generated into theme_gen.go by TestThemeIsGlamours (in
// theme_glamour_test.go, which imports glamour), not compiled at run time:
// glamour's packages bring chroma with them, whose initialisation alone costs
// 35 ms at every start of the program, and the reader's first frame has
// 100 ms. The test fails when glamour's styles and the generated ones
// differ; `go test ./tui/layout -run TestThemeIsGlamours -update` refreshes
// them. Without colour every style is the zero style.
func newTheme(color, dark bool) theme {
	switch {
	case !color:
		return theme{}
	case dark:
		return glamourDark
	default:
		return glamourLight
	}
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
