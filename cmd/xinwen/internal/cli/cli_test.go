package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run runs xinwen with args and an environment made of vars, and returns
// the exit status and both outputs.
func run(t *testing.T, stdin string, vars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := testEnv(t, vars, &stdout, &stderr)
	env.Stdin = strings.NewReader(stdin)
	code := Run(context.Background(), args, env)
	return code, stdout.String(), stderr.String()
}

// testEnv is an Env made of vars, writing to stdout and stderr, with no
// terminal. XINWEN_TEST_CONFIG and XINWEN_TEST_DB in vars name the
// configuration file and the database; by default neither exists.
func testEnv(t *testing.T, vars map[string]string, stdout, stderr io.Writer) Env {
	t.Helper()
	env := Env{
		Stdin:      strings.NewReader(""),
		Stdout:     stdout,
		Stderr:     stderr,
		Getenv:     func(k string) string { return vars[k] },
		Terminal:   func(io.Writer) (int, bool) { return 0, false },
		ConfigPath: vars["XINWEN_TEST_CONFIG"],
		StorePath:  vars["XINWEN_TEST_DB"],
	}
	if env.ConfigPath == "" {
		env.ConfigPath = filepath.Join(t.TempDir(), "no-config.toml")
	}
	if env.StorePath == "" {
		env.StorePath = filepath.Join(t.TempDir(), "data", "xinwen.db")
	}
	return env
}

func TestListPrintsOneHeadlinePerArticle(t *testing.T) {
	code, out, errOut := run(t, "", nil, "list", "testdata/two.txt", "testdata/feed.xml")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines, got %d:\n%s", len(lines), out)
	}
	for i, l := range lines {
		cols := strings.Split(l, "\t")
		if len(cols) != 4 {
			t.Fatalf("line %d has %d tab-separated columns, want 4: %q", i+1, len(cols), l)
		}
		if cols[0] != string(rune('1'+i)) {
			t.Errorf("line %d: N = %q", i+1, cols[0])
		}
	}
	want := []string{"2024-03-15", "2024-03-20", "2024-04-02"}
	for i, l := range lines {
		if date := strings.Split(l, "\t")[1]; date != want[i] {
			t.Errorf("line %d: date %q, want %q", i+1, date, want[i])
		}
	}
	if langs := strings.Split(lines[2], "\t")[2]; langs != "zh+en" {
		t.Errorf("bilingual RSS item: LANGS %q, want zh+en", langs)
	}
}

func TestListWithoutSourceListsTheSample(t *testing.T) {
	code, out, _ := run(t, "", nil, "list")
	if code != 0 || strings.Count(out, "\n") < 3 {
		t.Fatalf("exit %d, output:\n%s", code, out)
	}
}

func TestExportJSONLines(t *testing.T) {
	code, out, errOut := run(t, "", nil, "export", "testdata/two.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 JSON lines, got %d", len(lines))
	}
	var first map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "link", "published", "keywords", "feed", "zh", "en"} {
		if _, ok := first[k]; !ok {
			t.Errorf("export lacks %q: %s", k, lines[0])
		}
	}
	var a exported
	if err := json.Unmarshal([]byte(lines[0]), &a); err != nil {
		t.Fatal(err)
	}
	if a.Published != "2024-03-15T00:00:00+08:00" {
		t.Errorf("published = %q", a.Published)
	}
	if a.EN == nil || a.EN.Title != "Beijing opens a new subway line" || len(a.EN.Paragraphs) != 2 {
		t.Errorf("en = %+v", a.EN)
	}
	if a.ZH == nil || len(a.ZH.Paragraphs) != 2 {
		t.Errorf("zh = %+v", a.ZH)
	}
	if strings.Join(a.Keywords, "|") != "Beijing|subway|transport" {
		t.Errorf("keywords = %q", a.Keywords)
	}
	for _, p := range append(a.ZH.Paragraphs, a.EN.Paragraphs...) {
		if strings.Contains(p, "Views") || strings.Contains(p, "发表回复") || strings.Contains(p, "邮箱") {
			t.Errorf("debris reached a paragraph: %q", p)
		}
	}
}

func TestExportOmitsUnknownDateAndMissingLanguage(t *testing.T) {
	in := "Title: Only English\n\nNews content:\n\nAn English-only article.\n"
	code, out, errOut := run(t, in, nil, "export", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Contains(out, `"published"`) || strings.Contains(out, `"zh"`) {
		t.Errorf("want no published and no zh: %s", out)
	}
}

func TestFailedSourceDoesNotTakeTheOthersDown(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	missing := filepath.Join(t.TempDir(), "missing.xml")
	code, out, errOut := run(t, "", nil, "list", missing, "testdata/two.txt", srv.URL+"/feed")
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if strings.Count(out, "\n") != 2 {
		t.Errorf("the good source's two articles should still print:\n%s", out)
	}
	errLines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
	if len(errLines) != 2 {
		t.Fatalf("want one error line per failed source, got:\n%s", errOut)
	}
	if !strings.HasPrefix(errLines[0], "xinwen: "+missing+": ") {
		t.Errorf("error should name the file: %q", errLines[0])
	}
	if !strings.HasPrefix(errLines[1], "xinwen: "+srv.URL+"/feed: ") || !strings.Contains(errLines[1], "404") {
		t.Errorf("error should name the URL and the status: %q", errLines[1])
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"list", "--bogus"},
		{"show", "--lang", "fr", "1"},
		{"show", "--ambiguous", "medium", "1"},
		{"show", "--color", "sometimes", "1"},
		{"show"},
		{"show", "testdata/two.txt", "zero"},
		{"help", "nothing"},
	} {
		code, out, errOut := run(t, "", nil, args...)
		if code != 2 || out != "" || !strings.HasPrefix(errOut, "xinwen: ") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}

func TestHelpAndVersion(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"list", "--help"}, {"export", "-h"}, {"show", "--help"}, {"help", "show"}} {
		code, out, _ := run(t, "", nil, args...)
		// fang's styled help: the USAGE block shows the command line.
		want := "xinwen " + args[len(args)-1]
		if args[0] == "--help" {
			want = "xinwen [command]"
		}
		if code != 0 || !strings.Contains(out, "USAGE") || !strings.Contains(out, strings.TrimSuffix(strings.TrimSuffix(want, " --help"), " -h")) || strings.Contains(out, "\x1b") {
			t.Errorf("%q: exit %d, output %q", args, code, out)
		}
		// fang pads its blocks with spaces to 120 columns; a file of the
		// help should not end its lines with them.
		for n, line := range strings.Split(out, "\n") {
			if strings.HasSuffix(line, " ") {
				t.Errorf("%q: line %d ends in spaces: %q", args, n+1, line)
				break
			}
		}
	}
	code, out, _ := run(t, "", nil, "--version")
	if code != 0 || out != "xinwen "+Version+"\n" {
		t.Errorf("--version: exit %d, %q", code, out)
	}
}

func TestShowPlainWhenNotATerminal(t *testing.T) {
	code, out, errOut := run(t, "", map[string]string{"TERM": "xterm-256color"}, "show", "--width", "60", "testdata/two.txt", "1")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if strings.Contains(out, "\x1b") {
		t.Errorf("show printed escape sequences to a non-terminal:\n%q", out)
	}
	if !strings.Contains(out, "北京市") || !strings.Contains(out, "https://example.org/news/2024/03-15/subway.html") {
		t.Errorf("show lacks the text or the link:\n%s", out)
	}
	code, out, _ = run(t, "", map[string]string{"TERM": "xterm-256color"}, "show", "--color", "always", "--width", "60", "--lang", "both", "testdata/two.txt", "1")
	if code != 0 || !strings.Contains(out, "\x1b[") {
		t.Errorf("--color always printed no styling (exit %d)", code)
	}
}

func TestShowMissingArticle(t *testing.T) {
	code, _, errOut := run(t, "", nil, "show", "testdata/two.txt", "9")
	if code != 1 || !strings.Contains(errOut, "no article 9") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestAmbiguousFlag(t *testing.T) {
	tests := []struct {
		args        []string
		wide, found bool
	}{
		{[]string{"xinwen", "show", "--ambiguous", "wide", "1"}, true, true},
		{[]string{"xinwen", "--ambiguous=narrow"}, false, true},
		{[]string{"xinwen", "-ambiguous=wide"}, true, true},
		{[]string{"xinwen", "list", "a.txt"}, false, false},
		{[]string{"xinwen", "--", "--ambiguous=wide"}, false, false},
		{[]string{"xinwen", "--ambiguous"}, false, false},
	}
	for _, tt := range tests {
		wide, found := ambiguousFlag(tt.args)
		if wide != tt.wide || found != tt.found {
			t.Errorf("%q: got (%v, %v), want (%v, %v)", tt.args, wide, found, tt.wide, tt.found)
		}
	}
}

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestConfiguredSourcesAndFlagsBeatTheFile(t *testing.T) {
	path := writeConfig(t, "sources = [\"testdata/two.txt\"]\nlang = \"en\"\n")
	vars := map[string]string{"XINWEN_TEST_CONFIG": path}
	code, out, _ := run(t, "", vars, "list")
	if code != 0 || strings.Count(out, "\n") != 2 || !strings.Contains(out, "北京市") && !strings.Contains(out, "Beijing") {
		t.Fatalf("list with configured sources: exit %d\n%s", code, out)
	}
	_, out, _ = run(t, "", vars, "show", "--width", "70", "1")
	if !strings.Contains(out, "Beijing opened a new subway line") || strings.Contains(out, "市民可以") {
		t.Errorf("lang = en from the file should show the English pane:\n%s", out)
	}
	_, out, _ = run(t, "", vars, "show", "--lang", "zh", "--width", "70", "1")
	if !strings.Contains(out, "市民可以") || strings.Contains(out, "Passengers can ride") {
		t.Errorf("--lang zh should beat the file:\n%s", out)
	}
}

func TestBadConfigIsAUsageErrorNamingFileAndLine(t *testing.T) {
	path := writeConfig(t, "lang = \"zh\"\ncolour = \"never\"\n")
	code, _, errOut := run(t, "", map[string]string{"XINWEN_TEST_CONFIG": path}, "list")
	if code != 2 || !strings.Contains(errOut, path+": line 2: unknown key \"colour\"") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestConfigCommandPrintsEffectiveValues(t *testing.T) {
	path := writeConfig(t, "side_by_side = 120\nbrowser = \"firefox\"\n")
	code, out, _ := run(t, "", map[string]string{"XINWEN_TEST_CONFIG": path}, "config", "--lang", "both")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{path + " (loaded)", `lang = "both"`, "side_by_side = 120", `browser = "firefox"`, `timeout = "15s"`} {
		if !strings.Contains(out, want) {
			t.Errorf("config output lacks %q:\n%s", want, out)
		}
	}
}

func TestErrorsCannotControlTheTerminal(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "evil\x1b]2;pwned\x07\x1b[2J.xml")
	if err := os.WriteFile(name, []byte("<html><body>not a feed</body></html>"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "", nil, "list", "--no-store", name)
	if code != 1 || strings.ContainsAny(errOut, "\x1b\x07") || !strings.Contains(errOut, "evil") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestTrimWriterDropsSpacesThatEndALine(t *testing.T) {
	var b strings.Builder
	w := &trimWriter{w: &b}
	// Spaces split across writes, inside a line, before a newline and at
	// the very end.
	for _, p := range []string{"a  b ", "  \n", "  c", " ", "\n \n", "d   "} {
		if n, err := w.Write([]byte(p)); n != len(p) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", p, n, err)
		}
	}
	if got, want := b.String(), "a  b\n  c\n\nd"; got != want {
		t.Errorf("wrote %q, want %q", got, want)
	}
}
