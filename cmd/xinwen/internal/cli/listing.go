package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
)

// listing is what list numbers, in its order, and what show, align and
// export take article N or every article from, so that N is the same
// article for all four: per source, the articles loaded, or stored
// headlines (of the subscriptions when no SOURCE is given, or of a URL
// that answered 304 Not Modified), whose bodies are read from the store
// one by one, only when asked for.
type listing struct {
	parts []listPart
}

// listPart is one run of a listing: articles, or headlines.
type listPart struct {
	articles []feed.Article
	heads    []store.Headline
}

// len is how many articles the listing numbers.
func (ls listing) len() int {
	n := 0
	for _, p := range ls.parts {
		n += len(p.articles) + len(p.heads)
	}
	return n
}

// article returns article n (counting from 1), read from st when the
// listing holds its headline; ok is false when there is no article n.
func (ls listing) article(ctx context.Context, st *store.Store, n int) (a feed.Article, ok bool, err error) {
	k := n // n's place in the part at hand
	for _, p := range ls.parts {
		switch {
		case k <= len(p.articles):
			return p.articles[k-1], true, nil
		case k <= len(p.heads):
			return storedArticle(ctx, st, &p.heads[k-1], n)
		}
		k -= len(p.articles) + len(p.heads)
	}
	return feed.Article{}, false, nil
}

// numberedArticle is article for the command cmd (show, align), which
// asked for article n of a listing loaded with loadErr: an error naming
// the number when there is none, or the load's error when a source failed,
// which may be why.
func (ls listing) numberedArticle(ctx context.Context, st *store.Store, n int, loadErr error, cmd string) (feed.Article, error) {
	a, ok, err := ls.article(ctx, st, n)
	switch {
	case err != nil:
		return a, fmt.Errorf("%s: %w", cmd, err)
	case !ok && loadErr != nil:
		return a, loadErr
	case !ok:
		return a, fmt.Errorf("%s: there is no article %d: %d loaded", cmd, n, ls.len())
	}
	return a, nil
}

// storedArticle reads the article of h, article n of a listing.
func storedArticle(ctx context.Context, st *store.Store, h *store.Headline, n int) (feed.Article, bool, error) {
	a, ok, err := st.Article(ctx, h.Key)
	if err == nil && !ok {
		// Removed since it was listed (retention, a refresh).
		err = fmt.Errorf("article %d (%s) is no longer stored", n, oneLine(h.Title()))
	}
	return a, err == nil, err
}

// all returns every article of the listing, in order.
func (ls listing) all(ctx context.Context, st *store.Store) ([]feed.Article, error) {
	out := make([]feed.Article, 0, ls.len())
	for _, p := range ls.parts {
		out = append(out, p.articles...)
		for i := range p.heads {
			a, _, err := storedArticle(ctx, st, &p.heads[i], len(out)+1)
			if err != nil {
				return out, err
			}
			out = append(out, a)
		}
	}
	return out, nil
}

// print writes one line of list per article, numbered from 1.
func (ls listing) print(out io.Writer) error {
	w := bufio.NewWriterSize(out, 64<<10)
	n := 0
	for _, p := range ls.parts {
		for i := range p.heads {
			h := &p.heads[i]
			n++
			writeHeadline(w, n, h.Published, h.Languages, h.Title())
		}
		for i := range p.articles {
			a := &p.articles[i]
			n++
			writeHeadline(w, n, a.Published, a.Languages(), a.Title())
		}
	}
	return w.Flush()
}

// unreadOnly returns the listing of the unread articles of ls alone, in
// the same order, numbered among themselves as list --unread numbers them.
func (ls listing) unreadOnly(ctx context.Context, st *store.Store) (listing, error) {
	out := listing{parts: make([]listPart, len(ls.parts))}
	for i, p := range ls.parts {
		for _, h := range p.heads {
			if !h.Read {
				out.parts[i].heads = append(out.parts[i].heads, h)
			}
		}
		if len(p.articles) > 0 {
			unread, err := st.Unread(ctx, p.articles)
			if err != nil {
				return out, err
			}
			out.parts[i].articles = unread
		}
	}
	return out, nil
}

// checkUnread says whether --unread can be had: it needs the store.
func checkUnread(o *options, cmd string) error {
	if o.unread && o.noStore {
		return usagef("%s: --unread needs the store (it is disabled by --no-store or XINWEN_NO_STORE)", cmd)
	}
	return nil
}

// numbered returns the listing of the SOURCEs args: with none and with
// subscriptions, their stored headlines (see storedHeadlines), without
// the network; otherwise the sources loaded, each URL that answers 304
// listed from its stored headlines, in the order of its offline copy;
// with --unread, the unread articles alone. A source that failed has been
// reported on stderr; the error is then errSourcesFailed, and the listing
// holds the others.
func numbered(ctx context.Context, o *options, st *store.Store, l *feed.Loader, args []string, env Env) (listing, error) {
	if o.unread && st == nil {
		return listing{}, errors.New("--unread needs the store, which could not be opened")
	}
	ls, err := numberedAll(ctx, o, st, l, args, env)
	if o.unread && (err == nil || errors.Is(err, errSourcesFailed)) {
		unread, uerr := ls.unreadOnly(ctx, st)
		if uerr != nil {
			return unread, uerr
		}
		ls = unread
	}
	return ls, err
}

// numberedAll is numbered without --unread.
func numberedAll(ctx context.Context, o *options, st *store.Store, l *feed.Loader, args []string, env Env) (listing, error) {
	if len(args) == 0 && st != nil {
		heads, done, err := storedHeadlines(ctx, o, st, false)
		if done || err != nil {
			return listing{parts: []listPart{{heads: heads}}}, err
		}
	}
	srcs := o.sources(args)
	if st == nil || len(srcs) == 0 {
		articles, err := loadAll(ctx, srcs, l, env.Stderr)
		return listing{parts: []listPart{{articles: articles}}}, err
	}
	results, errs := l.RefreshAll(ctx, srcs, nil)
	ls := listing{parts: make([]listPart, len(srcs))}
	for i, src := range srcs {
		if errors.Is(errs[i], feed.ErrNotModified) {
			heads, err := st.Headlines(ctx, store.HeadlineFilter{Feed: feed.SourceName(src), InFeedOrder: true})
			if err == nil && len(heads) > 0 {
				ls.parts[i], errs[i] = listPart{heads: heads}, nil
				continue
			}
			// Nothing to list after all (the copy went since): load it.
			results[i], errs[i] = l.Load(ctx, src, nil)
		}
		ls.parts[i] = listPart{articles: results[i]}
	}
	return ls, reportLoads(srcs, errs, env.Stderr)
}
