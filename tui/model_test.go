package tui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// testArticles parses the articles the model, golden and e2e tests share.
func testArticles(t testing.TB) []feed.Article {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "e2e", "news.txt"))
	if err != nil {
		t.Fatal(err)
	}
	as, err := feed.ParseText("news.txt", string(b))
	if err != nil || len(as) != 5 {
		t.Fatalf("testdata/e2e/news.txt: %d articles, %v", len(as), err)
	}
	return as
}

// loadedModel is a reader at width×height that has loaded articles as the
// result of its first load.
func loadedModel(t testing.TB, width, height int, articles []feed.Article, errs ...error) Model {
	t.Helper()
	m := New(Config{Sources: []string{"news.txt"}, Metrics: layout.NewMetrics(false), Version: "test"})
	m = send(t, m, tea.WindowSizeMsg{Width: width, Height: height})
	return send(t, m, articlesLoaded{ID: m.load.job.id, Articles: articles, Errs: errs})
}

// finishLoad runs m's load job to the end on this goroutine and returns its
// result, passing over the progress reports before it.
func finishLoad(m Model) articlesLoaded {
	job := m.load.job
	job.run(m.loader, m.sources)()
	for {
		if loaded, ok := job.next()().(articlesLoaded); ok {
			return loaded
		}
	}
}

// send runs msgs through Update and returns the final model.
func send(t testing.TB, m Model, msgs ...tea.Msg) Model {
	t.Helper()
	for _, msg := range msgs {
		next, _ := m.Update(msg)
		m = next.(Model)
	}
	return m
}

// sendCmd runs one message through Update and returns the command too.
func sendCmd(t testing.TB, m Model, msg tea.Msg) (Model, tea.Cmd) {
	t.Helper()
	next, cmd := m.Update(msg)
	return next.(Model), cmd
}

// keys returns the key presses for names: "enter", "esc", "up", "down",
// "pgdown", "pgup", "home", "end", "space", "ctrl+c", or runes typed.
func keys(names ...string) []tea.Msg {
	special := map[string]tea.KeyPressMsg{
		"enter": {Code: tea.KeyEnter}, "esc": {Code: tea.KeyEscape},
		"up": {Code: tea.KeyUp}, "down": {Code: tea.KeyDown},
		"pgup": {Code: tea.KeyPgUp}, "pgdown": {Code: tea.KeyPgDown},
		"home": {Code: tea.KeyHome}, "end": {Code: tea.KeyEnd},
		"space": {Code: tea.KeySpace, Text: " "}, "ctrl+c": {Code: 'c', Mod: tea.ModCtrl},
		"backspace": {Code: tea.KeyBackspace},
	}
	var out []tea.Msg
	for _, n := range names {
		if k, ok := special[n]; ok {
			out = append(out, k)
			continue
		}
		for _, r := range n {
			k := tea.KeyPressMsg{Code: r, Text: string(r)}
			if r >= 'A' && r <= 'Z' {
				k = tea.KeyPressMsg{Code: r + 'a' - 'A', ShiftedCode: r, Text: string(r), Mod: tea.ModShift}
			}
			out = append(out, k)
		}
	}
	return out
}

// plain is the model's screen without escape sequences.
func plain(m Model) string { return ansi.Strip(m.View().Content) }

// lines is the plain screen split into rows.
func lines(m Model) []string { return strings.Split(plain(m), "\n") }

func statusLine(m Model) string {
	ls := lines(m)
	return ls[len(ls)-1]
}

func TestKeyHelperMatchesBubbleTea(t *testing.T) {
	for name, want := range map[string]string{"G": "G", "space": "space", "ctrl+c": "ctrl+c", "pgdown": "pgdown", "/": "/"} {
		if got := keys(name)[0].(tea.KeyPressMsg).String(); got != want {
			t.Errorf("key %q: String() = %q, want %q", name, got, want)
		}
	}
}

func TestLanguageCycle(t *testing.T) {
	m := loadedModel(t, 100, 30, testArticles(t))
	if !strings.Contains(statusLine(m), "中文") {
		t.Fatalf("status bar does not start in 中文: %q", statusLine(m))
	}
	m = send(t, m, keys("enter")...)
	for _, want := range []string{"English", "双语", "中文"} {
		m = send(t, m, keys("t")...)
		if !strings.Contains(statusLine(m), want) {
			t.Errorf("after t: status bar %q lacks %q", statusLine(m), want)
		}
		if want == "双语" {
			screen := plain(m)
			for _, s := range []string{"城市图书馆延长夜间开放时间", "City library extends evening hours", "│"} {
				if !strings.Contains(screen, s) {
					t.Errorf("双语 at 100 columns lacks %q:\n%s", s, screen)
				}
			}
		}
	}
}

func TestEnterOpensAndBackReturns(t *testing.T) {
	m := loadedModel(t, 80, 24, testArticles(t))
	m = send(t, m, keys("down", "enter")...)
	if m.screen != articleScreen || m.list.open != 1 {
		t.Fatalf("enter on the 2nd headline: screen %d, open %d", m.screen, m.list.open)
	}
	if s := plain(m); !strings.Contains(s, "保护区工作人员在最新一次调查中") {
		t.Errorf("article view lacks the body:\n%s", s)
	}
	if !strings.Contains(statusLine(m), "2/5") {
		t.Errorf("status bar %q lacks 2/5", statusLine(m))
	}
	for _, back := range []string{"esc", "q"} {
		m = send(t, m, keys("enter")...)
		m = send(t, m, keys(back)...)
		if m.screen != listScreen || m.list.cursor != 1 {
			t.Errorf("%s: screen %d cursor %d, want the list at the same headline", back, m.screen, m.list.cursor)
		}
	}
	_, cmd := sendCmd(t, m, keys("q")[0])
	if cmd == nil || !isQuit(cmd) {
		t.Errorf("q on the list does not quit")
	}
	m = send(t, m, keys("enter")...)
	_, cmd = sendCmd(t, m, keys("ctrl+c")[0])
	if cmd == nil || !isQuit(cmd) {
		t.Errorf("ctrl+c in the article does not quit")
	}
}

// isQuit reports whether cmd (possibly a batch) yields tea.QuitMsg.
func isQuit(cmd tea.Cmd) bool {
	switch msg := cmd().(type) {
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		for _, c := range msg {
			if c != nil && isQuit(c) {
				return true
			}
		}
	}
	return false
}

func TestNextAndPrevious(t *testing.T) {
	m := loadedModel(t, 80, 24, testArticles(t))
	m = send(t, m, keys("enter", "n", "n")...)
	if m.list.open != 2 || !strings.Contains(statusLine(m), "3/5") {
		t.Fatalf("after n n: open %d, status %q", m.list.open, statusLine(m))
	}
	if !strings.Contains(plain(m), "老街改造完成") {
		t.Errorf("the third article is not shown")
	}
	m = send(t, m, keys("p")...)
	if m.list.open != 1 || m.list.scroll != 0 {
		t.Errorf("after p: open %d scroll %d", m.list.open, m.list.scroll)
	}
	m = send(t, m, keys("p", "p")...)
	if m.list.open != 0 || !strings.Contains(statusLine(m), "first article") {
		t.Errorf("p before the first: open %d, status %q", m.list.open, statusLine(m))
	}
}

func TestFilterByTitleAndKeyword(t *testing.T) {
	m := loadedModel(t, 100, 24, testArticles(t))
	m = send(t, m, keys("/")...)
	m = send(t, m, keys("BIRDS")...) // keyword and English title, any case
	if len(m.list.visible) != 1 || m.list.articles[m.list.visible[0]].Link != "https://news.example.com/2024/11/birds.html" {
		t.Fatalf("filter BIRDS: visible %v", m.list.visible)
	}
	if !strings.Contains(lines(m)[0], "1 of 5 articles") {
		t.Errorf("title bar %q does not count the filtered articles", lines(m)[0])
	}
	m = send(t, m, keys("enter")...) // keep the filter, leave the input
	m = send(t, m, keys("enter")...)
	if m.screen != articleScreen || !strings.Contains(plain(m), "黑颈鹤") {
		t.Errorf("enter after filtering does not open the match")
	}
	m = send(t, m, keys("esc", "esc")...) // back, then clear the filter
	if len(m.list.visible) != 5 || m.filterShown() {
		t.Errorf("esc on the list leaves %d of 5 visible", len(m.list.visible))
	}
	m = send(t, m, keys("/")...)
	m = send(t, m, keys("骑楼")...) // Chinese title text
	if len(m.list.visible) != 1 || !strings.Contains(plain(m), "老街改造完成") {
		t.Errorf("filter 骑楼: visible %v", m.list.visible)
	}
	m = send(t, m, keys("backspace", "backspace")...)
	m = send(t, m, keys("volunteers")...) // keyword of the English-only article
	if len(m.list.visible) != 1 || m.list.articles[m.list.visible[0]].ZH != nil {
		t.Errorf("filter volunteers: visible %v", m.list.visible)
	}
	m = send(t, m, keys("esc")...)
	if len(m.list.visible) != 5 || m.input == inputFilter {
		t.Errorf("esc while typing does not clear the filter")
	}
}

func TestReloadKeepsSelection(t *testing.T) {
	as := testArticles(t)
	m := loadedModel(t, 80, 24, as)
	m = send(t, m, keys("down", "down", "down")...) // the English-only article
	want := m.selected().ID
	m, cmd := sendCmd(t, m, keys("r")[0])
	if cmd == nil || !m.load.active {
		t.Fatal("r starts no load")
	}
	// The reload finds a new article first and the others in another order.
	fresh := []feed.Article{{ID: "new", Source: "news.txt", EN: &feed.Version{Title: "Breaking"}}}
	fresh = append(fresh, as[4], as[3], as[2], as[1], as[0])
	m = send(t, m, articlesLoaded{ID: m.load.job.id, Articles: fresh})
	if got := m.selected().ID; got != want {
		t.Errorf("after reload the selection is %q, want %q", got, want)
	}
	if m.list.cursor != 2 || !strings.Contains(statusLine(m), "3/6") {
		t.Errorf("after reload: cursor %d, status %q", m.list.cursor, statusLine(m))
	}
	// The open article stays open across a reload, by ID.
	m = send(t, m, keys("enter", "r")...)
	m = send(t, m, articlesLoaded{ID: m.load.job.id, Articles: as})
	if m.screen != articleScreen || m.list.articles[m.list.open].ID != want {
		t.Errorf("the open article did not survive the reload")
	}
}

func TestStaleLoadIsDropped(t *testing.T) {
	as := testArticles(t)
	m := loadedModel(t, 80, 24, as)
	m = send(t, m, keys("r")...)
	old := m.load.job.id
	m = send(t, m, keys("r")...)
	m = send(t, m, articlesLoaded{ID: old, Articles: as[:1]})
	if len(m.list.articles) != 5 || !m.load.active {
		t.Fatalf("a stale result replaced the articles: %d, active %v", len(m.list.articles), m.load.active)
	}
}

func TestFailedSourceShowsItsError(t *testing.T) {
	as := testArticles(t)
	errs := []error{&feed.SourceError{Source: "missing.xml", Err: errors.New("no such file")}}
	m := loadedModel(t, 80, 24, as, errs...)
	ls := lines(m)
	if !strings.HasPrefix(ls[1], "✗ missing.xml: no such file") {
		t.Errorf("row 1 is %q, want the source's error", ls[1])
	}
	if !strings.Contains(plain(m), "城市图书馆延长夜间开放时间") || len(m.list.visible) != 5 {
		t.Errorf("the articles of the working source are not listed")
	}
	if !strings.Contains(statusLine(m), "1 source failed") {
		t.Errorf("status bar %q does not report the failure", statusLine(m))
	}
	m = send(t, m, keys("enter")...)
	if !strings.Contains(plain(m), "市图书馆宣布") {
		t.Errorf("the article of the working source does not open")
	}
}

func TestErrorTextCannotControlTheTerminal(t *testing.T) {
	errs := []error{&feed.SourceError{Source: "evil\x1b]2;pwned\x07\x1b[2J.xml", Err: errors.New("bad\x1b[31m")}}
	m := loadedModel(t, 80, 24, testArticles(t), errs...)
	for _, n := range m.notices {
		if strings.ContainsAny(n.text, "\x1b\x07") {
			t.Errorf("notice %q carries control characters", n.text)
		}
	}
	if !strings.Contains(lines(m)[1], "✗ evil.xml: bad") {
		t.Errorf("row 1 is %q", lines(m)[1])
	}
	m.setStatus("x\x1b[2Jy", true)
	if m.status != "xy" {
		t.Errorf("status %q", m.status)
	}
}

func TestLoadFromFiles(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.txt")
	b, err := os.ReadFile(filepath.Join("testdata", "e2e", "news.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, b, 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.txt")
	m := New(Config{Sources: []string{missing, good}, Loader: &feed.Loader{}, Metrics: layout.NewMetrics(false)})
	m = send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	job := m.load.job
	go job.run(m.loader, m.sources)()
	var loaded articlesLoaded
	deadline := time.After(10 * time.Second)
	for loaded.ID == 0 {
		got := make(chan tea.Msg, 1)
		go func() { got <- job.next()() }()
		select {
		case msg := <-got:
			m = send(t, m, msg)
			if l, ok := msg.(articlesLoaded); ok {
				loaded = l
			}
		case <-deadline:
			t.Fatal("the load did not finish")
		}
	}
	if len(m.list.articles) != 5 || len(m.notices) != 1 || !strings.Contains(m.notices[0].text, "missing.txt") || m.notices[0].kind != noticeFailed {
		t.Fatalf("loaded %d articles, notices %+v", len(m.list.articles), m.notices)
	}
	if m.load.active || strings.Contains(plain(m), "loading") {
		t.Errorf("the load still shows as running")
	}
}

func TestSlowLoadShowsProgress(t *testing.T) {
	m := New(Config{Sources: []string{"https://news.example.com/feed.xml"}, Metrics: layout.NewMetrics(false)})
	m = send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	if !strings.Contains(plain(m), "loading 1 source") {
		t.Fatalf("no loading line:\n%s", plain(m))
	}
	id := m.load.job.id
	m, cmd := sendCmd(t, m, loadProgressed{ID: id, Done: 1 << 20, Total: 4 << 20})
	if cmd == nil {
		t.Error("a progress report does not wait for the next")
	}
	if strings.Contains(plain(m), "MB") {
		t.Error("progress shown before the load was slow")
	}
	m = send(t, m, loadSlow{ID: id})
	if s := lines(m)[1]; !strings.Contains(s, "1.0 MB / 4.0 MB") || !strings.Contains(s, "███████░") {
		t.Errorf("slow load line %q lacks the progress", s)
	}
	m = send(t, m, loadProgressed{ID: id + 7, Done: 3 << 20, Total: 4 << 20})
	if !strings.Contains(lines(m)[1], "1.0 MB") {
		t.Errorf("a stale progress report was taken")
	}
}

func TestOpenLinkRunsBrowserWithArgv(t *testing.T) {
	m := loadedModel(t, 120, 24, testArticles(t))
	var got [][]string
	m.opener = linkOpener{
		browser: `firefox --new-window -P "my profile"`,
		launch: func(argv []string) (<-chan error, error) {
			got = append(got, argv)
			ch := make(chan error, 1)
			ch <- errors.New("exit status 3")
			return ch, nil
		},
	}
	m = send(t, m, keys("enter")...)
	m, cmd := sendCmd(t, m, keys("o")[0])
	if cmd == nil {
		t.Fatal("o returns no command")
	}
	msg := cmd()
	want := []string{"firefox", "--new-window", "-P", "my profile", "https://news.example.com/2024/03/library-hours.html"}
	if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Fatalf("launched %q, want %q", got, want)
	}
	m, cmd = sendCmd(t, m, msg)
	if !strings.Contains(statusLine(m), "opened with firefox: https://news.example.com/2024/03/library-hours.html") {
		t.Errorf("status bar %q", statusLine(m))
	}
	m = send(t, m, cmd())
	if !strings.Contains(statusLine(m), "browser firefox failed: exit status 3") {
		t.Errorf("the browser's failure is not reported: %q", statusLine(m))
	}
}

func TestOpenLinkRefusesNonHTTP(t *testing.T) {
	as := testArticles(t)
	as[0].Link = "file:///etc/passwd"
	m := loadedModel(t, 80, 24, as)
	m.opener.launch = func([]string) (<-chan error, error) {
		t.Fatal("the browser was started for a file: link")
		return nil, nil
	}
	m, cmd := sendCmd(t, m, keys("o")[0])
	if cmd != nil {
		t.Errorf("o on a file: link returns a command")
	}
	if s := statusLine(m); !strings.Contains(s, "not opened") || !strings.Contains(s, "only http and https") {
		t.Errorf("status bar %q does not refuse the link", s)
	}
}

func TestBrowserCommand(t *testing.T) {
	const link = "https://example.com/a?b=1&c=2"
	for _, c := range []struct {
		browser, goos string
		wsl           bool
		want          []string
	}{
		{"", "linux", false, []string{"xdg-open", link}},
		{"", "linux", true, []string{"wslview", link}},
		{"", "darwin", false, []string{"open", link}},
		{"", "windows", false, []string{"rundll32", "url.dll,FileProtocolHandler", link}},
		{"w3m", "linux", true, []string{"w3m", link}},
		{`'/opt/My Browser/run' --flag="a b"`, "linux", false, []string{"/opt/My Browser/run", "--flag=a b", link}},
	} {
		o := linkOpener{browser: c.browser, goos: c.goos, wsl: func() bool { return c.wsl }}
		got, err := o.argv(link)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("browser %q on %s (wsl %v): %q, %v; want %q", c.browser, c.goos, c.wsl, got, err, c.want)
		}
	}
}

func TestSplitCommandLine(t *testing.T) {
	for in, want := range map[string][]string{
		`firefox`:                     {"firefox"},
		`  chromium   --incognito `:   {"chromium", "--incognito"},
		`"C:\Program Files\b.exe" -x`: {`C:\Program Files\b.exe`, "-x"},
		`a\ b c`:                      {"a b", "c"},
		`'it''s'`:                     {"its"},
		`"say \"hi\"" 'x\y'`:          {`say "hi"`, `x\y`},
		`a"b c"d`:                     {"ab cd"},
		`""`:                          {""},
		"$HOME;rm -rf /":              {"$HOME;rm", "-rf", "/"},
	} {
		got, err := splitCommandLine(in)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("splitCommandLine(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{`"open`, `'open`, "   "} {
		if got, err := splitCommandLine(bad); err == nil {
			t.Errorf("splitCommandLine(%q) = %q, want an error", bad, got)
		}
	}
}

func TestCheckLink(t *testing.T) {
	for link, ok := range map[string]bool{
		"https://example.com/x": true, "HTTP://example.com": true,
		"javascript:alert(1)": false, "file:///etc/passwd": false, "mailto:a@b.c": false,
		"https://": false, "": false, "//example.com": false,
	} {
		if err := checkLink(link); (err == nil) != ok {
			t.Errorf("checkLink(%q) = %v", link, err)
		}
	}
}

func TestCopyLinkUsesOSC52(t *testing.T) {
	m := loadedModel(t, 80, 24, testArticles(t))
	m = send(t, m, keys("down")...)
	m, cmd := sendCmd(t, m, keys("y")[0])
	link := "https://news.example.com/2024/11/birds.html"
	if cmd == nil || !reflect.DeepEqual(cmd(), tea.SetClipboard(link)()) {
		t.Fatalf("y does not set the clipboard to %s", link)
	}
	if !strings.Contains(statusLine(m), "copied "+link) {
		t.Errorf("status bar %q", statusLine(m))
	}
}

func TestScrollKeysAndWheel(t *testing.T) {
	long := feed.Article{ID: "long", Source: "t", ZH: &feed.Version{Title: "长文"}}
	for range 100 {
		long.ZH.Blocks = append(long.ZH.Blocks, feed.Block{Text: "一段文字。"})
	}
	m := loadedModel(t, 80, 24, []feed.Article{long})
	m = send(t, m, keys("enter")...)
	steps := []struct {
		key  string
		want int
	}{{"j", 1}, {"down", 2}, {"k", 1}, {"space", 23}, {"pgdown", 45}, {"pgup", 23}, {"G", m.maxScroll()}, {"g", 0}, {"end", m.maxScroll()}, {"home", 0}}
	for _, s := range steps {
		m = send(t, m, keys(s.key)...)
		if m.list.scroll != s.want {
			t.Errorf("after %s: scroll %d, want %d", s.key, m.list.scroll, s.want)
		}
	}
	m = send(t, m, tea.MouseWheelMsg{Button: tea.MouseWheelDown}, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if m.list.scroll != 2*wheelLines {
		t.Errorf("two wheel notches: scroll %d", m.list.scroll)
	}
	m = send(t, m, keys("G")...)
	if !strings.Contains(statusLine(m), "100%") {
		t.Errorf("at the bottom the status bar says %q", statusLine(m))
	}
}

func TestListNavigationKeys(t *testing.T) {
	m := loadedModel(t, 80, 24, testArticles(t))
	for _, s := range []struct {
		key  string
		want int
	}{{"j", 1}, {"down", 2}, {"k", 1}, {"G", 4}, {"g", 0}, {"end", 4}, {"home", 0}, {"pgdown", 4}, {"pgup", 0}} {
		m = send(t, m, keys(s.key)...)
		if m.list.cursor != s.want {
			t.Errorf("after %s: cursor %d, want %d", s.key, m.list.cursor, s.want)
		}
	}
	m = send(t, m, tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if m.list.cursor != 1 {
		t.Errorf("wheel on the list: cursor %d", m.list.cursor)
	}
}

func TestHelpShowsEveryBinding(t *testing.T) {
	m := loadedModel(t, 120, 40, testArticles(t))
	m = send(t, m, keys("?")...)
	screen := plain(m)
	for _, col := range m.keys.FullHelp() {
		for _, b := range col {
			if !strings.Contains(screen, b.Help().Key) || !strings.Contains(screen, b.Help().Desc) {
				t.Errorf("help lacks %q %q", b.Help().Key, b.Help().Desc)
			}
		}
	}
	m = send(t, m, keys("j")...)
	if m.input == inputHelp || m.list.cursor != 0 {
		t.Errorf("a key closes the help without acting: input %d cursor %d", m.input, m.list.cursor)
	}
}

func TestRowsNeverOverflow(t *testing.T) {
	as := testArticles(t)
	as[1].EN.Title += " … “quoted” — ambiguous"
	for _, wide := range []bool{false, true} {
		mt := layout.NewMetrics(wide)
		for _, lang := range []layout.Lang{layout.Chinese, layout.English, layout.Both} {
			for w := minWidth; w <= 200; w += 7 {
				m := New(Config{Sources: []string{"a", "b"}, Metrics: mt, Lang: lang, Color: true})
				m = send(t, m, tea.WindowSizeMsg{Width: w, Height: 12})
				m = send(t, m, articlesLoaded{ID: m.load.job.id, Articles: as,
					Errs: []error{&feed.SourceError{Source: "b", Err: errors.New(strings.Repeat("“bad” ", 40))}}})
				for _, screen := range []Model{m, send(t, m, keys("enter")...), send(t, m, keys("?")...), send(t, m, keys("/", "城市")...)} {
					checkRows(t, mt, screen, w, 12, fmt.Sprintf("%s at %d (ambiguous wide %v)", lang, w, wide))
				}
			}
		}
	}
}

// checkRows checks that the screen has h rows, none wider than w, and that
// the title and status bars are exactly w wide.
func checkRows(t *testing.T, mt layout.Metrics, m Model, w, h int, where string) {
	t.Helper()
	ls := lines(m)
	if len(ls) != h {
		t.Errorf("%s: %d rows, want %d", where, len(ls), h)
	}
	for i, l := range ls {
		if mt.Width(l) > w {
			t.Errorf("%s: row %d is %d wide: %q", where, i, mt.Width(l), l)
		}
	}
	for _, i := range []int{0, len(ls) - 1} {
		if got := mt.Width(ls[i]); got != w {
			t.Errorf("%s: bar on row %d is %d wide", where, i, got)
		}
	}
}

func TestFallbackTitleIsTagged(t *testing.T) {
	m := loadedModel(t, 100, 24, testArticles(t))
	if !strings.Contains(plain(m), "EN Volunteers plant 5,000 trees") {
		t.Errorf("in 中文 the English-only title is not tagged EN")
	}
	m = send(t, m, keys("t")...)
	if !strings.Contains(plain(m), "中 老街改造完成") {
		t.Errorf("in English the Chinese-only title is not tagged 中")
	}
}

func TestResizeKeepsSelection(t *testing.T) {
	m := loadedModel(t, 80, 8, testArticles(t))
	m = send(t, m, keys("G")...)
	m = send(t, m, tea.WindowSizeMsg{Width: 60, Height: 6}, tea.WindowSizeMsg{Width: 120, Height: 40})
	if m.list.cursor != 4 || !strings.Contains(statusLine(m), "5/5") {
		t.Errorf("after resizing: cursor %d", m.list.cursor)
	}
}

func TestWideScreenShowsBothPanes(t *testing.T) {
	m := loadedModel(t, 170, 30, testArticles(t))
	m = send(t, m, keys("j")...)
	screen := plain(m)
	if !strings.Contains(screen, "高原湖泊迎来候鸟迁徙高峰") || !strings.Contains(screen, "保护区工作人员") {
		t.Errorf("at 170 columns the selected article is not previewed:\n%s", screen)
	}
	m = send(t, m, keys("enter", "j")...)
	if m.screen != articleScreen || m.list.cursor != 1 || m.list.scroll != 0 {
		t.Errorf("enter then j at 170 columns: screen %d cursor %d scroll %d", m.screen, m.list.cursor, m.list.scroll)
	}
}

func TestLongArticleRendersInACommand(t *testing.T) {
	big := feed.Article{ID: "big", Source: "t", ZH: &feed.Version{Title: "大文章"}}
	para := strings.Repeat("这是一段很长的文字，", 100)
	for len(big.ZH.Blocks)*len(para) < 2*asyncRenderBytes {
		big.ZH.Blocks = append(big.ZH.Blocks, feed.Block{Text: para})
	}
	m := loadedModel(t, 80, 24, []feed.Article{big})
	m, cmd := sendCmd(t, m, keys("enter")[0])
	if cmd == nil || !strings.Contains(plain(m), "rendering") {
		t.Fatalf("a long article was rendered inside Update")
	}
	m = send(t, m, cmd())
	if !strings.Contains(plain(m), "这是一段很长的文字") {
		t.Errorf("the rendered page is not shown")
	}
}

// colourSGR matches an SGR sequence that sets a foreground or background
// colour.
var colourSGR = regexp.MustCompile(`\x1b\[[0-9;]*(?:(?:^|;)(?:3[0-79]|4[0-79]|9[0-7]|10[0-7]|38|48))[0-9;]*m`)

func TestNoColorMeansNoColour(t *testing.T) {
	errs := []error{&feed.SourceError{Source: "x", Err: errors.New("boom")}}
	m := New(Config{Sources: []string{"a"}, Metrics: layout.NewMetrics(false), Color: false})
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	m = send(t, m, articlesLoaded{ID: m.load.job.id, Articles: testArticles(t), Errs: errs})
	for _, k := range []string{"", "enter", "t", "t", "?"} {
		if k != "" {
			m = send(t, m, keys(k)...)
		}
		if c := colourSGR.FindString(m.View().Content); c != "" {
			t.Errorf("after %q: colour %q without colour", k, c)
		}
	}
	m.color = true
	m = m.applyStyles(newStyles(true, true))
	if colourSGR.FindString(m.View().Content) == "" {
		t.Error("the colour check finds no colour even with colour on")
	}
}

func TestBackgroundPicksStyles(t *testing.T) {
	m := New(Config{Metrics: layout.NewMetrics(false), Color: true})
	m = send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	dark := m.View().Content
	m, cmd := sendCmd(t, m, tea.BackgroundColorMsg{Color: lightGrey{}})
	if m.dark || cmd == nil {
		t.Fatalf("a light background: dark %v, command %v", m.dark, cmd != nil)
	}
	built, ok := cmd().(rendererBuilt)
	if !ok || built.Dark {
		t.Fatalf("the command does not build a light renderer")
	}
	m = send(t, m, built)
	if m.rendererDark || m.View().Content == dark {
		t.Errorf("the light background changed nothing")
	}
}

// lightGrey is a light background colour.
type lightGrey struct{}

func (lightGrey) RGBA() (r, g, b, a uint32) { return 0xeeee, 0xeeee, 0xeeee, 0xffff }

func TestGeometry(t *testing.T) {
	for _, c := range []struct {
		w, h, notices int
		filter        bool
		want          geometry
	}{
		{80, 24, 0, false, geometry{width: 80, height: 24, listWidth: 80, articleWidth: 80, bodyHeight: 22, listRows: 22}},
		{80, 24, 2, true, geometry{width: 80, height: 24, listWidth: 80, articleWidth: 80, notices: 2, bodyHeight: 20, listRows: 19}},
		{80, 8, 9, false, geometry{width: 80, height: 8, listWidth: 80, articleWidth: 80, notices: 2, bodyHeight: 4, listRows: 4}},
		{159, 30, 0, false, geometry{width: 159, height: 30, listWidth: 159, articleWidth: 159, bodyHeight: 28, listRows: 28}},
		{160, 30, 0, false, geometry{width: 160, height: 30, wide: true, listWidth: 64, gutter: 2, articleWidth: 94, bodyHeight: 28, listRows: 28}},
		{300, 30, 0, false, geometry{width: 300, height: 30, wide: true, listWidth: 72, gutter: 2, articleWidth: 226, bodyHeight: 28, listRows: 28}},
		{19, 30, 0, false, geometry{width: 19, height: 30, tooSmall: true}},
		{80, 4, 0, false, geometry{width: 80, height: 4, tooSmall: true}},
	} {
		if got := newGeometry(c.w, c.h, 1, c.notices, c.filter); got != c.want {
			t.Errorf("newGeometry(%d, %d, 1, %d, %v) = %+v, want %+v", c.w, c.h, c.notices, c.filter, got, c.want)
		}
	}
}

func TestPaintMatchesLipgloss(t *testing.T) {
	s := newStyles(true, true)
	for _, st := range []lipgloss.Style{lipgloss.NewStyle(), lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("#79C0FF")).Background(lipgloss.Color("#1F3A5F"))} {
		for _, text := range []string{"城市图书馆 library", "  "} {
			if got, want := newPaint(st).Render(text), st.Render(text); got != want {
				t.Errorf("paint %q, lipgloss %q", got, want)
			}
		}
	}
	if s.Selected.Title.open == "" || s.Row.Title == s.Selected.Title {
		t.Error("the selected row is not painted differently")
	}
}
