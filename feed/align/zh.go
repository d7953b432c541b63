package align

import (
	"unicode/utf8"
)

// zhMarks are the runes at which zhEnd may end a sentence or step over
// more than the rune: isZHStop and isEllipsis.
const zhMarks = "。！？｡!?…⋯"

// zhEnd is the endFunc of ZH.
func zhEnd(text string, i int) (int, bool) {
	r, size := utf8.DecodeRuneInString(text[i:])
	switch {
	case isZHStop(r):
		j := i + size
		for j < len(text) {
			r, size := utf8.DecodeRuneInString(text[j:])
			if !isZHStop(r) && !isEllipsis(r) {
				break
			}
			j += size
		}
		return skipClosing(text, j), true
	case isEllipsis(r):
		j := skipEllipsis(text, i)
		k := skipClosing(text, j)
		if k == len(text) {
			return k, true
		}
		if r, _ := utf8.DecodeRuneInString(text[k:]); isSpace(r) {
			return k, true
		}
		return j, false
	}
	return i + size, false
}

// isZHStop reports whether r ends a Chinese sentence by itself.
func isZHStop(r rune) bool {
	switch r {
	case '。', '！', '？', '｡', '!', '?':
		return true
	}
	return false
}

// isEllipsis reports whether r is (half of) an ellipsis.
func isEllipsis(r rune) bool {
	return r == '…' || r == '⋯'
}

// skipEllipsis returns the offset past the run of ellipsis marks at i.
func skipEllipsis(text string, i int) int {
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isEllipsis(r) {
			break
		}
		i += size
	}
	return i
}
