package tui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/refresh"
)

// Refreshing feeds (R all, r the current one, and every Config.Refresh):
// the refresh engine fetches them a few at a time and one per host, and
// each feed's articles replace its old ones as soon as they arrive, keeping
// the selection, so a slow or failing feed never holds up the others.

// refreshJob is one refresh. Its goroutine talks to Update only through
// results, buffered for every result and the end, so it never blocks.
type refreshJob struct {
	id      int
	cancel  context.CancelFunc
	results chan feedRefreshed
}

// refreshState is the model's view of the current refresh.
type refreshState struct {
	job          *refreshJob // nil when none ever ran
	active       bool
	done, total  int // feeds refreshed so far, of total
	fresh        int // new articles so far
	failed       int // feeds that failed so far
	every        time.Duration
	startedStore bool // the start showed stored headlines: the first refresh follows
}

// feedRefreshed reports one feed of refresh ID, or with Done its end.
type feedRefreshed struct {
	ID       int
	Source   string // as in Model.sources
	Articles []feed.Article
	// Unchanged: the feed answered 304 Not Modified; the reader's
	// articles of it are current (Articles is empty).
	Unchanged bool
	New       int
	Err       error
	Done      bool
}

// refreshTick fires every Config.Refresh.
type refreshTick struct{}

// storedLoaded carries the stored headlines shown at start, before the
// first refresh: every source's offline copy, in source order.
type storedLoaded struct {
	ID       int
	Articles []feed.Article
	Err      error
}

// fetchStored returns the command that reads every source's offline copy.
func (m Model) fetchStored(id int) tea.Cmd {
	st, ctx, sources := m.store, m.ctx, slices.Clone(m.sources)
	return func() tea.Msg {
		var all []feed.Article
		for _, s := range sources {
			if s == "-" {
				continue // standard input is read by the refresh
			}
			as, _, err := st.SourceArticles(ctx, feed.SourceName(s))
			if err != nil {
				return storedLoaded{ID: id, Articles: all, Err: err}
			}
			all = append(all, as...)
		}
		return storedLoaded{ID: id, Articles: all}
	}
}

// handleStored shows the stored headlines and refreshes every feed.
func (m Model) handleStored(msg storedLoaded) (Model, tea.Cmd) {
	if m.load.job == nil || msg.ID != m.load.job.id {
		return m, nil
	}
	if msg.Err != nil {
		m.setStatus("stored headlines: "+msg.Err.Error(), true)
	}
	m.load.active, m.feeds.fromStore = false, false
	m, _ = m.withHeadlineList(func(m Model) (Model, tea.Cmd) {
		return m.setArticles(msg.Articles).selectPosition(), nil
	})
	if m.store != nil {
		m.store.IndexInBackground() // the start is done: it no longer competes with it
	}
	m, cmd := m.startRefresh(m.sources)
	return m, tea.Batch(cmd, m.fetchReadMarks(), m.fetchFeeds())
}

// startRefresh cancels a refresh under way and refreshes sources.
func (m Model) startRefresh(sources []string) (Model, tea.Cmd) {
	if len(sources) == 0 {
		m.setStatus("no feed to refresh here", false)
		return m, nil
	}
	if j := m.refresh.job; j != nil && m.refresh.active {
		j.cancel()
	}
	m.nextID++
	ctx, cancel := context.WithCancel(m.ctx)
	j := &refreshJob{id: m.nextID, cancel: cancel, results: make(chan feedRefreshed, len(sources)+1)}
	m.refresh = refreshState{job: j, active: true, total: len(sources), every: m.refresh.every}
	loader, st := m.loader, m.store
	if loader == nil {
		loader = &feed.Loader{}
	}
	sources = slices.Clone(sources)
	run := func() tea.Msg {
		var mu sync.Mutex
		got := map[string][]feed.Article{}
		unchanged := map[string]bool{}
		fetch := func(ctx context.Context, source string) (int, error) {
			// The reader holds every feed's articles: one that answers
			// 304 keeps them, and its offline copy is not decoded again.
			articles, err := loader.Refresh(ctx, source, nil)
			same := errors.Is(err, feed.ErrNotModified)
			if same {
				err = nil
			}
			mu.Lock()
			got[source], unchanged[source] = articles, same
			mu.Unlock()
			if st != nil {
				var off *feed.OfflineError
				fetchErr := err
				if errors.As(err, &off) {
					fetchErr = off.Err
				}
				// A failure to record the fetch is not the fetch's.
				_ = st.SetFetchResult(context.WithoutCancel(ctx), source, time.Now(), fetchErr)
			}
			return len(articles), err
		}
		refresh.Run(ctx, sources, fetch, refresh.Options{}, func(r refresh.Result) {
			mu.Lock()
			as, same := got[r.Source], unchanged[r.Source]
			mu.Unlock()
			j.results <- feedRefreshed{ID: j.id, Source: r.Source, Articles: as, Unchanged: same, Err: r.Err}
		})
		j.results <- feedRefreshed{ID: j.id, Done: true}
		go func() { // the loader saves in the background under ctx
			loader.Wait()
			cancel()
		}()
		return nil
	}
	return m, tea.Batch(run, j.next(), m.spinner.Tick)
}

// next returns the command that waits for the job's next result.
func (j *refreshJob) next() tea.Cmd {
	return func() tea.Msg { return <-j.results }
}

// handleRefreshed takes one feed's result, or the end of the refresh.
func (m Model) handleRefreshed(msg feedRefreshed) (Model, tea.Cmd) {
	j := m.refresh.job
	if j == nil || msg.ID != j.id {
		return m, nil
	}
	if msg.Done {
		m.refresh.active = false
		text := fmt.Sprintf("refreshed %s: %s", plural(m.refresh.total, "feed"), plural(m.refresh.fresh, "new article"))
		if m.refresh.failed > 0 {
			text += fmt.Sprintf(", %d failed", m.refresh.failed)
		}
		m.setStatus(text, m.refresh.failed > 0)
		return m, m.fetchFeeds()
	}
	m.refresh.done++
	var cmd tea.Cmd
	m, cmd = m.withHeadlineList(func(m Model) (Model, tea.Cmd) {
		return m.takeRefreshed(msg)
	})
	return m, tea.Batch(cmd, j.next())
}

// takeRefreshed puts one feed's new articles in place of its old ones
// (kept when it failed with none), its notice and its error marker.
func (m Model) takeRefreshed(msg feedRefreshed) (Model, tea.Cmd) {
	name := feed.SourceName(msg.Source)
	m.notices = slices.DeleteFunc(m.notices, func(n notice) bool { return n.source == name })
	if m.feeds.failed == nil {
		m.feeds.failed = map[string]string{}
	}
	delete(m.feeds.failed, name)
	if msg.Err != nil {
		n := m.noticeOf(msg.Err)
		if n.source == "" {
			n.source = name
		}
		m.notices = append(m.notices, n)
		if n.kind != noticeWarning {
			m.feeds.failed[name] = n.text
			m.refresh.failed++
		}
	}
	if msg.Unchanged || msg.Err != nil && len(msg.Articles) == 0 {
		return m, nil // a feed that fails never takes its stored articles down
	}
	i := slices.Index(m.sources, msg.Source)
	old := map[string]bool{}
	kept := make([]feed.Article, 0, len(m.list.articles)+len(msg.Articles))
	for k := range m.list.articles {
		if m.list.headlines[k].src == i {
			old[identity(&m.list.articles[k])] = true
			continue
		}
		kept = append(kept, m.list.articles[k])
	}
	for k := range msg.Articles {
		if !old[identity(&msg.Articles[k])] {
			m.refresh.fresh++
		}
	}
	m = m.setArticles(append(kept, msg.Articles...))
	return m, m.fetchReadMarksOf(msg.Articles)
}

// refreshKey handles R (all) and r (the current feed). With one feed they
// reload it as before.
func (m Model) refreshKey(all bool) (Model, tea.Cmd) {
	if !m.feeds.multi {
		return m.startLoad(true)
	}
	if m.load.active {
		// The refresh follows the stored articles by itself (start.go).
		m.setStatus("the stored articles are still loading; the refresh follows", false)
		return m, nil
	}
	if all {
		return m.startRefresh(slices.DeleteFunc(slices.Clone(m.sources), func(s string) bool { return s == "-" }))
	}
	return m.startRefresh(m.currentFeeds())
}

// currentFeeds are the sources r refreshes: the selected entry's on the
// feeds screen, the scope's on the list (for All, Unread and Starred the
// selected headline's).
func (m Model) currentFeeds() []string {
	s := m.feeds.scope
	if m.screen == feedsScreen {
		entries := m.feedEntries()
		if m.feeds.cursor >= len(entries) {
			return nil
		}
		s = entries[m.feeds.cursor].scope
		if s.kind != scopeFeed && s.kind != scopeTag {
			return m.sources
		}
	}
	var out []string
	switch s.kind {
	case scopeFeed:
		out = append(out, m.sources[s.feed])
	case scopeTag:
		for i, src := range m.sources {
			if slices.Contains(m.tagsOf(i), s.tag) {
				out = append(out, src)
			}
		}
	default:
		if m.list.cursor < len(m.list.visible) {
			if i := m.list.headlines[m.list.visible[m.list.cursor]].src; i >= 0 {
				out = append(out, m.sources[i])
			}
		}
	}
	return slices.DeleteFunc(out, func(s string) bool { return s == "-" })
}

// refreshEvery returns the command that fires the next refreshTick, or
// nil when the reader does not refresh by itself.
func (m Model) refreshEvery() tea.Cmd {
	if m.refresh.every <= 0 {
		return nil
	}
	return tea.Tick(m.refresh.every, func(time.Time) tea.Msg { return refreshTick{} })
}

// handleRefreshTick refreshes every feed, unless a refresh or a load is
// under way, and schedules the next tick.
func (m Model) handleRefreshTick() (Model, tea.Cmd) {
	if m.refresh.active || m.load.active {
		return m, m.refreshEvery()
	}
	sources := slices.DeleteFunc(slices.Clone(m.sources), func(s string) bool { return s == "-" })
	if len(sources) == 0 {
		return m, m.refreshEvery()
	}
	m, cmd := m.startRefresh(sources)
	return m, tea.Batch(cmd, m.refreshEvery())
}
