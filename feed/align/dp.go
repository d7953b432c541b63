package align

import (
	"math"
	"slices"
)

// bead is one shape of pair: dz Chinese sentences with de English ones,
// the cost of its shape, -ln of how often translations have it, and what a
// lexical anchor is worth in it: (dz·de)^-¼ of lexicalHit. A pair of more
// sentences meets more of the article's recurring words by chance, and a
// full credit for them merges two sentences translated one by one when a
// word of the first is glossed in the second (clreq F1 0.9746 to 0.9814
// as translated, 0.9327 to 0.9417 edited; ½ and 1 gain less).
//
// The priors are Gale and Church's, but for the shapes in which a
// translator from Chinese cuts one long sentence into several English
// ones: 1-2 at 8.2% (their 4.45%), 1-3 at 0.4% and 1-4 at 0.25%. Every
// paragraph pair of clreq read (testdata/cuts.tsv) has 12.8% 1-2, 1.8%
// 1-3 and 0.6% 1-4, against 2.3% 2-1 and no 4-1; the priors lie between
// those counts and Gale and Church's, for news is translated closer to
// sentence for sentence (the samples: 97% 1-1). 4-1, 2-3 and 3-2 were
// tried at 0.1% and left out: 4-1 moved no pair, 2-3 and 3-2 lost pairs
// on both halves of clreq (see docs/PERFORMANCE.md, session 8).
type bead struct {
	dz, de   int
	prior    float64
	lexScale float64
}

// beads are the shapes a pair may take, 1-1 first; where two shapes cost
// the same, the search keeps the one listed first. No side of one has
// more than maxBeadSide sentences, and no Chinese side more than 3 (see
// band.cheapest).
var beads = [...]bead{
	{1, 1, -math.Log(0.89), 1},
	{2, 1, -math.Log(0.0445), lexicalScale(2)},
	{1, 2, -math.Log(0.082), lexicalScale(2)},
	{1, 0, -math.Log(0.005), 0},
	{0, 1, -math.Log(0.005), 0},
	{2, 2, -math.Log(0.011), lexicalScale(4)},
	{3, 1, -math.Log(0.002), lexicalScale(3)},
	{1, 3, -math.Log(0.004), lexicalScale(3)},
	{1, 4, -math.Log(0.0025), lexicalScale(4)},
}

// maxBeadSide is the most sentences one side of a bead has.
const maxBeadSide = 4

// lexicalScale returns the share of lexicalHit that a lexical anchor earns
// in a pair of dz·de = n.
func lexicalScale(n int) float64 { return math.Pow(float64(n), -0.25) }

// The weights of the cost, in the units of -ln probability.
const (
	// anchorMiss is the cost of an anchor on one side of a pair only;
	// unpairedAnchorMiss that of an anchor of a sentence left without
	// counterpart (1-0, 0-1). A translation keeps its numbers and names;
	// a sentence that was not translated lacks them on the other side by
	// its nature. At the full cost, a Chinese-only citation such as
	// (GB 9851.2-2008, 3.5) cost as much left alone as joined to the
	// definition before it, and the join's cheaper prior won. Half of
	// anchorMiss lowered the errors on both halves of clreq's articles; no
	// cost at all, on one half only (docs/PERFORMANCE.md, session 8). A
	// whole paragraph left alone pays for none of its anchors (dropCost).
	anchorMiss         = 1.5
	unpairedAnchorMiss = 0.75
	// anchorHit is the credit for an anchor on both sides of a pair.
	anchorHit = 0.5
	// lexicalHit is the credit for a lexical anchor (see lexical.go) on
	// both sides of a pair. One on one side only costs nothing of itself:
	// the dictionary often lacks the translator's word, or the translator
	// moved it to the next sentence, and a cost for it makes neighbouring
	// sentences merge (measured on clreq and the samples); only a pair
	// whose sides share none of their anchors costs (unrelatedCost).
	// One credit for every anchor, however many sentences have it: on
	// the tuning half of clreq, ln of how much likelier a translation has
	// the anchor than a neighbour one or two away falls from 3.5 for an
	// anchor of one English sentence to 0.5 for one of half of them, but
	// a credit by that share, in four classes of 32 mask bits, lost pairs
	// (clreq as translated 0.9851 to 0.9807, edited 0.9683 to 0.9608),
	// and so did lower credits for the common classes only.
	lexicalHit = 2.0
	// unrelatedCost is the cost of a pair whose two sides both have
	// lexical anchors and share none: -ln of how much likelier that is of
	// two sentences that do not translate each other than of two that do.
	// Measured on the 1-1 pairs of the tuning half of clreq as translated,
	// 7% of the known pairs with anchors on both sides share none, and 55%
	// of the pairs of a sentence with the translation of a neighbour one
	// or two away: ln(0.55/0.07) ≈ 2. Without it, a paragraph added on one
	// side and one dropped on the other, of lengths that agree, were a
	// pair, and short glossary entries ran out of step (clreq F1 edited
	// 0.9588 to 0.9642). A side without anchors tells nothing: as many
	// known pairs as neighbours have one (11% and 12%).
	unrelatedCost = 2.0
	// unlinkedCost is the cost of each sentence of a merged side (2-1,
	// 1-2, 2-2, 3-1, 1-3, 1-4) that has lexical anchors but none that the
	// other side of the pair has: most often a sentence the translator
	// left out, which G&C's priors would rather hide in a merge than leave
	// alone (added at 1: clreq F1 0.9814 to 0.9881 as translated; tuning
	// half 0.9704 to 0.9798, and 0.9224 to 0.9268 edited). The tuning
	// half measures about 2: 10% of the sentences with anchors of its
	// known merged pairs are unlinked, and 69% of its sentences without
	// counterpart against the pair beside them, ln(0.69/0.10) ≈ 2. But
	// those known merged pairs are a dozen, and the priors it weighs
	// against are guesses (a 2-2 with the sentence in it against a 1-2
	// and a 1-0 beside it: 4.5 against 8.4). From 1.5 up it splits a true
	// 2-2 whose translator cut inside an example (clreq's 但若遇连续三个标点符号,
	// whose first sentence on each side has anchors and none of the other
	// side's: as translated 0.9851 to 0.9837); from 3 it also leaves alone the untranslated
	// sentences of 在繁、简中文排版中 and 许多理工书籍 (testdata/cuts.tsv),
	// and 3 to 5 give the same pairs: clreq F1 0.9851 to 0.9881 as
	// translated and 0.9689 to 0.9724 edited; on the tuning half 0.9736 to
	// 0.9799 and 0.9542 to 0.9601, on the half held out 0.9957 as it was
	// and 0.9821 to 0.9834. It is 4, the middle of those; from 6 it splits
	// more true pairs (as translated 0.9859 at 6, 0.9837 at 8). It needs
	// the paragraphMiss given back to a sentence left alone at the end of
	// its paragraph (see openEN): without that, 3 gives 0.9837 and 0.9676.
	// Those figures came from the paragraphs that cut into as many
	// sentences on both sides, where a merged pair is rare. With every
	// paragraph pair of clreq read (167 more in testdata/cuts.tsv, most of
	// them 1-2), 4 left alone the second English sentence of true 1-2 pairs
	// that has a word of its own, and 3 lowered the errors (wrong and
	// missed pairs) on both halves of the articles, 2.5 on one only (see
	// docs/PERFORMANCE.md, session 8).
	unlinkedCost = 3.0
	// unpairedLength is the most that the length of a sentence left
	// without counterpart (1-0, 0-1) adds to its prior: measured as a
	// difference from nothing, a long one cost 40 and more, so that the
	// aligner ran out of step over several pairs rather than leave it
	// alone; an untranslated sentence is not much rarer for being long.
	// It is what the length of a pair costs on average where the two
	// sides do translate each other (-ln of the tail probability of a
	// normal deviate, which is uniform: its mean is 1), so that a
	// sentence's length counts neither for nor against leaving it alone.
	// At 3 it counted 2 against: clreq F1 edited 0.9683 to 0.9689, and
	// 0.9808 to 0.9821 on the half held out; as translated unchanged.
	unpairedLength = 1.0
	// paragraphMiss is the cost of a pair that ends a paragraph on one side
	// only; paragraphCross that of each paragraph boundary inside a pair,
	// which translations keep more often than they keep paragraphs whole.
	paragraphMiss  = 6.0
	paragraphCross = 14.0
	// paragraphDrop and sentenceDrop make up the cost of a whole
	// paragraph left without a counterpart: paragraphDrop once, and
	// sentenceDrop for each of its sentences. Much lower, short
	// paragraphs of lengths that happen to agree are dropped on both sides
	// rather than paired; much higher, a paragraph added next to a dropped
	// one is paired with it.
	paragraphDrop = 5.6
	sentenceDrop  = 1.0
	// kindMiss is the cost of a pair of a heading with text that is not a
	// heading; levelMiss that of two headings of different levels, and
	// otherKindMiss that of two other kinds of block that differ (a list
	// item with a paragraph). The kinds count only where both sides of an
	// article have them: see side.kinds.
	//
	// paragraphCross (was 10), paragraphDrop (was 8) and levelMiss (was
	// 3) are where a search of every weight of the cost, each times 0.7
	// and 1.4 in turn, kept what raised F1 on the odd articles of clreq
	// re-paragraphed with eight seeds of the edits (and, by a quarter, as
	// translated): those 0.9655 to 0.9681, the even articles, held out,
	// 0.9735 to 0.9769. Its second round (unrelatedCost, unlinkedCost,
	// levelMiss again, the 1-3 prior) raised the odd articles to 0.9721
	// and not the even ones (0.9764), and was left out. A perceptron over
	// the same weights lowered both halves: its updates follow the
	// translator's cuts (testdata/cuts.tsv), which no weight mends.
	kindMiss      = 16.0
	levelMiss     = 4.2
	otherKindMiss = 2.0
	// priorRatio is the number of Chinese characters per English
	// character in news and in the clreq document (0.23 to 0.3); the ratio
	// of an article starts from it as if from priorLength English
	// characters of text, so that a short article, or one with a paragraph
	// dropped, does not skew it.
	priorRatio  = 0.28
	priorLength = 2000
	minRatio    = 0.05
	maxRatio    = 2.0
	// defaultVariance is the variance of the length difference per
	// Chinese character that the first pass assumes; the second uses the
	// article's own, clamped to [minVariance, maxVariance].
	defaultVariance = 2.0
	minVariance     = 0.3
	maxVariance     = 10.0
	// firstBand is the half-width of the band, in sentences, before it
	// grows (see search); maxBand is the most it grows to. The second pass
	// starts from where the first settled. (It started from 8, which
	// changed no pair of the quality test's corpora, as translated or
	// edited, and cost the second pass twice the cells: a path that
	// leaves the band runs along its edge, and the band doubles.)
	firstBand = 4
	maxBand   = 1024
	// An article of at most wideUpTo cells, Chinese sentences times
	// English ones (a news article of up to 100 sentences a side), starts
	// from the half-width wideBand instead. The band follows the length
	// diagonal, and where a translation leaves out or adds several
	// paragraphs the cheapest path may run outside it without touching
	// its edge, so that it never widens: on clreq re-paragraphed with
	// eight seeds, the band of 4 lost pairs that one of 16 finds (mean
	// edited F1 0.9679 to 0.9699; the test's seed gives the same pairs).
	// 64, or the whole grid, finds no more; the whole grid also lets a
	// paragraph and its translation of very different lengths (a 50 KB
	// paragraph without sentence end, cut in pieces) be left out on both
	// sides, which a band of 16 keeps from happening. Up to 10,000 cells
	// the wider band costs under a millisecond; at 40,000 it cost a
	// machine-translated article of 300 Chinese and 100 English sentences
	// 5 ms, which the reader pays when it opens the article in both
	// languages (tui's BenchmarkOpenStoredTranslation).
	wideUpTo = 10000
	wideBand = 16
)

// costs is what the cost of a pair depends on besides the two sides.
type costs struct {
	ratio    float64 // Chinese characters per narrow (Latin) character
	variance float64 // of the length difference, per Chinese character
	// invDeviation is 1/√variance; unpairedFrom is the length from which
	// a sentence left without counterpart pays unpairedLength.
	invDeviation, unpairedFrom float64
	opt                        options
}

// setVariance sets c's variance and what follows from it.
func (c *costs) setVariance(v float64) {
	c.variance = v
	c.invDeviation = 1 / math.Sqrt(v)
	c.unpairedFrom = unpairedDeviations * unpairedDeviations * v / 2
}

// unpairedDeviations is the length difference, in standard deviations, at
// which tailCost reaches unpairedLength. Left without counterpart, a
// sentence of length l differs by √(2l/variance) of them.
var unpairedDeviations = func() float64 {
	k := 0
	for k < len(tailTable) && tailTable[k] < unpairedLength {
		k++
	}
	return float64(k) / tailStep
}()

// solve aligns z with e: a first pass with the default variance, then a
// second with the variance measured on the first's 1-1 pairs. In a long
// article the first pass covers a few windows of it (see sampleVariance).
func solve(z, e *side, opt options) []Pair {
	c := costs{ratio: lengthRatio(z, e), opt: opt}
	c.setVariance(defaultVariance)
	z.setLengths(c.ratio)
	e.setLengths(c.ratio)
	ends := allTails(e)
	start, end := cell{0, 0}, cell{z.len(), e.len()}
	w := firstBand
	if z.len()*e.len() <= wideUpTo {
		w = wideBand
	}
	if v, ok := sampleVariance(z, e, ends, c); ok {
		c.setVariance(v)
	} else {
		path, band := search(z, e, ends, &c, w, start, end)
		c.setVariance(measureVariance(z, e, c, path))
		w = max(band, w)
	}
	path, _ := search(z, e, ends, &c, w, start, end)
	return c.pairs(z, e, path)
}

// The first pass of an article of sampleFrom sentences or more on each
// side runs on sampleWindows windows of sampleLength Chinese sentences,
// spread evenly from its start to its end, and measures the variance on
// their 1-1 pairs less sampleTrim pairs at each end of a window. (A
// variable, so that a test can sample a shorter article.)
var sampleFrom = 4000

const (
	sampleWindows = 4
	sampleLength  = 500
	sampleTrim    = 10
)

// sampleVariance returns the variance measured by a first pass over
// windows of a long article, and whether the article is long enough to
// sample. The variance is one number for the whole article, and 2,000
// sentences measure it as well as 10,000 do; the first pass over the
// whole article was a third of the search's time, which the second pass
// then spent anew. Each window starts and ends where the English has come
// as far as the Chinese by length, which may fall a sentence or two off
// the true alignment: the pairs near its ends are left out of the
// measure.
func sampleVariance(z, e *side, ends []tails, c costs) (float64, bool) {
	n, m := z.len(), e.len()
	if n < sampleFrom || m < sampleFrom {
		return 0, false
	}
	// at returns the English position where the English has come as far
	// as the Chinese at i, by length.
	zl, el := z.length[n], e.length[m]
	at := func(i int) int {
		target := z.length[i] / zl * el
		j, _ := slices.BinarySearch(e.length, target)
		return min(j, m)
	}
	var sample []Pair
	for k := range sampleWindows {
		i := (n - sampleLength) * k / (sampleWindows - 1)
		from, to := cell{i, at(i)}, cell{i + sampleLength, at(i + sampleLength)}
		if to.j-from.j < sampleLength/4 {
			return 0, false // the window's English is too short to measure
		}
		path, _ := search(z, e, ends, &c, firstBand, from, to)
		if len(path) > 2*sampleTrim {
			sample = append(sample, path[sampleTrim:len(path)-sampleTrim]...)
		}
	}
	return measureVariance(z, e, c, sample), true
}

// lengthRatio returns the number of Chinese characters that one narrow
// character of the English stands for in the article: the ratio at which
// the two versions, each measured as its wide runes plus ratio times its
// narrow ones, are of one length. It starts from priorRatio as if from
// priorLength English characters of text, and stays within [minRatio,
// maxRatio] whatever the text.
func lengthRatio(z, e *side) float64 {
	n, m := z.len(), e.len()
	wide := z.wide[n] - e.wide[m] + priorRatio*priorLength
	narrow := e.narrow[m] - z.narrow[n] + priorLength
	if narrow <= 0 {
		return maxRatio
	}
	return math.Min(maxRatio, math.Max(minRatio, wide/narrow))
}

// measureVariance returns the variance per Chinese character of the length
// difference over the pairs of path with sentences on both sides, or
// c.variance when there are too few of them. A translator who cuts a
// sentence in two often says more in the English (clreq's 1-2 pairs run
// longer than its 1-1 pairs would have them), and a variance of the 1-1
// pairs alone charged those pairs so much that the aligner left the
// second English sentence alone instead (see docs/PERFORMANCE.md, session 8).
func measureVariance(z, e *side, c costs, path []Pair) float64 {
	var sum, weight float64
	n := 0
	for _, p := range path {
		if p.ZH.Len() == 0 || p.EN.Len() == 0 {
			continue
		}
		l1, l2 := c.lengths(z, e, p)
		sum += (l2 - l1) * (l2 - l1)
		weight += (l1 + l2) / 2
		n++
	}
	if n < 5 || weight == 0 {
		return c.variance
	}
	return math.Min(maxVariance, math.Max(minVariance, sum/weight))
}

// lengths returns the length of both sides of p in Chinese characters.
func (c costs) lengths(z, e *side, p Pair) (float64, float64) {
	l1 := z.length[p.ZH.End] - z.length[p.ZH.Start]
	l2 := e.length[p.EN.End] - e.length[p.EN.Start]
	return l1, l2
}

// parts are the terms of a pair's cost.
type parts struct {
	length        float64 // -ln P(length difference)
	hits, misses  int     // anchors on both sides, on one side
	paragraphMiss int     // paragraph boundaries not kept
	kindMiss      bool    // blocks of different kinds
	lexicalHits   int     // lexical anchors on both sides
	unrelated     bool    // lexical anchors on both sides, none shared
}

// beadCost is the cost of a pair, for the search's inner loop: the pair of shape b that
// ends at a cell whose tails are zt and et, and whether each side is at a
// paragraph boundary there.
func (c *costs) beadCost(zt, et *tails, zb, eb bool, b *bead) float64 {
	v := b.prior
	l1, l2 := zt.length[b.dz], et.length[b.de]
	if b.dz == 0 || b.de == 0 {
		if l := l1 + l2; l >= c.unpairedFrom {
			v += unpairedLength
		} else if l > 0 {
			v += tailCost(l * c.invDeviation / math.Sqrt(l/2))
		}
	} else if mean := (l1 + l2) / 2; mean > 0 {
		v += tailCost(math.Abs(l2-l1) * c.invDeviation / math.Sqrt(mean))
	}
	zm, em := zt.mask[b.dz], et.mask[b.de]
	if !zm.isZero() || !em.isZero() {
		hits, misses := zm.common(em)
		misses += zt.repeatedMisses(b.dz, em) + et.repeatedMisses(b.de, zm)
		miss := anchorMiss
		if b.dz == 0 || b.de == 0 {
			miss = unpairedAnchorMiss
		}
		v += miss*float64(misses) - anchorHit*float64(hits)
	}
	if b.dz > 0 && b.de > 0 {
		if zt.kind[b.dz] != et.kind[b.de] && c.opt.kinds {
			v += kindCost(zt.kind[b.dz], et.kind[b.de])
		}
		zl, el := zt.lex[b.dz], et.lex[b.de]
		if hits := zl.both(el); hits > 0 {
			v -= lexicalHit * b.lexScale * float64(hits)
		} else if !zl.isZero() && !el.isZero() {
			v += unrelatedCost
		}
		if b.dz > 1 {
			v += unlinkedCost * float64(zt.unlinked(b.dz, el))
		}
		if b.de > 1 {
			v += unlinkedCost * float64(et.unlinked(b.de, zl))
		}
	}
	if !c.opt.paragraphs {
		return v
	}
	v += paragraphCross * float64(zt.inside[b.dz]+et.inside[b.de])
	if (b.dz > 0 && zb && !eb) || (b.de > 0 && eb && !zb) {
		v += paragraphMiss
	}
	return v
}

// parts returns the terms of the cost of the pair p of shape b.
func (c costs) parts(z, e *side, p Pair, b *bead) parts {
	var t parts
	l1, l2 := c.lengths(z, e, p)
	if mean := (l1 + l2) / 2; mean > 0 {
		t.length = tailCost(math.Abs(l2-l1) / math.Sqrt(c.variance*mean))
	}
	var zm, em mask
	for i := p.ZH.Start; i < p.ZH.End; i++ {
		zm = zm.or(z.masks[i])
	}
	for j := p.EN.Start; j < p.EN.End; j++ {
		em = em.or(e.masks[j])
	}
	if !zm.isZero() || !em.isZero() {
		t.hits = zm.both(em)
		for i := p.ZH.Start; i < p.ZH.End; i++ {
			t.misses += z.masks[i].without(em)
		}
		for j := p.EN.Start; j < p.EN.End; j++ {
			t.misses += e.masks[j].without(zm)
		}
	}
	if c.opt.kinds && p.ZH.Len() > 0 && p.EN.Len() > 0 {
		var zk, ek uint16
		for i := p.ZH.Start; i < p.ZH.End; i++ {
			zk |= z.kinds[i]
		}
		for j := p.EN.Start; j < p.EN.End; j++ {
			ek |= e.kinds[j]
		}
		t.kindMiss = zk != ek
	}
	if z.lex != nil && p.ZH.Len() > 0 && p.EN.Len() > 0 {
		var zl, el mask
		for i := p.ZH.Start; i < p.ZH.End; i++ {
			zl = zl.or(z.lex[i])
		}
		for j := p.EN.Start; j < p.EN.End; j++ {
			el = el.or(e.lex[j])
		}
		t.lexicalHits = zl.both(el)
		t.unrelated = t.lexicalHits == 0 && !zl.isZero() && !el.isZero()
	}
	if c.opt.paragraphs {
		for i := p.ZH.Start + 1; i < p.ZH.End; i++ {
			t.paragraphMiss += b2i(z.boundary[i])
		}
		for j := p.EN.Start + 1; j < p.EN.End; j++ {
			t.paragraphMiss += b2i(e.boundary[j])
		}
		zb, eb := z.boundary[p.ZH.End], e.boundary[p.EN.End]
		if (b.dz > 0 && zb && !eb) || (b.de > 0 && eb && !zb) {
			t.paragraphMiss++
		}
	}
	return t
}

// kindCost returns the cost of a pair whose blocks are of the kinds zk on
// one side and ek on the other, when they differ.
func kindCost(zk, ek uint16) float64 {
	zh, eh := zk&headingBits != 0, ek&headingBits != 0
	switch {
	case zh != eh:
		return kindMiss
	case zh:
		return levelMiss
	}
	return otherKindMiss
}

// b2i returns 1 for true and 0 for false.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// tailTable holds tailCost for x = k/tailStep, k < len.
var tailTable = func() []float64 {
	t := make([]float64, 12*tailStep)
	for k := range t {
		t[k] = -math.Log(math.Erfc(float64(k) / tailStep / math.Sqrt2))
	}
	return t
}()

// tailStep is the number of tailTable entries per unit of x.
const tailStep = 128

// tailCost returns -ln P(|X| ≥ x) for a standard normal X: the cost of a
// length difference of x standard deviations.
func tailCost(x float64) float64 {
	if k := int(x * tailStep); k < len(tailTable) {
		return tailTable[k]
	}
	return millsTail(x)
}

// millsTail is tailCost past its table, a function of its own and not
// inlined so that tailCost, in the search's inner loop, is small enough
// for the compiler to inline: the table is what nearly every pair reads.
//
//go:noinline
func millsTail(x float64) float64 {
	// Mills' ratio: for large x, P(|X| ≥ x) ≈ exp(-x²/2)·√(2/π)/x.
	return x*x/2 + roughLog(x) - millsConstant
}

// millsConstant is ½·ln(2/π), of tailCost's approximation.
var millsConstant = 0.5 * math.Log(2/math.Pi)

// roughLog returns ln x for x > 0 within 0.06, continuous and increasing:
// the exponent of x and a straight line through its mantissa. Past the
// table the cost is over 70, so the error does not change which pair is
// cheapest, and math.Log there took a tenth of the alignment's time.
func roughLog(x float64) float64 {
	frac, exp := math.Frexp(x) // x = frac·2^exp, frac in [0.5, 1)
	return float64(exp)*math.Ln2 + (frac-1)*2*math.Ln2
}

// pairs returns the pairs of path with their scores.
func (c costs) pairs(z, e *side, path []Pair) []Pair {
	for k := range path {
		p := &path[k]
		b := shape(p.ZH.Len(), p.EN.Len())
		p.Score = score(c.parts(z, e, *p, b), b)
	}
	return path
}

// shape returns the bead of a pair of dz and de sentences.
func shape(dz, de int) *bead {
	for k := range beads {
		if beads[k].dz == dz && beads[k].de == de {
			return &beads[k]
		}
	}
	return &beads[0]
}

// score turns the terms of a pair's cost into a confidence from 0 to 1: a
// logistic of the log odds that the pair is right.
func score(t parts, b *bead) float64 {
	if b.dz == 0 || b.de == 0 {
		return 0.2 / (1 + float64(t.paragraphMiss))
	}
	odds := 2.5 - t.length - 0.6*(b.prior-beads[0].prior) +
		1.0*float64(t.hits) - 1.5*float64(t.misses) - 1.0*float64(t.paragraphMiss) - 2.0*float64(b2i(t.kindMiss)) +
		0.5*float64(t.lexicalHits) - 1.0*float64(b2i(t.unrelated))
	return 1 / (1 + math.Exp(-odds))
}
