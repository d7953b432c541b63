package align

import (
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/xinwen-reader/xinwen/feed"
)

func TestEmbeddedDictionaryReads(t *testing.T) {
	l, err := readLexicon(dictGz)
	if err != nil {
		t.Fatalf("dict.gz: %v", err)
	}
	if n := len(l.stemAt) - 1; n < 90000 {
		t.Errorf("dict.gz has %d headwords, want the 99,000 or so of CC-CEDICT", n)
	}
	if _, err := readLexicon([]byte("not gzip")); err == nil {
		t.Error("readLexicon accepts data that is not gzip")
	}
}

func TestChineseWordsByLongestMatch(t *testing.T) {
	l := loadLexicon()
	for _, c := range []struct {
		text string
		want []string // an English stem of each word found, in order
	}{
		{"文本或文字靠近版面结尾的一端。", []string{"text", "character", "approach", "layout", "end"}},
		{"中国高铁网", []string{"china", "rail"}},
		{"Unicode名称", []string{"name"}},
		{"abc，。", nil},
	} {
		words := l.zhWords(nil, c.text)
		if len(words) != len(c.want) {
			t.Errorf("%s: %d words, want %d", c.text, len(words), len(c.want))
			continue
		}
		for k, e := range words {
			id, ok := l.stemID([]byte(stem(c.want[k])))
			if !ok || !slices.Contains(l.stemsOf(e), id) {
				t.Errorf("%s: word %d lacks the gloss %q", c.text, k+1, c.want[k])
			}
		}
	}
}

func TestStemJoinsFormsOfAWord(t *testing.T) {
	for _, forms := range [][]string{
		{"line", "lines", "lined"},
		{"begin", "beginning", "begins"},
		{"study", "studies"},
		{"stop", "stopped", "stopping"},
		{"punctuation", "punctuations"},
		{"end", "ending", "ends", "ended"},
	} {
		for _, f := range forms[1:] {
			if stem(f) != stem(forms[0]) {
				t.Errorf("stem(%q) = %q, stem(%q) = %q: want the same", f, stem(f), forms[0], stem(forms[0]))
			}
		}
	}
	if stem("pass") == stem("pas") || stem("bus") != "bus" {
		t.Errorf("stem takes the s off pass or bus: %q, %q", stem("pass"), stem("bus"))
	}
}

func TestEnglishStemsNeedTheDictionary(t *testing.T) {
	l := loadLexicon()
	ids := l.enStems(nil, "The END of a Line, xyzzyq and über-text")
	for _, w := range []string{"end", "line", "text"} {
		id, ok := l.stemID([]byte(stem(w)))
		if !ok || !slices.Contains(ids, id) {
			t.Errorf("enStems misses %q", w)
		}
	}
	if len(ids) != 3 {
		t.Errorf("enStems found %d stems, want 3 (the, of, a and the unknown word have none)", len(ids))
	}
}

// TestDictionaryTellsEndFromBeginning: two glossary entries of the same
// length, "the end near the head of the line" and "near its end", of which
// the translation keeps one. Lengths, anchors and paragraphs cannot tell
// which; 结尾 (end) in the dictionary can, in either order.
func TestDictionaryTellsEndFromBeginning(t *testing.T) {
	head, end := "文字靠近行开头的一端。", "文字靠近行结尾的一端。"
	en := paragraphs("Line head and line end", "The side of the text near the end of a line.",
		"Together they are the two ends of the line.")
	for _, order := range [][2]string{{head, end}, {end, head}} {
		zh := paragraphs("行头与行尾", order[0], order[1], "以上两端合称行的两端。")
		a := Article(zh, en)
		checkAlignment(t, a, zh, en)
		want := Pair{ZH: Range{1, 2}, EN: Range{1, 2}}
		if order[1] == end {
			want.ZH = Range{2, 3}
		}
		found := false
		for _, p := range a.Pairs {
			found = found || (p.ZH == want.ZH && p.EN == want.EN)
		}
		if !found {
			t.Errorf("%s is not paired with %q: %v", zh.Blocks[want.ZH.Start].Text, en.Blocks[1].Text, a.Pairs)
		}
	}
}

// paragraphs returns a version of one paragraph per text.
func paragraphs(texts ...string) *feed.Version {
	v := &feed.Version{}
	for _, s := range texts {
		v.Blocks = append(v.Blocks, feed.Block{Kind: feed.Paragraph, Text: s})
	}
	return v
}

func BenchmarkLoadLexicon(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := readLexicon(dictGz); err != nil {
			b.Fatal(err)
		}
	}
}

// TestHanLeadBytesBoundTheHeadwords checks the bytes by which zhWords
// tells where no Han character starts.
func TestHanLeadBytesBoundTheHeadwords(t *testing.T) {
	if first, last := string(rune(hanFirst))[0], string(rune(hanLast))[0]; first != hanLead || last != hanLastLead {
		t.Errorf("hanFirst and hanLast start with %#x and %#x, hanLead and hanLastLead say %#x and %#x",
			first, last, hanLead, hanLastLead)
	}
}

// TestHanAtDecodesAsUTF8 checks hanAt against utf8's decoder at every
// three bytes from a set that makes Han characters at both ends of
// [hanFirst, hanLast], their neighbours outside it, continuation bytes
// missing or stray, and text that ends inside a character.
func TestHanAtDecodesAsUTF8(t *testing.T) {
	set := []byte{'a', 0x80, 0x8f, 0x90, 0xbf, 0xc0, 0xe2, 0xe3, 0xe4, 0xe9, 0xea, 0xed, 0xef, 0xf0}
	for _, a := range set {
		for _, b := range set {
			for _, c := range set {
				for n := 1; n <= 3; n++ {
					s := string([]byte{a, b, c})[:n]
					r, size := utf8.DecodeRuneInString(s)
					want := isHan(r)
					got, ok := hanAt(s, 0)
					if ok != want || ok && (got != r || size != 3) {
						t.Errorf("hanAt(%q) = %U, %v; utf8 decodes %U of %d bytes", s, got, ok, r, size)
					}
				}
			}
		}
	}
	for _, s := range []string{"\u3400", "\u9fff", "\u33ff", "\ua000", "汉"} {
		r, _ := utf8.DecodeRuneInString(s)
		if got, ok := hanAt(s, 0); ok != isHan(r) || ok && got != r {
			t.Errorf("hanAt(%q) = %U, %v", s, got, ok)
		}
	}
}
