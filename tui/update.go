package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/tui/layout"
)

// wheelLines is how far one notch of the mouse wheel scrolls an article.
const wheelLines = 3

// Update handles one message. It never blocks: loading, opening links and
// rendering long articles happen in the commands it returns.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m = m.handleResize(msg)
	case tea.BackgroundColorMsg:
		m, cmd = m.handleBackground(msg)
	case rendererBuilt:
		if msg.Dark == m.dark {
			m.renderer, m.rendererDark = msg.Renderer, msg.Dark
		}
	case tea.KeyPressMsg:
		m, cmd = m.handleKey(msg)
	case tea.MouseWheelMsg:
		m = m.handleWheel(msg)
	case articlesLoaded:
		m, cmd = m.handleLoaded(msg)
	case loadProgressed:
		m, cmd = m.handleProgress(msg)
	case loadSlow:
		if m.load.active && m.load.job != nil && msg.ID == m.load.job.id {
			m.load.slow = true
		}
	case spinner.TickMsg:
		if m.load.active || m.refresh.active {
			m.spinner, cmd = m.spinner.Update(msg)
		}
	case articleRendered:
		m.pages.put(msg.Key, msg.Page, msg.Gen)
		m = m.pageArrived(msg.Key)
	case sentencesAligned:
		m = m.handleAligned(msg)
	case linkOpened:
		m, cmd = m.handleLinkOpened(msg)
	case browserExited:
		m.setStatus("browser "+msg.Argv[0]+" failed: "+msg.Err.Error(), true)
	case readMarksLoaded:
		m = m.handleReadMarks(msg)
	case readMarked:
		m.setStatus("could not remember the read mark: "+msg.Err.Error(), true)
	case preferenceSaved:
		m.setStatus("could not remember the "+msg.Key+": "+msg.Err.Error(), true)
	case searchDone:
		m = m.handleSearchDone(msg)
	case storedLoaded:
		m, cmd = m.handleStored(msg)
	case storedHeadlines:
		m, cmd = m.handleStoredHeadlines(msg)
	case starredCounted:
		m, cmd = m.handleStarredCounted(msg)
	case bodyLoaded:
		m = m.handleBody(msg)
	case feedRefreshed:
		m, cmd = m.handleRefreshed(msg)
	case refreshTick:
		m, cmd = m.handleRefreshTick()
	case subscriptionsLoaded:
		m = m.handleSubscriptions(msg)
		if m.feeds.fromStore && !m.feeds.headlinesAsked && m.load.job != nil {
			m.feeds.headlinesAsked = true
			cmd = m.fetchHeadlines(m.load.job.id)
		}
	case starsLoaded:
		m = m.handleStars(msg)
	case starSet:
		m.setStatus("could not remember the star: "+msg.Err.Error(), true)
	case allMarked:
		m = m.handleAllMarked(msg)
	case allUnmarked:
		m.setStatus("could not undo: "+msg.Err.Error(), true)
	case translationMsg:
		m, cmd = m.handleTranslation(msg)
	case fullTextFetched:
		m, cmd = m.handleFullText(msg)
	default:
		switch { // pastes, and the inputs' own messages
		case m.input == inputFilter:
			m, cmd = m.editFilter(msg)
		case m.input == inputSearch:
			m, cmd = m.editSearch(msg)
		}
	}
	m = m.followFullText()
	m, follow := m.followTranslation()
	return m, tea.Batch(cmd, follow, m.ensureAlignment(), m.ensurePage(), m.fetchBody())
}

// handleResize adopts the new size, keeping the selection and the reading
// position in the article.
func (m Model) handleResize(msg tea.WindowSizeMsg) Model {
	at := m.readingPosition()
	m.width, m.height = msg.Width, msg.Height
	w := m.geometry().listWidth
	m.filter.SetWidth(m.inputWidth(w, filterPrompt))
	m.search.input.SetWidth(m.inputWidth(w, searchPrompt))
	m = m.followCursor()
	return m.restorePosition(at).followSentence()
}

// handleBackground adopts the terminal's reported background: new styles
// at once, and a renderer for it built in a command.
func (m Model) handleBackground(msg tea.BackgroundColorMsg) (Model, tea.Cmd) {
	dark := msg.IsDark()
	if dark == m.dark {
		return m, nil
	}
	m.dark = dark
	m = m.applyStyles(newStyles(m.color, dark))
	if !m.color {
		return m, nil // without colour the pages do not depend on the background
	}
	o := m.renderOpts
	o.Dark = dark
	return m, func() tea.Msg { return rendererBuilt{Dark: dark, Renderer: layout.NewRenderer(o)} }
}

// handleKey dispatches a key press: quitting, the help overlay and the
// filter input first, then the keys that work everywhere, then the keys of
// the current screen.
func (m Model) handleKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	if key.Matches(msg, m.keys.Quit) {
		return m, tea.Quit
	}
	m.setStatus("", false)
	switch {
	case m.input == inputHelp:
		m.input = inputKeys // any key closes the help
		return m, nil
	case m.input == inputFilter:
		return m.handleFilterKey(msg)
	case m.input == inputSearch:
		return m.handleSearchKey(msg)
	case m.screen == feedsScreen:
		return m.handleFeedsKey(msg)
	}
	switch {
	case key.Matches(msg, m.keys.Help):
		m.input = inputHelp
		return m, nil
	case key.Matches(msg, m.keys.Lang):
		at := m.readingPosition()
		m.lang = m.lang.Next()
		return m.restorePosition(at).followSentence(), m.saveLanguage()
	case key.Matches(msg, m.keys.Search):
		return m.startSearch()
	case key.Matches(msg, m.keys.Translate):
		return m.translateKey()
	case key.Matches(msg, m.keys.FullText):
		return m.fullTextKey()
	case key.Matches(msg, m.keys.Mark):
		if m.screen == articleScreen {
			a, _ := m.shown()
			return m.toggleRead(a)
		}
		return m.toggleRead(m.selected())
	case key.Matches(msg, m.keys.Star):
		if m.screen == articleScreen {
			a, _ := m.shown()
			return m.toggleStar(a)
		}
		return m.toggleStar(m.selected())
	case key.Matches(msg, m.keys.UnreadOnly):
		return m.toggleUnreadOnly(), nil
	case key.Matches(msg, m.keys.MarkAll):
		if m.screen == listScreen {
			return m.markAllRead()
		}
	case key.Matches(msg, m.keys.Undo):
		return m.undoMarkAll()
	case key.Matches(msg, m.keys.Browser):
		return m.openLink()
	case key.Matches(msg, m.keys.Copy):
		return m.copyLink()
	case key.Matches(msg, m.keys.Reload):
		return m.refreshKey(false)
	case key.Matches(msg, m.keys.RefreshAll):
		return m.refreshKey(true)
	case key.Matches(msg, m.keys.Filter):
		if m.search.on {
			m.setStatus("/ filters the headlines: esc goes back to them, s searches again", false)
			return m, nil
		}
		m.screen, m.input = listScreen, inputFilter
		cmd := m.filter.Focus() // before m is copied out
		return m.followCursor(), cmd
	}
	if m.screen == articleScreen {
		return m.handleArticleKey(msg)
	}
	return m.handleListKey(msg)
}

// handleListKey handles a key on the headline list.
func (m Model) handleListKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	rows := max(m.geometry().listRows, 1)
	switch {
	case key.Matches(msg, m.keys.Back):
		if m.search.on {
			return m.leaveSearch(), nil
		}
		if msg.String() == "q" {
			return m, tea.Quit
		}
		if m.filter.Value() != "" {
			m = m.setFilter("")
		} else if m.feeds.multi {
			m.screen = feedsScreen
		}
	case key.Matches(msg, m.keys.Up, m.keys.Prev):
		m = m.moveCursor(-1)
	case key.Matches(msg, m.keys.Down, m.keys.Next):
		m = m.moveCursor(1)
	case key.Matches(msg, m.keys.PageUp):
		m = m.moveCursor(-rows)
	case key.Matches(msg, m.keys.PageDown):
		m = m.moveCursor(rows)
	case key.Matches(msg, m.keys.Top):
		m = m.moveCursor(-len(m.list.visible))
	case key.Matches(msg, m.keys.Bottom):
		m = m.moveCursor(len(m.list.visible))
	case key.Matches(msg, m.keys.Open):
		if m.selected() != nil {
			if k := m.list.visible[m.list.cursor]; k != m.list.open {
				m.list.open, m.list.scroll = k, 0
			}
			m.screen = articleScreen
			return m.markOpened(&m.list.articles[m.list.open])
		}
	}
	return m, nil
}

// handleArticleKey handles a key on the article view. Stepping to the next
// or previous article opens it (marks it read).
func (m Model) handleArticleKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	if m, cmd, ok := m.handleSentenceKey(msg); ok {
		return m, cmd
	}
	page := max(m.geometry().bodyHeight, 1)
	open := m.list.open
	switch {
	case key.Matches(msg, m.keys.Back):
		m.screen = listScreen
	case key.Matches(msg, m.keys.Up):
		m = m.scrollBy(-1)
	case key.Matches(msg, m.keys.Down):
		m = m.scrollBy(1)
	case key.Matches(msg, m.keys.PageUp):
		m = m.scrollBy(-page)
	case key.Matches(msg, m.keys.PageDown):
		m = m.scrollBy(page)
	case key.Matches(msg, m.keys.Top):
		m.list.scroll = 0
	case key.Matches(msg, m.keys.Bottom):
		m.list.scroll = m.maxScroll()
	case key.Matches(msg, m.keys.Next):
		m = m.step(1).followSentence()
	case key.Matches(msg, m.keys.Prev):
		m = m.step(-1).followSentence()
	}
	if m.list.open != open && m.list.open >= 0 && m.list.open < len(m.list.articles) {
		return m.markOpened(&m.list.articles[m.list.open])
	}
	return m, nil
}

// handleFilterKey handles a key while the filter is typed: enter keeps the
// filter, esc clears it, everything else edits it.
func (m Model) handleFilterKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Accept):
		m.input = inputKeys
		m.filter.Blur()
		return m, nil
	case key.Matches(msg, m.keys.Cancel):
		m.input = inputKeys
		m.filter.Blur()
		return m.setFilter(""), nil
	}
	return m.editFilter(msg)
}

// handleWheel scrolls the pane under the mouse: the article by a few
// lines, the list by one headline per notch.
func (m Model) handleWheel(msg tea.MouseWheelMsg) Model {
	mouse := msg.Mouse()
	dir := 0
	switch mouse.Button {
	case tea.MouseWheelUp:
		dir = -1
	case tea.MouseWheelDown:
		dir = 1
	default:
		return m
	}
	g := m.geometry()
	overArticle := m.screen == articleScreen
	if g.wide {
		overArticle = mouse.X >= g.listWidth
	}
	if overArticle {
		return m.scrollBy(dir * wheelLines)
	}
	return m.moveCursor(dir)
}

// setFilter sets the filter's text and applies it.
func (m Model) setFilter(s string) Model {
	m.filter.SetValue(s)
	return m.refilter()
}

// refilter recomputes the visible headlines, keeping the selected article
// selected when it still passes, else selecting the first.
func (m Model) refilter() Model {
	var keep string
	if a := m.selected(); a != nil {
		keep = identity(a)
	}
	m.list.visible = m.matching(m.filter.Value())
	m.list.cursor, m.list.top = 0, 0
	for i, k := range m.list.visible {
		if identity(&m.list.articles[k]) == keep {
			m.list.cursor = i
			break
		}
	}
	return m.followCursor()
}

// moveCursor moves the selection by delta headlines, stopping at the ends.
func (m Model) moveCursor(delta int) Model {
	m.list.move(delta)
	return m.followCursor()
}

// followCursor scrolls the list so the selection is visible and, when both
// panes are shown and the list has the keyboard, previews the selection.
func (m Model) followCursor() Model {
	g := m.geometry()
	m.list.follow(g.listRows)
	if len(m.list.visible) == 0 {
		return m
	}
	if g.wide && m.screen == listScreen {
		if k := m.list.visible[m.list.cursor]; k != m.list.open {
			m.list.open, m.list.scroll = k, 0
		}
	}
	return m
}

// step opens the next (delta 1) or previous (-1) article of the list.
func (m Model) step(delta int) Model {
	next := m.list.cursor + delta
	if next < 0 || next >= len(m.list.visible) {
		if delta > 0 {
			m.setStatus("this is the last article", false)
		} else {
			m.setStatus("this is the first article", false)
		}
		return m
	}
	m.list.cursor = next
	m.list.open, m.list.scroll = m.list.visible[next], 0
	return m.followCursor()
}

// scrollBy scrolls the article pane by delta lines, within the page.
func (m Model) scrollBy(delta int) Model {
	m.list.scroll = min(max(m.list.scroll+delta, 0), m.maxScroll())
	return m
}

// maxScroll is the last useful first line of the article pane; while the
// page is not rendered yet it does not limit scrolling.
func (m Model) maxScroll() int {
	lines, ok := m.page()
	if !ok {
		return max(m.list.scroll, 0)
	}
	return max(len(lines)-max(m.geometry().bodyHeight, 1), 0)
}

// readingPosition is how far through the shown article the pane is, as a
// fraction, or -1 when no page is shown.
func (m Model) readingPosition() float64 {
	lines, ok := m.page()
	if !ok || len(lines) == 0 || m.list.scroll == 0 {
		return -1
	}
	return float64(m.list.scroll) / float64(len(lines))
}

// restorePosition renders the shown article for the current mode and width
// and scrolls to the same fraction of it, so that a resize or a language
// change keeps the reader's place roughly.
func (m Model) restorePosition(at float64) Model {
	if at < 0 {
		return m
	}
	if m.renderIfShort() { // a long page renders later; the offset stays
		lines, _ := m.page()
		m.list.scroll = int(at * float64(len(lines)))
	}
	return m.scrollBy(0)
}
