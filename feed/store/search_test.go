package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

func searchArticles() []feed.Article {
	zh := func(id, title, text string) feed.Article {
		return feed.Article{ID: id, ZH: &feed.Version{Title: title, Blocks: []feed.Block{{Text: text}}}}
	}
	en := func(id, title, text string) feed.Article {
		return feed.Article{ID: id, EN: &feed.Version{Title: title, Blocks: []feed.Block{{Text: text}}}}
	}
	both := zh("republic", "中华人民共和国成立七十五周年", "庆祝活动在北京举行。")
	both.EN = &feed.Version{Title: "The People's Republic turns 75", Blocks: []feed.Block{{Text: "Celebrations were held in Beijing."}}}
	return []feed.Article{
		both,
		zh("daily", "人民日报评论", "评论文章指出,经济稳中向好。"),
		zh("community", "海外华人社区", "华人社区举办春节活动。"),
		zh("comma", "中华,人民", "两个词被逗号隔开:中华、人民。"), // 中华人 is not in this text
		en("trade", "Trade war escalates", "TRADE talks stalled; exporters worry about tariffs."),
		zh("fullwidth", "ＧＤＰ增长５％", "第一季度ＧＤＰ同比增长。"),
		en("cafe", "Café culture", "A naïve review of cafés."),
		en("quotes", `He said "AND(" *twice*`, "Operators NEAR and OR are words here."),
	}
}

func ids(found []feed.Article) []string {
	var out []string
	for _, a := range found {
		out = append(out, a.ID)
	}
	slices.Sort(out)
	return out
}

func TestSearch(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	if err := s.SaveSource(ctx, "search.xml", searchArticles(), time.Time{}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		query string
		want  string // sorted IDs
	}{
		{"华", "comma community republic"}, // one character
		{"庆", "republic"},                 // one character, only inside a run
		{"人民", "comma daily republic"},    // two
		{"华人", "community republic"},      // 中华人民 contains 华人
		{"中华人", "republic"},               // three: not across the comma
		{"人民共和", "republic"},              // four
		{"中华人民共和国成立", "republic"},         // a whole title
		{"共和国 北京", "republic"},            // two words, both needed
		{"trade", "trade"},                // English, whole word
		{"TRADE", "trade"},                // any case
		{"Tariffs", "trade"},              // in the text, not the title
		{"people 人民", "republic"},         // mixed
		{"people's", "republic"},          // apostrophe splits like the text
		{"gdp", "fullwidth"},              // full-width letters fold
		{"GDP增长", "fullwidth"},            // Latin and Han without a space
		{"5%", "fullwidth"},               // full-width digit
		{"cafe", "cafe"},                  // diacritics fold
		{"CAFÉS", "cafe"},                 // both ways
		{"naive", "cafe"},                 //
		{"and(", "quotes"},                // FTS5 syntax is text
		{`"AND("`, "quotes"},              //
		{"near OR", "quotes"},             //
		{"twice*", "quotes"},              //
		{"不存在的词", ""},                     // no result
		{"xyzzy", ""},                     //
		{"trade xyzzy", ""},               // all words needed
		{"人民 xyzzy", ""},                  //
		{"", ""},                          // nothing to look for
		{"   ", ""},                       //
		{`"`, ""},                         //
		{`""`, ""},                        //
		{"*", ""},                         //
		{"AND(", "quotes"},                //
		{"(", ""},                         //
		{"-", ""},                         //
		{"^", ""},                         //
		{":", ""},                         //
		{"words:trade", ""},               // a column filter is two words
		{"trade:tariffs", "trade"},        // both in the text
		{"{人民}", "comma daily republic"},  //
		{"NOT", ""},                       //
		{"。,、", ""},                       // Chinese punctuation only
	} {
		found, err := s.Search(ctx, c.query, 50)
		if err != nil {
			t.Errorf("Search(%q): %v", c.query, err)
			continue
		}
		if got := strings.Join(ids(found), " "); got != c.want {
			t.Errorf("Search(%q) = %q, want %q", c.query, got, c.want)
		}
	}
}

func TestSearchRankAndLimit(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	g := newGen(5)
	articles := g.articles(0, 30)
	// One article about typhoons, one that mentions one in passing.
	articles[3].EN.Title = "Typhoon hits the coast"
	articles[3].EN.Blocks = []feed.Block{{Text: "The typhoon brought typhoon rains."}}
	articles[3].ZH.Blocks = []feed.Block{{Text: "台风登陆。"}}
	articles[20].EN.Blocks = append(articles[20].EN.Blocks, feed.Block{Text: "Elsewhere a typhoon passed."})
	for i := range articles {
		articles[i].Source = "ignored: the store names the source"
	}
	if err := s.SaveSource(ctx, "a.xml", articles, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSource(ctx, "b.xml", articles[20:21], time.Time{}); err != nil {
		t.Fatal(err)
	}
	found, err := s.Search(ctx, "typhoon", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) < 2 || found[0].ID != articles[3].ID {
		t.Fatalf("Search(typhoon) = %v, want %s first", ids(found), articles[3].ID)
	}
	for _, f := range found {
		switch f.ID {
		case articles[3].ID:
			if f.Source != "a.xml" {
				t.Errorf("source %q, want a.xml", f.Source)
			}
		case articles[20].ID:
			if f.Source != "b.xml" {
				t.Errorf("source %q, want b.xml, which saved it last", f.Source)
			}
		}
	}
	if d := sameArticle(found[0], func() feed.Article { a := articles[3]; a.Source = "a.xml"; return a }()); d != "" {
		t.Error(d)
	}
	// A word in every article: each once, at most limit.
	all, err := s.Search(ctx, "的", 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(all); len(got) != len(slices.Compact(got)) {
		t.Errorf("an article was returned twice: %v", got)
	}
	five, err := s.Search(ctx, "的", 5)
	if err != nil || len(five) != 5 {
		t.Errorf("limit 5: %d results, %v", len(five), err)
	}
}

func TestMatchQueryQuotesEverything(t *testing.T) {
	for query, want := range map[string]string{
		"中":           `("中" OR "中§2" OR "中§4")`,
		"中国":          `("中国" OR "中国§2" OR "中国§4")`,
		"中华人民":        `("中华" OR "中华§2" OR "中华§4") AND ("华人" OR "华人§2" OR "华人§4") AND ("人民" OR "人民§2" OR "人民§4")`,
		"人人人":         `("人人" OR "人人§2" OR "人人§4")`,
		`a"b`:         `("a" OR "a§2" OR "a§4") AND ("b" OR "b§2" OR "b§4")`,
		"Trade-War":   `("trade" OR "trade§2" OR "trade§4") AND ("war" OR "war§2" OR "war§4")`,
		"GDP增长":       `("gdp" OR "gdp§2" OR "gdp§4") AND ("增长" OR "增长§2" OR "增长§4")`,
		"trade TRADE": `("trade" OR "trade§2" OR "trade§4")`,
		"§2 中国§2":     `("2" OR "2§2" OR "2§4") AND ("中国" OR "中国§2" OR "中国§4")`,
		"* ( ) : ^ -": ``,
	} {
		if got := matchQuery(query); got != want {
			t.Errorf("matchQuery(%q) = %s, want %s", query, got, want)
		}
	}
}

func TestSearchRunNeedsAdjacentPairs(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	zh := func(id, text string) feed.Article {
		return feed.Article{ID: id, ZH: &feed.Version{Title: "新闻", Blocks: []feed.Block{{Text: text}}}}
	}
	articles := []feed.Article{
		zh("whole", "人工智能发展迅速。"),
		zh("scattered", "人工湖边,工智路上,智能手机。"), // 人工 工智 智能, never 人工智能
		zh("split", "人工智,能源"),              // 人工智 then a comma
		zh("title", "无关"),
	}
	articles[3].ZH.Title = "人工智能大会"
	// Enough other articles that the pairs are rare and the window holds
	// candidates that fail the check before those that pass.
	for i := range 50 {
		articles = append(articles, zh(fmt.Sprintf("filler-%d", i), "人工,工智,智能。"))
	}
	if err := s.SaveSource(ctx, "ai.xml", articles, time.Time{}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		query string
		limit int
		want  string
	}{
		{"人工智能", 10, "title whole"},
		{"人工智能", 1, ""}, // one of them; checked below
		{"人工智能", 0, "title whole"},
		{"工智能", 10, "title whole"},
		{"人工智", 10, "split title whole"},
		{"智能 人工智能", 10, "title whole"},
		{"人工智能 大会", 10, "title"},
	} {
		found, err := s.Search(ctx, c.query, c.limit)
		if err != nil {
			t.Fatalf("Search(%q): %v", c.query, err)
		}
		got := strings.Join(ids(found), " ")
		if c.limit == 1 {
			if len(found) != 1 || (got != "title" && got != "whole") {
				t.Errorf("Search(%q, 1) = %q, want title or whole", c.query, got)
			}
			continue
		}
		if got != c.want {
			t.Errorf("Search(%q, %d) = %q, want %q", c.query, c.limit, got, c.want)
		}
	}
}

func TestSearchRanksByCount(t *testing.T) {
	ctx := context.Background()
	s := openTemp(t)
	en := func(id, text string) feed.Article {
		return feed.Article{ID: id, EN: &feed.Version{Title: "News", Blocks: []feed.Block{{Text: text}}}}
	}
	zh := func(id, text string) feed.Article {
		return feed.Article{ID: id, ZH: &feed.Version{Title: "新闻", Blocks: []feed.Block{{Text: text}}}}
	}
	// Same lengths; only how often the word occurs differs. The most
	// frequent is saved first, so it is the oldest.
	articles := []feed.Article{
		en("en4", "storm storm storm storm rain wind"),
		en("en2", "storm storm rain wind cold snow"),
		en("en1", "storm rain wind cold snow hail"),
		zh("zh4", "台风来,台风去,台风过,台风停。"),
		zh("zh2", "台风来,大雨去,台风过,大风停。"),
		zh("zh1", "台风来,大雨去,晴天过,大风停。"),
	}
	if err := s.SaveSource(ctx, "rank.xml", articles, time.Time{}); err != nil {
		t.Fatal(err)
	}
	for query, want := range map[string][]string{
		"storm":      {"en4", "en2", "en1"},
		"台风":         {"zh4", "zh2", "zh1"},
		"台":          {"zh4", "zh2", "zh1"},
		"storm rain": {"en4", "en2", "en1"},
	} {
		found, err := s.Search(ctx, query, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range found {
			got = append(got, a.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("Search(%q) = %v, want %v", query, got, want)
		}
	}
}

func TestUpgradeFromSchema1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	// A database as the first schema left it, with an article stored and
	// indexed the old way.
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate(ctx, db, migrations[:1]); err != nil {
		t.Fatal(err)
	}
	old := searchArticles()
	for i := range old {
		data, hash, err := encode(&old[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`INSERT INTO articles (article_id, hash, data, published, stored_at, changed_at)
			VALUES (?, ?, ?, 0, 0, 0)`, old[i].ID, hash, data); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`INSERT INTO search (rowid, words, pairs) VALUES (1, '中 华', '中华 华')`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var version int
	var schema string
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != len(migrations) {
		t.Errorf("user_version %d (%v), want %d", version, err, len(migrations))
	}
	if err := s.db.QueryRow("SELECT sql FROM sqlite_schema WHERE name = 'search'").Scan(&schema); err != nil ||
		!strings.Contains(schema, "detail = none") {
		t.Errorf("search table %q (%v)", schema, err)
	}
	for query, want := range map[string]string{
		"华":        "comma community republic",
		"中华人":      "republic",
		"cafe":     "cafe",
		"人民 xyzzy": "",
	} {
		found, err := s.Search(ctx, query, 0)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(ids(found), " "); got != want {
			t.Errorf("after upgrade Search(%q) = %q, want %q", query, got, want)
		}
	}
	// New saves index the new way next to the upgraded rows.
	if err := s.SaveSource(ctx, "new.xml", []feed.Article{{ID: "new", ZH: &feed.Version{Title: "中华新闻"}}}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if found, err := s.Search(ctx, "中华", 0); err != nil || len(found) != 3 {
		t.Errorf("Search(中华) after a save: %v, %v", ids(found), err)
	}
}
