package cli

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
)

// bilingualFeed is an RSS file of n bilingual items (a Chinese and an
// English paragraph each, so align has pairs), named tag-1..tag-n, item i
// published on day days[i] of January 2024.
func bilingualFeed(t *testing.T, dir, tag string, days ...int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>` + tag + `</title>`)
	for i, day := range days {
		fmt.Fprintf(&b, `<item><guid>%s-%d</guid><title>%s新闻%d</title><pubDate>%02d Jan 2024 08:00:00 +0800</pubDate>`+
			`<description><![CDATA[<p>%s第%d条消息说明天下雨。</p><p>The %s item %d says it will rain tomorrow.</p>]]></description></item>`,
			tag, i+1, tag, i+1, day, tag, i+1, tag, i+1)
	}
	b.WriteString(`</channel></rss>`)
	path := filepath.Join(dir, tag+".xml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestShowAlignAndExportNumberArticlesAsListDoesWithSubscriptions(t *testing.T) {
	vars := subsEnv(t)
	dir := t.TempDir()
	// The two feeds' dates interleave: newest first, the list alternates.
	mustRun(t, vars, 0, "add", bilingualFeed(t, dir, "甲", 9, 7, 5))
	mustRun(t, vars, 0, "add", bilingualFeed(t, dir, "乙", 8, 6, 4))
	mustRun(t, vars, 0, "refresh")
	out, _ := mustRun(t, vars, 0, "list")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 6 || !strings.HasSuffix(lines[1], "\t乙新闻1") {
		t.Fatalf("list: %q, want six headlines newest first, 乙新闻1 second", lines)
	}
	exportOut, _ := mustRun(t, vars, 0, "export")
	exports := strings.Split(strings.TrimSuffix(exportOut, "\n"), "\n")
	if len(exports) != len(lines) {
		t.Fatalf("export printed %d articles, list %d", len(exports), len(lines))
	}
	for i, line := range lines {
		n := fmt.Sprint(i + 1)
		title := line[strings.LastIndex(line, "\t")+1:]
		shown, _ := mustRun(t, vars, 0, "show", n, "--width", "80")
		if !strings.Contains(shown, title) {
			t.Errorf("show %s does not show %q, which list numbers %s:\n%s", n, title, n, shown)
		}
		var e exported
		if err := json.Unmarshal([]byte(exports[i]), &e); err != nil || e.ZH == nil || e.ZH.Title != title {
			t.Errorf("export's article %s is %s (%v), want %q", n, exports[i], err, title)
		}
		tag, num, _ := strings.Cut(title, "新闻")
		aligned, _ := mustRun(t, vars, 0, "align", n)
		var p alignedPair
		if err := json.Unmarshal([]byte(strings.SplitN(aligned, "\n", 2)[0]), &p); err != nil ||
			p.Article != i+1 || !strings.HasPrefix(p.ZH, tag+"第"+num+"条") {
			t.Errorf("align %s begins %q (%v), want the pairs of article %s, %q", n, aligned, err, n, title)
		}
	}
}

func TestShowOfAFeedThatAnswers304IsTheArticleListNumbers(t *testing.T) {
	vars := subsEnv(t)
	f := &datedFeed{}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	url := srv.URL + "/feed.xml"
	mustRun(t, vars, 0, "list", url)
	shown, errOut := mustRun(t, vars, 0, "show", url, "3", "--width", "80")
	if !strings.Contains(shown, "新闻3") || !strings.Contains(shown, "正文3。") || errOut != "" {
		t.Errorf("show %s 3 after a 304: stdout %q, stderr %q; want 新闻3, the third item of the feed", url, shown, errOut)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.full != 1 || f.not304 != 1 {
		t.Errorf("the feed was sent whole %d times and answered 304 %d times; want 1 and 1", f.full, f.not304)
	}
}

func TestShowUnreadNumbersAsListUnreadDoes(t *testing.T) {
	vars := subsEnv(t)
	dir := t.TempDir()
	path := bilingualFeed(t, dir, "甲", 9, 7, 5)
	mustRun(t, vars, 0, "add", path)
	mustRun(t, vars, 0, "refresh")
	db, err := sql.Open("sqlite", vars["XINWEN_TEST_DB"])
	if err != nil {
		t.Fatal(err)
	}
	// The newest is read: list --unread starts at the second.
	if _, err := db.Exec("INSERT INTO read_marks (source, article_id, read_at) VALUES (?, '甲-1', 1)", path); err != nil {
		t.Fatal(err)
	}
	db.Close()
	out, _ := mustRun(t, vars, 0, "list", "--unread")
	if want := "1\t2024-01-07\tzh+en\t甲新闻2\n2\t2024-01-05\tzh+en\t甲新闻3\n"; out != want {
		t.Fatalf("list --unread: %q, want %q", out, want)
	}
	shown, _ := mustRun(t, vars, 0, "show", "--unread", "1", "--width", "80")
	if !strings.Contains(shown, "甲新闻2") {
		t.Errorf("show --unread 1 does not show 甲新闻2, the first line of list --unread:\n%s", shown)
	}
	exported, _ := mustRun(t, vars, 0, "export", "--unread")
	if n := strings.Count(exported, "\n"); n != 2 || !strings.Contains(exported, "甲新闻3") || strings.Contains(exported, "甲新闻1") {
		t.Errorf("export --unread printed %d articles, want the two unread:\n%s", n, exported)
	}
	code, _, errOut := run(t, "", vars, "show", "--unread", "--no-store", "1")
	if code != 2 || !strings.Contains(errOut, "--unread needs the store") {
		t.Errorf("show --unread --no-store: exit %d, stderr %q; want 2 and why", code, errOut)
	}
}

// A headline whose article went from the store is named by its number in
// the whole listing, not in its part.
func TestAnArticleGoneSinceItWasListedIsNamedByItsNumber(t *testing.T) {
	ctx := t.Context()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "xinwen.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	loaded := []feed.Article{{ID: "a1", Source: "a.xml"}, {ID: "a2", Source: "a.xml"}}
	gone := store.Headline{Key: store.ArticleKey{Source: "https://b.example/feed", ID: "b1"}, TitleZH: "已删"}
	ls := listing{parts: []listPart{{articles: loaded}, {heads: []store.Headline{gone}}}}
	if a, ok, err := ls.article(ctx, st, 2); !ok || err != nil || a.ID != "a2" {
		t.Errorf("article 2: %v, %v, %v; want a2", a.ID, ok, err)
	}
	_, ok, err := ls.article(ctx, st, 3)
	if ok || err == nil || !strings.Contains(err.Error(), "article 3 (已删) is no longer stored") {
		t.Errorf("article 3, gone from the store: %v, %v; want it named as article 3", ok, err)
	}
	if _, err := ls.all(ctx, st); err == nil || !strings.Contains(err.Error(), "article 3 ") {
		t.Errorf("all: %v; want article 3 named", err)
	}
	if _, ok, err := ls.article(ctx, st, 4); ok || err != nil {
		t.Errorf("article 4 of 3: %v, %v; want none", ok, err)
	}
}
