package align

import (
	"strings"
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
)

// fuzzSeeds are inputs every fuzz target starts from.
var fuzzSeeds = []string{
	"截至2023年底，里程达到15.9万公里。按此计算，约占28.30%。",
	"他说：“走吧！”然后离开了。……\u3000（见附录。）",
	"Mr. Smith met Dr. J. K. Rowling in the U.S. on Jan. 5. They talked... Then left! \"Why?\" (No. 5.)",
	"参阅（https://example.org/a?b=1&c=!x）其中。www.x.y. Next",
	"\xff\xfe\x1b[31m\u202e。！？\n\n. ! ? ",
	"",
}

func FuzzZH(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkSpans(t, text, ZH(text))
	})
}

func FuzzEN(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkSpans(t, text, EN(text))
	})
}

// fuzzVersion makes a version of text: blocks split at blank lines, the
// kind of each from its first byte.
func fuzzVersion(text string) *feed.Version {
	if text == "\x00" {
		return nil
	}
	v := &feed.Version{}
	for _, part := range strings.Split(text, "\n\n") {
		kind := feed.Paragraph
		if part != "" {
			kind = feed.BlockKind(part[0] % 5)
		}
		v.Blocks = append(v.Blocks, feed.Block{Kind: kind, Text: part})
	}
	return v
}

func FuzzArticle(f *testing.F) {
	for _, z := range fuzzSeeds {
		for _, e := range fuzzSeeds {
			f.Add(z, e)
		}
	}
	f.Fuzz(func(t *testing.T, zhText, enText string) {
		zh, en := fuzzVersion(zhText), fuzzVersion(enText)
		checkAlignment(t, Article(zh, en), zh, en)
	})
}
