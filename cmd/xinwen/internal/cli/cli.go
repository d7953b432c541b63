// Package cli is xinwen's command line: it parses arguments, loads sources
// through package feed and prints through package layout, or starts the
// reader in package tui. Behaviour lives in those packages; this one wires.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	tea "charm.land/bubbletea/v2"
	"charm.land/fang/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"github.com/xinwen-reader/xinwen/cmd/xinwen/internal/config"
	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
	"github.com/xinwen-reader/xinwen/tui"
)

// Version is xinwen's version, printed by --version and sent in the
// User-Agent. Release builds set it with -ldflags "-X ...cli.Version=v1.2.3".
var Version = "0.1.0-dev"

// Exit statuses, documented in the help and the README.
const (
	exitOK       = 0 // everything loaded, or the output pipe closed early
	exitFailed   = 1 // a source failed (the others still loaded and printed)
	exitUsage    = 2 // bad command line or configuration file
	exitInternal = 3 // a bug: a panic, recovered
)

// debugVar, when set to anything, makes an internal error print its stack
// trace.
const debugVar = "XINWEN_DEBUG"

// Env is what a command may touch of the world outside: standard streams,
// the environment and whether an output is a terminal. Tests pass their own.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// Terminal reports whether w is a terminal and, if it is, its width.
	Terminal func(w io.Writer) (width int, ok bool)
	// TTY opens the controlling terminal for keyboard input when standard
	// input carries a feed ("-"). Nil when there is none.
	TTY func() (io.ReadCloser, error)
	// ConfigPath is the configuration file (it need not exist).
	ConfigPath string
	// StorePath is the database file; "" when there is no data directory.
	StorePath string
	// DarkBackground asks the terminal whether its background is dark;
	// nil means assume dark.
	DarkBackground func() bool
}

// System returns the Env of the running process. It also makes a write to a
// closed standard output fail with an error instead of killing the process
// (see quietBrokenPipe), so that 'xinwen list | head' ends quietly and
// what was loaded is still saved.
func System() Env {
	quietBrokenPipe()
	return Env{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Getenv: os.Getenv,
		Terminal: func(w io.Writer) (int, bool) {
			f, ok := w.(*os.File)
			if !ok || !term.IsTerminal(f.Fd()) {
				return 0, false
			}
			width, _, err := term.GetSize(f.Fd())
			if err != nil || width <= 0 {
				return 0, true
			}
			return width, true
		},
		TTY:        openTTY,
		ConfigPath: config.Path(),
		StorePath:  storePath(),
		DarkBackground: func() bool {
			if !term.IsTerminal(os.Stdin.Fd()) || !term.IsTerminal(os.Stdout.Fd()) {
				return true
			}
			return lipgloss.HasDarkBackground(os.Stdin, os.Stdout)
		},
	}
}

// usageError is a bad command line (a bad configuration file included):
// exit status 2 and a pointer to --help. It wraps what was wrong, so that
// callers can still classify it.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// Run runs xinwen with args (without the program name) and returns the exit
// status. Errors go to env.Stderr as one line each, prefixed "xinwen: ". A
// panic in Run's goroutine is an internal error: one line, exit status 3.
func Run(ctx context.Context, args []string, env Env) int {
	return guard(env, func() int { return dispatch(ctx, args, env) })
}

// guard calls fn and returns its status, or, when fn panics, reports an
// internal error on env.Stderr in one line (with the stack trace after it
// when XINWEN_DEBUG is set) and returns exitInternal.
func guard(env Env, fn func() int) (code int) {
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		fmt.Fprintf(env.Stderr, "xinwen: internal error: %s\n", oneLine(fmt.Sprint(r)))
		if env.Getenv != nil && env.Getenv(debugVar) != "" {
			env.Stderr.Write(debug.Stack())
		}
		code = exitInternal
	}()
	return fn()
}

// dispatch runs the command args name, on cobra through fang, and returns
// its exit status. The configuration file is read once, here: its values are
// the defaults of the flags.
func dispatch(ctx context.Context, args []string, env Env) int {
	cfg, found, cfgErr := config.Load(env.ConfigPath, configChecks)
	a := &app{env: env, cfg: cfg, found: found, cfgErr: cfgErr}
	root := a.newRoot()
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(helpWriter(env, cfg))
	root.SetErr(plainWriter{env.Stderr})
	keepErrors(root, &a.err)
	err := fang.Execute(ctx, root,
		fang.WithVersion(Version),
		fang.WithoutManpage(), // ours writes where the command's output goes
		fang.WithErrorHandler(func(io.Writer, fang.Styles, error) {}), // exitStatus reports
	)
	if a.err != nil {
		err = a.err
	}
	return exitStatus(err, env)
}

// keepErrors makes every command of the tree, and its flag and argument
// checks, put its error in *kept and report success to cobra. fang styles
// an error it is handed, and to choose the style it first asks the terminal
// for its background colour (OSC 11), reading standard input for up to 2 s:
// after the reader, or a failed source, the process would hang on a
// terminal that is slow to answer, and eat what the user types. exitStatus
// reports the kept error instead. Errors cobra finds before any command
// (an unknown command) still take fang's path.
func keepErrors(c *cobra.Command, kept *error) {
	if run := c.RunE; run != nil {
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if *kept == nil {
				*kept = run(cmd, args)
			}
			return nil
		}
	}
	if check := c.Args; check != nil {
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil && *kept == nil {
				*kept = usageError{err}
			}
			return nil
		}
	}
	if !c.HasParent() {
		c.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
			if *kept == nil {
				*kept = usageError{err}
			}
			return nil
		})
	}
	for _, sub := range c.Commands() {
		keepErrors(sub, kept)
	}
}

// plainWriter hides the terminal behind w, so that fang's colour detection
// sees none and writes plain text.
type plainWriter struct{ io.Writer }

// trimWriter writes to w what it is given less the spaces that end a line.
// fang pads help text with spaces to the width of its layout (120 columns
// when there is no terminal to measure), which a terminal does not show
// but a file, a pager or diff does. Spaces are held back until what comes
// after them shows whether they end a line; those at the very end of the
// output, with no newline after them, are dropped too.
type trimWriter struct {
	w      io.Writer
	spaces int // spaces read and not yet written
}

func (t *trimWriter) Write(p []byte) (int, error) {
	out := make([]byte, 0, len(p)+t.spaces)
	for _, c := range p {
		switch c {
		case ' ':
			t.spaces++
			continue
		case '\n':
			t.spaces = 0
		}
		for ; t.spaces > 0; t.spaces-- {
			out = append(out, ' ')
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return len(p), nil // spaces only, held back
	}
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// helpWriter is where help, completions, the man page and the version go:
// standard output, made plain (no escape sequences, no spaces at the ends
// of lines) when it is not a terminal, when NO_COLOR is set or when colour
// is off in the file.
func helpWriter(env Env, cfg config.Config) io.Writer {
	_, tty := env.Terminal(env.Stdout)
	if !tty || env.Getenv("NO_COLOR") != "" || cfg.Color == "never" {
		return plainWriter{&trimWriter{w: env.Stdout}}
	}
	return env.Stdout
}

func exitStatus(err error, env Env) int {
	var (
		usage  usageError
		reader *tui.SourcesFailedError
	)
	switch {
	case err == nil:
		return exitOK
	case isBrokenPipe(err):
		return exitOK // whoever read the output had all they wanted
	case errors.As(err, &usage):
		fmt.Fprintf(env.Stderr, "xinwen: %s\n(see 'xinwen --help')\n", oneLine(usage.Error()))
		return exitUsage
	case errors.Is(err, errSourcesFailed):
		return exitFailed // each failure was already reported
	case errors.As(err, &reader):
		// The reader showed them; once it is gone, stderr tells them
		// again, as the other commands do.
		for _, f := range reader.Failures {
			fmt.Fprintf(env.Stderr, "xinwen: %s\n", oneLine(f))
		}
		return exitFailed
	case errors.Is(err, tea.ErrProgramPanic):
		// Bubble Tea recovered a panic in the reader and restored the
		// terminal.
		fmt.Fprintf(env.Stderr, "xinwen: internal error: %s\n", oneLine(err.Error()))
		return exitInternal
	default:
		fmt.Fprintf(env.Stderr, "xinwen: %s\n", oneLine(err.Error()))
		return exitFailed
	}
}

// oneLine keeps an error message to one line whatever produced it, and
// safe to print: a file name or a server's words can carry escape sequences,
// which feed.Clean removes like any feed text.
func oneLine(s string) string {
	return feed.Clean(s)
}

// storePath is where the database lives, "" when no data directory can be
// named.
func storePath() string {
	p, err := store.DefaultPath()
	if err != nil {
		return ""
	}
	return p
}
