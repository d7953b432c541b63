package feed

import (
	"context"
	"errors"
	"sync"
	"time"
	"unicode/utf8"
)

// FullText is the text extracted from an article's page: the versions in
// each language it held (nil for a language it did not), stored under the
// article's Source, ID and Link so that it is fetched once.
type FullText struct {
	Source, ArticleID, Link string
	ZH, EN                  *Version
	Fetched                 time.Time
}

// FullTextCache is a Cache that also keeps full texts. When a Loader's
// Cache is one, the full texts stored for a source replace the summaries of
// its articles on every load (so they are read offline and saved, and so
// searched, with the article), and FullText stores what it fetches.
// package store's *Store is one. Implementations must be safe for
// concurrent use.
type FullTextCache interface {
	// FullTexts returns the full texts stored for source's articles.
	FullTexts(ctx context.Context, source string) ([]FullText, error)
	SaveFullText(ctx context.Context, t FullText) error
}

// Errors FullText wraps.
var (
	// ErrNoLink means the article has no http or https link to fetch.
	ErrNoLink = errors.New("no link to fetch the full text from")
	// ErrShorterThanSummary means the page's text was no longer than the
	// article's own, which was kept. It wraps ErrRecovered.
	ErrShorterThanSummary = &warning{msg: "the page holds no more text than the summary: summary kept"}
)

// FullText returns a copy of a whose text is the article extracted from
// the page at a.Link, in the language(s) the page holds; a's title, date
// and keywords stay. A language whose extracted text is no longer than a's
// keeps a's. The full text stored for a (see FullTextCache) is used when
// there is one; else the page is fetched, with the same limits as feeds and
// at most 4 pages at once and one per host, and what it gave is stored.
//
// On failure a is returned unchanged with a *SourceError naming the link.
// When the page gave nothing longer, the error wraps ErrShorterThanSummary.
func (l *Loader) FullText(ctx context.Context, a Article) (Article, error) {
	if a.Link == "" {
		return a, &SourceError{Source: a.Title(), Err: ErrNoLink}
	}
	if fc, ok := l.cache().(FullTextCache); ok {
		stored, err := fc.FullTexts(ctx, a.Source)
		if err == nil {
			for _, t := range stored {
				if t.ArticleID == a.ID && t.Link == a.Link {
					return applyFullText(a, t)
				}
			}
		}
	}
	t, err := l.fetchFullText(ctx, a)
	if err != nil {
		return a, &SourceError{Source: a.Link, Err: err}
	}
	if fc, ok := l.cache().(FullTextCache); ok {
		_ = fc.SaveFullText(context.WithoutCancel(ctx), t) // best effort, like save
	}
	return applyFullText(a, t)
}

// fetchFullText fetches and extracts the page of a.
func (l *Loader) fetchFullText(ctx context.Context, a Article) (FullText, error) {
	text, final, err := l.fetchPage(ctx, a.Link)
	if err != nil {
		return FullText{}, err
	}
	p, err := guardPage(func() (*page, error) { return readPage(text, final) })
	if err != nil {
		return FullText{}, err
	}
	if len(p.blocks) == 0 {
		return FullText{}, errNoArticleText
	}
	zh, en := splitLanguages(p.title, p.blocks)
	return FullText{Source: a.Source, ArticleID: a.ID, Link: a.Link, ZH: zh, EN: en, Fetched: time.Now()}, nil
}

// guardPage runs read, turning a panic into an error: one bad page must
// not take the reader down.
func guardPage(read func() (*page, error)) (p *page, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, panicError("extracting the article", r)
		}
	}()
	return read()
}

// applyFullText returns a with t's text in each language where it is
// longer than a's own.
func applyFullText(a Article, t FullText) (Article, error) {
	changed := false
	a.ZH, changed = longerVersion(a.ZH, t.ZH, changed)
	a.EN, changed = longerVersion(a.EN, t.EN, changed)
	if !changed {
		return a, &SourceError{Source: a.Link, Err: ErrShorterThanSummary}
	}
	return a, nil
}

// longerVersion returns have with the blocks of got when they hold more
// text, or got itself when have is nil; changed is set when it did either.
func longerVersion(have, got *Version, changed bool) (*Version, bool) {
	switch {
	case got == nil || len(got.Blocks) == 0:
		return have, changed
	case have == nil:
		v := *got
		return &v, true
	case textLength(got.Blocks) <= textLength(have.Blocks):
		return have, changed
	}
	v := *have
	v.Blocks = got.Blocks
	if v.Title == "" {
		v.Title = got.Title
	}
	return &v, true
}

// textLength is the number of characters in blocks.
func textLength(blocks []Block) int {
	n := 0
	for _, b := range blocks {
		n += utf8.RuneCountInString(b.Text)
	}
	return n
}

// withFullTexts puts the full texts stored for source into its articles
// and, when the Loader's WantFullText says so for source, fetches those of
// the others (4 at a time, one per host). The warning, when some could not
// be fetched, wraps ErrRecovered: the articles keep their summaries.
func (l *Loader) withFullTexts(ctx context.Context, source string, articles []Article) ([]Article, error) {
	want := l.WantFullText != nil && l.WantFullText(source)
	fc, cached := l.cache().(FullTextCache)
	if len(articles) == 0 || (!want && !cached) {
		return articles, nil
	}
	stored := map[[3]string]FullText{}
	if cached {
		// FullText stores a text under its article's own Source, which
		// for a directory is the file in it: ask for each.
		asked := map[string]bool{}
		for i := range articles {
			src := articles[i].Source
			if asked[src] {
				continue
			}
			asked[src] = true
			if texts, err := fc.FullTexts(ctx, src); err == nil {
				for _, t := range texts {
					stored[[3]string{src, t.ArticleID, t.Link}] = t
				}
			}
		}
	}
	var missing []int
	for i, a := range articles {
		if t, ok := stored[[3]string{a.Source, a.ID, a.Link}]; ok {
			articles[i], _ = applyFullText(a, t)
		} else if want && a.Link != "" {
			missing = append(missing, i)
		}
	}
	return articles, l.fetchFullTexts(ctx, articles, missing)
}

// fetchFullTexts fetches the full texts of articles[i] for i in missing,
// in place, and returns a warning about those that failed.
func (l *Loader) fetchFullTexts(ctx context.Context, articles []Article, missing []int) error {
	var (
		mu     sync.Mutex
		failed int
		first  error
		wg     sync.WaitGroup
	)
	work := make(chan int)
	for range min(maxPageFetches, len(missing)) {
		wg.Go(func() {
			for i := range work {
				a, err := l.FullText(ctx, articles[i])
				mu.Lock()
				articles[i] = a
				if err != nil && !errors.Is(err, ErrShorterThanSummary) {
					failed++
					if first == nil {
						first = err
					}
				}
				mu.Unlock()
			}
		})
	}
	for _, i := range missing {
		work <- i
	}
	close(work)
	wg.Wait()
	if failed == 0 {
		return nil
	}
	return recovered("full text of %d of %d articles not fetched, the summary kept (first: %v)", failed, len(missing), first)
}
