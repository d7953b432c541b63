package feed

import (
	"unsafe"

	"golang.org/x/net/html"
)

// tokenText returns the text of z's text token without copying it: the
// string shares z's buffer and is good only until z moves on, so whoever
// takes it must copy what it keeps (text and inlineText.add do).
func tokenText(z *html.Tokenizer) string {
	b := z.Text()
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// tagName is z.TagName for a start tag, or with end an end tag, without
// TagName's copy of the name: it is read from z.Raw() when it is lower
// case already and holds no NUL (which TagName replaces), else TagName
// gives it. hasAttr may be true for a tag without attributes, whose first
// TagAttr then returns none. Like TagName's, the name is good only until z
// moves on.
func tagName(z *html.Tokenizer, end bool) (name []byte, hasAttr bool) {
	raw := z.Raw()
	start := 1
	if end {
		start = 2
	}
	if len(raw) <= start || raw[0] != '<' || end && raw[1] != '/' {
		return z.TagName()
	}
	name = raw[start:]
	for i, c := range name {
		switch c {
		case ' ', '\n', '\r', '\t', '\f', '/':
			return name[:i], true
		case '>':
			return name[:i], false
		case 0:
			return z.TagName()
		}
		if 'A' <= c && c <= 'Z' {
			return z.TagName()
		}
	}
	return name, false
}
