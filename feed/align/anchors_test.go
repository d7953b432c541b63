package align

import (
	"slices"
	"testing"
	"unicode/utf8"
)

func TestNumbersMatchAcrossLanguages(t *testing.T) {
	tests := []struct{ zh, en, key string }{
		{"4.1万余名", "more than 41,000 suspects", "#41e3"},
		{"15.9万公里", "159,000 kilometres", "#159e3"},
		{"15亿人", "1.5 billion people", "#15e8"},
		{"1.2万亿元", "1.2 trillion yuan", "#12e11"},
		{"2023年底", "the end of 2023", "#2023"},
		{"28.30%", "about 28.30% of", "#283e-1"},
		{"0.5个百分点", "0.5 percentage points", "#5e-1"},
		{"1月26日", "January 26", "@1"},
		{"1月26日", "26 January", "#26"},
		{"10月", "in October 2023", "@10"},
		{"１２月", "Dec. 5", "@12"},
		{"全长1318公里", "The 1,318-kilometre line", "#1318"},
		{"4.5万公里", "45 thousand kilometres", "#45e3"},
		{"增长5.2%", "grew 5.2 per cent", "#52e-1"},
		{"GDP增长", "GDP grew", "GDP"},
		{"立方星ICUBE-Q", "ICUBE-Q, a CubeSat", "ICUBE"},
	}
	for _, tt := range tests {
		zh, en := zhAnchors(nil, tt.zh), enAnchors(nil, tt.en)
		if !slices.Contains(zh, tt.key) || !slices.Contains(en, tt.key) {
			t.Errorf("%q gives %q, %q gives %q: want %q in both", tt.zh, zh, tt.en, en, tt.key)
		}
	}
}

func TestAnchorsThatMustNotMatch(t *testing.T) {
	if en := enAnchors(nil, "It may rain. They march."); slices.Contains(en, "@5") || slices.Contains(en, "@3") {
		t.Errorf("the verbs may and march read as months: %q", en)
	}
	if en := enAnchors(nil, "in May 2024"); !slices.Contains(en, "@5") {
		t.Errorf("May before a year is not a month: %q", en)
	}
	if zh := zhAnchors(nil, "3个月，13月"); slices.Contains(zh, "@3") || slices.Contains(zh, "@13") {
		t.Errorf("3个月 or 13月 read as a month: %q", zh)
	}
	if a, b := enAnchors(nil, "4,1000"), enAnchors(nil, "41000"); slices.Equal(a, b) {
		t.Errorf("4,1000 reads as 41,000: %q", a)
	}
	if zh := zhAnchors(nil, "I"); len(zh) != 0 {
		t.Errorf("a one-letter word is an anchor: %q", zh)
	}
}

// TestAnchorsStartWhereTheScannersLook checks mayAnchor against what
// the scanners make of a rune by itself: every rune outside ASCII that
// is a digit or has a mark's anchor starts with a byte that they look at.
func TestAnchorsStartWhereTheScannersLook(t *testing.T) {
	var buf [utf8.UTFMax]byte
	for r := rune(utf8.RuneSelf); r <= utf8.MaxRune; r++ {
		utf8.EncodeRune(buf[:], r)
		if (digitValue(r) >= 0 || len(appendMark(nil, r)) > 0) && !mayAnchor(buf[0]) {
			t.Errorf("%q may start an anchor, and the scanners do not look at its first byte %#x", r, buf[0])
		}
	}
}

// TestMonthNamesAndMultipliers checks month and enMultiplier, which
// compare words without a map: every month's name and abbreviation, and
// multipliers in any case, but not a longer or shorter word, nor a month
// in lower case (monthNumber sees capitalised words only).
func TestMonthNamesAndMultipliers(t *testing.T) {
	names := map[string]int{
		"January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
		"August": 8, "September": 9, "October": 10, "November": 11, "December": 12,
		"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9,
		"Oct": 10, "Nov": 11, "Dec": 12,
		"Ja": 0, "Janu": 0, "Mayor": 0, "march": 0, "JAN": 0, "Septem": 0, "": 0,
	}
	for w, want := range names {
		if got := month(w); got != want {
			t.Errorf("month(%q) = %d, want %d", w, got, want)
		}
	}
	for _, c := range []struct {
		text     string
		exp, end int
	}{
		{" thousand", 3, 9}, {" Million.", 6, 8}, {"BILLION", 9, 7}, {" trillions", 0, 0},
		{" millio", 0, 0}, {"  million", 0, 0}, {" men", 0, 0}, {"", 0, 0},
	} {
		if exp, end := enMultiplier(c.text, 0); exp != c.exp || end != c.end {
			t.Errorf("enMultiplier(%q) = %d, %d; want %d, %d", c.text, exp, end, c.exp, c.end)
		}
	}
}
