package feed

import (
	"context"
	"sync"
)

// maxParallelLoads bounds how many sources LoadAll loads at once.
const maxParallelLoads = 4

// LoadAll loads sources in parallel (a few at a time) and returns their
// articles in source order, and errs with one entry per source: nil, or what
// Load returned for it (a *SourceError, or an *OfflineError when a stored
// copy stood in). With no source it returns the built-in sample.
//
// progress, when not nil, is called with the index of the source and that
// source's bytes so far and total (-1 when unknown); calls for different
// sources may come from different goroutines at once.
func (l *Loader) LoadAll(ctx context.Context, sources []string, progress func(i int, done, total int64)) (articles []Article, errs []error) {
	if len(sources) == 0 {
		return l.Sample(ctx), nil
	}
	results := make([][]Article, len(sources))
	errs = make([]error, len(sources))
	sem := make(chan struct{}, maxParallelLoads)
	var wg sync.WaitGroup
	for i, src := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			var report func(done, total int64)
			if progress != nil {
				report = func(done, total int64) { progress(i, done, total) }
			}
			results[i], errs[i] = l.Load(ctx, src, report)
		}()
	}
	wg.Wait()
	for _, r := range results {
		articles = append(articles, r...)
	}
	return articles, errs
}
