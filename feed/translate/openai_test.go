package translate

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
)

// article is a small Chinese article with every kind of block.
func article() *feed.Version {
	return &feed.Version{
		Title: "北京中轴线申遗成功",
		Blocks: []feed.Block{
			{Kind: feed.Heading, Level: 2, Text: "世界遗产"},
			{Kind: feed.Paragraph, Text: "北京中轴线全长7.8公里。", Spans: []feed.Span{{Kind: feed.Strong, Start: 0, End: 15}}},
			{Kind: feed.ListItem, Text: "永定门"},
			{Kind: feed.Quote, Text: "“这是一条活着的轴线。”"},
			{Kind: feed.Code, Text: "fmt.Println(\"中轴线\")"},
			{Kind: feed.Paragraph, Text: "2024—07—27"},
		},
	}
}

func TestOpenAITranslatesTitleAndBlocksKeepingKinds(t *testing.T) {
	f := newFake(t, OpenAI)
	tr := f.translator(Config{}, nil, nil)
	src := article()
	got, err := tr.Version(context.Background(), src, "zh", "en", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := &feed.Version{
		Title: "T:北京中轴线申遗成功",
		Blocks: []feed.Block{
			{Kind: feed.Heading, Level: 2, Text: "T:世界遗产"},
			{Kind: feed.Paragraph, Text: "T:北京中轴线全长7.8公里。"},
			{Kind: feed.ListItem, Text: "T:永定门"},
			{Kind: feed.Quote, Text: "T:“这是一条活着的轴线。”"},
			{Kind: feed.Code, Text: "fmt.Println(\"中轴线\")"}, // code is copied
			{Kind: feed.Paragraph, Text: "2024—07—27"},      // no letters: copied
		},
		Machine: &feed.Machine{Backend: "openai", Model: "qwen2.5:7b"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	reqs := f.requestTexts()
	if len(reqs) != 1 || len(reqs[0]) != 5 {
		t.Errorf("requests %q, want one of the title and 4 blocks", reqs)
	}
}

func TestOpenAISendsKeyFromTheNamedVariableAtEachRequest(t *testing.T) {
	f := newFake(t, OpenAI)
	env := map[string]string{"XINWEN_TEST_KEY": "sk-first"}
	tr := f.translator(Config{APIKeyEnv: "XINWEN_TEST_KEY"}, env, nil)
	f.key = "sk-first"
	if _, err := tr.Titles(context.Background(), []string{"新闻"}, "zh", "en"); err != nil {
		t.Fatal(err)
	}
	env["XINWEN_TEST_KEY"] = "sk-second" // changed after New: read again
	f.key = "sk-second"
	if _, err := tr.Titles(context.Background(), []string{"新闻"}, "zh", "en"); err != nil {
		t.Fatal(err)
	}
	if n := len(f.requestTexts()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestOpenAISendsNoAuthorizationWithoutAKeyVariable(t *testing.T) {
	f := newFake(t, OpenAI) // f.key "" makes the fake refuse any Authorization header
	tr := f.translator(Config{}, map[string]string{"OPENAI_API_KEY": "sk-unused"}, nil)
	if _, err := tr.Titles(context.Background(), []string{"新闻"}, "zh", "en"); err != nil {
		t.Fatal(err)
	}
}

func TestOpenAIToleratesWhatLocalModelsWrapTheJSONIn(t *testing.T) {
	for name, content := range map[string]string{
		"fenced":          "```json\n{\"paragraphs\": [\"News\"]}\n```",
		"prose before":    "Here is the translation:\n\n{\"paragraphs\": [\"News\"]}",
		"prose after":     "{\"paragraphs\": [\"News\"]}\nI kept the paragraph boundaries.",
		"think block":     "<think>The user wants {JSON}. {\"paragraphs\": [\"wrong\"]}</think>\n{\"paragraphs\": [\"News\"]}",
		"brace in prose":  "Sure {here} it is: {\"paragraphs\": [\"News\"]}",
		"fence and prose": "Translation:\n```\n{\n  \"paragraphs\": [\n    \"News\"\n  ]\n}\n```",
	} {
		t.Run(name, func(t *testing.T) {
			f := newFake(t, OpenAI)
			f.answer = func(int, []string) (int, http.Header, string) {
				return http.StatusOK, nil, chatCompletion(content)
			}
			got, err := f.translator(Config{}, nil, nil).Titles(context.Background(), []string{"新闻"}, "zh", "en")
			if err != nil {
				t.Fatal(err)
			}
			if got[0] != "News" {
				t.Errorf("got %q, want News", got[0])
			}
			if n := len(f.requestTexts()); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

func TestReplyEscapeSequencesAndBidiOverridesNeverReachTheText(t *testing.T) {
	for _, protocol := range []string{OpenAI, LibreTranslate, DeepL} {
		t.Run(protocol, func(t *testing.T) {
			f := newFake(t, protocol)
			f.key = "k"
			f.answer = func(int, []string) (int, http.Header, string) {
				return http.StatusOK, nil, f.success([]string{
					"\x1b[31mRed\x1b[0m news \x1b]8;;http://evil.example/\x07link\x1b]8;;\x07",
					"left \u202eright\u202c and\u0007 bell \u009b2J",
				})
			}
			tr := f.translator(Config{APIKeyEnv: "K"}, map[string]string{"K": "k"}, nil)
			got, err := tr.Titles(context.Background(), []string{"红色新闻", "左右"}, "zh", "en")
			if err != nil {
				t.Fatal(err)
			}
			want := []string{"Red news link", "left right and bell"}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

func TestWrongParagraphCountIsRetriedBlockByBlock(t *testing.T) {
	f := newFake(t, OpenAI)
	f.answer = func(n int, texts []string) (int, http.Header, string) {
		if len(texts) > 1 { // merges the paragraphs, as small models do
			return http.StatusOK, nil, f.success([]string{strings.Join(translated(texts), " ")})
		}
		return http.StatusOK, nil, f.success(translated(texts))
	}
	got, err := f.translator(Config{}, nil, nil).Titles(context.Background(), []string{"一", "二", "三"}, "zh", "en")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"T:一", "T:二", "T:三"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	want := [][]string{{"一", "二", "三"}, {"一"}, {"二"}, {"三"}}
	if reqs := f.requestTexts(); !reflect.DeepEqual(reqs, want) {
		t.Errorf("requests %q, want %q", reqs, want)
	}
}

func TestBadRepliesAfterTheRetryAreReportedNotMisaligned(t *testing.T) {
	for name, content := range map[string]string{
		"malformed JSON":  `{"paragraphs": ["One", "Two"`,
		"no JSON":         "I cannot translate this text.",
		"wrong key":       `{"translation": ["One", "Two"]}`,
		"too many":        `{"paragraphs": ["One", "and", "Two"]}`,
		"empty paragraph": `{"paragraphs": ["", "  "]}`,
	} {
		t.Run(name, func(t *testing.T) {
			f := newFake(t, OpenAI)
			f.answer = func(int, []string) (int, http.Header, string) {
				return http.StatusOK, nil, chatCompletion(content)
			}
			var progressed []Progress
			got, err := f.translator(Config{}, nil, nil).Version(context.Background(),
				&feed.Version{Blocks: []feed.Block{{Text: "一"}, {Text: "二"}}}, "zh", "en",
				func(p Progress) { progressed = append(progressed, p) })
			var te *Error
			if !errors.As(err, &te) || te.Kind != BadReply {
				t.Fatalf("got %v, %v; want a BadReply *Error", got, err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "openai: bad reply: ") || strings.Contains(msg, "\n") {
				t.Errorf("message %q", msg)
			}
			if len(progressed) != 0 {
				t.Errorf("progress reported %+v for a failed request", progressed)
			}
			if n := len(f.requestTexts()); n != 2 { // the pair, then the first alone
				t.Errorf("%d requests, want 2", n)
			}
		})
	}
}

func TestOpenAIModelNotFoundSaysWhatTheServerSaidAndWhatToCheck(t *testing.T) {
	f := newFake(t, OpenAI)
	f.answer = func(int, []string) (int, http.Header, string) {
		return http.StatusNotFound, nil,
			`{"error":{"message":"model \"qwen9:7b\" not found, try pulling it first","type":"not_found_error","param":null,"code":null}}`
	}
	_, err := f.translator(Config{Model: "qwen9:7b"}, nil, nil).Titles(context.Background(), []string{"新闻"}, "zh", "en")
	want := `openai: 404: model "qwen9:7b" not found, try pulling it first: check translate.model and translate.url`
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

func TestOpenAIAsksForSimplifiedChineseFromEnglish(t *testing.T) {
	prompt := systemPrompt("en", "zh")
	if !strings.Contains(prompt, "from English into Simplified Chinese") {
		t.Errorf("prompt %q", prompt)
	}
	for _, keep := range []string{"name", "number", "paragraph"} {
		if !strings.Contains(prompt, keep) {
			t.Errorf("prompt does not mention %s: %q", keep, prompt)
		}
	}
}
