package feed

import (
	"runtime"
	"testing"
)

// TestParseTextSmallFileKeepsLittleMemory protects the directory of many
// small article files: each parse used to keep a 512-block arena (about
// 28 KB) alive for a file of a dozen paragraphs, 317 MB of the 346 MB live
// heap for 10,000 files.
func TestParseTextSmallFileKeepsLittleMemory(t *testing.T) {
	text := textBenchmarkFile(1) // one article, 3 to 6 paragraphs a language
	const files = 2000
	kept := make([][]Article, files)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range kept {
		articles, err := ParseText("one.txt", text)
		if err != nil || len(articles) != 1 {
			t.Fatalf("ParseText = %d, %v", len(articles), err)
		}
		kept[i] = articles
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	perFile := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / files
	runtime.KeepAlive(kept)
	a := kept[0][0]
	blocks := len(a.ZH.Blocks) + len(a.EN.Blocks)
	t.Logf("%d bytes kept per file of %d bytes, %d blocks", perFile, len(text), blocks)
	// The article's own blocks, versions, keywords and strings that are
	// not substrings of the input: well under 4 KB for this file.
	if perFile > 4096 {
		t.Errorf("a parsed file of %d blocks keeps %d bytes alive, want at most 4096", blocks, perFile)
	}
}
