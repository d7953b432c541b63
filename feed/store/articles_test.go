package store

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// openTemp opens a new database in the test's temporary directory and
// closes it when the test ends.
func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "xinwen.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// sameArticle reports how got differs from want: Published must be the same
// instant with the same zone name and offset; every other field must be
// deeply equal.
func sameArticle(got, want feed.Article) string {
	if !got.Published.Equal(want.Published) {
		return "Published " + got.Published.String() + ", want " + want.Published.String()
	}
	gn, go_ := got.Published.Zone()
	wn, wo := want.Published.Zone()
	if gn != wn || go_ != wo || got.Published.IsZero() != want.Published.IsZero() {
		return "Published zone " + got.Published.String() + ", want " + want.Published.String()
	}
	if got.Published.Format(time.RFC1123Z) != want.Published.Format(time.RFC1123Z) {
		return "Published prints " + got.Published.Format(time.RFC1123Z)
	}
	got.Published, want.Published = time.Time{}, time.Time{}
	if !reflect.DeepEqual(got, want) {
		return "got  " + dump(got) + "\nwant " + dump(want)
	}
	return ""
}

func dump(a feed.Article) string {
	b, _ := encodeForTest(a)
	return b
}

func encodeForTest(a feed.Article) (string, error) {
	data, _, err := encode(&a)
	return string(data) + " source=" + a.Source, err
}

// fullArticles sets every field, in every shape it can take.
func fullArticles() []feed.Article {
	return []feed.Article{{
		ID:        "urn:uuid:1",
		Link:      "https://example.com/1",
		Published: time.Date(2024, 1, 15, 9, 30, 5, 123456789, time.FixedZone("CST", 8*3600)),
		Keywords:  []string{"缅甸", "telecom fraud"},
		Feed:      "中国新闻网",
		ZH: &feed.Version{Title: "缅北移交4.1万余名嫌疑人", Blocks: []feed.Block{
			{Kind: feed.Heading, Level: 2, Text: "打击电信诈骗"},
			{Kind: feed.Paragraph, Text: "近日,公安部新闻发言人透露。", Spans: []feed.Span{
				{Kind: feed.Strong, Start: 0, End: 6},
				{Kind: feed.LinkSpan, Start: 7, End: 13, URL: "https://example.com/mps"},
			}},
			{Kind: feed.Code, Text: "line 1\n  line 2"},
		}},
		EN: &feed.Version{Title: "Success in <cracking> down & \"more\"", Blocks: []feed.Block{
			{Kind: feed.ListItem, Text: "one", Spans: []feed.Span{{Kind: feed.InlineCode, Start: 0, End: 3}}},
			{Kind: feed.Quote, Text: "quoted", Spans: []feed.Span{}},
			{Kind: feed.Paragraph, Text: "emphasis", Spans: []feed.Span{{Kind: feed.Emphasis, Start: 1, End: 4}}},
		}},
	}, {
		ID:        "only-en",
		Published: time.Date(2023, 12, 31, 23, 59, 59, 0, time.UTC),
		Keywords:  []string{},
		EN:        &feed.Version{Title: "English only"},
	}, {
		ID: "only-zh-no-date",
		ZH: &feed.Version{Title: "只有中文", Blocks: []feed.Block{{Text: "正文"}}},
	}, {
		ID:        "unnamed-zone",
		Published: time.Date(2024, 6, 1, 12, 0, 0, 0, time.FixedZone("", -5*3600-30*60)),
		EN:        &feed.Version{Title: "Offset without a name"},
	}}
}

func TestSaveSourceRoundTrip(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	want := fullArticles()
	fetched := time.Date(2024, 2, 1, 8, 0, 0, 42, time.UTC)
	if err := s.SaveSource(ctx, "https://example.com/feed.xml", want, fetched); err != nil {
		t.Fatal(err)
	}
	got, at, err := s.SourceArticles(ctx, "https://example.com/feed.xml")
	if err != nil {
		t.Fatal(err)
	}
	if !at.Equal(fetched) {
		t.Errorf("fetched %v, want %v", at, fetched)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d articles, want %d", len(got), len(want))
	}
	for i := range want {
		want[i].Source = "https://example.com/feed.xml"
		if d := sameArticle(got[i], want[i]); d != "" {
			t.Errorf("article %d: %s", i, d)
		}
	}
}

func TestSourceArticlesUnknownAndEmpty(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	got, at, err := s.SourceArticles(ctx, "never-saved.xml")
	if err != nil || got != nil || !at.IsZero() {
		t.Errorf("unknown source: %v, %v, %v; want nil, zero time, nil", got, at, err)
	}
	fetched := time.Unix(1700000000, 0)
	if err := s.SaveSource(ctx, "empty.xml", nil, fetched); err != nil {
		t.Fatal(err)
	}
	got, at, err = s.SourceArticles(ctx, "empty.xml")
	if err != nil || got == nil || len(got) != 0 || !at.Equal(fetched) {
		t.Errorf("empty source: %v, %v, %v; want empty slice, %v, nil", got, at, err, fetched)
	}
}

// changedAt reads the changed_at column and the hash of an article of
// source.
func changedAt(t *testing.T, s *Store, source, id string) (int64, string) {
	t.Helper()
	var at int64
	var hash []byte
	err := s.db.QueryRow(`SELECT a.changed_at, a.hash FROM articles a JOIN sources s ON s.id = a.source_id
		WHERE s.source = ? AND a.article_id = ? AND a.staged = 0`, source, id).Scan(&at, &hash)
	if err != nil {
		t.Fatal(err)
	}
	return at, string(hash)
}

func TestSaveSourceUpsert(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	articles := fullArticles()
	if err := s.SaveSource(ctx, "a.xml", articles, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRead(ctx, ArticleKey{"a.xml", "urn:uuid:1"}, true); err != nil {
		t.Fatal(err)
	}
	at1, hash1 := changedAt(t, s, "a.xml", "urn:uuid:1")
	other1, _ := changedAt(t, s, "a.xml", "only-en")

	// Saving it again unchanged leaves its row alone.
	time.Sleep(2 * time.Millisecond)
	if err := s.SaveSource(ctx, "a.xml", articles, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if at, hash := changedAt(t, s, "a.xml", "urn:uuid:1"); at != at1 || hash != hash1 {
		t.Errorf("unchanged article rewritten: changed_at %d -> %d", at1, at)
	}

	changed := fullArticles()
	changed[0].EN.Blocks[2].Text = "emphasis corrected"
	if err := s.SaveSource(ctx, "a.xml", changed, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if at, hash := changedAt(t, s, "a.xml", "urn:uuid:1"); at == at1 || hash == hash1 {
		t.Error("changed article not rewritten")
	}
	if at, _ := changedAt(t, s, "a.xml", "only-en"); at != other1 {
		t.Error("unchanged neighbour rewritten")
	}
	var n int
	if err := s.db.QueryRow("SELECT count(*) FROM articles").Scan(&n); err != nil || n != 4 {
		t.Errorf("%d article rows (%v), want 4", n, err)
	}
	got, _, err := s.SourceArticles(ctx, "a.xml")
	if err != nil {
		t.Fatal(err)
	}
	if got[0].EN.Blocks[2].Text != "emphasis corrected" {
		t.Errorf("stored text %q", got[0].EN.Blocks[2].Text)
	}
	read, err := s.ReadMarks(ctx, []ArticleKey{{"a.xml", "urn:uuid:1"}})
	if err != nil || !read[ArticleKey{"a.xml", "urn:uuid:1"}] {
		t.Errorf("read mark lost on update: %v %v", read, err)
	}
	// The index follows the content: the new word is found, and the article
	// is still found once.
	found, err := s.Search(ctx, "corrected", 10)
	if err != nil || len(found) != 1 || found[0].ID != "urn:uuid:1" {
		t.Errorf("search after update: %v %v", found, err)
	}
}

func TestSaveSourceOrderAndDuplicates(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	a := fullArticles()
	if err := s.SaveSource(ctx, "s", a, time.Time{}); err != nil {
		t.Fatal(err)
	}
	dup := a[1]
	dup.EN = &feed.Version{Title: "a later duplicate is ignored"}
	next := []feed.Article{a[2], a[0], dup, a[1]}
	if err := s.SaveSource(ctx, "s", next, time.Time{}); err != nil {
		t.Fatal(err)
	}
	got, _, err := s.SourceArticles(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, g := range got {
		ids = append(ids, g.ID)
	}
	if strings.Join(ids, " ") != "only-zh-no-date urn:uuid:1 only-en" {
		t.Errorf("order %v", ids)
	}
	if got[2].EN.Title != "a later duplicate is ignored" {
		t.Errorf("first of duplicates not kept: %q", got[2].EN.Title)
	}
}

func TestSaveSourceAllOrNothing(t *testing.T) {
	s := openTemp(t)
	ctx := context.Background()
	a := fullArticles()
	a[2].ID = ""
	err := s.SaveSource(ctx, "bad.xml", a, time.Time{})
	if err == nil || !strings.Contains(err.Error(), "bad.xml") || !strings.Contains(err.Error(), "no ID") {
		t.Fatalf("err = %v, want one naming the source and the missing ID", err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.SaveSource(cancelled, "cancelled.xml", fullArticles(), time.Time{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled save: %v", err)
	}
	var n int
	if err := s.db.QueryRow("SELECT (SELECT count(*) FROM articles) + (SELECT count(*) FROM sources)").Scan(&n); err != nil || n != 0 {
		t.Errorf("failed saves left %d rows (%v)", n, err)
	}
}
