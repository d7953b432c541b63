package tui

import (
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// asyncRenderBytes is the article size from which rendering moves out of
// Update into a command, so that a key never waits for a long article.
const asyncRenderBytes = 32 << 10

// maxPages bounds the page cache; past it the cache starts afresh.
const maxPages = 128

// pageKey identifies a rendered page: which article, in which language
// mode, at which width. dark tells renderers apart. aligned, grid and
// cursor say how the page is laid out (see sentenceKey).
type pageKey struct {
	article string // identity()
	lang    layout.Lang
	width   int
	dark    bool
	aligned bool // grouped by the article's alignment
	grid    bool // the translator's grid (aligned, in Both)
	cursor  bool // with the sentence cursor's gutter (aligned)
}

// shownPage is a rendered page as the cache keeps it: its lines (Header
// then Body) in one slice, so that scrolling only slices, and the page
// itself for its pairs and Highlight.
type shownPage struct {
	lines []string
	page  layout.Page
}

// pageCache holds rendered pages, and the articles' alignments (aligns).
// It is shared by all copies of a Model; the mutex lets View read it while
// a test renders concurrently.
type pageCache struct {
	mu      sync.Mutex
	gen     int // counts clears, so that a page rendered before one is dropped
	pages   map[pageKey]*shownPage
	pending map[pageKey]bool
	aligns  alignCache
}

func newPageCache() *pageCache {
	return &pageCache{pages: map[pageKey]*shownPage{}, pending: map[pageKey]bool{}}
}

func (c *pageCache) get(k pageKey) (*shownPage, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.pages[k]
	return p, ok
}

// put stores p under k unless the cache was cleared since generation gen.
func (c *pageCache) put(k pageKey, p layout.Page, gen int) {
	lines := make([]string, 0, len(p.Header)+len(p.Body))
	lines = append(append(lines, p.Header...), p.Body...)
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if len(c.pages) >= maxPages {
		clear(c.pages)
	}
	c.pages[k] = &shownPage{lines: lines, page: p}
	delete(c.pending, k)
}

// claim marks k as being rendered and returns the cache's generation, or
// false when k is being rendered already.
func (c *pageCache) claim(k pageKey) (gen int, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending[k] {
		return 0, false
	}
	c.pending[k] = true
	return c.gen, true
}

func (c *pageCache) generation() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

func (c *pageCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.pages)
	clear(c.pending)
	c.aligns.clear()
}

// pageKeyFor returns the key of a's page at the article pane's width.
func (m Model) pageKeyFor(a *feed.Article) pageKey {
	k := pageKey{article: identity(a), lang: m.lang, width: m.geometry().articleWidth, dark: m.rendererDark}
	return m.sentenceKey(k, a)
}

// page returns the lines of the shown article, and false while they are
// not rendered yet (shownPage says which page stands in meanwhile).
func (m Model) page() ([]string, bool) {
	p, ok := m.shownPage()
	if !ok {
		return nil, false
	}
	return p.lines, true
}

// ensurePage renders the shown article if its page is not cached: at once
// when it is short, in a command when it is long. It returns that command
// or nil.
func (m Model) ensurePage() tea.Cmd {
	a, _ := m.shown()
	if a == nil || m.width == 0 {
		return nil
	}
	if m.renderIfShort() {
		return nil
	}
	k := m.pageKeyFor(a)
	if k.width < 2 {
		return nil
	}
	gen, ok := m.pages.claim(k)
	if !ok {
		return nil
	}
	r, article, al := m.renderer, a, m.layoutAlignment(a, k)
	return func() tea.Msg {
		return articleRendered{Key: k, Gen: gen, Page: renderPage(r, article, k, al)}
	}
}

// renderIfShort renders the shown article at once if it is short and not
// cached, and reports whether its page is now available.
func (m Model) renderIfShort() bool {
	a, _ := m.shown()
	if a == nil || m.width == 0 {
		return false
	}
	m.alignIfShort(a)
	k := m.pageKeyFor(a)
	if _, ok := m.pages.get(k); ok {
		return true
	}
	if k.width < 2 || articleBytes(a) >= asyncRenderBytes {
		return false
	}
	m.pages.put(k, renderPage(m.renderer, a, k, m.layoutAlignment(a, k)), m.pages.generation())
	return true
}

// renderPage renders a for page k, with its text made printable first: an
// article from the store or a test need not have come through the parser.
// al is a's alignment when k is aligned (made on the printable text).
func renderPage(r *layout.Renderer, a *feed.Article, k pageKey, al *layout.Alignment) layout.Page {
	lay := layout.Layout{Grid: k.grid, Cursor: k.cursor}
	if k.aligned {
		lay.Align = al
	}
	return r.RenderLayout(printableArticle(a), k.lang, k.width, lay)
}

// articleBytes is the size of a's text, to judge how long rendering takes.
func articleBytes(a *feed.Article) int {
	n := 0
	for _, v := range []*feed.Version{a.ZH, a.EN} {
		if v == nil {
			continue
		}
		n += len(v.Title)
		for i := range v.Blocks {
			n += len(v.Blocks[i].Text)
		}
	}
	return n
}
