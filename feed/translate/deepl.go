package translate

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
)

// The two DeepL API hosts: free keys end in ":fx".
const (
	deepLFreeURL = "https://api-free.deepl.com"
	deepLProURL  = "https://api.deepl.com"
)

// deepLBackend speaks DeepL's JSON POST /v2/translate.
type deepLBackend struct {
	url string // "" picks the host from the key
}

type deepLRequest struct {
	Text       []string `json:"text"`
	SourceLang string   `json:"source_lang"`
	TargetLang string   `json:"target_lang"`
}

func deepLURL(key string) string {
	if strings.HasSuffix(key, ":fx") {
		return deepLFreeURL
	}
	return deepLProURL
}

func (b deepLBackend) endpoint(key string) string {
	if b.url == "" {
		return deepLURL(key) + "/v2/translate"
	}
	return b.url + "/v2/translate"
}

func (b deepLBackend) model() string { return "" }

func (b deepLBackend) authorize(h http.Header, key string) {
	h.Set("Authorization", "DeepL-Auth-Key "+key)
}

func (b deepLBackend) encode(texts []string, from, to, _ string) ([]byte, error) {
	source, target := "ZH", "EN-US"
	if from == "en" {
		source, target = "EN", "ZH-HANS"
	}
	return marshal(deepLRequest{Text: texts, SourceLang: source, TargetLang: target})
}

func (b deepLBackend) decode(data []byte) ([]string, error) {
	var reply struct {
		Translations []struct {
			Text *string `json:"text"`
		} `json:"translations"`
	}
	if err := json.Unmarshal(data, &reply); err != nil || reply.Translations == nil {
		return nil, errors.New(`not the {"translations": [...]} asked for`)
	}
	out := make([]string, len(reply.Translations))
	for i, tr := range reply.Translations {
		if tr.Text == nil {
			return nil, errors.New("a translation without text")
		}
		out[i] = *tr.Text
	}
	return out, nil
}
