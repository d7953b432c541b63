package cli

import (
	"context"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/xinwen-reader/xinwen/cmd/xinwen/internal/config"
)

// app is what every command of one run shares: the world outside and the
// configuration file, read once.
type app struct {
	env    Env
	cfg    config.Config
	found  bool
	cfgErr error // a bad file: a usage error when a command runs
	err    error // the first error of the run (see keepErrors)
}

// runFunc is a command's behaviour once its flags are parsed and checked.
type runFunc func(ctx context.Context, o *options, args []string, env Env) error

// command returns a cobra command taking the flag groups, that checks its
// options and calls run. Commands that load one large source at a time
// and exit set lowGC.
func (a *app) command(c *cobra.Command, groups int, lowGC bool, run runFunc) *cobra.Command {
	o := &options{cfgFound: a.found}
	o.register(c.Flags(), groups, a.cfg, a.env)
	c.RunE = func(cmd *cobra.Command, args []string) error {
		if a.cfgErr != nil {
			return usageError{a.cfgErr}
		}
		if err := o.finish(cmd.Flags(), a.env); err != nil {
			return err
		}
		if lowGC {
			// These commands hold one large load at a time and exit: a
			// collection at half the default heap growth keeps the peak
			// memory of a 30 MB source near 3.5 times its size (4.2 at
			// the default), for a few percent of CPU.
			debug.SetGCPercent(50)
		}
		return run(cmd.Context(), o, args, a.env)
	}
	return c
}

// refreshMemory is the soft memory limit of a refresh whose saves hold at
// most budget bytes of sources: those sources as articles (about twice
// their size), a source of the same size being parsed (about three and a
// half times) and room for the rest, at least 64 MiB. It holds the peak of
// a refresh of many large feeds near what they need (without it the heap
// grows to twice what is live); a refresh that holds more (several large
// feeds parsed at once, from different hosts) goes over it and collects
// more often, with at most half the CPU.
func refreshMemory(budget int64) int64 {
	return max(64<<20, 6*budget)
}

// limitMemory sets a soft memory limit (debug.SetMemoryLimit) for a
// command that knows how much it holds, unless GOMEMLIMIT sets one, and
// returns what restores the limit before.
func limitMemory(env Env, limit int64) (restore func()) {
	if env.Getenv != nil && env.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	old := debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(old) }
}

// newRoot builds the command tree of one run.
func (a *app) newRoot() *cobra.Command {
	root := a.command(&cobra.Command{
		Use:   "xinwen [SOURCE...]",
		Short: "Read Chinese news and its English translation side by side",
		Long:  rootLong,
		Args:  cobra.ArbitraryArgs,
		Example: "  xinwen https://example.org/feed.xml\n" +
			"  xinwen show --lang both 3 --width 90",
	}, flagLoad|flagLayout|flagStore, false, runRead)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.SetVersionTemplate("xinwen {{.Version}}\n")
	root.CompletionOptions.HiddenDefaultCmd = false
	root.AddCommand(
		a.command(&cobra.Command{
			Use: "list [SOURCE...]", Short: "Print one headline per line", Long: listLong,
		}, flagLoad|flagStore|flagUnread, true, runList),
		a.command(&cobra.Command{
			Use: "export [SOURCE...]", Short: "Print articles as JSON Lines, or the subscriptions as OPML", Long: exportLong,
		}, flagLoad|flagStore|flagUnread|flagMT|flagOPML, true, runExport),
		a.command(&cobra.Command{
			Use: "show [SOURCE...] N", Short: "Print article N as the reader shows it", Long: showLong,
		}, flagLoad|flagLayout|flagWidth|flagStore|flagUnread|flagMT, true, runShow),
		a.command(&cobra.Command{
			Use: "align [SOURCE...] [N]", Short: "Print the aligned sentence pairs", Long: alignLong,
		}, flagLoad|flagStore|flagUnread|flagFormat, true, runAlign),
		a.command(&cobra.Command{
			Use: "search QUERY", Short: "Find stored articles, in either language", Long: searchLong,
		}, flagStore, true, runSearch),
		a.command(&cobra.Command{
			Use: "config", Short: "Print the effective configuration and paths", Long: configLong,
			Args: noArgs,
		}, flagLoad|flagLayout|flagStore, false, func(_ context.Context, o *options, _ []string, env Env) error {
			return runConfig(o, env)
		}),
		&cobra.Command{
			Use: "version", Short: "Print the version", Hidden: true, Args: noArgs,
			RunE: func(cmd *cobra.Command, _ []string) error {
				_, err := cmd.OutOrStdout().Write([]byte("xinwen " + Version + "\n"))
				return err
			},
		},
		manCommand(),
	)
	root.AddCommand(a.subscriptionCommands()...)
	root.SetHelpCommand(helpCommand(root))
	return root
}

// noArgs refuses positional arguments with a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s: unexpected argument %q", cmd.Name(), args[0])
	}
	return nil
}

// helpCommand is `xinwen help [COMMAND]`; an unknown command is a usage
// error, as a bad command line is.
func helpCommand(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [COMMAND]",
		Short: "Help for a command",
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return root.Help()
			}
			target, rest, err := root.Find(args)
			if err != nil || target == root || len(rest) > 0 {
				return usagef("help: unknown command %q", args[0])
			}
			return target.Help()
		},
	}
}
