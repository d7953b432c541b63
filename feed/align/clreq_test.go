package align

import (
	"bufio"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/xinwen-reader/xinwen/feed"
)

// update rewrites the generated files of testdata that the test run
// names: clreq.tsv from ../shared/parallel/clreq, dict.gz from -cedict,
// pairs.golden from the aligner.
var update = flag.Bool("update", false, "rewrite the generated files of testdata (clreq.tsv, dict.gz, pairs.golden)")

// clreqTSV holds the paired paragraphs of the W3C clreq document: a header
// line, then one "kind<TAB>zh-hans<TAB>en" line per paragraph, in document
// order. The kind is the block the feed's HTML reader would make of the
// paragraph: "h2" to "h6" for a heading of that level, "li" for a list item,
// "quote" for a block quote and "p" for any other paragraph.
const clreqTSV = "testdata/clreq.tsv"

// TestGenerateClreq extracts testdata/clreq.tsv from the clreq editor's
// draft in ../shared when run with -update, and otherwise checks that the
// file in testdata still matches it (skipping when ../shared is absent).
//
// Within one parent element, consecutive siblings marked
// its-locale-filter-list="en", "zh-hans" and "zh-hant" translate each other
// (in any order); a sibling without the attribute, or a second sibling of a
// locale already seen, ends the run. Elements whose descendants carry the
// attribute themselves are not paragraphs and are looked into instead. The
// kind of a pair is that of its zh-hans element, read from its ancestors as
// the feed's HTML reader does: inside a heading, a heading of its level;
// else inside a list item, a list item; else inside a block quote, a quote.
func TestGenerateClreq(t *testing.T) {
	src := filepath.Join(repoRoot(t), "..", "shared", "parallel", "clreq", "index.html")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Skipf("clreq source absent: %v", err)
	}
	doc, err := html.Parse(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("kind\tzh-hans\ten\n")
	n := 0
	for _, p := range clreqPairs(doc, nil) {
		b.WriteString(p.kind + "\t" + p.zh + "\t" + p.en + "\n")
		n++
	}
	if n < 600 {
		t.Fatalf("only %d paragraph pairs found in %s", n, src)
	}
	if *update {
		if err := os.WriteFile(clreqTSV, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, err := os.ReadFile(clreqTSV)
	if err != nil || string(old) != b.String() {
		t.Fatalf("%s is not what %s gives (%v); run go test -run GenerateClreq -update", clreqTSV, src, err)
	}
}

// repoRoot returns the directory above the test that holds go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the test directory")
		}
		dir = parent
	}
}

// clreqPair is one translated paragraph of the clreq document: its kind as
// written in clreqTSV and its zh-hans and en text.
type clreqPair struct {
	kind, zh, en string
}

// clreqPairs appends to pairs the translated siblings under n, in document
// order.
func clreqPairs(n *html.Node, pairs []clreqPair) []clreqPair {
	run := map[string]string{}
	kind := ""
	flush := func() {
		if run["zh-hans"] != "" && run["en"] != "" {
			pairs = append(pairs, clreqPair{kind: kind, zh: run["zh-hans"], en: run["en"]})
		}
		run = map[string]string{}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			if c.Type == html.TextNode && strings.TrimSpace(c.Data) == "" {
				continue
			}
			flush()
			continue
		}
		locale := attr(c, "its-locale-filter-list")
		if locale == "" || hasLocaleInside(c) {
			flush()
			pairs = clreqPairs(c, pairs)
			continue
		}
		if _, seen := run[locale]; seen {
			flush()
		}
		run[locale] = strings.Map(noTab, feed.Clean(textOf(c)))
		if locale == "zh-hans" {
			kind = blockKindOf(c)
		}
	}
	flush()
	return pairs
}

// blockKindOf returns the kind, as written in clreqTSV, of the block that
// the feed's HTML reader makes of n's text: a heading's level wins over a
// list item, and a list item over a quote, whatever their nesting.
func blockKindOf(n *html.Node) string {
	heading, item, quote := "", false, false
	for a := n; a != nil; a = a.Parent {
		if a.Type != html.ElementNode {
			continue
		}
		switch a.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			heading = a.Data
		case atom.Li:
			item = true
		case atom.Blockquote:
			quote = true
		}
	}
	switch {
	case heading != "":
		return heading
	case item:
		return "li"
	case quote:
		return "quote"
	}
	return "p"
}

// parseKind returns the block kind and heading level that clreqTSV writes
// as s.
func parseKind(s string) (feed.BlockKind, int, bool) {
	switch s {
	case "p":
		return feed.Paragraph, 0, true
	case "li":
		return feed.ListItem, 0, true
	case "quote":
		return feed.Quote, 0, true
	}
	if len(s) == 2 && s[0] == 'h' && s[1] >= '1' && s[1] <= '6' {
		return feed.Heading, int(s[1] - '0'), true
	}
	return 0, 0, false
}

// noTab turns tabs into spaces, to keep the TSV's columns.
func noTab(r rune) rune {
	if r == '\t' {
		return ' '
	}
	return r
}

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// hasLocaleInside reports whether a descendant of n has a locale filter.
func hasLocaleInside(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if attr(c, "its-locale-filter-list") != "" || hasLocaleInside(c) {
			return true
		}
	}
	return false
}

// textOf returns the text inside n, leaving out scripts and styles.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style") {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// clreqParagraphs reads testdata/clreq.tsv: the zh-hans and en block of
// each paragraph pair, of the same kind and level.
func clreqParagraphs(t testing.TB) (zh, en []feed.Block) {
	t.Helper()
	f, err := os.Open(clreqTSV)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		if line == 1 {
			continue // the header
		}
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != 3 {
			t.Fatalf("%s:%d: %d fields, want 3: %q", clreqTSV, line, len(fields), sc.Text())
		}
		kind, level, ok := parseKind(fields[0])
		if !ok {
			t.Fatalf("%s:%d: unknown kind %q", clreqTSV, line, fields[0])
		}
		zh = append(zh, feed.Block{Kind: kind, Level: level, Text: fields[1]})
		en = append(en, feed.Block{Kind: kind, Level: level, Text: fields[2]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return zh, en
}
