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

// printableArticle is feed.CleanArticle: every string of a that the
// renderer prints, cleaned when it needs it (the renderer normalizes them
// itself). a itself is never changed.
func printableArticle(a *feed.Article) *feed.Article { return feed.CleanArticle(a) }
