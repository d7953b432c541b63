package tui

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/align"
	"github.com/xinwen-reader/xinwen/tui/layout"
	"github.com/xinwen-reader/xinwen/tui/pairs"
)

// seedArticle is the original bilingual article of the built-in sample:
// four paragraphs, eight sentences on each side, translated one by one.
func seedArticle(t testing.TB) feed.Article {
	t.Helper()
	a := feed.Sample()[0]
	if a.ZH == nil || a.EN == nil || len(a.ZH.Blocks) != 4 || len(a.EN.Blocks) != 4 {
		t.Fatalf("the sample's first article is not the seed: %+v", a)
	}
	return a
}

// mergedSeedArticle is the seed with its first two English paragraphs
// merged into one, so that the Chinese paragraphs 0 and 1 belong beside
// English paragraph 0.
func mergedSeedArticle(t testing.TB) feed.Article {
	t.Helper()
	a := seedArticle(t)
	en := *a.EN
	b := en.Blocks
	en.Blocks = append([]feed.Block{{Text: b[0].Text + " " + b[1].Text}}, b[2:]...)
	a.EN, a.ID = &en, "merged"
	return a
}

// sentenceModel is a reader at w×h (colour as given) on articles, the first
// open in lang.
func sentenceModel(t testing.TB, w, h int, color bool, lang layout.Lang, articles ...feed.Article) Model {
	t.Helper()
	m := New(Config{Sources: []string{"news.txt"}, Metrics: layout.NewMetrics(false), Color: color, Lang: lang, Version: "test"})
	m = send(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	m = send(t, m, articlesLoaded{ID: m.load.job.id, Articles: articles})
	return press(t, m, "enter")
}

// rowStarting returns the screen row whose left (or right) column starts
// with text, or -1.
func rowStarting(m Model, right bool, text string) int {
	for i, l := range lines(m) {
		left, rest, ok := strings.Cut(l, "│")
		if !ok {
			continue
		}
		cell := left
		if right {
			cell = rest
		}
		if strings.HasPrefix(strings.TrimLeft(cell, " <"), text) {
			return i
		}
	}
	return -1
}

// TestBothGroupsMergedParagraphs: in the reader, side by side, the Chinese
// paragraphs 0 and 1 sit beside the merged English paragraph and every
// later paragraph starts on the row of its translation.
func TestBothGroupsMergedParagraphs(t *testing.T) {
	m := sentenceModel(t, 120, 60, true, layout.Both, mergedSeedArticle(t))
	zh := []int{rowStarting(m, false, "近日,公安部"), rowStarting(m, false, "近年来,缅北"), rowStarting(m, false, "在此次打击"), rowStarting(m, false, "为进一步加强")}
	en := []int{rowStarting(m, true, "Recently, the"), rowStarting(m, true, "In this strike"), rowStarting(m, true, "To further")}
	if zh[0] < 0 || zh[0] != en[0] || !(zh[1] > zh[0] && zh[1] < en[1]) || zh[2] != en[1] || zh[3] != en[2] {
		t.Errorf("Chinese paragraphs on rows %v, English on %v:\n%s", zh, en, plain(m))
	}
}

// TestLongArticleShowsAtOnceAndRegroups: an article too long to align inside
// Update shows block beside block at once, and regroups when the alignment
// computed in a command arrives.
func TestLongArticleShowsAtOnceAndRegroups(t *testing.T) {
	a := mergedSeedArticle(t)
	for articleBytes(&a) < syncAlignBytes {
		a.ZH.Blocks = append(a.ZH.Blocks, a.ZH.Blocks[2:]...)
		a.EN.Blocks = append(a.EN.Blocks, a.EN.Blocks[1:]...)
	}
	m := New(Config{Sources: []string{"news.txt"}, Metrics: layout.NewMetrics(false), Lang: layout.Both})
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 60})
	m = send(t, m, articlesLoaded{ID: m.load.job.id, Articles: []feed.Article{a}})
	m, cmd := sendCmd(t, m, keys("enter")[0])
	if _, ok := m.alignmentOf(&m.list.articles[0]); ok {
		t.Fatal("a long article was aligned inside Update")
	}
	if zh, en := rowStarting(m, false, "在此次打击"), rowStarting(m, true, "In this strike"); zh < 0 || zh == en {
		t.Fatalf("the first frame is not block beside block (rows %d and %d):\n%s", zh, en, plain(m))
	}
	m = runCmd(t, m, cmd)
	if _, ok := m.alignmentOf(&m.list.articles[0]); !ok {
		t.Fatal("the alignment did not arrive")
	}
	if zh, en := rowStarting(m, false, "在此次打击"), rowStarting(m, true, "In this strike"); zh < 0 || zh != en {
		t.Errorf("after the alignment, Chinese paragraph 2 is on row %d and its translation on %d:\n%s", zh, en, plain(m))
	}
}

// TestShortArticleWaitsForNoDictionary: until the aligner has read its
// dictionary (about 50 ms, once), a short article is aligned in a command
// too, so that the key that opens it never waits for the reading.
func TestShortArticleWaitsForNoDictionary(t *testing.T) {
	saved := alignReady
	alignReady = func() bool { return false }
	defer func() { alignReady = saved }()
	m := New(Config{Sources: []string{"news.txt"}, Metrics: layout.NewMetrics(false), Lang: layout.Both})
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 60})
	m = send(t, m, articlesLoaded{ID: m.load.job.id, Articles: []feed.Article{mergedSeedArticle(t)}})
	m, cmd := sendCmd(t, m, keys("enter")[0])
	if _, ok := m.alignmentOf(&m.list.articles[0]); ok {
		t.Fatal("the article was aligned inside Update before the dictionary was read")
	}
	m = runCmd(t, m, cmd)
	if _, ok := m.alignmentOf(&m.list.articles[0]); !ok {
		t.Fatal("the alignment did not arrive from its command")
	}
}

// TestSentenceMovesBeforeTheAlignmentAreKept: ) pressed while the
// alignment is still being computed is not lost: when it arrives the cursor
// stands where the same presses would have put it.
func TestSentenceMovesBeforeTheAlignmentAreKept(t *testing.T) {
	saved := alignReady
	alignReady = func() bool { return false }
	defer func() { alignReady = saved }()
	open := func() (Model, tea.Cmd) {
		m := New(Config{Sources: []string{"news.txt"}, Metrics: layout.NewMetrics(false), Lang: layout.Both})
		m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 60})
		m = send(t, m, articlesLoaded{ID: m.load.job.id, Articles: []feed.Article{mergedSeedArticle(t)}})
		return sendCmd(t, m, keys("enter")[0])
	}
	early, cmd := open()
	for range 3 {
		early = press(t, early, ")")
	}
	early = runCmd(t, early, cmd)
	late, cmd := open()
	late = runCmd(t, late, cmd)
	for range 3 {
		late = press(t, late, ")")
	}
	id := identity(&late.list.articles[0])
	if !early.sent.on || early.sent.at[id] != late.sent.at[id] || late.sent.at[id] != 2 {
		t.Errorf("after ) three times before the alignment the cursor is on pair %d (on: %v); after it, %d",
			early.sent.at[id], early.sent.on, late.sent.at[id])
	}
}

func TestAlignmentFromBeforeAReloadIsDropped(t *testing.T) {
	c := newPageCache()
	gen, ok := c.aligns.claim("a")
	if !ok {
		t.Fatal("claim refused")
	}
	if _, again := c.aligns.claim("a"); again {
		t.Error("an article being aligned was claimed twice")
	}
	c.clear()
	c.aligns.put("a", &layout.Alignment{}, gen)
	if _, ok := c.aligns.get("a"); ok {
		t.Error("an alignment started before the cache was cleared was kept")
	}
}

// markedRows returns the screen rows that carry the cursor's marker: beside
// the rule (">│" or "│<") or in the gutter of one column ("> ").
func markedRows(m Model) []int {
	var out []int
	for i, l := range lines(m)[1:] {
		if strings.Contains(l, ">│") || strings.Contains(l, "│<") || strings.HasPrefix(l, "> ") {
			out = append(out, i+1)
		}
	}
	return out
}

// markedText is the text of the marked rows without the marks, the left
// column's (or the only column's) and then the right column's, each with
// its rows joined by spaces.
func markedText(m Model) string {
	ls := lines(m)
	var left, right []string
	for _, i := range markedRows(m) {
		l, r, _ := strings.Cut(strings.TrimPrefix(ls[i], "> "), "│")
		left = append(left, strings.Fields(strings.TrimSuffix(l, ">"))...)
		right = append(right, strings.Fields(strings.TrimPrefix(r, "<"))...)
	}
	return strings.Join(left, " ") + "\n" + strings.Join(right, " ")
}

func TestSentenceCursorSurvivesResizeLanguageAndNextPrevious(t *testing.T) {
	seed := mergedSeedArticle(t)
	other := seedArticle(t)
	other.ID = "other"
	m := sentenceModel(t, 120, 40, false, layout.Both, seed, other)
	if len(markedRows(m)) != 0 {
		t.Fatalf("a marker before ) was pressed:\n%s", plain(m))
	}
	m = press(t, m, ")", ")", ")")
	third := "这一成果充分展示了" // the seed's third sentence pair
	check := func(where string, wantText string) {
		t.Helper()
		if i, _, ok := m.cursorPair(m.shownArticle()); !ok || i != 2 {
			t.Errorf("%s: the cursor is on pair %d (on %v), want 3", where, i+1, ok)
		}
		if got := markedText(m); !strings.Contains(strings.ReplaceAll(got, " ", ""), wantText) {
			t.Errorf("%s: the marked rows do not hold the third pair (%q):\n%s\nscreen:\n%s", where, wantText, got, plain(m))
		}
	}
	check("after ) three times", third)
	if !strings.Contains(markedText(m), "This achievement fully") || !strings.Contains(statusLine(m), "pair 3/8") {
		t.Errorf("the English side is not marked, or the status lacks the pair:\n%s", plain(m))
	}
	m = send(t, m, tea.WindowSizeMsg{Width: 60, Height: 30})
	check("at 60×30, interleaved", third)
	m = press(t, m, "t")
	check("in 中文", third)
	m = press(t, m, "t")
	check("in English", "Thisachievement")
	m = press(t, m, "t", "n")
	if m.shownArticle().ID != "other" || !m.sent.on {
		t.Fatalf("n: article %q, cursor on %v", m.shownArticle().ID, m.sent.on)
	}
	m = press(t, m, "p")
	check("after n and p", third)
	m = press(t, m, "esc")
	if m.sent.on || len(markedRows(m)) != 0 || m.screen != articleScreen {
		t.Errorf("esc: cursor on %v, screen %v, marked rows %v", m.sent.on, m.screen, markedRows(m))
	}
	if m = press(t, m, "esc"); m.screen != listScreen {
		t.Errorf("a second esc does not go back to the list")
	}
}

// shownArticle is the article in the article pane.
func (m Model) shownArticle() *feed.Article {
	a, _ := m.shown()
	return a
}

func TestSentenceCursorViewportFollows(t *testing.T) {
	m := sentenceModel(t, 80, 12, false, layout.Chinese, mergedSeedArticle(t))
	for i := range 9 { // the seed has 8 pairs
		m = press(t, m, ")")
		rows := markedRows(m)
		if len(rows) == 0 {
			t.Fatalf("pair %d is not in view (scroll %d):\n%s", i+1, m.list.scroll, plain(m))
		}
	}
	if m.list.scroll == 0 {
		t.Error("the view did not follow the cursor down")
	}
	if !strings.Contains(statusLine(m), "last sentence pair") {
		t.Errorf("past the last pair: status %q", statusLine(m))
	}
	for range 8 {
		m = press(t, m, "(")
	}
	if i, _, _ := m.cursorPair(m.shownArticle()); i != 0 || len(markedRows(m)) == 0 {
		t.Errorf("( back to the first pair: pair %d, marked %v", i+1, markedRows(m))
	}
}

func TestCopyPairSendsBothLines(t *testing.T) {
	m := sentenceModel(t, 120, 40, false, layout.Both, mergedSeedArticle(t))
	m, cmd := sendCmd(t, m, keys("c")[0])
	if cmd != nil || !strings.Contains(statusLine(m), "no sentence pair") {
		t.Errorf("c without the cursor: %q", statusLine(m))
	}
	m = press(t, m, ")", ")", ")")
	_, cmd = sendCmd(t, m, keys("c")[0])
	want := "这一成果充分展示了我国在打击电信网络诈骗犯罪方面的决心和力度。\n" +
		"This achievement fully demonstrates China’s determination and strength in combating telecom fraud crimes."
	if cmd == nil || !reflect.DeepEqual(cmd(), tea.SetClipboard(want)()) {
		t.Errorf("c does not copy the pair:\n%q", want)
	}
}

// TestGridStartsEveryPairOnOneRow: with a, every sentence pair starts on
// the same row on both sides.
func TestGridStartsEveryPairOnOneRow(t *testing.T) {
	a := mergedSeedArticle(t)
	m := press(t, sentenceModel(t, 120, 80, true, layout.Both, a), "a")
	if !strings.Contains(statusLine(m), "grid on") {
		t.Errorf("status %q", statusLine(m))
	}
	al := align.Article(a.ZH, a.EN)
	for i, p := range pairs.Layout(al).Pairs {
		zh, en := pairs.Text(&a, p)
		zr, er := rowStarting(m, false, firstRunes(zh, 6)), rowStarting(m, true, firstRunes(en, 12))
		if zr < 0 || zr != er {
			t.Errorf("pair %d starts on row %d in Chinese and %d in English:\n%s", i+1, zr, er, plain(m))
		}
	}
	if m = press(t, m, "a"); rowStarting(m, false, "截至目前") >= 0 {
		t.Errorf("a second a leaves the grid on:\n%s", plain(m))
	}
}

func firstRunes(s string, n int) string {
	r := []rune(s)
	return string(r[:min(n, len(r))])
}

func TestSentenceKeysInStatusBarAndHelp(t *testing.T) {
	m := sentenceModel(t, 120, 40, false, layout.Both, mergedSeedArticle(t))
	if !strings.Contains(statusLine(m), ") sentences") {
		t.Errorf("the article's status bar lacks the sentence key: %q", statusLine(m))
	}
	m = press(t, m, ")")
	for _, want := range []string{") next pair", "( prev pair", "c copy pair", "a grid", "esc leave pairs", "pair 1/8"} {
		if !strings.Contains(statusLine(m), want) {
			t.Errorf("in sentence mode the status bar lacks %q: %q", want, statusLine(m))
		}
	}
	m = press(t, m, "?")
	for _, want := range []string{"next pair", "prev pair", "copy pair", "leave pairs", "grid"} {
		if !strings.Contains(plain(m), want) {
			t.Errorf("help lacks %q", want)
		}
	}
}

func TestOneLanguageArticleHasNoPairs(t *testing.T) {
	a := seedArticle(t)
	a.EN = nil
	m := press(t, sentenceModel(t, 80, 24, false, layout.Both, a), ")")
	if !strings.Contains(statusLine(m), "one language") || len(markedRows(m)) != 0 {
		t.Errorf(") on a Chinese-only article: %q", statusLine(m))
	}
}

// alignGoldens are the reader's aligned screens kept as golden files in
// testdata/align/golden, without colour (NO_COLOR), so the cursor's marker
// is what shows it.
func alignGoldens(t *testing.T) map[string]Model {
	a := mergedSeedArticle(t)
	both := func(w, h int) Model { return sentenceModel(t, w, h, false, layout.Both, a) }
	return map[string]Model{
		"grouped-120x40":       both(120, 40),
		"interleaved-60x40":    both(60, 40),
		"grid-120x40":          press(t, both(120, 40), "a"),
		"cursor-both-120x40":   press(t, both(120, 40), ")", ")", ")"),
		"cursor-inter-60x40":   press(t, both(60, 40), ")", ")", ")"),
		"cursor-zh-80x24":      press(t, sentenceModel(t, 80, 24, false, layout.Chinese, a), ")", ")"),
		"cursor-grid-120x40":   press(t, both(120, 40), "a", ")", ")", ")", ")"),
		"cursor-en-last-80x24": press(t, sentenceModel(t, 80, 24, false, layout.English, a), ")", "G", "(", "("),
	}
}

func TestAlignGoldenViews(t *testing.T) {
	mt := layout.NewMetrics(false)
	for name, m := range alignGoldens(t) {
		t.Run(name, func(t *testing.T) {
			got := plain(m) + "\n"
			for i, l := range lines(m) {
				if mt.Width(l) > m.width {
					t.Errorf("row %d is %d columns wide, more than %d", i, mt.Width(l), m.width)
				}
			}
			path := filepath.Join("testdata", "align", "golden", name+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run TestAlignGoldenViews -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the view (go test -run TestAlignGoldenViews -update refreshes it)\n--- got:\n%s--- want:\n%s", path, got, want)
			}
		})
	}
}

// TestColourHighlightIsOverTheWindowOnly: with colour, the cursor's pair is
// lit in reverse video, and only rows of the pane change.
func TestColourHighlightIsOverTheWindowOnly(t *testing.T) {
	m := sentenceModel(t, 120, 20, true, layout.Both, mergedSeedArticle(t))
	m = press(t, m, ")", ")", ")", ")", ")", ")")
	screen := m.View().Content
	if !strings.Contains(screen, "\x1b[7m") && !strings.Contains(screen, ";7m") && !strings.Contains(screen, "\x1b[4m") {
		t.Errorf("no reverse video or underline on the lit pair:\n%q", screen)
	}
	if n := len(lines(m)); n != 20 {
		t.Errorf("%d rows, want 20", n)
	}
	if len(markedRows(m)) == 0 {
		t.Errorf("no marker with colour on:\n%s", plain(m))
	}
}

// TestPendingMovesAreMadeOnceWhicheverAlignmentComesFirst: a move pressed
// while the alignment was coming, then the article aligned at once (the
// dictionary read meanwhile), then a second move, then the command's late
// result: the cursor stands on the second pair, not back on the first.
func TestPendingMovesAreMadeOnceWhicheverAlignmentComesFirst(t *testing.T) {
	saved := alignReady
	ready := false
	alignReady = func() bool { return ready }
	defer func() { alignReady = saved }()
	m := New(Config{Sources: []string{"news.txt"}, Metrics: layout.NewMetrics(false), Lang: layout.Both})
	m = send(t, m, tea.WindowSizeMsg{Width: 120, Height: 60})
	m = send(t, m, articlesLoaded{ID: m.load.job.id, Articles: []feed.Article{mergedSeedArticle(t)}})
	m, cmd := sendCmd(t, m, keys("enter")[0])
	m = press(t, m, ")") // kept: no alignment yet
	ready = true
	m = press(t, m, ")")  // aligns at once, makes the kept move, then this one
	m = runCmd(t, m, cmd) // the command's result comes late
	m = press(t, m, ")")
	if got := m.sent.at[identity(&m.list.articles[0])]; got != 2 {
		t.Errorf("after ) three times the cursor is on pair %d, want 2", got)
	}
}
