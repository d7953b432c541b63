//go:build !windows

package cli

import (
	"os"
	"syscall"
)

// reexec replaces the process with a fresh run of the same program and
// arguments in the current environment. On failure it returns and xinwen
// carries on with the width x/ansi chose.
func reexec(args []string) {
	exe, err := os.Executable()
	if err != nil {
		return
	}
	_ = syscall.Exec(exe, args, os.Environ())
}
