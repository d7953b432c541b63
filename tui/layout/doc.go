// Package layout is xinwen's pure text layout: the one width function, the
// Chinese and English line breaker, and the article pane built on them. It
// knows nothing of Bubble Tea, so `xinwen show` and the TUI share it, and it
// can be tested and benchmarked alone.
//
// Everything that measures text goes through a Metrics, made once from the
// terminal's ambiguous-width setting with NewMetrics. Its widths are
// go-runewidth's, the same as x/ansi's StringWidthWc (what bubbletea's
// renderer uses); text that went through Normalize also measures the same
// with x/ansi's grapheme-cluster StringWidth (lipgloss.Width). Normalize
// documents each rewrite it makes and why.
//
// Metrics.Wrap breaks text by the W3C clreq "basic" prohibition rules for
// Chinese (no line starts with 。，、！？」” and the like, none ends with
// 「“（《, —— and …… never split) and by spaces and hyphens for English,
// keeping Latin words, numbers and URLs whole. Metrics.WrapStyled does the
// same for text with SGR and OSC 8 escape sequences, closing and reopening
// styles and hyperlinks at every break so each line stands alone.
package layout
