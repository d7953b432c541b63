package tui

import (
	"maps"
	"strconv"
	"strings"
	"sync"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/align"
	"github.com/xinwen-reader/xinwen/tui/layout"
	"github.com/xinwen-reader/xinwen/tui/pairs"
)

// This file wires sentence alignment (package feed/align) into the reader:
// the alignment of each article, computed once and cached like pages; the
// sentence cursor that ) and ( move over its pairs; the grid layout a
// toggles; c, which copies the current pair. Package tui/pairs converts the
// alignment for the layout, as `xinwen show` and `xinwen align` do.

// syncAlignBytes is the article size below which the reader aligns an
// article inside Update, so that its first frame is already grouped: such
// an article aligns in well under a millisecond. A longer article shows at
// once block beside block and regroups when its alignment, computed in a
// command, arrives.
const syncAlignBytes = 8 << 10

// maxCursors bounds how many articles' cursor positions are remembered.
const maxCursors = 256

// alignCache holds the alignment of each article (by identity()), computed
// once whatever the width or mode. It lives in the pageCache, which clears
// it with the pages; the zero value is empty and ready.
type alignCache struct {
	mu      sync.Mutex
	gen     int
	done    map[string]*layout.Alignment
	pending map[string]bool
}

func (c *alignCache) get(id string) (*layout.Alignment, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	al, ok := c.done[id]
	return al, ok
}

// put stores al under id unless the cache was cleared since generation gen.
func (c *alignCache) put(id string, al *layout.Alignment, gen int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.done == nil || len(c.done) >= maxPages {
		c.done = map[string]*layout.Alignment{}
	}
	c.done[id] = al
	delete(c.pending, id)
}

// claim marks id as being aligned and returns the generation, or false
// when it is being aligned already.
func (c *alignCache) claim(id string) (gen int, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending[id] {
		return 0, false
	}
	if c.pending == nil {
		c.pending = map[string]bool{}
	}
	c.pending[id] = true
	return c.gen, true
}

func (c *alignCache) generation() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

func (c *alignCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.done)
	clear(c.pending)
}

// alignPrintable aligns a as the renderer will draw it: the offsets of the
// pairs are offsets in the printable text.
func alignPrintable(a *feed.Article) *layout.Alignment {
	return pairs.Article(printableArticle(a))
}

// sentenceCursor is the state of the sentence cursor and of the grid: whether
// the cursor is on, the pair it stands on in each article it has visited
// (by identity(), an index into the alignment's Pairs), and whether the
// grid layout is chosen. at is copied on write, so copies of a Model never
// see each other's moves.
type sentenceCursor struct {
	on   bool
	grid bool
	at   map[string]int
	// Moves asked for before the article's alignment arrived, to make
	// when it does: their sum, the article, and whether the cursor was on
	// before the first of them.
	pending   int
	pendingID string
	pendingOn bool
}

// with returns c standing on pair i of article id.
func (c sentenceCursor) with(id string, i int) sentenceCursor {
	if len(c.at) >= maxCursors {
		c.at = nil
	}
	c.at = maps.Clone(c.at)
	if c.at == nil {
		c.at = map[string]int{}
	}
	c.at[id] = i
	return c
}

// bilingual reports whether a has both versions, so that it can be aligned.
func bilingual(a *feed.Article) bool { return a != nil && a.ZH != nil && a.EN != nil }

// wantsAlignment reports whether the reader's mode needs the shown
// article's alignment: the layout of both languages, or the cursor.
func (m Model) wantsAlignment() bool { return m.lang == layout.Both || m.sent.on }

// alignmentOf returns a's alignment, and false while it is not known.
func (m Model) alignmentOf(a *feed.Article) (*layout.Alignment, bool) {
	if !bilingual(a) {
		return nil, false
	}
	al, ok := m.pages.aligns.get(identity(a))
	return al, ok && al != nil
}

// alignReady reports whether aligning costs only the article's own time:
// the aligner reads its dictionary on first use (about 50 ms), which no key
// press may wait for. A variable so that a test can stand in for it.
var alignReady = align.Ready

// alignIfShort aligns a at once when the mode wants it, a is short and the
// aligner's dictionary is read.
func (m Model) alignIfShort(a *feed.Article) {
	if !bilingual(a) || !m.wantsAlignment() || articleBytes(a) >= syncAlignBytes || !alignReady() {
		return
	}
	id := identity(a)
	if _, ok := m.pages.aligns.get(id); !ok {
		m.pages.aligns.put(id, alignPrintable(a), m.pages.aligns.generation())
	}
}

// ensureAlignment returns the command that aligns the shown article in the
// background, when the mode wants its alignment and it is not known or
// coming; nil otherwise. A short article is aligned at once instead.
func (m Model) ensureAlignment() tea.Cmd {
	a, _ := m.shown()
	if !bilingual(a) || !m.wantsAlignment() {
		return nil
	}
	m.alignIfShort(a)
	id := identity(a)
	if _, ok := m.pages.aligns.get(id); ok {
		return nil
	}
	gen, ok := m.pages.aligns.claim(id)
	if !ok {
		return nil
	}
	return func() tea.Msg { return sentencesAligned{ID: id, Gen: gen, Align: alignPrintable(a)} }
}

// sentenceKey completes k, the key of a's page, with the layout the
// alignment and the cursor give it.
func (m Model) sentenceKey(k pageKey, a *feed.Article) pageKey {
	if _, ok := m.alignmentOf(a); ok {
		k.aligned = true
		k.grid = m.sent.grid && m.lang == layout.Both
		k.cursor = m.sent.on
	}
	return k
}

// shownPage returns the shown article's page. While the page for the
// current layout renders, a page of the same article at the same width and
// mode drawn before the alignment arrived or the cursor was switched
// stands in for it.
func (m Model) shownPage() (*shownPage, bool) {
	a, _ := m.shown()
	if a == nil {
		return nil, false
	}
	k := m.pageKeyFor(a)
	if p, ok := m.pages.get(k); ok {
		return p, true
	}
	flip, plain := k, k
	flip.cursor = !k.cursor
	plain.aligned, plain.grid, plain.cursor = false, false, false
	for _, alt := range []pageKey{flip, plain} {
		if p, ok := m.pages.get(alt); ok {
			return p, true
		}
	}
	return nil, false
}

// pairShown reports whether pair p has text in mode lang.
func pairShown(p layout.Pair, lang layout.Lang) bool {
	switch lang {
	case layout.Chinese:
		return len(p.ZH) > 0
	case layout.English:
		return len(p.EN) > 0
	}
	return len(p.ZH)+len(p.EN) > 0
}

// nextShown returns the first pair from i on, in direction dir (1 or -1),
// that has text in lang, or -1.
func nextShown(al *layout.Alignment, i, dir int, lang layout.Lang) int {
	for ; i >= 0 && i < len(al.Pairs); i += dir {
		if pairShown(al.Pairs[i], lang) {
			return i
		}
	}
	return -1
}

// cursorPair returns the pair the cursor stands on in a: the remembered
// one, or the nearest after it (else before it) with text in the current
// language; false when the cursor is off or a has no pairs to show.
func (m Model) cursorPair(a *feed.Article) (int, *layout.Alignment, bool) {
	al, ok := m.alignmentOf(a)
	if !m.sent.on || !ok {
		return -1, nil, false
	}
	i := min(max(m.sent.at[identity(a)], 0), len(al.Pairs)-1)
	if j := nextShown(al, i, 1, m.lang); j >= 0 {
		return j, al, true
	}
	j := nextShown(al, i, -1, m.lang)
	return j, al, j >= 0
}

// handleSentenceKey handles the keys of the sentence cursor and the grid
// on the article screen, and reports whether msg was one of them.
func (m Model) handleSentenceKey(msg tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	switch {
	case m.sent.on && key.Matches(msg, m.keys.LeaveSentences):
		m.sent.on = false
		m.setStatus("left the sentence pairs", false)
		return m, nil, true
	case key.Matches(msg, m.keys.NextPair):
		return m.moveSentence(1), nil, true
	case key.Matches(msg, m.keys.PrevPair):
		return m.moveSentence(-1), nil, true
	case key.Matches(msg, m.keys.Grid):
		return m.toggleGrid(), nil, true
	case key.Matches(msg, m.keys.CopyPair):
		m, cmd := m.copyPair()
		return m, cmd, true
	}
	return m, nil, false
}

// moveSentence moves the cursor to the next (dir 1) or previous (-1) pair
// with text in the current language, and the viewport with it. With the
// cursor off, it comes on at the first pair starting in view (dir 1) or the
// last (-1).
func (m Model) moveSentence(dir int) Model {
	a, _ := m.shown()
	if !bilingual(a) {
		m.setStatus("this article has one language: there are no sentence pairs", false)
		return m
	}
	m.alignIfShort(a)
	if _, known := m.alignmentOf(a); known {
		m = m.replayPending(a)
	}
	was := m.sent.on
	m.sent.on = true
	i, al, ok := m.cursorPair(a)
	switch {
	case !ok && al == nil:
		// Kept and made when the alignment arrives (handleAligned).
		if m.sent.pendingID != identity(a) {
			m.sent.pending, m.sent.pendingID, m.sent.pendingOn = 0, identity(a), was
		}
		m.sent.pending += dir
		m.setStatus("aligning the sentences"+m.marks.ellipsis, false)
		return m
	case !ok:
		m.setStatus("no sentence in this language", false)
		return m
	case !was:
		i = m.pairInView(a, al, dir)
	default:
		if j := nextShown(al, i+dir, dir, m.lang); j >= 0 {
			i = j
		} else if dir > 0 {
			m.setStatus("this is the last sentence pair", false)
		} else {
			m.setStatus("this is the first sentence pair", false)
		}
	}
	m.sent = m.sent.with(identity(a), i)
	return m.followSentence()
}

// pairInView returns the first pair with text whose rows start in the
// article pane (dir 1), or the last (dir -1); the first pair when the page
// does not say where pairs are.
func (m Model) pairInView(a *feed.Article, al *layout.Alignment, dir int) int {
	m.renderIfShort()
	first := nextShown(al, 0, 1, m.lang)
	p, ok := m.shownPage()
	if !ok || len(p.page.Pairs) != len(al.Pairs) {
		return first
	}
	hdr, h := len(p.page.Header), max(m.geometry().bodyHeight, 1)
	found := -1
	for i, rows := range p.page.Pairs {
		top := hdr + rows.Top
		if rows.Empty() || !pairShown(al.Pairs[i], m.lang) || top < m.list.scroll {
			continue
		}
		if top >= m.list.scroll+h {
			if found < 0 {
				found = i // nothing starts in view: the next one below
			}
			break
		}
		found = i
		if dir > 0 {
			break
		}
	}
	if found < 0 {
		return first
	}
	return found
}

// followSentence scrolls the article pane, as little as it can, so that the
// cursor's pair is in view; the pair's top row when it is taller than the
// pane. It renders the page first when it is short.
func (m Model) followSentence() Model {
	if !m.sent.on {
		return m
	}
	m.renderIfShort()
	a, _ := m.shown()
	i, _, ok := m.cursorPair(a)
	p, got := m.shownPage()
	if !ok || !got || i >= len(p.page.Pairs) || p.page.Pairs[i].Empty() {
		return m
	}
	rows, hdr := p.page.Pairs[i], len(p.page.Header)
	top, bottom := hdr+rows.Top, hdr+rows.Bottom
	h := max(m.geometry().bodyHeight, 1)
	switch {
	case top < m.list.scroll:
		m.list.scroll = top
	case bottom > m.list.scroll+h:
		m.list.scroll = min(top, bottom-h)
	}
	return m.scrollBy(0)
}

// pageArrived follows the cursor when the page that arrived is the shown
// article's current one: its rows may differ from the stand-in's.
func (m Model) pageArrived(k pageKey) Model {
	if a, _ := m.shown(); a != nil && m.sent.on && k == m.pageKeyFor(a) {
		return m.followSentence()
	}
	return m
}

// handleAligned stores an alignment computed in the background and, with
// the cursor on, follows it.
func (m Model) handleAligned(msg sentencesAligned) Model {
	m.pages.aligns.put(msg.ID, msg.Align, msg.Gen)
	a, _ := m.shown()
	if a == nil || identity(a) != msg.ID || m.sent.pendingID != msg.ID || m.sent.pending == 0 {
		return m.followSentence()
	}
	if _, known := m.alignmentOf(a); !known {
		return m // dropped as stale: the moves wait for the next one
	}
	return m.replayPending(a)
}

// replayPending makes the moves pressed before a's alignment was known, as
// if it had been there, once: by whichever comes first, the alignment's
// command or the next move once a short article was aligned at once.
func (m Model) replayPending(a *feed.Article) Model {
	if m.sent.pendingID != identity(a) || m.sent.pending == 0 {
		return m
	}
	steps, dir := m.sent.pending, 1
	if steps < 0 {
		steps, dir = -steps, -1
	}
	m.sent.on, m.sent.pending, m.sent.pendingID = m.sent.pendingOn, 0, ""
	for range steps {
		m = m.moveSentence(dir)
	}
	return m
}

// toggleGrid switches the translator's grid on or off.
func (m Model) toggleGrid() Model {
	m.sent.grid = !m.sent.grid
	switch {
	case !m.sent.grid:
		m.setStatus("grid off: paragraphs side by side", false)
	case m.lang != layout.Both:
		m.setStatus("grid on: it shows with both languages (t)", false)
	default:
		m.setStatus("grid on: every sentence pair starts on its own row", false)
	}
	return m.followSentence()
}

// copyPair copies the cursor's pair with OSC 52: the Chinese line, then the
// English line (a side without sentences gives no line).
func (m Model) copyPair() (Model, tea.Cmd) {
	a, _ := m.shown()
	i, al, ok := m.cursorPair(a)
	if !ok {
		m.setStatus("no sentence pair to copy: ) and ( choose one", true)
		return m, nil
	}
	zh, en := pairs.Text(printableArticle(a), al.Pairs[i])
	var lines []string
	for _, s := range []string{zh, en} {
		if s != "" {
			lines = append(lines, s)
		}
	}
	m.setStatus("copied pair "+strconv.Itoa(i+1)+": "+strings.Join(lines, " / "), false)
	return m, tea.SetClipboard(strings.Join(lines, "\n"))
}

// lightPair draws the cursor's pair over out, the article pane's rows from
// row start of the page: Highlight's rows that fall in the window.
func (m Model) lightPair(out []string, start int) {
	a, _ := m.shown()
	i, _, ok := m.cursorPair(a)
	if !ok {
		return
	}
	p, got := m.shownPage()
	if !got {
		return
	}
	hdr := len(p.page.Header)
	for row, l := range p.page.Highlight(i) {
		if r := hdr + row - start; r >= 0 && r < len(out) {
			out[r] = l
		}
	}
}

// pairBadge is the status bar's " pair N/M ", when the cursor is on.
func (m Model) pairBadge() string {
	a, _ := m.shown()
	i, al, ok := m.cursorPair(a)
	if !ok {
		return ""
	}
	return " pair " + strconv.Itoa(i+1) + "/" + strconv.Itoa(len(al.Pairs)) + " "
}

// layoutAlignment returns a's alignment for page k: nil unless k is
// aligned.
func (m Model) layoutAlignment(a *feed.Article, k pageKey) *layout.Alignment {
	if !k.aligned {
		return nil
	}
	al, _ := m.alignmentOf(a)
	return al
}
