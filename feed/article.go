// Package feed turns bytes from a file, a directory, standard input or a URL
// into articles. It knows nothing of terminals: every string it hands out has
// already been cleaned by [Clean] and is safe to print.
package feed

import "time"

// Article is one news story in up to two languages. ZH and EN are nil when the
// article lacks that language; at least one of them is set.
type Article struct {
	// ID is stable across loads: the feed's guid or id, else the link, else
	// a hash of the content.
	ID string
	// Link is the article's source URL ("" when it has none). Only http and
	// https links are kept.
	Link string
	// Published is the zero time when the date is unknown.
	Published time.Time
	// Keywords are the article's keywords or categories, in source order.
	Keywords []string
	// Feed is the title of the feed the article came from ("" for a plain
	// article file).
	Feed string
	// Source names where the article was loaded from: a path, "-" or a URL.
	Source string
	ZH     *Version
	EN     *Version
}

// Version is the text of an article in one language.
type Version struct {
	Title  string
	Blocks []Block
	// Machine is set when the version is a machine translation; nil for an
	// original. In JSON it is "machine": {"backend": ..., "model": ...},
	// left out when nil.
	Machine *Machine `json:"machine,omitempty"`
}

// Machine names what made a machine translation: the backend ("openai",
// "libretranslate" or "deepl") and the model it used ("" when the backend
// has no model to choose, as with DeepL).
type Machine struct {
	Backend string `json:"backend"`
	Model   string `json:"model"`
}

// BlockKind says what a block of text is, so that a renderer can style it.
type BlockKind uint8

// The kinds of block an article holds.
const (
	Paragraph BlockKind = iota
	Heading
	ListItem
	Quote
	Code
)

// String returns the kind's lower-case name, as used in docs and tests.
func (k BlockKind) String() string {
	switch k {
	case Heading:
		return "heading"
	case ListItem:
		return "list item"
	case Quote:
		return "quote"
	case Code:
		return "code"
	default:
		return "paragraph"
	}
}

// Block is one paragraph, heading, list item, quote or code block. Text is
// plain: markup removed, white space collapsed (except in Code blocks, which
// keep their lines), control characters gone.
type Block struct {
	Kind BlockKind
	// Level is the heading level (1–6) for a Heading, 0 otherwise.
	Level int
	Text  string
	// Spans marks inline emphasis, code and links inside Text, in byte
	// offsets into Text, sorted and not overlapping. Nil when the block has no
	// inline markup (always, for the bilingual text format).
	Spans []Span
}

// SpanKind says how an inline span is styled.
type SpanKind uint8

// The kinds of inline span.
const (
	Emphasis SpanKind = iota
	Strong
	InlineCode
	LinkSpan
)

// Span is a styled run inside a block's Text: Text[Start:End]. URL is set for
// a LinkSpan (http or https only).
type Span struct {
	Kind       SpanKind
	Start, End int
	URL        string
}

// Languages reports which languages a has, as "zh+en", "zh" or "en".
func (a *Article) Languages() string {
	switch {
	case a.ZH != nil && a.EN != nil:
		return "zh+en"
	case a.ZH != nil:
		return "zh"
	default:
		return "en"
	}
}

// Title returns the Chinese title when there is one, else the English.
func (a *Article) Title() string {
	if a.ZH != nil && a.ZH.Title != "" {
		return a.ZH.Title
	}
	if a.EN != nil {
		return a.EN.Title
	}
	return ""
}
