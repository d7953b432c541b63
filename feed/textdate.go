package feed

import (
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/mmcdole/gofeed"
)

// textChinaTime is the zone of dates that carry none: the articles of the
// text format are Chinese news, dated in China Standard Time. A fixed zone
// keeps the program independent of the system's tzdata.
var textChinaTime = time.FixedZone("CST", 8*3600)

// textParseDate reads the value of a Date: or 日期： line. It accepts RFC 3339
// (with its own offset), the dates offsetDate reads and, in China time, 2024-01-09, 2024/1/9, 2024.1.9 and
// 2024年1月9日 (日 optional), each optionally followed by a time of day such
// as 08:30 or 08:30:15. It reports false when s is none of these.
func textParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	t, err := time.Parse(time.RFC3339, s)
	ok := err == nil
	if !ok {
		t, ok = offsetDate(s)
	}
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

// itemTime returns when the item was published, else updated, else the
// zero time. The date keeps the offset the feed wrote it with (gofeed
// gives RSS and Atom dates in UTC), and a date outside the years
// 0001–9999, in its own offset or in UTC, counts as unknown: it cannot be
// written as RFC 3339. chinaCST reports whether "CST" means China
// Standard Time in this item (see zonedDate); it is called only for a
// date that says CST.
func itemTime(item *gofeed.Item, chinaCST func() bool) time.Time {
	for _, d := range [...]struct {
		parsed *time.Time
		raw    string
	}{{item.PublishedParsed, item.Published}, {item.UpdatedParsed, item.Updated}} {
		t, ok := zonedDate(d.raw, d.parsed, chinaCST)
		switch {
		case ok:
		case d.parsed != nil:
			t = *d.parsed
		default:
			continue
		}
		if t = feedDate(t, d.raw); !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// feedDate returns t, parsed from raw, in the numeric offset raw ends
// with, or the zero time when t is outside the years 0001–9999.
func feedDate(t time.Time, raw string) time.Time {
	if t.Location() == time.UTC {
		if off, ok := numericOffset(raw); ok && off != 0 {
			// The wall clock must be in raw too, so that a date
			// misread as ending in an offset keeps UTC.
			if local := t.In(time.FixedZone("", off)); hasWallClock(raw, local) {
				t = local
			}
		}
	}
	if y, yUTC := t.Year(), t.UTC().Year(); y < 1 || y > 9999 || yUTC < 1 || yUTC > 9999 {
		return time.Time{}
	}
	return t
}

// numericOffset returns the offset, in seconds east of UTC, of a date that
// ends in one: "+0800", "-05:00", "GMT+0800".
func numericOffset(raw string) (int, bool) {
	s := strings.TrimSpace(raw)
	var off string // "0800"
	switch n := len(s); {
	case n >= 7 && s[n-3] == ':':
		off, s = s[n-5:n-3]+s[n-2:], s[:n-5]
	case n >= 6:
		off, s = s[n-4:], s[:n-4]
	default:
		return 0, false
	}
	v, rest, ok := textDigits(off, 4, 4)
	sign, before := s[len(s)-1], s[len(s)-2]
	if !ok || rest != "" || sign != '+' && sign != '-' || v/100 > 23 || v%100 > 59 ||
		!(before == ' ' || before == 'T' || before >= '0' && before <= '9') {
		return 0, false
	}
	sec := v/100*3600 + v%100*60
	if sign == '-' {
		sec = -sec
	}
	return sec, true
}

// hasWallClock reports whether raw holds t's hour and minute, "07:00" or
// "7:00": a check that t was read from raw in t's zone.
func hasWallClock(raw string, t time.Time) bool {
	return strings.Contains(raw, t.Format("15:04")) || strings.Contains(raw, t.Format("3:04"))
}

// usCentral is the zone gofeed reads "CST" in, US Central Standard Time.
var usCentral = time.FixedZone("", -6*3600)

// zonedDate reads the feed dates whose zone gofeed gets wrong or does not
// read: those offsetDate reads ("GMT+8", "UTC+08:00", "+0800 (CST)"), and
// those in "CST", which is China Standard Time (+08:00) when chinaCST
// reports so and US Central Standard Time (gofeed's reading) otherwise.
// parsed is gofeed's reading of raw, nil when it had none; ok is false
// when that reading stands.
func zonedDate(raw string, parsed *time.Time, chinaCST func() bool) (time.Time, bool) {
	if t, ok := offsetDate(raw); ok {
		return t, true
	}
	if parsed == nil || !strings.Contains(raw, "CST") || !hasField(raw, "CST") || !chinaCST() {
		return time.Time{}, false
	}
	local := parsed.In(usCentral)
	if !hasWallClock(raw, local) {
		return time.Time{}, false // gofeed read CST some other way
	}
	return time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(),
		local.Second(), local.Nanosecond(), textChinaTime), true
}

// hasField reports whether field is one of s's space-separated fields.
func hasField(s, field string) bool {
	for f := range strings.FieldsSeq(s) {
		if f == field {
			return true
		}
	}
	return false
}

// zonelessLayouts are the dates offsetDate reads before their offset.
var zonelessLayouts = [...]string{
	"Mon, 2 Jan 2006 15:04:05", "Mon, 2 Jan 2006 15:04", "Mon, 2 Jan 06 15:04:05",
	"Monday, 02-Jan-06 15:04:05", "Mon Jan 2 2006 15:04:05", "2 Jan 2006 15:04:05",
	"2 Jan 2006 15:04", "Jan 2, 2006 15:04:05", "January 2, 2006 15:04:05",
	"2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006/01/02 15:04:05",
}

// offsetDate reads a date whose last field is an offset after GMT or UTC,
// "GMT+8", "UTC+08", "GMT+08:00", "UTC-0530", or, when a zone name in
// parentheses follows, a bare offset, "-0600 (CST)" (a JavaScript date
// ends "GMT+0800 (China Standard Time)"). The date keeps that offset: GMT+8
// is +08:00, not the reverse POSIX reading.
func offsetDate(raw string) (time.Time, bool) {
	s := strings.TrimSpace(raw)
	commented := false
	if i := strings.LastIndex(s, " ("); i > 0 && strings.HasSuffix(s, ")") {
		s, commented = strings.TrimSpace(s[:i]), true
	}
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		return time.Time{}, false
	}
	zone := s[i+1:]
	if strings.HasPrefix(zone, "GMT") || strings.HasPrefix(zone, "UTC") {
		zone = zone[3:]
	} else if !commented {
		return time.Time{}, false
	}
	off, ok := signedOffset(zone)
	if !ok {
		return time.Time{}, false
	}
	loc := time.FixedZone("", off)
	date := strings.TrimSpace(s[:i])
	for _, layout := range zonelessLayouts {
		if t, err := time.ParseInLocation(layout, date, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// signedOffset reads "+8", "+08", "-5:30", "+08:00" or "+0800" as seconds
// east of UTC, up to 14 hours either way.
func signedOffset(s string) (int, bool) {
	if len(s) < 2 || s[0] != '+' && s[0] != '-' {
		return 0, false
	}
	hours, minutes := s[1:], "00"
	if c := strings.IndexByte(hours, ':'); c >= 0 {
		hours, minutes = hours[:c], hours[c+1:]
	} else if len(hours) > 2 {
		hours, minutes = hours[:len(hours)-2], hours[len(hours)-2:]
	}
	h, restH, okH := textDigits(hours, 1, 2)
	m, restM, okM := textDigits(minutes, 2, 2)
	if !okH || !okM || restH != "" || restM != "" || h > 14 || m > 59 {
		return 0, false
	}
	sec := h*3600 + m*60
	if s[0] == '-' {
		sec = -sec
	}
	return sec, true
}

// chinaCST reports whether "CST" in an item's dates means China Standard
// Time: the feed's declared language (lang) is Chinese or, with none
// declared, the item's title and text are mostly Han.
func chinaCST(lang, title string, blocks []Block) bool {
	if lang = strings.TrimSpace(lang); lang != "" {
		return chineseLanguage(lang)
	}
	return mostlyHan(title, blocks)
}

// chineseLanguage reports whether a language tag (BCP 47 "zh-Hans",
// "zh_CN", ISO 639-2 "zho" or "chi", or the "cn" some Chinese feeds write)
// names Chinese.
func chineseLanguage(tag string) bool {
	primary, _, _ := strings.Cut(strings.ToLower(tag), "-")
	primary, _, _ = strings.Cut(primary, "_")
	switch primary {
	case "zh", "zho", "chi", "cmn", "yue", "cn":
		return true
	}
	return false
}

// mostlyHan reports whether Han characters make up most of the title and
// the first 4 KB of text, counting each Han character as one unit and each
// word of other letters as one, so that a Chinese text with its English
// translation is still mostly Han.
func mostlyHan(title string, blocks []Block) bool {
	han, words, budget := 0, 0, 4096
	count := func(s string) {
		s = s[:min(len(s), budget)]
		budget -= len(s)
		inWord := false
		for _, r := range s {
			switch {
			case unicode.Is(unicode.Han, r):
				han, inWord = han+1, false
			case unicode.IsLetter(r):
				if !inWord {
					words++
				}
				inWord = true
			default:
				inWord = false
			}
		}
	}
	count(title)
	for _, b := range blocks {
		if budget <= 0 {
			break
		}
		count(b.Text)
	}
	return han > words
}
