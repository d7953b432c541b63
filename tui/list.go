package tui

import "github.com/xinwen-reader/xinwen/feed"

// listState is one list of articles and everything that belongs to it:
// the rows, the title, which rows pass the filter, the selection, the
// scroll of the list and the article open from it. The model holds the
// list in force (Model.list); search mode keeps the headlines aside in
// search.saved and puts them back whole.
type listState struct {
	articles  []feed.Article
	headlines []headline // parallel to articles
	title     string     // the feed name(s) for the title bar
	visible   []int      // indices into articles passing the filter and the scope
	rowCursor            // cursor: selected index into visible
	open      int        // index into articles shown in the article pane, -1 none
	scroll    int        // first line of the article pane
	filter    string     // the filter's text, while the list is set aside
	// stubs are the identities of articles that are headlines without
	// their bodies yet (start.go); nil when there are none.
	stubs map[string]bool
	// elsewhere are the identities of the starred articles of sources
	// the reader was not given, at the end of articles (elsewhere.go);
	// nil when there are none.
	elsewhere map[string]bool
}

// selected returns the selected article, or nil when the list is empty.
func (l *listState) selected() *feed.Article {
	if l.cursor < 0 || l.cursor >= len(l.visible) {
		return nil
	}
	return &l.articles[l.visible[l.cursor]]
}

// follow keeps the cursor on a visible row and the list scrolled to it.
func (l *listState) follow(rows int) { l.rowCursor.follow(len(l.visible), rows) }

// move moves the cursor by delta rows, stopping at the ends.
func (l *listState) move(delta int) { l.rowCursor.move(delta, len(l.visible)) }

// rowCursor is the selection and the scroll of a list of rows: the
// headlines and search results (listState) and the feeds screen.
type rowCursor struct {
	cursor int // selected row
	top    int // first row shown
}

// follow keeps the cursor within n rows and the list scrolled so that the
// cursor is among the rows shown.
func (c *rowCursor) follow(n, rows int) {
	if n == 0 {
		c.cursor, c.top = 0, 0
		return
	}
	rows = max(rows, 1)
	c.cursor = min(max(c.cursor, 0), n-1)
	if c.cursor < c.top {
		c.top = c.cursor
	}
	if c.cursor >= c.top+rows {
		c.top = c.cursor - rows + 1
	}
	c.top = min(max(c.top, 0), max(n-rows, 0))
}

// move moves the cursor by delta of n rows, stopping at the ends.
func (c *rowCursor) move(delta, n int) {
	if n == 0 {
		return
	}
	c.cursor = min(max(c.cursor+delta, 0), n-1)
}
