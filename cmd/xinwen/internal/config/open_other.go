//go:build !unix

package config

import "os"

// openFlags open the configuration file. Without O_NONBLOCK on this platform,
// the check before the open is what keeps a named pipe out (Windows' named
// pipes do not wait in open for a writer).
const openFlags = os.O_RDONLY
