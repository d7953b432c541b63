package layout

import (
	"strings"
	"testing"
)

func TestNormalizeRules(t *testing.T) {
	cases := []struct {
		rule, in, want string
		wide           bool // the case is for wide mode only
	}{
		{"unchanged ASCII", "Hello, world.", "Hello, world.", false},
		{"unchanged Chinese", "他说：“你好。”——《人民日报》……", "他说：“你好。”——《人民日报》……", false},
		{"1 VS16", "❤️ok", "❤ok", false},
		{"1 VS15", "☺︎", "☺", false},
		{"2 ZWJ", "👨‍👩‍👧", "👨👩👧", false},
		{"3 skin tone", "👍🏽", "👍", false},
		{"4 flag", "🇨🇳 China", "CN China", false},
		{"4 lone regional indicator", "🇦", "A", false},
		{"5 soft hyphen", "co\u00adoperate", "cooperate", false},
		{"6 prepend", "\u0600123", "?123", false},
		{"6 replacement character", "a\uFFFDb", "a?b", true},
		{"6 replacement character kept in narrow mode", "a\uFFFDb", "a\uFFFDb", false},
		{"7 decomposable", "café", "cafe\u0301", true},
		{"7 no decomposition", "Ørsted æ ß ł", "Orsted ae ss l", true},
		{"7 letters kept in narrow mode", "café Ørsted æ ß ł", "café Ørsted æ ß ł", false},
		{"8 lone mark", "\u0301x", "\u00a0\u0301x", false},
		{"9 spacing mark", "a\u093e", "a?", false},
		{"9 conjunct consonant", "क्ष", "क्?", false},
		{"keycap keeps its mark", "1️⃣", "1\u20e3", false},
		{"combining mark on a letter stays", "e\u0301", "e\u0301", false},
		{"invalid UTF-8", "a\xffb", "a?b", true},
	}
	for _, c := range cases {
		modes := []bool{false, true}
		if strings.HasPrefix(c.rule, "6 replacement") || strings.HasPrefix(c.rule, "7") || c.rule == "invalid UTF-8" {
			modes = []bool{c.wide}
		}
		for _, wide := range modes {
			m := NewMetrics(wide)
			if got := m.Normalize(c.in); got != c.want {
				t.Errorf("rule %s (wide %v): Normalize(%+q) = %+q, want %+q", c.rule, wide, c.in, got, c.want)
			}
			if got := m.Normalize(c.want); got != c.want {
				t.Errorf("rule %s (wide %v): Normalize is not idempotent on %+q: %+q", c.rule, wide, c.want, got)
			}
		}
	}
}
