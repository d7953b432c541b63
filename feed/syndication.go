package feed

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	jsonfeed "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"
)

// parseSyndication parses RSS, Atom or JSON Feed text (UTF-8, with any XML
// declaration naming no other encoding) with gofeed and turns its items
// into articles. base, when not nil, is the URL the feed was fetched from,
// the last resort for resolving relative links. A large RSS feed is parsed
// in runs of items on several goroutines (see parseRSSRuns), with the
// same articles as a whole parse gives.
func parseSyndication(source, text string, f format, base *url.URL) ([]Article, error) {
	var (
		feed *gofeed.Feed
		err  error
		// plainText[i] is true when item i's content is JSON Feed
		// content_text, which is plain text, not HTML.
		plainText []bool
		problem   error // about items that were skipped
	)
	if f != jsonFormat {
		text = escapesForXML(controlRefsForXML(text))
	}
	switch f {
	case rssFormat:
		if articles, ok := parseRSSRuns(source, text, base); ok {
			return articles, nil
		}
		if feed, err = parseRSS(strings.NewReader(text)); err != nil {
			return nil, xmlError(err)
		}
	case atomFormat, atomEntryFormat:
		if f == atomEntryFormat {
			text = wrapEntry(text)
		}
		var af *atom.Feed
		if af, err = (&atom.Parser{}).Parse(strings.NewReader(text)); err == nil {
			feed, err = (&gofeed.DefaultAtomTranslator{}).Translate(af)
		}
		if err != nil {
			return nil, xmlError(err)
		}
	default:
		var jf *jsonfeed.Feed
		if jf, problem, err = parseJSONFeed(text); err != nil {
			return nil, err
		}
		if feed, err = (&gofeed.DefaultJSONTranslator{}).Translate(jf); err != nil {
			return nil, fmt.Errorf("malformed JSON Feed: %w", err)
		}
		plainText = make([]bool, len(jf.Items))
		for i, it := range jf.Items {
			plainText[i] = it.ContentHTML == ""
		}
	}
	if feed == nil {
		return nil, fmt.Errorf("%w: no channel or feed element", errNotAFeed)
	}
	articles := feedArticles(source, feed, base, plainText)
	return articles, problem
}

// feedArticles turns the items of feed into articles of source; base is
// as for parseSyndication, and plainText[i] is true when item i's content
// is plain text.
func feedArticles(source string, feed *gofeed.Feed, base *url.URL, plainText []bool) []Article {
	feedBase := feedBaseURL(feed, base)
	feedTitle := htmlText(feed.Title)
	articles := make([]Article, 0, len(feed.Items))
	for i, item := range feed.Items {
		if item == nil {
			continue
		}
		plain := i < len(plainText) && plainText[i]
		if a, ok := itemArticle(item, feedBase, plain, feed.Language); ok {
			a.Feed, a.Source = feedTitle, source
			articles = append(articles, a)
		}
	}
	return articles
}

// parseRSS parses an RSS document with gofeed.
func parseRSS(r io.Reader) (*gofeed.Feed, error) {
	rf, err := (&rss.Parser{}).Parse(r)
	if err != nil {
		return nil, err
	}
	return translateRSS(rf)
}

// translateRSS is gofeed's RSS translation without its search for an item
// image, which parses every item's description and content as an HTML
// document (a sixth of the cost of a large feed): xinwen shows no images.
func translateRSS(rf *rss.Feed) (*gofeed.Feed, error) {
	return (&gofeed.DefaultRSSTranslator{DisableContentImageScan: true}).Translate(rf)
}

// errJSONFeedItem is wrapped by the error about JSON Feed items that were
// skipped: null, not objects, or with a field xinwen reads of the wrong
// type. The feed's other items still load.
var errJSONFeedItem = errors.New("JSON Feed item skipped")

// jsonFeedDoc is a JSON Feed whose items are decoded one by one, so that a
// bad one is skipped alone: gofeed's translator panics on a null item.
// (jsonFeedMembers has no methods, so the embedding brings in no
// UnmarshalJSON that would decode the items after all.)
type jsonFeedDoc struct {
	*jsonFeedMembers
	Items []json.RawMessage `json:"items"`
}

type jsonFeedMembers jsonfeed.Feed

// jsonFeedUsed are the members of a feed xinwen reads, decoded strictly:
// a value of the wrong type in one of them is an error about the feed. A
// wrong type in any other member is ignored, as the member is.
type jsonFeedUsed struct {
	Version     string            `json:"version"`
	Title       string            `json:"title"`
	HomePageURL string            `json:"home_page_url"`
	Items       []json.RawMessage `json:"items"`
}

// jsonItemUsed are the members of an item xinwen reads, decoded strictly:
// a value of the wrong type in one of them leaves the item out.
type jsonItemUsed struct {
	URL         string `json:"url"`
	ExternalURL string `json:"external_url"`
	Title       string `json:"title"`
	ContentHTML string `json:"content_html"`
	ContentText string `json:"content_text"`
	Summary     string `json:"summary"`
}

// parseJSONFeed decodes a JSON Feed into what gofeed's translator can take
// without panicking: null items and items that are not objects are left
// out, and so are items with a member xinwen reads of the wrong type; null
// authors are dropped (a null tag or attachment decodes as an empty one,
// which the translator takes). skipped, about the items left out, wraps
// errJSONFeedItem and names the first; err is about the whole feed.
func parseJSONFeed(text string) (jf *jsonfeed.Feed, skipped, err error) {
	var used jsonFeedUsed
	if err := json.Unmarshal([]byte(text), &used); err != nil {
		return nil, nil, jsonError(text, err)
	}
	if !strings.Contains(used.Version, "jsonfeed.org/version/") && used.Items == nil {
		return nil, nil, errNotJSONFeed
	}
	doc := jsonFeedDoc{jsonFeedMembers: new(jsonFeedMembers)}
	_ = json.Unmarshal([]byte(text), &doc) // only unused members can fail now
	jf = (*jsonfeed.Feed)(doc.jsonFeedMembers)
	jf.Authors = nonNilAuthors(jf.Authors)
	jf.Items = make([]*jsonfeed.Item, 0, len(used.Items))
	var problems []string
	for i, raw := range used.Items {
		item, problem := jsonItem(raw)
		if problem != "" {
			problems = append(problems, fmt.Sprintf("item %d %s", i+1, problem))
			continue
		}
		jf.Items = append(jf.Items, item)
	}
	if len(problems) == 0 {
		return jf, nil, nil
	}
	msg := problems[0]
	if n := len(problems); n > 1 {
		msg += fmt.Sprintf(" (and %d more)", n-1)
	}
	return jf, fmt.Errorf("%w: %s", errJSONFeedItem, msg), nil
}

// jsonItem decodes one item, or says why it is left out.
func jsonItem(raw json.RawMessage) (*jsonfeed.Item, string) {
	if string(raw) == "null" {
		return nil, "is null"
	}
	var used jsonItemUsed
	if err := json.Unmarshal(raw, &used); err != nil {
		var te *json.UnmarshalTypeError
		switch {
		case !errors.As(err, &te):
			return nil, "is malformed"
		case te.Field == "":
			return nil, "is not an object"
		default:
			return nil, fmt.Sprintf("has %q of the wrong type (%s)", te.Field, te.Value)
		}
	}
	var item jsonfeed.Item
	if json.Unmarshal(raw, &item) != nil {
		// A wrong type in a member xinwen does not read. gofeed takes a
		// numeric id as a string, but not after such an error.
		var id struct {
			ID json.RawMessage `json:"id"`
		}
		_ = json.Unmarshal(raw, &id)
		item.ID = jsonID(id.ID)
	}
	item.Authors = nonNilAuthors(item.Authors)
	return &item, ""
}

// jsonID returns a JSON Feed id as a string: a string as it is, a number
// as written, anything else as none.
func jsonID(raw json.RawMessage) string {
	var s string
	switch {
	case len(raw) == 0:
	case raw[0] == '"':
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	case raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9':
		return string(raw)
	}
	return ""
}

func nonNilAuthors(authors []*jsonfeed.Author) []*jsonfeed.Author {
	if authors == nil {
		return nil
	}
	kept := make([]*jsonfeed.Author, 0, len(authors))
	for _, a := range authors {
		if a != nil {
			kept = append(kept, a)
		}
	}
	return kept
}

// escapesForXML prepares decoded XML text for the XML layer, which drops
// ESC and BEL (they are not XML characters) and so would leave the rest of
// an escape sequence, "]0;PWNED", as text. An ESC that introduces a CSI,
// OSC, DCS, SOS, PM or APC, or is the ST, becomes that introducer's C1
// form (U+009B, U+009D, ...), which XML carries to the field, where Clean
// removes the whole sequence; BEL becomes ST (U+009C), which ends a string
// sequence as BEL does and is removed like any lone control. A two-byte
// escape (ESC c) is removed, and any other ESC dropped. Markup is never
// changed, so no feed is broken by this. text must be decoded already: in
// UTF-16, ESC is not a byte of its own.
func escapesForXML(text string) string {
	if strings.IndexByte(text, 0x1b) < 0 && strings.IndexByte(text, 0x07) < 0 {
		return text // most feeds: two fast scans rather than IndexAny's slow one
	}
	i := strings.IndexAny(text, "\x1b\x07")
	var b strings.Builder
	b.Grow(len(text) + 16)
	for i >= 0 {
		b.WriteString(text[:i])
		c, rest := text[i], text[i+1:]
		switch {
		case c == 0x07:
			b.WriteString("\u009c")
		case strings.HasPrefix(rest, "]]>"):
			// The end of a CDATA section: drop the ESC alone.
		case rest != "" && strings.IndexByte("[]PX^_\\", rest[0]) >= 0:
			b.WriteRune(rune(rest[0]) + 0x40)
			rest = rest[1:]
		case strings.HasPrefix(rest, "&#"):
			// The introducer may be a reference too: ESC &#91;.
			if r, n := charRef(rest); n > 0 && r < 0x80 && strings.IndexByte("[]PX^_\\", byte(r)) >= 0 {
				b.WriteRune(r + 0x40)
				rest = rest[n:]
			}
		case rest != "" && rest[0] >= 0x30 && rest[0] <= 0x7E && !strings.ContainsRune("<>?", rune(rest[0])):
			rest = rest[1:]
		}
		text = rest
		i = strings.IndexAny(text, "\x1b\x07")
	}
	b.WriteString(text)
	return b.String()
}

// controlRefsForXML replaces the character references to C0 controls
// that XML forbids (all but tab, LF and CR), "&#27;", "&#x1B;", "&#0007;",
// which make the XML layer reject the whole feed, by the characters
// themselves, which it takes: escapesForXML then turns ESC and BEL into
// forms that reach Clean, and gofeed drops the other controls. References
// inside CDATA sections, comments and processing instructions are left as
// they are, and so is "&amp;#27;". Text with no such reference is
// returned as it is, without a copy.
func controlRefsForXML(text string) string {
	if !hasControlRef(text) {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	changed := false
	i := 0
	for {
		j := strings.IndexAny(text[i:], "<&")
		if j < 0 {
			break
		}
		j += i
		switch {
		case text[j] == '<':
			j += markupSkip(text[j:])
		default:
			if r, n := charRef(text[j:]); n > 0 && isControlRef(r) {
				b.WriteString(text[i:j])
				b.WriteByte(byte(r))
				i, changed = j+n, true
				continue
			}
			j++
		}
		b.WriteString(text[i:j])
		i = j
	}
	if !changed {
		return text
	}
	b.WriteString(text[i:])
	return b.String()
}

// hasControlRef reports whether text may hold a reference that
// controlRefsForXML replaces: it looks at every "&#", not at markup.
func hasControlRef(text string) bool {
	for {
		i := strings.Index(text, "&#")
		if i < 0 {
			return false
		}
		text = text[i:]
		if r, n := charRef(text); n > 0 && isControlRef(r) {
			return true
		}
		text = text[2:]
	}
}

// isControlRef reports whether r is a C0 control XML forbids.
func isControlRef(r rune) bool {
	return r >= 0 && r < 0x20 && r != '\t' && r != '\n' && r != '\r'
}

// charRef reads the numeric character reference s starts with, "&#27;"
// or "&#x1b;" (or "&#X1B;", which HTML takes), returning its value and
// length; n is 0 when s does not start with one. A value past U+10FFFF
// is returned as -1.
func charRef(s string) (r rune, n int) {
	if len(s) < 4 || s[0] != '&' || s[1] != '#' {
		return 0, 0
	}
	base, i := rune(10), 2
	if s[2] == 'x' || s[2] == 'X' {
		base, i = 16, 3
	}
	start := i
	for ; i < len(s); i++ {
		var d rune
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			d = rune(c - '0')
		case base == 16 && c >= 'a' && c <= 'f':
			d = rune(c-'a') + 10
		case base == 16 && c >= 'A' && c <= 'F':
			d = rune(c-'A') + 10
		case c == ';' && i > start:
			return r, i + 1
		default:
			return 0, 0
		}
		if r >= 0 {
			if r = r*base + d; r > unicode.MaxRune {
				r = -1
			}
		}
	}
	return 0, 0
}

// markupSkip returns how many bytes of s, which starts with "<", to copy
// without looking for references: a whole CDATA section, comment or
// processing instruction (to the end of s when it is not closed), else
// the "<" alone.
func markupSkip(s string) int {
	for _, m := range [...]struct{ open, close string }{{"<![CDATA[", "]]>"}, {"<!--", "-->"}, {"<?", "?>"}} {
		if strings.HasPrefix(s, m.open) {
			if end := strings.Index(s[len(m.open):], m.close); end >= 0 {
				return len(m.open) + end + len(m.close)
			}
			return len(s)
		}
	}
	return 1
}

// wrapEntry puts an Atom Entry Document's root <entry> inside a <feed>, so
// that gofeed's Atom parser reads it as a feed of one entry.
func wrapEntry(text string) string {
	_, offset, err := xmlRoot(text)
	if err != nil {
		return text
	}
	return text[:offset] + `<feed xmlns="http://www.w3.org/2005/Atom">` + text[offset:] + `</feed>`
}

// feedBaseURL returns the URL relative item links are resolved against:
// the feed's own link when it is absolute http(s), else the URL the feed
// was fetched from (nil for a file).
func feedBaseURL(feed *gofeed.Feed, fetched *url.URL) *url.URL {
	if u, err := url.Parse(strings.TrimSpace(feed.Link)); err == nil && u.IsAbs() &&
		(u.Scheme == "http" || u.Scheme == "https") {
		return u
	}
	return fetched
}

// itemArticle turns one feed item into an article; ok is false when the
// item has neither title nor text. lang is the feed's declared language
// ("" for none), which says what "CST" in its dates means.
func itemArticle(item *gofeed.Item, base *url.URL, plain bool, lang string) (Article, bool) {
	link := itemLink(item, base)
	textBase := base
	if link != "" {
		textBase, _ = url.Parse(link)
	}
	raw := item.Content
	var blocks []Block
	if raw != "" {
		blocks = contentBlocks(raw, textBase, plain)
	}
	if len(blocks) == 0 && item.Description != "" {
		raw = item.Description
		blocks = htmlBlocks(raw, textBase)
	}
	title := htmlText(item.Title)
	if title == "" && len(blocks) == 0 {
		return Article{}, false
	}
	china := func() bool { return chinaCST(lang, title, blocks) }
	a := Article{ID: itemID(item, link, title, raw), Link: link, Published: itemTime(item, china)}
	for _, c := range item.Categories {
		if k := htmlText(c); k != "" {
			a.Keywords = append(a.Keywords, k)
		}
	}
	a.ZH, a.EN = splitLanguages(title, blocks)
	return a, true
}

func contentBlocks(raw string, base *url.URL, plain bool) []Block {
	if plain {
		return plainBlocks(raw)
	}
	return htmlBlocks(raw, base)
}

// itemLink returns the item's first http or https link, made absolute.
func itemLink(item *gofeed.Item, base *url.URL) string {
	if link := resolveLink(base, item.Link); link != "" {
		return link
	}
	for _, l := range item.Links {
		if link := resolveLink(base, l); link != "" {
			return link
		}
	}
	return ""
}

// itemID returns the item's guid or id, else its link, else a hash of its
// title and content, so that the ID is stable across loads.
func itemID(item *gofeed.Item, link, title, content string) string {
	if id := Clean(item.GUID); id != "" {
		return id
	}
	if link != "" {
		return link
	}
	sum := sha256.Sum256([]byte(title + "\n" + content))
	return "sha256:" + hex.EncodeToString(sum[:])
}
