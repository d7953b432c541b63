package layout

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
)

// Metrics measures and breaks text in terminal columns. It is the one width
// function of xinwen: nothing else measures text.
//
// The zero value is not usable; use NewMetrics. (A zero Metrics behaves as
// NewMetrics(false) rather than panicking.) A Metrics is a small value that
// shares read-only tables, so it may be copied and used from any goroutine.
type Metrics struct {
	wide bool
	tab  *runeTable
}

// runeTable holds, for every rune of the basic multilingual plane, its width
// in columns (low two bits) and its line-breaking class (high bits). It is
// built once per ambiguous-width mode and never written afterwards.
type runeTable struct {
	cond *runewidth.Condition
	bmp  [0x10000]uint8
}

const (
	widthMask = 0x03 // bits 0-1: width
	classMask = 0x07 // bits 2-4: breakClass, after shifting right by 2
	plainBit  = 0x20 // bit 5: see runeTable.plain
	keepBit   = 0x40 // bit 6: see runeTable.keep
)

// narrowCondition classifies wide characters for line breaking, which must
// not depend on the ambiguous-width mode. It is only read.
var narrowCondition = &runewidth.Condition{StrictEmojiNeutral: true}

var (
	tableOnce [2]sync.Once
	tables    [2]*runeTable
)

// NewMetrics returns the Metrics for a terminal that draws East Asian
// ambiguous characters (“ ” ‘ ’ … — · and box drawing) in two columns when
// ambiguousWide is true, and in one column otherwise.
func NewMetrics(ambiguousWide bool) Metrics {
	return Metrics{wide: ambiguousWide, tab: tableFor(ambiguousWide)}
}

func tableFor(wide bool) *runeTable {
	i := 0
	if wide {
		i = 1
	}
	tableOnce[i].Do(func() { tables[i] = buildTable(wide) })
	return tables[i]
}

// buildTable computes widths exactly as x/ansi's StringWidthWc does (the
// method bubbletea v2 renders with): nonspacing marks, enclosing marks and
// format characters are zero, controls are zero, and everything else is
// go-runewidth with StrictEmojiNeutral. It uses an explicit Condition, never
// runewidth's package-level functions, which depend on LANG.
func buildTable(wide bool) *runeTable {
	t := &runeTable{cond: &runewidth.Condition{EastAsianWidth: wide, StrictEmojiNeutral: true}}
	for r := rune(0); r < 0x10000; r++ {
		w := t.slowWidth(r)
		t.bmp[r] = uint8(w) | uint8(classOf(r))<<2
		if w > 0 && isPlainRange(r) {
			t.bmp[r] |= plainBit
			if !wide || !isAmbiguousLatin(r) {
				t.bmp[r] |= keepBit // rule 7 of Normalize is for wide mode only
			}
		}
	}
	return t
}

func (t *runeTable) slowWidth(r rune) int {
	switch {
	case r < 0x20, r >= 0x7F && r < 0xA0:
		return 0
	case r < 0x7F:
		return 1
	case r >= 0xD800 && r <= 0xDFFF:
		return 0
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		return 0
	}
	return t.cond.RuneWidth(r)
}

func (m Metrics) table() *runeTable {
	if m.tab == nil {
		return tableFor(m.wide)
	}
	return m.tab
}

// AmbiguousWide reports whether ambiguous characters take two columns.
func (m Metrics) AmbiguousWide() bool { return m.wide }

// runeWidth returns the columns one rune advances the cursor.
func (t *runeTable) runeWidth(r rune) int {
	if r < 0x10000 && r >= 0 {
		return int(t.bmp[r] & widthMask)
	}
	return t.slowWidth(r)
}

// Width returns the columns s takes; escape sequences (SGR, OSC 8 and any
// other ESC-introduced sequence) count zero. The width is the sum of the
// widths of the runes, which is what terminals without grapheme-cluster
// support do; after Normalize it equals the grapheme-cluster width too.
func (m Metrics) Width(s string) int {
	t := m.table()
	w := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == 0x1B:
				i += escapeLen(s[i:])
			case c >= 0x20 && c != 0x7F:
				w++
				i++
			default:
				i++
			}
			continue
		}
		r, size := decodeAt(s, i)
		w += t.runeWidth(r)
		i += size
	}
	return w
}

// escapeLen returns the length of the escape sequence at the start of s,
// which begins with ESC. CSI sequences run to their final byte, OSC, DCS,
// SOS, PM and APC strings to BEL or ST (ESC \); other escapes are two bytes.
// An unterminated sequence runs to the end of s. An ESC not followed by an
// ASCII character is a lone control, one byte long.
func escapeLen(s string) int {
	if len(s) < 2 || s[1] < 0x20 || s[1] > 0x7E {
		return 1
	}
	switch s[1] {
	case '[':
		for i := 2; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7E {
				return i + 1
			}
		}
		return len(s)
	case ']', 'P', 'X', '^', '_':
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1B && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	}
	return 2
}

// Truncate cuts s to at most w columns, ending with tail (e.g. "…") when cut.
// Escape sequences are never split and all of them are kept, also those after
// the cut, so resets and hyperlink ends still take effect. Grapheme clusters
// are never split. If even tail does not fit, the result is as much of tail
// as fits.
func (m Metrics) Truncate(s string, w int, tail string) string {
	if w <= 0 {
		return ""
	}
	if m.Width(s) <= w {
		return s
	}
	tw := m.Width(tail)
	if tw > w {
		return m.Truncate(tail, w, "")
	}
	limit := w - tw
	var b strings.Builder
	b.Grow(len(s) + len(tail))
	used, cut := 0, false
	for i := 0; i < len(s); {
		if s[i] == 0x1B {
			n := escapeLen(s[i:])
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		end := m.clusterEnd(s, i)
		// A cluster stops at an escape so that escapes are always copied.
		if j := strings.IndexByte(s[i:end], 0x1B); j >= 0 {
			end = i + j
		}
		if !cut {
			cw := m.Width(s[i:end])
			if used+cw > limit {
				cut = true
				b.WriteString(tail)
			} else {
				used += cw
				b.WriteString(s[i:end])
			}
		}
		i = end
	}
	if !cut {
		b.WriteString(tail)
	}
	return b.String()
}

// PadRight pads s with spaces to exactly w columns. s must fit; if it is
// wider, it is returned unchanged.
func (m Metrics) PadRight(s string, w int) string {
	n := w - m.Width(s)
	if n <= 0 {
		return s
	}
	return s + strings.Repeat(" ", n)
}

// isPlainRange reports whether r lies in the ranges where every visible rune
// has Grapheme_Cluster_Break=Other: Latin up to the combining marks, general
// punctuation and symbols, CJK and kana except the Hangul tone marks, and the
// fullwidth forms except the two halfwidth sound marks, which extend.
func isPlainRange(r rune) bool {
	switch {
	case r == 0x302E || r == 0x302F:
		return false // Hangul single and double dot tone marks extend
	case r >= 0x20 && r < 0x300, r >= 0x2000 && r < 0x2C00, r >= 0x2E80 && r < 0xA4D0:
		return true
	case r >= 0xFF00 && r < 0xFFF0:
		return r != 0xFF9E && r != 0xFF9F
	}
	return false
}

// keep reports whether Normalize leaves r as it is whatever its neighbours:
// a plain rune that no rule rewrites.
func (t *runeTable) keep(r rune) bool {
	return r >= 0 && r < 0x10000 && t.bmp[r]&keepBit != 0
}
