package feed

import (
	"context"
	"strings"
)

// zhTags are the hreflang tags of a Chinese translation, the preferred
// first: simplified before traditional, as xinwen's readers mostly read
// simplified Chinese.
var zhTags = []string{"zh-hans", "zh-cn", "zh", "zh-sg", "zh-hans-cn", "zh-hant", "zh-tw", "zh-hk", "zh-hant-tw", "zh-mo"}

// alternateFor returns the URL of the translation into lang ("en" or
// "zh") that meta names, other than self, or "".
func alternateFor(meta *pageMeta, lang, self string) string {
	if lang == "en" {
		for _, a := range meta.alternates {
			if (a.lang == "en" || strings.HasPrefix(a.lang, "en-")) && a.url != self {
				return a.url
			}
		}
		return ""
	}
	for _, tag := range zhTags {
		for _, a := range meta.alternates {
			if a.lang == tag && a.url != self {
				return a.url
			}
		}
	}
	for _, a := range meta.alternates {
		if strings.HasPrefix(a.lang, "zh-") && a.url != self {
			return a.url
		}
	}
	return ""
}

// attachAlternate fetches the translation an article page names with
// <link rel="alternate" hreflang> and attaches it as a's other language.
// A page with both languages, or naming no translation, is left alone. A
// translation that cannot be fetched or holds no text in its language
// leaves a with one language; the note returned says why and wraps
// ErrRecovered.
func (l *Loader) attachAlternate(ctx context.Context, a *Article, meta *pageMeta) error {
	if meta == nil || (a.ZH != nil) == (a.EN != nil) {
		return nil
	}
	lang, name := "en", "English"
	if a.ZH == nil {
		lang, name = "zh", "Chinese"
	}
	link := alternateFor(meta, lang, a.Link)
	if link == "" {
		return nil
	}
	text, final, err := l.fetchPage(ctx, link)
	if err != nil {
		return recovered("%s translation %s not attached: %v", name, link, err)
	}
	p, err := guardPage(func() (*page, error) { return readPage(text, final) })
	if err != nil {
		return recovered("%s translation %s not attached: %v", name, link, err)
	}
	zh, en := splitLanguages(p.title, p.blocks)
	switch {
	case lang == "en" && en != nil && len(en.Blocks) > 0:
		a.EN = en
	case lang == "zh" && zh != nil && len(zh.Blocks) > 0:
		a.ZH = zh
	default:
		return recovered("%s translation %s not attached: it holds no %s text", name, link, name)
	}
	return nil
}
