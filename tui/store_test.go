package tui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// openStore opens a fresh store in a temporary directory, closed when the
// test ends.
func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "xinwen.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// runCmd runs cmd, and the commands of any batch it returns, and feeds
// every message they produce to m. The commands given to it never block.
func runCmd(t testing.TB, m Model, cmd tea.Cmd) Model {
	t.Helper()
	if cmd == nil {
		return m
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		for _, c := range batch {
			m = runCmd(t, m, c)
		}
		return m
	}
	if msg == nil {
		return m
	}
	m, next := sendCmd(t, m, msg)
	return runCmd(t, m, next)
}

// press sends the key presses for names one by one, running the command of
// each (store writes, searches) before the next.
func press(t testing.TB, m Model, names ...string) Model {
	t.Helper()
	for _, k := range keys(names...) {
		var cmd tea.Cmd
		m, cmd = sendCmd(t, m, k)
		m = runCmd(t, m, cmd)
	}
	return m
}

// storedModel is a reader with st at width×height that has loaded articles
// and then the read marks the store has for them.
func storedModel(t testing.TB, st *store.Store, cfg Config, width, height int, articles []feed.Article) Model {
	t.Helper()
	cfg.Store = st
	cfg.Sources = []string{"news.txt"}
	if cfg.Metrics == (layout.Metrics{}) {
		cfg.Metrics = layout.NewMetrics(false)
	}
	m := New(cfg)
	m = send(t, m, tea.WindowSizeMsg{Width: width, Height: height})
	m, cmd := sendCmd(t, m, articlesLoaded{ID: m.load.job.id, Articles: articles})
	if m.readMarks.known {
		t.Fatal("the read marks are known before the store was asked")
	}
	return runCmd(t, m, cmd)
}

// isRead asks the store whether the article of testArticles (source
// news.txt) with id is read.
func isRead(t testing.TB, st *store.Store, id string) bool {
	t.Helper()
	return isReadKey(t, st, store.ArticleKey{Source: "news.txt", ID: id})
}

// isReadKey asks the store whether the article with key is read.
func isReadKey(t testing.TB, st *store.Store, key store.ArticleKey) bool {
	t.Helper()
	read, err := st.ReadMarks(context.Background(), []store.ArticleKey{key})
	if err != nil {
		t.Fatal(err)
	}
	return read[key]
}

func preference(t testing.TB, st *store.Store, key string) string {
	t.Helper()
	v, _, err := st.Preference(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestOpeningMarksRead(t *testing.T) {
	st := openStore(t)
	as := testArticles(t)
	if err := st.SetRead(context.Background(), store.KeyOf(&as[4]), true); err != nil {
		t.Fatal(err)
	}
	m := storedModel(t, st, Config{}, 80, 24, as)
	if top := lines(m)[0]; !strings.Contains(top, "5 articles, 4 unread") {
		t.Fatalf("title bar %q does not count the unread articles", top)
	}
	ls := lines(m)
	if !strings.HasPrefix(ls[2], "● 2024-11-12  高原湖泊") || !strings.HasPrefix(ls[5], "  2024-02-29  这是一条") {
		t.Errorf("unread rows are not marked, or the read one is:\n%s\n%s", ls[2], ls[5])
	}
	m = send(t, m, keys("down")...)
	m, cmd := sendCmd(t, m, keys("enter")[0])
	if cmd == nil {
		t.Fatal("opening an article returns no command")
	}
	if isRead(t, st, as[1].ID) {
		t.Fatal("the mark was written inside Update, not in the command")
	}
	m = runCmd(t, m, cmd)
	if !isRead(t, st, as[1].ID) {
		t.Error("opening the article did not mark it read in the store")
	}
	if got := preference(t, st, prefPosition); got != as[1].ID {
		t.Errorf("position preference %q, want %q", got, as[1].ID)
	}
	m = press(t, m, "n") // stepping opens the next one too
	if !isRead(t, st, as[2].ID) || preference(t, st, prefPosition) != as[2].ID {
		t.Error("n did not mark the next article read and remember it")
	}
	m = press(t, m, "esc")
	if top := lines(m)[0]; !strings.Contains(top, "5 articles, 2 unread") {
		t.Errorf("after reading two: title bar %q", top)
	}
	if row := lines(m)[2]; !strings.HasPrefix(row, "  2024-11-12") {
		t.Errorf("the article read is still marked unread: %q", row)
	}
}

func TestMarkKeyToggles(t *testing.T) {
	st := openStore(t)
	as := testArticles(t)
	m := storedModel(t, st, Config{}, 80, 24, as)
	m = press(t, m, "m")
	if !isRead(t, st, as[0].ID) || !strings.Contains(statusLine(m), "marked read") {
		t.Fatalf("m on the list: read %v, status %q", isRead(t, st, as[0].ID), statusLine(m))
	}
	if !strings.Contains(lines(m)[0], "4 unread") || strings.HasPrefix(lines(m)[1], "●") {
		t.Errorf("m did not update the list: %q / %q", lines(m)[0], lines(m)[1])
	}
	m = press(t, m, "m")
	if isRead(t, st, as[0].ID) || !strings.Contains(statusLine(m), "marked unread") {
		t.Errorf("m again: read %v, status %q", isRead(t, st, as[0].ID), statusLine(m))
	}
	if !strings.HasPrefix(lines(m)[1], "● ") || !strings.Contains(lines(m)[0], "5 unread") {
		t.Errorf("marked unread, but the list shows %q / %q", lines(m)[0], lines(m)[1])
	}
	m = press(t, m, "G", "enter") // opening marks read; m in the article toggles it back
	if !isRead(t, st, as[4].ID) {
		t.Fatal("open did not mark read")
	}
	m = press(t, m, "m")
	if isRead(t, st, as[4].ID) || !strings.Contains(statusLine(m), "marked unread") || m.screen != articleScreen {
		t.Errorf("m in the article view: read %v, status %q", isRead(t, st, as[4].ID), statusLine(m))
	}
}

func TestStaleReadMarksKeepLocalChanges(t *testing.T) {
	st := openStore(t)
	as := testArticles(t)
	m := New(Config{Store: st, Sources: []string{"news.txt"}, Metrics: layout.NewMetrics(false)})
	m = send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m, fetch := sendCmd(t, m, articlesLoaded{ID: m.load.job.id, Articles: as})
	m = press(t, m, "enter") // marks the first read before the store's answer arrives
	m = press(t, m, "esc")
	answer := fetch() // asked before the mark was written: may or may not include it
	if batch, ok := answer.(tea.BatchMsg); ok {
		answer = batch[0]() // the read marks; the stars and subscriptions follow
	}
	if _, ok := answer.(readMarksLoaded); !ok {
		t.Fatalf("the load's command returned %T", answer)
	}
	m = send(t, m, answer)
	if m.readMarks.isUnread(identity(&as[0])) || !strings.Contains(lines(m)[0], "4 unread") {
		t.Errorf("the store's older answer undid the mark made since: %q", lines(m)[0])
	}
}

func TestUnreadMarkerFitsEveryWidth(t *testing.T) {
	st := openStore(t)
	as := testArticles(t)
	as[1].EN.Title += " … “quoted” — ambiguous"
	for _, wide := range []bool{false, true} {
		mt := layout.NewMetrics(wide)
		for _, lang := range []layout.Lang{layout.Chinese, layout.English, layout.Both} {
			for w := minWidth; w <= 200; w += 9 {
				m := storedModel(t, st, Config{Metrics: mt, Lang: lang, Color: true}, w, 12, as)
				where := fmt.Sprintf("%s at %d (ambiguous wide %v)", lang, w, wide)
				for _, screen := range []Model{m, press(t, m, "j"), press(t, m, "enter"), press(t, m, "s", "城市", "enter")} {
					checkRows(t, mt, screen, w, 12, where)
				}
				if w < 40 {
					continue
				}
				marker := "● "
				if wide {
					marker = "* "
				}
				if row := lines(m)[2]; !strings.HasPrefix(row, marker) { // the first was opened above
					t.Errorf("%s: unread row %q does not start with %q", where, row, marker)
				}
				if wide && strings.Contains(plain(m), "●") {
					t.Errorf("%s: an ambiguous-width marker is drawn in ambiguous-wide mode", where)
				}
			}
		}
	}
}

func TestUnreadTitleIsBold(t *testing.T) {
	st := openStore(t)
	as := testArticles(t)
	if err := st.SetRead(context.Background(), store.KeyOf(&as[1]), true); err != nil {
		t.Fatal(err)
	}
	m := storedModel(t, st, Config{Color: false}, 80, 24, as)
	raw := strings.Split(m.View().Content, "\n")
	bold := m.styles.Row.Unread.open
	if bold == "" || !strings.Contains(raw[3], bold+"老街改造完成") {
		t.Errorf("the unread title is not drawn with the unread style: %q", raw[3])
	}
	if strings.Contains(raw[2], bold+"高原湖泊") {
		t.Errorf("the read title is drawn as unread: %q", raw[2])
	}
}

func TestLanguageAndPositionAreRemembered(t *testing.T) {
	st := openStore(t)
	as := testArticles(t)
	m := storedModel(t, st, Config{}, 80, 24, as)
	for _, want := range []string{"en", "both", "zh"} {
		m = press(t, m, "t")
		if got := preference(t, st, prefLanguage); got != want {
			t.Errorf("after t: language preference %q, want %q", got, want)
		}
		if _, err := layout.ParseLang(want); err != nil {
			t.Errorf("the CLI cannot read %q back: %v", want, err)
		}
	}
	m = storedModel(t, st, Config{Position: as[3].ID}, 80, 24, as)
	if m.list.cursor != 3 || !strings.Contains(statusLine(m), "4/5") {
		t.Errorf("position %q: cursor %d, status %q", as[3].ID, m.list.cursor, statusLine(m))
	}
	m = storedModel(t, st, Config{Position: "gone"}, 80, 24, as)
	if m.list.cursor != 0 {
		t.Errorf("an unknown position moved the cursor to %d", m.list.cursor)
	}
	wide := storedModel(t, st, Config{Position: as[2].ID}, 170, 30, as)
	if !strings.Contains(plain(wide), "历时两年的老街改造工程") {
		t.Error("at 170 columns the restored position is not previewed")
	}
}

func TestNoStore(t *testing.T) {
	m := loadedModel(t, 80, 24, testArticles(t))
	m = press(t, m, "s")
	if m.search.on || !strings.Contains(statusLine(m), "search needs the store (disabled)") {
		t.Errorf("s without a store: %q", statusLine(m))
	}
	m = press(t, m, "m")
	if !strings.Contains(statusLine(m), "read marks need the store (disabled)") {
		t.Errorf("m without a store: %q", statusLine(m))
	}
	m = press(t, m, "enter", "t", "n", "esc")
	if strings.Contains(plain(m), "unread") || strings.Contains(plain(m), "●") {
		t.Errorf("without a store the list shows read marks:\n%s", plain(m))
	}
	if cmd := New(Config{Metrics: layout.NewMetrics(false)}).fetchReadMarks(); cmd != nil {
		t.Error("without a store the reader asks for read marks")
	}
}

func TestStoreNoticeShownOnce(t *testing.T) {
	notice := "store unavailable: /tmp/x/xinwen.db: database is from a newer xinwen; nothing is remembered"
	m := New(Config{StoreNotice: notice, Metrics: layout.NewMetrics(false)})
	m = send(t, m, tea.WindowSizeMsg{Width: 200, Height: 24})
	if !strings.Contains(statusLine(m), notice) || m.statusBad {
		t.Fatalf("status bar %q lacks the store notice (or shows it as a failure)", statusLine(m))
	}
	m = press(t, m, "j")
	if strings.Contains(statusLine(m), "store unavailable") {
		t.Errorf("the notice stays after a key")
	}
}

func TestSampleWithStoreGetsMarks(t *testing.T) {
	st := openStore(t)
	sample := feed.Sample()
	if err := st.SetRead(context.Background(), store.KeyOf(&sample[0]), true); err != nil {
		t.Fatal(err)
	}
	m := New(Config{Store: st, Metrics: layout.NewMetrics(false), Position: sample[len(sample)-1].ID})
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 24})
	m = send(t, m, m.fetchReadMarks()())
	want := fmt.Sprintf("%d unread", len(sample)-1)
	if !strings.Contains(lines(m)[0], want) || m.list.cursor != len(sample)-1 {
		t.Errorf("sample with a store: title %q (want %q), cursor %d", lines(m)[0], want, m.list.cursor)
	}
}

func TestOfflineCopyIsANotice(t *testing.T) {
	as := testArticles(t)
	url := "https://news.example.com/feed.xml"
	off := &feed.OfflineError{Source: url, Saved: time.Now().Add(-3*time.Hour - time.Minute),
		Err: &feed.SourceError{Source: url, Err: errors.New("HTTP 503 Service Unavailable")}}
	m := loadedModel(t, 120, 24, as, off)
	want := "offline copy of " + url + " from 3 hours ago (HTTP 503 Service Unavailable)"
	if row := lines(m)[1]; row != "↺ "+want {
		t.Errorf("row 1 is %q, want the offline notice", row)
	}
	if !strings.Contains(statusLine(m), want) || m.statusBad {
		t.Errorf("status bar %q (failure %v), want the notice", statusLine(m), m.statusBad)
	}
	if len(m.list.visible) != 5 || !strings.Contains(plain(m), "城市图书馆延长夜间开放时间") {
		t.Errorf("the offline copy's articles are not listed")
	}
	colour := New(Config{Sources: []string{"a"}, Metrics: layout.NewMetrics(false), Color: true})
	colour = send(t, colour, tea.WindowSizeMsg{Width: 120, Height: 24})
	colour = send(t, colour, articlesLoaded{ID: colour.load.job.id, Articles: as, Errs: []error{off}})
	raw := strings.Split(colour.View().Content, "\n")
	if raw[1] != colour.styles.Notice.Render("↺ "+want) || raw[1] == colour.styles.SourceErr.Render("↺ "+want) {
		t.Errorf("the offline line is not in the notice style: %q", raw[1])
	}
	bad := &feed.SourceError{Source: "missing.txt", Err: errors.New("no such file")}
	m = loadedModel(t, 120, 24, as, off, bad)
	if !strings.Contains(statusLine(m), "1 source failed") || !m.statusBad || !strings.HasPrefix(lines(m)[2], "✗ missing.txt") {
		t.Errorf("an offline copy and a failure: status %q, row 2 %q", statusLine(m), lines(m)[2])
	}
}

func TestFinishedLoadLetsTheLoaderSave(t *testing.T) {
	st := openStore(t)
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join("testdata", "e2e", "news.txt"))
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "news.txt")
	if err := os.WriteFile(src, b, 0o600); err != nil {
		t.Fatal(err)
	}
	loader := &feed.Loader{Cache: st}
	m := New(Config{Sources: []string{src}, Loader: loader, Store: st, Metrics: layout.NewMetrics(false)})
	m = send(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	m = send(t, m, finishLoad(m))
	loader.Wait()
	saved, _, err := st.SourceArticles(context.Background(), src)
	if err != nil || len(saved) != 5 {
		t.Errorf("after the load the store holds %d articles of the source (%v): the save was cut short", len(saved), err)
	}
	if len(m.list.articles) != 5 {
		t.Errorf("loaded %d articles", len(m.list.articles))
	}
}
