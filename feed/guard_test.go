package feed

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// nullItemJSONFeed made gofeed's JSON translator dereference a nil item.
const nullItemJSONFeed = `{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[null]}`

func TestParserPanicIsOneSourceError(t *testing.T) {
	for name, fn := range map[string]func() ([]Article, error){
		"index out of range": func() ([]Article, error) {
			var items []string
			return nil, errors.New(items[len(os.Args)])
		},
		"value": func() ([]Article, error) { panic("bad\x1b[31m\nthing") },
		"error": func() ([]Article, error) { panic(errors.New("an error value")) },
	} {
		t.Run(name, func(t *testing.T) {
			articles, err := guardParse("news.json", fn)
			var se *SourceError
			if len(articles) != 0 || !errors.As(err, &se) || se.Source != "news.json" || !errors.Is(err, errPanic) {
				t.Fatalf("got %d articles, error %T %v", len(articles), err, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "news.json: internal error while parsing: ") || strings.ContainsAny(msg, "\x1b\n\r") ||
				strings.Contains(msg, "goroutine") {
				t.Errorf("error %q is not one clean line", msg)
			}
		})
	}
}

func TestParseDoesNotPanicOnANullJSONFeedItem(t *testing.T) {
	// Whether the null item is skipped or reported, Parse returns.
	_, err := Parse("null.json", []byte(nullItemJSONFeed))
	var se *SourceError
	if err != nil && (!errors.As(err, &se) || se.Source != "null.json") {
		t.Errorf("error %T %v", err, err)
	}
}

func TestDirectoryWithAPanickingFileLoadsTheRest(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"a.xml":  rssWithTitles("A1", "A2"),
		"b.json": nullItemJSONFeed,
		"c.txt":  bilingualText,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	articles, err := (&Loader{}).Load(context.Background(), dir, nil)
	if len(articles) != 3 || articles[0].Title() != "A1" || articles[2].EN == nil {
		t.Fatalf("got %q, %v; want A1, A2 and the text article", titles(articles), err)
	}
	if err == nil {
		return // the JSON Feed parser skips the null item
	}
	var se *SourceError
	bad := filepath.Join(dir, "b.json")
	if !errors.As(err, &se) || se.Source != bad || strings.ContainsAny(err.Error(), "\n\r") {
		t.Errorf("error %q does not name %s on one line", err, bad)
	}
}

// panickingCache is a Cache whose every method panics.
type panickingCache struct{}

func (panickingCache) HTTPValidators(context.Context, string) (string, string, time.Time, bool, error) {
	panic("validators")
}
func (panickingCache) SetHTTPValidators(context.Context, string, string, string, time.Time) error {
	panic("set validators")
}
func (panickingCache) SourceArticles(context.Context, string) ([]Article, time.Time, error) {
	panic("articles")
}
func (panickingCache) SaveSource(context.Context, string, []Article, time.Time) error {
	panic("save")
}

func TestLoadAllSurvivesAPanicInOneSource(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(oneItemRSS))
	}))
	defer srv.Close()
	path := filepath.Join(t.TempDir(), "one.xml")
	if err := os.WriteFile(path, []byte(rssWithTitles("File")), 0o644); err != nil {
		t.Fatal(err)
	}
	l := &Loader{Cache: panickingCache{}}
	articles, errs := l.LoadAll(context.Background(), []string{srv.URL, path}, nil)
	l.Wait() // the file's save panics in the background, and is dropped
	if len(articles) != 1 || articles[0].Title() != "File" {
		t.Errorf("articles %q, want the file's", titles(articles))
	}
	var se *SourceError
	if len(errs) != 2 || !errors.As(errs[0], &se) || se.Source != srv.URL || errs[1] != nil {
		t.Fatalf("errs %v", errs)
	}
	if want := srv.URL + ": internal error while loading: validators"; errs[0].Error() != want {
		t.Errorf("error %q, want %q", errs[0], want)
	}
}
