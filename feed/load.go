package feed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// DefaultMaxBytes is the largest source a zero Loader reads: 32 MiB.
const DefaultMaxBytes = 32 << 20

// DefaultTimeout bounds a whole HTTP fetch made by a zero Loader.
const DefaultTimeout = 15 * time.Second

// defaultClient serves Loaders with no Client. It is never modified after
// initialisation, and an http.Client is safe for concurrent use.
var defaultClient = NewClient(DefaultTimeout)

// maxRedirects is how many redirects NewClient's client follows.
const maxRedirects = 5

// Loader reads sources into articles. The zero value is ready to use; a
// Loader is safe for concurrent use when its Client and Stdin are, and must
// not be copied after first use.
type Loader struct {
	// Client fetches URLs. Nil means a package-level client built once by
	// NewClient(DefaultTimeout) and shared, like http.DefaultClient.
	Client *http.Client
	// MaxBytes caps the size of one file or response body; 0 means
	// DefaultMaxBytes. A larger source is an error, never silently cut.
	MaxBytes int64
	// Stdin is read for the source "-". Nil means "-" is an error; the CLI
	// sets it to os.Stdin.
	Stdin io.Reader
	// Cache, when not nil, receives every source's articles, makes fetches
	// of URLs conditional, and stands in with its offline copy of a URL that
	// cannot be fetched (the error is then an *OfflineError). Nil, or an
	// interface holding a nil pointer, means no cache: nothing is saved,
	// fetches are unconditional and there is no offline copy.
	Cache Cache
	// UserAgent is the version part of the User-Agent header,
	// "xinwen/VERSION (+terminal news reader)"; "" sends
	// "xinwen (+terminal news reader)".
	UserAgent string
	// WantFullText, when not nil, says which sources' articles get their
	// full text (see FullText) as they load: fetched from each article's
	// link, 4 pages at a time and one per host, and stored with the Cache.
	// Full texts already stored are used whatever it says.
	WantFullText func(source string) bool

	saving    inflight // saves to Cache under way; see Wait
	saveMu    sync.Mutex
	saveErrs  map[string]error // by source: the last save's failure; see Wait
	pagesOnce sync.Once
	pageLimit *pageLimiter // see pages
}

// NewClient returns an HTTP client for feeds: the whole request, body
// included, is bounded by timeout; at most 5 redirects are followed; only
// http and https URLs are fetched, on redirects too; gzip is asked for and
// decoded transparently; the proxy comes from the environment
// (HTTP_PROXY, HTTPS_PROXY, NO_PROXY). Reuse one client for many loads.
func NewClient(timeout time.Duration) *http.Client {
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          20,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   timeout,
		ExpectContinueTimeout: time.Second,
		// DisableCompression stays false: the transport asks for gzip and
		// decodes it, as long as no caller sets Accept-Encoding itself.
	}
	return &http.Client{
		Timeout:   timeout,
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return fmt.Errorf("stopped after %d redirects", maxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirected to unsupported scheme %q (only http and https)", req.URL.Scheme)
			}
			return nil
		},
	}
}

// Load reads one source into articles. source is "-" for Stdin, an http://
// or https:// URL, a file, or a directory (every feed or article file in
// it and in its subdirectories, in name order, skipping hidden files and
// directories and files that are plainly not feeds).
//
// progress, when not nil, is called as bytes arrive with the bytes read so
// far and the total expected: the file size or Content-Length, or -1 when
// unknown. It is called on the caller's goroutine.
//
// Load may return articles and an error together: the good articles, and a
// *SourceError about what failed (in a directory, the files that did not
// parse). Every error is a *SourceError naming the source.
//
// The source is loaded under its SourceName, which is what its articles'
// Source, the names given to the Cache and the errors say: "news.xml" is
// read, saved and reported as the absolute path of the file, so that the
// same name from two directories is two sources, and "HTTP://A/x" is
// "http://a/x", so that two spellings of a URL are one source.
func (l *Loader) Load(ctx context.Context, source string, progress func(done, total int64)) ([]Article, error) {
	return l.loadSource(ctx, source, progress, false)
}

// ErrNotModified is what [Loader.Refresh] returns for a URL that answered
// 304 Not Modified to a conditional request: its offline copy is current,
// and was not read.
var ErrNotModified = errors.New("not modified")

// Refresh is [Loader.Load] for a caller that holds the source's articles
// already, or needs none of them (a refresh that counts what is new): a
// URL that answers 304 Not Modified gives no articles and ErrNotModified,
// unwrapped, without its offline copy being decoded, which is the whole
// cost of a feed that has not changed. Everything else is Load's.
func (l *Loader) Refresh(ctx context.Context, source string, progress func(done, total int64)) ([]Article, error) {
	return l.loadSource(ctx, source, progress, true)
}

// loadSource is Load, and with refresh Refresh.
func (l *Loader) loadSource(ctx context.Context, source string, progress func(done, total int64), refresh bool) ([]Article, error) {
	if progress == nil {
		progress = func(int64, int64) {}
	}
	source = SourceName(source)
	if isURL(source) {
		return l.loadURL(ctx, source, progress, refresh) // saves and falls back itself
	}
	articles, page, err := l.load(ctx, source, progress)
	articles, err = l.complete(ctx, source, articles, page, err)
	l.save(ctx, source, articles, "", "")
	return articles, err
}

// complete attaches what a source's articles get beyond their feed: the
// translation an article page names, and full texts. Its notes come after
// err, which is what loading said, and never make a failure of a success.
func (l *Loader) complete(ctx context.Context, source string, articles []Article, page *pageMeta, err error) ([]Article, error) {
	if len(articles) == 0 {
		return articles, err
	}
	if page != nil && len(articles) == 1 {
		err = joinNotes(source, err, l.attachAlternate(ctx, &articles[0], page))
	}
	articles, ferr := l.withFullTexts(ctx, source, articles)
	return articles, joinNotes(source, err, ferr)
}

// joinNotes returns err with the warning note after it, as one
// *SourceError for source.
func joinNotes(source string, err, note error) error {
	switch {
	case note == nil:
		return err
	case err == nil:
		return sourceError(source, note)
	}
	var se *SourceError
	if errors.As(err, &se) {
		err = se.Err
	}
	if errors.Is(err, ErrRecovered) {
		return sourceError(source, recovered("%v; %v", err, note))
	}
	return sourceError(source, withWarning(note, err))
}

// isURL reports whether source is an http or https URL. Schemes are
// case-insensitive (RFC 3986): HTTP://x is a URL too.
func isURL(source string) bool {
	scheme, _, ok := strings.Cut(source, "://")
	return ok && (strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https"))
}

// load is Load for everything but URLs, without the cache. page is what
// an article page says beside its article (nil for other sources).
func (l *Loader) load(ctx context.Context, source string, progress func(done, total int64)) (_ []Article, page *pageMeta, _ error) {
	switch {
	case source == "-":
		if l.Stdin == nil {
			return nil, nil, sourceError(source, errors.New("no standard input"))
		}
		data, err := l.read(ctx, l.Stdin, -1, 0, -1, progress)
		if err != nil {
			return nil, nil, sourceError(source, err)
		}
		return parseGuarded(source, data, "", nil)
	case hasScheme(source):
		scheme, _, _ := strings.Cut(source, "://")
		return nil, nil, sourceError(source, fmt.Errorf("unsupported scheme %q (only http and https)", scheme))
	}
	info, err := os.Stat(source)
	if err != nil {
		return nil, nil, sourceError(source, fileError(err))
	}
	if info.IsDir() {
		articles, err := l.loadDir(ctx, source, progress)
		return articles, nil, err
	}
	data, err := l.readFile(ctx, source, info, 0, info.Size(), progress)
	if err != nil {
		return nil, nil, sourceError(source, err)
	}
	return parseGuarded(source, data, "", nil)
}

// hasScheme reports whether source looks like a URL ("name://...").
func hasScheme(source string) bool {
	scheme, _, ok := strings.Cut(source, "://")
	if !ok || scheme == "" {
		return false
	}
	for _, r := range scheme {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

func (l *Loader) maxBytes() int64 {
	if l.MaxBytes > 0 {
		return l.MaxBytes
	}
	return DefaultMaxBytes
}

// readFile reads one regular file. offset and total are for progress over
// a directory: bytes read before this file and the total of all files.
func (l *Loader) readFile(ctx context.Context, path string, info fs.FileInfo, offset, total int64,
	progress func(done, total int64)) ([]byte, error) {
	if !info.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	if info.Size() > l.maxBytes() {
		return nil, tooLarge(l.maxBytes())
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fileError(err)
	}
	defer f.Close()
	data, err := l.read(ctx, f, info.Size(), offset, total, progress)
	if err != nil {
		return nil, fileError(err)
	}
	return data, nil
}

// read reads all of r, up to the cap. size is what r should hold, -1 when
// unknown: the buffer is allocated once for it. Progress is reported as
// offset plus the bytes read, of total.
func (l *Loader) read(ctx context.Context, r io.Reader, size, offset, total int64,
	progress func(done, total int64)) ([]byte, error) {
	limit := l.maxBytes()
	capacity := int64(readChunk)
	if size >= 0 {
		capacity = min(size, limit) + 1 // + 1: room to see the end without growing
	}
	data := make([]byte, 0, capacity)
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if len(data) == cap(data) {
			data = slices.Grow(data, int(min(int64(cap(data)), limit+1-int64(len(data)))))
		}
		n, err := r.Read(data[len(data):min(cap(data), len(data)+readChunk)])
		data = data[:len(data)+n]
		if int64(len(data)) > limit {
			return nil, tooLarge(limit)
		}
		if n > 0 {
			progress(offset+int64(len(data)), total)
		}
		if errors.Is(err, io.EOF) {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// readChunk is the most read asks of a reader at once, so that progress
// moves while a large file or body arrives.
const readChunk = 256 << 10

// tooLarge is the error for a source over the cap.
func tooLarge(limit int64) error {
	return fmt.Errorf("larger than %s", formatBytes(limit))
}

// formatBytes writes n in the largest binary unit that divides it evenly.
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// fileError shortens a file system error to its reason: the SourceError
// already names the file.
func fileError(err error) error {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &reasonError{"no such file or directory", err}
	case errors.Is(err, fs.ErrPermission):
		return &reasonError{"permission denied", err}
	case errors.As(err, &pe):
		return &reasonError{pe.Op + ": " + pe.Err.Error(), err}
	}
	return err
}

// reasonError is an error shown as a short reason that still unwraps to
// the error it stands for.
type reasonError struct {
	reason string
	err    error
}

func (e *reasonError) Error() string { return e.reason }
func (e *reasonError) Unwrap() error { return e.err }

// userAgent returns the User-Agent header value.
func (l *Loader) userAgent() string {
	if l.UserAgent == "" {
		return "xinwen (+terminal news reader)"
	}
	return "xinwen/" + l.UserAgent + " (+terminal news reader)"
}

// errUnexpectedNotModified is the reason given when a server answers 304 Not
// Modified although the request had no validators to be compared with.
var errUnexpectedNotModified = errors.New("HTTP 304 Not Modified to a request without validators")

// loadURL fetches and parses an http or https URL. The request is
// conditional on what the cache says the URL last answered, a 304 Not
// Modified returns the stored articles, the articles fetched are saved, and
// a fetch that fails falls back to the offline copy. Without a cache (see
// Loader.Cache) the same steps find nothing stored. With notModified a 304
// returns ErrNotModified instead of the stored articles: validators are
// saved only after their articles (see save), so the copy is there.
func (l *Loader) loadURL(ctx context.Context, source string, progress func(done, total int64), notModified bool) ([]Article, error) {
	u, err := url.Parse(source)
	if err != nil || u.Host == "" {
		return nil, sourceError(source, errors.New("not a valid URL"))
	}
	cache := l.cache()
	etag, lastModified, _, _, _ := cache.HTTPValidators(ctx, source)
	resp, err := l.get(ctx, source, etag, lastModified)
	if err == nil && resp.StatusCode == http.StatusNotModified && (etag != "" || lastModified != "") {
		resp.Body.Close()
		if notModified {
			// Nothing is written: the validators are the ones sent, and
			// a write (and the checkpoint it brings at close) was most
			// of what a list of a feed that answers 304 cost.
			return nil, ErrNotModified
		}
		articles, _, cerr := cache.SourceArticles(ctx, source)
		if cerr == nil && articles != nil {
			_ = cache.SetHTTPValidators(ctx, source, etag, lastModified, time.Now())
			return articles, nil
		}
		resp, err = l.get(ctx, source, "", "") // nothing stored after all
	}
	if err != nil {
		return l.offline(ctx, source, sourceError(source, err))
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified {
		return l.offline(ctx, source, sourceError(source, errUnexpectedNotModified))
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return l.offline(ctx, source, sourceError(source, fmt.Errorf("HTTP %s", Clean(resp.Status))))
	}
	if resp.ContentLength > l.maxBytes() {
		return l.offline(ctx, source, sourceError(source, tooLarge(l.maxBytes())))
	}
	data, err := l.read(ctx, resp.Body, resp.ContentLength, 0, resp.ContentLength, progress)
	if err != nil {
		return l.offline(ctx, source, sourceError(source, httpError(ctx, l.client(), err)))
	}
	articles, page, err := parseGuarded(source, data, resp.Header.Get("Content-Type"), resp.Request.URL)
	if len(articles) == 0 && err != nil {
		return l.offline(ctx, source, err)
	}
	articles, err = l.complete(ctx, source, articles, page, err)
	l.save(ctx, source, articles, resp.Header.Get("ETag"), resp.Header.Get("Last-Modified"))
	return articles, err
}

func (l *Loader) client() *http.Client {
	if l.Client == nil {
		return defaultClient
	}
	return l.Client
}

// get sends a GET for source, conditional on etag and lastModified when
// they are set. The error, if any, is already a short reason.
func (l *Loader) get(ctx context.Context, source, etag, lastModified string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, source, nil)
	if err != nil {
		return nil, errors.New("not a valid URL")
	}
	req.Header.Set("User-Agent", l.userAgent())
	req.Header.Set("Accept", "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/plain;q=0.8, */*;q=0.5")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	if lastModified != "" {
		req.Header.Set("If-Modified-Since", lastModified)
	}
	resp, err := l.client().Do(req)
	if err != nil {
		return nil, httpError(ctx, l.client(), err)
	}
	return resp, nil
}

// httpError turns a transport error into a short reason: a timeout says
// how long it waited, a refused redirect says why, and the URL (already in
// the SourceError) is not repeated.
func httpError(ctx context.Context, client *http.Client, err error) error {
	var ne net.Error
	switch {
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		return &reasonError{"cancelled", err}
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil:
		return &reasonError{"timed out", err}
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, context.DeadlineExceeded):
		if client.Timeout > 0 {
			return &reasonError{"timed out after " + client.Timeout.String(), err}
		}
		return &reasonError{"timed out", err}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var de *net.DNSError
	var oe *net.OpError
	switch {
	case errors.As(err, &de):
		return &reasonError{"cannot find host " + Clean(de.Name), err}
	case errors.As(err, &oe) && oe.Op == "dial":
		return &reasonError{"cannot connect: " + Clean(oe.Err.Error()), err}
	}
	return &reasonError{Clean(err.Error()), err}
}
