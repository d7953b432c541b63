package tui

import (
	"unicode/utf8"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/tui/layout"
)

// editFilter hands msg (a key or a paste) to the filter input, keeps its
// text printable and applies the filter when the text changed.
func (m Model) editFilter(msg tea.Msg) (Model, tea.Cmd) {
	before := m.filter.Value()
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(printablePaste(m.metrics, msg))
	cleanPrompt(m.metrics, &m.filter)
	if m.filter.Value() != before {
		m = m.refilter()
	}
	return m, cmd
}

// editSearch hands msg (a key or a paste) to the search input and keeps
// its text printable.
func (m Model) editSearch(msg tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	m.search.input, cmd = m.search.input.Update(printablePaste(m.metrics, msg))
	cleanPrompt(m.metrics, &m.search.input)
	return m, cmd
}

// printablePaste returns msg with its text printable when it is a paste,
// else msg. A paste is cleaned whole before the input sees it, because the
// input drops the ESC of an escape sequence and keeps the rest as text.
func printablePaste(met layout.Metrics, msg tea.Msg) tea.Msg {
	if p, ok := msg.(tea.PasteMsg); ok {
		p.Content = printableInput(met, p.Content)
		return p
	}
	return msg
}

// cleanPrompt makes the text of in printable after an edit. The input
// itself drops only C0 and C1 controls, so a pasted or typed bidi override
// would otherwise be echoed to the terminal, and escape sequences would
// leave their parameters behind as text. The cursor stays after the text
// that was before it.
func cleanPrompt(met layout.Metrics, in *textinput.Model) {
	v := in.Value()
	clean := printableInput(met, v)
	if clean == v {
		return
	}
	before := []rune(v)[:min(in.Position(), utf8.RuneCountInString(v))]
	in.SetValue(clean)
	in.SetCursor(utf8.RuneCountInString(printableInput(met, string(before))))
}
