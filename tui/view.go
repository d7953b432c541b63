package tui

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/xinwen-reader/xinwen/tui/layout"
)

// View draws the screen. It only reads the model: pages come from the
// cache, and every width is measured with the one Metrics.
func (m Model) View() tea.View {
	v := tea.NewView(m.screenText())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "xinwen"
	return v
}

// screenText is the screen's content, one line per terminal row.
func (m Model) screenText() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	g := m.geometry()
	if g.tooSmall {
		return m.metrics.Truncate("xinwen: the terminal is too small", m.width, m.marks.ellipsis)
	}
	lines := make([]string, 0, m.height)
	lines = append(lines, m.titleBar(g))
	lines = append(lines, m.noticeRows(g)...)
	switch {
	case m.input == inputHelp:
		lines = append(lines, m.helpBox(g)...)
	case m.screen == feedsScreen:
		lines = append(lines, m.feedsPane(g)...)
	case g.wide:
		lines = append(lines, m.panes(g)...)
	case m.screen == articleScreen:
		lines = append(lines, m.articlePane(g)...)
	default:
		lines = append(lines, m.listPane(g)...)
	}
	lines = append(lines, m.statusBar(g))
	return strings.Join(lines, "\n")
}

// bar draws a full-width bar: left cut to fit, right flush with the edge.
func (m Model) bar(left string, leftStyle lipgloss.Style, right string, rightStyle lipgloss.Style, w int) string {
	rw := m.metrics.Width(right)
	if rw >= w {
		right, rw = "", 0
	}
	left = m.metrics.Truncate(left, w-rw, m.marks.ellipsis)
	return leftStyle.Render(m.metrics.PadRight(left, w-rw)) + rightStyle.Render(right)
}

// titleBar names the program and the feeds (or the search) and counts the
// articles, and the unread ones once the store has said which are read.
func (m Model) titleBar(g geometry) string {
	left := " 新闻 xinwen"
	if m.list.title != "" {
		left += "  " + m.list.title
	}
	if t := m.scopeTitle(); t != "" && m.screen != feedsScreen && !m.search.on {
		left += " · " + t
	}
	if m.feeds.unreadOnly && m.screen != feedsScreen && !m.search.on {
		left += " · unread only"
	}
	noun := "article"
	if m.search.on {
		noun = "result"
	}
	count := plural(m.ownArticles(), noun)
	if m.visibleNarrowed() {
		count = strconv.Itoa(len(m.list.visible)) + " of " + count
	}
	if m.readMarks.on && m.readMarks.known && m.ownArticles() > 0 {
		count += ", " + strconv.Itoa(m.unread) + " unread"
	}
	if c := m.storedCounts(); c != nil && !m.search.on {
		count = plural(c.all, noun) + ", " + strconv.Itoa(c.allUnread) + " unread"
	}
	return m.bar(left, m.styles.Header, count+" ", m.styles.HeaderDim, g.width)
}

// noticeRows are the lines under the title bar: the loading line, then one
// line per failed source or offline copy.
func (m Model) noticeRows(g geometry) []string {
	if g.notices == 0 {
		return nil
	}
	var out []string
	switch {
	case m.load.active:
		out = append(out, m.loadingLine(g.width))
	case m.refresh.active:
		text := fmt.Sprintf("refreshing %d/%s", m.refresh.done, plural(m.refresh.total, "feed")) + m.marks.ellipsis
		out = append(out, m.metrics.Truncate(m.spinner.View()+m.styles.Loading.Render(text), g.width, m.marks.ellipsis))
	}
	room := g.notices - len(out)
	for i, n := range m.notices {
		if len(out) == g.notices {
			break // the loading line took the only room
		}
		mark, st := m.marks.failed+" ", m.styles.SourceErr
		switch n.kind {
		case noticeOffline:
			mark, st = m.marks.offline+" ", m.styles.Notice
		case noticeWarning:
			mark, st = m.marks.warning+" ", m.styles.Notice
		}
		text := n.text // printable since takeErrors
		if i == room-1 && len(m.notices) > room {
			mark, st, text = "", m.styles.SourceErr, moreNotices(m.notices[i:])
		}
		line := m.metrics.Truncate(mark+text, g.width, m.marks.ellipsis)
		out = append(out, st.Render(line))
	}
	return out
}

// moreNotices sums up the notices that do not fit.
func moreNotices(rest []notice) string {
	failed := 0
	for _, n := range rest {
		if n.kind == noticeFailed {
			failed++
		}
	}
	switch failed {
	case len(rest):
		return fmt.Sprintf("and %d more sources failed", len(rest))
	case 0:
		return fmt.Sprintf("and %d more offline copies or warnings", len(rest))
	}
	return fmt.Sprintf("and %d more sources failed, offline or warned", len(rest))
}

// loadingLine shows the spinner and, once the load is slow, the progress.
func (m Model) loadingLine(w int) string {
	text := "loading " + plural(m.load.sources, "source") + m.marks.ellipsis
	if !m.load.slow {
		return m.metrics.Truncate(m.spinner.View()+m.styles.Loading.Render(text), w, m.marks.ellipsis)
	}
	var tail string
	switch {
	case m.load.total > 0:
		barWidth := min(30, w/3)
		p := m.progress
		p.SetWidth(barWidth)
		frac := float64(m.load.done) / float64(m.load.total)
		tail = "  " + p.ViewAs(frac) + " " + humanBytes(m.load.done) + " / " + humanBytes(m.load.total)
	case m.load.done > 0:
		tail = "  " + humanBytes(m.load.done) + " read"
	}
	return m.metrics.Truncate(m.spinner.View()+m.styles.Loading.Render(text)+tail, w, m.marks.ellipsis)
}

// panes draws the list and the article side by side.
func (m Model) panes(g geometry) []string {
	left := m.listPane(g)
	right := m.articlePane(g)
	rule := m.styles.Rule.Render(m.marks.rule) + " "
	out := make([]string, g.bodyHeight)
	for i := range out {
		out[i] = m.metrics.PadRight(left[i], g.listWidth) + rule + right[i]
	}
	return out
}

// listPane draws the filter line and the headlines, g.bodyHeight lines.
func (m Model) listPane(g geometry) []string {
	w := g.listWidth
	out := make([]string, 0, g.bodyHeight)
	switch {
	case m.search.on:
		out = append(out, m.searchLine(w))
	case m.filterShown():
		out = append(out, m.filterLine(w))
	}
	switch {
	case m.search.on && len(m.list.visible) == 0:
		out = append(out, m.styles.Empty.Render(m.metrics.Truncate(m.searchEmpty(), w, m.marks.ellipsis)))
	case len(m.list.visible) > 0:
		end := min(m.list.top+g.listRows, len(m.list.visible))
		for i := m.list.top; i < end; i++ {
			out = append(out, m.row(m.list.visible[i], w, i == m.list.cursor))
		}
	case m.load.active && len(m.list.articles) == 0:
		out = append(out, m.styles.Empty.Render(m.metrics.Truncate(" loading"+m.marks.ellipsis, w, m.marks.ellipsis)))
	case len(m.list.articles) > 0:
		out = append(out, m.styles.Empty.Render(m.metrics.Truncate(" no headline matches the filter", w, m.marks.ellipsis)))
	default:
		out = append(out, m.styles.Empty.Render(m.metrics.Truncate(" no articles", w, m.marks.ellipsis)))
	}
	for len(out) < g.bodyHeight {
		out = append(out, "")
	}
	return out[:g.bodyHeight]
}

// filterLine shows the filter being typed, or the filter in force.
func (m Model) filterLine(w int) string {
	prompt := m.styles.Filter.Render(filterPrompt)
	if m.input == inputFilter {
		return m.metrics.Truncate(prompt+m.filter.View(), w, m.marks.ellipsis)
	}
	return m.metrics.Truncate(prompt+m.filter.Value()+m.styles.Empty.Render("  (esc clears)"), w, m.marks.ellipsis)
}

// Widths of the fixed columns of a headline row.
const (
	dateWidth      = len("2006-01-02")
	shortDateWidth = len("01-02")
	langsWidth     = 5 // "中 EN"
)

// row draws the headline of article k, exactly w columns wide: with a
// store, the unread marker; then date, title, feed or domain, languages.
func (m Model) row(k, w int, selected bool) string {
	h := &m.list.headlines[k]
	st := m.styles.Row
	if selected {
		st = m.styles.Selected
	}
	markW := 0 // the marker column, with a store
	if m.readMarks.on {
		markW = m.metrics.Width(m.marks.unread)
	}
	unread := m.readMarks.isUnread(identity(&m.list.articles[k]))
	starred := m.readMarks.on && m.feeds.stars[identity(&m.list.articles[k])]
	if unread {
		st.Title = st.Unread
	}
	date, dw := h.date, dateWidth
	if w < 60 {
		dw = shortDateWidth
		if len(date) == dateWidth {
			date = date[5:]
		}
	}
	domW := 0
	if w >= 50 {
		domW = min(max(w/6, 8), 20)
	}
	titleW := w - (1 + markW + dw + 2 + 2 + langsWidth + 1)
	if domW > 0 {
		titleW -= domW + 2
	}
	if titleW < 1 {
		return st.Title.Render(m.metrics.PadRight(m.metrics.Truncate(" "+h.zh+h.en, w, m.marks.ellipsis), w))
	}
	sp := func(n int) string { return st.Base.Render(strings.Repeat(" ", n)) }
	var b strings.Builder
	switch {
	case starred:
		b.WriteString(st.Marker.Render(m.marks.star))
	case unread:
		b.WriteString(st.Marker.Render(m.marks.unread))
	case markW > 0:
		b.WriteString(sp(markW))
	}
	b.WriteString(sp(1))
	b.WriteString(st.Date.Render(m.metrics.PadRight(date, dw)))
	b.WriteString(sp(2))
	b.WriteString(m.titleCell(h, titleW, st))
	b.WriteString(sp(2))
	if domW > 0 {
		b.WriteString(st.Domain.Render(m.metrics.PadRight(m.metrics.Truncate(h.domain, domW, m.marks.ellipsis), domW)))
		b.WriteString(sp(2))
	}
	b.WriteString(st.Langs.Render(h.langs))
	b.WriteString(sp(1))
	return b.String()
}

// minSecondTitle is the least room worth showing the English title in
// after the Chinese one, in Both.
const minSecondTitle = 12

// titleCell draws the title in the current language, w columns wide. A
// missing title is replaced by the other language's, dimmed and tagged; in
// Both the English title follows the Chinese one.
func (m Model) titleCell(h *headline, w int, st rowStyles) string {
	text, tag, second := h.zh, "", ""
	switch m.lang {
	case layout.Chinese:
		if text == "" {
			text, tag = h.en, "EN "
		}
	case layout.English:
		text = h.en
		if text == "" {
			text, tag = h.zh, "中 "
		}
	default:
		if text == "" {
			text = h.en
		} else {
			second = h.en
		}
	}
	if tag != "" && h.mtitle != "" {
		text, tag = h.mtitle, m.machineMark() // translated on the list: dimmed, marked
	} else if second == "" && m.lang == layout.Both && h.mtitle != "" {
		second = m.machineMark() + h.mtitle
	}
	if text == "" {
		text = "(untitled)"
	}
	mt, ell := m.metrics, m.marks.ellipsis
	if tag != "" {
		tw := mt.Width(tag)
		if tw >= w {
			return st.Fallback.Render(mt.PadRight(mt.Truncate(text, w, ell), w))
		}
		return st.Tag.Render(tag) + st.Fallback.Render(mt.PadRight(mt.Truncate(text, w-tw, ell), w-tw))
	}
	if second != "" && mt.Width(text)+2+minSecondTitle <= w {
		cut := mt.Truncate(text+"  "+second, w, ell)
		if len(cut) > len(text) && strings.HasPrefix(cut, text) {
			return st.Title.Render(text) + st.Fallback.Render(mt.PadRight(cut[len(text):], w-mt.Width(text)))
		}
		return st.Title.Render(mt.PadRight(cut, w))
	}
	return st.Title.Render(mt.PadRight(mt.Truncate(text, w, ell), w))
}

// articlePane draws the visible part of the shown article's page,
// g.bodyHeight lines: exactly the renderer's lines, sliced.
func (m Model) articlePane(g geometry) []string {
	out := make([]string, 0, g.bodyHeight)
	lines, ok := m.page()
	switch {
	case ok:
		start := min(m.list.scroll, max(len(lines)-g.bodyHeight, 0))
		end := min(start+g.bodyHeight, len(lines))
		out = append(out, lines[start:end]...)
		m.lightPair(out, start)
	case m.list.open >= 0:
		out = append(out, m.styles.Empty.Render(m.metrics.Truncate(" rendering"+m.marks.ellipsis, g.articleWidth, m.marks.ellipsis)))
	}
	for len(out) < g.bodyHeight {
		out = append(out, "")
	}
	return out
}

// statusBar shows the language mode, a message or key hints, and the
// position: article n of N (and how far through it, in the article view).
func (m Model) statusBar(g geometry) string {
	badge := m.styles.Lang.Render(" " + m.lang.String() + " ")
	bw := m.metrics.Width(badge)
	n, total := m.list.cursor+1, len(m.list.visible)
	if total == 0 {
		n = 0
	}
	right := fmt.Sprintf(" %d/%d ", n, total)
	var bindings []key.Binding
	switch {
	case m.input == inputFilter:
		bindings = m.keys.filterHelp()
	case m.input == inputSearch:
		bindings = m.keys.searchHelp()
	case m.screen == feedsScreen:
		right = " " + plural(len(m.sources), "feed") + " "
		bindings = m.keys.feedsHelp()
	case m.screen == articleScreen:
		right = m.pairBadge() + fmt.Sprintf(" %3d%%  %d/%d ", m.percent(g), n, total)
		bindings = m.keys.articleHelp(m.sent.on)
	case m.search.on:
		bindings = m.keys.resultsHelp()
	default:
		bindings = m.keys.ShortHelp()
	}
	const lead = " " // before the hints or the message
	hints := m.hintText(bindings, g.width-bw-m.metrics.Width(right)-m.metrics.Width(lead))
	mid, midStyle := lead+hints, m.styles.Status
	if p := m.translationStatus(); p != "" {
		mid, midStyle = lead+p, m.styles.Message
	}
	if p := m.fullTextStatus(); p != "" {
		mid, midStyle = lead+p, m.styles.Message
	}
	if m.status != "" {
		mid, midStyle = lead+m.status, m.styles.Message // printable since setStatus
		switch {
		case m.statusBad:
			midStyle = m.styles.Failure
		case m.statusOff:
			midStyle = m.styles.NoticeBar
		}
	}
	return badge + m.bar(mid, midStyle, right, m.styles.Status, max(g.width-bw, 0))
}

// hintText is the status bar's short help for bindings, plain (the bar
// styles it), as many hints as fit in w columns.
func (m Model) hintText(bindings []key.Binding, w int) string {
	h := m.help
	h.Styles = help.Styles{} // plain: the bar styles the whole text
	h.ShortSeparator = m.marks.hintSep
	h.SetWidth(max(w, 0))
	return h.ShortHelpView(bindings)
}

// percent is how far the article pane has scrolled, 0–100.
func (m Model) percent(g geometry) int {
	lines, ok := m.page()
	if !ok {
		return 0
	}
	last := len(lines) - g.bodyHeight
	if last <= 0 {
		return 100
	}
	return min(m.list.scroll, last) * 100 / last
}

// helpBox draws the help overlay: the full help of the key map, framed and
// centred in the body, g.bodyHeight lines.
func (m Model) helpBox(g geometry) []string {
	mt, mk := m.metrics, m.marks
	h := m.help
	h.Styles = m.styles.Help
	content := []string{"xinwen " + m.versionText() + "  keys", ""}
	content = append(content, strings.Split(h.FullHelpView(m.keys.FullHelp()), "\n")...)
	content = append(content, "", "The mouse wheel scrolls. Any key closes this help.")
	inner := 0
	for _, l := range content {
		inner = max(inner, mt.Width(l))
	}
	inner = min(inner, g.width-2*(mt.Width(mk.vertical)+1)) // "│ " and " │"
	hw := mt.Width(mk.horizontal)
	edge := strings.Repeat(mk.horizontal, (inner+2)/max(hw, 1))
	box := []string{m.styles.HelpBox.Render(mk.topLeft + edge + mk.topRight)}
	for _, l := range content {
		l = mt.PadRight(mt.Truncate(l, inner, mk.ellipsis), inner)
		box = append(box, m.styles.HelpBox.Render(mk.vertical)+" "+l+" "+m.styles.HelpBox.Render(mk.vertical))
	}
	box = append(box, m.styles.HelpBox.Render(mk.bottomLeft+edge+mk.bottomRight))
	indent := strings.Repeat(" ", max((g.width-mt.Width(box[0]))/2, 0))
	out := make([]string, 0, g.bodyHeight)
	for range max((g.bodyHeight-len(box))/2, 0) {
		out = append(out, "")
	}
	for _, l := range box {
		if len(out) == g.bodyHeight {
			break
		}
		out = append(out, indent+l)
	}
	for len(out) < g.bodyHeight {
		out = append(out, "")
	}
	return out
}

func (m Model) versionText() string {
	if m.version == "" {
		return "dev"
	}
	return m.version
}

// plural returns "1 article", "2 articles".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// humanBytes formats a byte count for the progress line.
func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
