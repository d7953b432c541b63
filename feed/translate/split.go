package translate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// hasLetters reports whether s has anything to translate: a text of
// numbers, punctuation and symbols alone is copied.
func hasLetters(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// splitText cuts s into pieces of at most max characters (runes), at the
// end of a sentence when there is one in the second half of a piece, else
// at a space, else anywhere. Pieces are trimmed; a short s is one piece.
func splitText(s string, max int) []string {
	var pieces []string
	for utf8.RuneCountInString(s) > max {
		cut := cutPoint(s, max)
		if p := strings.TrimSpace(s[:cut]); p != "" {
			pieces = append(pieces, p)
		}
		s = strings.TrimSpace(s[cut:])
	}
	if s != "" {
		pieces = append(pieces, s)
	}
	return pieces
}

// cutPoint returns the byte offset at which to end a piece of at most max
// runes of s.
func cutPoint(s string, max int) int {
	sentence, space, n, end := -1, -1, 0, len(s)
	afterEnd := false // the rune before was a sentence end or a mark closing one
	for i, r := range s {
		if n == max {
			end = i
			break
		}
		n++
		next := i + utf8.RuneLen(r)
		ends := isSentenceEnd(r) || afterEnd && isClosingMark(r)
		// A cut goes after the marks that close the sentence, never
		// between them; after a Latin full stop only before a space.
		following, _ := utf8.DecodeRuneInString(s[next:])
		followed := next == len(s) || following == ' ' || r >= 0x2000 && !isClosingMark(following)
		switch {
		case ends && n >= max/2 && followed:
			sentence = next
		case r == ' ' && n >= max/2:
			space = next
		}
		afterEnd = ends
	}
	switch {
	case sentence > 0:
		return sentence
	case space > 0:
		return space
	}
	return end
}

func isSentenceEnd(r rune) bool {
	switch r {
	case '。', '！', '？', '；', '.', '!', '?', ';':
		return true
	}
	return false
}

// isClosingMark reports quotes and brackets that close a sentence and
// belong with its end: 他说：“好。”
func isClosingMark(r rune) bool {
	switch r {
	case '”', '’', '」', '』', '）', '》', '"', '\'', ')':
		return true
	}
	return false
}
