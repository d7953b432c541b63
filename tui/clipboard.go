package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
)

// linkTarget is the article whose link o and y act on: the open article on
// the article screen, else the selected headline.
func (m Model) linkTarget() *feed.Article {
	if m.screen == articleScreen {
		if a, _ := m.shown(); a != nil {
			return a
		}
	}
	return m.selected()
}

// copyLink copies the target's link to the clipboard with OSC 52, which
// the terminal (or tmux) carries to the system clipboard; there is no
// answer to confirm it arrived.
func (m Model) copyLink() (Model, tea.Cmd) {
	a := m.linkTarget()
	switch {
	case a == nil:
		m.setStatus("no article to copy the link of", true)
		return m, nil
	case a.Link == "":
		m.setStatus("this article has no link", true)
		return m, nil
	}
	m.setStatus("copied "+a.Link, false)
	return m, tea.SetClipboard(a.Link)
}

// openLink starts the browser on the target's link, refusing anything but
// http and https at once.
func (m Model) openLink() (Model, tea.Cmd) {
	a := m.linkTarget()
	if a == nil {
		m.setStatus("no article to open", true)
		return m, nil
	}
	if err := checkLink(a.Link); err != nil {
		m.setStatus("not opened: "+err.Error(), true)
		return m, nil
	}
	m.setStatus("opening "+a.Link+m.marks.ellipsis, false)
	return m, m.opener.open(a.Link)
}

// handleLinkOpened reports whether the browser started, and waits for it
// to exit in case it fails.
func (m Model) handleLinkOpened(msg linkOpened) (Model, tea.Cmd) {
	if msg.Err != nil {
		m.setStatus("not opened: "+msg.Err.Error(), true)
		return m, nil
	}
	m.setStatus("opened with "+msg.Argv[0]+": "+msg.URL, false)
	return m, waitBrowser(msg)
}
