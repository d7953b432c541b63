package translate

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"

	"github.com/xinwen-reader/xinwen/feed"
)

// Direction says which way a has to be translated: from Chinese to English
// when it has only Chinese, from English to Chinese when it has only
// English. ok is false when it has both (or neither).
func Direction(a *feed.Article) (from, to string, ok bool) {
	switch {
	case a.ZH != nil && a.EN == nil:
		return "zh", "en", true
	case a.EN != nil && a.ZH == nil:
		return "en", "zh", true
	}
	return "", "", false
}

// TextHash returns the hash a stored translation of v is keyed by: the
// SHA-256, in hex, of v's title and of each block's kind, level and text,
// so that any change to the text a translation was made from (and nothing
// else: not spans, not Machine) makes it stale.
func TextHash(v *feed.Version) string {
	h := sha256.New()
	write := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	write(v.Title)
	for _, b := range v.Blocks {
		write(b.Kind.String())
		write(strconv.Itoa(b.Level))
		write(b.Text)
	}
	return hex.EncodeToString(h.Sum(nil))
}
