//go:build unix

package config

import (
	"os"
	"syscall"
)

// openFlags open the configuration file without blocking: were a named pipe
// swapped in after the check, open would otherwise wait for a writer.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK
