package tui

import (
	"net/url"
	"path/filepath"
	"strings"
	"unicode/utf8"

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
// through feed.Clean (the renderer normalizes them itself) when it holds
// anything Clean removes for the terminal's sake (mayNeedClean): titles,
// paragraphs (code blocks keep their lines), link URLs, keywords, the
// feed's name, the link and the names of a translation's backend and
// model. A block whose text is cleaned loses its inline spans, whose
// offsets would no longer fit. a itself is never changed; when none of its
// strings needs cleaning it is returned as is.
func printableArticle(a *feed.Article) *feed.Article {
	if a == nil || articleIsClean(a) {
		return a
	}
	c := *a
	c.Link, c.Feed = cleanIfNeeded(a.Link), cleanIfNeeded(a.Feed)
	c.Keywords = make([]string, len(a.Keywords))
	for i, k := range a.Keywords {
		c.Keywords[i] = cleanIfNeeded(k)
	}
	c.ZH, c.EN = cleanVersion(a.ZH), cleanVersion(a.EN)
	return &c
}

func cleanVersion(v *feed.Version) *feed.Version {
	if v == nil {
		return nil
	}
	c := *v
	c.Title = cleanIfNeeded(v.Title)
	if v.Machine != nil {
		c.Machine = &feed.Machine{Backend: cleanIfNeeded(v.Machine.Backend), Model: cleanIfNeeded(v.Machine.Model)}
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
				b.Spans[k].URL = cleanIfNeeded(b.Spans[k].URL)
			}
		}
		c.Blocks[i] = b
	}
	return &c
}

// cleanBlockText returns b's text cleaned, or as it is when it needs no
// cleaning, so that its spans stay.
func cleanBlockText(b *feed.Block) string {
	switch code := b.Kind == feed.Code; {
	case !mayNeedClean(b.Text, code):
		return b.Text
	case code:
		return feed.CleanLines(b.Text)
	}
	return feed.Clean(b.Text)
}

// cleanIfNeeded returns s through feed.Clean when it holds anything Clean
// removes for the terminal's sake, else s as it is.
func cleanIfNeeded(s string) string {
	if mayNeedClean(s, false) {
		return feed.Clean(s)
	}
	return s
}

// articleIsClean reports whether no string of a holds anything that Clean
// removes to keep the terminal safe. It reads a without copying it.
func articleIsClean(a *feed.Article) bool {
	same := func(s string) bool { return !mayNeedClean(s, false) }
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
			if mayNeedClean(b.Text, b.Kind == feed.Code) {
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

// mayNeedClean reports whether s holds something feed.Clean removes to
// keep the terminal safe: invalid UTF-8, a C0 control (but "\n" when
// lines is set), DEL, a C1 control, a bidi control (U+061C, U+200E,
// U+200F, U+202A–U+202E, U+2066–U+2069) or another invisible character
// Clean removes (U+00AD, U+200B, U+FEFF). It is a byte scan, several
// times faster than running Clean to compare (which also checks NFC), for
// the long texts of articles. Text it passes may still be untidy (double
// spaces, not NFC), which is harmless on screen. TestMayNeedCleanSeesAll
// checks every code point against feed.Clean, so that the two cannot
// drift apart.
func mayNeedClean(s string, lines bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20:
			if !lines || c != '\n' {
				return true
			}
		case c < 0x7F:
		case c == 0x7F:
			return true
		case i+1 >= len(s):
		case c == 0xC2: // U+0080–U+00BF: the C1 controls, the soft hyphen
			if n := s[i+1]; n <= 0x9F || n == 0xAD {
				return true
			}
		case c == 0xD8: // U+061C ARABIC LETTER MARK
			if s[i+1] == 0x9C {
				return true
			}
		case i+2 >= len(s):
		case c == 0xE2 && s[i+1] == 0x80: // U+2000–U+203F
			if n := s[i+2]; n == 0x8B || n == 0x8E || n == 0x8F || n >= 0xAA && n <= 0xAE {
				return true
			}
		case c == 0xE2 && s[i+1] == 0x81: // U+2040–U+207F
			if n := s[i+2]; n >= 0xA6 && n <= 0xA9 {
				return true
			}
		case c == 0xEF && s[i+1] == 0xBB && s[i+2] == 0xBF: // U+FEFF
			return true
		}
	}
	return !utf8.ValidString(s)
}
