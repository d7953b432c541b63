package cli

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xinwen-reader/xinwen/tui/layout"
)

// seedPath is the copy of the original bilingual article in the built-in
// sample (article 1 of `xinwen list` without sources).
const seedPath = "../../../../feed/sample/000_20ace1429fac22ad.txt"

// mergedSeed writes the seed with its first two English paragraphs merged
// into one, and returns the file's path.
func mergedSeed(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(seedPath)
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	cut := "strength in combating telecom fraud crimes.\n\nIn recent years"
	if strings.Count(text, cut) != 1 {
		t.Fatalf("%s: the end of the first English paragraph is not where the test expects it", seedPath)
	}
	text = strings.Replace(text, cut, "strength in combating telecom fraud crimes. In recent years", 1)
	path := filepath.Join(t.TempDir(), "merged.txt")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// jsonPairs parses align's jsonl output.
func jsonPairs(t *testing.T, out string) []alignedPair {
	t.Helper()
	var pairs []alignedPair
	for i, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if l == "" {
			continue
		}
		var p alignedPair
		if err := json.Unmarshal([]byte(l), &p); err != nil {
			t.Fatalf("line %d is not a JSON pair: %v: %q", i+1, err, l)
		}
		pairs = append(pairs, p)
	}
	return pairs
}

func TestAlignPrintsTheSeedsSentencePairs(t *testing.T) {
	code, out, errOut := run(t, "", map[string]string{"XINWEN_NO_STORE": "1"}, "align", "1")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	pairs := jsonPairs(t, out)
	if len(pairs) != 8 {
		t.Fatalf("the seed has 8 sentences on each side, translated one by one; got %d pairs:\n%s", len(pairs), out)
	}
	want := []alignedPair{
		1: {ZH: "截至目前,缅北相关地方执法部门已向我方移交犯罪嫌疑人4.1万余名。",
			EN: "To date, relevant law enforcement departments in Myanmar have transferred more than 41,000 suspects to China."},
		3: {ZH: "近年来,缅北地区电信网络诈骗犯罪活动猖獗,对我国人民群众财产安全构成严重威胁。",
			EN: "In recent years, telecom fraud activities in Myanmar have been rampant and pose a serious threat to the property safety of Chinese citizens."},
	}
	for i, w := range want {
		if w.ZH == "" {
			continue
		}
		if pairs[i].ZH != w.ZH || pairs[i].EN != w.EN {
			t.Errorf("pair %d is\n%q\n%q\nwant\n%q\n%q", i+1, pairs[i].ZH, pairs[i].EN, w.ZH, w.EN)
		}
	}
	for i, p := range pairs {
		if p.Article != 1 || p.Score <= 0 || p.Score > 1 || p.ZH == "" || p.EN == "" {
			t.Errorf("pair %d: %+v", i+1, p)
		}
	}
	if !strings.HasPrefix(pairs[7].ZH, "为进一步加强") || !strings.HasPrefix(pairs[7].EN, "To further strengthen") {
		t.Errorf("the last pair is not the last paragraph: %+v", pairs[7])
	}
}

// TestAlignJoinsMergedSentencesAsInTheText: where the aligner pairs two
// sentences of one side with one of the other, they are printed as they
// stood: Chinese with nothing between, English with one space.
func TestAlignJoinsMergedSentencesAsInTheText(t *testing.T) {
	src := filepath.Join(t.TempDir(), "two.txt")
	text := "今天下雨。雨很大。\n\nTitle: Rain\n\nNews content:\n\nIt rained heavily today, and the streets flooded for hours.\n"
	if err := os.WriteFile(src, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "", map[string]string{"XINWEN_NO_STORE": "1"}, "align", src)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	pairs := jsonPairs(t, out)
	var zh, en []string
	for _, p := range pairs {
		if p.ZH != "" {
			zh = append(zh, p.ZH)
		}
		if p.EN != "" {
			en = append(en, p.EN)
		}
	}
	if strings.Join(zh, "") != "今天下雨。雨很大。" || strings.Join(en, " ") != "It rained heavily today, and the streets flooded for hours." {
		t.Errorf("the pairs lose or change text: %+v", pairs)
	}
	for _, p := range pairs {
		if strings.Contains(p.ZH, "。 ") {
			t.Errorf("Chinese sentences joined with a space: %q", p.ZH)
		}
	}
}

func TestAlignOneLanguageArticleSaysSoOnStderr(t *testing.T) {
	code, out, errOut := run(t, "", map[string]string{"XINWEN_NO_STORE": "1"}, "align", "4")
	if code != 0 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if errOut != "xinwen: align: article 4 is in Chinese only: nothing to align\n" {
		t.Errorf("stderr %q", errOut)
	}
	code, out, errOut = run(t, "", map[string]string{"XINWEN_NO_STORE": "1"}, "align")
	if code != 0 {
		t.Fatalf("align of the whole sample: exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(errOut, "article 4 is in Chinese only") || !strings.Contains(errOut, "article 5 is in English only") ||
		strings.Count(errOut, "\n") != 2 {
		t.Errorf("stderr %q", errOut)
	}
	articles := map[int]bool{}
	for _, p := range jsonPairs(t, out) {
		articles[p.Article] = true
	}
	if len(articles) != 3 || !articles[1] || !articles[2] || !articles[3] {
		t.Errorf("pairs printed for articles %v, want 1, 2 and 3", articles)
	}
}

func TestAlignExitStatusIsLists(t *testing.T) {
	vars := map[string]string{"XINWEN_NO_STORE": "1"}
	missing := filepath.Join(t.TempDir(), "missing.txt")
	code, out, errOut := run(t, "", vars, "align", "testdata/two.txt", missing)
	if code != 1 || !strings.Contains(errOut, "missing.txt") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("a failed source: exit %d, stderr %q", code, errOut)
	}
	if len(jsonPairs(t, out)) == 0 {
		t.Errorf("the good source's pairs are not printed")
	}
	if code, _, errOut = run(t, "", vars, "align", "99"); code != 1 || !strings.Contains(errOut, "there is no article 99") {
		t.Errorf("align 99: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut = run(t, "", vars, "align", "--format", "csv"); code != 2 || !strings.Contains(errOut, `--format: "csv" is not jsonl, tsv, tmx`) {
		t.Errorf("--format csv: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut = run(t, "", vars, "align", "0"); code != 2 {
		t.Errorf("align 0: exit %d, stderr %q", code, errOut)
	}
}

func TestAlignTSVIsOnePairPerLine(t *testing.T) {
	vars := map[string]string{"XINWEN_NO_STORE": "1"}
	_, js, _ := run(t, "", vars, "align")
	code, tsv, _ := run(t, "", vars, "align", "--format", "tsv")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	pairs := jsonPairs(t, js)
	rows := strings.Split(strings.TrimSuffix(tsv, "\n"), "\n")
	if len(rows) != len(pairs) {
		t.Fatalf("%d TSV rows for %d pairs", len(rows), len(pairs))
	}
	for i, r := range rows {
		if r != tsvField(pairs[i].ZH)+"\t"+tsvField(pairs[i].EN) {
			t.Errorf("row %d: %q", i+1, r)
		}
	}
	if got := tsvField("a\tb\nc\r\nd"); got != "a b c  d" {
		t.Errorf("tsvField: %q", got)
	}
}

// tmxFile is what TestAlignTMXParsesBack reads of a TMX document.
type tmxFile struct {
	XMLName xml.Name `xml:"tmx"`
	Version string   `xml:"version,attr"`
	Header  struct {
		Tool        string `xml:"creationtool,attr"`
		ToolVersion string `xml:"creationtoolversion,attr"`
		SrcLang     string `xml:"srclang,attr"`
		SegType     string `xml:"segtype,attr"`
		AdminLang   string `xml:"adminlang,attr"`
		DataType    string `xml:"datatype,attr"`
		OTMF        string `xml:"o-tmf,attr"`
	} `xml:"header"`
	TUs []struct {
		Props []struct {
			Type  string `xml:"type,attr"`
			Value string `xml:",chardata"`
		} `xml:"prop"`
		TUVs []struct {
			Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
			Seg  string `xml:"seg"`
		} `xml:"tuv"`
	} `xml:"body>tu"`
}

func TestAlignTMXParsesBack(t *testing.T) {
	src := filepath.Join(t.TempDir(), "marks.txt")
	text := "“A&B”公司宣布<新品>。价格为5美元。\n\nTitle: A&B\n\nNews content:\n\n" +
		"The \"A&B\" company announced <new products>. The price is $5 & 'tax'.\n"
	if err := os.WriteFile(src, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"XINWEN_NO_STORE": "1"}
	_, js, _ := run(t, "", vars, "align", src, seedPath)
	code, out, errOut := run(t, "", vars, "align", "--format", "tmx", src, seedPath)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var doc tmxFile
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("the TMX is not well-formed: %v\n%s", err, out)
	}
	h := doc.Header
	if doc.Version != "1.4" || h.Tool != "xinwen" || h.ToolVersion != Version || h.SrcLang != "zh-CN" ||
		h.SegType != "sentence" || h.AdminLang == "" || h.DataType == "" || h.OTMF == "" {
		t.Errorf("header: version %q, %+v", doc.Version, h)
	}
	pairs := jsonPairs(t, js)
	if len(doc.TUs) != len(pairs) || len(pairs) < 9 {
		t.Fatalf("%d <tu> for %d pairs", len(doc.TUs), len(pairs))
	}
	for i, tu := range doc.TUs {
		p := pairs[i]
		if len(tu.TUVs) != 2 || tu.TUVs[0].Lang != "zh-CN" || tu.TUVs[1].Lang != "en" {
			t.Fatalf("tu %d: %+v", i+1, tu.TUVs)
		}
		if tu.TUVs[0].Seg != p.ZH || tu.TUVs[1].Seg != p.EN {
			t.Errorf("tu %d reads back as %q / %q, want %q / %q", i+1, tu.TUVs[0].Seg, tu.TUVs[1].Seg, p.ZH, p.EN)
		}
		props := map[string]string{}
		for _, pr := range tu.Props {
			props[pr.Type] = pr.Value
		}
		if props["x-article"] == "" || props["x-score"] == "" {
			t.Errorf("tu %d: properties %v", i+1, props)
		}
	}
	if !strings.Contains(out, "&lt;new products&gt;") || !strings.Contains(out, "&#34;A&amp;B&#34;") {
		t.Errorf("the markup in the text is not escaped:\n%s", out)
	}
}

// TestShowBothGroupsTheMergedSeed is the "done when" of alignment: with two
// English paragraphs merged into one, `show --lang both` still shows every
// Chinese paragraph beside its translation: Chinese paragraphs 0 and 1
// beside the merged paragraph, from its row; each later one on the row of
// its own translation.
func TestShowBothGroupsTheMergedSeed(t *testing.T) {
	vars := map[string]string{"XINWEN_NO_STORE": "1"}
	code, out, errOut := run(t, "", vars, "show", "--lang", "both", "--width", "160", mergedSeed(t), "1")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	mt := layout.NewMetrics(false)
	// The row each paragraph starts on, found by its first words in the
	// left or the right column.
	rowOf := func(right bool, start string) int {
		t.Helper()
		for i, l := range strings.Split(out, "\n") {
			left, rest, ok := strings.Cut(l, "│")
			if !ok {
				continue
			}
			cell := left
			if right {
				cell = rest
			}
			if strings.HasPrefix(strings.TrimSpace(cell), start) && (right || mt.Width(left) > 0) {
				return i
			}
		}
		t.Fatalf("no row starts with %q:\n%s", start, out)
		return -1
	}
	zh := []int{rowOf(false, "近日,公安部"), rowOf(false, "近年来,缅北"), rowOf(false, "在此次打击"), rowOf(false, "为进一步加强")}
	en := []int{rowOf(true, "Recently, the"), rowOf(true, "In this strike"), rowOf(true, "To further")}
	if zh[0] != en[0] {
		t.Errorf("Chinese paragraph 0 starts on row %d, the merged English paragraph on %d", zh[0], en[0])
	}
	if !(zh[0] < zh[1] && zh[1] < en[1]) {
		t.Errorf("Chinese paragraph 1 (row %d) is not beside the merged paragraph (rows %d to %d)", zh[1], en[0], en[1])
	}
	if zh[2] != en[1] || zh[3] != en[2] {
		t.Errorf("later paragraphs are not beside their translations: Chinese rows %v, English rows %v\n%s", zh, en, out)
	}
}
