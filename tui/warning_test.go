package tui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// truncatedRSS is a feed cut off in its third item: the loader keeps the
// two complete ones and warns.
const truncatedRSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>新闻</title>
<item><title>第一条</title><link>https://example.com/1</link><description>一。</description></item>
<item><title>第二条</title><link>https://example.com/2</link><description>二。</description></item>
<item><title>第三条</title><link>https://exa`

// TestRecoveredSourceIsAWarningNotAFailure: a truncated feed whose complete
// items were kept shows as a warning under the title bar and in the status
// bar, its articles are listed, and the reader does not report the source
// as failed when it closes (exit status 0).
func TestRecoveredSourceIsAWarningNotAFailure(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cut.xml")
	if err := os.WriteFile(path, []byte(truncatedRSS), 0o600); err != nil {
		t.Fatal(err)
	}
	m := New(Config{Sources: []string{path}, Loader: &feed.Loader{}, Metrics: layout.NewMetrics(false)})
	m = send(t, m, tea.WindowSizeMsg{Width: 240, Height: 24}) // room for the temporary path
	loaded := finishLoad(m)
	if len(loaded.Errs) != 1 {
		t.Fatalf("the load gave %v, want one warning", loaded.Errs)
	}
	m = send(t, m, loaded)
	if len(m.list.articles) != 2 || len(m.notices) != 1 || m.notices[0].kind != noticeWarning {
		t.Fatalf("%d articles, notices %+v; want 2 articles and one warning", len(m.list.articles), m.notices)
	}
	ls := lines(m)
	if !strings.HasPrefix(ls[1], "! warning: ") || !strings.Contains(ls[1], "truncated, 2 items recovered") {
		t.Errorf("row 1 is %q, want the warning", ls[1])
	}
	if st := statusLine(m); !strings.Contains(st, "truncated, 2 items recovered") || m.statusBad {
		t.Errorf("status bar %q (bad %v), want the warning as a notice", st, m.statusBad)
	}
	if err := sourcesFailed(m); err != nil {
		t.Errorf("a recovered source makes the reader fail: %v", err)
	}
}

// TestWarningsBesideFailuresAndOfflineCopies: with a failure among them the
// status bar reports the failure and only the failure counts when the reader
// closes; several warnings are summed up in one notice.
func TestWarningsBesideFailuresAndOfflineCopies(t *testing.T) {
	warn := func(name string) error {
		_, err := feed.Parse(name, []byte(truncatedRSS))
		return err
	}
	fail := &feed.SourceError{Source: "gone.xml", Err: os.ErrNotExist}
	as := testArticles(t)

	m := loadedModel(t, 100, 24, as, warn("a.xml"), fail)
	if !m.statusBad || !strings.Contains(statusLine(m), "1 source failed") {
		t.Errorf("status bar %q, want the failure", statusLine(m))
	}
	err := sourcesFailed(m)
	sf, ok := err.(*SourcesFailedError)
	if !ok || len(sf.Failures) != 1 || !strings.Contains(sf.Failures[0], "gone.xml") {
		t.Errorf("reader closes with %v, want gone.xml alone as failed", err)
	}

	m = loadedModel(t, 100, 24, as, warn("a.xml"), warn("b.xml"))
	if m.statusBad || !strings.Contains(statusLine(m), "2 sources loaded with warnings") {
		t.Errorf("status bar %q (bad %v), want the two warnings summed up", statusLine(m), m.statusBad)
	}
	if err := sourcesFailed(m); err != nil {
		t.Errorf("warnings make the reader fail: %v", err)
	}
}
