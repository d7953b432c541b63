package layout

import "fmt"

// Lang is the language mode of the article pane: one language, or both.
// The zero value is Chinese.
type Lang uint8

// The language modes, in the order Next cycles through them.
const (
	Chinese Lang = iota
	English
	Both
)

// String returns the mode's name as shown in the status line: "中文",
// "English" or "双语".
func (l Lang) String() string {
	switch l {
	case English:
		return "English"
	case Both:
		return "双语"
	default:
		return "中文"
	}
}

// Next returns the mode after l: 中文 → English → 双语 → 中文. An invalid
// mode is followed by Chinese.
func (l Lang) Next() Lang {
	switch l {
	case Chinese:
		return English
	case English:
		return Both
	default:
		return Chinese
	}
}

// ParseLang parses a mode as given on the command line: "zh", "en" or
// "both".
func ParseLang(s string) (Lang, error) {
	switch s {
	case "zh":
		return Chinese, nil
	case "en":
		return English, nil
	case "both":
		return Both, nil
	}
	return Chinese, fmt.Errorf("language %q: want zh, en or both", s)
}
