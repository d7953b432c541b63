package feed

import "unicode/utf8"

// CleanArticle returns a with every string a terminal would print passed
// through Clean when it holds anything Clean removes for the terminal's
// sake: titles, paragraphs (code blocks keep their lines), link URLs,
// keywords, the feed's name, the link and the names of a translation's
// backend and model. A block whose text is cleaned loses its inline spans, whose
// offsets would no longer fit. a itself is never changed; when none of its
// strings needs cleaning it is returned as is.
//
// Articles parsed by this package are clean already; CleanArticle is for
// articles from elsewhere (a database another program may have written, a
// translation backend) and costs a byte scan when there is nothing to
// clean.
func CleanArticle(a *Article) *Article {
	if a == nil || articleIsClean(a) {
		return a
	}
	c := *a
	c.Link, c.Feed = cleanIfNeeded(a.Link), cleanIfNeeded(a.Feed)
	c.Keywords = make([]string, len(a.Keywords))
	for i, k := range a.Keywords {
		c.Keywords[i] = cleanIfNeeded(k)
	}
	c.ZH, c.EN = cleanVersion(a.ZH), cleanVersion(a.EN)
	return &c
}

func cleanVersion(v *Version) *Version {
	if v == nil {
		return nil
	}
	c := *v
	c.Title = cleanIfNeeded(v.Title)
	if v.Machine != nil {
		c.Machine = &Machine{Backend: cleanIfNeeded(v.Machine.Backend), Model: cleanIfNeeded(v.Machine.Model)}
	}
	c.Blocks = make([]Block, len(v.Blocks))
	for i, b := range v.Blocks {
		text := cleanBlockText(&b)
		if text != b.Text {
			b.Text, b.Spans = text, nil
		}
		if b.Spans != nil {
			b.Spans = append([]Span(nil), b.Spans...)
			for k := range b.Spans {
				b.Spans[k].URL = cleanIfNeeded(b.Spans[k].URL)
			}
		}
		c.Blocks[i] = b
	}
	return &c
}

// cleanBlockText returns b's text cleaned, or as it is when it needs no
// cleaning, so that its spans stay.
func cleanBlockText(b *Block) string {
	switch code := b.Kind == Code; {
	case !MayNeedClean(b.Text, code):
		return b.Text
	case code:
		return CleanLines(b.Text)
	}
	return Clean(b.Text)
}

// cleanIfNeeded returns s through Clean when it holds anything Clean
// removes for the terminal's sake, else s as it is.
func cleanIfNeeded(s string) string {
	if MayNeedClean(s, false) {
		return Clean(s)
	}
	return s
}

// articleIsClean reports whether no string of a holds anything that Clean
// removes to keep the terminal safe. It reads a without copying it.
func articleIsClean(a *Article) bool {
	same := func(s string) bool { return !MayNeedClean(s, false) }
	if !same(a.Link) || !same(a.Feed) {
		return false
	}
	for _, k := range a.Keywords {
		if !same(k) {
			return false
		}
	}
	for _, v := range []*Version{a.ZH, a.EN} {
		if v == nil {
			continue
		}
		if !same(v.Title) || v.Machine != nil && (!same(v.Machine.Backend) || !same(v.Machine.Model)) {
			return false
		}
		for i := range v.Blocks {
			b := &v.Blocks[i]
			if MayNeedClean(b.Text, b.Kind == Code) {
				return false
			}
			for _, sp := range b.Spans {
				if !same(sp.URL) {
					return false
				}
			}
		}
	}
	return true
}

// MayNeedClean reports whether s holds something Clean removes to
// keep the terminal safe: invalid UTF-8, a C0 control (but "\n" when
// lines is set), DEL, a C1 control, a bidi control (U+061C, U+200E,
// U+200F, U+202A–U+202E, U+2066–U+2069) or another invisible character
// Clean removes (U+00AD, U+200B, U+FEFF). It is a byte scan, several
// times faster than running Clean to compare (which also checks NFC), for
// the long texts of articles. Text it passes may still be untidy (double
// spaces, not NFC), which is harmless on screen. TestMayNeedCleanSeesAll
// checks every code point against Clean, so that the two cannot drift
// apart.
func MayNeedClean(s string, lines bool) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c < 0x20:
			if !lines || c != '\n' {
				return true
			}
		case c < 0x7F:
		case c == 0x7F:
			return true
		case i+1 >= len(s):
		case c == 0xC2: // U+0080–U+00BF: the C1 controls, the soft hyphen
			if n := s[i+1]; n <= 0x9F || n == 0xAD {
				return true
			}
		case c == 0xD8: // U+061C ARABIC LETTER MARK
			if s[i+1] == 0x9C {
				return true
			}
		case i+2 >= len(s):
		case c == 0xE2 && s[i+1] == 0x80: // U+2000–U+203F
			if n := s[i+2]; n == 0x8B || n == 0x8E || n == 0x8F || n >= 0xAA && n <= 0xAE {
				return true
			}
		case c == 0xE2 && s[i+1] == 0x81: // U+2040–U+207F
			if n := s[i+2]; n >= 0xA6 && n <= 0xA9 {
				return true
			}
		case c == 0xEF && s[i+1] == 0xBB && s[i+2] == 0xBF: // U+FEFF
			return true
		}
	}
	return !utf8.ValidString(s)
}
