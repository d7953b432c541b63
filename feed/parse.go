package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// SourceError is an error loading or parsing one source: a file, a
// directory, "-" or a URL. Its message is one line, "SOURCE: reason".
type SourceError struct {
	// Source names the file, directory, "-" or URL that failed.
	Source string
	Err    error
}

// Error returns "SOURCE: reason" on one line.
func (e *SourceError) Error() string {
	msg := e.Err.Error()
	if strings.ContainsAny(msg, "\r\n") {
		msg = strings.Join(strings.Fields(msg), " ")
	}
	return e.Source + ": " + msg
}

// Unwrap returns the underlying error.
func (e *SourceError) Unwrap() error { return e.Err }

// sourceError wraps err as a *SourceError for source, unless it already is
// one.
func sourceError(source string, err error) error {
	if err == nil {
		return nil
	}
	var se *SourceError
	if errors.As(err, &se) {
		return err
	}
	return &SourceError{Source: source, Err: err}
}

// Errors that name why data is not something Parse reads.
var (
	errEmpty = errors.New("empty")
	// errNotAFeed is wrapped by every reason that says the data is
	// something else than a feed, which a directory load skips.
	errNotAFeed    = errors.New("not a feed")
	errBinary      = fmt.Errorf("%w: binary data", errNotAFeed)
	errUnrecognise = fmt.Errorf("%w: unrecognised content", errNotAFeed)
	errHTMLPage    = fmt.Errorf("%w: an HTML page, not RSS, Atom or JSON Feed", errNotAFeed)
	errNotJSONFeed = fmt.Errorf("%w: JSON, but not a JSON Feed", errNotAFeed)
)

// format is a kind of input Parse reads.
type format uint8

const (
	unknownFormat   format = iota
	rssFormat              // RSS 0.9x, 1.0 (RDF) and 2.0
	atomFormat             // Atom 1.0 and 0.3
	atomEntryFormat        // an Atom Entry Document: one <entry> as the root
	jsonFormat             // JSON Feed 1.0 and 1.1
	textFormat             // the bilingual text format (ParseText)
)

// Parse reads one source's bytes into articles. The format is found from
// the content, never the name: RSS 0.9x/1.0/2.0, Atom, JSON Feed or the
// bilingual text format; anything else is "not a feed". The encoding is
// found as decode describes. source names the data in errors and in each
// article's Source.
//
// Parse may return articles and an error together: the articles that were
// good and a *SourceError about the rest. Every error is a *SourceError.
func Parse(source string, data []byte) ([]Article, error) {
	return parse(source, data, "", nil)
}

// parse is Parse with the HTTP Content-Type the data came with ("" for
// none) and, for a URL, the URL that relative links are resolved against.
func parse(source string, data []byte, contentType string, base *url.URL) ([]Article, error) {
	return guardParse(source, func() ([]Article, error) { return parseUnguarded(source, data, contentType, base) })
}

// parseGuarded is parse that also returns what an article page says
// beside its article (see parseSource).
func parseGuarded(source string, data []byte, contentType string, base *url.URL) (articles []Article, page *pageMeta, err error) {
	articles, err = guardParse(source, func() ([]Article, error) {
		var perr error
		articles, page, perr = parseSource(source, data, contentType, base)
		return articles, perr
	})
	if articles == nil {
		page = nil
	}
	return articles, page, err
}

// errPanic classifies the error for a parser, or a load, that
// panicked.
var errPanic = errors.New("internal error")

// guardParse returns what parse returns, or, when parse panics, no articles
// and a one-line *SourceError for source: one bad input must not take the
// other sources, or the program, down with it.
func guardParse(source string, parse func() ([]Article, error)) (articles []Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			articles, err = nil, &SourceError{Source: source, Err: panicError("parsing", r)}
		}
	}()
	return parse()
}

// panicError is the one-line error for a recovered panic value r, raised
// while doing what (parsing, loading): the value's text, cleaned, and never
// the stack.
func panicError(what string, r any) error {
	return fmt.Errorf("%w while %s: %s", errPanic, what, Clean(fmt.Sprint(r)))
}

// parseUnguarded is parse without the guard against a panic.
func parseUnguarded(source string, data []byte, contentType string, base *url.URL) ([]Article, error) {
	articles, _, err := parseSource(source, data, contentType, base)
	return articles, err
}

// parseSource is parseUnguarded that also returns, for an article page,
// what the page says beyond its article (the translations it links to);
// page is nil for anything else.
func parseSource(source string, data []byte, contentType string, base *url.URL) ([]Article, *pageMeta, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, nil, sourceError(source, errEmpty)
	}
	if looksBinary(data) {
		return nil, nil, sourceError(source, errBinary)
	}
	text, assumed, err := decode(data, contentType)
	if err != nil {
		return nil, nil, sourceError(source, err)
	}
	f, err := detect(text)
	if errors.Is(err, errHTMLPage) {
		articles, page, perr := parsePage(source, text, base)
		if perr != nil {
			return nil, nil, sourceError(source, withWarning(assumed, perr))
		}
		return articles, page, sourceError(source, assumed)
	}
	if err != nil {
		return nil, nil, sourceError(source, err)
	}
	var articles []Article
	if f == textFormat {
		articles, err = ParseText(source, text)
	} else {
		articles, err = parseFeed(source, strings.TrimLeft(text, " \t\r\n"), f, base)
	}
	return articles, nil, sourceError(source, withWarning(assumed, err))
}

// parseFeed is parseSyndication that recovers a truncated XML feed: when
// parsing fails and the text ends with elements open, the complete items
// are parsed and the error is a warning, "truncated, N items recovered".
func parseFeed(source, text string, f format, base *url.URL) ([]Article, error) {
	articles, err := parseSyndication(source, text, f, base)
	if err == nil || f == jsonFormat || len(articles) > 0 {
		return articles, err
	}
	mended, _, ok := recoverTruncated(text)
	if !ok {
		return articles, err
	}
	recovered, rerr := parseSyndication(source, mended, f, base)
	if rerr != nil && len(recovered) == 0 {
		return articles, err
	}
	noun := "items"
	if len(recovered) == 1 {
		noun = "item"
	}
	warn := &warning{msg: fmt.Sprintf("truncated, %d %s recovered", len(recovered), noun)}
	return recovered, withWarning(warn, rerr)
}

// detect finds the format of decoded text from its content.
func detect(text string) (format, error) {
	trimmed := strings.TrimLeft(text, " \t\r\n\uFEFF")
	if trimmed == "" {
		return unknownFormat, errEmpty
	}
	switch trimmed[0] {
	case '<':
		root, _, err := xmlRoot(trimmed)
		switch {
		case root == "entry":
			return atomEntryFormat, nil
		case root == "rss" || root == "rdf":
			return rssFormat, nil
		case root == "feed":
			return atomFormat, nil
		case LooksLikeText(text):
			return textFormat, nil
		case root == "html":
			return unknownFormat, errHTMLPage
		case err != nil:
			return unknownFormat, err
		case root != "":
			return unknownFormat, fmt.Errorf("%w: XML with root element <%s>", errNotAFeed, Clean(root))
		}
	case '{':
		if LooksLikeText(text) && !json.Valid([]byte(trimmed)) {
			return textFormat, nil
		}
		return jsonFormat, nil
	}
	if LooksLikeText(text) {
		return textFormat, nil
	}
	return unknownFormat, errUnrecognise
}

// xmlRoot returns the lower-cased local name of text's root element and
// the byte offset where its start tag begins.
func xmlRoot(text string) (string, int, error) {
	d := xml.NewDecoder(strings.NewReader(text))
	d.Strict = false
	for {
		offset := int(d.InputOffset())
		tok, err := d.RawToken()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return "", 0, errUnrecognise
			}
			return "", 0, xmlError(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return strings.ToLower(t.Name.Local), offset, nil
		case xml.Directive:
			if bytes.HasPrefix(bytes.ToLower(t), []byte("doctype html")) {
				return "html", offset, nil
			}
		}
	}
}

// xmlError turns an XML parser error into a one-line reason naming the
// line when the parser gives it.
func xmlError(err error) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("malformed XML: line %d: %s", se.Line, Clean(se.Msg))
	}
	msg := Clean(err.Error())
	msg = strings.TrimPrefix(msg, "xml: ")
	if strings.Contains(msg, "EOF") {
		return fmt.Errorf("malformed XML: unexpected end of file: %w", err)
	}
	return fmt.Errorf("malformed XML: %s: %w", msg, err)
}

// jsonError turns a JSON decoding error into a one-line reason naming the
// line.
func jsonError(text string, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("malformed JSON: line %d: %s", lineAt(text, se.Offset), Clean(se.Error()))
	case errors.As(err, &te):
		field := te.Field[strings.LastIndexByte(te.Field, '.')+1:]
		return fmt.Errorf("%w: JSON Feed field %q has the wrong type (%s)", errNotAFeed, field, te.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("malformed JSON: unexpected end of file")
	}
	return fmt.Errorf("malformed JSON: %s", Clean(err.Error()))
}

// lineAt returns the 1-based line number of byte offset off in text.
func lineAt(text string, off int64) int {
	if off > int64(len(text)) {
		off = int64(len(text))
	}
	return strings.Count(text[:off], "\n") + 1
}

// looksBinary reports whether data is clearly not text: it has NUL bytes
// without a UTF-16 or UTF-32 byte-order mark or "<?xml" in one of them, or more than one in ten of its first
// kilobyte are control bytes other than white space.
func looksBinary(data []byte) bool {
	if hasUnicodeSignature(data) {
		return false
	}
	head := data[:min(len(data), 1024)]
	if bytes.IndexByte(data[:min(len(data), 8192)], 0) >= 0 {
		return true
	}
	controls := 0
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			controls++
		}
	}
	return controls*10 > len(head)
}
