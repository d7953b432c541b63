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
	for _, label := range machineLabels(a, lang, m.AmbiguousWide()) {
		lines = append(lines, m.WrapStyled(r.th.notice.render(m.Normalize(label)), w)...)
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

// machineLabels returns the lines that say which versions the pane shows
// are machine translations and what made them, in the translation's own
// language: "Machine translation · qwen2.5:7b", "机器翻译 · DeepL". In
// ambiguous-wide mode the separator is ASCII.
func machineLabels(a *feed.Article, lang Lang, ambiguousWide bool) []string {
	sep := " · "
	if ambiguousWide {
		sep = " - "
	}
	var out []string
	if lang != English && a.ZH != nil && a.ZH.Machine != nil {
		out = append(out, "机器翻译"+sep+machineName(a.ZH.Machine))
	}
	if lang != Chinese && a.EN != nil && a.EN.Machine != nil {
		out = append(out, "Machine translation"+sep+machineName(a.EN.Machine))
	}
	return out
}

// machineName names what made a translation: the model when the backend
// has one, else the backend.
func machineName(mc *feed.Machine) string {
	if mc.Model != "" {
		return mc.Model
	}
	switch mc.Backend {
	case "deepl":
		return "DeepL"
	case "libretranslate":
		return "LibreTranslate"
	case "openai", "":
		return "OpenAI-compatible server"
	}
	return mc.Backend
}
