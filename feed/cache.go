package feed

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sync"
	"time"
)

// Cache keeps what sources gave, so that an unchanged URL costs one
// conditional request (ETag, Last-Modified) and a URL that cannot be fetched
// can still be read from its offline copy. package store's *Store is one.
// Implementations must be safe for concurrent use.
type Cache interface {
	// HTTPValidators returns the ETag and Last-Modified a URL last
	// answered with; ok is false when there are none.
	HTTPValidators(ctx context.Context, url string) (etag, lastModified string, fetched time.Time, ok bool, err error)
	SetHTTPValidators(ctx context.Context, url, etag, lastModified string, fetched time.Time) error
	// SourceArticles returns the articles last saved for source, and when;
	// nil when there are none.
	SourceArticles(ctx context.Context, source string) ([]Article, time.Time, error)
	SaveSource(ctx context.Context, source string, articles []Article, fetched time.Time) error
}

// noCache is the Cache of a Loader without one (--no-store, or a store that
// could not be opened): it remembers nothing, so fetches are unconditional
// and there is no offline copy. It lets the loader take one code path with
// or without a store.
type noCache struct{}

func (noCache) HTTPValidators(context.Context, string) (string, string, time.Time, bool, error) {
	return "", "", time.Time{}, false, nil
}

func (noCache) SetHTTPValidators(context.Context, string, string, string, time.Time) error {
	return nil
}

func (noCache) SourceArticles(context.Context, string) ([]Article, time.Time, error) {
	return nil, time.Time{}, nil
}

func (noCache) SaveSource(context.Context, string, []Article, time.Time) error { return nil }

// cache returns l.Cache, or noCache when there is none: a nil interface or
// one holding a nil pointer (a *store.Store that failed to open).
func (l *Loader) cache() Cache {
	if l.Cache == nil {
		return noCache{}
	}
	switch v := reflect.ValueOf(l.Cache); v.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		if v.IsNil() {
			return noCache{}
		}
	}
	return l.Cache
}

// OfflineError reports that a URL could not be fetched and that the articles
// returned with it are its offline copy, saved at Saved. It is a notice more
// than a failure: the articles are there.
type OfflineError struct {
	Source string
	Saved  time.Time
	Err    error // why the fetch failed
}

func (e *OfflineError) Error() string {
	reason := e.Err.Error()
	var se *SourceError
	if errors.As(e.Err, &se) {
		reason = se.Err.Error()
	}
	return fmt.Sprintf("%s: offline copy from %s (%s old): %s",
		e.Source, e.Saved.Local().Format("2006-01-02 15:04"), Age(time.Since(e.Saved)), reason)
}

func (e *OfflineError) Unwrap() error { return e.Err }

// Age says how old something is in a word or two: "5 minutes", "3 hours",
// "2 days".
func Age(d time.Duration) string {
	plural := func(n int, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	switch {
	case d < time.Minute:
		return "less than a minute"
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute")
	case d < 48*time.Hour:
		return plural(int(d/time.Hour), "hour")
	default:
		return plural(int(d/(24*time.Hour)), "day")
	}
}

// offline returns the offline copy of source with an *OfflineError that
// wraps err, or err alone when there is no copy.
func (l *Loader) offline(ctx context.Context, source string, err error) ([]Article, error) {
	articles, saved, cerr := l.cache().SourceArticles(ctx, source)
	if cerr != nil || articles == nil {
		return nil, err
	}
	return articles, &OfflineError{Source: source, Saved: saved, Err: err}
}

// save records what source gave, and then the URL's validators (etag and
// lastModified; ignored for other sources), in the background: saving many
// new articles takes longer than parsing them, and the reader's first frame
// and the output of list must not wait for it. Wait waits for it. It is best
// effort: a cache that fails must not take the articles down with it, and a
// save cut short (the process killed) leaves the cache as it was; a
// validator is only saved after its articles, so a 304 always finds them.
// When ctx comes from RefreshSaving, the save is counted in its call's
// saves too.
func (l *Loader) save(ctx context.Context, source string, articles []Article, etag, lastModified string) {
	if len(articles) == 0 {
		return
	}
	cache := l.cache()
	fetched := time.Now()
	// Loaded articles are worth keeping even when the load's context ends
	// (the reader quits, list is done): the save is a transaction, so
	// killing the process instead still leaves the cache as it was.
	ctx = context.WithoutCancel(ctx)
	call, _ := ctx.Value(savesKey{}).(*sync.WaitGroup)
	l.saving.add()
	if call != nil {
		call.Add(1)
	}
	go func() {
		defer l.saving.done()
		if call != nil {
			defer call.Done()
		}
		// A cache that panics loses this save, not the program: the
		// articles are already with the caller, and Wait says so.
		defer func() {
			if r := recover(); r != nil {
				l.saved(source, fmt.Errorf("the cache failed: %v", r))
			}
		}()
		err := cache.SaveSource(ctx, source, articles, fetched)
		if err == nil && isURL(source) {
			err = cache.SetHTTPValidators(ctx, source, etag, lastModified, fetched)
		}
		l.saved(source, err)
	}()
}

// saved records how the save of source ended, for Wait.
func (l *Loader) saved(source string, err error) {
	l.saveMu.Lock()
	defer l.saveMu.Unlock()
	if err == nil {
		delete(l.saveErrs, source)
		return
	}
	if l.saveErrs == nil {
		l.saveErrs = map[string]error{}
	}
	l.saveErrs[source] = err
}

// ErrNotSaved is wrapped by the errors [Loader.Wait] returns: a source was
// loaded, and is with the caller, but its offline copy is not the new one.
var ErrNotSaved = errors.New("not stored")

// savesKey is the context key under which RefreshSaving hands save the
// count of its call's saves.
type savesKey struct{}

// RefreshSaving is [Loader.Refresh] for a caller that refreshes many
// sources and bounds how much of them it holds at once: saved is closed
// once what this call loaded is saved to the Cache, validators included
// (at once when there is nothing to save), which is when the save lets go
// of the articles. The save still runs in the background, and [Loader.Wait]
// still waits for it; saved is never nil.
func (l *Loader) RefreshSaving(ctx context.Context, source string, progress func(done, total int64)) (_ []Article, saved <-chan struct{}, _ error) {
	var saves sync.WaitGroup
	articles, err := l.Refresh(context.WithValue(ctx, savesKey{}, &saves), source, progress)
	done := make(chan struct{})
	go func() {
		saves.Wait()
		close(done)
	}()
	return articles, done, err
}

// SampleSource is the source name under which the built-in sample is saved.
const SampleSource = "sample"

// Sample returns the built-in sample (see the package function Sample) and,
// with a Cache, saves it like any source loaded, so that its articles can be
// searched and marked read. A nil Loader returns the sample alone.
func (l *Loader) Sample(ctx context.Context) []Article {
	articles := Sample()
	if l != nil {
		l.save(ctx, SampleSource, articles, "", "")
	}
	return articles
}

// Wait waits until the articles loaded so far are saved to the Cache. Call
// it before closing the Cache or leaving the program. Cancelling the context
// given to Load stops the fetch, not the save of what was loaded.
//
// It returns the sources whose last save failed (the database locked for
// longer than it waits, or damaged), each a *SourceError wrapping
// ErrNotSaved, in the order of their names, or nil: the articles were
// loaded, but their offline copy is the old one, and a refresh that
// counted them as new must say it failed. Each is returned once.
func (l *Loader) Wait() []error {
	l.saving.wait()
	l.saveMu.Lock()
	defer l.saveMu.Unlock()
	var out []error
	for _, source := range slices.Sorted(maps.Keys(l.saveErrs)) {
		out = append(out, sourceError(source, fmt.Errorf("%w: %w", ErrNotSaved, l.saveErrs[source])))
	}
	l.saveErrs = nil
	return out
}
