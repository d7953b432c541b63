//go:build windows

package cli

import (
	"errors"
	"os"
	"os/exec"
)

// reexec runs the same program and arguments as a child in the current
// environment, with the same standard streams, and exits with its status.
// Windows has no exec(2). On failure to start it returns and xinwen carries
// on with the width x/ansi chose.
func reexec(args []string) {
	exe, err := os.Executable()
	if err != nil {
		return
	}
	cmd := exec.Command(exe, args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err = cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		os.Exit(0)
	case errors.As(err, &exit):
		os.Exit(exit.ExitCode())
	}
}
