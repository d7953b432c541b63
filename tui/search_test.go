package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
)

// storedElsewhere are articles in the store that the reader did not load.
func storedElsewhere() []feed.Article {
	day := time.Date(2024, 9, 1, 8, 0, 0, 0, time.UTC)
	return []feed.Article{
		{ID: "typhoon-1", Source: "https://other.example.com/feed.xml", Published: day, Feed: "Other News",
			ZH: &feed.Version{Title: "台风登陆沿海城市", Blocks: []feed.Block{{Text: "今年第十一号台风今晨登陆，沿海城市停课停工。"}}},
			EN: &feed.Version{Title: "Typhoon makes landfall", Blocks: []feed.Block{{Text: "The eleventh typhoon of the year made landfall this morning."}}}},
		{ID: "typhoon-2", Source: "https://other.example.com/feed.xml", Published: day.Add(time.Hour), Feed: "Other News",
			ZH: &feed.Version{Title: "台风过后全市恢复供电", Blocks: []feed.Block{{Text: "台风过后，电力部门连夜抢修，全市已恢复供电。"}}}},
	}
}

// searchStore is a store holding the test articles and two more.
func searchStore(t testing.TB) *store.Store {
	t.Helper()
	st := openStore(t)
	ctx := context.Background()
	if err := st.SaveSource(ctx, "news.txt", testArticles(t), time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveSource(ctx, "https://other.example.com/feed.xml", storedElsewhere(), time.Now()); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestSearchFindsAndOpens(t *testing.T) {
	st := searchStore(t)
	as := testArticles(t)
	m := storedModel(t, st, Config{}, 80, 24, as)
	m = press(t, m, "s")
	if m.input != inputSearch || !strings.Contains(lines(m)[1], "search:") {
		t.Fatalf("s opens no prompt:\n%s", plain(m))
	}
	m = press(t, m, "候鸟", "enter")
	if len(m.list.articles) != 1 || m.list.articles[0].ID != as[1].ID || !strings.Contains(lines(m)[0], "search: 候鸟") ||
		!strings.Contains(lines(m)[0], "1 result, 1 unread") {
		t.Fatalf("search 候鸟:\n%s", plain(m))
	}
	if !strings.HasPrefix(lines(m)[2], "● 2024-11-12  高原湖泊") {
		t.Errorf("the result row is not drawn like a headline: %q", lines(m)[2])
	}
	m = press(t, m, "enter")
	if m.screen != articleScreen || !strings.Contains(plain(m), "保护区工作人员") || !isRead(t, st, as[1].ID) {
		t.Fatalf("enter on the result does not open it (and mark it read):\n%s", plain(m))
	}
	m = press(t, m, "esc", "esc")
	if m.search.on || len(m.list.articles) != 5 || m.list.cursor != 0 || !strings.Contains(lines(m)[0], "5 articles, 4 unread") {
		t.Fatalf("esc esc does not go back to the headlines:\n%s", plain(m))
	}
	m = press(t, m, "s", "backspace", "backspace", "VOLUNTEERS", "enter")
	if len(m.list.articles) != 1 || m.list.articles[0].ID != as[3].ID {
		t.Errorf("search VOLUNTEERS found %d articles", len(m.list.articles))
	}
}

func TestSearchResultsNotLoaded(t *testing.T) {
	st := searchStore(t)
	m := storedModel(t, st, Config{}, 100, 24, testArticles(t))
	m = press(t, m, "s", "台风", "enter")
	if len(m.list.articles) != 2 || !strings.Contains(lines(m)[0], "2 results, 2 unread") {
		t.Fatalf("search 台风:\n%s", plain(m))
	}
	m = press(t, m, "enter")
	first := m.list.articles[m.list.open].ID
	if !strings.Contains(plain(m), "台风") || !strings.Contains(statusLine(m), "1/2") {
		t.Fatalf("the first result is not shown:\n%s", plain(m))
	}
	m = press(t, m, "n")
	second := m.list.articles[m.list.open].ID
	if second == first || !strings.Contains(statusLine(m), "2/2") || !isReadKey(t, st, store.KeyOf(&m.list.articles[m.list.open])) {
		t.Errorf("n does not move to the second result: %s then %s, status %q", first, second, statusLine(m))
	}
	m = press(t, m, "n")
	if !strings.Contains(statusLine(m), "last article") {
		t.Errorf("n past the last result: %q", statusLine(m))
	}
	m = press(t, m, "esc")
	if !strings.Contains(lines(m)[0], "2 results, 0 unread") {
		t.Errorf("back on the results: %q", lines(m)[0])
	}
	m = press(t, m, "q")
	if m.search.on || len(m.list.articles) != 5 {
		t.Errorf("q on the results does not go back to the headlines")
	}
	m = press(t, m, "s")
	if m.search.input.Value() != "台风" {
		t.Errorf("s again does not offer the last words: %q", m.search.input.Value())
	}
	m = press(t, m, "backspace", "backspace", "enter")
	if m.input != inputSearch || !strings.Contains(statusLine(m), "type a word") {
		t.Errorf("enter without words: input %d, status %q", m.input, statusLine(m))
	}
}

func TestStaleSearchIsDropped(t *testing.T) {
	st := searchStore(t)
	m := storedModel(t, st, Config{}, 80, 24, testArticles(t))
	m = press(t, m, "s", "候鸟")
	m, older := sendCmd(t, m, keys("enter")[0])
	m = press(t, m, "s", "backspace", "backspace", "台风", "enter")
	m = send(t, m, older())
	if len(m.list.articles) != 2 || m.search.query != "台风" {
		t.Errorf("an older search replaced the newer results: %d results for %q", len(m.list.articles), m.search.query)
	}
	_, late := sendCmd(t, press(t, m, "s", "骑楼"), keys("enter")[0])
	m = press(t, m, "esc")
	m = send(t, m, late())
	if m.search.on || len(m.list.articles) != 5 {
		t.Errorf("a search finishing after esc brought the results back")
	}
}

func TestLoadDuringSearchLandsInTheHeadlines(t *testing.T) {
	st := searchStore(t)
	as := testArticles(t)
	m := storedModel(t, st, Config{}, 80, 24, as)
	m = press(t, m, "s", "台风", "enter")
	m, _ = sendCmd(t, m, keys("r")[0])
	m, cmd := sendCmd(t, m, articlesLoaded{ID: m.load.job.id, Articles: as[:3]})
	m = runCmd(t, m, cmd)
	if len(m.list.articles) != 2 || !m.search.on {
		t.Fatalf("a reload replaced the search results: %d listed", len(m.list.articles))
	}
	m = press(t, m, "esc")
	if len(m.list.articles) != 3 || !strings.Contains(lines(m)[0], "3 articles, 3 unread") {
		t.Errorf("the reload did not reach the headlines: %q", lines(m)[0])
	}
}
