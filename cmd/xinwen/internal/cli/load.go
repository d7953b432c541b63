package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/xinwen-reader/xinwen/feed"
)

// errSourcesFailed means at least one source failed; each failure has been
// reported on stderr already, and the articles of the others were used.
var errSourcesFailed = errors.New("a source failed")

// loadAll loads every source, in parallel, and returns the articles in
// source order. With no source it returns the built-in sample. A failing
// source is reported on stderr as "xinwen: SOURCE: reason" and makes the
// result errSourcesFailed; its good articles, and all of the other sources',
// are still returned. A URL served from its offline copy is a notice on
// stderr, not a failure.
func loadAll(ctx context.Context, sources []string, l *feed.Loader, stderr io.Writer) ([]feed.Article, error) {
	all, errs := l.LoadAll(ctx, sources, nil)
	return all, reportLoads(sources, errs, stderr)
}

// reportLoads reports on stderr what loading each of sources said (errs
// holds one entry each, as LoadAll returns them), as loadAll describes, and
// returns errSourcesFailed when a source failed.
func reportLoads(sources []string, errs []error, stderr io.Writer) error {
	var failed error
	for i, err := range errs {
		var offline *feed.OfflineError
		switch {
		case err == nil:
		case errors.As(err, &offline):
			// The offline copy stands in: a notice, not a failure.
			fmt.Fprintf(stderr, "xinwen: %s\n", oneLine(offline.Error()))
		case errors.Is(err, feed.ErrRecovered):
			// Articles recovered (a truncated feed, an encoding
			// assumed): a warning, not a failure.
			fmt.Fprintf(stderr, "xinwen: warning: %s\n", oneLine(describe(sources[i], err)))
		default:
			fmt.Fprintf(stderr, "xinwen: %s\n", oneLine(describe(sources[i], err)))
			failed = errSourcesFailed
		}
	}
	return failed
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
