package feed

import (
	"net/url"
	"strings"
	"time"
)

// textChinaTime is the zone of dates that carry none: the articles of the
// text format are Chinese news, dated in China Standard Time. A fixed zone
// keeps the program independent of the system's tzdata.
var textChinaTime = time.FixedZone("CST", 8*3600)

// textParseDate reads the value of a Date: or 日期： line. It accepts RFC 3339
// (with its own offset) and, in China time, 2024-01-09, 2024/1/9, 2024.1.9 and
// 2024年1月9日 (日 optional), each optionally followed by a time of day such
// as 08:30 or 08:30:15. It reports false when s is none of these.
func textParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	t, err := time.Parse(time.RFC3339, s)
	ok := err == nil
	if !ok {
		t, ok = textEnglishDate(s)
	}
	if ok {
		if !textYearOK(t.Year()) {
			return time.Time{}, false
		}
		return t, true
	}
	y, rest, ok := textDigits(s, 4, 4)
	if !ok {
		return time.Time{}, false
	}
	var m, d int
	switch {
	case strings.HasPrefix(rest, "年"):
		if m, rest, ok = textDigits(rest[len("年"):], 1, 2); !ok || !strings.HasPrefix(rest, "月") {
			return time.Time{}, false
		}
		if d, rest, ok = textDigits(rest[len("月"):], 1, 2); !ok {
			return time.Time{}, false
		}
		rest = strings.TrimPrefix(rest, "日")
	case rest != "" && (rest[0] == '-' || rest[0] == '/' || rest[0] == '.'):
		sep := rest[0]
		if m, rest, ok = textDigits(rest[1:], 1, 2); !ok || rest == "" || rest[0] != sep {
			return time.Time{}, false
		}
		if d, rest, ok = textDigits(rest[1:], 1, 2); !ok {
			return time.Time{}, false
		}
	default:
		return time.Time{}, false
	}
	hour, minute, sec, ok := textClock(rest)
	if !ok {
		return time.Time{}, false
	}
	return textDate(y, m, d, hour, minute, sec)
}

// textClock reads an optional time of day, " 08:30" or "T08:30:15", after a
// date. Empty input is midnight.
func textClock(s string) (hour, minute, sec int, ok bool) {
	s = strings.TrimSpace(strings.TrimPrefix(s, "T"))
	if s == "" {
		return 0, 0, 0, true
	}
	if hour, s, ok = textDigits(s, 1, 2); !ok || !strings.HasPrefix(s, ":") {
		return 0, 0, 0, false
	}
	if minute, s, ok = textDigits(s[1:], 2, 2); !ok {
		return 0, 0, 0, false
	}
	if strings.HasPrefix(s, ":") {
		if sec, s, ok = textDigits(s[1:], 2, 2); !ok {
			return 0, 0, 0, false
		}
	}
	if strings.TrimSpace(s) != "" || hour > 23 || minute > 59 || sec > 59 {
		return 0, 0, 0, false
	}
	return hour, minute, sec, true
}

// textYearOK reports whether y is a year the text format takes as a date's:
// 1900–2199.
func textYearOK(y int) bool {
	return y >= 1900 && y <= 2199
}

// textDate builds a time in China time, reporting false for an impossible
// date (2024-02-30) or a year outside 1900–2199.
func textDate(y, m, d, hour, minute, sec int) (time.Time, bool) {
	if !textYearOK(y) || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, hour, minute, sec, 0, textChinaTime)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// textDigits reads between min and max ASCII digits from the start of s and
// returns their value and the rest of s. It reports false when fewer than min
// digits are there, or when more than max follow one another.
func textDigits(s string, min, max int) (int, string, bool) {
	n, v := 0, 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		if n == max {
			return 0, s, false
		}
		v = v*10 + int(s[n]-'0')
		n++
	}
	if n < min {
		return 0, s, false
	}
	return v, s[n:], true
}

// textDateFromURL finds the publication date that news sites put in their
// article paths: /gn/2024/01-09/, /2024-01-09/, /20240109/, /2024/01/09/,
// /2024/0109/, /2024-01/09/ and /202401/09/. The date is midnight, China time.
func textDateFromURL(u *url.URL) (time.Time, bool) {
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	for i, seg := range segs {
		next, after := "", ""
		if i+1 < len(segs) {
			next = segs[i+1]
		}
		if i+2 < len(segs) {
			after = segs[i+2]
		}
		if t, ok := textDateFromSegments(seg, next, after); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// textDateFromSegments tries the date patterns starting at path segment seg,
// followed by next and after ("" when absent). Only whole segments count, so
// an article number such as /10142661.shtml is never read as a date.
func textDateFromSegments(seg, next, after string) (time.Time, bool) {
	number := func(s string, width int) (int, bool) {
		v, rest, ok := textDigits(s, width, width)
		return v, ok && rest == ""
	}
	switch len(seg) {
	case 10: // 2024-01-09
		return textDateFromYMD(seg, '-')
	case 8: // 20240109
		if v, ok := number(seg, 8); ok {
			return textDate(v/10000, v/100%100, v%100, 0, 0, 0)
		}
	case 7: // 2024-01 / 09
		if seg[4] == '-' {
			y, okY := number(seg[:4], 4)
			m, okM := number(seg[5:], 2)
			d, okD := number(next, 2)
			if okY && okM && okD {
				return textDate(y, m, d, 0, 0, 0)
			}
		}
	case 6: // 202401 / 09
		v, okV := number(seg, 6)
		d, okD := number(next, 2)
		if okV && okD {
			return textDate(v/100, v%100, d, 0, 0, 0)
		}
	case 4: // 2024 / 01-09, 2024 / 0109, 2024 / 01 / 09
		y, ok := number(seg, 4)
		if !ok {
			break
		}
		if len(next) == 5 && next[2] == '-' {
			m, okM := number(next[:2], 2)
			d, okD := number(next[3:], 2)
			if okM && okD {
				return textDate(y, m, d, 0, 0, 0)
			}
		}
		if v, ok := number(next, 4); ok {
			return textDate(y, v/100, v%100, 0, 0, 0)
		}
		m, okM := number(next, 2)
		d, okD := number(after, 2)
		if okM && okD {
			return textDate(y, m, d, 0, 0, 0)
		}
	}
	return time.Time{}, false
}

// textDateFromYMD reads "2024-01-09" exactly.
func textDateFromYMD(s string, sep byte) (time.Time, bool) {
	if len(s) != 10 || s[4] != sep || s[7] != sep {
		return time.Time{}, false
	}
	y, _, okY := textDigits(s[:4], 4, 4)
	m, _, okM := textDigits(s[5:7], 2, 2)
	d, _, okD := textDigits(s[8:], 2, 2)
	if !okY || !okM || !okD {
		return time.Time{}, false
	}
	return textDate(y, m, d, 0, 0, 0)
}
