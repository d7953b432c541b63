package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTruncatedFeedIsAWarningWithExitZero(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cut.xml")
	feedXML := `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>` +
		`<item><title>One</title><link>https://example.org/1</link></item>` +
		`<item><title>Two</title><link>https://example.org/2</link></item><item><title>Thr`
	if err := os.WriteFile(path, []byte(feedXML), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "", nil, "list", "--no-store", path)
	if code != 0 {
		t.Errorf("exit status %d, want 0: %s", code, stderr)
	}
	if want := "xinwen: warning: " + path + ": truncated, 2 items recovered\n"; stderr != want {
		t.Errorf("stderr %q, want %q", stderr, want)
	}
	if strings.Count(stdout, "\n") != 2 {
		t.Errorf("stdout %q, want the two items", stdout)
	}
}

func TestFullTextFlagReplacesSummaries(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><html><head><meta property="og:type" content="article"></head><body>` +
			`<nav>导航菜单</nav><article>` + strings.Repeat("<p>国务院新闻办公室今天举行新闻发布会，介绍经济发展情况。</p>", 3) +
			`</article></body></html>`))
	}))
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "feed.xml")
	rss := `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><guid>g</guid><title>发布会</title><link>` +
		srv.URL + `/a</link><description>摘要。</description></item></channel></rss>`
	if err := os.WriteFile(path, []byte(rss), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := run(t, "", nil, "export", "--no-store", "--full-text", path)
	if code != 0 || strings.Count(stdout, "国务院新闻办公室") != 3 || strings.Contains(stdout, "摘要") || strings.Contains(stdout, "导航") {
		t.Errorf("exit %d, stdout %q, stderr %q; want the full text", code, stdout, stderr)
	}
	code, stdout, _ = run(t, "", nil, "export", "--no-store", path)
	if code != 0 || !strings.Contains(stdout, "摘要") {
		t.Errorf("without --full-text: exit %d, %q; want the summary", code, stdout)
	}
}
