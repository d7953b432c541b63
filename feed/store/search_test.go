package store

import (
	"context"
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
		"中":           `words : "中"`,
		"中国":          `pairs : "中国"`,
		"中华人民":        `pairs : "中华 华人 人民"`,
		`a"b`:         `words : "a" AND words : "b"`,
		"Trade-War":   `words : "trade" AND words : "war"`,
		"GDP增长":       `words : "gdp" AND pairs : "增长"`,
		"* ( ) : ^ -": ``,
	} {
		if got := matchQuery(query); got != want {
			t.Errorf("matchQuery(%q) = %s, want %s", query, got, want)
		}
	}
}
