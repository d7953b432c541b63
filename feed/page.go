package feed

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// errNotArticlePage is the reason given for an HTML page that holds no
// article: a home page, an index, a page of links.
var errNotArticlePage = errHTMLPage

// errNoArticleText is the reason given when extraction finds no text.
var errNoArticleText = errors.New("no article text found on the page")

// page is what readPage finds in an HTML page.
type page struct {
	title     string
	blocks    []Block
	published time.Time
	link      string // canonical, og:url, else the URL it came from
	site      string
	article   bool // the page says, or looks like, it holds an article
	meta      pageMeta
}

// pageMeta is what an article page says beside its article.
type pageMeta struct {
	lang       string      // <html lang>, lower case ("" when none)
	alternates []alternate // <link rel="alternate" hreflang> in page order
}

// alternate is a translation of a page: its language tag, lower case, and
// its absolute http or https URL.
type alternate struct{ lang, url string }

// parsePage reads an HTML page as one article: title, date, canonical
// link and the text extracted by readability, split by script when it
// holds both languages. A page that holds no article is errNotArticlePage.
func parsePage(source, text string, base *url.URL) ([]Article, *pageMeta, error) {
	p, err := readPage(text, base)
	if err != nil {
		return nil, nil, err
	}
	if !p.article {
		return nil, nil, errNotArticlePage
	}
	if len(p.blocks) == 0 {
		return nil, nil, errNoArticleText
	}
	a := Article{Link: p.link, Published: p.published, Feed: p.site, Source: source}
	a.ZH, a.EN = splitLanguages(p.title, p.blocks)
	a.ID = p.link
	if a.ID == "" {
		var b strings.Builder
		b.WriteString(p.title)
		for _, bl := range p.blocks {
			b.WriteString("\n" + bl.Text)
		}
		sum := sha256.Sum256([]byte(b.String()))
		a.ID = "sha256:" + hex.EncodeToString(sum[:])
	}
	return []Article{a}, &p.meta, nil
}

// readPage parses an HTML page (decoded already) and extracts its article.
// base, which may be nil, is the URL the page came from. Navigation,
// comments, sharing, advertising, scripts, styles, iframes and forms are
// removed before readability looks for the article, and what it keeps goes
// through htmlBlocks, so every string is cleaned.
func readPage(text string, base *url.URL) (*page, error) {
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("malformed HTML: %w", err)
	}
	var m metaScan
	m.base = base
	m.walk(doc)
	p := &page{meta: pageMeta{lang: m.lang, alternates: m.alternates}, site: Clean(m.site)}
	p.article = m.isArticle()
	p.link = firstNonEmpty(m.canonical, m.ogURL)
	if p.link == "" && base != nil && (base.Scheme == "http" || base.Scheme == "https") {
		p.link = Clean(base.String())
	}
	p.published = firstDate(m.published, m.ldPublished, m.timeTag)
	removeDebris(doc)
	parser := readability.NewParser()
	parser.DisableJSONLD = true // read above, before scripts went
	art, err := parser.ParseAndMutate(doc, base)
	if err != nil || art.Node == nil {
		return p, nil
	}
	var b strings.Builder
	if err := html.Render(&b, art.Node); err != nil {
		return nil, fmt.Errorf("rendering the extracted article: %w", err)
	}
	p.blocks = htmlBlocks(b.String(), base)
	p.title = firstNonEmpty(htmlText(m.ogTitle), htmlText(m.ldHeadline), pageTitle(htmlText(art.Title()), m.h1))
	p.blocks = dropTitleHeading(p.blocks, p.title)
	if !p.article {
		p.article = readability.CheckDocument(doc) || longText(p.blocks)
	}
	return p, nil
}

// dropTitleHeading removes a first block that is a heading repeating the
// title: readability keeps the page's <h1>, and the article's header shows
// the title already.
func dropTitleHeading(blocks []Block, title string) []Block {
	if len(blocks) > 1 && blocks[0].Kind == Heading && strings.TrimSpace(blocks[0].Text) == strings.TrimSpace(title) {
		return blocks[1:]
	}
	return blocks
}

// longText reports whether blocks hold text enough to be an article: five
// paragraphs of 60 letters or more (Chinese is dense: 60 characters is a
// paragraph).
func longText(blocks []Block) bool {
	n := 0
	for _, b := range blocks {
		if b.Kind == Paragraph && len([]rune(b.Text)) >= 60 {
			n++
		}
	}
	return n >= 5
}

// pageTitle returns the page's <h1> when the document title starts with
// it (readability keeps "标题 - 网站" whole: it counts words by spaces), else
// the document title.
func pageTitle(title, h1 string) string {
	if h1 != "" && strings.HasPrefix(title, h1) {
		return h1
	}
	return title
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// metaScan collects what a page's markup says about its article.
type metaScan struct {
	base                      *url.URL
	lang, canonical, ogURL    string
	ogType, ogTitle, site     string
	published, timeTag        string
	ldPublished, ldHeadline   string
	ldArticle, articleElement bool
	h1                        string // the text of the first <h1>, cleaned
	alternates                []alternate
}

// walk visits every element of the document once.
func (m *metaScan) walk(n *html.Node) {
	if n.Type == html.ElementNode {
		m.element(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		m.walk(c)
	}
}

func (m *metaScan) element(n *html.Node) {
	switch n.DataAtom {
	case atom.Html:
		m.lang = strings.ToLower(strings.TrimSpace(attr(n, "lang")))
	case atom.Link:
		m.link(n)
	case atom.Meta:
		key := strings.ToLower(firstNonEmpty(attr(n, "property"), attr(n, "name"), attr(n, "itemprop")))
		content := strings.TrimSpace(attr(n, "content"))
		switch key {
		case "article:published_time", "datepublished", "pubdate", "publishdate":
			m.published = firstNonEmpty(m.published, content)
		case "og:type":
			m.ogType = strings.ToLower(content)
		case "og:title":
			m.ogTitle = content
		case "og:url":
			m.ogURL = resolveLink(m.base, content)
		case "og:site_name":
			m.site = content
		}
	case atom.Time:
		if m.timeTag == "" {
			m.timeTag = strings.TrimSpace(attr(n, "datetime"))
		}
	case atom.Article:
		m.articleElement = true
	case atom.H1:
		if m.h1 == "" {
			var b strings.Builder
			innerText(&b, n)
			m.h1 = Clean(b.String())
		}
	case atom.Script:
		if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil {
			m.jsonLD(n.FirstChild.Data)
		}
	}
}

func (m *metaScan) link(n *html.Node) {
	rels := strings.Fields(strings.ToLower(attr(n, "rel")))
	href := resolveLink(m.base, attr(n, "href"))
	if href == "" {
		return
	}
	for _, rel := range rels {
		switch rel {
		case "canonical":
			m.canonical = firstNonEmpty(m.canonical, href)
		case "alternate":
			if lang := strings.ToLower(strings.TrimSpace(attr(n, "hreflang"))); lang != "" {
				m.alternates = append(m.alternates, alternate{lang: lang, url: href})
			}
		}
	}
}

// isArticle reports whether the page says it holds an article: og:type
// article, a JSON-LD Article (or NewsArticle, BlogPosting...) or an
// <article> element.
func (m *metaScan) isArticle() bool {
	return m.ogType == "article" || m.ldArticle || m.articleElement
}

// innerText writes the text inside n.
func innerText(b *strings.Builder, n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		} else if c.Type == html.ElementNode && !pageDropped[c.DataAtom] {
			innerText(b, c)
		}
	}
}

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// firstDate returns the first of the dates that parses, or the zero time.
func firstDate(dates ...string) time.Time {
	for _, d := range dates {
		if t := pageDate(d); !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// pageDateLayouts are the forms of dates pages write in their metadata.
var pageDateLayouts = []string{
	time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02", time.RFC1123Z, time.RFC1123,
}

// pageDate parses a metadata date, or returns the zero time.
func pageDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}
	}
	for _, layout := range pageDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return feedDate(t, "")
		}
	}
	return time.Time{}
}
