package tui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// searchLimit is the most results one search lists.
const searchLimit = 200

// Search mode. `s` opens a prompt; enter searches the store in a command;
// the results become the list in force: they are drawn, opened, stepped
// through with n and p, marked read and previewed exactly like the
// headlines, because while searching the model's list fields hold the
// results and the headline list waits in search.saved. esc puts it back.

// searchState is the state of search mode.
type searchState struct {
	on      bool // the results are the list in force
	running bool // a search is under way
	ran     bool // a search has finished: its results (maybe none) are listed
	query   string
	id      int // the request ID of the latest search
	input   textinput.Model
	saved   listState // the headline list, while on
}

func newSearchInput() textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.Placeholder = "words in Chinese or English"
	in.CharLimit = 200
	return in
}

// takeList returns the list in force, with the filter typed for it.
func (m Model) takeList() listState {
	l := m.list
	l.filter = m.filter.Value()
	return l
}

// putList makes l the list in force.
func (m Model) putList(l listState) Model {
	m.list = l
	m.filter.SetValue(l.filter)
	m.unread = m.readMarks.countUnread(m.list.articles[:m.ownArticles()])
	return m
}

// withHeadlineList runs f on the headline list, also while search results
// are listed (a load finishing during a search lands in the headlines).
func (m Model) withHeadlineList(f func(Model) (Model, tea.Cmd)) (Model, tea.Cmd) {
	if !m.search.on {
		return f(m)
	}
	results, scr := m.takeList(), m.screen
	m = m.putList(m.search.saved)
	m.screen = listScreen
	m, cmd := f(m)
	m.search.saved = m.takeList()
	m = m.putList(results)
	m.screen = scr
	return m, cmd
}

// startSearch opens the search prompt, entering search mode.
func (m Model) startSearch() (Model, tea.Cmd) {
	if m.store == nil {
		m.setStatus("search needs the store (disabled)", false)
		return m, nil
	}
	if !m.search.on {
		m.search.saved = m.takeList()
		m = m.putList(listState{title: "search", open: -1})
		m.search.on = true
	}
	m.screen, m.input = listScreen, inputSearch
	m.search.input.CursorEnd()
	cmd := m.search.input.Focus()
	return m.followCursor(), cmd
}

// leaveSearch goes back to the headline list as it was.
func (m Model) leaveSearch() Model {
	if !m.search.on {
		return m
	}
	m = m.putList(m.search.saved)
	m.search.input.Blur()
	m.search = searchState{input: m.search.input}
	if m.input == inputSearch {
		m.input = inputKeys
	}
	m.screen = listScreen
	return m.followCursor()
}

// handleSearchKey handles a key while the search prompt has the keyboard:
// enter searches, esc goes back to the results (or to the headlines when
// nothing was searched yet), everything else edits the words.
func (m Model) handleSearchKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.SearchRun):
		query := strings.TrimSpace(m.search.input.Value())
		if query == "" {
			m.setStatus("type a word to search for", false)
			return m, nil
		}
		m.input = inputKeys
		m.search.input.Blur()
		return m.runSearch(query)
	case key.Matches(msg, m.keys.SearchCancel):
		m.input = inputKeys
		m.search.input.Blur()
		if !m.search.ran && !m.search.running {
			return m.leaveSearch(), nil
		}
		m.search.input.SetValue(m.search.query)
		return m, nil
	}
	return m.editSearch(msg)
}

// runSearch starts request query and returns the command that searches the
// store and reads the results' marks. The command owns copies of all it
// uses.
func (m Model) runSearch(query string) (Model, tea.Cmd) {
	m.nextID++
	m.search.id, m.search.running, m.search.query = m.nextID, true, query
	st, ctx, id, gen := m.store, m.ctx, m.search.id, m.readMarks.gen
	return m, func() tea.Msg {
		found, err := st.Search(ctx, query, searchLimit)
		if err != nil {
			return searchDone{ID: id, Query: query, Err: err}
		}
		_, read, err := readMarksOf(ctx, st, found)
		return searchDone{ID: id, Query: query, Results: found, Read: read, Gen: gen, Err: err}
	}
}

// handleSearchDone lists the results of the latest search; results of an
// earlier one, or arriving after search mode was left, are dropped.
func (m Model) handleSearchDone(msg searchDone) Model {
	if !m.search.on || msg.ID != m.search.id {
		return m
	}
	m.search.running = false
	if msg.Err != nil {
		m.setStatus("search: "+msg.Err.Error(), true)
		return m
	}
	ids := make([]string, len(msg.Results))
	for i := range msg.Results {
		ids[i] = identity(&msg.Results[i])
	}
	m.readMarks.merge(ids, msg.Read, msg.Gen)
	m.search.ran = true
	l := listState{articles: msg.Results, title: "search: " + printable(m.metrics, msg.Query), open: -1}
	l.headlines = make([]headline, len(msg.Results))
	l.visible = make([]int, len(msg.Results))
	for i := range msg.Results {
		l.headlines[i] = newHeadline(&msg.Results[i], m.metrics)
		l.visible[i] = i
	}
	if m.screen == articleScreen {
		m.screen = listScreen
	}
	m = m.putList(l)
	return m.followCursor()
}

// searchLine is the line above the results: the prompt being typed, or the
// words searched for.
func (m Model) searchLine(w int) string {
	prompt := m.styles.Filter.Render(searchPrompt)
	if m.input == inputSearch {
		return m.metrics.Truncate(prompt+m.search.input.View(), w, m.marks.ellipsis)
	}
	text := printable(m.metrics, m.search.query)
	return m.metrics.Truncate(prompt+text+m.styles.Empty.Render("  (s searches again, esc goes back)"), w, m.marks.ellipsis)
}

// searchEmpty is what the result list shows when it has no rows.
func (m Model) searchEmpty() string {
	switch {
	case m.search.running:
		return " searching" + m.marks.ellipsis
	case m.search.ran:
		return " no stored article matches"
	}
	return " type words in Chinese or English; enter searches the stored articles"
}
