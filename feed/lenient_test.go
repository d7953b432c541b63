package feed

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// parseBroken parses a file of testdata/broken.
func parseBroken(t *testing.T, name string) ([]Article, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "broken", name))
	if err != nil {
		t.Fatal(err)
	}
	return Parse(name, data)
}

func TestTruncatedFeedKeepsCompleteItems(t *testing.T) {
	tests := []struct {
		file    string
		items   int
		warning string
	}{
		{"truncated.xml", 3, "truncated.xml: truncated, 3 items recovered"},
		{"truncated-atom.xml", 2, "truncated-atom.xml: truncated, 2 items recovered"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			articles, err := parseBroken(t, tt.file)
			if len(articles) != tt.items {
				t.Fatalf("%d articles (%v), want %d", len(articles), err, tt.items)
			}
			if err == nil || err.Error() != tt.warning {
				t.Errorf("error %v, want the warning %q", err, tt.warning)
			}
			if !errors.Is(err, ErrRecovered) {
				t.Errorf("error %v does not wrap ErrRecovered", err)
			}
			var se *SourceError
			if !errors.As(err, &se) {
				t.Errorf("error %T is not a *SourceError", err)
			}
			for _, a := range articles {
				if a.Title() == "" || a.Link == "" {
					t.Errorf("recovered article without title or link: %+v", a)
				}
			}
		})
	}
}

func TestTruncatedFeedWithoutCompleteItemFails(t *testing.T) {
	articles, err := parseBroken(t, "truncated-in-channel.xml")
	if len(articles) != 0 || err == nil || errors.Is(err, ErrRecovered) {
		t.Fatalf("got %d articles and %v, want a failure", len(articles), err)
	}
	if !strings.Contains(err.Error(), "malformed XML") {
		t.Errorf("error %q does not say the XML is malformed", err)
	}
}

func TestMalformedFeedIsNotTakenForTruncated(t *testing.T) {
	// A syntax error before the end is damage, not a cut connection.
	data := `<?xml version="1.0"?><rss version="2.0"><channel><item><title>A</title></item><item><title>B</ti</item></channel></rss>`
	articles, err := Parse("bad.xml", []byte(data))
	if errors.Is(err, ErrRecovered) {
		t.Errorf("a feed with a bad end tag is reported as recovered: %d articles, %v", len(articles), err)
	}
}

func TestHTMLEntitiesAndBareAmpersands(t *testing.T) {
	for _, file := range []string{"entities.xml", "entities-atom.xml"} {
		t.Run(file, func(t *testing.T) {
			articles, err := parseBroken(t, file)
			if err != nil || len(articles) != 1 {
				t.Fatalf("%d articles, %v", len(articles), err)
			}
			a := articles[0]
			if !strings.HasSuffix(a.Link, "?a=1&b=2") {
				t.Errorf("link %q lost its bare ampersand", a.Link)
			}
			title := a.Title()
			for _, want := range []string{"\u00a0", "—"} {
				if !strings.Contains(title, want) && !(want == "\u00a0" && strings.Contains(title, " ")) {
					t.Errorf("title %q lacks %q", title, want)
				}
			}
			if strings.Contains(title, "&") {
				t.Errorf("title %q kept an entity undecoded", title)
			}
		})
	}
	articles, _ := parseBroken(t, "entities.xml")
	if got := articles[0].Title(); got != "Price rise — “big” © 2024" {
		t.Errorf("title %q", got)
	}
	if got := articles[0].EN.Blocks[0].Text; got != "Tom & Jerry met; R&D costs rose … €5" {
		t.Errorf("text %q", got)
	}
}

func TestUTF16AndUTF32WithoutByteOrderMark(t *testing.T) {
	for _, file := range []string{"utf16le-nobom.xml", "utf16be-nobom.xml", "utf32le-nobom.xml", "utf32be-nobom.xml"} {
		t.Run(file, func(t *testing.T) {
			articles, err := parseBroken(t, file)
			if err != nil || len(articles) != 1 {
				t.Fatalf("%d articles, %v", len(articles), err)
			}
			if got := articles[0].Title(); got != "国务院新闻办公室举行发布会" {
				t.Errorf("title %q", got)
			}
		})
	}
}

func TestDeclarationTheBytesContradict(t *testing.T) {
	tests := []struct {
		file, warning string
	}{
		{"declared-utf8-bytes-gbk.xml", `declared-utf8-bytes-gbk.xml: the bytes are not in declared encoding "UTF-8": read as GB18030`},
		{"declared-gb2312-bytes-utf8.xml", `declared-gb2312-bytes-utf8.xml: declared encoding "gb2312", but the bytes are UTF-8: read as UTF-8`},
		{"unknown-encoding.xml", `unknown-encoding.xml: unknown encoding "x-bogus": read as GB18030`},
		{"undeclared-windows-1252.xml", `undeclared-windows-1252.xml: no encoding declared and not UTF-8: read as windows-1252`},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			articles, err := parseBroken(t, tt.file)
			if len(articles) != 1 {
				t.Fatalf("%d articles, %v", len(articles), err)
			}
			if err == nil || err.Error() != tt.warning || !errors.Is(err, ErrRecovered) {
				t.Errorf("error %v, want the warning %q", err, tt.warning)
			}
			title := articles[0].Title()
			if title != "国务院新闻办公室举行发布会" && title != "Le café était très fermé à l'été" {
				t.Errorf("title %q is mojibake", title)
			}
		})
	}
	articles, _ := parseBroken(t, "undeclared-windows-1252.xml")
	if got := articles[0].EN.Blocks[0].Text; got != "Déjà vu: “naïve” façade — €5" {
		t.Errorf("windows-1252 text %q", got)
	}
}

func TestWarningWithFailureIsAFailure(t *testing.T) {
	err := withWarning(recovered("read as windows-1252"), errors.New("item 2 is null"))
	if errors.Is(err, ErrRecovered) {
		t.Errorf("%v: a failure that comes with a warning counts as recovered", err)
	}
	if err.Error() != "read as windows-1252; item 2 is null" {
		t.Errorf("error %q", err)
	}
}
