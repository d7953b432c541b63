// Package opml reads and writes subscription lists in OPML 2.0, the format
// feed readers exchange them in. Folders become tags and back. It knows
// nothing of the store or of terminals: every string it returns is cleaned
// by [feed.Clean].
package opml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xinwen-reader/xinwen/feed"
)

// MaxSize is the largest OPML file Read accepts: 10,000 outlines take
// about 1.5 MB.
const MaxSize = 16 << 20

// maxDepth is the deepest nesting of outlines Read follows.
const maxDepth = 64

// Errors Read wraps, for errors.Is.
var (
	// ErrUnsafeURL is wrapped by the error of a skipped outline whose URL
	// is not http, https or a local path.
	ErrUnsafeURL = errors.New("not an http, https or local feed")
	// ErrTooLarge means the file is over MaxSize or nests outlines deeper
	// than 64 levels.
	ErrTooLarge = errors.New("too large")
)

// Outline is one feed of an OPML file.
type Outline struct {
	// Source is the feed's URL (xmlUrl) or local path.
	Source string
	// Title is the outline's title or text, "" when it has neither.
	Title string
	// Tags are the titles of the folders holding it, sorted, without
	// duplicates: a feed listed in two folders has both.
	Tags []string
}

// Read parses an OPML file; name is what errors call it. It returns the
// feeds in the order first listed, a feed listed twice merged into one
// (tags united, the first title kept), and one error per skipped outline
// (an unsafe URL wraps [ErrUnsafeURL]), each naming name and the URL. err
// is set only when the file as a whole cannot be read: not XML, not OPML,
// an entity it does not define (no DTD is read, so no entity expands), or
// over MaxSize ([ErrTooLarge]).
func Read(r io.Reader, name string) (outlines []Outline, skipped []error, err error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, nil, fmt.Errorf("opml: %s: %w", name, err)
	}
	if len(data) > MaxSize {
		return nil, nil, fmt.Errorf("opml: %s: %w (over %d MiB)", name, ErrTooLarge, MaxSize>>20)
	}
	d := xml.NewDecoder(bytes.NewReader(dropControls(data)))
	d.Strict = true
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if strings.EqualFold(label, "utf-8") || strings.EqualFold(label, "us-ascii") {
			return in, nil
		}
		return nil, fmt.Errorf("encoding %q is not supported", label)
	}
	rd := reader{name: name, at: map[string]int{}}
	if err := rd.read(d); err != nil {
		return nil, nil, fmt.Errorf("opml: %s: %w", name, err)
	}
	return rd.outlines, rd.skipped, nil
}

// reader is the state of one Read.
type reader struct {
	name     string
	outlines []Outline
	at       map[string]int // source → index in outlines
	skipped  []error
}

func (rd *reader) read(d *xml.Decoder) error {
	var folders []string // the title of each open outline, "" for a feed
	sawOPML := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if !sawOPML {
				return errors.New("not an OPML file (no <opml> element)")
			}
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "opml" {
				sawOPML = true
			}
			if t.Name.Local != "outline" {
				continue
			}
			if len(folders) >= maxDepth {
				return fmt.Errorf("%w: outlines nested deeper than %d", ErrTooLarge, maxDepth)
			}
			folders = append(folders, rd.outline(t, folders))
		case xml.EndElement:
			if t.Name.Local == "outline" && len(folders) > 0 {
				folders = folders[:len(folders)-1]
			}
		}
	}
}

// outline handles one <outline> inside folders and returns its folder
// title ("" when it is a feed, which holds no feeds).
func (rd *reader) outline(t xml.StartElement, folders []string) string {
	var url, title, text string
	for _, a := range t.Attr {
		switch strings.ToLower(a.Name.Local) {
		case "xmlurl":
			url = strings.TrimSpace(a.Value)
		case "title":
			title = a.Value
		case "text":
			text = a.Value
		}
	}
	title = strings.Join(strings.Fields(feed.Clean(firstOf(title, text))), " ")
	if url == "" {
		return title
	}
	if err := checkSource(url); err != nil {
		rd.skipped = append(rd.skipped, fmt.Errorf("opml: %s: skipped %q: %w", rd.name, feed.Clean(url), err))
		return ""
	}
	var tags []string
	for _, f := range folders {
		if f != "" {
			tags = append(tags, f)
		}
	}
	i, ok := rd.at[url]
	if !ok {
		i = len(rd.outlines)
		rd.at[url] = i
		rd.outlines = append(rd.outlines, Outline{Source: url, Title: title, Tags: []string{}})
	}
	o := &rd.outlines[i]
	if o.Title == "" {
		o.Title = title
	}
	o.Tags = append(o.Tags, tags...)
	slices.Sort(o.Tags)
	o.Tags = slices.Compact(o.Tags)
	return ""
}

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// devices are the local paths that are not files to read a feed from.
var devices = []string{"/dev/", "/proc/", "/sys/"}

// checkSource accepts an http or https URL, or a local path: no scheme,
// no control characters, not a device, not newsboat's "|command" (a
// filter that runs a program, PR #3400).
func checkSource(source string) error {
	if strings.IndexFunc(source, func(r rune) bool { return r < 0x20 || r == 0x7f }) >= 0 || feed.Clean(source) != source {
		return fmt.Errorf("%w: control characters", ErrUnsafeURL)
	}
	if strings.HasPrefix(source, "|") {
		return fmt.Errorf("%w: a command", ErrUnsafeURL)
	}
	if i := strings.Index(source, ":"); i > 0 && !strings.ContainsAny(source[:i], "/\\") {
		switch strings.ToLower(source[:i]) {
		case "http", "https":
			return nil
		}
		return fmt.Errorf("%w: scheme %q", ErrUnsafeURL, strings.ToLower(source[:i]))
	}
	clean := filepath.ToSlash(filepath.Clean(source))
	for _, d := range devices {
		if strings.HasPrefix(clean+"/", d) {
			return fmt.Errorf("%w: a device or system path", ErrUnsafeURL)
		}
	}
	return nil
}

// Write writes outlines as an OPML 2.0 document titled title: a feed
// without tags at the top, a feed with tags in a folder for each tag (so
// that Read gives back the same tags).
func Write(w io.Writer, title string, outlines []Outline) error {
	type node struct {
		XMLName  xml.Name `xml:"outline"`
		Type     string   `xml:"type,attr,omitempty"`
		Text     string   `xml:"text,attr"`
		Title    string   `xml:"title,attr,omitempty"`
		XMLURL   string   `xml:"xmlUrl,attr,omitempty"`
		Children []*node
	}
	var top []*node
	folder := map[string]*node{}
	for _, o := range outlines {
		n := &node{Type: "rss", Text: firstOf(o.Title, o.Source), Title: o.Title, XMLURL: o.Source}
		if len(o.Tags) == 0 {
			top = append(top, n)
		}
		for _, t := range o.Tags {
			f, ok := folder[t]
			if !ok {
				f = &node{Text: t, Title: t}
				folder[t] = f
				top = append(top, f)
			}
			f.Children = append(f.Children, n)
		}
	}
	doc := struct {
		XMLName xml.Name `xml:"opml"`
		Version string   `xml:"version,attr"`
		Title   string   `xml:"head>title"`
		Body    []*node  `xml:"body>outline"`
	}{Version: "2.0", Title: title, Body: top}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("opml: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("opml: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// controlRef is a character reference, which dropControls checks.
var controlRef = regexp.MustCompile(`&#(x[0-9a-fA-F]{1,8}|[0-9]{1,10});`)

// dropControls removes the control characters XML does not allow, raw or
// as character references, so that an escape sequence in one title does
// not make the whole file unreadable. What remains of a title is cleaned
// by feed.Clean as usual.
func dropControls(data []byte) []byte {
	data = bytes.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			return -1
		}
		return r
	}, data)
	return controlRef.ReplaceAllFunc(data, func(ref []byte) []byte {
		digits, base := string(ref[2:len(ref)-1]), 10
		if digits[0] == 'x' {
			digits, base = digits[1:], 16
		}
		n, err := strconv.ParseUint(digits, base, 32)
		if err == nil && (n >= 0x20 || n == '\t' || n == '\n' || n == '\r') && n <= 0x10ffff {
			return ref
		}
		return nil
	})
}
