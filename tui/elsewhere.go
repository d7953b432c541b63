package tui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
)

// Starred articles of sources the reader was not given (a feed since
// unsubscribed, a file read once) are kept forever: the store's retention
// spares them. They are listed under Starred, and only there, with the
// feeds' own starred articles: they join the list as stubs (start.go),
// whose bodies are read from the store when they are opened, and count in
// no feed, tag, All or unread figure.

// withElsewhere returns articles with the starred articles of other
// sources (m.elsewhere) put at their end as stubs, any copy of them among
// articles taken out first, and the identities of those it put there.
func (m Model) withElsewhere(articles []feed.Article) ([]feed.Article, map[string]bool) {
	if len(m.elsewhere) == 0 {
		return articles, nil
	}
	ids := make(map[string]bool, len(m.elsewhere))
	for i := range m.elsewhere {
		ids[identity(&m.elsewhere[i])] = true
	}
	own := make([]feed.Article, 0, len(articles)+len(m.elsewhere))
	for i := range articles {
		if !ids[identity(&articles[i])] {
			own = append(own, articles[i])
		}
	}
	return append(own, m.elsewhere...), ids
}

// ownArticles is how many of the list's articles are the sources' own,
// those of m.list.elsewhere left out.
func (m Model) ownArticles() int { return len(m.list.articles) - len(m.list.elsewhere) }

// handleStarredCounted takes step 1's Starred count and the starred
// articles of other sources, and lists those if the list has come.
func (m Model) handleStarredCounted(msg starredCounted) (Model, tea.Cmd) {
	if msg.Err != nil {
		return m, nil
	}
	m.feeds.starTotal = msg.N + len(msg.Elsewhere)
	m.elsewhere = msg.Elsewhere
	for i := range m.elsewhere {
		m.feeds.stars[identity(&m.elsewhere[i])] = true
	}
	if len(m.elsewhere) == 0 || len(m.list.articles) == 0 {
		return m, nil // setArticles adds them with the list
	}
	m, _ = m.withHeadlineList(func(m Model) (Model, tea.Cmd) {
		return m.addElsewhere(), nil
	})
	return m, nil
}

// addElsewhere puts m.elsewhere into the list in force, keeping what it
// holds (stubs, selection, the open article).
func (m Model) addElsewhere() Model {
	l := &m.list
	present := make(map[string]bool, len(l.articles))
	for i := range l.articles {
		present[identity(&l.articles[i])] = true
	}
	// Older copies of the model share the slices: they grow as copies.
	articles := append([]feed.Article(nil), l.articles...)
	headlines := append([]headline(nil), l.headlines...)
	for i := range m.elsewhere {
		a := &m.elsewhere[i]
		id := identity(a)
		if present[id] {
			continue
		}
		h := newHeadline(a, m.metrics)
		h.src = -1
		articles, headlines = append(articles, *a), append(headlines, h)
		if l.elsewhere == nil {
			l.elsewhere = map[string]bool{}
		}
		if l.stubs == nil {
			l.stubs = map[string]bool{}
		}
		l.elsewhere[id], l.stubs[id] = true, true
	}
	l.articles, l.headlines = articles, m.trans.withTitles(articles, headlines, false)
	selected := l.selected()
	l.visible = m.matching(m.filter.Value())
	if selected != nil {
		for i, k := range l.visible {
			if identity(&l.articles[k]) == identity(selected) {
				l.cursor = i
				break
			}
		}
	}
	return m.followCursor()
}
