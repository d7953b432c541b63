package tui

import (
	"errors"
	"slices"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
)

// The feeds screen. With two or more feeds the reader starts on it: one
// entry for All, Unread, Starred, each tag and each feed, with counts drawn
// live from the loaded articles and the read marks. enter lists the
// entry's headlines (the scope), newest first; esc on the list comes back.

// scopeKind says which headlines an entry of the feeds screen lists.
type scopeKind uint8

const (
	scopeAll scopeKind = iota
	scopeUnread
	scopeStarred
	scopeTag
	scopeFeed
)

// scope is the entry whose headlines the list shows.
type scope struct {
	kind scopeKind
	tag  string // scopeTag
	feed int    // scopeFeed: index into Model.sources
}

// feedsState is the state of the feeds screen and of what it scopes.
type feedsState struct {
	multi      bool // two or more feeds: the feeds screen exists
	rowCursor       // the selected entry
	scope      scope
	unreadOnly bool                          // u: only unread headlines
	subs       map[string]store.Subscription // by feed.SourceName
	subsID     int                           // request ID of the latest Subscriptions
	failed     map[string]string             // source name → printable error of the last load
	loaded     bool                          // a load has finished: failed is current
	stars      map[string]bool               // identity → starred; shared like readMarks
	undo       markUndo                      // what the last A changed, for U
	// starsVersion and subsVersion count the changes of stars and subs;
	// counts caches what feedEntries counts from them (shared by copies
	// of a Model, like the page cache; nil counts every time).
	starsVersion, subsVersion int
	counts                    *feedCounts
	// fromStore: the counts are the store's (Subscriptions), until the
	// stored headlines arrive (start.go); starTotal is its Starred count.
	fromStore      bool
	starTotal      int
	headlinesAsked bool
}

// feedCounts is what the feeds screen counts from every loaded article,
// kept until the articles, the read marks, the stars or the
// subscriptions change: a key on the screen must not count 100,000
// articles again.
type feedCounts struct {
	mu                  sync.Mutex
	key                 countsKey
	ok                  bool
	unread, total       []int // by source index
	all, allUnread      int
	starred             int
	tagUnread, tagTotal map[string]int
}

// countsKey is what the counts are counted from.
type countsKey struct {
	first               *feed.Article
	n, sources          int
	marks, stars, subs  int
	marksOn, marksKnown bool
}

// markUndo is what A marked read: the identities and the store's keys.
type markUndo struct {
	id   int // request ID of the MarkAllRead
	ids  []string
	keys []store.ArticleKey
}

// feedEntry is one line of the feeds screen.
type feedEntry struct {
	scope  scope
	name   string // printable
	tags   string // printable, "#a #b"
	err    string // printable error of the last fetch, "" when none
	unread int
	total  int
}

// subscriptionsLoaded carries the subscriptions, asked for as request ID.
type subscriptionsLoaded struct {
	ID   int
	Subs []store.Subscription
	Err  error
}

// starsLoaded carries which of the articles with identities IDs are starred.
type starsLoaded struct {
	IDs     []string
	Starred map[string]bool
	Err     error
}

// starSet reports that writing a star failed.
type starSet struct{ Err error }

// allMarked answers the MarkAllRead of request ID (A).
type allMarked struct {
	ID   int
	Undo store.MarkUndo
	Err  error
}

// allUnmarked reports that undoing A failed.
type allUnmarked struct{ Err error }

// sourceIndex returns, for each article, the index into sources of the
// feed it came from (a source names it, or for a directory holds it), -1
// for none.
func sourceIndex(articles []feed.Article, sources []string) []int {
	names := make([]string, len(sources))
	for i, s := range sources {
		names[i] = feed.SourceName(s)
	}
	out := make([]int, len(articles))
	for k := range articles {
		out[k] = -1
		src := articles[k].Source
		for i, n := range names {
			if src == n || n != "" && n != "-" && strings.HasPrefix(src, strings.TrimSuffix(n, "/")+"/") {
				out[k] = i
				break
			}
		}
	}
	return out
}

// fetchFeeds returns the commands that ask the store for the subscriptions
// and the stars of the loaded articles, or nil without a store. The
// answer carries m.nextID, which only grows: an older one is dropped.
func (m Model) fetchFeeds() tea.Cmd {
	if m.store == nil {
		return nil
	}
	st, ctx, id := m.store, m.ctx, m.nextID
	articles := m.list.articles
	subs := func() tea.Msg {
		s, err := st.Subscriptions(ctx)
		return subscriptionsLoaded{ID: id, Subs: s, Err: err}
	}
	stars := func() tea.Msg {
		ids := make([]string, len(articles))
		keys := make([]store.ArticleKey, len(articles))
		for i := range articles {
			ids[i], keys[i] = identity(&articles[i]), store.KeyOf(&articles[i])
		}
		got, err := st.Stars(ctx, keys)
		starred := map[string]bool{}
		for i, k := range keys {
			if got[k] {
				starred[ids[i]] = true
			}
		}
		return starsLoaded{IDs: ids, Starred: starred, Err: err}
	}
	return tea.Batch(subs, stars)
}

// handleSubscriptions takes the latest subscriptions.
func (m Model) handleSubscriptions(msg subscriptionsLoaded) Model {
	if msg.ID < m.feeds.subsID {
		return m // an older answer
	}
	m.feeds.subsID = msg.ID
	if msg.Err != nil {
		m.setStatus("subscriptions: "+msg.Err.Error(), true)
		return m
	}
	m.feeds.subsVersion++
	m.feeds.subs = make(map[string]store.Subscription, len(msg.Subs))
	for _, s := range msg.Subs {
		m.feeds.subs[feed.SourceName(s.Source)] = s
	}
	return m.refilter()
}

// handleStars takes the store's stars, keeping the ones changed here.
func (m Model) handleStars(msg starsLoaded) Model {
	if msg.Err != nil {
		m.setStatus("stars: "+msg.Err.Error(), true)
		return m
	}
	for _, id := range msg.IDs {
		if _, touched := m.feeds.stars[id]; !touched {
			m.feeds.stars[id] = msg.Starred[id]
		}
	}
	m.feeds.starsVersion++
	return m.refilter()
}

// recordFailures remembers which sources the load of msg failed, by name.
func (m Model) recordFailures(errs []error) Model {
	m.feeds.failed = map[string]string{}
	m.feeds.loaded = true
	for _, err := range errs {
		var off *feed.OfflineError
		var se *feed.SourceError
		switch {
		case errors.Is(err, feed.ErrRecovered):
		case errors.As(err, &off):
			m.feeds.failed[feed.SourceName(off.Source)] = printable(m.metrics, oneLineErr(off.Err))
		case errors.As(err, &se):
			m.feeds.failed[feed.SourceName(se.Source)] = printable(m.metrics, oneLineErr(se.Err))
		}
	}
	return m
}

// oneLineErr is err's text, "failed" when there is none.
func oneLineErr(err error) string {
	if err == nil {
		return "failed"
	}
	return err.Error()
}

// inScope reports whether article k belongs in the list: the scope, and
// with u only unread.
func (m Model) inScope(k int) bool {
	id := identity(&m.list.articles[k])
	if m.list.elsewhere[id] {
		return m.feeds.scope.kind == scopeStarred && m.feeds.stars[id]
	}
	unread := !m.readMarks.known || !m.readMarks.read[id]
	if m.feeds.unreadOnly && m.readMarks.on && !unread {
		return false
	}
	s := m.feeds.scope
	switch s.kind {
	case scopeUnread:
		return !m.readMarks.on || unread
	case scopeStarred:
		return m.feeds.stars[id]
	case scopeTag:
		return slices.Contains(m.tagsOf(m.list.headlines[k].src), s.tag)
	case scopeFeed:
		return m.list.headlines[k].src == s.feed
	}
	return true
}

// tagsOf returns the tags of source i's subscription.
func (m Model) tagsOf(i int) []string {
	if i < 0 || i >= len(m.sources) {
		return nil
	}
	return m.feeds.subs[feed.SourceName(m.sources[i])].Tags
}

// newestFirst orders the visible headlines newest first, undated last.
func (m Model) newestFirst(visible []int) {
	slices.SortStableFunc(visible, func(a, b int) int {
		ta, tb := m.list.articles[a].Published, m.list.articles[b].Published
		switch {
		case ta.IsZero() && tb.IsZero():
			return 0
		case ta.IsZero():
			return 1
		case tb.IsZero():
			return -1
		}
		return tb.Compare(ta)
	})
}

// feedEntries lists the feeds screen: All, Unread, Starred, each tag,
// each feed, counted from the loaded articles.
func (m Model) feedEntries() []feedEntry {
	n := len(m.sources)
	c := m.countFeeds()
	unread, total := c.unread, c.total
	all, allUnread, starred := c.all, c.allUnread, c.starred
	tagUnread, tagTotal := c.tagUnread, c.tagTotal
	out := []feedEntry{
		{scope: scope{kind: scopeAll}, name: "All", unread: allUnread, total: all},
		{scope: scope{kind: scopeUnread}, name: "Unread", unread: allUnread, total: allUnread},
		{scope: scope{kind: scopeStarred}, name: "Starred", total: starred},
	}
	var tags []string
	for i := range n {
		tags = append(tags, m.tagsOf(i)...)
	}
	slices.Sort(tags)
	for _, t := range slices.Compact(tags) {
		out = append(out, feedEntry{scope: scope{kind: scopeTag, tag: t}, name: "#" + printable(m.metrics, t),
			unread: tagUnread[t], total: tagTotal[t]})
	}
	for i := range n {
		out = append(out, m.feedEntry(i, unread[i], total[i]))
	}
	return out
}

// countFeeds returns the counts of the loaded articles by feed and tag,
// counted again only when what they count from has changed. The result
// must not be changed.
func (m Model) countFeeds() *feedCounts {
	if c := m.storedCounts(); c != nil {
		return c
	}
	k := countsKey{n: len(m.list.articles), sources: len(m.sources), marks: m.readMarks.version,
		stars: m.feeds.starsVersion, subs: m.feeds.subsVersion, marksOn: m.readMarks.on, marksKnown: m.readMarks.known}
	if k.n > 0 {
		k.first = &m.list.articles[0]
	}
	c := m.feeds.counts
	if c == nil {
		return m.count(k)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.ok || c.key != k {
		fresh := m.count(k)
		fresh.ok = true
		c.key, c.ok, c.unread, c.total = k, true, fresh.unread, fresh.total
		c.all, c.allUnread, c.starred = fresh.all, fresh.allUnread, fresh.starred
		c.tagUnread, c.tagTotal = fresh.tagUnread, fresh.tagTotal
	}
	return &feedCounts{key: c.key, ok: true, unread: c.unread, total: c.total, all: c.all, allUnread: c.allUnread,
		starred: c.starred, tagUnread: c.tagUnread, tagTotal: c.tagTotal}
}

// count counts the loaded articles by feed and tag.
func (m Model) count(k countsKey) *feedCounts {
	n := len(m.sources)
	c := &feedCounts{key: k, unread: make([]int, n), total: make([]int, n),
		tagUnread: map[string]int{}, tagTotal: map[string]int{}}
	for i := range m.list.articles {
		id := identity(&m.list.articles[i])
		if m.list.elsewhere[id] {
			if m.feeds.stars[id] {
				c.starred++ // under Starred only
			}
			continue
		}
		isUnread := m.readMarks.on && m.readMarks.known && !m.readMarks.read[id]
		c.all++
		if isUnread {
			c.allUnread++
		}
		if m.feeds.stars[id] {
			c.starred++
		}
		src := m.list.headlines[i].src
		if src < 0 || src >= n {
			continue
		}
		c.total[src]++
		for _, t := range m.tagsOf(src) {
			c.tagTotal[t]++
		}
		if isUnread {
			c.unread[src]++
			for _, t := range m.tagsOf(src) {
				c.tagUnread[t]++
			}
		}
	}
	return c
}

// feedEntry is the line of source i.
func (m Model) feedEntry(i, unread, total int) feedEntry {
	name := feed.SourceName(m.sources[i])
	sub := m.feeds.subs[name]
	e := feedEntry{scope: scope{kind: scopeFeed, feed: i}, unread: unread, total: total}
	e.name = printable(m.metrics, sub.Title)
	if e.name == "" {
		for k := range m.list.articles {
			if m.list.headlines[k].src == i {
				e.name = m.list.headlines[k].domain
				break
			}
		}
	}
	if e.name == "" {
		e.name = printable(m.metrics, m.sources[i])
	}
	var tags []string
	for _, t := range sub.Tags {
		tags = append(tags, "#"+printable(m.metrics, t))
	}
	e.tags = strings.Join(tags, " ")
	if m.feeds.loaded {
		e.err = m.feeds.failed[name]
	} else {
		e.err = printable(m.metrics, sub.LastError)
	}
	return e
}

// scopeTitle names the scope for the title bar, "" for All.
func (m Model) scopeTitle() string {
	s := m.feeds.scope
	switch s.kind {
	case scopeUnread:
		return "Unread"
	case scopeStarred:
		return "Starred"
	case scopeTag:
		return "#" + printable(m.metrics, s.tag)
	case scopeFeed:
		return m.feedEntry(s.feed, 0, 0).name
	}
	return ""
}

// handleFeedsKey handles a key on the feeds screen.
func (m Model) handleFeedsKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	entries := m.feedEntries()
	rows := max(m.geometry().bodyHeight, 1)
	switch {
	case key.Matches(msg, m.keys.Help):
		m.input = inputHelp
	case key.Matches(msg, m.keys.Back):
		if msg.String() == "q" {
			return m, tea.Quit
		}
	case key.Matches(msg, m.keys.Up):
		m.feeds.move(-1, len(entries))
	case key.Matches(msg, m.keys.Down):
		m.feeds.move(1, len(entries))
	case key.Matches(msg, m.keys.PageUp):
		m.feeds.move(-rows, len(entries))
	case key.Matches(msg, m.keys.PageDown):
		m.feeds.move(rows, len(entries))
	case key.Matches(msg, m.keys.Top):
		m.feeds.move(-len(entries), len(entries))
	case key.Matches(msg, m.keys.Bottom):
		m.feeds.move(len(entries), len(entries))
	case key.Matches(msg, m.keys.Open):
		if m.feeds.cursor < len(entries) {
			m.feeds.scope = entries[m.feeds.cursor].scope
			m.screen = listScreen
			m.list.cursor = 0
			return m.refilter(), nil
		}
	case key.Matches(msg, m.keys.Reload):
		return m.refreshKey(false)
	case key.Matches(msg, m.keys.RefreshAll):
		return m.refreshKey(true)
	case key.Matches(msg, m.keys.Search):
		return m.startSearch()
	}
	m.feeds.follow(len(entries), rows)
	return m, nil
}

// visibleNarrowed reports whether the list shows fewer than all the
// articles by choice: a filter, a scope or u.
func (m Model) visibleNarrowed() bool {
	return m.filter.Value() != "" || !m.search.on && (m.feeds.scope.kind != scopeAll || m.feeds.unreadOnly)
}
