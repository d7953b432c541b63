package translate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fake is a backend on 127.0.0.1 that checks each request against the
// protocol exactly and answers through answer (by default, a correct
// translation: each text prefixed with "T:").
type fake struct {
	*httptest.Server
	t        testing.TB
	protocol string
	key      string // the key the request must carry; "" for none

	mu       sync.Mutex
	requests [][]string // the texts of each request, in arrival order
	inFlight int
	peak     int
	answer   func(n int, texts []string) (status int, header http.Header, body string)
	delay    time.Duration
}

func newFake(t testing.TB, protocol string) *fake {
	t.Helper()
	f := &fake{t: t, protocol: protocol}
	f.answer = func(_ int, texts []string) (int, http.Header, string) {
		return http.StatusOK, nil, f.success(translated(texts))
	}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func translated(texts []string) []string {
	out := make([]string, len(texts))
	for i, s := range texts {
		out[i] = "T:" + s
	}
	return out
}

// url is the base URL a Config names for f.
func (f *fake) url() string {
	if f.protocol == OpenAI {
		return f.URL + "/v1"
	}
	return f.URL
}

func (f *fake) serve(w http.ResponseWriter, r *http.Request) {
	texts, err := f.parse(r)
	if err != nil {
		f.t.Errorf("%s request: %v", f.protocol, err)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	n := len(f.requests)
	f.requests = append(f.requests, texts)
	f.inFlight++
	f.peak = max(f.peak, f.inFlight)
	answer, delay := f.answer, f.delay
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inFlight--
		f.mu.Unlock()
	}()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	status, header, body := answer(n, texts)
	for k, v := range header {
		w.Header()[k] = v
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// requestTexts returns a copy of the texts of every request so far.
func (f *fake) requestTexts() [][]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([][]string(nil), f.requests...)
}

// parse checks the method, path, headers and body of r against the
// protocol and returns the texts it asks to translate.
func (f *fake) parse(r *http.Request) ([]string, error) {
	if r.Method != http.MethodPost {
		return nil, fmt.Errorf("method %s, want POST", r.Method)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/json" {
		return nil, fmt.Errorf("Content-Type %q", ct)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	auth := r.Header.Get("Authorization")
	switch f.protocol {
	case OpenAI:
		return f.parseOpenAI(r.URL.Path, auth, dec, body)
	case LibreTranslate:
		return f.parseLibre(r.URL.Path, auth, dec)
	default:
		return f.parseDeepL(r.URL.Path, auth, dec)
	}
}

func (f *fake) parseOpenAI(path, auth string, dec *json.Decoder, raw []byte) ([]string, error) {
	if path != "/v1/chat/completions" {
		return nil, fmt.Errorf("path %s", path)
	}
	if want := bearer(f.key); auth != want {
		return nil, fmt.Errorf("Authorization %q, want %q", auth, want)
	}
	var req struct {
		Model    string `json:"model"`
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
		Temperature    *float64 `json:"temperature"`
		ResponseFormat struct {
			Type string `json:"type"`
		} `json:"response_format"`
	}
	if err := dec.Decode(&req); err != nil {
		return nil, err
	}
	switch {
	case req.Model == "":
		return nil, fmt.Errorf("no model")
	case req.Temperature == nil || *req.Temperature != 0:
		return nil, fmt.Errorf("temperature not 0 in %s", raw)
	case req.ResponseFormat.Type != "json_object":
		return nil, fmt.Errorf("response_format %q", req.ResponseFormat.Type)
	case len(req.Messages) != 2 || req.Messages[0].Role != "system" || req.Messages[1].Role != "user":
		return nil, fmt.Errorf("messages %+v", req.Messages)
	case !strings.Contains(req.Messages[0].Content, "JSON"):
		return nil, fmt.Errorf("system message does not ask for JSON: %q", req.Messages[0].Content)
	}
	user := json.NewDecoder(strings.NewReader(req.Messages[1].Content))
	user.DisallowUnknownFields()
	var p struct {
		Paragraphs []string `json:"paragraphs"`
	}
	if err := user.Decode(&p); err != nil || len(p.Paragraphs) == 0 {
		return nil, fmt.Errorf("user message %q: %v", req.Messages[1].Content, err)
	}
	return p.Paragraphs, nil
}

func bearer(key string) string {
	if key == "" {
		return ""
	}
	return "Bearer " + key
}

func (f *fake) parseLibre(path, auth string, dec *json.Decoder) ([]string, error) {
	if path != "/translate" {
		return nil, fmt.Errorf("path %s", path)
	}
	if auth != "" {
		return nil, fmt.Errorf("Authorization header %q: LibreTranslate takes the key in the body", auth)
	}
	var req struct {
		Q      []string `json:"q"`
		Source string   `json:"source"`
		Target string   `json:"target"`
		Format string   `json:"format"`
		APIKey string   `json:"api_key"`
	}
	if err := dec.Decode(&req); err != nil {
		return nil, err
	}
	pair := req.Source + ">" + req.Target
	switch {
	case len(req.Q) == 0:
		return nil, fmt.Errorf("no q")
	case pair != "zh>en" && pair != "en>zh":
		return nil, fmt.Errorf("source %q target %q", req.Source, req.Target)
	case req.Format != "text":
		return nil, fmt.Errorf("format %q", req.Format)
	case req.APIKey != f.key:
		return nil, fmt.Errorf("api_key %q, want %q", req.APIKey, f.key)
	}
	return req.Q, nil
}

func (f *fake) parseDeepL(path, auth string, dec *json.Decoder) ([]string, error) {
	if path != "/v2/translate" {
		return nil, fmt.Errorf("path %s", path)
	}
	if want := "DeepL-Auth-Key " + f.key; auth != want {
		return nil, fmt.Errorf("Authorization %q, want %q", auth, want)
	}
	var req struct {
		Text       []string `json:"text"`
		SourceLang string   `json:"source_lang"`
		TargetLang string   `json:"target_lang"`
	}
	if err := dec.Decode(&req); err != nil {
		return nil, err
	}
	pair := req.SourceLang + ">" + req.TargetLang
	switch {
	case len(req.Text) == 0 || len(req.Text) > 50:
		return nil, fmt.Errorf("%d texts", len(req.Text))
	case pair != "ZH>EN-US" && pair != "EN>ZH-HANS":
		return nil, fmt.Errorf("source_lang %q target_lang %q", req.SourceLang, req.TargetLang)
	}
	return req.Text, nil
}

// success is a correct reply of f's protocol carrying out.
func (f *fake) success(out []string) string {
	switch f.protocol {
	case OpenAI:
		content, _ := json.Marshal(map[string][]string{"paragraphs": out})
		return chatCompletion(string(content))
	case LibreTranslate:
		body, _ := json.Marshal(map[string][]string{"translatedText": out})
		return string(body)
	}
	type tr struct {
		Lang string `json:"detected_source_language"`
		Text string `json:"text"`
	}
	var list []tr
	for _, s := range out {
		list = append(list, tr{"ZH", s})
	}
	body, _ := json.Marshal(map[string][]tr{"translations": list})
	return string(body)
}

// chatCompletion is a reply as Ollama's /v1/chat/completions sends it.
func chatCompletion(content string) string {
	c, _ := json.Marshal(content)
	return `{"id":"chatcmpl-712","object":"chat.completion","created":1733312400,` +
		`"model":"qwen2.5:7b","system_fingerprint":"fp_ollama","choices":[{"index":0,` +
		`"message":{"role":"assistant","content":` + string(c) + `},"finish_reason":"stop"}],` +
		`"usage":{"prompt_tokens":120,"completion_tokens":80,"total_tokens":200}}`
}

// translator returns a Translator for f with cfg's other fields, reading
// keys from env, and recording its waits in *waits instead of sleeping.
func (f *fake) translator(cfg Config, env map[string]string, waits *[]time.Duration) *Translator {
	f.t.Helper()
	cfg.Backend = f.protocol
	if cfg.URL == "" {
		cfg.URL = f.url()
	}
	if cfg.Model == "" && f.protocol == OpenAI {
		cfg.Model = "qwen2.5:7b"
	}
	tr, err := New(cfg, f.Client(), func(name string) string { return env[name] })
	if err != nil {
		f.t.Fatal(err)
	}
	var mu sync.Mutex
	tr.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		if waits != nil {
			*waits = append(*waits, d)
		}
		return ctx.Err()
	}
	return tr
}
