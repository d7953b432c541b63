package feed

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzPage feeds HTML to the page path: it must never panic, and what it
// returns must be clean UTF-8 without escape or bidi characters.
func FuzzPage(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "pages", "*.html"))
	for _, n := range names {
		if data, err := os.ReadFile(n); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`<!DOCTYPE html><html><head><meta property="og:type" content="article"></head><body><article><p>x</p></article></body></html>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := readPage(string(data), nil)
		if err != nil {
			return
		}
		for _, b := range p.blocks {
			if !utf8.ValidString(b.Text) || strings.ContainsAny(b.Text, "\x1b\x07\u202e\u202d\u2066") {
				t.Fatalf("unclean block %q", b.Text)
			}
		}
	})
}

// FuzzDecode feeds bytes to the encoding detector: it must never panic,
// and text it returns is valid UTF-8.
func FuzzDecode(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join("testdata", "broken", "*.xml"))
	for _, n := range names {
		if data, err := os.ReadFile(n); err == nil {
			f.Add(data, "")
		}
	}
	f.Add([]byte("\x00<\x00?\x00x"), "text/xml; charset=utf-16")
	f.Add([]byte("<html><meta charset=gb2312>\xca\xb1"), "")
	f.Fuzz(func(t *testing.T, data []byte, contentType string) {
		text, _, err := decode(data, contentType)
		if err == nil && !utf8.ValidString(text) {
			t.Fatalf("decode returned invalid UTF-8 %q", text)
		}
	})
}
