package align

import (
	"testing"

	"github.com/xinwen-reader/xinwen/feed"
)

// TestReadyAfterTheDictionaryIsRead: once Article has run, it no longer
// reads the dictionary, and Ready says so, so a reader may align inside a
// key press.
func TestReadyAfterTheDictionaryIsRead(t *testing.T) {
	Article(&feed.Version{Blocks: []feed.Block{{Text: "开头。"}}}, &feed.Version{Blocks: []feed.Block{{Text: "The start."}}})
	if !Ready() {
		t.Fatal("Ready is false after Article read the dictionary")
	}
}
