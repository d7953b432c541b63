package refresh

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// hosts serves 200 feeds from 20 servers (20 hosts) on 127.0.0.1: every
// 10th feed is slow (1 s), every 7th fails with 500, every 5th answers 304
// to a conditional request. It counts requests in flight per host.
type hosts struct {
	servers  []*httptest.Server
	mu       sync.Mutex
	inFlight map[string]int
	maxHost  int
	total    atomic.Int32
	maxTotal atomic.Int32
}

func newHosts(t *testing.T) *hosts {
	h := &hosts{inFlight: map[string]int{}}
	for range 20 {
		srv := httptest.NewServer(http.HandlerFunc(h.serve))
		t.Cleanup(srv.Close)
		h.servers = append(h.servers, srv)
	}
	return h
}

func (h *hosts) serve(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	h.inFlight[r.Host]++
	h.maxHost = max(h.maxHost, h.inFlight[r.Host])
	h.mu.Unlock()
	n := h.total.Add(1)
	for m := h.maxTotal.Load(); n > m && !h.maxTotal.CompareAndSwap(m, n); m = h.maxTotal.Load() {
	}
	defer func() {
		h.total.Add(-1)
		h.mu.Lock()
		h.inFlight[r.Host]--
		h.mu.Unlock()
	}()
	var i int
	fmt.Sscanf(r.URL.Path, "/feed-%d.xml", &i)
	switch {
	case i%10 == 0:
		select {
		case <-time.After(time.Second):
		case <-r.Context().Done():
			return
		}
	case i%7 == 0:
		http.Error(w, "down", http.StatusInternalServerError)
		return
	case i%5 == 0 && r.Header.Get("If-None-Match") == `"v1"`:
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", `"v1"`)
	fmt.Fprintf(w, "<rss><channel><item><guid>%d</guid></item></channel></rss>", i)
}

func (h *hosts) sources() []string {
	var out []string
	for i := 1; i <= 200; i++ {
		out = append(out, fmt.Sprintf("%s/feed-%d.xml", h.servers[i%len(h.servers)].URL, i))
	}
	return out
}

// errStatus is a fetch's error for a status other than 200 and 304.
var errStatus = errors.New("unexpected status")

// fetchWith fetches conditionally, sending the ETag it holds, and counts
// a 200 as one new article.
func fetchWith(client *http.Client) Fetch {
	return func(ctx context.Context, source string) (int, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, source, nil)
		if err != nil {
			return 0, err
		}
		req.Header.Set("If-None-Match", `"v1"`)
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		switch resp.StatusCode {
		case http.StatusOK:
			return 1, nil
		case http.StatusNotModified:
			return 0, nil
		}
		return 0, fmt.Errorf("%s: %w %d", source, errStatus, resp.StatusCode)
	}
}

func TestTwoHundredFeedsSlowFailingAndNotModified(t *testing.T) {
	h := newHosts(t)
	var results []Result
	var fast time.Duration
	start := time.Now()
	Run(context.Background(), append(h.sources(), h.sources()[0]), fetchWith(http.DefaultClient), Options{}, func(r Result) {
		results = append(results, r)
		if !strings.HasSuffix(r.Source, "0.xml") && fast == 0 && len(results) == 100 {
			fast = time.Since(start)
		}
	})
	if len(results) != 200 {
		t.Fatalf("%d results, want 200 (one per source, the repeat fetched once)", len(results))
	}
	var ok, failed, notModified int
	for _, r := range results {
		var i int
		fmt.Sscanf(r.Source[strings.LastIndex(r.Source, "/"):], "/feed-%d.xml", &i)
		switch {
		case i%10 == 0:
			if r.Err != nil {
				t.Errorf("slow %s: %v", r.Source, r.Err)
			}
		case i%7 == 0:
			failed++
			if !errors.Is(r.Err, errStatus) {
				t.Errorf("failing %s: %v", r.Source, r.Err)
			}
		case i%5 == 0:
			notModified++
			if r.Err != nil || r.New != 0 {
				t.Errorf("304 %s: %+v", r.Source, r)
			}
		default:
			ok++
			if r.Err != nil || r.New != 1 {
				t.Errorf("%s: %+v", r.Source, r)
			}
		}
	}
	if h.maxHost > 1 || h.maxTotal.Load() > 4 {
		t.Errorf("at most %d at once to one host and %d in all; want 1 and 4", h.maxHost, h.maxTotal.Load())
	}
	// 20 slow feeds of 1 s, 4 at a time, take 5 s at least; the first
	// hundred results must not wait for them.
	if fast > 3*time.Second {
		t.Errorf("the first 100 results took %v: slow feeds held the others up", fast)
	}
	t.Logf("%d ok, %d failed, %d not modified, all in %v", ok, failed, notModified, time.Since(start))
}

func TestCancelReportsEverySourceAndStopsFetches(t *testing.T) {
	h := newHosts(t)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	slow := []string{}
	for i := 0; i < 40; i++ {
		slow = append(slow, fmt.Sprintf("%s/feed-%d.xml", h.servers[i%len(h.servers)].URL, i*10))
	}
	start := time.Now()
	n, cancelled := 0, 0
	Run(ctx, slow, fetchWith(http.DefaultClient), Options{}, func(r Result) {
		n++
		if errors.Is(r.Err, context.DeadlineExceeded) {
			cancelled++
		}
	})
	if d := time.Since(start); d > 2*time.Second || n != 40 || cancelled != 40 {
		t.Errorf("after cancel: %d results, %d cancelled, in %v; want 40, 40, promptly", n, cancelled, d)
	}
}
