package align

import (
	"bufio"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/xinwen-reader/xinwen/feed"
)

// update rewrites testdata/clreq.tsv from ../shared/parallel/clreq.
var update = flag.Bool("update", false, "rewrite testdata/clreq.tsv from ../shared/parallel/clreq")

// clreqTSV holds the paired paragraphs of the W3C clreq document: a header
// line, then one "zh-hans<TAB>en" line per paragraph, in document order.
const clreqTSV = "testdata/clreq.tsv"

// TestGenerateClreq extracts testdata/clreq.tsv from the clreq editor's
// draft in ../shared when run with -update, and otherwise checks that the
// file in testdata still matches it (skipping when ../shared is absent).
//
// Within one parent element, consecutive siblings marked
// its-locale-filter-list="en", "zh-hans" and "zh-hant" translate each other
// (in any order); a sibling without the attribute, or a second sibling of a
// locale already seen, ends the run. Elements whose descendants carry the
// attribute themselves are not paragraphs and are looked into instead.
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
	b.WriteString("zh-hans\ten\n")
	n := 0
	for _, p := range clreqPairs(doc, nil) {
		b.WriteString(p[0] + "\t" + p[1] + "\n")
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

// clreqPairs appends to pairs the (zh-hans, en) texts of the translated
// siblings under n, in document order.
func clreqPairs(n *html.Node, pairs [][2]string) [][2]string {
	run := map[string]string{}
	flush := func() {
		if run["zh-hans"] != "" && run["en"] != "" {
			pairs = append(pairs, [2]string{run["zh-hans"], run["en"]})
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
	}
	flush()
	return pairs
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

// clreqParagraphs reads testdata/clreq.tsv: the zh-hans and en text of
// each paragraph pair.
func clreqParagraphs(t testing.TB) (zh, en []string) {
	t.Helper()
	f, err := os.Open(clreqTSV)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		z, e, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			t.Fatalf("%s: line without a tab: %q", clreqTSV, sc.Text())
		}
		zh, en = append(zh, z), append(en, e)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return zh[1:], en[1:]
}
