package feed

import (
	"bytes"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestSampleFilesParseCleanly guarantees that Sample never meets a parse
// error at run time: each embedded file must give articles and no error.
func TestSampleFilesParseCleanly(t *testing.T) {
	entries, err := textSampleFiles.ReadDir("sample")
	if err != nil || len(entries) == 0 {
		t.Fatalf("no sample files: %v", err)
	}
	for _, e := range entries {
		data, err := textSampleFiles.ReadFile(path.Join("sample", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(data) || bytes.HasPrefix(data, []byte("\ufeff")) {
			t.Errorf("%s: not plain UTF-8", e.Name())
		}
		if !LooksLikeText(string(data)) {
			t.Errorf("%s: LooksLikeText is false", e.Name())
		}
		articles, err := ParseText(e.Name(), string(data))
		if err != nil || len(articles) != 1 {
			t.Errorf("%s: %d articles, %v", e.Name(), len(articles), err)
		}
	}
}

func TestSample(t *testing.T) {
	articles := Sample()
	if len(articles) != 5 {
		t.Fatalf("Sample() has %d articles, want 5", len(articles))
	}
	langs := map[string]int{}
	longest := 0
	for i, a := range articles {
		textCheckArticle(t, "sample", i, a)
		langs[a.Languages()]++
		if a.Published.IsZero() {
			t.Errorf("article %d (%s) has no date", i, a.Title())
		}
		if a.Title() == "" || a.Link == "" || len(a.Keywords) == 0 {
			t.Errorf("article %d: title %q, link %q, keywords %q", i, a.Title(), a.Link, a.Keywords)
		}
		if !strings.HasPrefix(a.Link, "https://en.wikipedia.org/") && !strings.HasPrefix(a.Link, "https://zh.wikipedia.org/") && i != 0 {
			t.Errorf("article %d links to %s; samples link only to Wikipedia", i, a.Link)
		}
		for _, v := range []*Version{a.ZH, a.EN} {
			if v != nil {
				longest = max(longest, len(v.Blocks))
			}
		}
	}
	if langs["zh"] != 1 || langs["en"] != 1 || langs["zh+en"] != 3 {
		t.Errorf("languages %v, want one Chinese-only, one English-only and three bilingual", langs)
	}
	if longest < 12 {
		t.Errorf("longest sample has %d paragraphs, want a long one of 12", longest)
	}
	if articles[0].Link != "http://www.chinanews.com/gn/2024/01-09/10142661.shtml" {
		t.Errorf("first sample is %q, want the seed article", articles[0].Link)
	}
	for _, a := range articles {
		if a.ZH != nil && a.EN != nil && len(a.ZH.Blocks) != len(a.EN.Blocks) {
			t.Errorf("%s: %d Chinese and %d English paragraphs; a translation should match paragraph for paragraph",
				a.Title(), len(a.ZH.Blocks), len(a.EN.Blocks))
		}
	}
}

// TestSampleSeedIsACopy checks that the first sample file is the original
// article byte for byte.
func TestSampleSeedIsACopy(t *testing.T) {
	const name = "000_20ace1429fac22ad.txt"
	seed, err := os.ReadFile(filepath.Join(textRepoRoot(t), "..", "shared", "seed", name))
	if os.IsNotExist(err) {
		t.Skipf("seed article not available: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	embedded, err := textSampleFiles.ReadFile("sample/" + name)
	if err != nil || !bytes.Equal(seed, embedded) {
		t.Errorf("sample/%s differs from the seed (%v)", name, err)
	}
}
