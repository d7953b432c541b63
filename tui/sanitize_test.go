package tui

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// hostileFileName is the file name of item 13 of the hardening issue.
const hostileFileName = "n\x1b[41mRED\x1b[8mHIDDEN\x1b[0m.txt"

// hostile returns marker followed by every kind of control a string from
// outside might carry: CSI (colour, concealment, screen clearing, cursor
// moves), OSC (window title, hyperlink, clipboard), DCS, an 8-bit C1 CSI,
// a raw ESC, BEL, a lone C0 control, DEL, bidi overrides, embeddings,
// isolates and marks. Only the marker and the words between the
// sequences are printable.
func hostile(marker string) string {
	return marker + "\x1b[41m\x1b[8mred\x1b[0m\x1b[2J\x1b[H" +
		"\x1b]0;pwned\x07\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\\x1b]52;c;cHduZWQ=\x07" +
		"\x1bP+q544e\x1b\\\u009b31mc1\x1b\x07\x01\x7f" +
		"\u202eabc\u202c\u202b\u202a\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c" + "end"
}

// ownSGR matches the styling sequences the reader itself draws without
// colour: bold, faint, italic, reverse and their resets. The hostile
// values use none of these (they set colours, conceal, clear and move), so
// any escape sequence left once these are removed came from outside.
var ownSGR = regexp.MustCompile(`\x1b\[(?:(?:0|1|2|3|7|22|23|27)?(?:;(?:0|1|2|3|7|22|23|27))*)m`)

// unsafeForTerminal returns a description of the first thing in screen that
// the terminal would obey rather than print, or "" when there is none:
// an escape sequence other than the reader's own styling, a C0 control
// other than the line break, DEL, a C1 control, invalid UTF-8 or a bidi
// control.
func unsafeForTerminal(screen string) string {
	rest := ownSGR.ReplaceAllString(screen, "")
	if !utf8.ValidString(rest) {
		return "invalid UTF-8"
	}
	for i, r := range rest {
		switch {
		case r == '\n':
		case r < 0x20 || r == 0x7F || r >= 0x80 && r <= 0x9F:
			return fmt.Sprintf("control %U at byte %d: %q", r, i, around(rest, i))
		case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
			return fmt.Sprintf("bidi control %U at byte %d: %q", r, i, around(rest, i))
		}
	}
	return ""
}

func around(s string, i int) string {
	return s[max(i-20, 0):min(i+20, len(s))]
}

func TestHostileHelperIsCaught(t *testing.T) {
	// The check must fail on the raw values it is fed, or it proves nothing.
	for _, s := range []string{hostile("x"), hostileFileName, "a\u202eb", "a\u2066b", "a\u009bb", "\x1b[7m\x1b[31mx"} {
		if unsafeForTerminal(s) == "" {
			t.Errorf("unsafeForTerminal(%q) finds nothing", s)
		}
	}
	if got := unsafeForTerminal("\x1b[7m中文\x1b[m \x1b[1;2m\x1b[0m\n"); got != "" {
		t.Errorf("the reader's own styling is reported: %s", got)
	}
}

// checkSafe fails the test when the model's screen holds anything the
// terminal would obey.
func checkSafe(t *testing.T, m Model, where string) {
	t.Helper()
	if bad := unsafeForTerminal(m.View().Content); bad != "" {
		t.Errorf("%s: %s\n%s", where, bad, plain(m))
	}
}

func TestFileNameWithEscapesIsCleanInRowAndTitleBar(t *testing.T) {
	// Item 13: the name came raw through domainOf's filepath.Base.
	source := "news/" + hostileFileName
	a := feed.Article{ID: "1", Source: source, ZH: &feed.Version{Title: "标题"}}
	m := New(Config{Sources: []string{source}, Metrics: layout.NewMetrics(false)})
	m = send(t, m, tea.WindowSizeMsg{Width: 100, Height: 10})
	m = send(t, m, articlesLoaded{ID: m.load.job.id, Articles: []feed.Article{a}})
	checkSafe(t, m, "list")
	ls := lines(m)
	if !strings.Contains(ls[0], "nREDHIDDEN.txt") || !strings.Contains(ls[1], "nREDHIDDEN.txt") {
		t.Errorf("title bar %q or row %q lacks the cleaned file name", ls[0], ls[1])
	}
}

func TestPercentEncodedOverrideInHostIsDropped(t *testing.T) {
	// Item 14: url.Hostname decodes %E2%80%AE into U+202E RIGHT-TO-LEFT
	// OVERRIDE, for the source's host and the link's.
	for _, a := range []feed.Article{
		{ID: "1", Source: "news.txt", Link: "http://%E2%80%AEelgoog.com/", ZH: &feed.Version{Title: "标题"}},
		{ID: "1", Source: "http://%E2%80%AEelgoog.com/feed.xml", ZH: &feed.Version{Title: "标题"}},
	} {
		m := loadedModel(t, 100, 10, []feed.Article{a})
		checkSafe(t, m, a.Source)
		if row := lines(m)[1]; !strings.Contains(row, "elgoog.com") {
			t.Errorf("%s: row %q lacks the host", a.Source, row)
		}
	}
}

func TestPastedBidiIsCleanInFilterAndSearchPrompts(t *testing.T) {
	// Item 15: pasted (or typed) bidi overrides were echoed raw by the
	// prompts, which drop only C0 and C1 controls.
	paste := tea.PasteMsg{Content: "\u202e城市\u2066 \x1b[31m"}
	typed := tea.KeyPressMsg{Code: 0x202E, Text: "\u202e"}

	m := loadedModel(t, 80, 12, testArticles(t))
	m = send(t, m, keys("/")...)
	m = send(t, m, paste, typed)
	checkSafe(t, m, "filter prompt")
	if v := m.filter.Value(); v != "城市" {
		t.Errorf("filter value %q, want 城市", v)
	}
	if len(m.list.visible) != 1 {
		t.Errorf("the pasted filter was not applied: %d headlines visible, want 1", len(m.list.visible))
	}
	m = send(t, m, keys("enter")...)
	checkSafe(t, m, "filter in force")

	s := storedModel(t, searchStore(t), Config{}, 80, 12, testArticles(t))
	s = press(t, s, "s")
	s = send(t, s, paste, typed)
	checkSafe(t, s, "search prompt")
	if v := s.search.input.Value(); v != "城市" {
		t.Errorf("search words %q", v)
	}
}

func TestTypedSpacesSurviveInputCleaning(t *testing.T) {
	// Cleaning the prompts must not take the space just typed between two
	// words away, nor the text before the cursor.
	m := loadedModel(t, 80, 12, testArticles(t))
	m = send(t, m, keys("/", "birds ")...)
	if v := m.filter.Value(); v != "birds " {
		t.Errorf("filter value %q, want %q", v, "birds ")
	}
	m = send(t, m, keys("lake")...)
	if v := m.filter.Value(); v != "birds lake" {
		t.Errorf("filter value %q, want %q", v, "birds lake")
	}
}

// hostileArticles are articles with a hostile value, each with its own
// marker, in every field the reader prints, and the markers to look for.
func hostileArticles() ([]feed.Article, []string) {
	day := time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)
	version := func(title, para, code string) *feed.Version {
		return &feed.Version{Title: hostile(title), Blocks: []feed.Block{
			{Text: hostile(para), Spans: []feed.Span{{Kind: feed.LinkSpan, Start: 0, End: 3, URL: "https://x.example/\x1b[31m\u202e"}}},
			{Kind: feed.Heading, Level: 2, Text: hostile(para + "h")},
			{Kind: feed.Code, Text: code + "\x1b[31m\u202e\nline two\x07"},
		}, Machine: &feed.Machine{Backend: hostile("QM"), Model: hostile("QN")}}
	}
	as := []feed.Article{
		{ID: "a1", Source: "dir/QS1" + hostileFileName, Link: "https://news.example.com/QL1\x1b]8;;http://evil\x07\u202e",
			Published: day, Keywords: []string{hostile("QK1"), "plain"},
			ZH: version("QZ1", "QB1", "QC1"), EN: version("QE1", "QF1", "QG1")},
		{ID: "a2", Feed: hostile("QD2"), Source: "https://feed.example.com/x.xml", ZH: version("QZ2", "QB2", "QC2")},
		{ID: "a3", Source: "https://%E2%80%AEQH3elgoog.com/feed.xml", EN: version("QE3", "QF3", "QG3")},
		{ID: "a4", Source: "news.txt", Link: "http://%E2%80%AEQJ4.com/\u202e", EN: version("QE4", "QF4", "QG4")},
	}
	markers := []string{"QS1", "QL1", "QK1", "QZ1", "QB1", "QB1h", "QC1", "QE1", "QF1", "QG1",
		"QD2", "QZ2", "QB2", "QH3", "QE3", "QF3", "QJ4", "QE4", "QF4"}
	return as, markers
}

func TestEveryPrintedFieldIsSanitised(t *testing.T) {
	as, markers := hostileArticles()
	errs := []error{
		&feed.SourceError{Source: "QS5" + hostileFileName, Err: errors.New(hostile("QR5"))},
		&feed.OfflineError{Source: "https://%E2%80%AEQO6.example/feed\u202e", Saved: time.Now().Add(-time.Hour),
			Err: &feed.SourceError{Source: "x", Err: errors.New(hostile("QR6"))}},
	}
	markers = append(markers, "QS5", "QR5", "QO6", "QR6", "QV", "QT", "QU", "QA", "QX", "QI", "QK",
		"QP", "QY", "QQ", "QW", "QE7")
	seen := map[string]bool{}
	for _, size := range [][2]int{{24, 6}, {60, 20}, {100, 30}, {170, 40}} {
		w, h := size[0], size[1]
		for name, m := range hostileScreens(t, w, h, as, errs) {
			where := fmt.Sprintf("%s at %d×%d", name, w, h)
			checkSafe(t, m, where)
			screen := plain(m)
			for _, mk := range markers {
				seen[mk] = seen[mk] || strings.Contains(screen, mk)
			}
		}
	}
	for _, mk := range markers {
		if !seen[mk] {
			t.Errorf("marker %s is on no screen: the walk misses the place that prints it", mk)
		}
	}
}

// hostileScreens drives a reader with hostile values everywhere into each
// of its screens at w×h, without colour.
func hostileScreens(t *testing.T, w, h int, as []feed.Article, errs []error) map[string]Model {
	t.Helper()
	// Each screen is a model of its own: copies of one model share its
	// page cache, which a load clears.
	cfg := Config{Sources: []string{"a", "b"}, Metrics: layout.NewMetrics(false), Version: hostile("QV"), StoreNotice: hostile("QT")}
	fresh := func(cfg Config) Model { return send(t, New(cfg), tea.WindowSizeMsg{Width: w, Height: h}) }
	loaded := func(cfg Config, as []feed.Article, errs []error) Model {
		m := fresh(cfg)
		return send(t, m, articlesLoaded{ID: m.load.job.id, Articles: as, Errs: errs})
	}
	// Two sources: the reader starts on the feeds screen; enter lists All.
	list := func(msgs ...tea.Msg) Model { return send(t, send(t, loaded(cfg, as, errs), keys("enter")...), msgs...) }
	one := cfg
	one.Sources = []string{"QU" + hostileFileName}
	paste := tea.PasteMsg{Content: hostile("QP")}
	screens := map[string]Model{
		"store notice":   fresh(cfg),
		"nothing loaded": loaded(one, nil, nil),
		"feeds":          loaded(cfg, as, errs),
		"list":           list(),
		"list english":   list(keys("t")...),
		"list both":      list(keys("t", "t")...),
		"help":           list(keys("?")...),
		"filter typing":  list(keys("/")[0], paste),
		"filter kept":    list(keys("/")[0], paste, keys("enter")[0]),
		"browser failed": list(browserExited{Argv: []string{hostile("QA")}, Err: errors.New(hostile("QX"))}),
		"not opened":     list(linkOpened{Err: errors.New(hostile("QI"))}),
		"pref failed":    list(preferenceSaved{Key: hostile("QK"), Err: errors.New("x")}),
	}
	for i := range as {
		down := keys(strings.Repeat("j", i))
		for _, lang := range []string{"", "t", "tt"} {
			screens[fmt.Sprintf("article %d %q", i, lang)] = list(append(down, keys("enter", lang)...)...)
		}
		screens[fmt.Sprintf("title bar %d", i)] = loaded(cfg, as[i:i+1], nil)
	}
	st := openStore(t)
	s := send(t, New(Config{Sources: []string{"a"}, Metrics: layout.NewMetrics(false), Store: st}), tea.WindowSizeMsg{Width: w, Height: h})
	s = send(t, s, articlesLoaded{ID: s.load.job.id, Articles: as})
	s = send(t, s, keys("s")[0], tea.PasteMsg{Content: hostile("QY")})
	screens["search typing"] = s
	s.search.on, s.input = true, inputKeys
	s.search.id++
	results := []feed.Article{{ID: "r", Source: "QW" + hostileFileName, EN: &feed.Version{Title: hostile("QE7")}}}
	s = send(t, s, searchDone{ID: s.search.id, Query: hostile("QQ"), Results: results})
	screens["search results"] = s
	screens["search failed"] = send(t, s, searchDone{ID: s.search.id, Err: errors.New(hostile("QX"))})
	return screens
}

func TestPrintableArticleCopiesOnlyWhatItCleans(t *testing.T) {
	as := testArticles(t)
	as[0].Keywords = append(as[0].Keywords, " untidy  but safe ")
	if got := printableArticle(&as[0]); got != &as[0] {
		t.Error("a safe article is copied")
	}
	hostile, _ := hostileArticles()
	a := &hostile[0]
	before := a.ZH.Blocks[0].Text
	c := printableArticle(a)
	if a.ZH.Blocks[0].Text != before || a.ZH.Blocks[0].Spans == nil {
		t.Error("printableArticle changed the article it was given")
	}
	if c.ZH.Blocks[0].Spans != nil {
		t.Error("a cleaned block keeps spans whose offsets no longer fit")
	}
	if got := c.ZH.Blocks[2].Text; got != "QC1\nline two" {
		t.Errorf("code block %q, want its two lines cleaned", got)
	}
	if unsafeForTerminal(c.Link+c.Keywords[0]+c.ZH.Title+c.ZH.Machine.Backend+c.ZH.Machine.Model) != "" {
		t.Errorf("printableArticle left controls in %+v", c)
	}
}

// BenchmarkPrintableMegabyteArticle is what renderPage adds to rendering
// the 1 MB article: the scan that finds nothing to clean (as in every
// parsed article), and cleaning a copy when one paragraph holds an escape
// sequence.
func BenchmarkPrintableMegabyteArticle(b *testing.B) {
	safe := megabyteArticle()
	b.Run("safe", func(b *testing.B) {
		for range b.N {
			if printableArticle(&safe) != &safe {
				b.Fatal("the safe article was copied")
			}
		}
	})
	one := megabyteArticle()
	one.EN.Blocks[len(one.EN.Blocks)/2].Text += "\x1b[31m"
	b.Run("one escape", func(b *testing.B) {
		for range b.N {
			if printableArticle(&one) == &one {
				b.Fatal("the article with an escape sequence was not cleaned")
			}
		}
	})
}
