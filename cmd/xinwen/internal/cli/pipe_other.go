//go:build !unix

package cli

import (
	"errors"
	"syscall"
)

// quietBrokenPipe does nothing here: without SIGPIPE, a write to a closed
// pipe already fails with an error.
func quietBrokenPipe() {}

// errNoData is Windows' ERROR_NO_DATA, "the pipe is being closed", which a
// write to a pipe whose reader has gone returns; the syscall package has no
// name for it.
const errNoData = syscall.Errno(232)

// isBrokenPipe reports whether err is a write to a pipe whose reader has
// gone.
func isBrokenPipe(err error) bool {
	return errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ERROR_BROKEN_PIPE) || errors.Is(err, errNoData)
}
