package store

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// escapes is what a hand-edited or hostile database file could hold in any
// text column: CSI, OSC, a C1 control and a bidi override.
const escapes = "\x1b[41mRED\x1b]0;PWNED\a\u009b2J\u202e"

// TestTamperedDatabaseTextIsCleaned: the database file is outside xinwen's
// control, so articles, headlines and translations read back from it never
// carry control sequences, whatever was written into it.
func TestTamperedDatabaseTextIsCleaned(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	a := feed.Article{ID: "1", Link: "https://example.com/1", Source: "f.xml",
		ZH: &feed.Version{Title: "标题", Blocks: []feed.Block{{Text: "正文。"}}}}
	if err := s.SaveSource(ctx, "f.xml", []feed.Article{a}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddSubscriptions(ctx, []Subscription{{Source: "f.xml"}}); err != nil {
		t.Fatal(err)
	}
	key := TranslationKey{Source: "f.xml", ArticleID: "1", TextHash: "h", Backend: "openai", Model: "m", Direction: "zh-en"}
	if err := s.SaveTranslation(ctx, key, &feed.Version{Title: "Title", Blocks: []feed.Block{{Text: "Text."}}}); err != nil {
		t.Fatal(err)
	}
	// Another program writes escapes into every text the store keeps.
	inJSON, _ := json.Marshal(escapes) // as the JSON of a stored article spells it
	js := strings.Trim(string(inJSON), `"`)
	for _, st := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE articles SET data = replace(replace(data, '标题', ?), '正文', ?), title_zh = ?, feed = ?`,
			[]any{js, js, escapes, escapes}},
		{`UPDATE translations SET data = replace(data, 'Text.', ?)`, []any{js}},
	} {
		if _, err := s.db.Exec(st.sql, st.args...); err != nil {
			t.Fatal(err)
		}
	}
	var raw string
	if err := s.db.QueryRow("SELECT title_zh FROM articles").Scan(&raw); err != nil || !strings.Contains(raw, "\x1b") {
		t.Fatalf("the test did not write an escape into the file: %q, %v", raw, err)
	}
	got, _, err := s.SourceArticles(ctx, "f.xml")
	if err != nil || len(got) != 1 {
		t.Fatalf("offline copy: %v, %d articles", err, len(got))
	}
	hs, err := s.Headlines(ctx, HeadlineFilter{})
	if err != nil || len(hs) != 1 {
		t.Fatalf("headlines: %v, %d", err, len(hs))
	}
	tr, ok, err := s.Translation(ctx, key)
	if err != nil || !ok {
		t.Fatalf("translation: %v, %v", ok, err)
	}
	for what, text := range map[string]string{
		"title": got[0].ZH.Title, "block": got[0].ZH.Blocks[0].Text,
		"headline": hs[0].TitleZH, "headline feed": hs[0].Feed, "translation": tr.Blocks[0].Text,
	} {
		if feed.MayNeedClean(text, false) {
			t.Errorf("%s read back from a tampered database: %q", what, text)
		}
		if !strings.Contains(text, "RED") {
			t.Errorf("%s lost its text: %q", what, text)
		}
	}
}

// TestTamperedFullTextIsCleaned: a full text read back from a database
// another program wrote carries no control sequences in its title, blocks
// or link, and keeps its words.
func TestTamperedFullTextIsCleaned(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	ft := feed.FullText{Source: "f.xml", ArticleID: "1", Link: "https://example.com/1",
		ZH: &feed.Version{Title: "标题", Blocks: []feed.Block{{Text: "正文。"}}},
		EN: &feed.Version{Title: "Title", Blocks: []feed.Block{{Text: "Text."}}}}
	if err := s.SaveFullText(ctx, ft); err != nil {
		t.Fatal(err)
	}
	inJSON, _ := json.Marshal(escapes)
	js := strings.Trim(string(inJSON), `"`)
	if _, err := s.db.Exec(`UPDATE full_texts SET data = replace(replace(replace(data, '标题', ?), '正文', ?), 'Text.', ?), link = ?`,
		js, js, js, "https://example.com/"+escapes); err != nil {
		t.Fatal(err)
	}
	got, err := s.FullTexts(ctx, "f.xml")
	if err != nil || len(got) != 1 || got[0].ZH == nil || got[0].EN == nil {
		t.Fatalf("full texts: %v, %+v", err, got)
	}
	for what, text := range map[string]string{
		"zh title": got[0].ZH.Title, "zh block": got[0].ZH.Blocks[0].Text,
		"en block": got[0].EN.Blocks[0].Text, "link": got[0].Link,
	} {
		if feed.MayNeedClean(text, false) {
			t.Errorf("%s read back from a tampered database: %q", what, text)
		}
		if !strings.Contains(text, "RED") {
			t.Errorf("%s lost its text: %q", what, text)
		}
	}
}
