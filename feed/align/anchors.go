package align

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Anchors are the tokens a translation keeps: numbers written the same way
// once normalised, month names, and Latin words. Each is a string key:
//
//	"#41e3"   the number 41,000 (4.1万, 41,000, 41 thousand)
//	"#283e-1" the number 28.3 (28.30%, 28.3 per cent)
//	"@1"      January (1月, January, Jan.)
//	"GDP"     the Latin word GDP, case kept (a slice of the text: no copy)
//	"?"       a question mark (？ or ?); also "!", "(" and "["
//
// A day of the month is a plain number: 1月26日 gives "@1" and "#26", as
// January 26 and 26 January do.

// zhAnchors appends the anchors of the Chinese text s to keys.
func zhAnchors(keys []string, s string) []string {
	for i := 0; i < len(s); {
		if !mayAnchor(s[i]) {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case digitValue(r) >= 0:
			var num decimal
			i = num.scan(s, i)
			mult, j := zhMultiplier(s, i)
			if month := num.month(); month > 0 && mult == 0 && strings.HasPrefix(s[j:], "月") {
				keys = append(keys, monthKeys[month])
				i = j + len("月")
				continue
			}
			num.exp += mult
			keys = append(keys, num.key())
			i = j
		case r < utf8.RuneSelf && isASCIILetter(byte(r)):
			j := latinEnd(s, i)
			keys = appendWord(keys, s[i:j])
			i = j
		default:
			keys = appendMark(keys, r)
			i += size
		}
	}
	return keys
}

// fullwidthLead is the first byte of the fullwidth forms U+FF00 to
// U+FFBF, the fullwidth digits and marks among them.
const fullwidthLead = 0xef

// mayAnchor reports whether a rune that starts with the byte c may start
// an anchor: an ASCII one, or a fullwidth digit or mark. The scanners step
// over the others a byte at a time without decoding them (a byte inside a
// rune is neither), which made zhAnchors twice as fast: the Han
// characters of a Chinese text, most of it, are no anchor.
// TestAnchorsStartWhereTheScannersLook tries every rune.
func mayAnchor(c byte) bool { return c < utf8.RuneSelf || c == fullwidthLead }

// appendMark appends the anchor of the punctuation mark r, if it has one:
// the marks that translations keep (questions stay questions, brackets
// stay brackets). A switch, not a map: every rune that is not a digit or
// a letter comes here, and the map's look-up was an eighth of enAnchors'
// time.
func appendMark(keys []string, r rune) []string {
	switch r {
	case '?', '？':
		return append(keys, "?")
	case '!', '！':
		return append(keys, "!")
	case '(', '（':
		return append(keys, "(")
	case '[', '［':
		return append(keys, "[")
	}
	return keys
}

// enAnchors appends the anchors of the English text s to keys.
func enAnchors(keys []string, s string) []string {
	for i := 0; i < len(s); {
		if !mayAnchor(s[i]) {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case digitValue(r) >= 0:
			var num decimal
			i = num.scan(s, i)
			mult, j := enMultiplier(s, i)
			num.exp += mult
			keys = append(keys, num.key())
			i = j
		case r < utf8.RuneSelf && isASCIILetter(byte(r)):
			j := latinEnd(s, i)
			if m := monthNumber(s[i:j], s[j:]); m > 0 {
				keys = append(keys, monthKeys[m])
			} else {
				keys = appendWord(keys, s[i:j])
			}
			i = j
		default:
			keys = appendMark(keys, r)
			i += size
		}
	}
	return keys
}

// appendWord appends the anchor of a Latin word of two letters or more.
func appendWord(keys []string, w string) []string {
	if len(w) < 2 {
		return keys
	}
	return append(keys, w)
}

// latinEnd returns the end of the run of ASCII letters and digits at i.
func latinEnd(s string, i int) int {
	for i < len(s) && isASCIIAlnum(s[i]) {
		i++
	}
	return i
}

// digitValue returns the value of an ASCII or fullwidth digit, else -1.
func digitValue(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= '０' && r <= '９':
		return int(r - '０')
	}
	return -1
}

// decimal is a number as a string of significant digits times a power of
// ten, so that 4.1万, 41,000 and 41 thousand are equal without rounding.
type decimal struct {
	digits string // no leading or trailing zeros; "" for zero
	exp    int
}

// scan reads the number at i in s: digits, with thousands separated by
// commas ("41,000") and one decimal point, and returns the offset past it.
func (d *decimal) scan(s string, i int) int {
	// The digits are gathered on the stack and made a string once: a
	// strings.Builder allocated as they grew, for every number.
	var buf [24]byte
	b := buf[:0]
	exp, point := 0, false
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if v := digitValue(r); v >= 0 {
			b = append(b, byte('0'+v))
			if point {
				exp--
			}
			i += size
			continue
		}
		if (r == ',' && !point && groupOfThree(s, i+1)) ||
			(r == '.' && !point && i+1 < len(s) && digitValue(rune(s[i+1])) >= 0) {
			point = point || r == '.'
			i += size
			continue
		}
		break
	}
	for len(b) > 0 && b[0] == '0' {
		b = b[1:]
	}
	for len(b) > 0 && b[len(b)-1] == '0' {
		b = b[:len(b)-1]
		exp++
	}
	if len(b) == 0 {
		exp = 0
	}
	d.digits, d.exp = string(b), exp
	return i
}

// groupOfThree reports whether exactly three ASCII digits start at i.
func groupOfThree(s string, i int) bool {
	if i+3 > len(s) {
		return false
	}
	for k := i; k < i+3; k++ {
		if s[k] < '0' || s[k] > '9' {
			return false
		}
	}
	return i+3 == len(s) || s[i+3] < '0' || s[i+3] > '9'
}

// month returns d when it is a whole number from 1 to 12, else 0.
func (d decimal) month() int {
	switch {
	case d.exp == 0 && len(d.digits) <= 2:
		if n, _ := strconv.Atoi(d.digits); n >= 1 && n <= 12 {
			return n
		}
	case d.exp == 1 && d.digits == "1":
		return 10
	}
	return 0
}

// key returns the anchor key of d, made in one allocation.
func (d decimal) key() string {
	var buf [32]byte
	b := append(append(buf[:0], '#'), d.digits...)
	if d.exp != 0 {
		b = strconv.AppendInt(append(b, 'e'), int64(d.exp), 10)
	}
	return string(b)
}

// monthKeys are the anchor keys of the months, by number: "@1" to "@12".
var monthKeys = func() [13]string {
	var k [13]string
	for m := 1; m <= 12; m++ {
		k[m] = "@" + strconv.Itoa(m)
	}
	return k
}()

// zhMultiplier reads the Chinese units 千, 万 and 亿 after a number and
// returns the power of ten they stand for and the offset past them.
func zhMultiplier(s string, i int) (int, int) {
	exp := 0
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '千':
			exp += 3
		case '万':
			exp += 4
		case '亿':
			exp += 8
		default:
			return exp, i
		}
		i += size
	}
	return exp, i
}

// enMultipliers are the English words for powers of ten after a number.
var enMultipliers = [...]struct {
	name string
	exp  int
}{{"thousand", 3}, {"million", 6}, {"billion", 9}, {"trillion", 12}}

// enMultiplier reads "thousand", "million", "billion" or "trillion" after a
// number and a space, and returns its power of ten and the offset past it.
func enMultiplier(s string, i int) (int, int) {
	j := i
	if j < len(s) && s[j] == ' ' {
		j++
	}
	k := j
	for k < len(s) && isASCIILetter(s[k]) {
		k++
	}
	// The word is ASCII letters only, so EqualFold is a comparison in
	// ASCII without a lower-case copy of every word after a number; a
	// word of another length than the multipliers' is none of them.
	if w := s[j:k]; len(w) >= len("billion") && len(w) <= len("thousand") {
		for _, m := range enMultipliers {
			if strings.EqualFold(w, m.name) {
				return m.exp, k
			}
		}
	}
	return 0, i
}

// month returns the number of the month that the English month name or
// abbreviation w names, or 0: a switch, which the compiler makes a binary
// search, because a look-up in a map for every capitalised word was a
// seventh of the English anchors' time.
func month(w string) int {
	switch w {
	case "January", "Jan":
		return 1
	case "February", "Feb":
		return 2
	case "March", "Mar":
		return 3
	case "April", "Apr":
		return 4
	case "May":
		return 5
	case "June", "Jun":
		return 6
	case "July", "Jul":
		return 7
	case "August", "Aug":
		return 8
	case "September", "Sep", "Sept":
		return 9
	case "October", "Oct":
		return 10
	case "November", "Nov":
		return 11
	case "December", "Dec":
		return 12
	}
	return 0
}

// monthNumber returns the month that the English word w names, or 0. May,
// which is also a verb, and the short forms count only next to a number.
func monthNumber(w, rest string) int {
	if len(w) < 3 || w[0] < 'A' || w[0] > 'Z' {
		return 0 // every month is capitalised: most words need no look-up
	}
	m := month(w)
	if m == 0 {
		return 0
	}
	if len(w) > 3 && w != "Sept" && w != "May" {
		return m
	}
	rest = strings.TrimPrefix(rest, ".")
	rest = strings.TrimLeft(rest, " ")
	if rest != "" && rest[0] >= '0' && rest[0] <= '9' {
		return m
	}
	return 0
}
