package layout

// Line-breaking classes. They follow the spirit of UAX #14 (LineBreak.txt)
// but are tailored to the W3C clreq "basic" prohibition rules
// (/work/shared/clreq/kinsoku.md), which win where the two differ: for
// example UAX #14 allows a break before ～ (ID) and does not stop a line from
// starting with ” (QU), clreq forbids both.
type breakClass uint8

const (
	// clsAL is a word character: letters, digits and most symbols. There
	// is no break between two of them, so Latin words, numbers and URLs
	// stay whole.
	clsAL breakClass = iota
	// clsID is an ideograph, kana, Hangul syllable, emoji or other wide
	// character: a line may break on either side of it.
	clsID
	// clsCL must not start a line: the clreq pause/stop marks, closing
	// quotes and brackets, connector marks and interpuncts, plus … ⋯ ⸺ so
	// that …… ⋯⋯ —— never split. A break after it is allowed.
	clsCL
	// clsCLW is the ASCII (and apostrophe-like) kind of clsCL: it must not
	// start a line, and it also sticks to a following word character, so
	// that 4.1, 41,000, http://a.b/c and China’s stay whole.
	clsCLW
	// clsOP must not end a line: opening quotes and brackets.
	clsOP
	// clsOPW is the ASCII kind of clsOP: it also sticks to a preceding word
	// character, as in f(x).
	clsOPW
	// clsHY is the hyphen-minus: it must not start a line (clreq connector
	// mark), and a line may break after it only between two letters
	// ("well-known"), never inside numbers (2024-01-09) or "--".
	clsHY
	// clsSP is the space U+0020, the only character that a break drops.
	clsSP
)

// noStart lists the characters that must not start a line (clreq "basic",
// list A1 of kinsoku.md, in both its English and Chinese readings, so the
// solidi are included) beyond the ASCII ones classified in classOf.
const noStart = "。．，、：；！‼？⁇」』”’）】〗〕］｝》〉～–—·・‧…‥⋯⸺⸻／" +
	"〙〛｣｡､﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞〞〟"

// noEnd lists the characters that must not end a line (list B1).
const noEnd = "「『“‘（【《〈〖〔［｛〘〚｢﹙﹛﹝〝"

// noStartSet and noEndSet hold the runes of noStart and noEnd, for the 65,536
// lookups of building a width table (scanning the strings made that take
// 20 ms, at every start of the program). Read-only after initialisation.
var noStartSet, noEndSet = runeSet(noStart), runeSet(noEnd)

func runeSet(s string) map[rune]bool {
	set := make(map[rune]bool)
	for _, r := range s {
		set[r] = true
	}
	return set
}

// classOf returns the line-breaking class of r, the first rune of a grapheme
// cluster. It does not depend on the ambiguous-width mode.
func classOf(r rune) breakClass {
	switch r {
	case ' ':
		return clsSP
	case '-':
		return clsHY
	case ',', '.', ';', ':', '!', '?', ')', ']', '}', '/', '’', '”':
		// ’ and ” close a quotation in Chinese (clsCL would do), but in
		// English ’ is also the apostrophe of China’s, which must stay
		// whole; sticking to a following letter serves both.
		return clsCLW
	case '(', '[', '{':
		return clsOPW
	}
	if r < 0x80 {
		return clsAL
	}
	if noStartSet[r] {
		return clsCL
	}
	if noEndSet[r] {
		return clsOP
	}
	if narrowCondition.RuneWidth(r) == 2 {
		return clsID
	}
	return clsAL
}

// noBreakBefore reports whether a line must not start with class c.
func noBreakBefore(c breakClass) bool {
	return c == clsCL || c == clsCLW || c == clsHY
}

// noBreakAfter reports whether a line must not end with class c.
func noBreakAfter(c breakClass) bool {
	return c == clsOP || c == clsOPW
}

// isWordish reports whether c takes part in a Latin word, number or URL.
func isWordish(c breakClass) bool {
	return c == clsAL || c == clsCLW || c == clsOPW || c == clsHY
}

// canBreak reports whether a line may break between two adjacent clusters of
// classes a and b (no space between them). aLetter and bLetter say whether
// the cluster before a (for a hyphen) and b are letters.
func canBreak(a, b breakClass, beforeALetter, bLetter bool) bool {
	switch {
	case noBreakBefore(b), noBreakAfter(a):
		return false
	case a == clsHY && isWordish(b):
		// "well-known" may break after the hyphen; "2024-01", "--x"
		// and "-5" may not. Before a Chinese character it may.
		return beforeALetter && bLetter
	case isWordish(a) && (b == clsAL || b == clsOPW):
		return false
	}
	return true
}

// canBreakAtSpace reports whether a line may break at a run of spaces
// between classes a and b. It may not when b must not start a line or a
// must not end one: "( x" and "x )" keep the bracket with its word. The
// hyphen-minus is the exception: after a space it is a dash ("so -- they")
// or a sign ("-5"), which may start a line, as in UAX #14.
func canBreakAtSpace(a, b breakClass) bool {
	return (b == clsHY || !noBreakBefore(b)) && !noBreakAfter(a)
}
