package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// Preference keys the reader writes. The CLI reads them back at start.
const (
	prefLanguage = "language" // "zh", "en" or "both"
	prefPosition = "position" // the ID of the article opened last
)

// storeAPI is what the reader asks of the store: *store.Store in the
// program, a fake in model tests. The methods are store.Store's, with
// their guarantees (safe for concurrent use; writes queued).
type storeAPI interface {
	ReadMarks(ctx context.Context, keys []store.ArticleKey) (map[store.ArticleKey]bool, error)
	SetRead(ctx context.Context, key store.ArticleKey, read bool) error
	SetPreference(ctx context.Context, key, value string) error
	Search(ctx context.Context, query string, limit int) ([]feed.Article, error)
	Subscriptions(ctx context.Context) ([]store.Subscription, error)
	Stars(ctx context.Context, keys []store.ArticleKey) (map[store.ArticleKey]bool, error)
	SetStarred(ctx context.Context, key store.ArticleKey, starred bool) error
	MarkAllRead(ctx context.Context, keys []store.ArticleKey) (store.MarkUndo, error)
	UndoMarkAll(ctx context.Context, undo store.MarkUndo) error
	SourceArticles(ctx context.Context, source string) ([]feed.Article, time.Time, error)
	SetFetchResult(ctx context.Context, source string, fetched time.Time, fetchErr error) error
	Headlines(ctx context.Context, f store.HeadlineFilter) ([]store.Headline, error)
	Article(ctx context.Context, key store.ArticleKey) (feed.Article, bool, error)
	// IndexInBackground starts the search index catching up with what
	// earlier saves left, once the first screen is drawn and loaded.
	IndexInBackground()
}

// readMarks is the model's copy of the store's read marks. Without a store
// it is off and every article is drawn as before (no unread marker).
//
// The maps are keyed by identity (source and ID): the store keeps a mark
// per source, so two feeds using the same ID have two marks. They are
// shared by all copies of a Model, like the page cache; only Update writes
// them. Marks changed here win over an answer from the store
// that was asked for before the change: touched records when each was
// changed, in the generation count gen.
type readMarks struct {
	// version counts the changes of read, so that what is counted from
	// the marks (the feeds screen) knows when to count again.
	version int
	on      bool            // there is a store
	known   bool            // the marks of the loaded articles have arrived
	read    map[string]bool // identity → read; absent means unread
	touched map[string]int  // identity → gen of the last change made here
	gen     int
}

func newReadMarks(on bool) readMarks {
	return readMarks{on: on, read: map[string]bool{}, touched: map[string]int{}}
}

// unreadKnown reports whether unread counts can be drawn: the marks are
// known, or the store counted them (start.go).
func (m Model) unreadKnown() bool {
	return m.readMarks.on && (m.readMarks.known || m.storedCounts() != nil)
}

// isUnread reports whether the article with identity id is to be drawn as unread:
// only with a store, and only once the marks are known.
func (r *readMarks) isUnread(id string) bool {
	return r.on && r.known && !r.read[id]
}

// set records a change made here.
func (r *readMarks) set(id string, read bool) {
	r.version++
	r.gen++
	r.touched[id] = r.gen
	if read {
		r.read[id] = true
	} else {
		delete(r.read, id)
	}
}

// merge takes the store's answer for ids, asked for at generation gen,
// keeping the marks changed here since.
func (r *readMarks) merge(ids []string, read map[string]bool, gen int) {
	r.version++
	for _, id := range ids {
		if r.touched[id] > gen {
			continue
		}
		if read[id] {
			r.read[id] = true
		} else {
			delete(r.read, id)
		}
	}
}

// countUnread counts the unread articles among articles.
func (r *readMarks) countUnread(articles []feed.Article) int {
	if !r.on || !r.known {
		return 0
	}
	n := 0
	for i := range articles {
		if !r.read[identity(&articles[i])] {
			n++
		}
	}
	return n
}

// fetchReadMarks returns the command that asks the store which of the
// loaded articles are read, or nil without a store. The first frame never
// waits for it: the list is drawn at once and the marks follow.
func (m Model) fetchReadMarks() tea.Cmd {
	return m.fetchReadMarksOf(m.list.articles)
}

// fetchReadMarksOf is fetchReadMarks for some of the articles.
func (m Model) fetchReadMarksOf(articles []feed.Article) tea.Cmd {
	if m.store == nil {
		return nil
	}
	st, ctx, gen := m.store, m.ctx, m.readMarks.gen
	return func() tea.Msg {
		ids, read, err := readMarksOf(ctx, st, articles)
		return readMarksLoaded{Gen: gen, IDs: ids, Read: read, Err: err}
	}
}

// readMarksOf asks the store which of articles are read and returns their
// identities and the read ones among them. It does not change articles.
func readMarksOf(ctx context.Context, st storeAPI, articles []feed.Article) ([]string, map[string]bool, error) {
	ids := make([]string, len(articles))
	keys := make([]store.ArticleKey, len(articles))
	for i := range articles {
		ids[i], keys[i] = identity(&articles[i]), store.KeyOf(&articles[i])
	}
	marks, err := st.ReadMarks(ctx, keys)
	if err != nil {
		return ids, nil, err
	}
	read := make(map[string]bool, len(marks))
	for i, k := range keys {
		if marks[k] {
			read[ids[i]] = true
		}
	}
	return ids, read, nil
}

// handleReadMarks takes the store's read marks.
func (m Model) handleReadMarks(msg readMarksLoaded) Model {
	if msg.Err != nil {
		m.setStatus("read marks: "+msg.Err.Error(), true)
		return m
	}
	m.readMarks.merge(msg.IDs, msg.Read, msg.Gen)
	m.readMarks.known = true
	m.unread = m.readMarks.countUnread(m.list.articles[:m.ownArticles()])
	if m.feeds.unreadOnly || m.feeds.scope.kind == scopeUnread {
		m = m.refilter() // the list in force depends on the marks
	}
	return m
}

// markOpened marks a read when it is opened and remembers it as the
// position to come back to. It returns the command that writes both, or
// nil without a store.
func (m Model) markOpened(a *feed.Article) (Model, tea.Cmd) {
	if m.store == nil || a == nil {
		return m, nil
	}
	id, key := identity(a), store.KeyOf(a)
	if m.readMarks.known && !m.readMarks.read[id] && m.unread > 0 && !m.list.elsewhere[id] {
		m.unread-- // the title bar counts the feeds' own articles
	}
	m.readMarks.set(id, true)
	st, ctx := m.store, m.ctx
	return m, func() tea.Msg {
		if err := st.SetRead(ctx, key, true); err != nil {
			return readMarked{ID: key.ID, Read: true, Err: err}
		}
		if err := st.SetPreference(ctx, prefPosition, key.ID); err != nil {
			return preferenceSaved{Key: prefPosition, Err: err}
		}
		return nil
	}
}

// toggleRead flips the read mark of a (the selected or the open article)
// and returns the command that writes it.
func (m Model) toggleRead(a *feed.Article) (Model, tea.Cmd) {
	switch {
	case m.store == nil:
		m.setStatus("read marks need the store (disabled)", false)
		return m, nil
	case a == nil:
		return m, nil
	case !m.readMarks.known:
		m.setStatus("the read marks are still loading", false)
		return m, nil
	}
	id, key := identity(a), store.KeyOf(a)
	read := !m.readMarks.read[id]
	m.readMarks.set(id, read)
	own := !m.list.elsewhere[id] // the title bar counts the feeds' own articles
	if read {
		if own {
			m.unread = max(m.unread-1, 0)
		}
		m.setStatus("marked read", false)
	} else {
		if own {
			m.unread++
		}
		m.setStatus("marked unread", false)
	}
	st, ctx := m.store, m.ctx
	return m, func() tea.Msg {
		if err := st.SetRead(ctx, key, read); err != nil {
			return readMarked{ID: key.ID, Read: read, Err: err}
		}
		return nil
	}
}

// saveLanguage returns the command that remembers the language mode, or
// nil without a store.
func (m Model) saveLanguage() tea.Cmd {
	if m.store == nil {
		return nil
	}
	st, ctx, value := m.store, m.ctx, langCode(m.lang)
	return func() tea.Msg {
		if err := st.SetPreference(ctx, prefLanguage, value); err != nil {
			return preferenceSaved{Key: prefLanguage, Err: err}
		}
		return nil
	}
}

// langCode is the mode as layout.ParseLang reads it: "zh", "en", "both".
func langCode(l layout.Lang) string {
	switch l {
	case layout.English:
		return "en"
	case layout.Both:
		return "both"
	}
	return "zh"
}

// selectPosition selects the article the reader was left on, once, after
// the first articles arrive.
func (m Model) selectPosition() Model {
	id := m.position
	if id == "" {
		return m
	}
	m.position = ""
	for i, k := range m.list.visible {
		if m.list.articles[k].ID == id {
			m.list.cursor = i
			return m.followCursor()
		}
	}
	return m
}
