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

func TestDeepLTranslatesWithTheAuthKeyHeader(t *testing.T) {
	for _, tc := range []struct{ from, to string }{{"zh", "en"}, {"en", "zh"}} {
		f := newFake(t, DeepL) // the fake checks ZH to EN-US and EN to ZH-HANS
		f.key = "0c2f-deepl:fx"
		tr := f.translator(Config{APIKeyEnv: "DEEPL_AUTH_KEY"}, map[string]string{"DEEPL_AUTH_KEY": "0c2f-deepl:fx"}, nil)
		got, err := tr.Version(context.Background(), &feed.Version{Title: "新闻", Blocks: []feed.Block{{Text: "正文"}}}, tc.from, tc.to, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := &feed.Version{Title: "T:新闻", Blocks: []feed.Block{{Text: "T:正文"}}, Machine: &feed.Machine{Backend: "deepl"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s to %s: got %+v", tc.from, tc.to, got)
		}
	}
}

func TestDeepLErrorsNameTheKeyVariable(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		want   string
	}{
		{http.StatusForbidden, "", "DeepL: 403: check DEEPL_AUTH_KEY"},
		{http.StatusForbidden, `{"message":"Forbidden"}`, "DeepL: 403: check DEEPL_AUTH_KEY"},
		{456, `{"message":"Quota Exceeded"}`, "DeepL: 456: quota exceeded: check the account's usage"},
		{http.StatusBadRequest, `{"message":"Value for 'target_lang' not supported.","detail":"target_lang=XX"}`,
			"DeepL: 400: Value for 'target_lang' not supported. (target_lang=XX)"},
	} {
		f := newFake(t, DeepL)
		f.key = "k"
		f.answer = func(int, []string) (int, http.Header, string) { return tc.status, nil, tc.body }
		_, err := f.translator(Config{APIKeyEnv: "DEEPL_AUTH_KEY"}, map[string]string{"DEEPL_AUTH_KEY": "k"}, nil).
			Titles(context.Background(), []string{"新闻"}, "zh", "en")
		var te *Error
		if !errors.As(err, &te) || te.Status != tc.status || err.Error() != tc.want {
			t.Errorf("got  %v\nwant %s", err, tc.want)
		}
	}
}

func TestDeepLWithoutAURLPicksTheHostFromTheKey(t *testing.T) {
	for key, want := range map[string]string{
		"0c2f-deepl:fx": "https://api-free.deepl.com/v2/translate",
		"0c2f-deepl":    "https://api.deepl.com/v2/translate",
	} {
		var got string
		client := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			got = r.URL.String()
			return &http.Response{StatusCode: 200, Body: http.NoBody, Header: http.Header{}}, nil
		})}
		tr, err := New(Config{Backend: DeepL, APIKeyEnv: "K"}, client, func(string) string { return key })
		if err != nil {
			t.Fatal(err)
		}
		_, _ = tr.Titles(context.Background(), []string{"新闻"}, "zh", "en") // no internet: the transport answers
		if got != want {
			t.Errorf("key %q went to %q, want %q", key, got, want)
		}
	}
}

func TestDeepLMoreThanFiftyTextsGoInSeveralRequests(t *testing.T) {
	f := newFake(t, DeepL) // the fake refuses more than 50 texts
	f.key = "k"
	titles := make([]string, 120)
	for i := range titles {
		titles[i] = "新闻" + strings.Repeat("好", i%5)
	}
	got, err := f.translator(Config{APIKeyEnv: "K"}, map[string]string{"K": "k"}, nil).Titles(context.Background(), titles, "zh", "en")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, translated(titles)) {
		t.Errorf("titles out of order or missing")
	}
	if n := len(f.requestTexts()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}
