package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"golang.org/x/net/html"
)

// ErrRecovered is wrapped by an error that only warns: Parse or Load
// returned articles it recovered from a damaged or mislabelled source (a
// truncated feed whose complete items were kept, text whose declared
// encoding was unknown or wrong, a page whose translation could not be
// attached). The articles are good; a caller shows the error as a warning
// and does not count the source as failed. An error that also reports a
// failure does not wrap ErrRecovered.
var ErrRecovered = errors.New("recovered")

// warning is an error wrapping ErrRecovered whose text is msg alone.
type warning struct{ msg string }

func (w *warning) Error() string        { return w.msg }
func (w *warning) Is(target error) bool { return target == ErrRecovered }

// withWarning returns err with warn's text before its own, or warn alone
// when err is nil. The result wraps err only: a failure stays a failure.
func withWarning(warn, err error) error {
	switch {
	case warn == nil:
		return err
	case err == nil:
		return warn
	}
	return &warnedError{warn: warn, err: err}
}

// warnedError is a failure that comes with a warning.
type warnedError struct{ warn, err error }

func (e *warnedError) Error() string { return e.warn.Error() + "; " + e.err.Error() }
func (e *warnedError) Unwrap() error { return e.err }

// recoverTruncated mends an XML feed that ends before its elements are
// closed (a cut connection): it keeps the text up to the end of the last
// complete item or entry and closes the elements still open there. items
// is the number of complete items kept; ok is false when text is not
// truncated that way (it has a syntax error before its end, or nothing
// open at its end) or holds no complete item. It is only called once
// parsing failed, so a well-formed feed never pays for it.
func recoverTruncated(text string) (mended string, items int, ok bool) {
	d := xml.NewDecoder(strings.NewReader(text))
	d.Strict = false
	d.AutoClose = nil
	var stack []string
	cut, cutDepth := -1, 0
	var open []string // the stack at cut
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if !errors.As(err, &se) || !strings.Contains(se.Msg, "EOF") {
				return "", 0, false
			}
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, qualified(t.Name))
		case xml.EndElement:
			if len(stack) == 0 {
				return "", 0, false
			}
			stack = stack[:len(stack)-1]
			if name := strings.ToLower(t.Name.Local); name == "item" || name == "entry" {
				items++
				cut, cutDepth = int(d.InputOffset()), len(stack)
				open = append(open[:0], stack...)
			}
		}
	}
	if len(stack) == 0 || cut < 0 {
		return "", 0, false
	}
	var b strings.Builder
	b.WriteString(text[:cut])
	for i := cutDepth - 1; i >= 0; i-- {
		b.WriteString("</" + open[i] + ">")
	}
	return b.String(), items, true
}

func qualified(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// looksLikeHTML reports whether data starts like an HTML page: a doctype
// or an <html> or <head> element, after white space and comments.
func looksLikeHTML(data []byte) bool {
	head := bytes.TrimLeft(data[:min(len(data), 1024)], " \t\r\n")
	for bytes.HasPrefix(head, []byte("<!--")) {
		end := bytes.Index(head, []byte("-->"))
		if end < 0 {
			return false
		}
		head = bytes.TrimLeft(head[end+3:], " \t\r\n")
	}
	lower := bytes.ToLower(head[:min(len(head), 16)])
	return bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")) ||
		bytes.HasPrefix(lower, []byte("<head"))
}

// metaCharsetScan is how far into a page metaCharset looks, as the HTML
// standard's prescan does (it says 1024 bytes; pages put a long <title>
// or scripts first, so this looks further).
const metaCharsetScan = 4096

// metaCharset returns the encoding an HTML page names in <meta charset>
// or <meta http-equiv="Content-Type" content="...; charset=...">, or "".
func metaCharset(data []byte) string {
	z := html.NewTokenizer(bytes.NewReader(data[:min(len(data), metaCharsetScan)]))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) == "body" {
				return ""
			}
			if string(name) != "meta" {
				continue
			}
			var content string
			httpEquiv := false
			for hasAttr {
				var key, val []byte
				key, val, hasAttr = z.TagAttr()
				switch string(key) {
				case "charset":
					return strings.TrimSpace(string(val))
				case "http-equiv":
					httpEquiv = strings.EqualFold(strings.TrimSpace(string(val)), "content-type")
				case "content":
					content = string(val)
				}
			}
			if httpEquiv {
				if label := contentCharset(content); label != "" {
					return label
				}
			}
		}
	}
}

// contentCharset returns the charset named in a meta content value such
// as "text/html; charset=gb2312", or "".
func contentCharset(content string) string {
	i := strings.Index(strings.ToLower(content), "charset")
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(content[i+len("charset"):], " \t")
	if !strings.HasPrefix(rest, "=") {
		return ""
	}
	rest = strings.Trim(strings.TrimLeft(rest[1:], " \t"), `"'`)
	if end := strings.IndexAny(rest, `;"' `); end >= 0 {
		rest = rest[:end]
	}
	return rest
}
