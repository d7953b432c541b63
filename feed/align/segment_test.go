package align

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// sentences returns the text of each span.
func sentences(text string, spans []Span) []string {
	out := make([]string, len(spans))
	for k, s := range spans {
		out[k] = text[s.Start:s.End]
	}
	return out
}

// checkSpans fails t unless spans are sorted, apart, non-empty, trimmed, on
// rune boundaries, at most MaxPiece long, and leave out nothing but white
// space.
func checkSpans(t testing.TB, text string, spans []Span) {
	t.Helper()
	boundary := map[int]bool{len(text): true}
	for i := 0; i < len(text); {
		boundary[i] = true
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	prev := 0
	for k, s := range spans {
		if s.Start < prev || s.End <= s.Start || s.End > len(text) {
			t.Fatalf("span %d %v out of order or empty (previous end %d, len %d)", k, s, prev, len(text))
		}
		if s.End-s.Start > MaxPiece {
			t.Fatalf("span %d is %d bytes, more than MaxPiece", k, s.End-s.Start)
		}
		if !boundary[s.Start] || !boundary[s.End] {
			t.Fatalf("span %d %v is not on rune boundaries", k, s)
		}
		if st, en := trimSpan(text, s.Start, s.End); st != s.Start || en != s.End {
			t.Fatalf("span %d %q has white space at an end", k, text[s.Start:s.End])
		}
		if gap := text[prev:s.Start]; strings.TrimFunc(gap, isSpace) != "" {
			t.Fatalf("text %q before span %d is in no sentence", gap, k)
		}
		prev = s.End
	}
	if gap := text[prev:]; strings.TrimFunc(gap, isSpace) != "" {
		t.Fatalf("text %q at the end is in no sentence", gap)
	}
}

func TestZHSentenceEnds(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"full stops, numbers with points", "截至2023年底，里程达到15.9万公里，其中高速铁路4.5万公里。按此计算，约占28.30%。",
			[]string{"截至2023年底，里程达到15.9万公里，其中高速铁路4.5万公里。", "按此计算，约占28.30%。"}},
		{"a cited mark ends nothing", "句号[。]表示语句结束。叹号[！]与问号[？]。可叠用（!!!、???）。如[。』」]等状况。",
			[]string{"句号[。]表示语句结束。", "叹号[！]与问号[？]。", "可叠用（!!!、???）。", "如[。』」]等状况。"}},
		{"closing quote stays with its sentence", "他说：“走吧！”然后离开了。",
			[]string{"他说：“走吧！”", "然后离开了。"}},
		{"semicolon and comma do not end", "甲方同意；乙方反对，丙方弃权。", []string{"甲方同意；乙方反对，丙方弃权。"}},
		{"Latin words and U.S. stay whole", "U.S.政府表示，GDP增长5.2%，Wi-Fi普及。下一句。",
			[]string{"U.S.政府表示，GDP增长5.2%，Wi-Fi普及。", "下一句。"}},
		{"URL with ? and ! is not cut", "参阅（https://example.org/a?b=1&c=!x）其中列出。完。",
			[]string{"参阅（https://example.org/a?b=1&c=!x）其中列出。", "完。"}},
		{"ellipsis inside a sentence", "商务出行、周末旅游、异地通勤……都变得更加便捷。",
			[]string{"商务出行、周末旅游、异地通勤……都变得更加便捷。"}},
		{"ellipsis before space closes", "他沉默了…… 然后说话了。", []string{"他沉默了……", "然后说话了。"}},
		{"ellipsis at the end closes with its quote", "“我……”", []string{"“我……”"}},
		{"ASCII ! and ?", "真的吗?是的!好。", []string{"真的吗?", "是的!", "好。"}},
		{"run of marks is one end", "真的？！当然。」后来）", []string{"真的？！", "当然。」", "后来）"}},
		{"brackets after a stop", "（见附录。）正文继续。", []string{"（见附录。）", "正文继续。"}},
		{"no end at all", "没有句号的段落", []string{"没有句号的段落"}},
		{"white space only", " \u3000\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans := ZH(tt.text)
			checkSpans(t, tt.text, spans)
			got := sentences(tt.text, spans)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Errorf("ZH(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestENSentenceEnds(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"titles are not ends", "Mr. Smith met Dr. Jones. They talked.", []string{"Mr. Smith met Dr. Jones.", "They talked."}},
		{"initials", "J. K. Rowling spoke. Fans cheered.", []string{"J. K. Rowling spoke.", "Fans cheered."}},
		{"dotted acronym", "The U.S. Army said so. Then it left.", []string{"The U.S. Army said so.", "Then it left."}},
		{"decimals", "It rose 3.14 per cent. Then it fell.", []string{"It rose 3.14 per cent.", "Then it fell."}},
		{"ellipsis inside", "Wait... What happened? Nothing.", []string{"Wait... What happened?", "Nothing."}},
		{"closing quote", `He said "Go." Then he left.`, []string{`He said "Go."`, "Then he left."}},
		{"curly quote", "He said “Go!” “Now?” she asked.", []string{"He said “Go!”", "“Now?” she asked."}},
		{"No. before a number", "No. 5 is here. No one came. He said no. Then left.",
			[]string{"No. 5 is here.", "No one came.", "He said no.", "Then left."}},
		{"month abbreviation", "In Jan. 2024 the line opened. It was new.", []string{"In Jan. 2024 the line opened.", "It was new."}},
		{"a digit starts a sentence", "It fell. 41,000 people left.", []string{"It fell.", "41,000 people left."}},
		{"lower case does not start one", "Shares of Yahoo! rose. Is it? yes it is.", []string{"Shares of Yahoo! rose.", "Is it? yes it is."}},
		{"URL with dots", "Visit www.example.com/a.b. Then go.", []string{"Visit www.example.com/a.b.", "Then go."}},
		{"bracket after a stop", "(See the appendix.) The text goes on.", []string{"(See the appendix.)", "The text goes on."}},
		{"Chinese after a stop", "It ends. 中文", []string{"It ends.", "中文"}},
		{"white space only", "  \n\t", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans := EN(tt.text)
			checkSpans(t, tt.text, spans)
			got := sentences(tt.text, spans)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Errorf("EN(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestLongParagraphIsCutIntoBoundedPieces(t *testing.T) {
	withCommas := strings.Repeat("这是一段没有句号的很长的文字，", 50<<10/45)
	noBreaks := strings.Repeat("没有任何标点的文字", 50<<10/27)
	english := strings.Repeat("words without a full stop, ", 50<<10/27)
	for name, text := range map[string]string{"commas": withCommas, "no breaks": noBreaks, "english": english} {
		t.Run(name, func(t *testing.T) {
			for _, cut := range []func(string) []Span{ZH, EN} {
				spans := cut(text)
				checkSpans(t, text, spans)
				if len(spans) < len(text)/MaxPiece {
					t.Fatalf("%d pieces for %d bytes", len(spans), len(text))
				}
				if name != "no breaks" {
					for _, s := range spans[:len(spans)-1] {
						if r, _ := utf8.DecodeLastRuneInString(text[:s.End]); r != '，' && r != ',' {
							t.Fatalf("piece %q does not end at a comma", text[s.End-9:s.End])
						}
					}
				}
			}
		})
	}
}

// TestSentenceEndsLookAtEveryMark checks the looks of each language's
// sentenceEnds: wherever isEnd ends a sentence or steps over more than
// the rune, or a URL starts, the rune's first byte is one that segment
// looks at. Every rune is tried, and every byte that starts no rune, with
// text before and after it that the rules read.
func TestSentenceEndsLookAtEveryMark(t *testing.T) {
	var marks []string
	for r := rune(0); r <= utf8.MaxRune; r++ {
		if utf8.ValidRune(r) {
			marks = append(marks, string(r))
		}
	}
	for c := 0x80; c < 0x100; c++ {
		marks = append(marks, string([]byte{byte(c)}))
	}
	befores := []string{"", "Mr"}
	afters := []string{"", " A", "” A"}
	for name, ends := range map[string]*sentenceEnds{"ZH": zhEnds, "EN": enEnds, "code": codeEnds} {
		for _, mark := range marks {
			if ends.looks[mark[0]] {
				continue
			}
			for _, before := range befores {
				for _, after := range afters {
					text, i := before+mark+after, len(before)
					_, size := utf8.DecodeRuneInString(text[i:])
					if next, end := ends.isEnd(text, i); end || next != i+size || urlLength(text, i) > 0 {
						t.Fatalf("%s: %q ends a sentence or steps over more at %d (%d, %v), and segment does not look at %#x",
							name, text, i, next, end, mark[0])
					}
				}
			}
		}
	}
}
