// Package tui is xinwen's interactive reader: a full-screen Bubble Tea
// program with a headline list and an article view that shows the layout
// package's rendering of an article in Chinese, English or both.
package tui

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/progress"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
	"github.com/xinwen-reader/xinwen/feed/translate"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// Config is what the reader needs from the command line. The zero value
// reads the built-in sample in Chinese with narrow ambiguous characters and
// no colour.
type Config struct {
	Sources    []string       // empty: the built-in sample (feed.Sample())
	Loader     *feed.Loader   // used for Sources; nil means a zero Loader
	Lang       layout.Lang    // starting language mode
	Metrics    layout.Metrics // the one width function
	Color      bool           // false when NO_COLOR is set or --color never
	Browser    string         // $BROWSER ("" = platform default)
	SideBySide int            // width at which Both goes two-column (0 = 80)
	Version    string
	Input      io.Reader // keyboard input; nil = stdin
	Output     io.Writer // nil = stdout

	// Store remembers read marks and preferences and answers searches.
	// Nil means there is none (--no-store, or it could not be opened):
	// then reading works and nothing is remembered. The reader never
	// closes it.
	Store *store.Store
	// StoreNotice, when not empty, is shown once in the status bar at
	// start (why the store is unavailable).
	StoreNotice string
	// Position is the ID of the article to select at start (the one the
	// reader was left on), if it is among the first articles loaded.
	Position string

	// Translator makes machine translations (T, and auto); nil when no
	// backend is configured, and then nothing is ever sent anywhere.
	Translator *translate.Translator
	// AutoTranslate translates every one-language article when it is
	// opened; AutoTranslateSources only those of these sources.
	AutoTranslate        bool
	AutoTranslateSources []string

	// Refresh, when positive, refreshes every feed that often while the
	// reader is open (refresh = "30m").
	Refresh time.Duration
}

// screen is what has the keyboard: the headline list or the article.
type screen uint8

const (
	listScreen screen = iota
	articleScreen
	feedsScreen // the feeds, with two or more (feeds.go)
)

// inputMode says what has the keyboard: the screen's keys, the help
// overlay (any key closes it), the filter line or the search prompt.
type inputMode uint8

const (
	inputKeys inputMode = iota
	inputHelp
	inputFilter
	inputSearch
)

// Model is the reader's state. It is a value: Update returns a new Model.
// Build it with New; the zero value is not usable.
type Model struct {
	ctx          context.Context
	sources      []string
	loader       *feed.Loader
	version      string
	color        bool
	metrics      layout.Metrics
	marks        marks
	renderer     *layout.Renderer
	renderOpts   layout.Options
	rendererDark bool // the background the renderer was built for
	dark         bool // the background the styles were built for
	opener       linkOpener
	styles       Styles
	keys         keyMap
	help         help.Model
	spinner      spinner.Model
	progress     progress.Model
	filter       textinput.Model

	width, height int
	screen        screen
	input         inputMode // who has the keyboard
	lang          layout.Lang

	list  listState // the list in force: headlines, or search results
	pages *pageCache
	sent  sentenceCursor // the sentence cursor and the grid

	notices   []notice // failed sources and offline copies, under the title bar
	load      loadState
	nextID    int
	status    string
	statusBad bool // status reports a failure
	statusOff bool // status is a notice (offline copy, no store), not a failure

	store     storeAPI // nil: nothing is remembered
	readMarks readMarks
	unread    int    // unread articles in the list in force, once the marks are known
	position  string // the article to select when the first articles arrive
	search    searchState
	trans     translationState // machine translation (translate.go)
	full      fullTextState    // full texts fetched with f (fulltext.go)
	feeds     feedsState       // the feeds screen and the scope of the list (feeds.go)
	refresh   refreshState     // R, r and Config.Refresh (refresh.go)
	// bodies are the stubs whose bodies are being fetched (start.go),
	// shared by all copies of a Model like the page cache.
	bodies map[string]bool
	// elsewhere are the stored starred articles of sources the reader
	// was not given, as stubs (elsewhere.go).
	elsewhere []feed.Article
}

// headline is an article's list row, prepared once per load so that drawing
// the list does no text processing beyond cutting to width.
type headline struct {
	zh, en string // normalized titles, "" when missing
	date   string // "2006-01-02" or ""
	domain string // the feed name or the source's domain
	langs  string // "中 EN", "中   " or "   EN"
	search string // lower-cased titles and keywords, for the filter
	mtitle string // the missing title, machine-translated on the list (T)
	src    int    // index into Model.sources of the article's feed, -1 none
}

// New returns a reader for cfg, ready to be driven with Update (tests) or
// run by Run. It builds the article renderer once. With no sources the
// built-in sample is loaded at once; otherwise Init starts loading.
func New(cfg Config) Model {
	return newModel(context.Background(), cfg)
}

func newModel(ctx context.Context, cfg Config) Model {
	const assumeDark = true // until the terminal reports its background
	m := Model{
		ctx:     ctx,
		sources: append([]string(nil), cfg.Sources...),
		loader:  cfg.Loader,
		version: printable(cfg.Metrics, cfg.Version),
		color:   cfg.Color,
		metrics: cfg.Metrics,
		marks:   newMarks(cfg.Metrics.AmbiguousWide()),
		dark:    assumeDark,
		opener:  newLinkOpener(cfg.Browser),
		keys:    defaultKeyMap(),
		help:    help.New(),
		lang:    cfg.Lang,
		list:    listState{open: -1},
		pages:   newPageCache(),

		readMarks: newReadMarks(cfg.Store != nil),
		position:  cfg.Position,
		trans:     newTranslationState(cfg),
		feeds:     feedsState{stars: map[string]bool{}, multi: len(cfg.Sources) >= 2, counts: &feedCounts{}},
		bodies:    map[string]bool{},
	}
	if m.feeds.multi {
		m.screen = feedsScreen
	}
	m.refresh.every = cfg.Refresh
	// With two or more feeds and a store, the stored headlines are shown
	// at once and the feeds are refreshed after (refresh.go).
	m.refresh.startedStore = m.feeds.multi && cfg.Store != nil
	// Until the stored headlines arrive, the store counts them (start.go).
	m.feeds.fromStore = m.refresh.startedStore
	if cfg.Store != nil { // a nil *store.Store must not become a non-nil storeAPI
		m.store = cfg.Store
	}
	m.renderOpts = layout.Options{
		Metrics: cfg.Metrics, Color: cfg.Color, Dark: assumeDark, SideBySide: cfg.SideBySide,
	}
	m.renderer, m.rendererDark = layout.NewRenderer(m.renderOpts), assumeDark
	m.spinner = spinner.New(spinner.WithSpinner(spinner.Dot))
	m.progress = progress.New(progress.WithoutPercentage())
	m.filter = textinput.New()
	m.filter.Prompt = ""
	m.filter.Placeholder = "title or keyword"
	m.search.input = newSearchInput()
	m = m.applyStyles(newStyles(cfg.Color, assumeDark))
	if cfg.StoreNotice != "" {
		m.setNotice(cfg.StoreNotice)
	}
	if len(m.sources) == 0 {
		m = m.setArticles(m.loader.Sample(ctx)).selectPosition()
	} else {
		m.nextID++
		job := newLoadJob(ctx, m.nextID, len(m.sources))
		m.load = loadState{job: job, active: true, sources: len(m.sources)}
	}
	return m
}

// applyStyles installs s in the model and in the bubbles it uses.
func (m Model) applyStyles(s Styles) Model {
	m.styles = s
	m.help.Styles = s.Help
	m.help.Ellipsis = m.marks.ellipsis
	m.spinner.Style = s.Spinner
	m.progress.Full, m.progress.Empty = m.marks.progressFull, m.marks.progressEmpty
	m.progress.FullColor, m.progress.EmptyColor = s.ProgressFull, s.ProgressEmpty
	m.filter.SetStyles(s.Input)
	m.search.input.SetStyles(s.Input)
	return m
}

// Init asks the terminal for its background colour and starts the first
// load, if there are sources; with the sample, it asks the store for the
// read marks.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	switch j := m.load.job; {
	case j != nil && m.load.active && m.refresh.startedStore:
		// The three steps of start.go: counts, headlines, whole copies.
		// Step 2 is asked for when step 1 has come (Update), so that the
		// two do not share the cores while the first frame waits.
		cmds = append(cmds, m.fetchFeeds(), m.countStarred(), m.spinner.Tick)
	case j != nil && m.load.active:
		cmds = append(cmds, j.run(m.loader, m.sources), j.next(), slowTick(j.id), m.spinner.Tick)
	default:
		cmds = append(cmds, m.fetchReadMarks(), m.fetchFeeds())
	}
	cmds = append(cmds, m.refreshEvery())
	return tea.Batch(cmds...)
}

// setArticles replaces the articles, keeping the selected and the open
// article by identity when they are still there.
func (m Model) setArticles(articles []feed.Article) Model {
	selected, opened := "", ""
	if a := m.selected(); a != nil {
		selected = identity(a)
	}
	if m.list.open >= 0 && m.list.open < len(m.list.articles) {
		opened = identity(&m.list.articles[m.list.open])
	}
	articles = m.trans.reapplyTranslations(articles)
	articles, m.list.elsewhere = m.withElsewhere(articles)
	own := len(articles) - len(m.list.elsewhere) // they come last
	m.list.articles, m.list.stubs = articles, nil
	if m.list.elsewhere != nil {
		m.list.stubs = make(map[string]bool, len(m.list.elsewhere))
		for id := range m.list.elsewhere {
			m.list.stubs[id] = true
		}
	}
	m.list.headlines = make([]headline, len(articles))
	for i := range articles {
		m.list.headlines[i] = newHeadline(&articles[i], m.metrics)
	}
	for i, src := range sourceIndex(articles, m.sources) {
		m.list.headlines[i].src = src
	}
	m.list.headlines = m.trans.withTitles(articles, m.list.headlines, false)
	m.list.title = feedTitle(articles[:own], m.sources, m.metrics)
	m.pages.clear()
	m.list.visible = m.matching(m.filter.Value())
	m.list.cursor, m.list.open = 0, -1
	m.unread = m.readMarks.countUnread(articles[:own])
	for i, k := range m.list.visible {
		if identity(&articles[k]) == selected {
			m.list.cursor = i
			break
		}
	}
	for i := range articles {
		if opened != "" && identity(&articles[i]) == opened {
			m.list.open = i
			break
		}
	}
	if m.screen == articleScreen && m.list.open < 0 && m.feeds.multi {
		m.screen = feedsScreen
		if opened != "" {
			m.setStatus("the open article is gone after the reload", true)
		}
	} else if m.screen == articleScreen && m.list.open < 0 {
		m.screen = listScreen
		if opened != "" {
			m.setStatus("the open article is gone after the reload", true)
		}
	}
	return m.followCursor()
}

// identity tells articles apart across loads: the source and the feed's ID.
func identity(a *feed.Article) string { return a.Source + "\x00" + a.ID }

// selected returns the selected article, or nil when the list is empty.
func (m Model) selected() *feed.Article { return m.list.selected() }

// shown returns the article in the article pane and its index, or nil: the
// open article on the article screen, the selected one as a preview when
// the screen is wide enough for both panes. A stub (start.go) is never
// shown: the pane says "rendering…" until its body arrives.
func (m Model) shown() (*feed.Article, int) {
	if m.screen == articleScreen || m.geometry().wide {
		if m.list.open >= 0 && m.list.open < len(m.list.articles) {
			a := &m.list.articles[m.list.open]
			if m.list.stubs != nil && m.list.stubs[identity(a)] {
				return nil, -1
			}
			return a, m.list.open
		}
	}
	return nil, -1
}

// newHeadline prepares a's list row. Every string of the row goes through
// printable here, so the view draws rows from printable text only.
func newHeadline(a *feed.Article, met layout.Metrics) headline {
	h := headline{domain: domainOf(a, met)}
	var search []string
	if a.ZH != nil {
		h.zh = printable(met, a.ZH.Title)
		search = append(search, a.ZH.Title)
	}
	if a.EN != nil {
		h.en = printable(met, a.EN.Title)
		search = append(search, a.EN.Title)
	}
	if !a.Published.IsZero() {
		h.date = a.Published.Format("2006-01-02")
	}
	switch {
	case a.ZH != nil && a.EN != nil:
		h.langs = "中 EN"
	case a.ZH != nil:
		h.langs = "中   "
	default:
		h.langs = "   EN"
	}
	search = append(search, a.Keywords...)
	h.search = strings.ToLower(strings.Join(search, "\x00"))
	return h
}

// domainOf names where a came from: its feed's title, else the domain of
// its source (a URL) or link, else the source file's name; as printable
// text.
func domainOf(a *feed.Article, met layout.Metrics) string {
	if name := printable(met, a.Feed); name != "" {
		return name
	}
	for _, s := range []string{a.Source, a.Link} {
		if host := printableHost(met, s); host != "" {
			return host
		}
	}
	if a.Source == "-" || a.Source == "" {
		return "stdin"
	}
	return printableBase(met, a.Source)
}

// feedTitle names the loaded feeds for the title bar.
func feedTitle(articles []feed.Article, sources []string, met layout.Metrics) string {
	names := map[string]bool{}
	var first string
	for i := range articles {
		d := domainOf(&articles[i], met)
		if !names[d] {
			names[d] = true
			if first == "" {
				first = d
			}
		}
	}
	switch {
	case len(sources) == 0:
		return "sample"
	case len(names) == 1:
		return first
	case len(names) > 1:
		return strconv.Itoa(len(names)) + " feeds"
	case len(sources) == 1:
		return printable(met, sources[0])
	}
	return ""
}

// matching returns the indices of the articles of the scope whose titles
// (either language) or keywords contain every word of query, ignoring
// case; with two or more feeds, newest first.
func (m Model) matching(query string) []int {
	words := strings.Fields(strings.ToLower(query))
	out := make([]int, 0, len(m.list.articles))
	for i := range m.list.headlines {
		ok := true
		for _, w := range words {
			if !strings.Contains(m.list.headlines[i].search, w) {
				ok = false
				break
			}
		}
		if ok && (m.search.on || m.inScope(i)) {
			out = append(out, i)
		}
	}
	if m.feeds.multi && !m.search.on {
		m.newestFirst(out)
	}
	return out
}

// setStatus shows msg in the status bar until the next key. msg goes
// through printable: errors can carry a file name or a server's words.
func (m *Model) setStatus(msg string, bad bool) {
	m.status, m.statusBad, m.statusOff = printable(m.metrics, msg), bad, false
}

// setNotice shows msg in the status bar, in the notice style, until the
// next key.
func (m *Model) setNotice(msg string) {
	m.status, m.statusBad, m.statusOff = printable(m.metrics, msg), false, true
}
