// Command xinwen is a terminal reader for Chinese news and its English
// translation, side by side. Run it with no argument to read the built-in
// sample; see `xinwen --help` for the rest.
package main

import (
	"os"

	"github.com/xinwen-reader/xinwen/cmd/xinwen/internal/cli"
)

func main() {
	cli.MatchAmbiguousWidth(os.Args) // may re-exec; see its doc
	ctx, status := cli.NotifySignals()
	code := cli.Run(ctx, os.Args[1:], cli.System())
	os.Exit(status(code))
}
