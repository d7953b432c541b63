package layout

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clipperhouse/uax29/v2/graphemes"
)

// Wrap breaks plain text (no escape sequences) into lines of at most width
// columns. Each "\n" is a hard break, so empty lines are kept and Wrap("")
// is one empty line.
//
// Chinese breaks between ideographs under the W3C clreq "basic" rules: no
// line starts with a pause, stop or closing mark and none ends with an
// opening mark, and —— …… never split. Latin words, numbers and URLs stay
// whole; English breaks at spaces and after a hyphen between letters. A break
// at spaces drops them; nothing else is ever dropped, and no space is
// inserted. Grapheme clusters are never split.
//
// Where kinsoku and the width conflict, the characters before the break are
// pushed to the next line together with the mark, so the line above may be
// short. Only a run with no acceptable break that is wider than the whole
// line is cut at the width (first at a word-internal position that is still
// kinsoku-clean, else wherever the width runs out: then the width wins over
// kinsoku). A single grapheme wider than width gets a line of its own.
//
// The lines are substrings of s. A width below 1 is taken as 1.
func (m Metrics) Wrap(s string, width int) []string {
	var lines []string
	m.wrapSpans(s, width, func(start, end int) {
		lines = append(lines, s[start:end])
	})
	return lines
}

// wrapSpans runs the line breaker over s and calls emit with the byte range
// of every output line, in order.
func (m Metrics) wrapSpans(s string, width int, emit func(start, end int)) {
	if width < 1 {
		width = 1
	}
	w := wrapper{t: m.table(), s: s, width: width, emit: emit}
	for start := 0; ; {
		end := start
		for end < len(s) && s[end] != '\n' {
			end++
		}
		w.paragraph(start, end)
		if end >= len(s) {
			return
		}
		start = end + 1
	}
}

// wrapper is the state of the greedy line breaker over one paragraph.
type wrapper struct {
	t     *runeTable
	s     string
	width int
	emit  func(start, end int)

	lineStart int // byte offset where the current line begins
	lineW     int // columns from lineStart to the current position

	// The last break opportunity on the current line: the line would end
	// at brkEnd (before any spaces) and the next begin at brkNext.
	brkEnd, brkNext int
	brkNextW        int // columns from lineStart to brkNext
	hasBrk          bool

	// The rune decoded ahead at peekAt by cluster, so that each rune is
	// decoded once.
	peekAt int
	peekR  rune
	peekN  int

	// The last position inside an unbreakable run where an emergency cut
	// would still respect kinsoku (between two letters, say).
	soft   int
	softW  int
	hasSft bool
}

// paragraph wraps s[start:end], which holds no "\n".
func (w *wrapper) paragraph(start, end int) {
	s := w.s
	w.lineStart, w.lineW = start, 0
	w.hasBrk, w.hasSft = false, false
	prev := clsSP // class of the previous non-space cluster
	havePrev := false
	prevLetter, beforePrevLetter := false, false
	urlEnd := start // s[..urlEnd] holds the URL being crossed, if any
	for i := start; i < end; {
		if s[i] == ' ' && !w.spaceCarriesMark(i, end) {
			j := i
			for j < end && s[j] == ' ' && !w.spaceCarriesMark(j, end) {
				j++
			}
			if j < end {
				next := w.t.classAt(s, j)
				if !havePrev || canBreakAtSpace(prev, next) {
					w.setBreak(i, j, j-i)
				}
			}
			w.lineW += j - i
			i = j
			// The pair rules do not apply across spaces: the break
			// decision for this gap was made here.
			prev, havePrev = clsSP, false
			prevLetter = false
			continue
		}
		j, r, cw, cls := w.cluster(i, end)
		letter := cls == clsAL && isLetter(r)
		inURL := i < urlEnd
		if !inURL && (r == 'h' || r == 'H') {
			if n := urlLength(s[i:end]); n > 0 {
				urlEnd = i + n
			}
		}
		if havePrev {
			if !inURL && canBreak(prev, cls, beforePrevLetter, letter) {
				w.setBreak(i, i, 0)
			} else if !noBreakBefore(cls) && !noBreakAfter(prev) {
				w.soft, w.softW, w.hasSft = i, w.lineW, true
			}
		}
		for w.lineW+cw > w.width && i > w.lineStart {
			w.breakLine(i)
		}
		w.lineW += cw
		beforePrevLetter, prevLetter = prevLetter, letter
		prev, havePrev = cls, true
		i = j
	}
	w.finish(end)
}

// urlLength returns the length of the http or https URL at the start of s,
// or 0 when s does not start with one. A URL runs to the first space,
// non-ASCII character or character that cannot be part of one, less any
// closing punctuation at its end ("见https://a.cn/x。" and "(https://a.cn/x)."
// end before "。" and ")."). Inside it, Wrap makes no break: a URL stays
// whole unless it is longer than the line.
func urlLength(s string) int {
	var rest string
	switch {
	case len(s) > 8 && (s[:8] == "https://" || s[:8] == "HTTPS://"):
		rest = s[8:]
	case len(s) > 7 && (s[:7] == "http://" || s[:7] == "HTTP://"):
		rest = s[7:]
	default:
		return 0
	}
	n := len(s) - len(rest)
	for n < len(s) {
		c := s[n]
		if c <= ' ' || c >= utf8.RuneSelf || c == '"' || c == '<' || c == '>' || c == '`' {
			break
		}
		n++
	}
	for n > len(s)-len(rest) && strings.IndexByte(".,;:!?)]}'", s[n-1]) >= 0 {
		if s[n-1] == ')' && strings.Count(s[:n], "(") >= strings.Count(s[:n], ")") {
			break // "wiki/Foo_(bar)" keeps its own parenthesis
		}
		n--
	}
	if n == len(s)-len(rest) {
		return 0
	}
	return n
}

// spaceCarriesMark reports whether the space at s[i] is the base of a
// grapheme cluster (a space followed by a combining mark), which is not a
// break space but a character like any other.
func (w *wrapper) spaceCarriesMark(i, end int) bool {
	if i+1 >= end || w.s[i+1] < utf8.RuneSelf {
		return false
	}
	j, _, _ := w.t.clusterEnd(w.s, i, end)
	return j > i+1
}

// cluster returns the end of the grapheme cluster at s[i], its first rune,
// its width and its break class. It is clusterEnd with the rune after the
// cluster kept for the next call, since this is the hot loop of Wrap.
func (w *wrapper) cluster(i, end int) (j int, r rune, width int, cls breakClass) {
	var n int
	if w.peekAt == i && w.peekN > 0 {
		r, n = w.peekR, w.peekN
	} else {
		r, n = decodeAt(w.s, i)
	}
	if r < 0x10000 {
		e := w.t.bmp[uint16(r)]
		if e&plainBit != 0 {
			// Two plain runes never join; neither does an ASCII
			// rune after a plain one.
			j = i + n
			simple := true
			if j < end {
				r2, n2 := decodeAt(w.s, j)
				w.peekAt, w.peekR, w.peekN = j, r2, n2
				simple = r2 < utf8.RuneSelf || r2 < 0x10000 && w.t.bmp[uint16(r2)]&plainBit != 0
			}
			if simple {
				return j, r, int(e & widthMask), breakClass(e>>2) & classMask
			}
		}
	}
	j, r, width = w.t.slowCluster(w.s, i, end)
	return j, r, width, w.t.class(r)
}

// setBreak records a break opportunity at i; the next line would start at
// next, spaces columns later.
func (w *wrapper) setBreak(i, next, spaces int) {
	if next <= w.lineStart {
		return // a break at the line start ends no line
	}
	w.brkEnd, w.brkNext, w.brkNextW, w.hasBrk = i, next, w.lineW+spaces, true
}

// breakLine ends the current line because the cluster at i does not fit.
// It prefers the last break opportunity (pushing the characters after it,
// for instance those a closing mark sticks to, to the next line), then an
// emergency cut that still respects kinsoku, and only then cuts at i, where
// the width wins over kinsoku.
func (w *wrapper) breakLine(i int) {
	var next, dropped int // new line start, and columns before it
	switch {
	case w.hasBrk:
		// A break at leading spaces (brkEnd == lineStart) ends no line:
		// the spaces are just dropped.
		if w.brkEnd > w.lineStart {
			w.emit(w.lineStart, w.brkEnd)
		}
		next, dropped = w.brkNext, w.brkNextW
	case w.hasSft && w.soft > w.lineStart:
		w.emit(w.lineStart, w.soft)
		next, dropped = w.soft, w.softW
	default:
		// Nothing acceptable on the line: the width wins over kinsoku.
		end := i
		for end > w.lineStart && w.s[end-1] == ' ' {
			end--
		}
		if end > w.lineStart {
			w.emit(w.lineStart, end)
		}
		next, dropped = i, w.lineW
	}
	w.lineStart, w.lineW = next, w.lineW-dropped
	// The break used was the last one on the line, so none is left; a
	// soft position after the new start stays usable.
	w.hasBrk = false
	if w.hasSft && w.soft > next {
		w.softW -= dropped
	} else {
		w.hasSft = false
	}
}

// finish emits the last line of a paragraph ending at end. Trailing spaces
// from the input are kept as far as they fit.
func (w *wrapper) finish(end int) {
	if w.lineW > w.width {
		over := w.lineW - w.width
		for over > 0 && end > w.lineStart && w.s[end-1] == ' ' {
			end--
			over--
		}
	}
	w.emit(w.lineStart, end)
}

// class returns the break class of r.
func (t *runeTable) class(r rune) breakClass {
	if r >= 0 && r < 0x10000 {
		return breakClass(t.bmp[r]>>2) & classMask
	}
	if narrowCondition.RuneWidth(r) == 2 {
		return clsID
	}
	return clsAL
}

// classAt returns the break class of the rune at s[i].
func (t *runeTable) classAt(s string, i int) breakClass {
	if s[i] < utf8.RuneSelf {
		return breakClass(t.bmp[s[i]]>>2) & classMask
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return t.class(r)
}

func isLetter(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	return unicode.IsLetter(r)
}

// clusterEnd returns the end of the grapheme cluster starting at s[i]
// (never beyond limit, which must be len(s) or the index of an ASCII byte),
// its first rune and its width in columns.
func (t *runeTable) clusterEnd(s string, i, limit int) (end int, first rune, width int) {
	r, n := decodeAt(s, i)
	if r == '\r' || !t.plain(r) {
		return t.slowCluster(s, i, limit)
	}
	// Two plain runes never join, so the common case needs no segmenter.
	// An ASCII rune after it never joins it either: r is not CR.
	j := i + n
	if j < limit {
		if r2, _ := decodeAt(s, j); r2 >= utf8.RuneSelf && !t.plain(r2) {
			return t.slowCluster(s, i, limit)
		}
	}
	return j, r, int(t.bmp[r] & widthMask)
}

// decodeAt decodes the rune at s[i] like utf8.DecodeRuneInString, with the
// one-byte and three-byte (CJK) cases inline.
func decodeAt(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	if c&0xF0 == 0xE0 && i+2 < len(s) {
		c1, c2 := s[i+1], s[i+2]
		if c1&0xC0 == 0x80 && c2&0xC0 == 0x80 {
			r := rune(c&0x0F)<<12 | rune(c1&0x3F)<<6 | rune(c2&0x3F)
			if r >= 0x800 && (r < 0xD800 || r > 0xDFFF) {
				return r, 3
			}
		}
	}
	return utf8.DecodeRuneInString(s[i:])
}

// slowCluster segments with UAX #29, the same segmenter x/ansi uses.
func (t *runeTable) slowCluster(s string, i, limit int) (end int, first rune, width int) {
	cluster := graphemes.FromString(s[i:limit]).First()
	if cluster == "" {
		cluster = s[i : i+1]
	}
	first, _ = utf8.DecodeRuneInString(cluster)
	for _, r := range cluster {
		width += t.runeWidth(r)
	}
	return i + len(cluster), first, width
}

// plain reports whether r never joins a neighbour in a grapheme cluster
// (Grapheme_Cluster_Break=Other and visible), so that a boundary between two
// plain runes is certain without running the UAX #29 segmenter. The ranges
// are the common ones in Chinese and English text; everything else takes
// the slow path. TestPlainRunes checks the claim against the segmenter.
func (t *runeTable) plain(r rune) bool {
	return r >= 0 && r < 0x10000 && t.bmp[r]&plainBit != 0
}

// clusterEnd is the Metrics form of runeTable.clusterEnd, for Truncate.
func (m Metrics) clusterEnd(s string, i int) int {
	end, _, _ := m.table().clusterEnd(s, i, len(s))
	return end
}
