package feed

import (
	"errors"
	"strings"
	"testing"
)

func TestJSONFeedNullsDoNotPanic(t *testing.T) {
	good := `{"id":"g","title":"Good","content_text":"Text."}`
	tests := []struct {
		name, items, extra string
		skipped            int // items reported as skipped
	}{
		{"null item", `[null,` + good + `]`, ``, 1},
		{"only a null item", `[null]`, ``, 1},
		{"null first item, feed dates", `[null,` + good + `,null]`, ``, 2},
		{"null author in an item", `[{"id":"a","title":"A","authors":[null,{"name":"x"}]},` + good + `]`, ``, 0},
		{"null feed author", `[` + good + `]`, `"author":null,"authors":[null],`, 0},
		{"null attachments, tags and hubs", `[{"id":"a","title":"A","tags":[null,"t"],"attachments":[null],"author":null},` + good + `]`,
			`"hubs":[null],`, 0},
		{"null arrays", `[{"id":"a","title":"A","tags":null,"attachments":null,"authors":null},` + good + `]`, `"authors":null,`, 0},
		{"item not an object", `[5,"x",[],` + good + `]`, ``, 3},
		{"item field of the wrong type", `[{"id":"a","title":7},{"id":"b","title":"B","author":"Bob","image":1},` + good + `]`, ``, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			j := `{"version":"https://jsonfeed.org/version/1.1",` + tt.extra + `"title":"J","items":` + tt.items + `}`
			articles, err := Parse("j.json", []byte(j))
			want := strings.Count(tt.items, `"title":"`)
			if len(articles) != want {
				t.Fatalf("Parse = %d articles, %v; want %d", len(articles), err, want)
			}
			for _, a := range articles {
				if a.EN == nil || a.EN.Title == "" {
					t.Errorf("article %+v has no English title", a)
				}
			}
			switch {
			case tt.skipped == 0 && err != nil:
				t.Errorf("error %v, want none", err)
			case tt.skipped > 0 && !errors.Is(err, errJSONFeedItem):
				t.Errorf("error %v, want one naming the skipped items", err)
			case tt.skipped > 0 && strings.ContainsAny(err.Error(), "\n") || err != nil && !strings.HasPrefix(err.Error(), "j.json: "):
				t.Errorf("error %q is not one line naming the source", err)
			}
			if tt.skipped > 1 && !strings.Contains(err.Error(), "more") {
				t.Errorf("error %q does not count the other skipped items", err)
			}
		})
	}
}

func TestJSONFeedNumericID(t *testing.T) {
	// JSON Feed 1.1: "If an id is presented as a number or other type, a
	// JSON Feed reader must coerce it to a string."
	j := `{"version":"https://jsonfeed.org/version/1.1","items":[{"id":12345678901234567890,"title":"N"},{"id":"s","title":"S"}]}`
	articles, err := Parse("j.json", []byte(j))
	if err != nil || len(articles) != 2 {
		t.Fatalf("Parse = %d, %v", len(articles), err)
	}
	if articles[0].ID != "12345678901234567890" || articles[1].ID != "s" {
		t.Errorf("IDs %q, %q", articles[0].ID, articles[1].ID)
	}
}

func TestJSONFeedStillRejectsOtherJSON(t *testing.T) {
	for _, j := range []string{`{"a":1}`, `{"version":"1","title":5,"items":[]}`} {
		if articles, err := Parse("j.json", []byte(j)); err == nil || len(articles) != 0 {
			t.Errorf("Parse(%s) = %d articles, %v; want an error", j, len(articles), err)
		}
	}
}
