//go:build unix

package cli

import (
	"errors"
	"os"
	"os/signal"
	"syscall"
)

// quietBrokenPipe asks for SIGPIPE, so that the Go runtime no longer kills
// the process when it writes to a closed standard output: the write returns
// EPIPE instead, the command stops and exits 0 (see exitStatus), and the
// loader's saves finish. The signals go to a buffered channel nobody reads;
// those that do not fit are dropped. Unlike ignoring the signal, this
// leaves the disposition of the programs xinwen starts (a browser) alone.
func quietBrokenPipe() {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
}

// isBrokenPipe reports whether err is a write to a pipe whose reader has
// gone.
func isBrokenPipe(err error) bool {
	return errors.Is(err, syscall.EPIPE)
}
