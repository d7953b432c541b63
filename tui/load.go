package tui

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
)

// slowLoad is how long a load runs before the progress bar appears.
const slowLoad = 300 * time.Millisecond

// loadJob is one load of all sources. Its goroutines talk to Update only
// through the two channels: progress holds the latest report (older ones
// are dropped, never queued), done receives the result exactly once. Both
// are buffered, so an abandoned job never blocks.
type loadJob struct {
	id       int
	ctx      context.Context
	cancel   context.CancelFunc
	progress chan loadProgressed
	done     chan articlesLoaded

	mu    sync.Mutex
	read  []int64 // bytes read per source
	total []int64 // expected size per source, -1 unknown
}

// loadState is the model's view of the current load.
type loadState struct {
	job     *loadJob // nil when no load ever started
	active  bool
	slow    bool // running for longer than slowLoad: show the progress bar
	sources int
	done    int64
	total   int64
	reload  bool // a reload (r), not the first load
}

func newLoadJob(parent context.Context, id, sources int) *loadJob {
	ctx, cancel := context.WithCancel(parent)
	j := &loadJob{
		id: id, ctx: ctx, cancel: cancel,
		progress: make(chan loadProgressed, 1),
		done:     make(chan articlesLoaded, 1),
		read:     make([]int64, sources),
		total:    make([]int64, sources),
	}
	for i := range j.total {
		j.total[i] = -1
	}
	return j
}

// run returns the command that loads sources with loader and delivers the
// result on j.done; it reports nothing itself (j.next does). With no
// sources it loads the built-in sample. The command owns copies of all it
// uses and never touches the model.
func (j *loadJob) run(loader *feed.Loader, sources []string) tea.Cmd {
	sources = append([]string(nil), sources...)
	return func() tea.Msg {
		start := time.Now()
		if loader == nil {
			loader = &feed.Loader{}
		}
		articles, errs := loader.LoadAll(j.ctx, sources, j.report)
		msg := articlesLoaded{ID: j.id, Articles: articles, Took: time.Since(start)}
		for _, err := range errs {
			if err != nil {
				msg.Errs = append(msg.Errs, err)
			}
		}
		j.done <- msg
		// The loader saves what it loaded to its cache in the background,
		// under j.ctx: release the context only once that is done.
		go func() {
			loader.Wait()
			j.cancel()
		}()
		return nil
	}
}

// report records the progress of source i and offers the sum to Update,
// replacing a report Update has not taken yet.
func (j *loadJob) report(i int, done, total int64) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.read[i], j.total[i] = done, total
	p := loadProgressed{ID: j.id}
	known := true
	for k := range j.read {
		p.Done += j.read[k]
		if j.total[k] < 0 {
			known = false
		}
		p.Total += max(j.total[k], 0)
	}
	if !known {
		p.Total = 0
	}
	for {
		select {
		case j.progress <- p:
			return
		default:
			select {
			case <-j.progress:
			default:
			}
		}
	}
}

// next returns the command that waits for the job's next report: progress
// or the result.
func (j *loadJob) next() tea.Cmd {
	return func() tea.Msg {
		select {
		case r := <-j.done:
			return r
		case p := <-j.progress:
			return p
		}
	}
}

// slowTick returns the command that reports loadSlow for load id.
func slowTick(id int) tea.Cmd {
	return tea.Tick(slowLoad, func(time.Time) tea.Msg { return loadSlow{ID: id} })
}

// startLoad cancels any running load and starts a new one, returning the
// model and the commands that run it. A reload skips standard input ("-"),
// which can be read only once, and keeps the articles it gave.
func (m Model) startLoad(reload bool) (Model, tea.Cmd) {
	if m.load.job != nil && m.load.active {
		m.load.job.cancel() // a finished job cancels itself once its saves are done
	}
	sources := m.sources
	if reload {
		sources = nil
		for _, s := range m.sources {
			if s != "-" {
				sources = append(sources, s)
			}
		}
	}
	m.nextID++
	job := newLoadJob(m.ctx, m.nextID, len(sources))
	m.load = loadState{job: job, active: true, sources: len(sources), reload: reload}
	if reload && len(sources) == 0 && len(m.sources) > 0 {
		// Only standard input: nothing to read again.
		m.load.active = false
		m.setStatus("nothing to reload: standard input can be read only once", false)
		return m, nil
	}
	return m, tea.Batch(job.run(m.loader, sources), job.next(), slowTick(job.id), m.spinner.Tick)
}

// handleProgress records a progress report and waits for the next one.
func (m Model) handleProgress(msg loadProgressed) (Model, tea.Cmd) {
	if !m.load.active || m.load.job == nil || msg.ID != m.load.job.id {
		return m, nil
	}
	m.load.done, m.load.total = msg.Done, msg.Total
	return m, m.load.job.next()
}

// notice is one line under the title bar: a source that failed, one read
// from its offline copy, or one whose articles were recovered.
type notice struct {
	text   string
	kind   noticeKind
	source string // feed.SourceName of the source it is about, "" unknown
}

// noticeKind says what a notice reports.
type noticeKind int

const (
	noticeFailed  noticeKind = iota // the source failed to load
	noticeOffline                   // its offline copy stands in
	noticeWarning                   // its articles were recovered (feed.ErrRecovered)
)

// handleLoaded takes the result of a load, keeping the selected and the
// open article by ID, and asks the store for the articles' read marks.
func (m Model) handleLoaded(msg articlesLoaded) (Model, tea.Cmd) {
	if m.load.job == nil || msg.ID != m.load.job.id {
		return m, nil
	}
	m.load.active = false // the job's context lives on while the loader saves
	if m.store != nil {
		m.store.IndexInBackground() // the start is done: it no longer competes with it
	}
	return m.withHeadlineList(func(m Model) (Model, tea.Cmd) {
		articles := msg.Articles
		if m.load.reload {
			var stdin []feed.Article
			for _, a := range m.list.articles {
				if a.Source == "-" {
					stdin = append(stdin, a)
				}
			}
			articles = append(stdin, articles...)
		}
		m = m.recordFailures(msg.Errs).setArticles(articles).selectPosition()
		m = m.takeErrors(msg)
		return m, tea.Batch(m.fetchReadMarks(), m.fetchFeeds())
	})
}

// takeErrors shows the errors of a load: offline copies and recovered
// sources (feed.ErrRecovered: a truncated feed, an encoding assumed) as
// notices, the rest as failures, and a summary in the status bar.
func (m Model) takeErrors(msg articlesLoaded) Model {
	m.notices = nil
	var failed, offline, warned []string
	for _, err := range msg.Errs {
		n := m.noticeOf(err)
		m.notices = append(m.notices, n)
		switch n.kind {
		case noticeOffline:
			offline = append(offline, n.text)
		case noticeWarning:
			warned = append(warned, n.text)
		default:
			failed = append(failed, n.text)
		}
	}
	switch {
	case len(failed) == 1:
		m.setStatus("1 source failed to load", true)
	case len(failed) > 1:
		m.setStatus(fmt.Sprintf("%d sources failed to load", len(failed)), true)
	case len(offline)+len(warned) == 1:
		m.setNotice(append(offline, warned...)[0])
	case len(warned) == 0 && len(offline) > 1:
		m.setNotice(fmt.Sprintf("%d sources could not be fetched: reading their offline copies", len(offline)))
	case len(offline) == 0 && len(warned) > 1:
		m.setNotice(fmt.Sprintf("%d sources loaded with warnings", len(warned)))
	case len(warned) > 0 && len(offline) > 0:
		m.setNotice(fmt.Sprintf("%d sources read from offline copies, %d loaded with warnings", len(offline), len(warned)))
	case m.load.reload:
		m.setStatus(fmt.Sprintf("reloaded %d articles in %s", len(m.list.articles), msg.Took.Round(time.Millisecond)), false)
	}
	return m
}

// noticeOf is the notice of one error of a load. Error texts can carry a
// file name or a server's words: printable before they reach the screen.
func (m Model) noticeOf(err error) notice {
	var off *feed.OfflineError
	var se *feed.SourceError
	var n notice
	if errors.As(err, &se) {
		n.source = feed.SourceName(se.Source)
	}
	switch {
	case errors.As(err, &off):
		n.text, n.kind, n.source = printable(m.metrics, offlineText(off, time.Now())), noticeOffline, feed.SourceName(off.Source)
	case errors.Is(err, feed.ErrRecovered):
		n.text, n.kind = printable(m.metrics, "warning: "+err.Error()), noticeWarning
	default:
		n.text = printable(m.metrics, err.Error())
	}
	return n
}

// offlineText says which offline copy is shown, how old it is and why:
// "offline copy of https://… from 3 hours ago (HTTP 503 Service
// Unavailable)".
func offlineText(e *feed.OfflineError, now time.Time) string {
	text := "offline copy of " + e.Source
	if !e.Saved.IsZero() {
		text += " from " + feed.Age(now.Sub(e.Saved)) + " ago"
	}
	if e.Err == nil {
		return text
	}
	reason := e.Err.Error()
	var se *feed.SourceError
	if errors.As(e.Err, &se) && se.Err != nil {
		reason = se.Err.Error()
	}
	return text + " (" + reason + ")"
}
