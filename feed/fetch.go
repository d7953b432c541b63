package feed

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
)

// maxPageFetches bounds how many article pages (full texts, translations
// named by hreflang) a Loader fetches at once; a host gets one at a time.
const maxPageFetches = 4

// pageLimiter bounds page fetches: at most its capacity at once and one
// per host, so that full text for a feed of 50 items does not hammer the
// site it comes from. The zero value is not usable; see newPageLimiter.
// It is safe for concurrent use.
type pageLimiter struct {
	slots chan struct{}
	mu    sync.Mutex
	hosts map[string]*hostSlot
}

// hostSlot is the one fetch a host may have under way, and how many
// fetches hold or wait for it (the entry goes when none does).
type hostSlot struct {
	ch    chan struct{}
	users int
}

func newPageLimiter(n int) *pageLimiter {
	return &pageLimiter{slots: make(chan struct{}, n), hosts: map[string]*hostSlot{}}
}

// acquire waits for host's slot and then for one of the shared ones, in
// that order, so that a fetch waiting for a busy host holds no shared
// slot. release must be called once the fetch is done.
func (p *pageLimiter) acquire(ctx context.Context, host string) (release func(), err error) {
	host = strings.ToLower(host)
	p.mu.Lock()
	h := p.hosts[host]
	if h == nil {
		h = &hostSlot{ch: make(chan struct{}, 1)}
		p.hosts[host] = h
	}
	h.users++
	p.mu.Unlock()
	leave := func() {
		p.mu.Lock()
		if h.users--; h.users == 0 {
			delete(p.hosts, host)
		}
		p.mu.Unlock()
	}
	select {
	case h.ch <- struct{}{}:
	case <-ctx.Done():
		leave()
		return nil, ctx.Err()
	}
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		<-h.ch
		leave()
		return nil, ctx.Err()
	}
	return func() {
		<-p.slots
		<-h.ch
		leave()
	}, nil
}

// pages returns the Loader's page limiter, made on first use.
func (l *Loader) pages() *pageLimiter {
	l.pagesOnce.Do(func() { l.pageLimit = newPageLimiter(maxPageFetches) })
	return l.pageLimit
}

// errNotHTTP is the reason given for a link that is not http or https.
var errNotHTTP = errors.New("not an http or https link")

// fetchPage fetches an article page through the limiter, with the
// Loader's client and size cap, and decodes it by its real encoding. It
// returns the text and the URL it came from after redirects. The error is a
// short reason; the caller names the page.
func (l *Loader) fetchPage(ctx context.Context, link string) (string, *url.URL, error) {
	u, err := url.Parse(link)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", nil, errNotHTTP
	}
	release, err := l.pages().acquire(ctx, u.Host)
	if err != nil {
		return "", nil, httpError(ctx, l.client(), err)
	}
	defer release()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return "", nil, errors.New("not a valid URL")
	}
	req.Header.Set("User-Agent", l.userAgent())
	req.Header.Set("Accept", "text/html, application/xhtml+xml;q=0.9, */*;q=0.5")
	resp, err := l.client().Do(req)
	if err != nil {
		return "", nil, httpError(ctx, l.client(), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return "", nil, fmt.Errorf("HTTP %s", Clean(resp.Status))
	}
	if resp.ContentLength > l.maxBytes() {
		return "", nil, tooLarge(l.maxBytes())
	}
	data, err := l.read(ctx, resp.Body, resp.ContentLength, 0, resp.ContentLength, func(int64, int64) {})
	if err != nil {
		return "", nil, httpError(ctx, l.client(), err)
	}
	if looksBinary(data) {
		return "", nil, errBinary
	}
	text, _, err := decode(data, resp.Header.Get("Content-Type"))
	if err != nil {
		return "", nil, err
	}
	return text, resp.Request.URL, nil
}
