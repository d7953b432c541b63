package feed

import (
	"fmt"
	"testing"
	"time"
)

func TestFeedDatesKeepTheSourceOffset(t *testing.T) {
	tests := []struct {
		name, feed, want string // want: RFC 3339, "" for an unknown date
	}{
		{"rss pubDate", rssWithDate("<pubDate>Tue, 09 Jan 2024 07:00:00 +0800</pubDate>"), "2024-01-09T07:00:00+08:00"},
		{"rss pubDate west", rssWithDate("<pubDate>Mon, 08 Jan 2024 18:00:00 -0500</pubDate>"), "2024-01-08T18:00:00-05:00"},
		{"rss pubDate single-digit day", rssWithDate("<pubDate>Tue, 9 Jan 2024 07:00:00 +0800</pubDate>"), "2024-01-09T07:00:00+08:00"},
		{"rss pubDate GMT", rssWithDate("<pubDate>Tue, 09 Jan 2024 07:00:00 GMT</pubDate>"), "2024-01-09T07:00:00Z"},
		{"rss dc:date", rssWithDate(`<dc:date xmlns:dc="http://purl.org/dc/elements/1.1/">2024-01-09T07:00:00+08:00</dc:date>`), "2024-01-09T07:00:00+08:00"},
		{"atom published", atomWithDate("<published>2024-01-09T07:00:00+08:00</published><updated>2024-01-10T00:00:00Z</updated>"), "2024-01-09T07:00:00+08:00"},
		{"atom updated only", atomWithDate("<updated>2024-01-09T07:00:00.5+05:30</updated>"), "2024-01-09T07:00:00.5+05:30"},
		{"atom Z", atomWithDate("<published>2024-01-09T07:00:00Z</published>"), "2024-01-09T07:00:00Z"},
		{"json", jsonWithDate(`"date_published":"2024-01-09T07:00:00+08:00"`), "2024-01-09T07:00:00+08:00"},
		{"rss year 9999 that is 10000 in UTC", rssWithDate("<pubDate>Fri, 31 Dec 9999 23:00:00 -0500</pubDate>"), ""},
		{"rss year 0", rssWithDate("<pubDate>Sat, 01 Jan 0000 00:30:00 +0100</pubDate>"), ""},
		{"atom year 0", atomWithDate("<published>0000-01-01T00:00:00Z</published>"), ""},
		{"atom year 1 that is 0 in UTC", atomWithDate("<published>0001-01-01T00:30:00+01:00</published>"), ""},
		{"json year 10000 in UTC", jsonWithDate(`"date_published":"9999-12-31T23:30:00-01:00"`), ""},
		{"atom year 9999", atomWithDate("<published>9999-12-31T23:59:59Z</published>"), "9999-12-31T23:59:59Z"},
		{"rss unreadable date", rssWithDate("<pubDate>soon</pubDate>"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			articles, err := Parse("dates", []byte(tt.feed))
			if err != nil || len(articles) != 1 {
				t.Fatalf("Parse = %d, %v", len(articles), err)
			}
			got := articles[0].Published
			switch {
			case tt.want == "" && !got.IsZero():
				t.Errorf("Published = %v, want unknown", got)
			case tt.want != "" && got.Format(time.RFC3339Nano) != tt.want:
				t.Errorf("Published = %s, want %s", got.Format(time.RFC3339Nano), tt.want)
			}
			if _, err := got.MarshalJSON(); err != nil {
				t.Errorf("Published %v cannot be written as RFC 3339: %v", got, err)
			}
		})
	}
}

func rssWithDate(date string) string {
	return `<rss version="2.0"><channel><title>f</title><item><title>t</title><guid>1</guid>` + date + `</item></channel></rss>`
}

func atomWithDate(date string) string {
	return `<feed xmlns="http://www.w3.org/2005/Atom"><title>f</title><entry><id>1</id><title>t</title>` + date + `</entry></feed>`
}

func jsonWithDate(date string) string {
	return fmt.Sprintf(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","title":"t",%s}]}`, date)
}

func TestTextDatesOutsideTheRangeAreUnknown(t *testing.T) {
	for _, value := range []string{
		"0000-01-01T00:00:00Z", "9999-12-31T23:00:00-05:00", "1899-12-31T23:00:00+08:00",
		"January 9, 0001", "9 Jan 0000", "Fri, 31 Dec 9999 23:00:00 -0500",
	} {
		if d, ok := textParseDate(value); ok {
			t.Errorf("textParseDate(%q) = %v, want no date", value, d)
		}
	}
	for value, want := range map[string]string{
		"2024-01-09T07:00:00+08:00":       "2024-01-09T07:00:00+08:00",
		"January 9, 2024":                 "2024-01-09T00:00:00+08:00",
		"Tue, 09 Jan 2024 07:00:00 +0000": "2024-01-09T07:00:00Z",
	} {
		if d, ok := textParseDate(value); !ok || d.Format(time.RFC3339) != want {
			t.Errorf("textParseDate(%q) = %v, %v; want %s", value, d, ok, want)
		}
	}
}
