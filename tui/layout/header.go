package layout

import (
	"strings"

	"github.com/xinwen-reader/xinwen/feed"
)

// Marks before a title shown in place of the missing one of the pane's
// language.
const (
	fromEnglish = "[EN] "
	fromChinese = "[ZH] "
)

// header draws the article's header at width w: the title or titles, a line
// of date, keywords and source link, and a rule. joint is the column where
// the rule meets the column rule below it, or -1.
func (r *Renderer) header(a *feed.Article, lang Lang, w, joint int) []string {
	m := r.o.Metrics
	var lines []string
	for i, t := range titles(a, lang) {
		st := r.th.title
		if i > 0 {
			st = r.th.otherTitle
		}
		lines = append(lines, m.WrapStyled(st.render(r.o.Metrics.Normalize(t)), w)...)
	}
	if meta := r.metaLine(a); meta != "" {
		lines = append(lines, m.WrapStyled(meta, w)...)
	}
	return append(lines, r.th.rule.render(r.mk.ruleLine(w, joint)))
}

// titles returns the titles a pane in lang shows, in order: the pane's
// language first (the other language's, marked, when it has none) and, in
// Both, the English title under the Chinese one.
func titles(a *feed.Article, lang Lang) []string {
	zh, en := "", ""
	if a.ZH != nil {
		zh = a.ZH.Title
	}
	if a.EN != nil {
		en = a.EN.Title
	}
	var out []string
	add := func(s string) {
		if s != "" {
			out = append(out, s)
		}
	}
	switch {
	case lang == Both:
		add(zh)
		add(en)
	case lang == English && en != "":
		add(en)
	case lang == English && zh != "":
		add(fromChinese + zh)
	case zh != "":
		add(zh)
	case en != "":
		add(fromEnglish + en)
	}
	return out
}

// metaLine returns the styled line of date, keywords and link, or "" when
// the article has none of them. It is wrapped like any text, so a link
// longer than the pane continues on the next lines rather than being cut.
func (r *Renderer) metaLine(a *feed.Article) string {
	var parts []string
	if !a.Published.IsZero() {
		parts = append(parts, r.th.meta.render(a.Published.Format("2006-01-02")))
	}
	var kws []string
	for _, k := range a.Keywords {
		if k = strings.TrimSpace(r.o.Metrics.Normalize(k)); k != "" {
			kws = append(kws, k)
		}
	}
	if len(kws) > 0 {
		parts = append(parts, r.th.meta.render(strings.Join(kws, ", ")))
	}
	if link := safeURL(r.o.Metrics.Normalize(a.Link)); link != "" {
		parts = append(parts, r.hyperlink(link, r.th.main.link.render(link)))
	}
	return strings.Join(parts, "  ")
}
