package feed

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestSourceNameOfURLs(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://a/etag", "http://a/etag"},
		{"HTTP://A/etag", "http://a/etag"},
		{"Https://News.Example.COM/Feed?Q=A#F", "https://news.example.com/Feed?Q=A#F"},
		{"http://a:80/x", "http://a/x"},
		{"https://a:443/x", "https://a/x"},
		{"http://a:443/x", "http://a:443/x"},
		{"https://a:80", "https://a:80"},
		{"http://a:/x", "http://a/x"},
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080"},
		{"http://User:Pw@Host.example/x", "http://User:Pw@host.example/x"},
		{"http://[FE80::1]:80/x", "http://[fe80::1]/x"},
		{"http://[::1]/x", "http://[::1]/x"},
		{"http://a?b", "http://a?b"},
		{"http://a/%7Euser", "http://a/%7Euser"},
	}
	for _, tt := range tests {
		if got := SourceName(tt.in); got != tt.want {
			t.Errorf("SourceName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSourceNameKeepsStdinAndOtherSchemes(t *testing.T) {
	for _, s := range []string{"-", "", "ftp://X/y", "file:///etc/passwd"} {
		if got := SourceName(s); got != s {
			t.Errorf("SourceName(%q) = %q, want it unchanged", s, got)
		}
	}
}

func TestSourceNameOfPathsIsAbsoluteAndClean(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	want := filepath.Join(dir, "other.xml")
	for _, s := range []string{"other.xml", "./other.xml", dir + "//other.xml", want, "x/../other.xml", dir + "/"} {
		got := SourceName(s)
		if s == dir+"/" {
			if got != dir {
				t.Errorf("SourceName(%q) = %q, want %q", s, got, dir)
			}
			continue
		}
		if got != want {
			t.Errorf("SourceName(%q) = %q, want %q", s, got, want)
		}
	}
	// A file called "sample" is a file, never the built-in sample.
	if got := SourceName(SampleSource); got != filepath.Join(dir, SampleSource) {
		t.Errorf("SourceName(%q) = %q, want the file in the working directory", SampleSource, got)
	}
}

// recordingCache is a Cache that remembers what was saved under which
// name, and the validators asked for and set.
type recordingCache struct {
	mu         sync.Mutex
	saved      map[string][]Article
	validators map[string][2]string
	asked      []string
}

func newRecordingCache() *recordingCache {
	return &recordingCache{saved: map[string][]Article{}, validators: map[string][2]string{}}
}

func (c *recordingCache) HTTPValidators(_ context.Context, url string) (string, string, time.Time, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.asked = append(c.asked, url)
	v, ok := c.validators[url]
	return v[0], v[1], time.Time{}, ok, nil
}

func (c *recordingCache) SetHTTPValidators(_ context.Context, url, etag, lastModified string, _ time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.validators[url] = [2]string{etag, lastModified}
	return nil
}

func (c *recordingCache) SourceArticles(_ context.Context, source string) ([]Article, time.Time, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.saved[source], time.Now(), nil
}

func (c *recordingCache) SaveSource(_ context.Context, source string, articles []Article, _ time.Time) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.saved[source] = articles
	return nil
}

func TestLoadNamesAFileOneWayHoweverItIsSpelled(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "f")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(sub, "other.xml")
	if err := os.WriteFile(want, []byte(oneItemRSS), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(sub)
	cache := newRecordingCache()
	l := &Loader{Cache: cache}
	for _, s := range []string{"other.xml", "./other.xml", dir + "//f/other.xml", want} {
		articles, err := l.Load(context.Background(), s, nil)
		if err != nil || len(articles) != 1 || articles[0].Source != want {
			t.Errorf("Load(%q) = %+v, %v; want one article of source %q", s, articles, err, want)
		}
	}
	l.Wait()
	if len(cache.saved) != 1 || cache.saved[want] == nil {
		t.Errorf("saved under %v, want only %q", keys(cache.saved), want)
	}
}

func TestLoadNamesADirectorysFilesByTheirAbsolutePaths(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.xml"), []byte(oneItemRSS), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Dir(dir))
	articles, err := (&Loader{}).Load(context.Background(), "./"+filepath.Base(dir)+"/", nil)
	if err != nil || len(articles) != 1 || articles[0].Source != filepath.Join(dir, "a.xml") {
		t.Fatalf("Load = %+v, %v; want one article of source %q", articles, err, filepath.Join(dir, "a.xml"))
	}
}

func TestLoadNamesAURLOneWayWithOneValidatorsRow(t *testing.T) {
	var conditional int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			conditional++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Write([]byte(oneItemRSS))
	}))
	defer srv.Close()
	rest := strings.TrimPrefix(srv.URL, "http://")
	want := srv.URL + "/etag"
	cache := newRecordingCache()
	l := &Loader{Client: NewClient(5 * time.Second), Cache: cache}
	for _, s := range []string{"HTTP://" + rest + "/etag", want} {
		articles, err := l.Load(context.Background(), s, nil)
		if err != nil || len(articles) != 1 || articles[0].Source != want {
			t.Errorf("Load(%q) = %+v, %v; want one article of source %q", s, articles, err, want)
		}
		l.Wait()
	}
	if len(cache.validators) != 1 || cache.validators[want] != [2]string{`"v1"`, ""} {
		t.Errorf("validators %v, want one row for %q", cache.validators, want)
	}
	if len(cache.saved) != 1 || cache.saved[want] == nil {
		t.Errorf("saved under %v, want only %q", keys(cache.saved), want)
	}
	if conditional != 1 {
		t.Errorf("%d conditional requests, want the second spelling to send the first's ETag", conditional)
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
