package feed

import (
	"embed"
	"path"
)

// textSampleFiles holds the built-in sample articles, in the bilingual text
// format, one or more per file, read in file name order.
//
//go:embed sample/*.txt
var textSampleFiles embed.FS

// Sample returns the built-in sample articles, with Source "sample": a copy
// of the original bilingual article and articles written for xinwen in the
// same format (one Chinese only, one English only). Each call returns new
// slices that the caller may change. A test guarantees that every sample
// file parses without error, so Sample never fails.
func Sample() []Article {
	entries, err := textSampleFiles.ReadDir("sample")
	if err != nil {
		return nil // cannot happen: the directory is embedded
	}
	var out []Article
	for _, e := range entries {
		data, err := textSampleFiles.ReadFile(path.Join("sample", e.Name()))
		if err != nil {
			continue
		}
		articles, _ := ParseText("sample", string(data))
		out = append(out, articles...)
	}
	return out
}
