package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/xinwen-reader/xinwen/feed"
)

// errSourcesFailed means at least one source failed; each failure has been
// reported on stderr already, and the articles of the others were used.
var errSourcesFailed = errors.New("a source failed")

// maxParallelLoads bounds how many sources load at once.
const maxParallelLoads = 4

// loadAll loads every source, in parallel, and returns the articles in
// source order. With no source it returns the built-in sample. A failing
// source is reported on stderr as "xinwen: SOURCE: reason" and makes the
// result errSourcesFailed; its good articles, and all of the other sources',
// are still returned. A URL served from its offline copy is a notice on
// stderr, not a failure.
func loadAll(ctx context.Context, sources []string, l *feed.Loader, stderr io.Writer) ([]feed.Article, error) {
	if len(sources) == 0 {
		return l.Sample(ctx), nil
	}
	results := make([][]feed.Article, len(sources))
	errs := make([]error, len(sources))
	sem := make(chan struct{}, maxParallelLoads)
	var wg sync.WaitGroup
	for i, src := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i], errs[i] = l.Load(ctx, src, nil)
		}()
	}
	wg.Wait()
	var all []feed.Article
	var failed error
	for i := range sources {
		all = append(all, results[i]...)
		var offline *feed.OfflineError
		switch {
		case errs[i] == nil:
		case errors.As(errs[i], &offline):
			// The offline copy stands in: a notice, not a failure.
			fmt.Fprintf(stderr, "xinwen: %s\n", oneLine(offline.Error()))
		default:
			fmt.Fprintf(stderr, "xinwen: %s\n", oneLine(describe(sources[i], errs[i])))
			failed = errSourcesFailed
		}
	}
	return all, failed
}

// describe returns "SOURCE: reason" for err, naming the source once even
// when err does not (feed's errors do).
func describe(source string, err error) string {
	var se *feed.SourceError
	if errors.As(err, &se) {
		return se.Error()
	}
	return source + ": " + err.Error()
}
