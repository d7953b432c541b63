package feed

import (
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
)

const (
	zhSimplified  = "新华社北京电，国务院新闻办公室今天举行新闻发布会，介绍经济发展和社会建设的有关情况。"
	zhTraditional = "中央社台北電，行政院今天舉行記者會，說明經濟發展與社會建設的相關問題。"
)

// encode encodes s with enc, failing the test on error.
func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encoding %q: %v", s, err)
	}
	return b
}

func TestDecode(t *testing.T) {
	rssGBK := `<?xml version="1.0" encoding="GBK"?><rss version="2.0"><channel><title>` + zhSimplified + `</title></channel></rss>`
	tests := []struct {
		name        string
		data        []byte
		contentType string
		want        string
	}{
		{"utf-8", []byte("新闻 news"), "", "新闻 news"},
		{"utf-8 bom", []byte("\xEF\xBB\xBF新闻"), "", "新闻"},
		{"utf-16le bom", encode(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), "新闻 news"), "", "新闻 news"},
		{"utf-16be bom", encode(t, xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM), "新闻 news"), "", "新闻 news"},
		{"declared gbk", encode(t, simplifiedchinese.GBK, rssGBK), "",
			`<?xml version="1.0"?><rss version="2.0"><channel><title>` + zhSimplified + `</title></channel></rss>`},
		{"declared gb2312", encode(t, simplifiedchinese.GBK, `<?xml version='1.0' encoding='gb2312'?><a>`+zhSimplified+`</a>`), "",
			`<?xml version="1.0"?><a>` + zhSimplified + `</a>`},
		{"declared big5", encode(t, traditionalchinese.Big5, `<?xml version="1.0" encoding="Big5"?><a>`+zhTraditional+`</a>`), "",
			`<?xml version="1.0"?><a>` + zhTraditional + `</a>`},
		{"declared iso-8859-1", encode(t, charmap.ISO8859_1, `<?xml version="1.0" encoding="ISO-8859-1"?><a>café</a>`), "",
			`<?xml version="1.0"?><a>café</a>`},
		{"leading blank line before declaration", append([]byte("\n  "), encode(t, simplifiedchinese.GB18030,
			`<?xml version="1.0" encoding="GB18030"?><a>`+zhSimplified+`</a>`)...), "", `<?xml version="1.0"?><a>` + zhSimplified + `</a>`},
		{"http charset", encode(t, simplifiedchinese.GBK, zhSimplified), "text/plain; charset=gbk", zhSimplified},
		{"declaration wins over http charset", encode(t, simplifiedchinese.GBK, `<?xml version="1.0" encoding="gbk"?><a>`+zhSimplified+`</a>`),
			"application/xml; charset=utf-8", `<?xml version="1.0"?><a>` + zhSimplified + `</a>`},
		{"sniffed gb18030", encode(t, simplifiedchinese.GB18030, zhSimplified), "", zhSimplified},
		{"sniffed big5", encode(t, traditionalchinese.Big5, zhTraditional), "", zhTraditional},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := decode(tt.data, tt.contentType)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if got != tt.want {
				t.Errorf("decode = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"random high bytes", []byte{0x80, 0xFF, 0x81, 0xFE, 0x82, 0xFD, 0x83}, "cannot decode: not UTF-8 and no known encoding fits"},
		{"unknown label and no encoding fits", []byte("<?xml version=\"1.0\" encoding=\"x-klingon\"?><a>\x81\x9d\xff</a>"),
			`cannot decode: not UTF-8 and no known encoding fits (unknown encoding "x-klingon")`},
		{"declared gbk but fits nothing", []byte("<?xml version=\"1.0\" encoding=\"GBK\"?><a>\x81\x20\xff</a>"),
			`cannot decode: not UTF-8 and no known encoding fits (not "GBK" either)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := decode(tt.data, "")
			if err == nil {
				t.Fatalf("decode = %q, want error %q", got, tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error %q, want %q", err, tt.want)
			}
			if !errors.Is(err, errUndecodable) {
				t.Errorf("error %v does not wrap errUndecodable", err)
			}
		})
	}
}

func TestFixDeclaration(t *testing.T) {
	tests := map[string]string{
		`<?xml version="1.0" encoding="gbk"?><a/>`:                 `<?xml version="1.0"?><a/>`,
		"\n<?xml version='1.1' encoding='big5' standalone='yes'?>": `<?xml version="1.1"?>`,
		`<?xml version="1.0"?><a/>`:                                `<?xml version="1.0"?><a/>`,
		`<a encoding="gbk"/>`:                                      `<a encoding="gbk"/>`,
	}
	for in, want := range tests {
		if got := fixDeclaration(in); got != want {
			t.Errorf("fixDeclaration(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCommonHanShare(t *testing.T) {
	if s := commonHanShare(zhSimplified); s < 0.5 {
		t.Errorf("real simplified text scores %.2f, want ≥ 0.5", s)
	}
	if s := commonHanShare(zhTraditional); s < 0.5 {
		t.Errorf("real traditional text scores %.2f, want ≥ 0.5", s)
	}
	// Big5 bytes read as GB18030 are valid but nonsense.
	wrong, err := simplifiedchinese.GB18030.NewDecoder().String(string(encode(t, traditionalchinese.Big5, zhTraditional)))
	if err == nil && !strings.ContainsRune(wrong, '\uFFFD') {
		if s := commonHanShare(wrong); s >= 0.25 {
			t.Errorf("Big5 misread as GB18030 (%q) scores %.2f, want < 0.25", wrong, s)
		}
	}
}

func TestIsCommonHanAgreesWithCommonHan(t *testing.T) {
	for r := rune(0x3000); r < 0x10000; r++ {
		if got, want := isCommonHan(r), strings.ContainsRune(commonHan, r); got != want {
			t.Fatalf("isCommonHan(%q) = %v, want %v", r, got, want)
		}
	}
}

// TestSniffingCostsAboutTheDecodes guards the cost of telling GB18030 from
// Big5 in undeclared bytes: scoring the two decodings must cost no more than
// the decoding itself (it searched a string of 400 characters for every Han
// character, ten times the decoding, so a 30 MB file took seconds). CPU
// times, best of three.
func TestSniffingCostsAboutTheDecodes(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test; skipped under -short")
	}
	text := strings.Repeat(zhSimplified+"\n"+zhTraditional+"\n", 10000) // 2.4 MB of UTF-8
	data := encode(t, simplifiedchinese.GB18030, text)
	best := func(run func()) time.Duration {
		var fastest time.Duration
		for range 3 {
			start := cpuClock()
			run()
			if d := cpuClock() - start; fastest == 0 || d < fastest {
				fastest = d
			}
		}
		return fastest
	}
	decodes := best(func() {
		simplifiedchinese.GB18030.NewDecoder().Bytes(data)
		traditionalchinese.Big5.NewDecoder().Bytes(data)
	})
	sniff := best(func() {
		if got, _, err := decode(data, ""); err != nil || len(got) != len(text) {
			t.Fatalf("decode: %d bytes, %v", len(got), err)
		}
	})
	t.Logf("%d bytes: decodes %v, decode with sniffing %v (×%.1f)", len(data), decodes, sniff, float64(sniff)/float64(decodes))
	if sniff > 3*decodes {
		t.Errorf("sniffing the encoding took %v, more than 3 × the %v of the two decodings", sniff, decodes)
	}
}
