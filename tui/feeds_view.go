package tui

import (
	"strconv"
	"strings"
)

// feedsPane draws the feeds screen, g.bodyHeight lines: one entry a line,
// the name and the tags on the left, a failed feed's error after them, the
// counts flush right.
func (m Model) feedsPane(g geometry) []string {
	entries := m.feedEntries()
	c := m.feeds.rowCursor
	c.follow(len(entries), g.bodyHeight) // entries can change under it (tags)
	cur := c.cursor
	out := make([]string, 0, g.bodyHeight)
	for i := c.top; i < len(entries) && len(out) < g.bodyHeight; i++ {
		out = append(out, m.feedLine(entries[i], g.width, i == cur))
	}
	for len(out) < g.bodyHeight {
		out = append(out, "")
	}
	return out
}

// feedLine draws one entry of the feeds screen, exactly w columns wide.
// Every string in e is printable already (feedEntries).
func (m Model) feedLine(e feedEntry, w int, selected bool) string {
	mt, ell := m.metrics, m.marks.ellipsis
	st := m.styles.Row
	if selected {
		st = m.styles.Selected
	}
	counts := strconv.Itoa(e.total) + " "
	if e.scope.kind != scopeStarred && e.scope.kind != scopeUnread && m.unreadKnown() {
		counts = strconv.Itoa(e.unread) + " unread  " + counts
	}
	right := " " + counts
	rw := mt.Width(right)
	if rw >= w {
		right, rw = "", 0
	}
	name := feedPart{" " + e.name, st.Title}
	if e.unread > 0 {
		name.p = st.Unread
	}
	parts := []feedPart{name}
	if e.tags != "" {
		parts = append(parts, feedPart{"  " + e.tags, st.Domain})
	}
	if e.err != "" {
		parts = append(parts, feedPart{"  " + m.marks.failed + " " + e.err, st.Marker})
	}
	room := w - rw
	var b strings.Builder
	for _, p := range parts {
		if room <= 0 {
			break
		}
		text := mt.Truncate(p.text, room, ell)
		room -= mt.Width(text)
		b.WriteString(p.p.Render(text))
	}
	b.WriteString(st.Base.Render(strings.Repeat(" ", max(room, 0))))
	b.WriteString(st.Date.Render(right))
	return b.String()
}

// feedPart is a piece of a feeds screen line and its paint.
type feedPart struct {
	text string
	p    paint
}
