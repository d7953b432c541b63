package align

import (
	"bufio"
	"crypto/sha256"
	"fmt"
	"hash"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
)

// pairsGolden holds, for each set of articles that TestPairsAreAsRecorded
// aligns, the number of pairs and a hash of every sentence and pair, with
// scores to 1e-9: "name<TAB>pairs<TAB>sha256". A change meant to make the
// aligner faster must leave it as it is; one that changes the cost model
// rewrites it with -update, and its commit says why the pairs moved.
const pairsGolden = "testdata/pairs.golden"

// alignmentHash writes the sentences and pairs of a to h and returns the
// number of pairs.
func alignmentHash(h hash.Hash, a Alignment) int {
	for _, s := range a.ZH {
		fmt.Fprintf(h, "z%d:%d-%d ", s.Block, s.Start, s.End)
	}
	for _, s := range a.EN {
		fmt.Fprintf(h, "e%d:%d-%d ", s.Block, s.Start, s.End)
	}
	for _, p := range a.Pairs {
		fmt.Fprintf(h, "%d-%d/%d-%d/%.9f\n", p.ZH.Start, p.ZH.End, p.EN.Start, p.EN.End, p.Score)
	}
	h.Write([]byte("|"))
	return len(a.Pairs)
}

// goldenCase is one set of articles of pairsGolden, aligned with opt.
type goldenCase struct {
	name     string
	articles [][2]*feed.Version
	opt      options
}

// goldenCases returns the articles of pairsGolden: the quality test's
// corpora as translated, edited and with twice the edits, under every
// variant of the signals; the sample articles; the fuzz seeds against each
// other; and the benchmark's article.
func goldenCases(t *testing.T) []goldenCase {
	var cases []goldenCase
	corpora := map[string][]paragraph{"clreq": clreqCorpus(t), "samples": sampleCorpus(t)}
	for _, name := range []string{"clreq", "samples"} {
		for _, ed := range []struct {
			name string
			ed   edits
		}{{"as translated", edits{}}, {"edited", qualityEdits}, {"harder", harderEdits}} {
			built, _ := buildArticles(corpora[name], 25, ed.ed, 1)
			var articles [][2]*feed.Version
			for _, ta := range built {
				articles = append(articles, [2]*feed.Version{&ta.zh, &ta.en})
			}
			for _, v := range variants {
				cases = append(cases, goldenCase{name + ", " + ed.name + ", " + v.name, articles, v.opt})
			}
		}
	}
	var samples [][2]*feed.Version
	for _, a := range sampleArticles(t) {
		samples = append(samples, [2]*feed.Version{a.ZH, a.EN})
	}
	cases = append(cases, goldenCase{"sample articles", samples, defaultOptions})
	seeds := append([]string{"\x00"}, fuzzSeeds...) // "\x00" is a nil version
	files, _ := filepath.Glob("testdata/fuzz/*/*")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for line := range strings.Lines(string(data)) {
			if s, ok := strings.CutPrefix(strings.TrimSpace(line), "string("); ok {
				var text string
				if _, err := fmt.Sscanf(strings.TrimSuffix(s, ")"), "%q", &text); err == nil {
					seeds = append(seeds, text)
				}
			}
		}
	}
	var fuzz [][2]*feed.Version
	for _, z := range seeds {
		for _, e := range seeds {
			fuzz = append(fuzz, [2]*feed.Version{fuzzVersion(z), fuzzVersion(e)})
		}
	}
	cases = append(cases, goldenCase{"fuzz seeds", fuzz, defaultOptions})
	zh, en := bigArticle(t, 10000)
	cases = append(cases, goldenCase{"benchmark article", [][2]*feed.Version{{zh, en}}, defaultOptions})
	return cases
}

// TestPairsAreAsRecorded aligns every article of goldenCases and checks
// that the sentences, pairs and scores are those of pairsGolden.
func TestPairsAreAsRecorded(t *testing.T) {
	if testing.Short() {
		t.Skip("aligns every corpus under every variant")
	}
	var b strings.Builder
	for _, c := range goldenCases(t) {
		h, n := sha256.New(), 0
		for _, a := range c.articles {
			n += alignmentHash(h, align(a[0], a[1], c.opt))
		}
		fmt.Fprintf(&b, "%s\t%d\t%x\n", c.name, n, h.Sum(nil))
	}
	if *update {
		if err := os.WriteFile(pairsGolden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	data, err := os.ReadFile(pairsGolden)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for line := range strings.Lines(string(data)) {
		name, rest, _ := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		want[name] = rest
	}
	sc := bufio.NewScanner(strings.NewReader(b.String()))
	for sc.Scan() {
		name, got, _ := strings.Cut(sc.Text(), "\t")
		if want[name] != got {
			t.Errorf("%s: pairs and hash %s, recorded %s (go test -run PairsAreAsRecorded -update rewrites %s)",
				name, got, want[name], pairsGolden)
		}
	}
}
