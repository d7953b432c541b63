package feed

import (
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// inlineText builds one block's cleaned text from text runs, so that span
// offsets can be taken as the runs arrive. Each run is cleaned on its own;
// runs are joined with one space where either side had white space.
type inlineText struct {
	buf    []byte
	space  bool // white space is pending before the next run
	unsure bool // two runs were joined where NFC might compose across them
	spans  []Span
}

func (t *inlineText) add(raw string) {
	text := Clean(raw)
	if text == "" {
		if raw != "" && strings.TrimFunc(raw, isSpace) != raw {
			t.space = true
		}
		return
	}
	if (t.space || startsWithSpace(raw)) && len(t.buf) > 0 {
		t.buf = append(t.buf, ' ')
	} else if len(t.buf) > 0 && norm.NFC.FirstBoundaryInString(text) != 0 {
		// The run starts with a mark (or jamo) that may compose with
		// the end of the run before it.
		t.unsure = true
	}
	t.buf = append(t.buf, text...)
	t.space = endsWithSpace(raw)
}

// addSpan records a span from start to the current end. A space written at
// start separates the span from the text before it and is left out: cleaned
// runs never begin with a space.
func (t *inlineText) addSpan(kind SpanKind, start int, link string) {
	if start < len(t.buf) && t.buf[start] == ' ' {
		start++
	}
	if start >= len(t.buf) {
		return
	}
	t.spans = append(t.spans, Span{Kind: kind, Start: start, End: len(t.buf), URL: link})
}

// finish returns the block's text and its spans, sorted and not
// overlapping, and resets t.
func (t *inlineText) finish() (string, []Span) {
	text, spans, unsure := string(t.buf), t.spans, t.unsure
	t.buf, t.spans, t.space, t.unsure = t.buf[:0], t.spans[:0], false, false
	if text == "" {
		return "", nil
	}
	if unsure && !norm.NFC.IsNormalString(text) {
		// Two runs joined into something NFC would compose (a base letter
		// and a combining mark in different elements): clean the whole and
		// give up the spans rather than let offsets drift.
		return Clean(text), nil
	}
	kept := pickSpans(spans)
	switch {
	case len(kept) == 0:
		return text, nil // not spans[:0]: a block without spans has none
	case &kept[0] != &spans[0]:
		return text, kept
	}
	// t.spans is written again by the next block: this one gets a copy,
	// of the size it needs.
	return text, append([]Span(nil), kept...)
}

// pickSpans keeps links first, then the other spans in order of their
// start, dropping any that would overlap one already kept. It takes
// O(n log n) time: a block may hold hundreds of thousands of spans.
func pickSpans(spans []Span) []Span {
	if len(spans) < 2 || sortedAndDisjoint(spans) {
		// Nothing to drop, and already in order: what the sorts would
		// give, without their allocations.
		return spans
	}
	var links, others []Span
	for _, s := range spans {
		if s.Kind == LinkSpan {
			links = append(links, s)
		} else {
			others = append(others, s)
		}
	}
	links = keepDisjoint(links, nil)
	others = keepDisjoint(others, links)
	kept := append(links, others...)
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].Start < kept[j].Start })
	return kept
}

// sortedAndDisjoint reports whether each span ends before the next one
// starts.
func sortedAndDisjoint(spans []Span) bool {
	for i := 1; i < len(spans); i++ {
		if spans[i-1].End > spans[i].Start {
			return false
		}
	}
	return true
}

// keepDisjoint returns the spans, in order of their start (ties in their
// given order), that overlap neither a span kept before them nor any span
// of fixed, which must be sorted and disjoint. spans is sorted in place.
func keepDisjoint(spans, fixed []Span) []Span {
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	kept := spans[:0]
	for _, s := range spans {
		// Kept spans are disjoint and sorted, so only the last can reach s.
		if n := len(kept); n > 0 && kept[n-1].End > s.Start {
			continue
		}
		// The first fixed span ending after s starts is the only one
		// that can overlap it.
		if i := sort.Search(len(fixed), func(i int) bool { return fixed[i].End > s.Start }); i < len(fixed) && fixed[i].Start < s.End {
			continue
		}
		kept = append(kept, s)
	}
	return kept
}

func startsWithSpace(s string) bool {
	for _, r := range s {
		return isSpace(r)
	}
	return false
}

func endsWithSpace(s string) bool {
	return s != "" && strings.TrimRightFunc(s, isSpace) != s
}
