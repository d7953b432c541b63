package translate

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"reflect"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// refusingClient is a client whose every connection is refused, so that a
// URL such as Ollama's default can be tried without touching the network.
func refusingClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext: func(context.Context, string, string) (net.Conn, error) {
			return nil, &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
		},
	}}
}

func TestConnectionRefusedNamesTheURLAndWhatToCheck(t *testing.T) {
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{Backend: OpenAI, URL: "http://localhost:11434/v1", Model: "qwen2.5:7b"},
			`cannot reach http://localhost:11434/v1: is "ollama serve" running?`},
		{Config{Backend: OpenAI, URL: "http://127.0.0.1:8080/v1/", Model: "m"},
			`cannot reach http://127.0.0.1:8080/v1: is the server running? check translate.url`},
		{Config{Backend: LibreTranslate, URL: "http://localhost:5000"},
			`cannot reach http://localhost:5000: is "libretranslate" running? check translate.url`},
	} {
		tr, err := New(tc.cfg, refusingClient(), nil)
		if err != nil {
			t.Fatal(err)
		}
		_, err = tr.Titles(context.Background(), []string{"新闻"}, "zh", "en")
		var te *Error
		if !errors.As(err, &te) || te.Kind != Unreachable {
			t.Fatalf("got %v, want an Unreachable *Error", err)
		}
		if err.Error() != tc.want {
			t.Errorf("got  %s\nwant %s", err, tc.want)
		}
	}
}

func TestAClosedPortOnLoopbackIsUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String()
	l.Close()
	tr, err := New(Config{Backend: LibreTranslate, URL: url}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tr.Titles(context.Background(), []string{"新闻"}, "zh", "en")
	var te *Error
	if !errors.As(err, &te) || te.Kind != Unreachable || !strings.HasPrefix(err.Error(), "cannot reach "+url+": ") {
		t.Errorf("got %v", err)
	}
}

func TestASlowReplyPastTheTimeoutIsReported(t *testing.T) {
	f := newFake(t, OpenAI)
	f.delay = 2 * time.Second
	tr := f.translator(Config{Timeout: 100 * time.Millisecond}, nil, nil)
	start := time.Now()
	_, err := tr.Titles(context.Background(), []string{"新闻"}, "zh", "en")
	var te *Error
	if !errors.As(err, &te) || te.Kind != TimedOut {
		t.Fatalf("got %v, want a TimedOut *Error", err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("gave up after %s, want about 100ms", took)
	}
	want := "openai: no reply from " + f.url() + " within 100ms: is the server busy? a slow model may need a longer translate.timeout"
	if err.Error() != want {
		t.Errorf("got  %s\nwant %s", err, want)
	}
}

func TestCancellingTheContextIsNotABackendError(t *testing.T) {
	f := newFake(t, OpenAI)
	f.delay = 2 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := f.translator(Config{}, nil, nil).Titles(ctx, []string{"新闻"}, "zh", "en")
	var te *Error
	if !errors.Is(err, context.DeadlineExceeded) || errors.As(err, &te) {
		t.Errorf("got %v, want the context's error", err)
	}
}

func Test429HonoursRetryAfterAndSucceeds(t *testing.T) {
	for _, protocol := range []string{OpenAI, LibreTranslate, DeepL} {
		t.Run(protocol, func(t *testing.T) {
			f := newFake(t, protocol)
			f.key = "k"
			f.answer = func(n int, texts []string) (int, http.Header, string) {
				if n < 2 {
					return http.StatusTooManyRequests, http.Header{"Retry-After": {"7"}}, `{"message":"Too many requests"}`
				}
				return http.StatusOK, nil, f.success(translated(texts))
			}
			var waits []time.Duration
			tr := f.translator(Config{APIKeyEnv: "K"}, map[string]string{"K": "k"}, &waits)
			got, err := tr.Titles(context.Background(), []string{"新闻"}, "zh", "en")
			if err != nil {
				t.Fatal(err)
			}
			if got[0] != "T:新闻" {
				t.Errorf("got %q", got)
			}
			if want := []time.Duration{7 * time.Second, 7 * time.Second}; !reflect.DeepEqual(waits, want) {
				t.Errorf("waited %v, want %v", waits, want)
			}
		})
	}
}

func Test503BacksOffAndGivesUpAfterThreeTries(t *testing.T) {
	f := newFake(t, OpenAI)
	f.answer = func(int, []string) (int, http.Header, string) {
		return http.StatusServiceUnavailable, nil, `{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}`
	}
	var waits []time.Duration
	_, err := f.translator(Config{}, nil, &waits).Titles(context.Background(), []string{"新闻"}, "zh", "en")
	var te *Error
	if !errors.As(err, &te) || te.Kind != Status || te.Status != 503 {
		t.Fatalf("got %v, want a 503 *Error", err)
	}
	if n := len(f.requestTexts()); n != maxTries {
		t.Errorf("%d requests, want %d", n, maxTries)
	}
	if want := []time.Duration{time.Second, 2 * time.Second}; !reflect.DeepEqual(waits, want) {
		t.Errorf("waited %v, want %v", waits, want)
	}
	if want := "openai: 503: Loading model: still busy after 3 tries; try again later"; err.Error() != want {
		t.Errorf("got  %s\nwant %s", err, want)
	}
}

func TestARetryAfterTooLongToWaitForEndsTheTries(t *testing.T) {
	f := newFake(t, LibreTranslate)
	f.answer = func(int, []string) (int, http.Header, string) {
		return http.StatusTooManyRequests, http.Header{"Retry-After": {"3600"}},
			`{"error":"Too many request limits violations"}`
	}
	var waits []time.Duration
	_, err := f.translator(Config{}, nil, &waits).Titles(context.Background(), []string{"新闻"}, "zh", "en")
	want := "LibreTranslate: 429: Too many request limits violations: asked to wait 1h0m0s; try again later"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	if len(waits) != 0 || len(f.requestTexts()) != 1 {
		t.Errorf("waited %v over %d requests", waits, len(f.requestTexts()))
	}
}

func TestRetryAfterReadsSecondsAndHTTPDates(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"":                              0,
		"5":                             5 * time.Second,
		" 12 ":                          12 * time.Second,
		"-3":                            0,
		"soon":                          0,
		"Sat, 01 Mar 2025 12:00:09 GMT": 9 * time.Second,
		"Sat, 01 Mar 2025 11:00:00 GMT": 0,
	} {
		if got := parseRetryAfter(v, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %s, want %s", v, got, want)
		}
	}
}

func TestTheKeyNeverAppearsInAnError(t *testing.T) {
	const key = "sk-secret-0123456789"
	f := newFake(t, OpenAI)
	f.key = key
	f.answer = func(int, []string) (int, http.Header, string) { // a server that echoes the key
		return http.StatusUnauthorized, nil, `{"error":{"message":"Incorrect API key provided: sk-secret-0123456789.","type":"invalid_request_error"}}`
	}
	_, err := f.translator(Config{APIKeyEnv: "OPENAI_API_KEY"}, map[string]string{"OPENAI_API_KEY": key}, nil).
		Titles(context.Background(), []string{"新闻"}, "zh", "en")
	if err == nil || strings.Contains(err.Error(), key) {
		t.Fatalf("got %v", err)
	}
	if want := "openai: 401: Incorrect API key provided: ***.: check OPENAI_API_KEY"; err.Error() != want {
		t.Errorf("got  %s\nwant %s", err, want)
	}
}

func TestAnUnsetKeyVariableSendsNothing(t *testing.T) {
	f := newFake(t, DeepL)
	_, err := f.translator(Config{APIKeyEnv: "DEEPL_AUTH_KEY"}, nil, nil).
		Titles(context.Background(), []string{"新闻"}, "zh", "en")
	var te *Error
	if !errors.As(err, &te) || te.Kind != MissingKey {
		t.Fatalf("got %v, want a MissingKey *Error", err)
	}
	if want := "DeepL: DEEPL_AUTH_KEY is not set"; err.Error() != want {
		t.Errorf("got %q, want %q", err, want)
	}
	if n := len(f.requestTexts()); n != 0 {
		t.Errorf("%d requests sent without a key", n)
	}
}

func TestNothingIsSentWithoutABackend(t *testing.T) {
	var requests atomic.Int32
	client := &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		requests.Add(1)
		return nil, errors.New("sent")
	})}
	tr, err := New(Config{URL: "http://localhost:11434/v1", Model: "m"}, client, nil)
	if !errors.Is(err, ErrNoBackend) || tr != nil {
		t.Errorf("New without a backend: %v, %v", tr, err)
	}
	if requests.Load() != 0 {
		t.Errorf("%d requests", requests.Load())
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestAFailedRequestKeepsWhatWasTranslatedBefore(t *testing.T) {
	f := newFake(t, OpenAI)
	f.answer = func(n int, texts []string) (int, http.Header, string) {
		if n == 1 {
			return http.StatusInternalServerError, nil, `{"error":{"message":"out of memory","type":"api_error"}}`
		}
		return http.StatusOK, nil, f.success(translated(texts))
	}
	src := &feed.Version{Title: "标题"}
	for _, s := range []string{strings.Repeat("一", 60), strings.Repeat("二", 90), strings.Repeat("三", 90)} {
		src.Blocks = append(src.Blocks, feed.Block{Text: s})
	}
	tr := f.translator(Config{Concurrency: 1, MaxChars: 100}, nil, nil)
	var last Progress
	got, err := tr.Version(context.Background(), src, "zh", "en", func(p Progress) { last = p })
	var te *Error
	if got != nil || !errors.As(err, &te) || te.Status != 500 {
		t.Fatalf("got %v, %v; want a 500 *Error", got, err)
	}
	if want := "openai: 500: out of memory"; err.Error() != want {
		t.Errorf("got %q, want %q", err, want)
	}
	if last.Done != 1 || last.Total != 3 || last.Version == nil {
		t.Fatalf("last progress %+v, want 1 of 3 requests", last)
	}
	v := last.Version
	if v.Title != "T:标题" || v.Blocks[0].Text != "T:"+src.Blocks[0].Text || v.Blocks[1].Text != "" || v.Blocks[2].Text != "" {
		t.Errorf("partial translation %+v", v)
	}
	if n := len(f.requestTexts()); n != 2 {
		t.Errorf("%d requests, want 2: none after the failure", n)
	}
}
