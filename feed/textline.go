package feed

import (
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// textMarker is the kind of a line of the bilingual text format.
type textMarker uint8

const (
	textNoMarker textMarker = iota // a line of text
	textENTitle                    // Title:
	textZHTitle                    // 标题：
	textKeywords                   // Keywords: or 关键词：
	textContent                    // News content:
	textDateLine                   // Date: or 日期： with a readable date
	textSource                     // 【来源】, 来源：, Source: or 原文链接：
)

// textMarkerOf classifies a trimmed line and returns the value after the
// marker. Labels are matched without regard to case, and the colon may be
// ASCII or full-width. A Date: line whose value is not a date is text.
func textMarkerOf(line string) (textMarker, string) {
	for _, br := range [...]string{"【来源】", "[来源]"} {
		if strings.HasPrefix(line, br) {
			return textSource, Clean(line[len(br):])
		}
	}
	// Labels are short: look for the colon in the first few bytes only.
	end := min(len(line), 20)
	i := strings.IndexByte(line[:end], ':')
	width := 1
	if j := strings.Index(line[:end], "："); j >= 0 && (i < 0 || j < i) {
		i, width = j, len("：")
	}
	if i <= 0 {
		return textNoMarker, ""
	}
	label, value := textTrim(line[:i]), textTrim(line[i+width:])
	// Every value is cleaned before it is split into keywords or searched
	// for a link or a date.
	value = Clean(value)
	kind := textNoMarker
	switch {
	case strings.EqualFold(label, "title"):
		kind = textENTitle
	case label == "标题":
		kind = textZHTitle
	case strings.EqualFold(label, "keywords"), strings.EqualFold(label, "keyword"),
		label == "关键词", label == "关键字":
		kind = textKeywords
	case textIsNewsContent(label):
		kind = textContent
	case strings.EqualFold(label, "source"), label == "来源", label == "原文链接", label == "原文地址":
		kind = textSource
	case strings.EqualFold(label, "date"), label == "日期", label == "发布日期", label == "发布时间", label == "时间":
		if _, ok := textParseDate(value); ok {
			kind = textDateLine
		}
	}
	return kind, value
}

// textIsNewsContent matches "News content" with any case and spacing.
func textIsNewsContent(label string) bool {
	if len(label) < 11 || !strings.EqualFold(label[:4], "news") || !strings.EqualFold(label[len(label)-7:], "content") {
		return false
	}
	return strings.Trim(label[4:len(label)-7], " \t") == ""
}

// textIsDebris reports whether a line is web-page debris rather than article
// text: comment forms, view counters and the like that a copied web page
// leaves after the source line. It is used only where debris is expected:
// after a source line, and for the last paragraphs of an article. The rule
// is deliberately broader than a list of phrases:
//
//   - known phrases of comment forms and page furniture, compared without
//     spaces, case or trailing "*", ":" and full stops;
//   - anything saying the e-mail address will not be published;
//   - counters: "Views: 1", "阅读 1234", "12 次浏览";
//   - short lines (≤ 40 characters) ending in "*", like form labels;
//   - short lines without a full stop that speak of replies, comments,
//     e-mail, websites or logging in;
//   - lines with no letter or Chinese character at all ("*", "|", "1").
func textIsDebris(line string) bool {
	if len(line) > 200 { // longer than any debris phrase: article text
		return false
	}
	key := textDebrisKey(line)
	if textDebrisPhrase(key) {
		return true
	}
	for _, s := range [...]string{"邮箱地址不会被公开", "电子邮件地址不会被公开", "emailaddresswillnotbepublished", "requiredfieldsaremarked", "必填项已用"} {
		if strings.Contains(key, s) {
			return true
		}
	}
	for _, p := range [...]string{"标签:", "tags:", "分享到", "sharethis", "责任编辑", "postedin", "filedunder", "youmustbe"} {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	if textDebrisCounter(key) {
		return true
	}
	short := utf8.RuneCountInString(line) <= 40
	if short && strings.HasSuffix(line, "*") {
		return true
	}
	if short && !strings.ContainsAny(line[len(line)-1:], ".!?") && !textEndsSentence(line) {
		for _, f := range [...]string{"回复", "评论", "留言", "邮箱", "电子邮件", "显示名称", "必填", "reply", "comment", "email", "e-mail", "website", "login", "loggedin"} {
			if strings.Contains(key, f) {
				return true
			}
		}
	}
	return !strings.ContainsFunc(line, func(r rune) bool { return unicode.IsLetter(r) })
}

// textEndsSentence reports whether s ends with Chinese sentence-final
// punctuation.
func textEndsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r == '。' || r == '！' || r == '？' || r == '…'
}

// textDebrisKey lower-cases s, removes all white space and trims trailing
// "*", colons and full stops, so "Name *" and "name" compare equal.
func textDebrisKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		if r == '：' {
			r = ':'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return strings.TrimRight(b.String(), "*:.。")
}

// textDebrisPhrase reports the known phrases of comment forms and page
// furniture, as keys made by textDebrisKey.
func textDebrisPhrase(key string) bool {
	switch key {
	case "发表回复", "发表评论", "评论", "回复", "取消回复", "显示名称", "电子邮件", "邮箱", "网站", "姓名",
		"留言", "发表留言", "提交评论", "相关文章", "相关阅读", "相关推荐", "上一篇", "下一篇", "分享",
		"点赞", "收藏", "打印", "关闭", "返回顶部", "返回首页", "打印本页", "关闭窗口", "登录", "注册",
		"在此浏览器中保存我的显示名称、邮箱地址和网站地址，以便下次评论时使用",
		"leaveareply", "leaveacomment", "comment", "comments", "name", "email", "e-mail", "website",
		"url", "postcomment", "submitcomment", "cancelreply", "reply", "related", "relatedposts",
		"relatedarticles", "share", "sharethis", "likethis", "like", "loading", "loading…",
		"previous", "next", "previouspost", "nextpost", "print", "login", "register",
		"savemyname,email,andwebsiteinthisbrowserforthenexttimeicomment":
		return true
	}
	return false
}

// textDebrisCounter reports a view or like counter: a label and a number in
// either order, as in "views:1", "阅读1234" or "12次浏览".
func textDebrisCounter(key string) bool {
	label := strings.TrimLeft(key, "0123456789,.k")
	digits := len(label) < len(key)
	trimmed := strings.TrimRight(label, "0123456789,.k")
	digits = digits || len(trimmed) < len(label)
	if !digits {
		return false
	}
	switch strings.TrimSuffix(trimmed, ":") {
	case "views", "view", "hits", "likes", "comments", "阅读", "浏览", "阅读量", "浏览量", "浏览次数",
		"点击", "点击量", "点赞", "评论", "次浏览", "次阅读", "人阅读", "人浏览", "条评论":
		return true
	}
	return false
}

// textTrimDebris drops debris paragraphs from the end of one language's
// blocks.
func textTrimDebris(blocks []Block) []Block {
	for len(blocks) > 0 && textIsDebris(blocks[len(blocks)-1].Text) {
		blocks = blocks[:len(blocks)-1]
	}
	return blocks
}

// textSubstantial reports whether unmarked text is long enough to be an
// article the user would miss, rather than unrecognised page debris.
func textSubstantial(blocks []Block) bool {
	for _, b := range blocks {
		if utf8.RuneCountInString(b.Text) > 40 {
			return true
		}
	}
	return false
}

// textEnglishDate reads English date forms seen in Date: lines of copied
// pages: "January 9, 2024", "9 January 2024", "Jan 9, 2024" and RFC 1123.
func textEnglishDate(s string) (time.Time, bool) {
	for _, layout := range [...]string{"January 2, 2006", "2 January 2006", "Jan 2, 2006", "2 Jan 2006", time.RFC1123Z, time.RFC1123} {
		if t, err := time.ParseInLocation(layout, s, textChinaTime); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// textTrim removes white space, ideographic spaces, no-break spaces and
// byte-order marks from both ends of a line.
func textTrim(s string) string {
	for len(s) > 0 {
		switch {
		case s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\v' || s[0] == '\f':
			s = s[1:]
		case strings.HasPrefix(s, "\u3000") || strings.HasPrefix(s, "\ufeff"):
			s = s[3:]
		case strings.HasPrefix(s, "\u00a0"):
			s = s[2:]
		default:
			goto right
		}
	}
right:
	for len(s) > 0 {
		switch n := len(s); {
		case s[n-1] == ' ' || s[n-1] == '\t' || s[n-1] == '\r' || s[n-1] == '\v' || s[n-1] == '\f':
			s = s[:n-1]
		case strings.HasSuffix(s, "\u3000") || strings.HasSuffix(s, "\ufeff"):
			s = s[:n-3]
		case strings.HasSuffix(s, "\u00a0"):
			s = s[:n-2]
		default:
			return s
		}
	}
	return s
}

// textAppendKeywords splits a Keywords: value at commas (ASCII or
// full-width), 、 and semicolons, and appends the non-empty keywords.
func textAppendKeywords(kw []string, value string) []string {
	for value != "" {
		i := strings.IndexAny(value, ",，、;；")
		part := value
		if i >= 0 {
			_, size := utf8.DecodeRuneInString(value[i:])
			part, value = value[:i], value[i+size:]
		} else {
			value = ""
		}
		if k := Clean(part); k != "" {
			kw = append(kw, k)
		}
	}
	return kw
}

// textFindURL returns the first http or https URL in a source line's value,
// without trailing punctuation, or "" when there is none.
func textFindURL(value string) string {
	i := textIndexFold(value, "http://")
	if j := textIndexFold(value, "https://"); j >= 0 && (i < 0 || j < i) {
		i = j
	}
	if i < 0 {
		return ""
	}
	s := value[i:]
	if end := strings.IndexFunc(s, textURLEnd); end >= 0 {
		s = s[:end]
	}
	s = strings.TrimRight(s, ".,;:!?'\"")
	// Closing parentheses with no opening one in the URL are the text's.
	for extra := strings.Count(s, ")") - strings.Count(s, "("); extra > 0 && strings.HasSuffix(s, ")"); extra-- {
		s = s[:len(s)-1]
	}
	s = Clean(s)
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (!strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https")) {
		return ""
	}
	return s
}

// textURLEnd reports the characters that end a URL written in running text:
// white space, controls, and CJK brackets and punctuation.
func textURLEnd(r rune) bool {
	return r <= ' ' || r == 0x7F || r == '<' || r == '>' || r == '"' || r >= 0x80 && r <= 0x9F ||
		r >= 0x2000 && r <= 0x206F || r >= 0x3000 && r <= 0x303F || r >= 0xFF00 && r <= 0xFFEF ||
		r == 0xFEFF || r == utf8.RuneError
}

// textIndexFold returns the byte offset in s of the first match of the
// lower-case ASCII prefix p, ignoring ASCII case, or -1.
func textIndexFold(s, p string) int {
	for i := 0; i+len(p) <= len(s); i++ {
		j := 0
		for j < len(p) && (s[i+j] == p[j] || s[i+j]+'a'-'A' == p[j] && 'A' <= s[i+j] && s[i+j] <= 'Z') {
			j++
		}
		if j == len(p) {
			return i
		}
	}
	return -1
}
