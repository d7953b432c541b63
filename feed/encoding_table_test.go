package feed

import (
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// detection is what the detector makes of undeclared bytes.
type detection uint8

const (
	detectedRight detection = iota // the text comes back as written
	detectedError                  // a clear error: no encoding fits
	detectedWrong                  // text comes back, but not as written
)

func (d detection) String() string { return [...]string{"right", "error", "WRONG"}[d] }

// TestEncodingDetectorTable measures the detector on a feed in each real
// encoding, declaring none (or, for UTF-16 and UTF-32 without a mark, only
// by its first bytes). Where it is wrong is documented in docs/FORMATS.md;
// the test fails when any row changes, so that the document stays true.
func TestEncodingDetectorTable(t *testing.T) {
	const (
		latin   = "Le café était très fermé à l'été — “déjà vu” €5"
		jaText  = "東京都は今日、新しい経済対策を発表しました。記者会見で知事が説明した。"
		russian = "Сегодня в Москве прошло заседание правительства по вопросам экономики."
		gb18030 = zhSimplified + "𠀀" // U+20000: only GB18030 has it
	)
	doc := func(s string) string {
		return `<?xml version="1.0"?><rss version="2.0"><channel><title>` + s + `</title></channel></rss>`
	}
	tests := []struct {
		name string
		enc  encoding.Encoding
		text string
		want detection
	}{
		// GB2312 text is sent as EUC-CN bytes, which GBK encodes identically.
		{"GB2312", simplifiedchinese.GBK, zhSimplified, detectedRight},
		{"GBK", simplifiedchinese.GBK, zhSimplified, detectedRight},
		{"GB18030", simplifiedchinese.GB18030, gb18030, detectedRight},
		{"Big5", traditionalchinese.Big5, zhTraditional, detectedRight},
		{"UTF-16LE BOM", xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM), zhSimplified, detectedRight},
		{"UTF-16BE BOM", xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM), zhSimplified, detectedRight},
		{"UTF-16LE", xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), zhSimplified, detectedRight},
		{"UTF-16BE", xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), zhSimplified, detectedRight},
		{"UTF-32LE BOM", utf32.UTF32(utf32.LittleEndian, utf32.UseBOM), zhSimplified, detectedRight},
		{"UTF-32BE BOM", utf32.UTF32(utf32.BigEndian, utf32.UseBOM), zhSimplified, detectedRight},
		{"UTF-32LE", utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), zhSimplified, detectedRight},
		{"UTF-32BE", utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), zhSimplified, detectedRight},
		{"windows-1252", charmap.Windows1252, latin, detectedRight},
		{"ISO-8859-1", charmap.ISO8859_1, "Le café était très fermé à l'été", detectedRight},
		{"EUC-JP", japanese.EUCJP, jaText, detectedError},
		// "时" in GBK is CA B1, which is also valid UTF-8 (U+02B1 ʱ).
		{"GBK, one character", simplifiedchinese.GBK, "时", detectedWrong},
		// Latin-1 with three accented letters in a row reads as no Latin text.
		{"ISO-8859-1, accents in a row", charmap.ISO8859_1, "ÀÉÎ ÔÙ", detectedError},
		{"Shift_JIS", japanese.ShiftJIS, jaText, detectedError},
		{"KOI8-R", charmap.KOI8R, russian, detectedError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := tt.enc.NewEncoder().Bytes([]byte(doc(tt.text)))
			if err != nil {
				t.Fatal(err)
			}
			text, _, err := decode(data, "")
			got := detectedRight
			switch {
			case err != nil:
				got = detectedError
			case text != doc(tt.text):
				got = detectedWrong
			}
			t.Logf("%-13s %s", tt.name, got)
			if got != tt.want {
				t.Errorf("%s: detector is %s, want %s (docs/FORMATS.md says so); text %.60q, error %v", tt.name, got, tt.want, text, err)
			}
		})
	}
}
