package feed

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// ParseText reads articles in the bilingual text format (docs/FORMATS.md):
// Chinese paragraphs, then Title:, Keywords: and News content: with the
// English paragraphs, then a 【来源】 line with the link, then page debris that
// is dropped. A text may hold many articles one after another, and an article
// may have only one of the two languages.
//
// text must be valid UTF-8 (a leading byte-order mark is skipped); source is
// stored in each Article's Source. ParseText returns the articles it could
// read. When one is malformed, it returns the others together with an error
// naming the line of the first bad one ("line 12: ..."); when there is no
// article at all the error says so. Every string in the result has been
// through [Clean].
func ParseText(source string, text string) ([]Article, error) {
	p := textParser{source: source}
	if !strings.Contains(text, "\n") && strings.Contains(text, "\r") {
		text = strings.ReplaceAll(text, "\r", "\n") // old Mac line ends
	}
	// Whole escape sequences go before the text is cut into lines and
	// fields, so that none leaves its parameters behind as text.
	text = stripEscapes(text, true)
	p.draft.start = 1
	for len(text) > 0 {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		p.line++
		p.handle(textTrim(line))
	}
	p.finish(true)
	return p.result()
}

// textState is where the parser is inside an article.
type textState uint8

const (
	textInZH     textState = iota // before Title:, reading Chinese paragraphs
	textInENHead                  // after Title:, before News content:
	textInEN                      // reading English paragraphs
	textInDebris                  // after a source line, skipping page debris
)

// textParser is the state of one ParseText call.
type textParser struct {
	source   string
	line     int // number of the line being read, from 1
	state    textState
	draft    textDraft
	para     []string // lines of the paragraph being read
	articles []Article
	problems []string
	seenEnd  bool    // an article has ended before this one
	linkless bool    // the last article ended with a source line without a URL
	blocks   []Block // arena the articles' blocks are cut from
}

// textDraft collects one article while it is read.
type textDraft struct {
	start            int // line of its first text or marker
	zhTitle, enTitle string
	zhTitleSeen      bool
	enTitleSeen      bool
	zh, en           []Block
	keywords         []string
	link             string
	published        time.Time
	marked           bool // a marker line (Title:, 【来源】, 标题：...) was seen
}

func (d *textDraft) hasText() bool {
	return len(d.zh) > 0 || len(d.en) > 0 || d.zhTitle != "" || d.enTitle != ""
}

// handle reads one trimmed line.
func (p *textParser) handle(line string) {
	if line == "" {
		p.flushPara()
		return
	}
	kind, value := textMarkerOf(line)
	if kind == textSource && p.state == textInZH && len(p.draft.zh)+len(p.para) > 0 && textFindURL(value) == "" {
		// 来源：新华社 at the end of the Chinese part is part of the
		// story, not the end of the article: the English follows.
		kind = textNoMarker
	}
	if p.state == textInDebris {
		link := ""
		if kind == textSource {
			link = textFindURL(value)
		}
		switch {
		case link != "" && p.linkless:
			// "Source: Xinhua" then 【来源】URL: the link is the
			// previous article's.
			p.linkless = false
			textSetLink(&p.articles[len(p.articles)-1], link)
			return
		case kind == textSource && link == "",
			kind == textNoMarker && textIsDebris(line):
			return
		}
		p.state = textInZH
		p.linkless = false
		p.reset()
	}
	if kind == textNoMarker {
		p.handleText(line)
		return
	}
	p.flushPara()
	p.handleMarker(kind, value)
}

// handleText reads a line that is not a marker.
func (p *textParser) handleText(line string) {
	switch p.state {
	case textInENHead:
		if p.draft.enTitle == "" {
			p.draft.enTitle = Clean(line)
			return
		}
		p.state = textInEN // English text without a News content: line
	case textInEN:
		if len(p.para) == 0 && textMostlyHan(line) {
			// Chinese after the English part: the previous article
			// had no source line and the next one starts here.
			p.finish(false)
			p.state = textInDebris
			p.handle(line)
			return
		}
	}
	if len(p.para) == 0 && !p.draft.hasText() && !p.draft.marked {
		p.draft.start = p.line
	}
	p.para = append(p.para, line)
}

// handleMarker reads a marker line; the paragraph before it is flushed.
func (p *textParser) handleMarker(kind textMarker, value string) {
	d := &p.draft
	switch kind {
	case textENTitle:
		if d.enTitleSeen || p.state == textInEN {
			p.next()
		}
		p.draft.enTitle, p.draft.enTitleSeen = Clean(value), true
		p.state = textInENHead
	case textZHTitle:
		if d.zhTitleSeen || p.state != textInZH {
			p.next()
		}
		p.draft.zhTitle, p.draft.zhTitleSeen = Clean(value), true
	case textKeywords:
		d.keywords = textAppendKeywords(d.keywords, value)
	case textContent:
		if p.state == textInEN {
			p.next()
		}
		p.state = textInEN
		if value != "" {
			p.para = append(p.para, value)
		}
	case textDateLine:
		if t, _ := textParseDate(value); d.published.IsZero() {
			d.published = t
		}
	case textSource:
		if d.link == "" {
			d.link = textFindURL(value)
		}
		if d.hasText() {
			n := len(p.articles)
			p.finish(false)
			p.linkless = len(p.articles) > n && p.articles[n].Link == ""
			p.state = textInDebris
			return
		}
	}
	p.draft.marked = true
}

// next ends the current article, which had no source line, and starts a new
// one at the current line.
func (p *textParser) next() {
	p.finish(false)
	p.state = textInZH
}

// reset starts a new draft at the current line. The draft's block slices
// are kept for reuse: build copied their contents.
func (p *textParser) reset() {
	p.draft = textDraft{start: p.line, zh: p.draft.zh[:0], en: p.draft.en[:0]}
}

// flushPara ends the paragraph being read and adds it to the language of
// the part the parser is in.
func (p *textParser) flushPara() {
	if len(p.para) == 0 {
		return
	}
	text := textJoin(p.para)
	p.para = p.para[:0]
	if text == "" {
		return
	}
	b := Block{Kind: Paragraph, Text: text}
	if p.state == textInEN || p.state == textInENHead {
		p.state = textInEN
		p.draft.en = append(p.draft.en, b)
	} else {
		p.draft.zh = append(p.draft.zh, b)
	}
}

// finish ends the current article and keeps it when it is sound. atEOF is
// true at the end of the text.
func (p *textParser) finish(atEOF bool) {
	p.flushPara()
	d := &p.draft
	defer p.reset()
	ended := p.seenEnd
	p.seenEnd = true
	d.en = textTrimDebris(d.en)
	d.zh = textTrimDebris(d.zh)
	switch {
	case !d.marked:
		// Text with no marker at all: trailing page debris, or a file
		// that is not in this format.
		if atEOF && ended && textSubstantial(d.zh) {
			p.problem(d.start, "text after the last article has no Title:, 标题： or 【来源】 line; ignored")
		}
		return
	case len(d.zh) == 0 && len(d.en) == 0:
		what := "article has no paragraphs"
		if !d.hasText() {
			what = "article has no text"
		}
		p.problem(d.start, what)
		return
	}
	p.articles = append(p.articles, p.build())
}

func (p *textParser) problem(line int, what string) {
	p.problems = append(p.problems, fmt.Sprintf("line %d: %s", line, what))
}

// build turns the finished draft into an Article.
func (p *textParser) build() Article {
	d := &p.draft
	a := Article{Published: d.published, Keywords: d.keywords, Source: p.source}
	if d.zhTitle == "" && d.enTitle == "" {
		if len(d.zh) > 0 {
			d.zhTitle = textDeriveTitle(d.zh[0].Text, 40)
		} else {
			d.enTitle = textDeriveTitle(d.en[0].Text, 80)
		}
	}
	versions := new([2]Version) // one allocation for both
	p.reserve(len(d.zh) + len(d.en))
	if len(d.zh) > 0 || d.zhTitle != "" {
		versions[0] = Version{Title: d.zhTitle, Blocks: p.keep(d.zh)}
		a.ZH = &versions[0]
	}
	if len(d.en) > 0 || d.enTitle != "" {
		versions[1] = Version{Title: d.enTitle, Blocks: p.keep(d.en)}
		a.EN = &versions[1]
	}
	if d.link == "" {
		a.ID = textContentID(&a)
	}
	textSetLink(&a, d.link)
	return a
}

// textSetLink sets the link of an article that has none, which becomes its
// ID, and its date when the article has none and the link carries one.
func textSetLink(a *Article, link string) {
	if link == "" {
		return
	}
	a.Link, a.ID = link, link
	if !a.Published.IsZero() {
		return
	}
	if u, err := url.Parse(link); err == nil {
		a.Published, _ = textDateFromURL(u)
	}
}

// maxArena is the most blocks the parser allocates at once for articles'
// blocks.
const maxArena = 512

// reserve makes room in the arena for n more blocks. A new arena is twice
// the last one, up to maxArena, and never smaller than n: the first is
// exactly n, so that a file of one article keeps no block it does not use
// (a fixed 512-block arena was 32 KB for every small file of a directory),
// while a file of thousands of articles still makes few allocations.
func (p *textParser) reserve(n int) {
	if cap(p.blocks)-len(p.blocks) >= n {
		return
	}
	size := min(2*cap(p.blocks), maxArena)
	p.blocks = make([]Block, 0, max(size, n))
}

// keep copies blocks into the arena (see reserve) and returns the copy,
// capped so that a caller's append cannot overwrite the next article's
// blocks.
func (p *textParser) keep(blocks []Block) []Block {
	if len(blocks) == 0 {
		return nil
	}
	p.reserve(len(blocks))
	start := len(p.blocks)
	p.blocks = append(p.blocks, blocks...)
	return p.blocks[start:len(p.blocks):len(p.blocks)]
}

// result returns the articles and the error that goes with them.
func (p *textParser) result() ([]Article, error) {
	var err error
	if n := len(p.problems); n > 0 {
		msg := p.problems[0]
		if n > 1 {
			msg += fmt.Sprintf(" (and %d more problems)", n-1)
		}
		err = errors.New(msg)
	}
	if len(p.articles) == 0 {
		if err != nil {
			return nil, fmt.Errorf("no article found: %w", err)
		}
		return nil, errors.New("no article found (expected Title: and News content: lines, or a 【来源】 line)")
	}
	return p.articles, err
}

// textContentID is the ID of an article without a link: a hash of its
// titles and paragraphs.
func textContentID(a *Article) string {
	h := sha256.New()
	for _, v := range []*Version{a.ZH, a.EN} {
		h.Write([]byte{0})
		if v == nil {
			continue
		}
		h.Write([]byte(v.Title + "\n"))
		for _, b := range v.Blocks {
			h.Write([]byte(b.Text + "\n"))
		}
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)[:16])
}

// textJoin joins the lines of one paragraph and cleans the result. Lines are
// joined with a space, except where either side is a wide (CJK) character,
// since Chinese text wrapped over lines has no space between them.
func textJoin(lines []string) string {
	if len(lines) == 1 {
		return Clean(lines[0])
	}
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			last, _ := utf8.DecodeLastRuneInString(lines[i-1])
			first, _ := utf8.DecodeRuneInString(l)
			if !textWide(last) && !textWide(first) {
				b.WriteByte(' ')
			}
		}
		b.WriteString(l)
	}
	return Clean(b.String())
}

// textWide reports the CJK characters and punctuation that need no space
// between them and their neighbours.
func textWide(r rune) bool {
	return r >= 0x2E80 && r <= 0x9FFF || r >= 0xF900 && r <= 0xFAFF ||
		r >= 0xFE30 && r <= 0xFE4F || r >= 0xFF00 && r <= 0xFFEF || r >= 0x20000
}

// textMostlyHan reports whether a line is Chinese text rather than English
// text that quotes a few characters. Only the start of the line is looked at.
func textMostlyHan(s string) bool {
	if len(s) > 120 {
		s = s[:120]
	}
	han, latin := 0, 0
	for _, r := range s {
		switch {
		case r >= 0x3400 && r <= 0x9FFF || r >= 0x20000:
			han++
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			latin++
		}
	}
	return han > 0 && han*2 > latin
}

// textDeriveTitle makes a title for an article that has none from the first
// sentence of its first paragraph, cut to max runes with "…".
func textDeriveTitle(para string, max int) string {
	s := para
	if i := strings.IndexAny(s, "。！？!?"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(s, ".")
	if utf8.RuneCountInString(s) <= max {
		return Clean(s)
	}
	cut, n := 0, 0
	for i := range s {
		if n == max-1 {
			cut = i
			break
		}
		n++
	}
	head := s[:cut]
	if sp := strings.LastIndexByte(head, ' '); sp > len(head)/2 {
		head = head[:sp]
	}
	return Clean(head + "…")
}

// LooksLikeText reports whether text is in the bilingual text format: it has
// a Title: and a News content: line, or a source line (【来源】, 来源：,
// Source:) after Chinese text. Only the first 1 MiB is looked at. It is false
// for XML, HTML and JSON, whose first character is '<', '{' or '['.
func LooksLikeText(text string) bool {
	head := textTrim(strings.TrimLeft(text, " \t\r\n\ufeff"))
	if head == "" || head[0] == '<' || head[0] == '{' || head[0] == '[' && !strings.HasPrefix(head, "[来源") {
		return false
	}
	// Lines end where ParseText ends them: at LF, or at CR in a text
	// without any LF (old Mac line ends).
	eol := byte('\n')
	if strings.IndexByte(text, '\n') < 0 && strings.IndexByte(text, '\r') >= 0 {
		eol = '\r'
	}
	if len(text) > 1<<20 {
		text = text[:1<<20]
	}
	var title, content, han bool
	for text != "" {
		line := text
		if i := strings.IndexByte(text, eol); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		line = textTrim(line)
		switch kind, _ := textMarkerOf(line); kind {
		case textENTitle:
			title = true
		case textContent:
			content = true
		case textSource:
			if han {
				return true
			}
		default:
			han = han || textMostlyHan(line)
		}
		if title && content {
			return true
		}
	}
	return false
}
