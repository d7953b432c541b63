package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/xinwen-reader/xinwen/tui"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// runRead opens the interactive reader on the sources (the built-in sample
// when there are none).
func runRead(ctx context.Context, o *options, sources []string, env Env) error {
	var err error
	st, notice := openStore(ctx, o, env)
	if len(sources) == 0 {
		// The subscriptions join the configured sources. The reader
		// loads them (a URL it cannot fetch from its offline copy);
		// showing the stored headlines at once is the feeds screen's.
		sources, _ = defaultSources(ctx, o, st)
	}
	stopPrune := startPrune(ctx, o, st)
	loader := o.loader(env, st)
	defer func() {
		waitSaves(loader, env) // the articles are saved before the store closes
		stopPrune()
		if st != nil {
			closeStore(st, env, nil) // after the reader has left the terminal
		}
	}()
	cfg := tui.Config{
		Store:       st,
		StoreNotice: notice,
		Sources:     sources,
		Loader:      loader,
		Lang:        o.language(),
		Metrics:     o.metrics(),
		Color:       o.color == "always" || o.color == "auto" && env.Getenv("NO_COLOR") == "",
		Browser:     o.browser,
		SideBySide:  o.sideBySide,
		Refresh:     o.cfg.RefreshDuration(),
		Version:     Version,
		Output:      env.Stdout,

		AutoTranslate:        o.auto,
		AutoTranslateSources: o.autoSources,
	}
	if cfg.Translator, err = o.translator(env); err != nil {
		return usageError{err} // Load has checked the table: not expected
	}
	if st != nil {
		// The reader starts in the language it was left in, unless --lang
		// says otherwise, and on the article it was left on.
		if v, ok, _ := st.Preference(ctx, "language"); ok && !o.langSet {
			if l, err := layout.ParseLang(v); err == nil {
				cfg.Lang = l
			}
		}
		cfg.Position, _, _ = st.Preference(ctx, "position")
	}
	if slices.Contains(sources, "-") {
		// Standard input carries a feed, so keys come from the terminal.
		if env.TTY == nil {
			return fmt.Errorf("reading a feed from standard input needs a terminal for the keyboard")
		}
		tty, err := env.TTY()
		if err != nil {
			return fmt.Errorf("reading a feed from standard input needs a terminal for the keyboard: %w", err)
		}
		defer tty.Close()
		cfg.Input = tty
	}
	// Otherwise Input stays nil and Bubble Tea reads keys from the terminal
	// itself, even when standard input is a pipe.
	return traceAside(env, func() error { return tui.Run(ctx, cfg) })
}

// openTTY opens the controlling terminal for reading.
func openTTY() (io.ReadCloser, error) {
	name := "/dev/tty"
	if os.PathSeparator == '\\' {
		name = "CONIN$"
	}
	return os.Open(name)
}
