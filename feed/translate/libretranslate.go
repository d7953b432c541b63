package translate

import (
	"encoding/json"
	"errors"
	"net/http"
)

// libreBackend speaks LibreTranslate's POST /translate with a list of
// texts in "q".
type libreBackend struct {
	url string
}

type libreRequest struct {
	Q      []string `json:"q"`
	Source string   `json:"source"`
	Target string   `json:"target"`
	Format string   `json:"format"`
	APIKey string   `json:"api_key,omitempty"`
}

func (b libreBackend) endpoint(string) string { return b.url + "/translate" }

func (b libreBackend) model() string { return "" }

// authorize does nothing: LibreTranslate takes the key in the body.
func (b libreBackend) authorize(http.Header, string) {}

func (b libreBackend) encode(texts []string, from, to, key string) ([]byte, error) {
	return marshal(libreRequest{Q: texts, Source: from, Target: to, Format: "text", APIKey: key})
}

func (b libreBackend) decode(data []byte) ([]string, error) {
	var reply struct {
		TranslatedText json.RawMessage `json:"translatedText"`
	}
	if err := json.Unmarshal(data, &reply); err != nil || reply.TranslatedText == nil {
		return nil, errors.New(`not the {"translatedText": [...]} asked for`)
	}
	var list []string
	if json.Unmarshal(reply.TranslatedText, &list) == nil {
		return list, nil
	}
	var one string // what a server that ignores the list sends
	if json.Unmarshal(reply.TranslatedText, &one) == nil {
		return []string{one}, nil
	}
	return nil, errors.New("translatedText is not a list of strings")
}
