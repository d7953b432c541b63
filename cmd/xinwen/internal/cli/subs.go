package cli

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/xinwen-reader/xinwen/cmd/xinwen/internal/config"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
)

// errNotLocalOrHTTP means a source to subscribe to is neither an http or
// https URL nor a local path.
var errNotLocalOrHTTP = errors.New("not an http or https URL or a local path")

// subscriptionCommands are add, remove, feeds, refresh and import.
func (a *app) subscriptionCommands() []*cobra.Command {
	var title string
	var tags []string
	var keep string
	add := a.command(&cobra.Command{
		Use:   "add SOURCE",
		Short: "Subscribe to a feed",
		Long: "Subscribe to SOURCE, an http:// or https:// URL or a local path, kept in the\n" +
			"database beside the configured sources. Adding a source again merges it:\n" +
			"tags are united, a new title or keep replaces the old one.",
		Args: exactArgs(1),
	}, flagStore, false, func(ctx context.Context, o *options, args []string, env Env) error {
		d, err := parseKeepFlag(keep)
		if err != nil {
			return err
		}
		return runAdd(ctx, o, store.Subscription{Source: args[0], Title: title, Tags: tags, Keep: d}, env)
	})
	add.Flags().StringVar(&title, "title", "", "the title to show instead of the feed's own")
	add.Flags().StringArrayVar(&tags, "tag", nil, "a tag (a folder in OPML); repeat for more")
	add.Flags().StringVar(&keep, "keep", "", `how long its read articles are kept ("90d", "720h"; default: the global keep)`)
	return []*cobra.Command{
		add,
		a.command(&cobra.Command{
			Use: "remove SOURCE|N", Short: "Unsubscribe from a feed",
			Long: "Remove the subscription whose source is SOURCE or whose number (as 'xinwen feeds'\n" +
				"prints it) is N. Its stored articles, read marks and stars are kept.",
			Args: exactArgs(1),
		}, flagStore, false, runRemove),
		a.command(&cobra.Command{
			Use: "feeds", Short: "Print the subscriptions, one a line",
			Long: "Print one line per subscription, tab-separated: N, unread, total, title (- when\n" +
				"none was given), source, and the last fetch's error when it failed.",
			Args: noArgs,
		}, flagStore, false, runFeeds),
		a.command(&cobra.Command{
			Use: "refresh", Short: "Fetch every subscription and configured source",
			Long: "Fetch every subscription and configured source, a few at a time, and store\n" +
				"what is new. Progress goes to stderr when it is a terminal; each failure is\n" +
				"one line there, and any failure makes the exit status 1.",
			Args: noArgs,
		}, flagLoad|flagStore, false, runRefresh),
		a.command(&cobra.Command{
			Use: "import FILE.opml", Short: "Subscribe to the feeds of an OPML file",
			Long: "Subscribe to every feed of an OPML 2.0 file: folders become tags, titles are\n" +
				"kept, feeds already subscribed are merged. An outline whose URL is not http,\n" +
				"https or a local path is skipped with one line naming it. Prints one summary\n" +
				"line.",
			Args: exactArgs(1),
		}, flagStore, false, runImport),
	}
}

// exactArgs wants n positional arguments, else a usage error.
func exactArgs(n int) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s: want %d argument, got %d (xinwen %s)", cmd.Name(), n, len(args), cmd.Use)
		}
		return nil
	}
}

// withSubscriptions runs fn with the store, which the subscription
// commands cannot do without.
func withSubscriptions(ctx context.Context, name string, o *options, env Env, fn func(*store.Store) error) error {
	if o.noStore {
		return usagef("%s: subscriptions need the store (it is disabled by --no-store or XINWEN_NO_STORE)", name)
	}
	return withStore(ctx, o, env, func(st *store.Store) error {
		if st == nil {
			return fmt.Errorf("%s: subscriptions need the store, which could not be opened", name)
		}
		return fn(st)
	})
}

// subscribedSource names source as the loader will name its articles
// (feed.SourceName): a URL with its scheme and host lower case, a local path
// made absolute (so that it means the same from any directory). Anything
// else (exec:, javascript:, a file: URL) is refused.
func subscribedSource(source string) (string, error) {
	if u, err := url.Parse(source); err == nil && len(u.Scheme) > 1 {
		scheme := strings.ToLower(u.Scheme)
		if (scheme == "http" || scheme == "https") && u.Host != "" {
			return feed.SourceName(source), nil
		}
		return "", fmt.Errorf("%q: %w", feed.Clean(source), errNotLocalOrHTTP)
	}
	if strings.HasPrefix(source, "|") || strings.TrimSpace(source) == "" || source == "-" {
		return "", fmt.Errorf("%q: %w", feed.Clean(source), errNotLocalOrHTTP)
	}
	if _, err := filepath.Abs(source); err != nil {
		return "", fmt.Errorf("%q: %w", feed.Clean(source), err)
	}
	return feed.SourceName(source), nil
}

func runAdd(ctx context.Context, o *options, sub store.Subscription, env Env) error {
	src, err := subscribedSource(sub.Source)
	if err != nil {
		return usageError{fmt.Errorf("add: %w", err)}
	}
	sub.Source = src
	return withSubscriptions(ctx, "add", o, env, func(st *store.Store) error {
		added, err := st.AddSubscriptions(ctx, []store.Subscription{sub})
		if err != nil {
			return fmt.Errorf("add: %w", err)
		}
		verb := "added"
		if added == 0 {
			verb = "merged with the subscription already there:"
		}
		_, err = fmt.Fprintf(env.Stdout, "%s %s\n", verb, oneLine(src))
		return err
	})
}

func runRemove(ctx context.Context, o *options, args []string, env Env) error {
	return withSubscriptions(ctx, "remove", o, env, func(st *store.Store) error {
		removed, err := st.RemoveSubscription(ctx, args[0])
		if errors.Is(err, store.ErrNoSubscription) {
			if abs, absErr := subscribedSource(args[0]); absErr == nil && abs != args[0] {
				removed, err = st.RemoveSubscription(ctx, abs)
			}
		}
		if err != nil {
			return fmt.Errorf("remove: %s: %w", oneLine(args[0]), err)
		}
		_, err = fmt.Fprintf(env.Stdout, "removed %d %s\n", removed.N, oneLine(removed.Source))
		return err
	})
}

// field makes s safe for one tab-separated column: clean of control
// characters, tabs and line breaks as spaces.
func field(s string) string {
	return strings.Join(strings.Fields(feed.Clean(s)), " ")
}

func runFeeds(ctx context.Context, o *options, _ []string, env Env) error {
	return withSubscriptions(ctx, "feeds", o, env, func(st *store.Store) error {
		subs, err := st.Subscriptions(ctx)
		if err != nil {
			return fmt.Errorf("feeds: %w", err)
		}
		var b strings.Builder
		for _, s := range subs {
			title := field(s.Title)
			if title == "" {
				title = "-"
			}
			fmt.Fprintf(&b, "%d\t%d\t%d\t%s\t%s", s.N, s.Unread, s.Total, title, field(s.Source))
			if s.LastError != "" {
				fmt.Fprintf(&b, "\t%s", field(s.LastError))
			}
			b.WriteByte('\n')
		}
		_, err = fmt.Fprint(env.Stdout, b.String())
		return err
	})
}

// parseKeepFlag reads add's --keep, a usage error when it is bad.
func parseKeepFlag(s string) (time.Duration, error) {
	d, err := config.ParseKeep(s)
	if err != nil {
		return 0, usageError{fmt.Errorf("--keep: %w", err)}
	}
	return d, nil
}
