package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
)

// The keys of daily reading on the list: * stars, u shows only the unread
// headlines, A marks the list read and U undoes it. Each changes the model
// at once and writes to the store in a command.

// toggleStar stars a (the selected or the open article) or takes its star
// away, and returns the command that writes it.
func (m Model) toggleStar(a *feed.Article) (Model, tea.Cmd) {
	switch {
	case m.store == nil:
		m.setStatus("stars need the store (disabled)", false)
		return m, nil
	case a == nil:
		return m, nil
	}
	id, k := identity(a), store.KeyOf(a)
	starred := !m.feeds.stars[id]
	m.feeds.stars[id] = starred
	m.feeds.starsVersion++
	if starred {
		m.setStatus("starred: kept, and listed under Starred", false)
	} else {
		m.setStatus("star taken away", false)
	}
	st, ctx := m.store, m.ctx
	return m, func() tea.Msg {
		if err := st.SetStarred(ctx, k, starred); err != nil {
			return starSet{Err: err}
		}
		return nil
	}
}

// toggleUnreadOnly shows only the unread headlines, or all again.
func (m Model) toggleUnreadOnly() Model {
	if m.store == nil {
		m.setStatus("read marks need the store (disabled)", false)
		return m
	}
	m.feeds.unreadOnly = !m.feeds.unreadOnly
	if m.feeds.unreadOnly {
		m.setStatus("only unread headlines", false)
	} else {
		m.setStatus("all headlines", false)
	}
	return m.refilter()
}

// markAllRead marks every headline of the list read (A) and returns the
// command that writes the marks; U undoes it.
func (m Model) markAllRead() (Model, tea.Cmd) {
	switch {
	case m.store == nil:
		m.setStatus("read marks need the store (disabled)", false)
		return m, nil
	case !m.readMarks.known:
		m.setStatus("the read marks are still loading", false)
		return m, nil
	}
	var u markUndo
	for _, k := range m.list.visible {
		a := &m.list.articles[k]
		if id := identity(a); !m.readMarks.read[id] {
			u.ids, u.keys = append(u.ids, id), append(u.keys, store.KeyOf(a))
			m.readMarks.set(id, true)
		}
	}
	if len(u.ids) == 0 {
		m.setStatus("nothing unread here", false)
		return m, nil
	}
	m.nextID++
	u.id = m.nextID
	m.feeds.undo = u
	m.unread = m.readMarks.countUnread(m.list.articles[:m.ownArticles()])
	m.setStatus("marked "+plural(len(u.ids), "article")+" read; "+m.keys.Undo.Help().Key+" undoes", false)
	st, ctx, keys, id := m.store, m.ctx, u.keys, u.id
	return m, func() tea.Msg {
		undo, err := st.MarkAllRead(ctx, keys)
		return allMarked{ID: id, Undo: undo, Err: err}
	}
}

// handleAllMarked takes the store's answer to A: the keys it really
// changed are what U makes unread again.
func (m Model) handleAllMarked(msg allMarked) Model {
	if msg.Err != nil {
		m.setStatus("could not mark the list read: "+msg.Err.Error(), true)
		return m
	}
	if msg.ID != m.feeds.undo.id {
		return m
	}
	changed := map[store.ArticleKey]bool{}
	for _, k := range msg.Undo.Keys {
		changed[k] = true
	}
	var u markUndo
	u.id = msg.ID
	for i, k := range m.feeds.undo.keys {
		if changed[k] {
			u.ids, u.keys = append(u.ids, m.feeds.undo.ids[i]), append(u.keys, k)
		}
	}
	m.feeds.undo = u
	return m
}

// undoMarkAll makes what the last A marked read unread again (U).
func (m Model) undoMarkAll() (Model, tea.Cmd) {
	u := m.feeds.undo
	if len(u.ids) == 0 {
		m.setStatus("nothing to undo", false)
		return m, nil
	}
	m.feeds.undo = markUndo{}
	for _, id := range u.ids {
		m.readMarks.set(id, false)
	}
	m.unread = m.readMarks.countUnread(m.list.articles[:m.ownArticles()])
	m.setStatus(plural(len(u.ids), "article")+" unread again", false)
	st, ctx := m.store, m.ctx
	return m.refilter(), func() tea.Msg {
		if err := st.UndoMarkAll(ctx, store.MarkUndo{Keys: u.keys}); err != nil {
			return allUnmarked{Err: err}
		}
		return nil
	}
}
