package tui

import "charm.land/bubbles/v2/key"

// keyMap is every key the reader understands. Update matches keys only
// through these bindings (key.Matches) and the help overlay and the status
// bar hints are drawn from them, so help cannot drift from behaviour.
//
// The help labels are ASCII (no arrows), so that they measure the same in a
// terminal that draws East Asian ambiguous characters wide.
type keyMap struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
	Open     key.Binding
	Back     key.Binding // esc and q; q on the list quits
	Quit     key.Binding
	Next     key.Binding
	Prev     key.Binding
	Lang     key.Binding
	Browser  key.Binding
	Copy     key.Binding
	Filter   key.Binding
	Reload   key.Binding
	Search   key.Binding
	Mark     key.Binding // read or unread
	Help     key.Binding
	// Translate: the article, or on the list the visible titles.
	Translate key.Binding
	FullText  key.Binding // fetch the shown article's page

	// Daily reading (feeds.go).
	Star       key.Binding // star or unstar
	UnreadOnly key.Binding // only unread headlines, or all
	MarkAll    key.Binding // mark the list read
	Undo       key.Binding // undo MarkAll
	RefreshAll key.Binding // refresh every feed (Reload: the current one)

	// The sentence cursor and the grid, on the article screen.
	NextPair       key.Binding
	PrevPair       key.Binding
	CopyPair       key.Binding
	Grid           key.Binding
	LeaveSentences key.Binding // esc, while the cursor is on

	// While the filter is being typed.
	Accept key.Binding
	Cancel key.Binding

	// While the search words are being typed.
	SearchRun    key.Binding
	SearchCancel key.Binding
}

func defaultKeyMap() keyMap {
	return keyMap{
		Up:         key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("k/up", "up")),
		Down:       key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j/down", "down")),
		PageUp:     key.NewBinding(key.WithKeys("pgup"), key.WithHelp("pgup", "page up")),
		PageDown:   key.NewBinding(key.WithKeys("pgdown", "space"), key.WithHelp("space/pgdn", "page down")),
		Top:        key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "top")),
		Bottom:     key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "bottom")),
		Open:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Back:       key.NewBinding(key.WithKeys("esc", "q"), key.WithHelp("esc/q", "back (q on the list quits)")),
		Quit:       key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Next:       key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next")),
		Prev:       key.NewBinding(key.WithKeys("p"), key.WithHelp("p", "previous")),
		Lang:       key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "language")),
		Browser:    key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open link")),
		Copy:       key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy link")),
		Filter:     key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Reload:     key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh")),
		Search:     key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "search")),
		Mark:       key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "read/unread")),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Translate:  key.NewBinding(key.WithKeys("T"), key.WithHelp("T", "translate")),
		FullText:   key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "full text")),
		Star:       key.NewBinding(key.WithKeys("*"), key.WithHelp("*", "star")),
		UnreadOnly: key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "unread only")),
		MarkAll:    key.NewBinding(key.WithKeys("A"), key.WithHelp("A", "all read")),
		RefreshAll: key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "refresh all")),
		Undo:       key.NewBinding(key.WithKeys("U"), key.WithHelp("U", "undo A")),
		Accept:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		Cancel:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),

		NextPair:       key.NewBinding(key.WithKeys(")"), key.WithHelp(")", "next pair")),
		PrevPair:       key.NewBinding(key.WithKeys("("), key.WithHelp("(", "prev pair")),
		CopyPair:       key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "copy pair")),
		Grid:           key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "grid")),
		LeaveSentences: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "leave pairs")),

		SearchRun:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "search")),
		SearchCancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// ShortHelp returns the hints shown in the status bar of the headline list.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Open, k.Lang, k.Filter, k.Help, k.quitHint()}
}

// articleHelp returns the hints shown in the status bar of the article
// view: with the sentence cursor on, its keys.
func (k keyMap) articleHelp(sentences bool) []key.Binding {
	if sentences {
		return []key.Binding{k.NextPair, k.PrevPair, k.CopyPair, k.Grid, k.LeaveSentences, k.Help}
	}
	pairs := k.NextPair
	pairs.SetHelp(")", "sentences")
	return []key.Binding{k.Lang, pairs, k.Next, k.Prev, k.Browser, k.Copy, k.Help}
}

// feedsHelp returns the hints shown on the feeds screen.
func (k keyMap) feedsHelp() []key.Binding {
	return []key.Binding{k.Open, k.RefreshAll, k.Search, k.Help, k.quitHint()}
}

// filterHelp returns the hints shown while the filter is being typed.
func (k keyMap) filterHelp() []key.Binding {
	return []key.Binding{k.Accept, k.Cancel}
}

// searchHelp returns the hints shown while search words are typed.
func (k keyMap) searchHelp() []key.Binding {
	return []key.Binding{k.SearchRun, k.SearchCancel}
}

// resultsHelp returns the hints shown on the list of search results.
func (k keyMap) resultsHelp() []key.Binding {
	b := k.Back
	b.SetHelp("esc", "headlines")
	return []key.Binding{k.Open, k.Mark, k.Search, b, k.Help}
}

// FullHelp returns the columns of the help overlay.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom, k.NextPair, k.PrevPair, k.Star},
		{k.Open, k.Back, k.Next, k.Prev, k.Filter, k.Quit, k.LeaveSentences, k.CopyPair, k.Grid, k.UnreadOnly, k.MarkAll},
		{k.Lang, k.Translate, k.FullText, k.Browser, k.Copy, k.Reload, k.Search, k.Mark, k.Help, k.Undo, k.RefreshAll},
	}
}

// quitHint is the Back binding as the headline list presents it: there, q
// quits the reader.
func (k keyMap) quitHint() key.Binding {
	b := k.Back
	b.SetHelp("q", "quit")
	return b
}
