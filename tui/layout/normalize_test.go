package layout

import "testing"

func TestNormalizeRules(t *testing.T) {
	cases := []struct {
		rule, in, want string
	}{
		{"unchanged ASCII", "Hello, world.", "Hello, world."},
		{"unchanged Chinese", "他说：“你好。”——《人民日报》……", "他说：“你好。”——《人民日报》……"},
		{"1 VS16", "❤️ok", "❤ok"},
		{"1 VS15", "☺︎", "☺"},
		{"2 ZWJ", "👨‍👩‍👧", "👨👩👧"},
		{"3 skin tone", "👍🏽", "👍"},
		{"4 flag", "🇨🇳 China", "CN China"},
		{"4 lone regional indicator", "🇦", "A"},
		{"5 soft hyphen", "co\u00adoperate", "cooperate"},
		{"6 prepend", "\u0600123", "?123"},
		{"6 replacement character", "a\uFFFDb", "a?b"},
		{"7 decomposable", "café", "cafe\u0301"},
		{"7 no decomposition", "Ørsted æ ß ł", "Orsted ae ss l"},
		{"8 lone mark", "\u0301x", "\u00a0\u0301x"},
		{"9 spacing mark", "a\u093e", "a?"},
		{"9 conjunct consonant", "क्ष", "क्?"},
		{"keycap keeps its mark", "1️⃣", "1\u20e3"},
		{"combining mark on a letter stays", "e\u0301", "e\u0301"},
		{"invalid UTF-8", "a\xffb", "a?b"},
	}
	for _, c := range cases {
		if got := Normalize(c.in); got != c.want {
			t.Errorf("rule %s: Normalize(%+q) = %+q, want %+q", c.rule, c.in, got, c.want)
		}
		if got := Normalize(c.want); got != c.want {
			t.Errorf("rule %s: Normalize is not idempotent on %+q: %+q", c.rule, c.want, got)
		}
	}
}
