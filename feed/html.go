package feed

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlBlocks turns an HTML fragment (an item's content or description) into
// blocks. It is a single pass of the x/net/html tokenizer:
//
//   - p, div, section, table rows and other block elements end the block
//     before them; h1–h6 become Heading blocks with their Level, li becomes a
//     ListItem, text inside blockquote becomes Quote blocks, pre becomes one
//     Code block cleaned by CleanLines.
//   - Every <br> ends the block, so "a<br>b" is two paragraphs. Feeds use
//     <br> (often doubled) as their paragraph break far more often than for
//     a line break inside one, and a bilingual item whose languages are
//     separated only by <br> can then be split by language.
//   - Text outside any explicit paragraph (plain text, or text directly in a
//     div) is split into paragraphs at blank lines.
//   - script, style, iframe, form, media, svg and the like are dropped with
//     everything inside them, and so are elements whose class or id says
//     they are sharing, social, related-article or advertising debris.
//     Images are dropped (a figcaption's text stays, as a paragraph).
//   - em/i/cite become Emphasis spans, strong/b Strong, code/kbd/samp
//     InlineCode, and a with an http or https href (resolved against base,
//     which may be nil) a LinkSpan. Nested spans never overlap: links are
//     kept first, then the others in order.
//
// The tokenizer decodes entities once; the feed's XML parser decoded them
// once before, so "&amp;#27;" arrives here as ESC and is removed by Clean,
// which every text run passes through.
func htmlBlocks(s string, base *url.URL) []Block {
	if !strings.Contains(s, "<") {
		if strings.Contains(s, "&") {
			s = html.UnescapeString(s)
		}
		return plainBlocks(s)
	}
	c := htmlCleaner{base: base}
	c.run(html.NewTokenizer(strings.NewReader(s)))
	return c.blocks
}

// plainBlocks splits plain text into paragraphs at blank lines. Escape
// sequences are removed first, so that none is cut in two.
func plainBlocks(s string) []Block {
	s = stripEscapes(s, false)
	var blocks []Block
	for _, para := range splitBlankLines(s) {
		if text := Clean(para); text != "" {
			blocks = append(blocks, Block{Kind: Paragraph, Text: text})
		}
	}
	return blocks
}

// splitBlankLines splits s at lines holding only white space.
func splitBlankLines(s string) []string {
	if !strings.Contains(s, "\n") {
		return []string{s}
	}
	var parts []string
	start := 0
	lines := strings.SplitAfter(s, "\n")
	pos := 0
	for _, line := range lines {
		if strings.TrimSpace(line) == "" && pos > start {
			parts = append(parts, s[start:pos])
			start = pos + len(line)
		} else if strings.TrimSpace(line) == "" {
			start = pos + len(line)
		}
		pos += len(line)
	}
	if start < len(s) {
		parts = append(parts, s[start:])
	}
	return parts
}

// htmlCleaner is the state of one htmlBlocks pass.
type htmlCleaner struct {
	base   *url.URL
	blocks []Block
	inline inlineText
	open   []openSpan

	heading  int // level of the open heading, 0 for none
	para     int // depth of explicit <p> elements
	list     int // depth of <li> elements
	quote    int // depth of <blockquote> elements
	pre      int // depth of <pre> elements
	preText  strings.Builder
	skipTag  atom.Atom // the element being dropped with its content, 0 for none
	skipName string    // its name, when it has no atom
	skip     int       // nesting depth of skipTag inside itself
}

// openSpan is an inline element that is open.
type openSpan struct {
	tag   atom.Atom
	kind  SpanKind
	url   string
	start int
	span  bool // false for an <a> that is not a link: closes nothing
}

func (c *htmlCleaner) run(z *html.Tokenizer) {
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			c.endBlock()
			return
		case html.TextToken:
			if c.skip == 0 {
				c.text(tokenText(z))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := tagName(z, false)
			c.start(z, name, hasAttr, tt == html.SelfClosingTagToken)
		case html.EndTagToken:
			name, _ := tagName(z, true)
			c.end(name)
		}
	}
}

// text takes a text run, which it may not keep: see tokenText.
func (c *htmlCleaner) text(s string) {
	if c.pre > 0 {
		c.preText.WriteString(s)
		return
	}
	if c.para > 0 || c.list > 0 || c.heading > 0 || !strings.Contains(s, "\n") {
		c.inline.add(s)
		return
	}
	parts := splitBlankLines(stripEscapes(s, false))
	for i, part := range parts {
		if i > 0 {
			c.endBlock()
		}
		c.inline.add(part)
	}
}

func (c *htmlCleaner) start(z *html.Tokenizer, name []byte, hasAttr bool, selfClosing bool) {
	tag := atom.Lookup(name)
	if c.skip > 0 {
		if !selfClosing && c.isSkipTag(tag, name) {
			c.skip++
		}
		return
	}
	var href string
	debris := false
	for hasAttr {
		var key, val []byte
		key, val, hasAttr = z.TagAttr()
		switch string(key) {
		case "href":
			href = string(val)
		case "class", "id":
			debris = debris || isDebris(string(val))
		}
	}
	if dropped[tag] || (debris && !voidElement[tag]) {
		if !selfClosing && !voidElement[tag] {
			c.skipTag, c.skip = tag, 1
			if tag == 0 {
				c.skipName = string(name)
			}
		}
		return
	}
	switch {
	case tag == atom.Br:
		if c.pre > 0 {
			c.preText.WriteByte('\n')
		} else {
			c.endBlock()
		}
	case tag == atom.Pre:
		c.endBlock()
		c.pre++
	case c.pre > 0:
	case headingLevel(tag) > 0:
		c.endBlock()
		c.heading = headingLevel(tag)
	case tag == atom.Li:
		c.endBlock()
		c.list++
	case tag == atom.Blockquote:
		c.endBlock()
		c.quote++
	case tag == atom.P:
		c.endBlock()
		c.para++
	case blockElement[tag]:
		c.endBlock()
	case cellElement[tag]:
		c.inline.space = true
	case tag == atom.A:
		link := resolveLink(c.base, href)
		c.openSpan(openSpan{tag: tag, kind: LinkSpan, url: link, span: link != ""})
	default:
		if kind, ok := spanElement[tag]; ok && !selfClosing {
			c.openSpan(openSpan{tag: tag, kind: kind, span: true})
		}
	}
}

// maxOpenSpans is how many inline elements may be open at once. Deeper
// ones are not tracked: every block and end tag looks at all open
// elements, so thousands left open would make the cleaner quadratic, and
// no real text nests emphasis a hundred deep.
const maxOpenSpans = 100

// openSpan starts o at the current end of the block's text.
func (c *htmlCleaner) openSpan(o openSpan) {
	if len(c.open) >= maxOpenSpans {
		return
	}
	o.start = len(c.inline.buf)
	c.open = append(c.open, o)
}

func (c *htmlCleaner) isSkipTag(tag atom.Atom, name []byte) bool {
	if c.skipTag != 0 {
		return tag == c.skipTag
	}
	return string(name) == c.skipName
}

func (c *htmlCleaner) end(name []byte) {
	tag := atom.Lookup(name)
	if c.skip > 0 {
		if c.isSkipTag(tag, name) {
			c.skip--
		}
		return
	}
	switch {
	case tag == atom.Pre:
		if c.pre > 0 {
			c.pre--
			if c.pre == 0 {
				c.endPre()
			}
		}
	case c.pre > 0:
	case headingLevel(tag) > 0:
		c.endBlock()
		c.heading = 0
	case tag == atom.Li:
		c.endBlock()
		c.list = max(c.list-1, 0)
	case tag == atom.Blockquote:
		c.endBlock()
		c.quote = max(c.quote-1, 0)
	case tag == atom.P:
		c.endBlock()
		c.para = max(c.para-1, 0)
	case blockElement[tag]:
		c.endBlock()
	default:
		c.closeSpan(tag)
	}
}

// closeSpan closes the innermost open inline element tag, if any.
func (c *htmlCleaner) closeSpan(tag atom.Atom) {
	for i := len(c.open) - 1; i >= 0; i-- {
		o := c.open[i]
		if o.tag != tag {
			continue
		}
		if o.span {
			c.inline.addSpan(o.kind, o.start, o.url)
		}
		c.open = append(c.open[:i], c.open[i+1:]...)
		return
	}
}

// endBlock finishes the block being built. Inline elements still open are
// closed at its end and continue at the start of the next block.
func (c *htmlCleaner) endBlock() {
	if c.pre > 0 {
		return
	}
	for i := range c.open {
		if c.open[i].span {
			c.inline.addSpan(c.open[i].kind, c.open[i].start, c.open[i].url)
		}
		c.open[i].start = 0
	}
	text, spans := c.inline.finish()
	if text == "" {
		return
	}
	b := Block{Kind: Paragraph, Text: text, Spans: spans}
	switch {
	case c.heading > 0:
		b.Kind, b.Level = Heading, c.heading
	case c.list > 0:
		b.Kind = ListItem
	case c.quote > 0:
		b.Kind = Quote
	}
	c.blocks = append(c.blocks, b)
}

func (c *htmlCleaner) endPre() {
	text := CleanLines(c.preText.String())
	c.preText.Reset()
	if text != "" {
		c.blocks = append(c.blocks, Block{Kind: Code, Text: text})
	}
}

// htmlText returns the text of an HTML fragment as one cleaned line, for
// titles: tags are dropped, entities decoded.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return Clean(s)
	}
	if !strings.Contains(s, "<") {
		return Clean(html.UnescapeString(s))
	}
	var t inlineText
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			text, _ := t.finish()
			return text
		case html.TextToken:
			if skip == 0 {
				t.add(tokenText(z))
			}
		case html.StartTagToken:
			if name, _ := tagName(z, false); dropped[atom.Lookup(name)] {
				skip++
			}
		case html.EndTagToken:
			if name, _ := tagName(z, true); dropped[atom.Lookup(name)] && skip > 0 {
				skip--
			}
		}
	}
}

// resolveLink returns href as an absolute http or https URL, resolved
// against base when relative, or "" when it is neither.
func resolveLink(base *url.URL, href string) string {
	href = strings.TrimSpace(href)
	if href == "" {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	if !u.IsAbs() && base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return Clean(u.String())
}

// isDebris reports whether a class or id marks an element as sharing,
// social, related-article or advertising furniture.
func isDebris(value string) bool {
	for _, word := range strings.FieldsFunc(strings.ToLower(value), func(r rune) bool {
		return r == ' ' || r == '-' || r == '_' || r == '\t'
	}) {
		switch word {
		case "share", "sharing", "sharedaddy", "social", "related", "advert", "advertisement",
			"ad", "ads", "promo", "newsletter", "subscribe", "sponsored":
			return true
		}
	}
	return false
}

func headingLevel(tag atom.Atom) int {
	switch tag {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}

// dropped are the elements removed with everything inside them.
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Iframe: true, atom.Form: true,
	atom.Noscript: true, atom.Object: true, atom.Embed: true, atom.Svg: true,
	atom.Math: true, atom.Button: true, atom.Select: true, atom.Textarea: true,
	atom.Template: true, atom.Audio: true, atom.Video: true, atom.Canvas: true,
	atom.Nav: true, atom.Picture: true, atom.Head: true, atom.Title: true,
	atom.Frameset: true, atom.Noframes: true, atom.Dialog: true,
}

// voidElement are the elements that never have content or an end tag.
var voidElement = map[atom.Atom]bool{
	atom.Area: true, atom.Base: true, atom.Br: true, atom.Col: true, atom.Embed: true,
	atom.Hr: true, atom.Img: true, atom.Input: true, atom.Link: true, atom.Meta: true,
	atom.Source: true, atom.Track: true, atom.Wbr: true,
}

// blockElement are the elements that end the block before and after them.
var blockElement = map[atom.Atom]bool{
	atom.Div: true, atom.Section: true, atom.Article: true, atom.Header: true,
	atom.Footer: true, atom.Main: true, atom.Aside: true, atom.Table: true,
	atom.Tr: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true,
	atom.Dd: true, atom.Figure: true, atom.Figcaption: true, atom.Address: true,
	atom.Hr: true, atom.Center: true, atom.Caption: true, atom.Details: true,
	atom.Summary: true, atom.Body: true, atom.Html: true, atom.Fieldset: true,
	atom.Hgroup: true, atom.Menu: true, atom.Tbody: true, atom.Thead: true, atom.Tfoot: true,
}

// cellElement are the elements separated from their neighbours by a space.
var cellElement = map[atom.Atom]bool{atom.Td: true, atom.Th: true}

// spanElement maps inline elements to the span they become.
var spanElement = map[atom.Atom]SpanKind{
	atom.Em: Emphasis, atom.I: Emphasis, atom.Cite: Emphasis, atom.Dfn: Emphasis,
	atom.Strong: Strong, atom.B: Strong,
	atom.Code: InlineCode, atom.Kbd: InlineCode, atom.Samp: InlineCode, atom.Tt: InlineCode,
}
