package align

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
)

// withSampleFrom runs f with sampleFrom set to n.
func withSampleFrom(n int, f func()) {
	old := sampleFrom
	sampleFrom = n
	defer func() { sampleFrom = old }()
	f()
}

// TestSampledVarianceAlignsAsTheWholeFirstPass: the variance of a long
// article measured on windows of it (sampleVariance) gives the same pairs
// as the first pass over the whole article on the benchmark's article of
// 10,000 pairs, and on the clreq document as one article of about 1,000
// sentences (windows from 600), as translated and edited, at most a pair
// or two different.
func TestSampledVarianceAlignsAsTheWholeFirstPass(t *testing.T) {
	zh, en := bigArticle(t, 10000)
	sampled := Article(zh, en)
	if n := len(sampled.ZH); n < sampleFrom {
		t.Fatalf("the article has %d sentences, fewer than the %d that are sampled", n, sampleFrom)
	}
	var whole Alignment
	withSampleFrom(1<<30, func() { whole = Article(zh, en) })
	if len(sampled.Pairs) != len(whole.Pairs) {
		t.Fatalf("sampled: %d pairs, whole first pass: %d", len(sampled.Pairs), len(whole.Pairs))
	}
	for k := range whole.Pairs {
		if s, w := sampled.Pairs[k], whole.Pairs[k]; s.ZH != w.ZH || s.EN != w.EN {
			t.Fatalf("pair %d: sampled %v-%v, whole first pass %v-%v", k, s.ZH, s.EN, w.ZH, w.EN)
		}
	}

	corpus := clreqCorpus(t)
	for _, c := range []struct {
		name string
		ed   edits
	}{{"as translated", edits{}}, {"edited", qualityEdits}} {
		articles, _ := buildArticles(corpus, len(corpus), c.ed, 1)
		var f, g float64
		var wrongF, wrongG int
		withSampleFrom(1<<30, func() { f, _, wrongF = f1(t, articles, defaultOptions) })
		withSampleFrom(600, func() { g, _, wrongG = f1(t, articles, defaultOptions) })
		t.Logf("clreq as one article, %s: F1 %.4f (%d wrong) with the whole first pass, %.4f (%d wrong) sampled",
			c.name, f, wrongF, g, wrongG)
		if g < f-0.002 {
			t.Errorf("clreq as one article, %s: sampled F1 %.4f, below the whole first pass's %.4f", c.name, g, f)
		}
	}
}

// TestLongInsertionWidensTheBand: twelve English sentences with no
// Chinese counterpart, inserted mid-article, put the true path three
// times the first band's half-width off the diagonal; the search must
// widen the band and leave them alone, pairing the rest as without them.
func TestLongInsertionWidensTheBand(t *testing.T) {
	zh, en := bigArticle(t, 200)
	plain := Article(zh, en)
	var added strings.Builder
	for k := range 12 {
		fmt.Fprintf(&added, "Editor's note %d: this paragraph was written for the English edition alone, and readers of the Chinese edition never saw any of it. ", k+1)
	}
	mid := len(en.Blocks) / 2
	longer := &feed.Version{Blocks: slices.Concat(en.Blocks[:mid],
		[]feed.Block{{Kind: feed.Paragraph, Text: strings.TrimSpace(added.String())}}, en.Blocks[mid:])}
	a := Article(zh, longer)
	checkAlignment(t, a, zh, longer)
	if got := len(a.EN) - len(plain.EN); got != 12 {
		t.Fatalf("the insertion cuts into %d sentences, want 12", got)
	}
	// The inserted sentences start where block mid starts in the longer English.
	first := slices.IndexFunc(a.EN, func(s Sentence) bool { return s.Block == mid })
	alone, kept := 0, 0
	for _, p := range a.Pairs {
		switch {
		case p.EN.Start >= first && p.EN.End <= first+12:
			if p.ZH.Len() == 0 {
				alone++
			}
		default:
			shifted := p.EN
			if shifted.Start >= first+12 {
				shifted = Range{shifted.Start - 12, shifted.End - 12}
			}
			if slices.ContainsFunc(plain.Pairs, func(q Pair) bool { return q.ZH == p.ZH && q.EN == shifted }) {
				kept++
			}
		}
	}
	if alone != 12 {
		t.Errorf("%d of the 12 inserted sentences are left without counterpart, want all", alone)
	}
	if kept != len(plain.Pairs) {
		t.Errorf("%d of the %d pairs of the article without the insertion are kept", kept, len(plain.Pairs))
	}
}
