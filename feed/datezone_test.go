package feed

import (
	"fmt"
	"testing"
	"time"
)

// rssDated is an RSS feed whose <language> is lang (none when "") and
// whose one item has title and pubDate.
func rssDated(lang, title, date string) string {
	if lang != "" {
		lang = "<language>" + lang + "</language>"
	}
	return `<rss version="2.0"><channel><title>f</title>` + lang + `<item><title>` + title +
		`</title><guid>1</guid><description>` + title + `</description><pubDate>` + date + `</pubDate></item></channel></rss>`
}

func TestCSTIsChinaTimeInChineseFeeds(t *testing.T) {
	const cst = "Tue, 09 Jan 2024 07:00:00 CST"
	const china, central = "2024-01-09T07:00:00+08:00", "2024-01-09T13:00:00Z"
	tests := []struct {
		name, feed, want string
	}{
		{"rss zh-cn", rssDated("zh-cn", "Title", cst), china},
		{"rss zh-Hans", rssDated("zh-Hans", "Title", cst), china},
		{"rss zh_TW", rssDated("zh_TW", "Title", cst), china},
		{"rss zho", rssDated("zho", "Title", cst), china},
		{"rss dc:language zh", `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" ` +
			`xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>f</title><dc:language>zh</dc:language></channel>` +
			`<item><title>Title</title><dc:date>` + cst + `</dc:date></item></rdf:RDF>`, china},
		{"rss en-us", rssDated("en-us", "Title", cst), central},
		{"rss en-us with a Chinese item", rssDated("en-us", "中国新闻发布会", cst), central},
		{"rss no language, Chinese item", rssDated("", "公安部新闻发言人在新闻发布会上透露", cst), china},
		{"rss no language, bilingual item", rssDated("", "第12条新闻 / News item 12", cst), china},
		{"rss no language, English item", rssDated("", "Storm hits Texas, Beijing sends aid", cst), central},
		{"rss no language, English item with a Chinese name", rssDated("", "Interview with 王小明 about the storm in Texas", cst), central},
		{"rss zh single-digit day, no seconds", rssDated("zh", "T", "Tue, 9 Jan 2024 07:00 CST"), china},
		{"rss zh ISO with CST", rssDated("zh", "T", "2024-01-09 07:00:00 CST"), china},
		{"rss zh RFC 850", rssDated("zh", "T", "Tuesday, 09-Jan-24 07:00:00 CST"), china},
		{"rss zh Unix date", rssDated("zh", "T", "Tue Jan  9 07:00:00 CST 2024"), china},
		{"rss zh numeric offset wins", rssDated("zh", "T", "Tue, 09 Jan 2024 07:00:00 -0600 (CST)"), "2024-01-09T07:00:00-06:00"},
		{"rss zh JavaScript date", rssDated("zh", "T", "Tue Jan 09 2024 07:00:00 GMT+0800 (CST)"), china},
		{"atom xml:lang zh-CN", `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN"><title>f</title>` +
			`<entry><id>1</id><title>Title</title><published>` + cst + `</published></entry></feed>`, china},
		{"atom xml:lang en", `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>f</title>` +
			`<entry><id>1</id><title>新闻</title><published>` + cst + `</published></entry></feed>`, central},
		{"json language zh", fmt.Sprintf(`{"version":"https://jsonfeed.org/version/1.1","language":"zh","items":[{"id":"1","title":"T","date_published":%q}]}`, cst), china},
		{"json no language, Chinese item", fmt.Sprintf(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","title":"新闻发布会","date_published":%q}]}`, cst), china},
		// gofeed gives JSON Feed dates in their zone, RSS and Atom ones in UTC.
		{"json language en", fmt.Sprintf(`{"version":"https://jsonfeed.org/version/1.1","language":"en","items":[{"id":"1","title":"新闻","date_published":%q}]}`, cst), "2024-01-09T07:00:00-06:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkPublished(t, tt.feed, tt.want)
		})
	}
}

func TestGMTPlusHoursIsThatOffset(t *testing.T) {
	tests := map[string]string{
		"Tue, 09 Jan 2024 07:00:00 GMT+8":     "2024-01-09T07:00:00+08:00",
		"Tue, 09 Jan 2024 07:00:00 UTC+8":     "2024-01-09T07:00:00+08:00",
		"Tue, 09 Jan 2024 07:00:00 GMT+08:00": "2024-01-09T07:00:00+08:00",
		"Tue, 09 Jan 2024 07:00:00 UTC+08:00": "2024-01-09T07:00:00+08:00",
		"Tue, 09 Jan 2024 07:00:00 GMT+0800":  "2024-01-09T07:00:00+08:00",
		"Tue, 9 Jan 2024 07:00 GMT+08":        "2024-01-09T07:00:00+08:00",
		"2024-01-09 07:00:00 GMT+8":           "2024-01-09T07:00:00+08:00",
		"Tue, 09 Jan 2024 07:00:00 GMT+5:30":  "2024-01-09T07:00:00+05:30",
		"Tue, 09 Jan 2024 07:00:00 GMT-5":     "2024-01-09T07:00:00-05:00",
		"Tue, 09 Jan 2024 07:00:00 UTC-03:30": "2024-01-09T07:00:00-03:30",
		"Tue, 09 Jan 2024 07:00:00 GMT":       "2024-01-09T07:00:00Z",
		"Tue, 09 Jan 2024 07:00:00 GMT+24":    "", // no such offset: gofeed's reading, none
	}
	for date, want := range tests {
		for _, lang := range []string{"en", "zh"} {
			t.Run(lang+"/"+date, func(t *testing.T) {
				checkPublished(t, rssDated(lang, "T", date), want)
			})
		}
	}
}

func TestTextDateLinesWithGMTPlusHours(t *testing.T) {
	for value, want := range map[string]string{
		"Tue, 09 Jan 2024 07:00:00 UTC+8":     "2024-01-09T07:00:00+08:00",
		"Tue, 09 Jan 2024 07:00:00 GMT+08:00": "2024-01-09T07:00:00+08:00",
		"Tue, 09 Jan 2024 07:00:00 CST":       "2024-01-09T07:00:00+08:00",
		"Tue, 09 Jan 2024 07:00:00 GMT-5":     "2024-01-09T07:00:00-05:00",
	} {
		if d, ok := textParseDate(value); !ok || d.Format(time.RFC3339) != want {
			t.Errorf("textParseDate(%q) = %v, %v; want %s", value, d, ok, want)
		}
	}
}

// checkPublished parses a feed of one article and checks its date, in
// RFC 3339 with the offset kept ("" for an unknown date).
func checkPublished(t *testing.T, feed, want string) {
	t.Helper()
	articles, err := Parse("dates", []byte(feed))
	if err != nil || len(articles) != 1 {
		t.Fatalf("Parse = %d, %v", len(articles), err)
	}
	got := articles[0].Published
	switch {
	case want == "" && !got.IsZero():
		t.Errorf("Published = %v, want unknown", got)
	case want != "" && got.Format(time.RFC3339) != want:
		t.Errorf("Published = %s, want %s", got.Format(time.RFC3339), want)
	}
}
