package feed

import (
	"encoding/json"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageDropped are the elements removed from a page, with everything inside
// them, before its article is looked for: what is never article text.
var pageDropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Iframe: true, atom.Form: true,
	atom.Nav: true, atom.Aside: true, atom.Template: true, atom.Svg: true, atom.Math: true,
	atom.Button: true, atom.Select: true, atom.Textarea: true, atom.Input: true, atom.Object: true,
	atom.Embed: true, atom.Canvas: true, atom.Dialog: true, atom.Audio: true, atom.Video: true,
	atom.Frameset: true, atom.Noframes: true,
}

// pageKept are the elements never removed for their class or id, since
// a page may put "share" or "ad" classes on its whole body or article.
var pageKept = map[atom.Atom]bool{
	atom.Html: true, atom.Head: true, atom.Body: true, atom.Article: true, atom.Main: true,
}

// removeDebris removes from a parsed page its comments (HTML comments and
// comment sections), the elements of pageDropped, elements hidden with the
// hidden attribute, and elements whose class, id or role marks them as
// navigation, sharing, advertising, related links or comments.
func removeDebris(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if isPageDebris(c) {
			n.RemoveChild(c)
		} else {
			removeDebris(c)
		}
		c = next
	}
}

func isPageDebris(n *html.Node) bool {
	switch n.Type {
	case html.CommentNode:
		return true
	case html.ElementNode:
	default:
		return false
	}
	if pageDropped[n.DataAtom] {
		return true
	}
	if pageKept[n.DataAtom] {
		return false
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "class", "id":
			if isDebris(a.Val) || isPageFurniture(a.Val) {
				return true
			}
		case "role":
			switch strings.ToLower(strings.TrimSpace(a.Val)) {
			case "navigation", "banner", "complementary", "contentinfo", "search", "menu", "menubar":
				return true
			}
		}
	}
	return false
}

// isPageFurniture reports whether a class or id marks page furniture that
// feeds do not have: comments, breadcrumbs, menus, footers.
func isPageFurniture(value string) bool {
	for _, word := range strings.FieldsFunc(strings.ToLower(value), func(r rune) bool {
		return r == ' ' || r == '-' || r == '_' || r == '\t'
	}) {
		switch word {
		case "comment", "comments", "disqus", "respond", "breadcrumb", "breadcrumbs", "menu",
			"navbar", "nav", "footer", "sidebar", "toolbar", "banner", "adsbygoogle", "recommend":
			return true
		}
	}
	return false
}

// jsonLD reads the JSON-LD of a page: whether it describes an article, its
// headline and datePublished. It may be one object, an array, or an
// object with a @graph; malformed JSON-LD is ignored.
func (m *metaScan) jsonLD(text string) {
	var v any
	if json.Unmarshal([]byte(strings.TrimSpace(text)), &v) != nil {
		return
	}
	m.ldValue(v, 0)
}

// maxLDDepth bounds how deep jsonLD looks into nested values.
const maxLDDepth = 4

func (m *metaScan) ldValue(v any, depth int) {
	if depth > maxLDDepth {
		return
	}
	switch t := v.(type) {
	case []any:
		for _, e := range t {
			m.ldValue(e, depth+1)
		}
	case map[string]any:
		if g, ok := t["@graph"]; ok {
			m.ldValue(g, depth+1)
		}
		if !ldIsArticle(t["@type"]) {
			return
		}
		m.ldArticle = true
		if s, ok := t["datePublished"].(string); ok && m.ldPublished == "" {
			m.ldPublished = s
		}
		if s, ok := t["headline"].(string); ok && m.ldHeadline == "" {
			m.ldHeadline = s
		}
	}
}

// ldIsArticle reports whether a JSON-LD @type (a string or an array of
// them) is Article or one of its kinds (NewsArticle, BlogPosting...).
func ldIsArticle(v any) bool {
	switch t := v.(type) {
	case string:
		return strings.HasSuffix(t, "Article") || t == "BlogPosting" || t == "LiveBlogPosting" || t == "Report"
	case []any:
		for _, e := range t {
			if ldIsArticle(e) {
				return true
			}
		}
	}
	return false
}
