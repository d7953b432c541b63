package feed

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

const oneItemRSS = `<rss version="2.0"><channel><title>F</title><item><title>Hello</title><link>https://x.example/1</link></item></channel></rss>`

func rssWithTitles(titles ...string) string {
	var b strings.Builder
	b.WriteString(`<rss version="2.0"><channel><title>F</title>`)
	for _, t := range titles {
		fmt.Fprintf(&b, "<item><title>%s</title></item>", t)
	}
	b.WriteString("</channel></rss>")
	return b.String()
}

func titles(articles []Article) []string {
	var out []string
	for _, a := range articles {
		out = append(out, a.Title())
	}
	return out
}

// wantSourceError checks that err is a *SourceError whose message is want.
func wantSourceError(t *testing.T, err error, want string) {
	t.Helper()
	var se *SourceError
	if !errors.As(err, &se) {
		t.Fatalf("error %T %v is not a *SourceError", err, err)
	}
	if err.Error() != want {
		t.Errorf("error\n got %q\nwant %q", err, want)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "news.xml")
	if err := os.WriteFile(path, []byte(oneItemRSS), 0o644); err != nil {
		t.Fatal(err)
	}
	var calls [][2]int64
	articles, err := (&Loader{}).Load(context.Background(), path, func(done, total int64) {
		calls = append(calls, [2]int64{done, total})
	})
	if err != nil || len(articles) != 1 || articles[0].Source != path {
		t.Fatalf("Load = %+v, %v", articles, err)
	}
	n := int64(len(oneItemRSS))
	if len(calls) == 0 || calls[len(calls)-1] != [2]int64{n, n} {
		t.Errorf("progress calls %v, want last {%d %d}", calls, n, n)
	}
}

func TestLoadFileErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.xml")
	garbage := filepath.Join(dir, "garbage.bin")
	big := filepath.Join(dir, "big.xml")
	os.WriteFile(empty, nil, 0o644)
	os.WriteFile(garbage, []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00"), 0o644)
	os.WriteFile(big, []byte(rssWithTitles(strings.Repeat("x", 3000))), 0o644)
	missing := filepath.Join(dir, "missing.xml")
	tests := []struct {
		source string
		loader *Loader
		want   string
	}{
		{missing, &Loader{}, missing + ": no such file or directory"},
		{empty, &Loader{}, empty + ": empty"},
		{garbage, &Loader{}, garbage + ": not a feed: binary data"},
		{big, &Loader{MaxBytes: 2 << 10}, big + ": larger than 2 KiB"},
		{"-", &Loader{}, "-: no standard input"},
		{"ftp://x.example/feed", &Loader{}, `ftp://x.example/feed: unsupported scheme "ftp" (only http and https)`},
		{"file:///etc/passwd", &Loader{}, `file:///etc/passwd: unsupported scheme "file" (only http and https)`},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.source), func(t *testing.T) {
			articles, err := tt.loader.Load(context.Background(), tt.source, nil)
			if len(articles) != 0 {
				t.Errorf("got %d articles", len(articles))
			}
			wantSourceError(t, err, tt.want)
		})
	}
	if _, err := (&Loader{}).Load(context.Background(), missing, nil); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file error %v does not wrap fs.ErrNotExist", err)
	}
}

func TestLoadStdin(t *testing.T) {
	l := Loader{Stdin: strings.NewReader(oneItemRSS)}
	var last [2]int64
	articles, err := l.Load(context.Background(), "-", func(done, total int64) { last = [2]int64{done, total} })
	if err != nil || len(articles) != 1 || articles[0].Source != "-" {
		t.Fatalf("Load(-) = %+v, %v", articles, err)
	}
	if last != [2]int64{int64(len(oneItemRSS)), -1} {
		t.Errorf("progress %v, want total -1", last)
	}
}

func TestLoadDir(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"b.xml":              rssWithTitles("B1", "B2"),
		"a.json":             `{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"a","title":"A1"}]}`,
		"c-bad.xml":          "<rss version=\"2.0\">\n<channel>\n<item><title>broken",
		"d.txt":              bilingualText,
		"readme.md":          "Just notes about these feeds.",
		"logo.png":           "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
		"sub/e.xml":          rssWithTitles("E1"),
		".hidden/f.xml":      rssWithTitles("hidden"),
		".also-hidden.xml":   rssWithTitles("hidden too"),
		"sub/.git/HEAD.xml":  rssWithTitles("git"),
		"zz-not-a-feed.html": "<!DOCTYPE html><html></html>",
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var last [2]int64
	articles, err := (&Loader{}).Load(context.Background(), dir, func(done, total int64) { last = [2]int64{done, total} })
	want := []string{"A1", "B1", "B2", "近日，公安部新闻发言人在新闻发布会上透露，警方已向我方移交犯罪嫌疑人。", "E1"}
	got := titles(articles)
	if len(got) == 5 && articles[3].ZH != nil && articles[3].ZH.Title == "" {
		// The text format's Chinese title is optional; compare by source.
		got[3] = want[3]
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("titles %q, want %q", got, want)
	}
	bad := filepath.Join(dir, "c-bad.xml")
	wantSourceError(t, err, bad+": malformed XML: line 3: unexpected EOF")
	if last[0] != last[1] || last[1] <= 0 {
		t.Errorf("last progress %v, want done == total", last)
	}
}

func TestLoadDirErrors(t *testing.T) {
	empty := t.TempDir()
	os.WriteFile(filepath.Join(empty, "notes.txt"), []byte("nothing here"), 0o644)
	_, err := (&Loader{}).Load(context.Background(), empty, nil)
	wantSourceError(t, err, empty+": no feeds or article files found")

	two := t.TempDir()
	os.WriteFile(filepath.Join(two, "1.xml"), []byte("<rss><channel><item>"), 0o644)
	os.WriteFile(filepath.Join(two, "2.json"), []byte(`{"version":"https://jsonfeed.org/version/1", "items": [`), 0o644)
	_, err = (&Loader{}).Load(context.Background(), two, nil)
	wantSourceError(t, err, two+": 2 files failed: "+filepath.Join(two, "1.xml")+": malformed XML: line 1: unexpected EOF; "+
		filepath.Join(two, "2.json")+": malformed JSON: line 1: unexpected end of JSON input")

	bigBinary := t.TempDir()
	os.WriteFile(filepath.Join(bigBinary, "a.xml"), []byte(oneItemRSS), 0o644)
	os.WriteFile(filepath.Join(bigBinary, "movie.mp4"), append([]byte("\x00\x00\x00\x18ftypmp42"), make([]byte, 8<<10)...), 0o644)
	articles, err := (&Loader{MaxBytes: 4 << 10}).Load(context.Background(), bigBinary, nil)
	if err != nil || len(articles) != 1 {
		t.Errorf("directory with a big binary file: %d articles, %v", len(articles), err)
	}
}

func TestLoadUnreadableDir(t *testing.T) {
	dir := t.TempDir()
	locked := filepath.Join(dir, "locked")
	if err := os.Mkdir(locked, 0o000); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(locked, 0o755)
	if _, err := os.ReadDir(locked); err == nil {
		t.Skip("a mode 000 directory is readable here (running as root)")
	}
	_, err := (&Loader{}).Load(context.Background(), locked, nil)
	wantSourceError(t, err, locked+": permission denied")
}

func TestLoadURL(t *testing.T) {
	var gotUA, gotAE string
	mux := http.NewServeMux()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		gotUA, gotAE = r.Header.Get("User-Agent"), r.Header.Get("Accept-Encoding")
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		w.Header().Set("Content-Length", strconv.Itoa(len(oneItemRSS)))
		w.Write([]byte(oneItemRSS))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	l := Loader{Client: NewClient(5 * time.Second), UserAgent: "1.2.3"}
	var calls [][2]int64
	articles, err := l.Load(context.Background(), srv.URL+"/feed", func(done, total int64) {
		calls = append(calls, [2]int64{done, total})
	})
	if err != nil || len(articles) != 1 || articles[0].Source != srv.URL+"/feed" {
		t.Fatalf("Load = %+v, %v", articles, err)
	}
	if gotUA != "xinwen/1.2.3 (+terminal news reader)" {
		t.Errorf("User-Agent %q", gotUA)
	}
	if !strings.Contains(gotAE, "gzip") {
		t.Errorf("Accept-Encoding %q does not ask for gzip", gotAE)
	}
	n := int64(len(oneItemRSS))
	if len(calls) == 0 || calls[len(calls)-1] != [2]int64{n, n} {
		t.Errorf("progress %v, want last {%d %d} from Content-Length", calls, n, n)
	}
}

func TestLoadURLGzip(t *testing.T) {
	var compressed bytes.Buffer
	zw := gzip.NewWriter(&compressed)
	zw.Write([]byte(oneItemRSS))
	zw.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			http.Error(w, "want gzip", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(compressed.Bytes())
	}))
	defer srv.Close()
	articles, err := (&Loader{Client: NewClient(5 * time.Second)}).Load(context.Background(), srv.URL, nil)
	if err != nil || len(articles) != 1 || articles[0].Title() != "Hello" {
		t.Fatalf("Load gzip = %+v, %v", articles, err)
	}
}

func TestLoadURLCharsetHeader(t *testing.T) {
	gbk := encode(t, simplifiedchinese.GBK, rssWithTitles("新闻标题"))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/xml; charset=GBK")
		w.Write(gbk)
	}))
	defer srv.Close()
	articles, err := (&Loader{Client: NewClient(5 * time.Second)}).Load(context.Background(), srv.URL, nil)
	if err != nil || len(articles) != 1 || articles[0].Title() != "新闻标题" {
		t.Fatalf("Load = %v, %v", titles(articles), err)
	}
}

func TestLoadURLErrors(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "100000")
		w.Write(bytes.Repeat([]byte(" "), 100000))
	})
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < 20; i++ {
			w.Write(bytes.Repeat([]byte(" "), 10000))
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/to-ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://files.example/feed.xml", http.StatusFound)
	})
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<!doctype html><html><body>hi</body></html>"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	l := Loader{Client: NewClient(300 * time.Millisecond), MaxBytes: 64 << 10}
	tests := []struct{ path, want string }{
		{"/missing", "HTTP 404 Not Found"},
		{"/slow", "timed out after 300ms"},
		{"/big", "larger than 64 KiB"},
		{"/big-chunked", "larger than 64 KiB"},
		{"/loop", "stopped after 5 redirects"},
		{"/to-ftp", `redirected to unsupported scheme "ftp" (only http and https)`},
		{"/html", "not a feed: an HTML page, not RSS, Atom or JSON Feed"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			_, err := l.Load(context.Background(), srv.URL+tt.path, nil)
			wantSourceError(t, err, srv.URL+tt.path+": "+tt.want)
		})
	}
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	_, err := l.Load(context.Background(), closed.URL, nil)
	if err == nil || !strings.HasPrefix(err.Error(), closed.URL+": cannot connect: ") || strings.Count(err.Error(), closed.URL) != 1 {
		t.Errorf("refused connection error %q", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = l.Load(ctx, srv.URL+"/slow", nil)
	wantSourceError(t, err, srv.URL+"/slow: cancelled")
}

func TestDefaultLoaderUsesDefaultTimeout(t *testing.T) {
	if defaultClient.Timeout != 15*time.Second {
		t.Errorf("default client timeout %v, want 15s", defaultClient.Timeout)
	}
	if (&Loader{}).maxBytes() != 32<<20 {
		t.Errorf("default cap %d", (&Loader{}).maxBytes())
	}
	if got := tooLarge(DefaultMaxBytes).Error(); got != "larger than 32 MiB" {
		t.Errorf("cap message %q", got)
	}
	if got := (&Loader{}).userAgent(); got != "xinwen (+terminal news reader)" {
		t.Errorf("default User-Agent %q", got)
	}
}

func TestLoadURLSchemeIsCaseInsensitive(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(oneItemRSS))
	}))
	defer srv.Close()
	rest := strings.TrimPrefix(srv.URL, "http://")
	for _, source := range []string{"HTTP://" + rest, "Http://" + rest + "/feed"} {
		articles, err := (&Loader{Client: NewClient(5 * time.Second)}).Load(context.Background(), source, nil)
		// The articles are named as SourceName names the URL: one
		// source however its scheme is spelled.
		_, path, _ := strings.Cut(source, "://")
		if err != nil || len(articles) != 1 || articles[0].Source != "http://"+path {
			t.Errorf("Load(%q) = %d articles, %v", source, len(articles), err)
		}
	}
	_, err := (&Loader{}).Load(context.Background(), "FTP://x.example/feed", nil)
	wantSourceError(t, err, `FTP://x.example/feed: unsupported scheme "FTP" (only http and https)`)
}
