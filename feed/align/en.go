package align

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// enMarks are the runes at which enEnd may end a sentence or step over
// more than the rune.
const enMarks = ".!?"

// enEnd is the endFunc of EN.
func enEnd(text string, i int) (int, bool) {
	r, size := utf8.DecodeRuneInString(text[i:])
	switch {
	case r == '.' && i+1 < len(text) && text[i+1] == '.':
		return skipDots(text, i), false // an ellipsis inside a sentence
	case r == '.':
		j := i + 1
		if isAbbreviation(text, i) {
			return j, false
		}
		if k := skipClosing(text, j); startsSentence(text, k) {
			return k, true
		}
		return j, false
	case r == '!' || r == '?':
		j := i + 1
		for j < len(text) && strings.IndexByte("!?.", text[j]) >= 0 {
			j++
		}
		if k := skipClosing(text, j); startsSentence(text, k) {
			return k, true
		}
		return j, false
	}
	return i + size, false
}

// skipDots returns the offset past the run of full stops at i.
func skipDots(text string, i int) int {
	for i < len(text) && text[i] == '.' {
		i++
	}
	return i
}

// startsSentence reports whether a new English sentence may start at k:
// the text ends there, or white space follows and then a capital, a digit,
// an opening quote or bracket, or a Han character.
func startsSentence(text string, k int) bool {
	if k == len(text) {
		return true
	}
	r, size := utf8.DecodeRuneInString(text[k:])
	if !isSpace(r) {
		return false
	}
	for k += size; k < len(text); k += size {
		r, size = utf8.DecodeRuneInString(text[k:])
		if !isSpace(r) {
			break
		}
	}
	if k == len(text) {
		return true
	}
	return unicode.IsUpper(r) || unicode.IsDigit(r) || unicode.Is(unicode.Han, r) ||
		isOpening(r) || r == '"' || r == '\''
}

// abbreviations are the words that a full stop after them does not end a
// sentence, whatever follows. Institutions such as Inc. and Co. are left
// out: in news they close sentences more often than not.
var abbreviations = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Prof": true, "Sr": true, "Jr": true,
	"St": true, "Rev": true, "Gen": true, "Col": true, "Lt": true, "Sgt": true, "Capt": true,
	"Cmdr": true, "Gov": true, "Sen": true, "Rep": true, "Hon": true, "Mt": true, "Ft": true,
	"Messrs": true, "Mme": true, "Mlle": true,
	"Jan": true, "Feb": true, "Mar": true, "Apr": true, "Jun": true, "Jul": true, "Aug": true,
	"Sep": true, "Sept": true, "Oct": true, "Nov": true, "Dec": true,
	"vs": true, "cf": true, "Fig": true, "Figs": true, "Vol": true, "Vols": true, "Ch": true,
	"Sec": true, "Art": true, "Eq": true, "Ed": true, "Eds": true, "approx": true, "ca": true,
	"Dept": true, "Univ": true, "Bros": true, "Ave": true, "Blvd": true,
}

// numberAbbreviations are abbreviations only before a number: "No. 5" but
// "said no. The".
var numberAbbreviations = map[string]bool{
	"No": true, "Nos": true, "no": true, "p": true, "pp": true, "para": true, "Art": true,
}

// isAbbreviation reports whether the full stop at i closes an abbreviation,
// a dotted acronym or an initial rather than a sentence.
func isAbbreviation(text string, i int) bool {
	w := i
	for w > 0 && (isASCIILetter(text[w-1]) || text[w-1] == '.') {
		w--
	}
	word := strings.TrimLeft(text[w:i], ".")
	if inURL(text, w) {
		return false
	}
	switch {
	case word == "":
		return false
	case strings.Contains(word, "."): // U.S., e.g., a.m.
		return true
	case len(word) == 1 && word[0] >= 'A' && word[0] <= 'Z': // J. K. Rowling
		return true
	case abbreviations[word]:
		return true
	case numberAbbreviations[word]:
		k := i + 1
		for k < len(text) && text[k] == ' ' {
			k++
		}
		return k < len(text) && text[k] >= '0' && text[k] <= '9'
	}
	return false
}

// isASCIILetter reports whether c is an ASCII letter.
func isASCIILetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// inURL reports whether the word at w in text is the tail of a URL: the run
// of non-space text it ends contains :// or starts with www.
func inURL(text string, w int) bool {
	t := w
	for t > 0 && text[t-1] > ' ' && text[t-1] < 0x7f {
		t--
	}
	if t == w {
		return false
	}
	token := text[t:w]
	return strings.Contains(token, "://") || hasPrefixFold(token, "www.")
}
