// Package refresh fetches many feeds at once: a few at a time, one at a
// time per host, so that a slow or failing feed never holds up the others,
// and reports each feed's result as it completes. What a fetch does (load,
// save, count the new articles) is the caller's [Fetch]; the engine only
// schedules it.
package refresh

import (
	"context"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Defaults of [Options].
const (
	DefaultWorkers = 4
	DefaultPerHost = 1
)

// Fetch fetches one source (with a conditional request, as the caller's
// loader does) and returns how many new articles it stored. It must return
// when ctx is done.
type Fetch func(ctx context.Context, source string) (newArticles int, err error)

// Result is what became of one source.
type Result struct {
	Source string
	New    int
	Err    error // nil on success; ctx's error for a source never started
	Took   time.Duration
}

// Options tune [Run]; the zero value uses the defaults.
type Options struct {
	Workers int // fetches at once (DefaultWorkers when 0)
	PerHost int // fetches at once to one host (DefaultPerHost when 0)
}

// Run fetches every source and calls report with each result as it
// completes (from one goroutine at a time, so report may update a display
// without locking), then returns when all are done. A source repeated is
// fetched once. When ctx is done, fetches running are cancelled through
// their ctx and sources not yet started are reported with ctx's error.
func Run(ctx context.Context, sources []string, fetch Fetch, opts Options, report func(Result)) {
	workers, perHost := opts.Workers, opts.PerHost
	if workers <= 0 {
		workers = DefaultWorkers
	}
	if perHost <= 0 {
		perHost = DefaultPerHost
	}
	s := &scheduler{busy: map[string]int{}, perHost: perHost, freed: make(chan struct{})}
	seen := map[string]bool{}
	for _, src := range sources {
		if !seen[src] {
			seen[src] = true
			s.queue = append(s.queue, src)
		}
	}
	results := make(chan Result)
	var wg sync.WaitGroup
	for range min(workers, len(s.queue)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				src, ok := s.next(ctx)
				if !ok {
					return
				}
				start := time.Now()
				var r Result
				if err := ctx.Err(); err != nil {
					r = Result{Source: src, Err: err}
				} else {
					n, err := fetch(ctx, src)
					r = Result{Source: src, New: n, Err: err, Took: time.Since(start)}
				}
				s.done(src)
				results <- r
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for r := range results {
		report(r)
	}
}

// scheduler hands out sources, at most perHost per host at once.
type scheduler struct {
	mu      sync.Mutex
	queue   []string
	busy    map[string]int
	perHost int
	freed   chan struct{} // closed and replaced when a fetch ends
}

// next returns a source whose host is free, waiting while every queued
// source's host is busy; ok is false when the queue is empty. When ctx is
// done the rest are handed out at once, to be reported as cancelled.
func (s *scheduler) next(ctx context.Context) (string, bool) {
	for {
		s.mu.Lock()
		if len(s.queue) == 0 {
			s.mu.Unlock()
			return "", false
		}
		for i, src := range s.queue {
			h := host(src)
			if s.busy[h] < s.perHost || ctx.Err() != nil {
				s.busy[h]++
				s.queue = append(s.queue[:i], s.queue[i+1:]...)
				s.mu.Unlock()
				return src, true
			}
		}
		freed := s.freed
		s.mu.Unlock()
		select {
		case <-freed:
		case <-ctx.Done():
		}
	}
}

func (s *scheduler) done(src string) {
	s.mu.Lock()
	s.busy[host(src)]--
	close(s.freed) // wakes every waiting worker
	s.freed = make(chan struct{})
	s.mu.Unlock()
}

// host is what "one per host" counts: a URL's host and port, and for a
// local path the path itself (files are never held up by each other).
func host(source string) string {
	if u, err := url.Parse(source); err == nil && u.Host != "" && (strings.EqualFold(u.Scheme, "http") || strings.EqualFold(u.Scheme, "https")) {
		return strings.ToLower(u.Host)
	}
	return "file:" + source
}
