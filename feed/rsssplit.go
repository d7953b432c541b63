package feed

import (
	"io"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// How a large RSS feed is parsed on more than one core. gofeed parses a
// document on one goroutine, and a feed of 10,000 items takes it a third
// of a second. An RSS 2.0 document is its channel's head (the XML
// declaration, <rss>, <channel> and the channel's own elements), then the
// items, then the closing tags; so the items can be cut into runs, and
// each run, with the head before it and the closing tags after, is an RSS
// document of its own that gofeed parses as it would have parsed those
// items in the whole. splitRSS finds the items by scanning the markup; it
// accepts only documents whose structure it is sure of (strictly nested,
// attributes quoted, the items all together at the end of the channel)
// and says no to anything else, which is then parsed whole, as before.

// rssParts is an RSS document cut at its items: text[:items[0].start] is
// the head, text[items[len-1].end:] the tail, and the items lie between,
// separated by nothing but white space, comments and processing
// instructions.
type rssParts struct {
	text  string
	items []span
}

// span is the byte range of an item element, from its '<' to the end of
// its end tag.
type span struct{ start, end int }

// head is the document up to the first item.
func (p rssParts) head() string { return p.text[:p.items[0].start] }

// tail is the document after the last item.
func (p rssParts) tail() string { return p.text[p.items[len(p.items)-1].end:] }

// run is the text of items i to j-1, with what separates them.
func (p rssParts) run(i, j int) string { return p.text[p.items[i].start:p.items[j-1].end] }

// splitRSS cuts text, an RSS 2.0 document, at its items; ok is false when
// it has none, or when its structure is not plainly that of RSS 2.0 (see
// the scanner's rules), and it must be parsed whole.
func splitRSS(text string) (parts rssParts, ok bool) {
	for i := 0; i < len(text); i++ {
		if c := text[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return rssParts{}, false // gofeed drops these, even inside names
		}
	}
	s := &xmlScanner{text: text}
	if !s.prolog() {
		return rssParts{}, false
	}
	if name, empty, ok := s.startTag(); !ok || empty || name != "rss" {
		return rssParts{}, false
	}
	if !s.misc() {
		return rssParts{}, false
	}
	if name, empty, ok := s.startTag(); !ok || empty || name != "channel" {
		return rssParts{}, false
	}
	var items []span
	for {
		if !s.misc() {
			return rssParts{}, false
		}
		if strings.HasPrefix(text[s.i:], "</") {
			break
		}
		start := s.i
		name, ok := s.element()
		switch {
		case !ok:
			return rssParts{}, false
		case name == "item":
			items = append(items, span{start, s.i})
		case len(items) > 0 || isItemName(name):
			// A channel element after the items, or an item under
			// another name: parse it whole.
			return rssParts{}, false
		}
	}
	if len(items) == 0 || !s.endTag("channel") || !s.misc() || !s.endTag("rss") || !s.misc() || s.i != len(text) {
		return rssParts{}, false
	}
	return rssParts{text: text, items: items}, true
}

// isItemName reports whether gofeed might read an element named name as
// an item: its local name is "item" in any case.
func isItemName(name string) bool {
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	return strings.EqualFold(name, "item")
}

// xmlScanner reads the markup of a document from i, strictly: each method
// returns false on anything it does not know for sure how encoding/xml
// reads.
type xmlScanner struct {
	text string
	i    int
}

// skipSpace skips white space.
func (s *xmlScanner) skipSpace() {
	for s.i < len(s.text) && isXMLSpace(s.text[s.i]) {
		s.i++
	}
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// skipPast moves past the next end, false when there is none.
func (s *xmlScanner) skipPast(end string) bool {
	k := strings.Index(s.text[s.i:], end)
	if k < 0 {
		return false
	}
	s.i += k + len(end)
	return true
}

// prolog skips what may come before the root: white space, the XML
// declaration, processing instructions, comments and a document type
// without an internal subset (whose entities could be used anywhere).
func (s *xmlScanner) prolog() bool {
	if strings.HasPrefix(s.text, "<?xml") && !s.skipPast("?>") {
		return false
	}
	for {
		if !s.misc() {
			return false
		}
		if !strings.HasPrefix(s.text[s.i:], "<!DOCTYPE") {
			return true
		}
		k := strings.IndexByte(s.text[s.i:], '>')
		if k < 0 || strings.ContainsAny(s.text[s.i:s.i+k], "[\"'") {
			return false
		}
		s.i += k + 1
	}
}

// misc skips white space, comments and processing instructions. It fails
// on other text, which between elements of the channel would be gofeed's
// to ignore or not.
func (s *xmlScanner) misc() bool {
	for {
		s.skipSpace()
		rest := s.text[s.i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			if !s.skipPast("-->") {
				return false
			}
		case strings.HasPrefix(rest, "<?"):
			if !s.pi() {
				return false
			}
		default:
			return s.i == len(s.text) || rest[0] == '<'
		}
	}
}

// pi skips a processing instruction at i, but not one whose target starts
// with "xml" in any case: encoding/xml reads an XML declaration wherever
// it is, and one naming an encoding changes how the rest is decoded, which
// a run without it would not.
func (s *xmlScanner) pi() bool {
	if len(s.text)-s.i >= 5 && strings.EqualFold(s.text[s.i+2:s.i+5], "xml") {
		return false
	}
	return s.skipPast("?>")
}

// element reads an element and everything in it, and returns its name.
func (s *xmlScanner) element() (string, bool) {
	name, empty, ok := s.startTag()
	if !ok || empty {
		return name, ok
	}
	open := []string{name}
	for len(open) > 0 {
		k := strings.IndexByte(s.text[s.i:], '<')
		if k < 0 {
			return "", false
		}
		s.i += k
		rest := s.text[s.i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			if !s.skipPast("-->") {
				return "", false
			}
		case strings.HasPrefix(rest, "<![CDATA["):
			if !s.skipPast("]]>") {
				return "", false
			}
		case strings.HasPrefix(rest, "<?"):
			if !s.pi() {
				return "", false
			}
		case strings.HasPrefix(rest, "</"):
			if !s.endTag(open[len(open)-1]) {
				return "", false
			}
			open = open[:len(open)-1]
		default:
			inner, empty, ok := s.startTag()
			if !ok {
				return "", false
			}
			if !empty {
				open = append(open, inner)
			}
		}
	}
	return name, true
}

// startTag reads a start tag at i: its name, and whether it closes itself.
// Every attribute value must be quoted and hold no '<'.
func (s *xmlScanner) startTag() (name string, empty, ok bool) {
	if !strings.HasPrefix(s.text[s.i:], "<") {
		return "", false, false
	}
	s.i++
	if name = s.name(); name == "" {
		return "", false, false
	}
	for {
		spaced := s.i < len(s.text) && isXMLSpace(s.text[s.i])
		s.skipSpace()
		rest := s.text[s.i:]
		switch {
		case strings.HasPrefix(rest, ">"):
			s.i++
			return name, false, true
		case strings.HasPrefix(rest, "/>"):
			s.i += 2
			return name, true, true
		case !spaced || s.name() == "":
			return "", false, false
		}
		s.skipSpace()
		if !strings.HasPrefix(s.text[s.i:], "=") {
			return "", false, false
		}
		s.i++
		s.skipSpace()
		if s.i == len(s.text) || (s.text[s.i] != '"' && s.text[s.i] != '\'') {
			return "", false, false
		}
		q := s.text[s.i]
		k := strings.IndexByte(s.text[s.i+1:], q)
		if k < 0 || strings.IndexByte(s.text[s.i+1:s.i+1+k], '<') >= 0 {
			return "", false, false
		}
		s.i += k + 2
	}
}

// endTag reads the end tag of name at i.
func (s *xmlScanner) endTag(name string) bool {
	if !strings.HasPrefix(s.text[s.i:], "</") {
		return false
	}
	s.i += 2
	if s.name() != name {
		return false
	}
	s.skipSpace()
	if !strings.HasPrefix(s.text[s.i:], ">") {
		return false
	}
	s.i++
	return true
}

// name reads an XML name at i: "" when there is none. Only ASCII names
// are read (letters, digits and "-._:", not starting with a digit, '-' or
// '.'); a name with other characters stops the scan short, and the
// document is parsed whole.
func (s *xmlScanner) name() string {
	start := s.i
	for s.i < len(s.text) {
		c := s.text[s.i]
		if c == '_' || c == ':' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' ||
			s.i > start && ('0' <= c && c <= '9' || c == '-' || c == '.') {
			s.i++
			continue
		}
		break
	}
	return s.text[start:s.i]
}

// How many runs a feed is parsed in: runs of at least minRunItems items,
// about runsPerWorker for each goroutine (so that one slow run does not
// leave the others idle), on up to maxParseWorkers goroutines.
const (
	minRunItems     = 256
	runsPerWorker   = 4
	maxParseWorkers = 4
)

// parseRSSRuns is parseSyndication of an RSS document, text, on several
// goroutines: the items are cut into runs (see splitRSS), and each run is
// parsed by gofeed and turned into articles on its own. ok is false when
// the document cannot be cut, is too small to be worth it, or any run
// fails (a panic included): the caller then parses it whole, which gives
// the error its line.
func parseRSSRuns(source, text string, base *url.URL) (articles []Article, ok bool) {
	workers := min(runtime.GOMAXPROCS(0), maxParseWorkers)
	if workers < 2 || len(text) < minRunItems*2*64 { // 64 bytes: an item with a title
		return nil, false
	}
	parts, ok := splitRSS(text)
	if !ok || len(parts.items) < 2*minRunItems {
		return nil, false
	}
	n := len(parts.items)
	size := max(minRunItems, (n+workers*runsPerWorker-1)/(workers*runsPerWorker))
	return parseRSSInRuns(source, parts, base, size, workers)
}

// parseRSSInRuns parses parts in runs of size items on workers
// goroutines; ok is false when any run fails.
func parseRSSInRuns(source string, parts rssParts, base *url.URL, size, workers int) (articles []Article, ok bool) {
	n := len(parts.items)
	runs := make([][]Article, (n+size-1)/size)
	jobs := make(chan int)
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range min(workers, len(runs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range jobs {
				if failed.Load() {
					continue
				}
				i, j := r*size, min(n, (r+1)*size)
				got, ok := parseRSSRun(source, parts, i, j, base)
				if !ok {
					failed.Store(true)
				}
				runs[r] = got
			}
		}()
	}
	for r := range runs {
		jobs <- r
	}
	close(jobs)
	wg.Wait()
	if failed.Load() {
		return nil, false
	}
	articles = make([]Article, 0, n)
	for _, run := range runs {
		articles = append(articles, run...)
	}
	return articles, true
}

// parseRSSRun parses items i to j-1 of parts, with its head and tail, and
// turns them into articles; ok is false when gofeed fails, panics, or
// finds other than j-i items.
func parseRSSRun(source string, parts rssParts, i, j int, base *url.URL) (articles []Article, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			articles, ok = nil, false
		}
	}()
	doc := io.MultiReader(strings.NewReader(parts.head()), strings.NewReader(parts.run(i, j)), strings.NewReader(parts.tail()))
	feed, err := parseRSS(doc)
	if err != nil || len(feed.Items) != j-i {
		return nil, false
	}
	return feedArticles(source, feed, base, nil), true
}
