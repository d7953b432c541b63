package feed_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// failingCache is a Cache that fails, or panics in, the saves of the
// sources named.
type failingCache struct {
	fail, panic string
}

func (failingCache) HTTPValidators(context.Context, string) (string, string, time.Time, bool, error) {
	return "", "", time.Time{}, false, nil
}

func (failingCache) SetHTTPValidators(context.Context, string, string, string, time.Time) error {
	return nil
}

func (failingCache) SourceArticles(context.Context, string) ([]feed.Article, time.Time, error) {
	return nil, time.Time{}, nil
}

func (c failingCache) SaveSource(_ context.Context, source string, _ []feed.Article, _ time.Time) error {
	switch {
	case strings.HasSuffix(source, c.fail):
		return errors.New("database is locked")
	case strings.HasSuffix(source, c.panic):
		panic("broken cache")
	}
	return nil
}

func TestWaitSaysWhichSourcesWereNotStored(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.xml", "b.xml", "c.xml"} {
		text := `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>报</title>` +
			`<item><guid>1</guid><title>标题</title><description>正文。</description></item></channel></rss>`
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	l := &feed.Loader{Cache: failingCache{fail: "b.xml", panic: "c.xml"}}
	ctx := context.Background()
	for _, name := range []string{"a.xml", "b.xml", "c.xml"} {
		if as, err := l.Load(ctx, filepath.Join(dir, name), nil); err != nil || len(as) != 1 {
			t.Fatalf("%s: %d articles, %v", name, len(as), err)
		}
	}
	errs := l.Wait()
	if len(errs) != 2 {
		t.Fatalf("Wait: %v, want b.xml's and c.xml's", errs)
	}
	for i, name := range []string{"b.xml", "c.xml"} {
		var se *feed.SourceError
		if !errors.Is(errs[i], feed.ErrNotSaved) || !errors.As(errs[i], &se) || se.Source != filepath.Join(dir, name) {
			t.Errorf("error %d: %v, want ErrNotSaved naming %s", i, errs[i], name)
		}
	}
	if !strings.Contains(errs[0].Error(), "not stored: database is locked") {
		t.Errorf("error %q does not say why", errs[0])
	}
	if again := l.Wait(); again != nil {
		t.Errorf("the failures were reported twice: %v", again)
	}
}
