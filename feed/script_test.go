package feed

import (
	"reflect"
	"testing"
)

func TestTextLanguage(t *testing.T) {
	tests := map[string]language{
		"新华社北京电":                                                   chinese,
		"苹果公司发布了 iPhone 15 Pro Max":                                chinese,
		"Xinhua (新华社) reported on Monday that the talks went well": english,
		"The quick brown fox":                                      english,
		"2024-05-01 — 12:30":                                       neither,
		"":                                                         neither,
		"Ελληνικά":                                                 english,
		"中":                                                        chinese,
	}
	for in, want := range tests {
		if got := textLanguage(in); got != want {
			t.Errorf("textLanguage(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestSplitLanguages(t *testing.T) {
	p := func(s string) Block { return Block{Kind: Paragraph, Text: s} }
	tests := []struct {
		name   string
		title  string
		blocks []Block
		zh, en *Version
	}{
		{"mixed body, bilingual title", "警方移交嫌疑人 / Suspects handed over",
			[]Block{p("近日，公安部透露。"), p("2024"), p("Recently, the ministry revealed."), p("—")},
			&Version{Title: "警方移交嫌疑人", Blocks: []Block{p("近日，公安部透露。"), p("2024")}},
			&Version{Title: "Suspects handed over", Blocks: []Block{p("Recently, the ministry revealed."), p("—")}}},
		{"pipe title english first", "Suspects handed over | 警方移交嫌疑人",
			[]Block{p("English."), p("中文。")},
			&Version{Title: "警方移交嫌疑人", Blocks: []Block{p("中文。")}},
			&Version{Title: "Suspects handed over", Blocks: []Block{p("English.")}}},
		{"chinese only", "新闻标题", []Block{p("第一段。"), p("第二段。")},
			&Version{Title: "新闻标题", Blocks: []Block{p("第一段。"), p("第二段。")}}, nil},
		{"english only, bilingual title kept whole", "新闻 / News", []Block{p("Only English here.")},
			nil, &Version{Title: "新闻 / News", Blocks: []Block{p("Only English here.")}}},
		{"title in the other language", "中文标题", []Block{p("English body.")},
			&Version{Title: "中文标题"}, &Version{Title: "", Blocks: []Block{p("English body.")}}},
		{"no title", "", []Block{p("中文。"), p("English.")},
			&Version{Blocks: []Block{p("中文。")}}, &Version{Blocks: []Block{p("English.")}}},
		{"leading number follows first language", "", []Block{p("1."), p("中文。")},
			&Version{Blocks: []Block{p("1."), p("中文。")}}, nil},
		{"title only, bilingual", "中文标题 | English title", nil,
			&Version{Title: "中文标题"}, &Version{Title: "English title"}},
		{"slash without spaces is not a separator", "AC/DC 乐队", nil, &Version{Title: "AC/DC 乐队"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			zh, en := splitLanguages(tt.title, tt.blocks)
			if !reflect.DeepEqual(zh, tt.zh) {
				t.Errorf("zh = %+v, want %+v", zh, tt.zh)
			}
			if !reflect.DeepEqual(en, tt.en) {
				t.Errorf("en = %+v, want %+v", en, tt.en)
			}
		})
	}
}
