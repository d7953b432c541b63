package align

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
)

// How the known pairs are derived.
//
// The corpus is a list of paragraph pairs known to translate each other:
// the clreq document's paired paragraphs, headings and list items
// (testdata/clreq.tsv) and the sample articles' blocks, paired by index
// where both versions have the same number of blocks. Each keeps its block
// kind. Inside a paragraph pair, the sentences are taken to pair 1-1 when
// ZH and EN cut the two paragraphs into the same number of sentences; those
// are the "known" paragraphs. testdata/cuts.tsv corrects that assumption
// where a reader found that the translator cut the paragraph elsewhere,
// and gives the true pairs of every clreq paragraph pair whose sides cut
// into different numbers of sentences, read one by one; it marks a
// paragraph as not known where the pairs cannot be told. A paragraph that
// is not known (the two of the samples with different numbers of
// sentences) stays in the test articles, as real text the aligner must
// get through, but no pair is claimed for its sentences.

// link is the shape of one known pair: zh sentences with en sentences.
type link struct {
	zh, en int
}

// paragraph is one paragraph pair of the corpus, cut into sentences.
type paragraph struct {
	kind   feed.BlockKind
	level  int
	zh, en []string
	// links are the known pairs, in order, covering every sentence of both
	// sides; nil when the pairs are not known.
	links []link
}

// known reports whether the pairs of p are known.
func (p paragraph) known() bool { return p.links != nil }

// newParagraph cuts a paragraph pair into sentences; the kind is zh's.
func newParagraph(zh, en feed.Block) paragraph {
	p := paragraph{kind: zh.Kind, level: zh.Level, zh: withSpace(zh.Text, ZH(zh.Text)), en: withSpace(en.Text, EN(en.Text))}
	if len(p.zh) == len(p.en) && len(p.zh) > 0 {
		p.links = slices.Repeat([]link{{1, 1}}, len(p.zh))
	}
	return p
}

// withSpace returns the sentences of text with the white space after each,
// so that joining them gives text back (less white space at the ends).
func withSpace(text string, spans []Span) []string {
	out := make([]string, len(spans))
	for k, s := range spans {
		end := len(text)
		if k+1 < len(spans) {
			end = spans[k+1].Start
		}
		out[k] = text[s.Start:end]
	}
	return out
}

// cutsFile lists the paragraph pairs whose translator cut the sentences at
// other places than the 1-1 assumption says: one line per paragraph,
// "corpus<TAB>zh prefix<TAB>links<TAB>reason", where links is "-" (not
// known) or the true pairs in order, "2-2 1-0 1-2": zh sentences 1-2 with
// en 1-2, zh 3 with nothing, zh 4 with en 3-4.
const cutsFile = "testdata/cuts.tsv"

// cut is one line of cutsFile.
type cut struct {
	line           int
	corpus, prefix string
	links          []link
}

// readCuts reads cutsFile.
func readCuts(t testing.TB) []cut {
	t.Helper()
	f, err := os.Open(cutsFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cuts []cut
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, "\t")
		if len(fields) != 4 || fields[1] == "" || fields[3] == "" {
			t.Fatalf("%s:%d: want corpus, zh prefix, links and reason: %q", cutsFile, line, text)
		}
		links, err := parseLinks(fields[2])
		if err != nil {
			t.Fatalf("%s:%d: %v", cutsFile, line, err)
		}
		cuts = append(cuts, cut{line: line, corpus: fields[0], prefix: fields[1], links: links})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cuts
}

// parseLinks reads the links column of cutsFile: "-" is nil. A true pair
// may be of more sentences than any pair the aligner makes (see beads):
// the score then counts it missed.
func parseLinks(s string) ([]link, error) {
	if s == "-" {
		return nil, nil
	}
	var links []link
	for _, f := range strings.Fields(s) {
		z, e, ok := strings.Cut(f, "-")
		nz, err1 := strconv.Atoi(z)
		ne, err2 := strconv.Atoi(e)
		if !ok || err1 != nil || err2 != nil || nz < 0 || ne < 0 || nz+ne == 0 || nz > 9 || ne > 9 {
			return nil, fmt.Errorf("bad link %q", f)
		}
		if (nz == 0 && ne > 1) || (ne == 0 && nz > 1) {
			return nil, fmt.Errorf("link %q: a sentence without counterpart is a link of its own", f)
		}
		links = append(links, link{nz, ne})
	}
	if links == nil {
		return nil, fmt.Errorf("no links in %q", s)
	}
	return links, nil
}

// applyCuts corrects the known pairs of corpus with the lines of cuts for
// it. Each line must match exactly one paragraph whose sentences its links
// cover, and no two lines the same one, so that the file cannot go stale
// unnoticed.
func applyCuts(t testing.TB, name string, corpus []paragraph, cuts []cut) {
	t.Helper()
	set := map[int]int{} // paragraph: the line that gave its pairs
	for _, c := range cuts {
		if c.corpus != name {
			continue
		}
		match := -1
		for k, p := range corpus {
			if !strings.HasPrefix(strings.Join(p.zh, ""), c.prefix) {
				continue
			}
			if match >= 0 {
				t.Fatalf("%s:%d: %q starts paragraphs %d and %d", cutsFile, c.line, c.prefix, match, k)
			}
			match = k
		}
		if match < 0 {
			t.Fatalf("%s:%d: no %s paragraph starts with %q", cutsFile, c.line, name, c.prefix)
		}
		if prev, ok := set[match]; ok {
			t.Fatalf("%s:%d: %q and line %d give the pairs of the same paragraph", cutsFile, c.line, c.prefix, prev)
		}
		set[match] = c.line
		p := &corpus[match]
		nz, ne := 0, 0
		for _, l := range c.links {
			nz, ne = nz+l.zh, ne+l.en
		}
		if c.links != nil && (nz != len(p.zh) || ne != len(p.en)) {
			t.Fatalf("%s:%d: links cover %d+%d sentences, the paragraph has %d+%d", cutsFile, c.line, nz, ne, len(p.zh), len(p.en))
		}
		p.links = c.links
	}
}

// sampleCorpus returns the paragraph pairs of the sample articles whose
// two versions have the same number of blocks.
func sampleCorpus(t testing.TB) []paragraph {
	t.Helper()
	files, err := filepath.Glob("../sample/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no sample articles in ../sample: %v", err)
	}
	var corpus []paragraph
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		articles, err := feed.Parse(name, data)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range articles {
			if a.ZH == nil || a.EN == nil || len(a.ZH.Blocks) != len(a.EN.Blocks) {
				continue
			}
			for k := range a.ZH.Blocks {
				corpus = append(corpus, newParagraph(a.ZH.Blocks[k], a.EN.Blocks[k]))
			}
		}
	}
	applyCuts(t, "samples", corpus, readCuts(t))
	return corpus
}

// clreqCorpus returns the paragraph pairs of testdata/clreq.tsv.
func clreqCorpus(t testing.TB) []paragraph {
	t.Helper()
	corpus := rawClreqCorpus(t)
	applyCuts(t, "clreq", corpus, readCuts(t))
	return corpus
}

// rawClreqCorpus returns the paragraph pairs of testdata/clreq.tsv as the
// 1-1 assumption makes them, without testdata/cuts.tsv.
func rawClreqCorpus(t testing.TB) []paragraph {
	zh, en := clreqParagraphs(t)
	corpus := make([]paragraph, len(zh))
	for k := range zh {
		corpus[k] = newParagraph(zh[k], en[k])
	}
	return corpus
}

// knownShare returns how many paragraphs of corpus are known, and of all.
func knownShare(corpus []paragraph) (int, int) {
	n := 0
	for _, p := range corpus {
		if p.known() {
			n++
		}
	}
	return n, len(corpus)
}

// testArticle is an article built for scoring, with its known pairs.
type testArticle struct {
	zh, en  feed.Version
	gold    []Pair
	zhKnown []bool // per sentence: in a known paragraph
	enKnown []bool
	// zhPara and enPara number the paragraph pair of each sentence.
	zhPara, enPara []int
}

// builder puts a test article together one paragraph at a time.
type builder struct {
	a      testArticle
	nz, ne int // sentences so far
	para   int // paragraph pairs so far
	joins  int // paragraphs joined to the block before them
}

// add appends the sentences of p: zh and en say which sides are kept, and
// newZH and newEN whether they start a new block (else they join the last).
func (b *builder) add(p paragraph, zh, en, newZH, newEN bool) {
	if zh && addBlock(&b.a.zh, p, p.zh, "", newZH, ZH) {
		b.joins++
	}
	if en && addBlock(&b.a.en, p, p.en, " ", newEN, EN) {
		b.joins++
	}
	switch {
	case zh && en && p.known():
		z, e := b.nz, b.ne
		for _, l := range p.links {
			b.a.gold = append(b.a.gold, Pair{ZH: Range{z, z + l.zh}, EN: Range{e, e + l.en}})
			z, e = z+l.zh, e+l.en
		}
	case zh && !en:
		for k := range p.zh {
			b.a.gold = append(b.a.gold, Pair{ZH: Range{b.nz + k, b.nz + k + 1}, EN: Range{b.ne, b.ne}})
		}
	case en && !zh:
		for k := range p.en {
			b.a.gold = append(b.a.gold, Pair{ZH: Range{b.nz, b.nz}, EN: Range{b.ne + k, b.ne + k + 1}})
		}
	}
	known := p.known() || !zh || !en
	b.para++
	if zh {
		b.nz += len(p.zh)
		b.a.zhKnown = append(b.a.zhKnown, slices.Repeat([]bool{known}, len(p.zh))...)
		b.a.zhPara = append(b.a.zhPara, slices.Repeat([]int{b.para}, len(p.zh))...)
	}
	if en {
		b.ne += len(p.en)
		b.a.enKnown = append(b.a.enKnown, slices.Repeat([]bool{known}, len(p.en))...)
		b.a.enPara = append(b.a.enPara, slices.Repeat([]int{b.para}, len(p.en))...)
	}
}

// addBlock appends sentences of p to v, as a new block of p's kind or
// joined to the last with sep. It makes a new block after all when one of
// the two is a heading and the other is not, or is of another level (an
// editor merges paragraphs and list items, not a heading with the text
// beside it), or when joining would run the last sentence of the block
// into the first new one. It reports whether it
// joined them.
func addBlock(v *feed.Version, p paragraph, sents []string, sep string, newBlock bool, cut func(string) []Span) bool {
	text := strings.TrimSpace(strings.Join(sents, ""))
	if !newBlock && len(v.Blocks) > 0 {
		last := &v.Blocks[len(v.Blocks)-1]
		joined := last.Text + sep + text
		if (last.Kind == feed.Heading) == (p.kind == feed.Heading) && last.Level == p.level && len(cut(joined)) == len(cut(last.Text))+len(sents) {
			last.Text = joined
			return true
		}
	}
	v.Blocks = append(v.Blocks, feed.Block{Kind: p.kind, Level: p.level, Text: text})
	return false
}
