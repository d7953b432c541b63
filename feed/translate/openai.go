package translate

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
)

// openAIBackend speaks the chat completions protocol of OpenAI and of the
// servers that copy it (Ollama, llama.cpp, vLLM, LM Studio, DeepSeek, Qwen):
// the paragraphs go as a JSON object in the user message, and the reply's
// content must be a JSON object with as many paragraphs.
type openAIBackend struct {
	url, modelName string
}

type chatRequest struct {
	Model          string         `json:"model"`
	Messages       []chatMessage  `json:"messages"`
	Temperature    float64        `json:"temperature"` // 0 is sent: no omitempty
	ResponseFormat responseFormat `json:"response_format"`
}

type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type responseFormat struct {
	Type string `json:"type"`
}

// paragraphs is the JSON object the user message holds and the reply must
// hold.
type paragraphs struct {
	Paragraphs []string `json:"paragraphs"`
}

func (b openAIBackend) endpoint(string) string { return b.url + "/chat/completions" }

func (b openAIBackend) model() string { return b.modelName }

func (b openAIBackend) authorize(h http.Header, key string) {
	h.Set("Authorization", "Bearer "+key)
}

func (b openAIBackend) encode(texts []string, from, to, _ string) ([]byte, error) {
	user, err := marshal(paragraphs{Paragraphs: texts})
	if err != nil {
		return nil, err
	}
	return marshal(chatRequest{
		Model: b.modelName,
		Messages: []chatMessage{
			{Role: "system", Content: systemPrompt(from, to)},
			{Role: "user", Content: string(user)},
		},
		ResponseFormat: responseFormat{Type: "json_object"},
	})
}

// systemPrompt instructs a faithful news translation from one language to
// the other, paragraph for paragraph.
func systemPrompt(from, to string) string {
	return "You are a professional news translator. Translate the news text from " +
		languageName(from) + " into " + languageName(to) + " faithfully and completely: " +
		"keep every name, number, date and quotation; add, drop, summarise or explain nothing. " +
		`The user sends a JSON object {"paragraphs": [...]} with one string for each paragraph, ` +
		"heading or list item, in order. Reply with only a JSON object " +
		`{"paragraphs": [...]} holding exactly as many strings, in the same order, ` +
		"each the translation of the string at the same position. " +
		"Never merge, split, add or leave out a paragraph."
}

func languageName(lang string) string {
	if lang == "zh" {
		return "Simplified Chinese"
	}
	return "English"
}

func (b openAIBackend) decode(data []byte) ([]string, error) {
	var reply struct {
		Choices []struct {
			Message struct {
				Content *string `json:"content"`
			} `json:"message"`
		} `json:"choices"`
	}
	if err := json.Unmarshal(data, &reply); err != nil {
		return nil, errors.New("not a chat completion")
	}
	if len(reply.Choices) == 0 || reply.Choices[0].Message.Content == nil {
		return nil, errors.New("no message in the chat completion")
	}
	return replyParagraphs(*reply.Choices[0].Message.Content)
}

// maxJSONStarts is how many "{" replyParagraphs tries before it gives up.
const maxJSONStarts = 32

// replyParagraphs finds the {"paragraphs": [...]} object in a model's
// message, tolerating what real local models do around it: a reasoning
// block (<think>...</think>), a Markdown code fence, prose before or after.
func replyParagraphs(content string) ([]string, error) {
	if _, after, ok := strings.Cut(content, "</think>"); ok {
		content = after
	}
	rest := content
	for range maxJSONStarts {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			break
		}
		rest = rest[i:]
		var p struct {
			Paragraphs *[]string `json:"paragraphs"`
		}
		if err := json.NewDecoder(strings.NewReader(rest)).Decode(&p); err == nil && p.Paragraphs != nil {
			return *p.Paragraphs, nil
		}
		rest = rest[1:]
	}
	return nil, errors.New(`not the JSON object {"paragraphs": [...]} asked for`)
}

// marshal is json.Marshal without HTML escaping, so that "<" and "&" reach
// a model as themselves.
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
