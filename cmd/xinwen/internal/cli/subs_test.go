package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// subsEnv is the environment of a test with its own database.
func subsEnv(t *testing.T) map[string]string {
	t.Helper()
	return map[string]string{"XINWEN_TEST_DB": filepath.Join(t.TempDir(), "xinwen.db")}
}

// mustRun runs xinwen and fails the test unless the exit status is want.
func mustRun(t *testing.T, vars map[string]string, want int, args ...string) (string, string) {
	t.Helper()
	code, out, errOut := run(t, "", vars, args...)
	if code != want {
		t.Fatalf("%q: exit %d, want %d; stdout %q, stderr %q", args, code, want, out, errOut)
	}
	return out, errOut
}

func feedLines(t *testing.T, vars map[string]string) [][]string {
	t.Helper()
	out, _ := mustRun(t, vars, 0, "feeds")
	var rows [][]string
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if l != "" {
			rows = append(rows, strings.Split(l, "\t"))
		}
	}
	return rows
}

func TestAddKeepsTitleAndTagsAndMergesDuplicates(t *testing.T) {
	vars := subsEnv(t)
	mustRun(t, vars, 0, "add", "https://example.org/a.xml", "--title", "甲 A", "--tag", "news")
	mustRun(t, vars, 0, "add", "--tag", "zh", "https://example.org/a.xml")
	mustRun(t, vars, 0, "add", "https://example.org/b.xml")
	rows := feedLines(t, vars)
	if len(rows) != 2 {
		t.Fatalf("want 2 feeds (the duplicate merged), got %q", rows)
	}
	if got := strings.Join(rows[0], "|"); got != "1|0|0|甲 A|https://example.org/a.xml" {
		t.Errorf("first feed line %q", got)
	}
	if rows[1][3] != "-" || rows[1][4] != "https://example.org/b.xml" {
		t.Errorf("a feed without title: %q", rows[1])
	}
	out, _ := mustRun(t, vars, 0, "export", "--opml")
	if !strings.Contains(out, `"news"`) || !strings.Contains(out, `"zh"`) {
		t.Errorf("the merged tags are not both kept:\n%s", out)
	}
}

func TestAddRefusesWhatIsNotAFeed(t *testing.T) {
	vars := subsEnv(t)
	for _, src := range []string{"exec:rm -rf ~", "javascript:alert(1)", "|cat /etc/passwd", "file:///dev/zero"} {
		_, errOut := mustRun(t, vars, exitUsage, "add", src)
		if !strings.HasPrefix(errOut, "xinwen: add: ") || !strings.Contains(errOut, errNotLocalOrHTTP.Error()) {
			t.Errorf("%q: stderr %q", src, errOut)
		}
	}
	if rows := feedLines(t, vars); len(rows) != 0 {
		t.Errorf("refused sources were subscribed: %q", rows)
	}
}

func TestRemoveBySourceAndByNumber(t *testing.T) {
	vars := subsEnv(t)
	for _, u := range []string{"https://example.org/1", "https://example.org/2", "https://example.org/3"} {
		mustRun(t, vars, 0, "add", u)
	}
	mustRun(t, vars, 0, "remove", "https://example.org/2")
	out, _ := mustRun(t, vars, 0, "remove", "1")
	if out != "removed 1 https://example.org/1\n" {
		t.Errorf("remove 1 printed %q", out)
	}
	rows := feedLines(t, vars)
	if len(rows) != 1 || rows[0][4] != "https://example.org/3" {
		t.Errorf("after removing two: %q", rows)
	}
	_, errOut := mustRun(t, vars, exitFailed, "remove", "https://example.org/nothing")
	if !strings.Contains(errOut, "no such subscription") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("removing nothing: %q", errOut)
	}
}

// feedServer serves rssFeed at /ok and 500 at /bad.
func feedServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ok" {
			http.Error(w, "broken", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(rssFeed))
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestRefreshFetchesTheOthersAndExitsOneWhenAFeedFails(t *testing.T) {
	vars := subsEnv(t)
	srv := feedServer(t)
	mustRun(t, vars, 0, "add", srv.URL+"/ok")
	mustRun(t, vars, 0, "add", srv.URL+"/bad")
	out, errOut := mustRun(t, vars, exitFailed, "refresh")
	if out != "refreshed 1 feeds: 2 new articles, 1 failed\n" {
		t.Errorf("summary %q", out)
	}
	if lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n"); len(lines) != 1 || !strings.HasPrefix(lines[0], "xinwen: "+srv.URL+"/bad") {
		t.Errorf("want one line naming the failed feed, got %q", errOut)
	}
	rows := feedLines(t, vars)
	if len(rows) != 2 || rows[0][1] != "2" || rows[0][2] != "2" || len(rows[0]) != 5 {
		t.Errorf("the good feed: %q", rows[0])
	}
	if len(rows[1]) != 6 || !strings.Contains(rows[1][5], "500") {
		t.Errorf("the failed feed has no last error: %q", rows[1])
	}
}

func TestListShowsStoredSubscriptionsWithoutTheNetwork(t *testing.T) {
	vars := subsEnv(t)
	srv := feedServer(t)
	mustRun(t, vars, 0, "add", srv.URL+"/ok")
	mustRun(t, vars, 0, "refresh")
	srv.Close() // list must not need it
	out, errOut := mustRun(t, vars, 0, "list")
	if errOut != "" || strings.Count(out, "\n") != 2 || !strings.Contains(out, "新的一天") || !strings.Contains(out, "Second story") {
		t.Errorf("stored headlines: stdout %q, stderr %q", out, errOut)
	}
}

func TestImportExportRoundTripKeepsFoldersAsTags(t *testing.T) {
	vars := subsEnv(t)
	file := filepath.Join(t.TempDir(), "subs.opml")
	os.WriteFile(file, []byte(`<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
<outline text="新闻"><outline text="人民网" type="rss" xmlUrl="https://example.org/people.xml"/>
<outline text="BBC 中文" type="rss" xmlUrl="https://example.org/bbc.xml"/></outline>
<outline text="人民网 again" type="rss" xmlUrl="https://example.org/people.xml"/>
<outline text="evil" type="rss" xmlUrl="exec:rm -rf ~"/>
<outline text="pipe" type="rss" xmlUrl="|curl evil"/>
<outline text="js" type="rss" xmlUrl="javascript:alert(1)"/>
</body></opml>`), 0o600)
	out, errOut := mustRun(t, vars, 0, "import", file)
	if out != "imported 2 feeds from "+file+": 2 new, 0 merged, 3 skipped\n" {
		t.Errorf("summary %q", out)
	}
	skipped := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
	if len(skipped) != 3 || !strings.Contains(errOut, "exec:rm") || !strings.Contains(errOut, "|curl evil") || !strings.Contains(errOut, "javascript:") {
		t.Errorf("want one line for each hostile outline, got %q", errOut)
	}
	exported, _ := mustRun(t, vars, 0, "export", "--opml")
	again := filepath.Join(t.TempDir(), "again.opml")
	os.WriteFile(again, []byte(exported), 0o600)
	other := subsEnv(t)
	mustRun(t, other, 0, "import", again)
	if a, b := feedLines(t, vars), feedLines(t, other); strings.Join(a[0], "|") != strings.Join(b[0], "|") || len(a) != len(b) {
		t.Errorf("round trip changed the feeds: %q then %q", a, b)
	}
	if reexported, _ := mustRun(t, other, 0, "export", "--opml"); reexported != exported {
		t.Errorf("round trip changed the OPML:\n%s\nthen\n%s", exported, reexported)
	}
	if !strings.Contains(exported, `text="新闻"`) {
		t.Errorf("the folder is not kept:\n%s", exported)
	}
}

func TestFlagsAfterPositionalArguments(t *testing.T) {
	out, _ := mustRun(t, map[string]string{"XINWEN_NO_STORE": "1"}, 0, "show", "testdata/two.txt", "1", "--width", "40", "--lang", "en")
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if len([]rune(l)) > 40 {
			t.Fatalf("--width 40 after the sources was not taken: line %q", l)
		}
	}
	if !strings.Contains(out, "Beijing") {
		t.Errorf("--lang en after the sources was not taken:\n%s", out)
	}
}

func TestManCompletionsAndVersion(t *testing.T) {
	out, _ := mustRun(t, nil, 0, "man")
	if !strings.Contains(out, ".TH") || !strings.Contains(out, "refresh") {
		t.Errorf("man: not a man page naming the commands:\n%.300s", out)
	}
	for shell, want := range map[string]string{"bash": "complete -o default -F __start_xinwen xinwen", "zsh": "#compdef xinwen", "fish": "complete -c xinwen"} {
		out, _ := mustRun(t, nil, 0, "completion", shell)
		if !strings.Contains(out, want) {
			t.Errorf("completion %s lacks %q", shell, want)
		}
	}
	for _, args := range [][]string{{"--version"}, {"version"}} {
		if out, _ := mustRun(t, nil, 0, args...); out != "xinwen "+Version+"\n" {
			t.Errorf("%q printed %q", args, out)
		}
	}
}

func TestSubscriptionCommandsNeedTheStore(t *testing.T) {
	_, errOut := mustRun(t, map[string]string{"XINWEN_NO_STORE": "1"}, exitUsage, "feeds")
	if !strings.HasPrefix(errOut, "xinwen: feeds: subscriptions need the store") {
		t.Errorf("stderr %q", errOut)
	}
	_, errOut = mustRun(t, nil, exitUsage, "add")
	if !strings.HasPrefix(errOut, "xinwen: add: want 1 argument") {
		t.Errorf("add with no source: %q", errOut)
	}
}
