package translate

import (
	"encoding/json"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
)

func TestDirectionTranslatesTheMissingLanguage(t *testing.T) {
	zh, en := &feed.Version{Title: "新闻"}, &feed.Version{Title: "News"}
	for _, tc := range []struct {
		a        feed.Article
		from, to string
		ok       bool
	}{
		{feed.Article{ZH: zh}, "zh", "en", true},
		{feed.Article{EN: en}, "en", "zh", true},
		{feed.Article{ZH: zh, EN: en}, "", "", false},
		{feed.Article{}, "", "", false},
	} {
		from, to, ok := Direction(&tc.a)
		if from != tc.from || to != tc.to || ok != tc.ok {
			t.Errorf("%s: got %q %q %v", tc.a.Languages(), from, to, ok)
		}
	}
}

func TestTextHashChangesWithTheSourceTextOnly(t *testing.T) {
	base := func() *feed.Version {
		return &feed.Version{Title: "标题", Blocks: []feed.Block{{Text: "一"}, {Kind: feed.Heading, Level: 2, Text: "二"}}}
	}
	h := TextHash(base())
	if len(h) != 64 || TextHash(base()) != h {
		t.Fatalf("hash %q is not a stable SHA-256", h)
	}
	same := base()
	same.Blocks[0].Spans = []feed.Span{{Kind: feed.Strong, Start: 0, End: 3}}
	same.Machine = &feed.Machine{Backend: "deepl"}
	if TextHash(same) != h {
		t.Error("spans or Machine changed the hash")
	}
	for name, change := range map[string]func(v *feed.Version){
		"title":          func(v *feed.Version) { v.Title = "新标题" },
		"text":           func(v *feed.Version) { v.Blocks[0].Text = "一。" },
		"kind":           func(v *feed.Version) { v.Blocks[0].Kind = feed.Quote },
		"level":          func(v *feed.Version) { v.Blocks[1].Level = 3 },
		"added block":    func(v *feed.Version) { v.Blocks = append(v.Blocks, feed.Block{}) },
		"text moved":     func(v *feed.Version) { v.Title, v.Blocks[0].Text = "标题一", "" },
		"blocks swapped": func(v *feed.Version) { v.Blocks[0], v.Blocks[1] = v.Blocks[1], v.Blocks[0] },
	} {
		v := base()
		change(v)
		if TextHash(v) == h {
			t.Errorf("%s: hash unchanged", name)
		}
	}
}

func TestMachineIsInTheJSONOnlyWhenSet(t *testing.T) {
	original, _ := json.Marshal(feed.Version{Title: "新闻"})
	if string(original) != `{"Title":"新闻","Blocks":null}` {
		t.Errorf("original version: %s", original)
	}
	machine, _ := json.Marshal(feed.Version{Title: "News", Machine: &feed.Machine{Backend: "openai", Model: "qwen2.5:7b"}})
	if string(machine) != `{"Title":"News","Blocks":null,"machine":{"backend":"openai","model":"qwen2.5:7b"}}` {
		t.Errorf("machine version: %s", machine)
	}
}

func TestMaskKeyHidesTheKeyWhereItStandsAlone(t *testing.T) {
	for _, tc := range []struct{ s, key, want string }{
		{"Incorrect API key provided: sk-abc.", "sk-abc", "Incorrect API key provided: ***."},
		{"Invalid API key", "k", "Invalid API key"},
		{"key k rejected", "k", "key *** rejected"},
		{"sk-abc sk-abc", "sk-abc", "*** ***"},
		{"sk-abcdef", "sk-abc", "sk-abcdef"},
		{"nothing", "", "nothing"},
	} {
		if got := maskKey(tc.s, tc.key); got != tc.want {
			t.Errorf("maskKey(%q, %q) = %q, want %q", tc.s, tc.key, got, tc.want)
		}
	}
}
