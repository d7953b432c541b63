package feed

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/encoding/unicode/utf32"
)

// errUndecodable is the reason given when bytes are not UTF-8 and no
// encoding we know of turns them into plausible text.
var errUndecodable = errors.New("cannot decode: not UTF-8 and no known encoding fits")

// decode turns raw bytes into UTF-8 text. The encoding is chosen, in order,
// from:
//
//  1. a byte-order mark (UTF-8, UTF-16 or UTF-32, LE or BE);
//  2. the first bytes of "<?xml" in UTF-16 or UTF-32 without a mark (XML
//     1.0, appendix F);
//  3. the encoding named by an XML declaration at the start of the data;
//  4. contentType's charset parameter (an HTTP Content-Type, may be "");
//  5. for an HTML page, its <meta charset> or <meta http-equiv>;
//  6. the data itself (sniff).
//
// The XML declaration wins over the HTTP header, unlike RFC 7303, because
// servers often send a default charset for every file while the feed's own
// declaration was written by the program that produced its bytes. A
// declared encoding is taken when the bytes fit it, except that bytes that
// are valid UTF-8 beat a declaration of another encoding (real portals
// declare gb2312 and send UTF-8) unless only that encoding reads them as
// Chinese. An encoding that is unknown, or that the bytes contradict, leaves
// the choice to the bytes, and assumed says which encoding was taken and why
// (it wraps ErrRecovered); assumed is nil when nothing had to be guessed
// against a declaration. Bytes that fit no encoding are errUndecodable.
//
// When the text starts with an XML declaration, the declaration is rewritten
// to name no encoding, so the XML parser reads the result as the UTF-8 it now
// is.
func decode(data []byte, contentType string) (text string, assumed, err error) {
	if enc, name, n := unicodeEncoding(data); enc != nil {
		if enc == xunicode.UTF8 {
			return fixDeclaration(strings.ToValidUTF8(string(data[n:]), "\uFFFD")), nil, nil
		}
		text, err := decodeWith(enc, data[n:], name)
		if err != nil {
			return "", nil, err
		}
		return fixDeclaration(strings.TrimPrefix(text, "\uFEFF")), nil, nil
	}
	label := declaredEncoding(data)
	if label == "" {
		label = contentTypeCharset(contentType)
	}
	if label == "" && looksLikeHTML(data) {
		label = metaCharset(data)
	}
	if label == "" {
		if utf8.Valid(data) {
			return string(data), nil, nil
		}
		text, name, err := sniff(data)
		if err != nil {
			return "", nil, err
		}
		if name == windows1252 {
			assumed = recovered("no encoding declared and not UTF-8: read as %s", name)
		}
		return fixDeclaration(text), assumed, nil
	}
	return decodeDeclared(data, label)
}

// decodeDeclared decodes data whose declaration or header names label.
func decodeDeclared(data []byte, label string) (string, error, error) {
	enc, name := charset.Lookup(label)
	label = Clean(label)
	if name == "utf-8" && utf8.Valid(data) {
		// The declaration already says what the text is: no rewrite,
		// and so no second copy of a large feed.
		return string(data), nil, nil
	}
	if enc != nil && name != "utf-8" {
		declared, err := decodeWith(enc, data, label)
		if err == nil && !(utf8.Valid(data) && utf8Wins(data, declared)) && !(name == windows1252 && !latinPlausible(data)) {
			return fixDeclaration(declared), nil, nil
		}
		if err == nil && !utf8.Valid(data) {
			// A Latin declaration that reads as no Latin text: Chinese
			// bytes under a default charset, or else as declared.
			text, guess, ok := sniffChinese(data)
			if !ok {
				return fixDeclaration(declared), nil, nil
			}
			return fixDeclaration(text), recovered("declared encoding %q, but the bytes read as %s: read as %s", label, guess, guess), nil
		}
	}
	if utf8.Valid(data) {
		return fixDeclaration(string(data)), recovered("declared encoding %q, but the bytes are UTF-8: read as UTF-8", label), nil
	}
	text, guess, err := sniff(data)
	if err != nil {
		if enc == nil {
			return "", nil, fmt.Errorf("%w (unknown encoding %q)", err, label)
		}
		return "", nil, fmt.Errorf("%w (not %q either)", err, label)
	}
	why := "unknown encoding %q"
	if enc != nil {
		why = "the bytes are not in declared encoding %q"
	}
	return fixDeclaration(text), recovered(why+": read as %s", label, guess), nil
}

// utf8Wins reports whether data, valid UTF-8 with a declaration of another
// encoding that also decodes it (as declared), should be read as UTF-8: it
// has bytes above ASCII (else both read the same), and either the UTF-8
// reading has Han characters or the declared one does not read as Chinese.
// Short GBK text can happen to be valid UTF-8 ("中" is D6 D0, U+05D0), but
// then its UTF-8 reading is no Chinese at all.
func utf8Wins(data []byte, declared string) bool {
	ascii := true
	for _, c := range data {
		if c >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return false
	}
	return hasHan(string(data)) || commonHanShare(declared) < 0.25
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x2E80 && unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// windows1252 is the name sniff gives the WHATWG fallback encoding.
const windows1252 = "windows-1252"

// sniff decodes bytes that are not UTF-8 by what they are: GB18030 or Big5
// when one of them decodes cleanly and reads as Chinese, else windows-1252
// when the result reads as Latin-script text (see latinPlausible). name is
// the encoding taken.
func sniff(data []byte) (text, name string, err error) {
	if text, name, ok := sniffChinese(data); ok {
		return text, name, nil
	}
	if latinPlausible(data) {
		out, err := charmap.Windows1252.NewDecoder().Bytes(data)
		if err == nil {
			return string(out), windows1252, nil
		}
	}
	return "", "", errUndecodable
}

// latinPlausible reports whether data, read as windows-1252, looks like
// Latin-script text rather than the bytes of another script: it has none of
// the five bytes windows-1252 leaves undefined, no C0 controls other than
// white space, at most one byte above ASCII for every two ASCII letters, and
// few of its high bytes in runs of three or more (accented letters stand
// among ASCII ones, as in "café" or "ação"; Chinese, Japanese or Cyrillic
// bytes come in runs).
func latinPlausible(data []byte) bool {
	letters, high, inRuns, run := 0, 0, 0, 0
	for i, c := range data {
		switch {
		case c >= 0x80:
			if c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D {
				return false
			}
			high++
			run++
			if i+1 < len(data) && data[i+1] >= 0x80 {
				continue
			}
			if run >= 3 {
				inRuns += run
			}
			run = 0
			continue
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f':
			return false
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			letters++
		}
	}
	return high*2 <= letters && inRuns*4 <= high
}

// unicodeEncoding finds a UTF encoding from data's first bytes: a
// byte-order mark (n is its length, to skip) or, without one, the bytes of
// "<?xml" in UTF-16 or UTF-32. It returns a nil enc when neither is there.
// UTF-32 marks are tested first: FF FE 00 00 starts UTF-32LE, not UTF-16LE.
func unicodeEncoding(data []byte) (enc encoding.Encoding, name string, n int) {
	for _, m := range unicodeMarks {
		if bytes.HasPrefix(data, m.prefix) {
			return m.enc, m.name, m.skip
		}
	}
	return nil, "", 0
}

// unicodeMarks are the byte-order marks and the "<?xml" signatures of
// XML 1.0 appendix F, longest first.
var unicodeMarks = []struct {
	prefix []byte
	skip   int
	enc    encoding.Encoding
	name   string
}{
	{[]byte("\x00\x00\xFE\xFF"), 4, utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "UTF-32BE"},
	{[]byte("\xFF\xFE\x00\x00"), 4, utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), "UTF-32LE"},
	{[]byte("\x00\x00\x00<"), 0, utf32.UTF32(utf32.BigEndian, utf32.IgnoreBOM), "UTF-32BE"},
	{[]byte("<\x00\x00\x00"), 0, utf32.UTF32(utf32.LittleEndian, utf32.IgnoreBOM), "UTF-32LE"},
	{[]byte("\xEF\xBB\xBF"), 3, xunicode.UTF8, "UTF-8"},
	{[]byte("\xFE\xFF"), 2, xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), "UTF-16BE"},
	{[]byte("\xFF\xFE"), 2, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), "UTF-16LE"},
	{[]byte("\x00<\x00?"), 0, xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), "UTF-16BE"},
	{[]byte("<\x00?\x00"), 0, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), "UTF-16LE"},
}

// hasUnicodeSignature reports whether data starts with a byte-order mark or
// an appendix F signature, so that its NUL bytes are no sign of binary data.
func hasUnicodeSignature(data []byte) bool {
	enc, _, _ := unicodeEncoding(data)
	return enc != nil
}

// recovered is a warning wrapping ErrRecovered, formatted like fmt.Sprintf.
func recovered(format string, args ...any) error {
	return &warning{msg: fmt.Sprintf(format, args...)}
}

// decodeWith decodes data with enc and fails when the decoder had to
// replace bytes it could not read (x/text decoders write U+FFFD for those).
func decodeWith(enc encoding.Encoding, data []byte, label string) (string, error) {
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", fmt.Errorf("cannot decode as declared encoding %q: %w", label, err)
	}
	if bytes.Count(out, []byte("\uFFFD")) > bytes.Count(data, []byte("\uFFFD")) {
		return "", fmt.Errorf("cannot decode as declared encoding %q: invalid byte sequence", label)
	}
	return string(out), nil
}

// sniffChinese decodes non-UTF-8 bytes as GB18030 or Big5, whichever reads
// as more plausible Chinese, and names it. A decoding is plausible when it
// needs no replacement characters, yields at least one Han character, and at
// least a quarter of its Han characters are among the few hundred most
// common ones (decoding with the wrong table yields mostly rare characters;
// real text, even technical, is above half).
func sniffChinese(data []byte) (text, name string, ok bool) {
	bestScore := 0.0
	for _, c := range []struct {
		enc  encoding.Encoding
		name string
	}{{simplifiedchinese.GB18030, "GB18030"}, {traditionalchinese.Big5, "Big5"}} {
		out, err := c.enc.NewDecoder().Bytes(data)
		if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
			continue
		}
		if score := commonHanShare(string(out)); score > bestScore {
			text, name, bestScore = string(out), c.name, score
		}
	}
	if bestScore < 0.25 {
		return "", "", false
	}
	return text, name, true
}

// commonHanShare returns the share of s's Han characters that are among the
// most common simplified and traditional characters, 0 when s has none.
func commonHanShare(s string) float64 {
	han, common := 0, 0
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			continue
		}
		han++
		if isCommonHan(r) {
			common++
		}
	}
	if han == 0 {
		return 0
	}
	return float64(common) / float64(han)
}

// commonHan holds frequent Chinese characters in both scripts, for telling
// a right decoding from a wrong one.
const commonHan = "的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没公从知现实最等新闻报道市场政府部门发展经济社会工作问题时间记者表示美元企业国际世界全百千万元月已被向外因展开通相关重要提出加强合作推进建设服务管理体系安全信息技术电话网络系统数据平台北京上海香港台湾中华人民共和党民警察犯罪打击执法" +
	"們這個來國時說對會過於為學後點實當發經長開關與動無問題間記報導場區體現機應將還從環聯係進議員際務電話網絡統據臺灣華黨總統選舉政府經濟社會工作年月日"

// commonHanBits has a bit set for each rune of commonHan, indexed from
// U+4E00, where they lie: a lookup per character, instead of a search
// of the string, keeps sniffing a 30 MB file from taking seconds. It is
// built once and never changed.
var commonHanBits = func() (bits [(0xA000 - 0x4E00) / 64]uint64) {
	for _, r := range commonHan {
		if r >= 0x4E00 && r < 0xA000 {
			bits[(r-0x4E00)/64] |= 1 << ((r - 0x4E00) % 64)
		}
	}
	return bits
}()

// isCommonHan reports whether r is in commonHan.
func isCommonHan(r rune) bool {
	if r < 0x4E00 || r >= 0xA000 {
		return strings.ContainsRune(commonHan, r)
	}
	return commonHanBits[(r-0x4E00)/64]&(1<<((r-0x4E00)%64)) != 0
}

// declaredEncoding returns the encoding named by an XML declaration at the
// start of data (after white space), or "".
func declaredEncoding(data []byte) string {
	head := bytes.TrimLeft(data, " \t\r\n")
	if !bytes.HasPrefix(head, []byte("<?xml")) {
		return ""
	}
	end := bytes.Index(head, []byte("?>"))
	if end < 0 || end > 512 {
		return ""
	}
	return declAttr(string(head[:end]), "encoding")
}

// declAttr returns the value of the pseudo-attribute name in an XML
// declaration, or "".
func declAttr(decl, name string) string {
	i := strings.Index(decl, name)
	if i < 0 {
		return ""
	}
	rest := strings.TrimLeft(decl[i+len(name):], " \t\r\n")
	if !strings.HasPrefix(rest, "=") {
		return ""
	}
	rest = strings.TrimLeft(rest[1:], " \t\r\n")
	if rest == "" || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	end := strings.IndexByte(rest[1:], rest[0])
	if end < 0 {
		return ""
	}
	return strings.TrimSpace(rest[1 : 1+end])
}

// fixDeclaration rewrites a leading XML declaration of decoded text so that
// it names no encoding: the text is UTF-8 now, whatever the bytes were.
func fixDeclaration(text string) string {
	trimmed := strings.TrimLeft(text, " \t\r\n")
	if !strings.HasPrefix(trimmed, "<?xml") {
		return text
	}
	end := strings.Index(trimmed, "?>")
	if end < 0 || declAttr(trimmed[:end], "encoding") == "" {
		return text
	}
	version := declAttr(trimmed[:end], "version")
	if version == "" || strings.ContainsAny(version, "\"<>?") {
		version = "1.0"
	}
	return `<?xml version="` + version + `"?>` + trimmed[end+2:]
}

// contentTypeCharset returns the charset parameter of an HTTP Content-Type
// value, or "".
func contentTypeCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return params["charset"]
}
