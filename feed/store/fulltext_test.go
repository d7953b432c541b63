package store

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
)

func TestFullTextsAreKeptPerSourceArticleAndLink(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	v := func(text string) *feed.Version {
		return &feed.Version{Title: "T", Blocks: []feed.Block{{Text: text}}}
	}
	for _, ft := range []feed.FullText{
		{Source: "a.xml", ArticleID: "1", Link: "https://x.org/1", ZH: v("第一版")},
		{Source: "a.xml", ArticleID: "1", Link: "https://x.org/1", ZH: v("第二版"), EN: v("second")},
		{Source: "a.xml", ArticleID: "2", Link: "https://x.org/2", EN: v("two")},
		{Source: "b.xml", ArticleID: "1", Link: "https://x.org/1", EN: v("other source")},
	} {
		if err := s.SaveFullText(ctx, ft); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.FullTexts(ctx, "a.xml")
	if err != nil || len(got) != 2 {
		t.Fatalf("%d full texts, %v; want 2", len(got), err)
	}
	for _, ft := range got {
		switch ft.ArticleID {
		case "1":
			if ft.ZH.Blocks[0].Text != "第二版" || ft.EN == nil || ft.Fetched.IsZero() {
				t.Errorf("article 1: %+v, want the second save", ft)
			}
		case "2":
			if ft.ZH != nil || ft.EN.Blocks[0].Text != "two" {
				t.Errorf("article 2: %+v", ft)
			}
		}
	}
	if got, err := s.FullTexts(ctx, "none"); err != nil || len(got) != 0 {
		t.Errorf("unknown source: %v, %v", got, err)
	}
	if err := s.SaveFullText(ctx, feed.FullText{Source: "a", ArticleID: "1", Link: "l"}); err == nil {
		t.Error("a full text without text was saved")
	}
	if err := s.SaveFullText(ctx, feed.FullText{Source: "a", ArticleID: "", Link: "l", EN: v("x")}); err == nil {
		t.Error("a full text without article ID was saved")
	}
}

// TestFullTextIsSearchableAndReadOffline loads a feed with full text
// through a Loader on the store: a word only the page holds is found, and
// with the page server gone the stored text still replaces the summary.
func TestFullTextIsSearchableAndReadOffline(t *testing.T) {
	ctx := context.Background()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html><head><meta property="og:type" content="article"></head><body><article>` +
			strings.Repeat("<p>国务院新闻办公室今天举行新闻发布会，介绍经济发展情况。</p>", 4) +
			`<p>熊猫基地今年迎来了三只新生的大熊猫幼崽，游客络绎不绝。</p></article></body></html>`))
	}))
	defer srv.Close()
	dir := t.TempDir()
	path := filepath.Join(dir, "feed.xml")
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><guid>g1</guid><title>发布会</title><link>` +
		srv.URL + `/a</link><description>摘要。</description></item></channel></rss>`
	if err := os.WriteFile(path, []byte(rss), 0o644); err != nil {
		t.Fatal(err)
	}
	s := openTemp(t)
	l := &feed.Loader{Cache: s, WantFullText: func(string) bool { return true }}
	articles, err := l.Load(ctx, path, nil)
	l.Wait()
	if err != nil || len(articles) != 1 || len(articles[0].ZH.Blocks) != 5 {
		t.Fatalf("%d articles, %v", len(articles), err)
	}
	found, err := s.Search(ctx, "熊猫", 10)
	if err != nil || len(found) != 1 || found[0].ID != "g1" {
		t.Errorf("search for a word of the full text: %d found, %v", len(found), err)
	}
	srv.Close()
	l2 := &feed.Loader{Cache: s}
	articles, err = l2.Load(ctx, path, nil)
	l2.Wait()
	if err != nil || len(articles[0].ZH.Blocks) != 5 {
		t.Errorf("offline reload: %d blocks, %v; want the stored full text", len(articles[0].ZH.Blocks), err)
	}
}
