package cli

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strconv"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
)

// runList prints one headline per line: N, date, languages and title,
// separated by tabs.
func runList(ctx context.Context, args []string, env Env) error {
	o, sources, err := parse("list", args, env)
	if err != nil {
		return err
	}
	if o.unread && o.noStore {
		return usagef("list: --unread needs the store (it is disabled by --no-store or XINWEN_NO_STORE)")
	}
	return withStore(ctx, o, env, func(st *store.Store) error {
		if o.unread && st == nil {
			return errors.New("list: --unread needs the store, which could not be opened")
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
		w.WriteString(strconv.Itoa(i + 1))
		w.WriteByte('\t')
		w.WriteString(date(a.Published))
		w.WriteByte('\t')
		w.WriteString(a.Languages())
		w.WriteByte('\t')
		w.WriteString(a.Title())
		w.WriteByte('\n')
	}
	return w.Flush()
}

// date is YYYY-MM-DD in the article's own time zone, or "-" when unknown.
func date(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.DateOnly)
}
