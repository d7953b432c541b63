package layout

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/x/ansi"
	"github.com/clipperhouse/uax29/v2/graphemes"

	"github.com/xinwen-reader/xinwen/feed"
)

// clusterAt returns the first grapheme cluster of s, by the segmenter x/ansi
// and displaywidth use.
func clusterAt(s string) string {
	return graphemes.FromString(s).First()
}

// sharedDir returns /work/shared as ../shared relative to the repository
// root, or skips the test when it is absent.
func sharedDir(t testing.TB) string {
	t.Helper()
	shared, err := findShared()
	if err != nil {
		t.Skipf("shared material not found: %v", err)
	}
	return shared
}

// findShared returns ../shared relative to the repository root (the folder
// holding go.mod above the working directory), or why it is not there.
func findShared() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above the test directory")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared")
	if _, err := os.Stat(shared); err != nil {
		return "", err
	}
	return shared, nil
}

const modeEnv = "XINWEN_LAYOUT_WIDTH_MODE"

// TestWidthAgreesWithANSI runs TestWidthAgreement in a child process once
// for each ambiguous-width mode. x/ansi reads RUNEWIDTH_EASTASIAN once at
// init, so each mode needs a process whose environment says it.
func TestWidthAgreesWithANSI(t *testing.T) {
	if os.Getenv(modeEnv) != "" {
		t.Skip("child process")
	}
	for _, mode := range []string{"narrow", "wide"} {
		t.Run(mode, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestWidthAgreement$", "-test.v")
			env := []string{modeEnv + "=" + mode}
			for _, kv := range os.Environ() {
				if !strings.HasPrefix(kv, "RUNEWIDTH_EASTASIAN=") && !strings.HasPrefix(kv, modeEnv+"=") {
					env = append(env, kv)
				}
			}
			if mode == "wide" {
				env = append(env, "RUNEWIDTH_EASTASIAN=1")
			}
			cmd.Env = env
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%s mode: %v\n%s", mode, err, out)
			}
			if !strings.Contains(string(out), "--- PASS: TestWidthAgreement") {
				t.Fatalf("%s mode: the child did not run the comparison:\n%s", mode, out)
			}
			t.Logf("%s", lastLines(string(out), 4))
		})
	}
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// TestWidthAgreement compares Metrics.Width with ansi.StringWidth and
// ansi.StringWidthWc on every code point, every emoji sequence, the seed and
// mixed strings, after Normalize. It only runs as a child of
// TestWidthAgreesWithANSI.
func TestWidthAgreement(t *testing.T) {
	mode := os.Getenv(modeEnv)
	if mode == "" {
		t.Skip("runs as a child of TestWidthAgreesWithANSI")
	}
	wide := mode == "wide"
	if got := ansi.StringWidth("“"); (got == 2) != wide {
		t.Fatalf("x/ansi is not in %s mode: “ is %d columns", mode, got)
	}
	m := NewMetrics(wide)
	shared, sharedErr := findShared()
	var bad []string
	checked := 0
	check := func(what, in string) {
		s := m.Normalize(in)
		checked++
		got, g, wc := m.Width(s), ansi.StringWidth(s), ansi.StringWidthWc(s)
		if got != g || got != wc {
			bad = append(bad, fmt.Sprintf("%s %+q -> %+q: Width %d, StringWidth %d, StringWidthWc %d", what, in, s, got, g, wc))
		}
	}
	var points []rune
	if sharedErr == nil {
		points = codePoints(t, shared)
		for _, seq := range emojiSequences(t, shared) {
			check("emoji", seq)
			check("emoji in text", "看"+seq+"ok"+seq+seq)
		}
		for _, p := range seedParagraphs(t) {
			check("seed", p)
		}
	} else {
		// Without the Unicode data files, every BMP code point that Go's
		// tables call assigned and visible stands in for them.
		t.Logf("shared material not found (%v): checking Go's assigned BMP code points instead of the UCD files", sharedErr)
		for r := rune(0xA0); r < 0x10000; r++ {
			if isAssigned(r) && !unicode.Is(unicode.Cs, r) && !unicode.Is(unicode.Cc, r) && r&0xFFFE != 0xFFFE {
				points = append(points, r)
			}
		}
	}
	for _, r := range points {
		c := string(r)
		check("code point", c)
		check("after a", "a"+c)
		check("before a", c+"a")
		check("doubled", "中"+c+c)
		check("after mark", "x\u0301"+c+"字")
	}
	for _, a := range feed.Sample() {
		for _, v := range []*feed.Version{a.ZH, a.EN} {
			if v == nil {
				continue
			}
			check("sample title", v.Title)
			for _, b := range v.Blocks {
				check("sample", b.Text)
			}
		}
	}
	for _, s := range mixedStrings {
		check("mixed", s)
	}
	t.Logf("%s mode: %d code points, %d strings checked, %d disagreements", mode, len(points), checked, len(bad))
	for i, b := range bad {
		if i == 60 {
			t.Errorf("... and %d more", len(bad)-i)
			break
		}
		t.Error(b)
	}
}

var mixedStrings = []string{
	"他说：“你好。”我们走吧……——好！",
	"e\u0301te\u0301 café naïve",
	"\u0301lone mark at the start",
	"👍🏽 ok 👨‍👩‍👧 family ❤️ heart ☺︎ text",
	"🇨🇳🇺🇸 flags 🇦 alone",
	"1️⃣ #️⃣ keycaps",
	"soft\u00adhyphen",
	"\u0600123 Arabic number sign",
	"क्षत्रिय हिन्दी",
	"ᄀᄀ 가각 ᄀ\u1161\u11a8",
	"ｶﾞｷﾞ halfwidth kana",
	"Ω≈ç√∫˜µ≤≥÷ åß∂ƒ©˙∆˚¬… ─│┌┐ ①②③ ※",
	"\u3000全角空格\u3000",
	"\U00020000\U0002A6D6 CJK Ext B",
}

// codePoints returns every code point listed in the EastAsianWidth.txt files,
// without surrogates, noncharacters and controls (feed.Clean removes those).
func codePoints(t *testing.T, shared string) []rune {
	t.Helper()
	seen := make(map[rune]bool)
	var out []rune
	files, _ := filepath.Glob(filepath.Join(shared, "unicode", "*", "EastAsianWidth.txt"))
	if len(files) == 0 {
		t.Skip("no EastAsianWidth.txt under shared/unicode")
	}
	for _, f := range files {
		for _, line := range readLines(t, f) {
			field, _, ok := strings.Cut(line, ";")
			if !ok || strings.HasPrefix(line, "#") {
				continue
			}
			lo, hi, _ := strings.Cut(strings.TrimSpace(field), "..")
			if hi == "" {
				hi = lo
			}
			a, err1 := strconv.ParseUint(lo, 16, 32)
			b, err2 := strconv.ParseUint(hi, 16, 32)
			if err1 != nil || err2 != nil {
				t.Fatalf("%s: bad range %q", f, field)
			}
			for r := rune(a); r <= rune(b); r++ {
				if seen[r] || skipCodePoint(r) {
					continue
				}
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	return out
}

func skipCodePoint(r rune) bool {
	switch {
	case r >= 0xD800 && r <= 0xDFFF: // surrogates
		return true
	case r&0xFFFE == 0xFFFE, r >= 0xFDD0 && r <= 0xFDEF: // noncharacters
		return true
	case r < 0x20, r >= 0x7F && r < 0xA0: // controls, removed by feed.Clean
		return true
	}
	return false
}

// emojiSequences returns every sequence of emoji-test.txt.
func emojiSequences(t *testing.T, shared string) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(shared, "unicode", "*", "emoji", "emoji-test.txt"))
	if len(files) == 0 {
		t.Skip("no emoji-test.txt under shared/unicode")
	}
	var out []string
	for _, f := range files {
		for _, line := range readLines(t, f) {
			field, _, ok := strings.Cut(line, ";")
			if !ok || strings.HasPrefix(line, "#") {
				continue
			}
			var b strings.Builder
			for _, h := range strings.Fields(field) {
				v, err := strconv.ParseUint(h, 16, 32)
				if err != nil {
					t.Fatalf("%s: bad code point %q", f, h)
				}
				b.WriteRune(rune(v))
			}
			out = append(out, b.String())
		}
	}
	return out
}

func readLines(t testing.TB, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return lines
}

// seedParagraphs returns the non-empty lines of the seed articles.
func seedParagraphs(t testing.TB) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(sharedDir(t), "seed", "*.txt"))
	if len(files) == 0 {
		t.Skip("no seed articles")
	}
	var out []string
	for _, f := range files {
		for _, line := range readLines(t, f) {
			if strings.TrimSpace(line) != "" {
				out = append(out, line)
			}
		}
	}
	return out
}

func TestWidthBasics(t *testing.T) {
	narrow, wide := NewMetrics(false), NewMetrics(true)
	cases := []struct {
		s            string
		narrow, wide int
	}{
		{"", 0, 0},
		{"hello", 5, 5},
		{"中文", 4, 4},
		{"“你好”", 6, 8},
		{"……——", 4, 8},
		{"·", 1, 2},
		{"─│", 2, 4},
		{"\x1b[1;31m红\x1b[0m", 2, 2},
		{"\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\", 4, 4},
		{"\x1b]8;;https://example.com\alink\x1b]8;;\a", 4, 4},
		{"e\u0301", 1, 1},
		{"👍", 2, 2},
		{"４.１万", 7, 7},
	}
	for _, c := range cases {
		if got := narrow.Width(c.s); got != c.narrow {
			t.Errorf("narrow Width(%q) = %d, want %d", c.s, got, c.narrow)
		}
		if got := wide.Width(c.s); got != c.wide {
			t.Errorf("wide Width(%q) = %d, want %d", c.s, got, c.wide)
		}
	}
	if narrow.AmbiguousWide() || !wide.AmbiguousWide() {
		t.Error("AmbiguousWide does not report the mode")
	}
	var zero Metrics
	if got := zero.Width("中a"); got != 3 {
		t.Errorf("zero Metrics Width = %d, want 3 (narrow)", got)
	}
}

func TestTruncate(t *testing.T) {
	m := NewMetrics(false)
	cases := []struct {
		s    string
		w    int
		tail string
		want string
	}{
		{"hello", 10, "…", "hello"},
		{"hello world", 8, "…", "hello w…"},
		{"中文新闻阅读", 7, "…", "中文新…"},
		{"中文新闻阅读", 8, "…", "中文新…"},
		{"中文", 1, "…", "…"},
		{"abc", 0, "…", ""},
		{"abc", 2, "……", "……"},
		{"e\u0301e\u0301e\u0301", 2, "", "e\u0301e\u0301"},
		{"\x1b[31m红色文字\x1b[0m", 5, "…", "\x1b[31m红色…\x1b[0m"},
		{"\x1b]8;;u\x1b\\链接文字\x1b]8;;\x1b\\", 4, "", "\x1b]8;;u\x1b\\链接\x1b]8;;\x1b\\"},
	}
	for _, c := range cases {
		got := m.Truncate(c.s, c.w, c.tail)
		if got != c.want {
			t.Errorf("Truncate(%q, %d, %q) = %q, want %q", c.s, c.w, c.tail, got, c.want)
		}
		if c.w > 0 && m.Width(got) > c.w {
			t.Errorf("Truncate(%q, %d) is %d wide", c.s, c.w, m.Width(got))
		}
	}
}

func TestPadRight(t *testing.T) {
	m := NewMetrics(false)
	if got := m.PadRight("中a", 6); got != "中a   " {
		t.Errorf("PadRight = %q", got)
	}
	if got := m.PadRight("\x1b[1m中\x1b[m", 3); got != "\x1b[1m中\x1b[m " {
		t.Errorf("PadRight styled = %q", got)
	}
	if got := m.PadRight("toolong", 3); got != "toolong" {
		t.Errorf("PadRight too long = %q", got)
	}
}

// TestPlainRunes checks the fast-path claim of runeTable.plain: a plain rune
// never joins a neighbour in a grapheme cluster.
func TestPlainRunes(t *testing.T) {
	tab := tableFor(false)
	for r := rune(0); r < 0x10000; r++ {
		if !tab.plain(r) {
			continue
		}
		s := "a" + string(r) + "一" + string(r) + string(r) + "\u0600"
		n := 0
		for i := 0; i < len(s); n++ {
			i += len(clusterAt(s[i:]))
		}
		if n != 6 {
			t.Errorf("U+%04X is marked plain but %+q has %d clusters, want 6", r, s, n)
		}
	}
}

// TestPrependMatchesSegmenter checks prependRanges against the segmenter:
// exactly the Prepend code points join the character after them.
func TestPrependMatchesSegmenter(t *testing.T) {
	for r := rune(0x80); r < 0x110000; r++ {
		if skipCodePoint(r) {
			continue
		}
		s := string(r) + "a"
		joins := clusterAt(s) == s
		if joins != isPrepend(r) {
			t.Errorf("U+%04X: joins the next rune %v, isPrepend %v", r, joins, isPrepend(r))
		}
	}
}
