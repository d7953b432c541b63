package tui

import (
	"net/url"
	"path/filepath"
	"strings"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// The one sanitising path. Every string that reaches the screen from
// outside the reader (feeds, file names, URLs, the configuration, the
// store, error messages, the translation backends, what the user types or
// pastes) goes through printable, or through printableInput or
// printableArticle, which are built on the same feed.Clean, before it is
// measured or drawn. The model holds only such strings where the view
// reads them: headline rows (newHeadline), the title (feedTitle, search),
// notices and status messages (setStatus, setNotice), the version, the
// prompts' text (after every edit) and the articles handed to the renderer
// (renderPage). The view itself adds only its own constant text and
// numbers. TestEveryPrintedFieldIsSanitised walks every place that prints
// such a string with hostile values.

// printable makes s, one line of text from outside, safe to print and to
// measure: escape sequences, control characters and bidi overrides and
// isolates removed and white space collapsed (feed.Clean), then normalized
// for the one width function (Metrics.Normalize). It is cheap on text that
// is clean already: neither step copies it.
func printable(met layout.Metrics, s string) string {
	return met.Normalize(feed.Clean(s))
}

// printableInput is printable for the text of a prompt while it is typed:
// the spaces at its ends stay, so that the space typed between two words
// is not taken away before the second word comes.
func printableInput(met layout.Metrics, s string) string {
	core := strings.Trim(s, " ")
	if core == "" {
		return s
	}
	start := len(s) - len(strings.TrimLeft(s, " "))
	return s[:start] + printable(met, core) + s[start+len(core):]
}

// printableHost returns the host of rawURL, without a leading "www.", as
// printable text; "" when rawURL is not a URL with a host. url.Hostname
// decodes percent escapes, so "%E2%80%AE" in a host comes out as a raw
// RIGHT-TO-LEFT OVERRIDE: the decoded host goes through printable.
func printableHost(met layout.Metrics, rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil || u.Host == "" {
		return ""
	}
	return printable(met, strings.TrimPrefix(u.Hostname(), "www."))
}

// printableBase returns the last element of path as printable text.
func printableBase(met layout.Metrics, path string) string {
	return printable(met, filepath.Base(path))
}

// printableArticle returns a with every string the renderer prints passed
// through feed.Clean (the renderer normalizes them itself): titles,
// paragraphs (code blocks keep their lines), link URLs, keywords, the
// feed's name, the link and the names of a translation's backend and
// model. A block whose text Clean changes loses its inline spans, whose
// offsets would no longer fit. a itself is never changed, and when it is
// clean already it is returned as is.
func printableArticle(a *feed.Article) *feed.Article {
	if a == nil || articleIsClean(a) {
		return a
	}
	c := *a
	c.Link, c.Feed = feed.Clean(a.Link), feed.Clean(a.Feed)
	c.Keywords = make([]string, len(a.Keywords))
	for i, k := range a.Keywords {
		c.Keywords[i] = feed.Clean(k)
	}
	c.ZH, c.EN = cleanVersion(a.ZH), cleanVersion(a.EN)
	return &c
}

func cleanVersion(v *feed.Version) *feed.Version {
	if v == nil {
		return nil
	}
	c := *v
	c.Title = feed.Clean(v.Title)
	if v.Machine != nil {
		c.Machine = &feed.Machine{Backend: feed.Clean(v.Machine.Backend), Model: feed.Clean(v.Machine.Model)}
	}
	c.Blocks = make([]feed.Block, len(v.Blocks))
	for i, b := range v.Blocks {
		text := cleanBlockText(&b)
		if text != b.Text {
			b.Text, b.Spans = text, nil
		}
		if b.Spans != nil {
			b.Spans = append([]feed.Span(nil), b.Spans...)
			for k := range b.Spans {
				b.Spans[k].URL = feed.Clean(b.Spans[k].URL)
			}
		}
		c.Blocks[i] = b
	}
	return &c
}

func cleanBlockText(b *feed.Block) string {
	if b.Kind == feed.Code {
		return feed.CleanLines(b.Text)
	}
	return feed.Clean(b.Text)
}

// articleIsClean reports whether printableArticle would change nothing in
// a, without copying it.
func articleIsClean(a *feed.Article) bool {
	same := func(s string) bool { return feed.Clean(s) == s }
	if !same(a.Link) || !same(a.Feed) {
		return false
	}
	for _, k := range a.Keywords {
		if !same(k) {
			return false
		}
	}
	for _, v := range []*feed.Version{a.ZH, a.EN} {
		if v == nil {
			continue
		}
		if !same(v.Title) || v.Machine != nil && (!same(v.Machine.Backend) || !same(v.Machine.Model)) {
			return false
		}
		for i := range v.Blocks {
			b := &v.Blocks[i]
			if cleanBlockText(b) != b.Text {
				return false
			}
			for _, sp := range b.Spans {
				if !same(sp.URL) {
					return false
				}
			}
		}
	}
	return true
}
