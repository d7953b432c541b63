package translate

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzReplyParagraphs feeds model messages to the parser: it never panics,
// and what it finds is a list it could have read.
func FuzzReplyParagraphs(f *testing.F) {
	for _, seed := range []string{
		`{"paragraphs": ["a", "b"]}`,
		"```json\n{\"paragraphs\": [\"a\"]}\n```",
		"<think>{</think>{\"paragraphs\": []}",
		`Here: {"paragraphs": ["\u001b[31m"]} done`,
		`{{{{{"paragraphs": [1]}`,
		`{"paragraphs": null}`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, content string) {
		got, err := replyParagraphs(content)
		if err == nil && got == nil {
			t.Errorf("replyParagraphs(%q): nil list without an error", content)
		}
	})
}

// FuzzSplitText checks that pieces keep the limit and every character but
// white space at the cuts.
func FuzzSplitText(f *testing.F) {
	f.Add("这是第一句。这是第二句！“好。”然后呢？", 5)
	f.Add("One. Two! Three? \"Four.\" Five", 7)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		if limit < 1 || limit > 1000 || !utf8.ValidString(s) {
			return
		}
		pieces := splitText(s, limit)
		for _, p := range pieces {
			if utf8.RuneCountInString(p) > limit || p == "" {
				t.Fatalf("splitText(%q, %d): piece %q", s, limit, p)
			}
		}
		squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
		if squeeze(strings.Join(pieces, "")) != squeeze(s) {
			t.Fatalf("splitText(%q, %d) = %q: text lost", s, limit, pieces)
		}
	})
}
