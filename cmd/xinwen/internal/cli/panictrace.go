package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	tea "charm.land/bubbletea/v2"
)

// traceAside runs the reader with the process's standard error pointed at a
// temporary file. While the reader runs, the terminal is Bubble Tea's, and
// the one thing written to standard error then is Bubble Tea's report of a
// panic it recovered: "Caught panic" and a stack trace, which a user must
// not get (they get one line, exit status 3). When run reports such a panic
// the file is kept and its path joins the error, for a bug report; anything
// else written there is copied to stderr after the reader and the file
// removed. Only the real process is redirected: with another Stderr (tests)
// run is called as it is.
func traceAside(env Env, run func() error) error {
	if env.Stderr != os.Stderr {
		return run()
	}
	f, err := os.CreateTemp("", "xinwen-panic-*.txt")
	if err != nil {
		return run() // nowhere to put it: Bubble Tea prints as it does
	}
	saved := os.Stderr
	os.Stderr = f
	err = run()
	os.Stderr = saved
	if errors.Is(err, tea.ErrProgramPanic) {
		f.Close()
		if env.Getenv != nil && env.Getenv(debugVar) != "" {
			if trace, rerr := os.ReadFile(f.Name()); rerr == nil {
				saved.Write(trace)
			}
		}
		return fmt.Errorf("%w (the stack trace is in %s)", err, f.Name())
	}
	if _, serr := f.Seek(0, io.SeekStart); serr == nil {
		io.Copy(saved, f) //nolint:errcheck // best effort: stderr itself may be gone
	}
	f.Close()
	os.Remove(f.Name())
	return err
}
