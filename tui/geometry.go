package tui

// Heights of the reader's chrome, in lines.
const (
	titleBarHeight  = 1
	statusBarHeight = 1
	filterHeight    = 1 // the filter line above the headlines, when a filter is set
)

// Prompts drawn before the filter and the search inputs.
const (
	filterPrompt = " / "
	searchPrompt = " search: "
)

// inputWidth is the room an input has after prompt on a w-column line,
// one column kept for its cursor.
func (m Model) inputWidth(w int, prompt string) int {
	return max(w-m.metrics.Width(prompt)-1, 1)
}

// widePanes is the terminal width from which the list and the article are
// shown side by side.
const widePanes = 160

// Minimum size below which the reader only asks for a larger terminal.
const (
	minWidth  = 20
	minHeight = 5
)

// geometry is the screen's layout arithmetic: where each pane is and how
// big. It is pure; newGeometry computes it from the terminal size and the
// sizes of the parts that vary.
type geometry struct {
	width, height int
	tooSmall      bool
	wide          bool // list and article side by side
	listWidth     int  // the list pane: the whole width unless wide
	gutter        int  // rule and space between the panes (0 unless wide)
	articleWidth  int  // the article pane
	notices       int  // lines under the title bar (source errors, loading)
	bodyHeight    int  // lines between the notices and the status bar
	listRows      int  // headline rows: bodyHeight less the filter line
}

// newGeometry lays out a width×height terminal. ruleWidth is the width of
// the rule drawn between the panes, notices the lines wanted under the title
// bar (it gets at most a third of the body), filter whether the filter line
// is shown.
func newGeometry(width, height, ruleWidth, notices int, filter bool) geometry {
	g := geometry{width: width, height: height}
	if width < minWidth || height < minHeight {
		g.tooSmall = true
		return g
	}
	body := height - titleBarHeight - statusBarHeight
	g.notices = min(notices, body/3)
	g.bodyHeight = body - g.notices
	g.listRows = g.bodyHeight
	if filter {
		g.listRows -= filterHeight
	}
	g.listWidth, g.articleWidth = width, width
	if width >= widePanes {
		g.wide = true
		g.listWidth = min(max(width*2/5, 50), 72)
		g.gutter = ruleWidth + 1
		g.articleWidth = width - g.listWidth - g.gutter
	}
	return g
}

// geometry returns the model's current layout.
func (m Model) geometry() geometry {
	return newGeometry(m.width, m.height, m.metrics.Width(m.marks.rule), m.noticeLines(), m.filterShown())
}

// noticeLines is how many lines the notices under the title bar want.
func (m Model) noticeLines() int {
	n := len(m.notices)
	if m.load.active || m.refresh.active {
		n++
	}
	return n
}

// filterShown reports whether a line is shown above the list: the filter,
// or in search mode the search prompt.
func (m Model) filterShown() bool {
	return m.input == inputFilter || m.filter.Value() != "" || m.search.on
}
