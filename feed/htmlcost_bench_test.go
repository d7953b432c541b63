package feed

import (
	"html"
	"strings"
	"testing"
)

// ratioBodies returns the HTML of the description of ratioRSS's items in
// one shape, as gofeed hands it to htmlBlocks: CDATA as written, escaped
// HTML decoded once.
func ratioBodies(shape string) string {
	data := string(ratioRSS(1, shape))
	start := strings.Index(data, "<description>") + len("<description>")
	end := strings.Index(data, "</description>")
	body := data[start:end]
	if shape == "cdata" {
		return strings.TrimSuffix(strings.TrimPrefix(body, "<![CDATA["), "]]>")
	}
	return html.UnescapeString(body)
}

// BenchmarkHTMLBlocksRatioShapes times htmlBlocks and the language split
// alone on one item body of each shape of BenchmarkParseRatioShapes: the
// part of Parse that gofeed does not do.
func BenchmarkHTMLBlocksRatioShapes(b *testing.B) {
	for _, shape := range []string{"cdata", "escaped"} {
		b.Run(shape, func(b *testing.B) {
			body := ratioBodies(shape)
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				zh, en := splitLanguages("", htmlBlocks(body, nil))
				if zh == nil || en == nil {
					b.Fatal("one language is missing")
				}
			}
		})
	}
}
