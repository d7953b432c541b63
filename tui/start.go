package tui

import (
	"context"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
)

// The start from the store, with two or more feeds (refresh.go starts the
// rest). Its first frame must not wait for a body: it is drawn in three
// steps, each replacing the one before.
//
//  1. The feeds screen, counted by the store (Subscriptions): the titles,
//     tags, unread and total of every subscription, before any headline.
//  2. The stored headlines (Headlines), without bodies: the lists can be
//     browsed; the article opened or previewed has its body fetched
//     alone (Article) and shows "rendering…" until then.
//  3. Every source's offline copy, whole (fetchStored), then the refresh.
//
// An article of step 2 (a headline) is a stub: it has its titles, date,
// link and feed, but no blocks and no keywords. shown() never returns one,
// so nothing renders, aligns, translates or fetches the full text of a
// stub; what needs the text waits for the body.

// storedHeadlines carries step 2 for load ID: one stub per headline, in
// the store's order (newest first), and the read and star state the
// store keeps for them, asked for at read-mark generation Gen.
type storedHeadlines struct {
	ID, Gen  int
	Articles []feed.Article
	IDs      []string // identities of Articles
	Read     map[string]bool
	Starred  map[string]bool
	Err      error
}

// starredCounted carries how many starred articles of the model's sources
// are stored, for the Starred entry of step 1.
type starredCounted struct {
	N int
	// Elsewhere are the stored starred articles of other sources, as
	// stubs (elsewhere.go).
	Elsewhere []feed.Article
	Err       error
}

// bodyLoaded carries the body of a stub, asked for by identity.
type bodyLoaded struct {
	Identity string
	Article  feed.Article
	OK       bool // the store still has it
	Err      error
}

// fetchHeadlines returns the command of step 2: the headlines of every
// subscription and of every other source among the model's.
func (m Model) fetchHeadlines(id int) tea.Cmd {
	st, ctx, gen, sources := m.store, m.ctx, m.readMarks.gen, slices.Clone(m.sources)
	return func() tea.Msg {
		msg := storedHeadlines{ID: id, Gen: gen, Read: map[string]bool{}, Starred: map[string]bool{}}
		heads, err := storedHeadlinesOf(ctx, st, sources)
		if err != nil {
			msg.Err = err
			return msg
		}
		msg.Articles = make([]feed.Article, len(heads))
		msg.IDs = make([]string, len(heads))
		for i := range heads {
			msg.Articles[i] = stubOf(&heads[i])
			msg.IDs[i] = identity(&msg.Articles[i])
			if heads[i].Read {
				msg.Read[msg.IDs[i]] = true
			}
			if heads[i].Starred {
				msg.Starred[msg.IDs[i]] = true
			}
		}
		return msg
	}
}

// countStarred returns the command that counts, for step 1, the stored
// starred articles of the model's sources.
func (m Model) countStarred() tea.Cmd {
	st, ctx, sources := m.store, m.ctx, slices.Clone(m.sources)
	return func() tea.Msg {
		heads, err := st.Headlines(ctx, store.HeadlineFilter{Starred: true})
		of := make([]feed.Article, len(heads))
		for i := range heads {
			of[i].Source = heads[i].Key.Source
		}
		msg := starredCounted{Err: err}
		for i, src := range sourceIndex(of, sources) {
			if src >= 0 {
				msg.N++
			} else {
				msg.Elsewhere = append(msg.Elsewhere, stubOf(&heads[i]))
			}
		}
		return msg
	}
}

// storedHeadlinesOf returns the stored headlines of sources: all the
// subscriptions' at once, and each other source's by itself.
func storedHeadlinesOf(ctx context.Context, st storeAPI, sources []string) ([]store.Headline, error) {
	subs, err := st.Subscriptions(ctx)
	if err != nil {
		return nil, err
	}
	subscribed := make(map[string]bool, len(subs))
	for _, s := range subs {
		subscribed[feed.SourceName(s.Source)] = true
	}
	var out []store.Headline
	asked := false
	for _, s := range sources {
		name := feed.SourceName(s)
		switch {
		case s == "-":
			continue // standard input is read by the refresh
		case subscribed[name]:
			if asked {
				continue
			}
			asked = true
			heads, err := st.Headlines(ctx, store.HeadlineFilter{})
			if err != nil {
				return nil, err
			}
			out = append(out, keepSources(heads, sources)...)
		default:
			heads, err := st.Headlines(ctx, store.HeadlineFilter{Feed: name})
			if err != nil {
				return nil, err
			}
			out = append(out, heads...)
		}
	}
	return out, nil
}

// keepSources keeps the headlines of subscriptions among sources: the
// reader may have been given some of the subscriptions only.
func keepSources(heads []store.Headline, sources []string) []store.Headline {
	names := make(map[string]bool, len(sources))
	for _, s := range sources {
		names[feed.SourceName(s)] = true
	}
	return slices.DeleteFunc(heads, func(h store.Headline) bool { return !names[h.Subscription] })
}

// stubOf is the article a headline stands for, without its body.
func stubOf(h *store.Headline) feed.Article {
	a := feed.Article{ID: h.Key.ID, Source: h.Key.Source, Link: h.Link, Published: h.Published, Feed: h.Feed}
	if strings.Contains(h.Languages, "zh") {
		a.ZH = &feed.Version{Title: h.TitleZH}
	}
	if strings.Contains(h.Languages, "en") || a.ZH == nil {
		a.EN = &feed.Version{Title: h.TitleEN}
	}
	return a
}

// handleStoredHeadlines shows step 2, unless the articles of step 3 or of
// a load have come already, and asks for step 3.
func (m Model) handleStoredHeadlines(msg storedHeadlines) (Model, tea.Cmd) {
	if m.load.job == nil || msg.ID != m.load.job.id || !m.load.active {
		return m, nil
	}
	if msg.Err != nil {
		m.setStatus("stored headlines: "+msg.Err.Error(), true)
		return m, m.fetchStored(msg.ID)
	}
	m, _ = m.withHeadlineList(func(m Model) (Model, tea.Cmd) {
		m = m.setArticles(msg.Articles)
		if m.list.stubs == nil {
			m.list.stubs = make(map[string]bool, len(msg.IDs))
		}
		for _, id := range msg.IDs {
			m.list.stubs[id] = true
		}
		return m.selectPosition(), nil
	})
	m.feeds.fromStore = false
	m = m.handleReadMarks(readMarksLoaded{Gen: msg.Gen, IDs: msg.IDs, Read: msg.Read})
	m = m.handleStars(starsLoaded{IDs: msg.IDs, Starred: msg.Starred})
	return m, m.fetchStored(msg.ID)
}

// fetchBody returns the command that fetches the body of the shown
// stub, or nil when the article shown is not one or is being fetched.
func (m Model) fetchBody() tea.Cmd {
	l := &m.list
	if m.store == nil || l.open < 0 || l.open >= len(l.articles) || len(l.stubs) == 0 {
		return nil
	}
	if m.screen != articleScreen && !m.geometry().wide {
		return nil
	}
	a := &l.articles[l.open]
	id := identity(a)
	if !l.stubs[id] || m.bodies[id] {
		return nil
	}
	m.bodies[id] = true
	st, ctx, key := m.store, m.ctx, store.KeyOf(a)
	return func() tea.Msg {
		full, ok, err := st.Article(ctx, key)
		return bodyLoaded{Identity: id, Article: full, OK: ok, Err: err}
	}
}

// handleBody puts a stub's body in place, in the list it belongs to.
func (m Model) handleBody(msg bodyLoaded) Model {
	delete(m.bodies, msg.Identity)
	m, _ = m.withHeadlineList(func(m Model) (Model, tea.Cmd) {
		return m.takeBody(msg), nil
	})
	return m
}

// takeBody replaces the stub with identity msg.Identity by its article.
func (m Model) takeBody(msg bodyLoaded) Model {
	l := &m.list
	if !l.stubs[msg.Identity] {
		return m // step 3 came first
	}
	k := slices.IndexFunc(l.articles, func(a feed.Article) bool { return identity(&a) == msg.Identity })
	switch {
	case k < 0:
		return m
	case msg.Err != nil:
		m.setStatus("stored article: "+msg.Err.Error(), true)
		return m
	case !msg.OK || identity(&msg.Article) != msg.Identity:
		m.setStatus("the stored article is gone: refresh its feed (r)", true)
		return m
	}
	// The list's slice is shared with older copies of the model, which
	// are never used again; the row stays (its titles are the same).
	l.articles[k] = m.trans.reapplyTranslations([]feed.Article{msg.Article})[0]
	delete(l.stubs, msg.Identity)
	return m
}

// storedCounts are the feeds screen's counts of step 1, from the
// subscriptions, or nil once there are articles to count, and when a
// source is not a subscription (the store does not count it).
func (m Model) storedCounts() *feedCounts {
	if !m.feeds.fromStore || m.feeds.subs == nil {
		return nil
	}
	n := len(m.sources)
	c := &feedCounts{unread: make([]int, n), total: make([]int, n),
		tagUnread: map[string]int{}, tagTotal: map[string]int{}, starred: m.feeds.starTotal}
	for i, s := range m.sources {
		sub, ok := m.feeds.subs[feed.SourceName(s)]
		if !ok {
			return nil // the store counts subscriptions only: no All to show yet
		}
		c.unread[i], c.total[i] = sub.Unread, sub.Total
		c.all += sub.Total
		c.allUnread += sub.Unread
		for _, t := range sub.Tags {
			c.tagUnread[t] += sub.Unread
			c.tagTotal[t] += sub.Total
		}
	}
	return c
}
