package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
)

// runList prints one headline per line: N, date, languages and title,
// separated by tabs.
func runList(ctx context.Context, o *options, sources []string, env Env) error {
	if o.unread && o.noStore {
		return usagef("list: --unread needs the store (it is disabled by --no-store or XINWEN_NO_STORE)")
	}
	return withStore(ctx, o, env, func(st *store.Store) error {
		if o.unread && st == nil {
			return errors.New("list: --unread needs the store, which could not be opened")
		}
		if len(sources) == 0 && st != nil {
			if done, err := listStored(ctx, o, st, env); done {
				return err
			}
		}
		l := o.loader(env, st)
		defer l.Wait() // the articles are saved before the store closes
		articles, loadErr := loadAll(ctx, o.sources(sources), l, env.Stderr)
		if o.unread {
			unread, err := st.Unread(ctx, articles)
			if err != nil {
				return err
			}
			articles = unread
		}
		if err := printHeadlines(env.Stdout, articles); err != nil {
			return err
		}
		return loadErr
	})
}

// printHeadlines prints one line per article: N, date, languages and title,
// separated by tabs.
func printHeadlines(out io.Writer, articles []feed.Article) error {
	w := bufio.NewWriterSize(out, 64<<10)
	for i := range articles {
		a := &articles[i]
		writeHeadline(w, i+1, a.Published, a.Languages(), a.Title())
	}
	return w.Flush()
}

// writeHeadline writes one line of list: N, date, languages and title.
func writeHeadline(w *bufio.Writer, n int, published time.Time, langs, title string) {
	w.WriteString(strconv.Itoa(n))
	w.WriteByte('\t')
	w.WriteString(date(published))
	w.WriteByte('\t')
	w.WriteString(langs)
	w.WriteByte('\t')
	w.WriteString(title)
	w.WriteByte('\n')
}

// date is YYYY-MM-DD in the article's own time zone, or "-" when unknown.
func date(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.DateOnly)
}

// listStored prints, when there are subscriptions, the stored headlines of
// every subscription and configured source, newest first, without the
// network; done is false when there are none, and list loads the
// configured sources as before.
func listStored(ctx context.Context, o *options, st *store.Store, env Env) (done bool, err error) {
	subs, err := st.Subscriptions(ctx)
	if err != nil || len(subs) == 0 {
		return false, nil
	}
	f := store.HeadlineFilter{Unread: o.unread}
	heads, err := st.Headlines(ctx, f)
	if err != nil {
		return true, fmt.Errorf("list: %w", err)
	}
	seen := make(map[store.ArticleKey]bool, len(heads))
	for _, h := range heads {
		seen[h.Key] = true
	}
	for _, src := range o.configured {
		f.Feed = src
		more, err := st.Headlines(ctx, f)
		if err != nil {
			return true, fmt.Errorf("list: %s: %w", oneLine(src), err)
		}
		for _, h := range more {
			if !seen[h.Key] {
				seen[h.Key] = true
				heads = append(heads, h)
			}
		}
	}
	slices.SortStableFunc(heads, func(a, b store.Headline) int {
		switch {
		case a.Published.IsZero() != b.Published.IsZero():
			if a.Published.IsZero() {
				return 1
			}
			return -1
		}
		return b.Published.Compare(a.Published)
	})
	w := bufio.NewWriterSize(env.Stdout, 64<<10)
	for i := range heads {
		h := &heads[i]
		writeHeadline(w, i+1, h.Published, h.Languages, h.Title())
	}
	return true, w.Flush()
}
