package translate

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
)

func TestLibreTranslateSendsTheListInQAndTheKeyInTheBody(t *testing.T) {
	f := newFake(t, LibreTranslate)
	f.key = "lt-key"
	tr := f.translator(Config{APIKeyEnv: "LT_API_KEY"}, map[string]string{"LT_API_KEY": "lt-key"}, nil)
	src := &feed.Version{Title: "High-speed rail", Blocks: []feed.Block{
		{Kind: feed.Heading, Level: 1, Text: "Beijing to Tianjin"},
		{Text: "The line opened in 2008."},
	}}
	got, err := tr.Version(context.Background(), src, "en", "zh", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := &feed.Version{
		Title: "T:High-speed rail",
		Blocks: []feed.Block{
			{Kind: feed.Heading, Level: 1, Text: "T:Beijing to Tianjin"},
			{Text: "T:The line opened in 2008."},
		},
		Machine: &feed.Machine{Backend: "libretranslate"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

func TestLibreTranslateWithoutAKeySendsNoAPIKey(t *testing.T) {
	f := newFake(t, LibreTranslate) // f.key "" fails a request with any api_key
	if _, err := f.translator(Config{}, nil, nil).Titles(context.Background(), []string{"新闻"}, "zh", "en"); err != nil {
		t.Fatal(err)
	}
}

func TestLibreTranslateErrorBodiesAreReported(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		want   string
	}{
		{http.StatusBadRequest, `{"error":"Visit https://portal.libretranslate.com to get an API key"}`,
			"LibreTranslate: 400: Visit https://portal.libretranslate.com to get an API key"},
		{http.StatusForbidden, `{"error":"Invalid API key"}`,
			"LibreTranslate: 403: Invalid API key: check LT_API_KEY"},
		{http.StatusBadRequest, `{"error":"zh is not supported"}`, "LibreTranslate: 400: zh is not supported"},
		{http.StatusInternalServerError, "<html><body>Internal Server Error</body></html>", "LibreTranslate: 500"},
	} {
		f := newFake(t, LibreTranslate)
		f.key = "k"
		f.answer = func(int, []string) (int, http.Header, string) { return tc.status, nil, tc.body }
		_, err := f.translator(Config{APIKeyEnv: "LT_API_KEY"}, map[string]string{"LT_API_KEY": "k"}, nil).
			Titles(context.Background(), []string{"新闻"}, "zh", "en")
		var te *Error
		if !errors.As(err, &te) || te.Status != tc.status || err.Error() != tc.want {
			t.Errorf("got  %v\nwant %s", err, tc.want)
		}
	}
}

func TestLibreTranslateReplyThatIsNotAListIsABadReply(t *testing.T) {
	f := newFake(t, LibreTranslate)
	f.answer = func(int, []string) (int, http.Header, string) {
		return http.StatusOK, nil, `{"translatedText": {"text": "News"}}`
	}
	_, err := f.translator(Config{}, nil, nil).Titles(context.Background(), []string{"新闻", "旧闻"}, "zh", "en")
	var te *Error
	if !errors.As(err, &te) || te.Kind != BadReply {
		t.Errorf("got %v, want a BadReply *Error", err)
	}
}
