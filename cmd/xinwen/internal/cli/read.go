package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/xinwen-reader/xinwen/tui"
)

// runRead opens the interactive reader on the sources (the built-in sample
// when there are none).
func runRead(ctx context.Context, args []string, env Env) error {
	o, sources, err := parse("", args, env)
	if err != nil {
		return err
	}
	cfg := tui.Config{
		Sources:    o.sources(sources),
		Loader:     o.loader(env),
		Lang:       o.language(),
		Metrics:    o.metrics(),
		Color:      o.color == "always" || o.color == "auto" && env.Getenv("NO_COLOR") == "",
		Browser:    o.browser,
		SideBySide: o.sideBySide,
		Version:    Version,
		Output:     env.Stdout,
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
	return tui.Run(ctx, cfg)
}

// openTTY opens the controlling terminal for reading.
func openTTY() (io.ReadCloser, error) {
	name := "/dev/tty"
	if os.PathSeparator == '\\' {
		name = "CONIN$"
	}
	return os.Open(name)
}
