// Command xinwen is a terminal reader for Chinese news and its English
// translation, side by side. Run it with no argument to read the built-in
// sample; see `xinwen --help` for the rest.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/xinwen-reader/xinwen/cmd/xinwen/internal/cli"
)

func main() {
	cli.MatchAmbiguousWidth(os.Args) // may re-exec; see its doc
	// These signals cancel ctx: the reader gives the terminal back (cooked
	// mode, normal screen, cursor, no mouse tracking), loads stop and the
	// store closes before the process exits. SIGHUP comes when the terminal
	// closes or an ssh connection drops. SIGTERM is not among them: Bubble
	// Tea quits on it by itself, and two handlers would race to decide the
	// reader's exit status.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGHUP, syscall.SIGQUIT)
	go func() {
		<-ctx.Done()
		stop() // a second signal ends the process at once
	}()
	code := cli.Run(ctx, os.Args[1:], cli.System())
	stop()
	os.Exit(code)
}
