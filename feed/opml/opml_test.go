package opml

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed/store"
)

func readFile(t *testing.T, name string) ([]Outline, []error, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return Read(f, name)
}

func TestFoldersBecomeTagsAndDuplicatesMerge(t *testing.T) {
	got, skipped, err := readFile(t, "folders.opml")
	if err != nil || len(skipped) != 0 {
		t.Fatalf("%v %v", err, skipped)
	}
	want := []Outline{
		{"https://feeds.bbci.co.uk/zhongwen/simp/rss.xml", "BBC 中文", []string{"Tech", "World"}},
		{"https://asia.nikkei.com/rss/feed/nar", "Nikkei", []string{"Asia", "World"}},
		{"/home/me/news/feed.xml", "Local", []string{}},
		{"HTTPS://example.com/upper.xml", "Untitled", []string{}},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
}

func TestWriteThenReadKeepsTitlesAndTags(t *testing.T) {
	in, _, err := readFile(t, "folders.opml")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Write(&buf, "xinwen <subscriptions>", in); err != nil {
		t.Fatal(err)
	}
	out, skipped, err := Read(&buf, "written")
	if err != nil || len(skipped) != 0 || fmt.Sprint(out) != fmt.Sprint(in) {
		t.Errorf("round trip: %v %v %v\nwant %v", out, skipped, err, in)
	}
}

func TestUnsafeOutlinesAreSkippedWithOneLineEach(t *testing.T) {
	got, skipped, err := readFile(t, "injection.opml")
	if err != nil {
		t.Fatal(err)
	}
	// XML forbids the escape character even as a reference: it is dropped
	// before parsing, so the rest of the file still reads.
	if len(got) != 2 || got[0].Source != "https://ok.example/feed.xml" || got[1].Source != "https://ok.example/[2J" {
		t.Fatalf("kept %v, want only the https feeds", got)
	}
	for _, o := range got {
		if strings.ContainsAny(o.Title+o.Source, "\x1b\x07\u202e") {
			t.Errorf("outline keeps control characters: %q", o)
		}
	}
	if len(skipped) != 6 {
		t.Fatalf("skipped %d: %v", len(skipped), skipped)
	}
	for i, want := range []string{"|touch", "exec:", "filter:", "javascript:", "file:", "/dev/"} {
		msg := skipped[i].Error()
		if !errors.Is(skipped[i], ErrUnsafeURL) || !strings.Contains(msg, want) || !strings.Contains(msg, "injection.opml") ||
			strings.ContainsAny(msg, "\n\x1b") {
			t.Errorf("skipped %d: %q, want one line naming the file and %q", i, msg, want)
		}
	}
}

func TestEntitiesAreNeverExpanded(t *testing.T) {
	for _, name := range []string{"laughs.opml", "external-entity.opml"} {
		start := time.Now()
		got, _, err := readFile(t, name)
		if err == nil || !strings.Contains(err.Error(), name) || len(got) != 0 {
			t.Errorf("%s: %v, %v; want an error naming the file", name, got, err)
		}
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s took %v", name, d)
		}
	}
}

func TestHugeAndDeepFilesAreRefused(t *testing.T) {
	huge := "<opml><body>" + strings.Repeat(`<outline text="x" xmlUrl="https://e.example/a"/>`, MaxSize/40) + "</body></opml>"
	if _, _, err := Read(strings.NewReader(huge), "huge.opml"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("huge file: %v", err)
	}
	deep := "<opml><body>" + strings.Repeat(`<outline text="f">`, 100_000) + strings.Repeat("</outline>", 100_000) + "</body></opml>"
	if _, _, err := Read(strings.NewReader(deep), "deep.opml"); !errors.Is(err, ErrTooLarge) {
		t.Errorf("deep file: %v", err)
	}
	if _, _, err := Read(strings.NewReader("<rss/>"), "not.opml"); err == nil || !strings.Contains(err.Error(), "not.opml") {
		t.Errorf("not OPML: %v", err)
	}
}

func outlines(n int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><opml version="2.0"><body>`)
	for i := range n {
		if i%100 == 0 {
			if i > 0 {
				b.WriteString("</outline>")
			}
			fmt.Fprintf(&b, `<outline text="folder %d">`, i/100)
		}
		fmt.Fprintf(&b, `<outline type="rss" text="Feed %d" xmlUrl="https://feeds%d.example.com/rss.xml"/>`, i, i)
	}
	b.WriteString("</outline></body></opml>")
	return b.String()
}

// importAll is what `xinwen import` does: read, then store.
func importAll(ctx context.Context, s *store.Store, doc string) (int, error) {
	got, _, err := Read(strings.NewReader(doc), "big.opml")
	if err != nil {
		return 0, err
	}
	subs := make([]store.Subscription, len(got))
	for i, o := range got {
		subs[i] = store.Subscription{Source: o.Source, Title: o.Title, Tags: o.Tags}
	}
	return s.AddSubscriptions(ctx, subs)
}

func TestTenThousandOutlinesImportWithinASecond(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, filepath.Join(t.TempDir(), "xinwen.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	doc := outlines(10_000)
	start := time.Now()
	n, err := importAll(ctx, s, doc)
	if d := time.Since(start); err != nil || n != 10_000 || d > time.Second && !raceOn {
		t.Errorf("imported %d in %v (%v); want 10,000 within 1 s", n, d, err)
	}
}

func BenchmarkImport10k(b *testing.B) {
	ctx := context.Background()
	doc := outlines(10_000)
	for b.Loop() {
		b.StopTimer()
		s, err := store.Open(ctx, filepath.Join(b.TempDir(), "xinwen.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := importAll(ctx, s, doc); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
}
