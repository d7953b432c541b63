package feed

import (
	"strings"
	"unicode"
)

// language is the language a piece of text is taken to be written in,
// judged by its script alone.
type language uint8

const (
	neither language = iota // no letters: numbers, punctuation, symbols
	chinese
	english // any text with letters that is not Chinese
)

// textLanguage judges s by its letters. s is Chinese when it has at least
// one Han character and Han characters make up at least 20% of its letters
// (unicode.IsLetter, which counts each Han character as one letter).
//
// The 20% threshold, not 50%, is because one Han character carries about as
// much as a whole Latin word: a Chinese sentence naming "iPhone 15 Pro Max"
// is still well above it (7 Han of 20 letters), while an English paragraph
// quoting "新华社" stays far below (3 Han of 100 or more letters).
func textLanguage(s string) language {
	han, letters := 0, 0
	for _, r := range s {
		if r < 0x80 {
			if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
				letters++
			}
			continue
		}
		// The CJK Unified Ideographs block, all Han, and the punctuation
		// of Chinese text, no letters, without a search of the tables.
		switch {
		case 0x4E00 <= r && r <= 0x9FFF:
			han++
			letters++
		case chinesePunctuation(r):
		case unicode.Is(unicode.Han, r):
			han++
			letters++
		case unicode.IsLetter(r):
			letters++
		}
	}
	switch {
	case letters == 0:
		return neither
	case han >= 1 && han*5 >= letters:
		return chinese
	default:
		return english
	}
}

// chinesePunctuation reports whether r is in a block of punctuation that
// Chinese text uses, which holds neither Han characters nor letters:
// general punctuation (U+2000–U+206F: dashes, quotes, ellipses), the CJK
// marks and brackets of U+3000–U+3004 and U+3008–U+3020, and the
// full-width punctuation and digits of U+FF01–U+FF20.
func chinesePunctuation(r rune) bool {
	return 0x2000 <= r && r <= 0x206F || 0x3000 <= r && r <= 0x3004 ||
		0x3008 <= r && r <= 0x3020 || 0xFF01 <= r && r <= 0xFF20
}

// splitLanguages divides one item's title and blocks into a Chinese and an
// English version; either is nil when the item has nothing in that language.
//
//   - Each block goes to its own language (textLanguage). A block with no
//     letters (a number, a date, a dash) follows the block before it; at the
//     start it follows the first block that has letters.
//   - The title goes to the language it is written in. When the blocks hold
//     both languages, or there are no blocks, a title made of a Chinese and
//     an English half joined by " / ", " | ", "｜" or "／" is split between
//     the two versions; when the blocks are all in one language, such a
//     title stays whole with them.
//   - A version that gets blocks but no title keeps an empty title; one that
//     gets only a title has no blocks.
func splitLanguages(title string, blocks []Block) (zh, en *Version) {
	var zhBlocks, enBlocks []Block
	langs := make([]language, len(blocks))
	prev := neither
	for i, b := range blocks {
		langs[i] = textLanguage(b.Text)
		if langs[i] == neither {
			langs[i] = prev
		}
		prev = langs[i]
	}
	first := neither
	for _, l := range langs {
		if l != neither {
			first = l
			break
		}
	}
	for i, b := range blocks {
		l := langs[i]
		if l == neither {
			l = first
		}
		if l == neither {
			l = textLanguage(title)
		}
		if l == chinese {
			zhBlocks = append(zhBlocks, b)
		} else {
			enBlocks = append(enBlocks, b)
		}
	}
	zhTitle, enTitle := "", ""
	bilingualBody := len(zhBlocks) > 0 && len(enBlocks) > 0
	z, e, pair := splitTitle(title)
	switch {
	case pair && (bilingualBody || len(blocks) == 0):
		zhTitle, enTitle = z, e
	case pair && len(zhBlocks) > 0:
		zhTitle = title
	case pair:
		enTitle = title
	case textLanguage(title) == chinese:
		zhTitle = title
	default:
		enTitle = title
	}
	if zhTitle != "" || len(zhBlocks) > 0 {
		zh = &Version{Title: zhTitle, Blocks: zhBlocks}
	}
	if enTitle != "" || len(enBlocks) > 0 {
		en = &Version{Title: enTitle, Blocks: enBlocks}
	}
	return zh, en
}

// splitTitle splits "中文标题 / English Title" (either order) into its
// Chinese and English halves; ok is false when title is not such a pair.
func splitTitle(title string) (zh, en string, ok bool) {
	for _, sep := range [...]string{" / ", " | ", "｜", "／"} {
		i := strings.Index(title, sep)
		if i < 0 || strings.Count(title, sep) != 1 {
			continue
		}
		a := strings.TrimSpace(title[:i])
		b := strings.TrimSpace(title[i+len(sep):])
		la, lb := textLanguage(a), textLanguage(b)
		switch {
		case la == chinese && lb == english:
			return a, b, true
		case la == english && lb == chinese:
			return b, a, true
		}
	}
	return "", "", false
}
