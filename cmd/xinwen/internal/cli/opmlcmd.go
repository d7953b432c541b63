package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"github.com/muesli/mango-cobra"
	"github.com/muesli/roff"
	"github.com/spf13/cobra"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/opml"
	"github.com/xinwen-reader/xinwen/feed/refresh"
	"github.com/xinwen-reader/xinwen/feed/store"
)

// manCommand is `xinwen man`: the manual page, in roff, on standard output.
func manCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "man",
		Short: "Print the manual page (roff)",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			page, err := mcobra.NewManPage(1, cmd.Root())
			if err != nil {
				return fmt.Errorf("man: %w", err)
			}
			_, err = io.WriteString(cmd.OutOrStdout(), page.Build(roff.NewDocument()))
			return err
		},
	}
}

func runImport(ctx context.Context, o *options, args []string, env Env) error {
	name := args[0]
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	outlines, skipped, err := opml.Read(io.LimitReader(f, opml.MaxSize+1), name)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	subs := make([]store.Subscription, 0, len(outlines))
	for _, ol := range outlines {
		src, err := subscribedSource(ol.Source)
		if err != nil {
			skipped = append(skipped, fmt.Errorf("%s: %w", name, err))
			continue
		}
		subs = append(subs, store.Subscription{Source: src, Title: ol.Title, Tags: ol.Tags})
	}
	for _, err := range skipped {
		fmt.Fprintf(env.Stderr, "xinwen: skipped: %s\n", oneLine(err.Error()))
	}
	return withSubscriptions(ctx, "import", o, env, func(st *store.Store) error {
		added := 0
		if len(subs) > 0 {
			if added, err = st.AddSubscriptions(ctx, subs); err != nil {
				return fmt.Errorf("import: %w", err)
			}
		}
		_, err = fmt.Fprintf(env.Stdout, "imported %d feeds from %s: %d new, %d merged, %d skipped\n",
			len(subs), oneLine(name), added, len(subs)-added, len(skipped))
		return err
	})
}

// runExportOPML prints the subscriptions as an OPML 2.0 document.
func runExportOPML(ctx context.Context, o *options, env Env) error {
	return withSubscriptions(ctx, "export", o, env, func(st *store.Store) error {
		subs, err := st.Subscriptions(ctx)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		outlines := make([]opml.Outline, len(subs))
		for i, s := range subs {
			outlines[i] = opml.Outline{Source: s.Source, Title: s.Title, Tags: s.Tags}
		}
		return opml.Write(env.Stdout, "xinwen subscriptions", outlines)
	})
}

// defaultSources are the sources xinwen reads when given none: the
// configured ones, then the subscriptions not among them.
func defaultSources(ctx context.Context, o *options, st *store.Store) (sources []string, subscribed int) {
	sources = slices.Clone(o.configured)
	if st == nil {
		return sources, 0
	}
	subs, err := st.Subscriptions(ctx)
	if err != nil {
		return sources, 0
	}
	for _, s := range subs {
		if !slices.Contains(sources, s.Source) {
			sources = append(sources, s.Source)
		}
	}
	return sources, len(subs)
}

func runRefresh(ctx context.Context, o *options, _ []string, env Env) error {
	return withSubscriptions(ctx, "refresh", o, env, func(st *store.Store) error {
		// A fetch returns when its articles are saved or fit in a budget
		// of half the largest source (see refresh.Budget): one large
		// source is saved while the next is parsed, rather than every
		// feed's articles waiting in background saves.
		budget := o.maxMiB << 20 / 2
		defer limitMemory(env, refreshMemory(budget))() // after the saves
		held := refresh.NewBudget(budget)
		sources, _ := defaultSources(ctx, o, st)
		l := o.loader(env, st)
		defer l.Wait() // the articles are saved before the store closes
		_, tty := env.Terminal(env.Stderr)
		var failed, fresh, done int
		newOf := map[string]int{} // by feed.SourceName
		fetch := func(ctx context.Context, source string) (int, error) {
			// Load saves under the source's one name, which a
			// subscription stored before there was one may not be.
			before, _ := st.SourceIDs(ctx, feed.SourceName(source))
			var size int64
			articles, saved, err := l.RefreshSaving(ctx, source, func(done, _ int64) { size = done })
			var offline *feed.OfflineError
			switch {
			case errors.Is(err, feed.ErrNotModified):
				err = nil // unchanged: nothing new, and no copy decoded
			case errors.As(err, &offline):
				articles = nil // the stored copy stood in: nothing new
			}
			st.SetFetchResult(ctx, source, time.Now(), failure(err))
			n := countNew(before, articles)
			// The save's are the only references to articles left.
			held.Hold(ctx, size, saved)
			return n, err
		}
		refresh.Run(ctx, sources, fetch, refresh.Options{}, func(r refresh.Result) {
			done++
			fresh += r.New
			newOf[feed.SourceName(r.Source)] += r.New
			if tty {
				fmt.Fprint(env.Stderr, "\r\x1b[K")
			}
			if err := failure(r.Err); err != nil {
				failed++
				fmt.Fprintf(env.Stderr, "xinwen: %s\n", oneLine(describe(r.Source, err)))
			}
			if tty && done < len(sources) {
				fmt.Fprintf(env.Stderr, "refreshing %d/%d", done, len(sources))
			}
		})
		// A feed whose articles could not be stored failed, whatever its
		// fetch said: its offline copy is the old one.
		for _, err := range l.Wait() {
			var se *feed.SourceError
			if errors.As(err, &se) {
				fresh -= newOf[se.Source]
				for _, s := range sources {
					if feed.SourceName(s) == se.Source {
						st.SetFetchResult(ctx, s, time.Now(), err)
					}
				}
			}
			failed++
			fmt.Fprintf(env.Stderr, "xinwen: %s\n", oneLine(err.Error()))
		}
		fmt.Fprintf(env.Stdout, "refreshed %d feeds: %d new articles, %d failed\n", len(sources)-failed, fresh, failed)
		if failed > 0 {
			return errSourcesFailed
		}
		return nil
	})
}

// failure is err unless it only says that articles were recovered (a
// warning, not a failure); an offline copy standing in is a failure of the
// fetch.
func failure(err error) error {
	if errors.Is(err, feed.ErrRecovered) {
		var offline *feed.OfflineError
		if !errors.As(err, &offline) {
			return nil
		}
	}
	return err
}

// countNew counts the articles whose IDs were not among before.
func countNew(before map[string]bool, after []feed.Article) int {
	n := 0
	for i := range after {
		if !before[after[i].ID] {
			n++
		}
	}
	return n
}
