package tui

import (
	"strings"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
)

// visibleIDs are the IDs of the articles the list shows, in order.
func visibleIDs(m Model) []string {
	var ids []string
	for _, k := range m.list.visible {
		ids = append(ids, m.list.articles[k].ID)
	}
	return ids
}

// elsewhereStore is startStore with c1, of a feed the reader is not
// given (unsubscribed since it was starred), starred and stored.
func elsewhereStore() *fakeStore {
	fs := startStore()
	other := feed.Article{Source: "/feeds/c.xml", ID: "c1", ZH: &feed.Version{Title: "丙一",
		Blocks: []feed.Block{{Text: "丙报的正文。"}}}}
	fs.stored = append(fs.stored, other)
	fs.stars[store.KeyOf(&other)] = true
	return fs
}

func TestStarredListsStarredArticlesOfFeedsNotGivenAndOnlyThere(t *testing.T) {
	fs := elsewhereStore()
	m, _ := stepOne(t, startModel(t, fs), fs)
	m = send(t, m, m.fetchHeadlines(m.load.job.id)())
	m, _ = sendCmd(t, m, m.fetchStored(m.load.job.id)())
	if top := lines(m)[0]; !strings.Contains(top, "4 articles") {
		t.Errorf("title bar %q, want the 4 articles of the two feeds: c1 is in none", top)
	}
	if line := lineWith(m, "All"); !strings.Contains(line, "4") {
		t.Errorf("All line %q, want 4", line)
	}
	m = press(t, m, "enter") // All
	for _, id := range visibleIDs(m) {
		if id == "c1" {
			t.Errorf("All lists c1, of a feed the reader was not given: %v", visibleIDs(m))
		}
	}
	m = press(t, m, "esc", "j", "j", "enter") // Starred
	if got := strings.Join(visibleIDs(m), " "); got != "b2 c1" {
		t.Fatalf("Starred lists %q, want b2 c1", got)
	}
	// c1 is a stub: its body is read from the store when it is opened.
	before, unread := fs.articles, m.unread
	m = press(t, m, "j", "enter")
	if a := m.selected(); a == nil || a.ID != "c1" {
		t.Fatalf("selected %v, want c1", a)
	}
	if fs.articles != before+1 || !strings.Contains(plain(m), "丙报的正文") {
		t.Errorf("c1 opened: %d bodies read (want %d), screen:\n%s", fs.articles, before+1, plain(m))
	}
	if m.unread != unread {
		t.Errorf("opening c1 took the unread count of the feeds from %d to %d: c1 is of none", unread, m.unread)
	}
	if m = press(t, m, "m"); m.unread != unread {
		t.Errorf("marking c1 unread took the unread count of the feeds from %d to %d", unread, m.unread)
	}
}

func TestStarredOfFeedsNotGivenSurviveARefreshOfTheOthers(t *testing.T) {
	fs := elsewhereStore()
	m, _ := stepOne(t, startModel(t, fs), fs)
	m = send(t, m, m.fetchHeadlines(m.load.job.id)())
	m, _ = sendCmd(t, m, m.fetchStored(m.load.job.id)())
	// b.xml is fetched again: its articles are replaced, c1 stays.
	var b []feed.Article
	for _, a := range startArticles() {
		if a.Source == "/feeds/b.xml" {
			b = append(b, a)
		}
	}
	m, _ = sendCmd(t, m, feedRefreshed{ID: m.refresh.job.id, Source: "/feeds/b.xml", Articles: b})
	m = press(t, m, "j", "j", "enter") // Starred
	if got := strings.Join(visibleIDs(m), " "); got != "b2 c1" {
		t.Errorf("Starred after a refresh of b.xml lists %q, want b2 c1", got)
	}
	if n := len(m.list.elsewhere); n != 1 || m.ownArticles() != 4 {
		t.Errorf("after the refresh: %d articles of other feeds, %d own; want 1 and 4", n, m.ownArticles())
	}
}

func TestStarredOfFeedsNotGivenJoinAListThatCameFirst(t *testing.T) {
	fs := elsewhereStore()
	m := startModel(t, fs)
	subs, _ := fs.Subscriptions(t.Context())
	m, _ = sendCmd(t, m, subscriptionsLoaded{ID: m.nextID, Subs: subs})
	m = send(t, m, m.fetchHeadlines(m.load.job.id)())
	m = press(t, m, "j") // the cursor on Unread, to be kept
	m = send(t, m, m.countStarred()())
	if e := m.feedEntries()[m.feeds.cursor]; e.name != "Unread" {
		t.Errorf("the cursor moved to %q when the starred articles came", e.name)
	}
	m = press(t, m, "j", "enter") // Starred
	if got := strings.Join(visibleIDs(m), " "); got != "b2 c1" {
		t.Errorf("Starred lists %q, want b2 c1", got)
	}
}
