package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// options holds every flag a command may take; each command registers the
// ones it accepts.
type options struct {
	lang       string
	ambiguous  string
	color      string
	width      int
	sideBySide int
	timeout    time.Duration
	maxMiB     int64
	version    bool
}

// Flag groups a command can register.
const (
	flagLoad   = 1 << iota // --timeout, --max-mib
	flagLayout             // --lang, --ambiguous, --color, --side-by-side
	flagWidth              // --width
)

type command struct {
	name  string
	flags int
	usage string
}

var commands = []command{
	{"", flagLoad | flagLayout, mainUsage},
	{"list", flagLoad, listUsage},
	{"export", flagLoad, exportUsage},
	{"show", flagLoad | flagLayout | flagWidth, showUsage},
}

func lookupCommand(name string) command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	panic("cli: no command " + name) // a programming error, caught by tests
}

// parse parses args for the named command and returns the options and the
// positional arguments. It returns errHelp after printing help for --help.
func parse(name string, args []string, env Env) (*options, []string, error) {
	c := lookupCommand(name)
	fs := flag.NewFlagSet("xinwen "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o := &options{}
	fs.BoolVar(&o.version, "version", false, "")
	if c.flags&flagLoad != 0 {
		fs.DurationVar(&o.timeout, "timeout", 15*time.Second, "")
		fs.Int64Var(&o.maxMiB, "max-mib", 32, "")
	}
	if c.flags&flagLayout != 0 {
		fs.StringVar(&o.lang, "lang", "zh", "")
		fs.StringVar(&o.ambiguous, "ambiguous", ambiguousDefault(env.Getenv), "")
		fs.StringVar(&o.color, "color", "auto", "")
		fs.IntVar(&o.sideBySide, "side-by-side", 80, "")
	}
	if c.flags&flagWidth != 0 {
		fs.IntVar(&o.width, "width", 0, "")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(env.Stdout, c.usage)
			return nil, nil, errHelp
		}
		return nil, nil, usageError{err.Error()}
	}
	if o.version {
		fmt.Fprintf(env.Stdout, "xinwen %s\n", Version)
		return nil, nil, errHelp
	}
	return o, fs.Args(), o.check()
}

func (o *options) check() error {
	switch {
	case o.timeout < 0:
		return usagef("--timeout must not be negative")
	case o.maxMiB < 0:
		return usagef("--max-mib must not be negative")
	case o.width < 0:
		return usagef("--width must not be negative")
	case o.sideBySide < 0:
		return usagef("--side-by-side must not be negative")
	}
	if o.lang != "" {
		if _, err := layout.ParseLang(o.lang); err != nil {
			return usagef("--lang: %q is not zh, en or both", o.lang)
		}
	}
	if o.ambiguous != "" && o.ambiguous != "narrow" && o.ambiguous != "wide" {
		return usagef("--ambiguous: %q is not narrow or wide", o.ambiguous)
	}
	if o.color != "" && o.color != "auto" && o.color != "always" && o.color != "never" {
		return usagef("--color: %q is not auto, always or never", o.color)
	}
	return nil
}

func (o *options) loader(env Env) *feed.Loader {
	return &feed.Loader{
		Client:    feed.NewClient(o.timeout),
		MaxBytes:  o.maxMiB << 20,
		Stdin:     env.Stdin,
		UserAgent: "xinwen/" + Version + " (+terminal news reader)",
	}
}

func (o *options) metrics() layout.Metrics {
	return layout.NewMetrics(o.ambiguous == "wide")
}

func (o *options) language() layout.Lang {
	l, _ := layout.ParseLang(o.lang) // checked in check
	return l
}

// ambiguousDefault is "wide" when RUNEWIDTH_EASTASIAN is set to a true value
// (the variable go-runewidth and x/ansi read), else "narrow".
func ambiguousDefault(getenv func(string) string) string {
	if wide, err := strconv.ParseBool(getenv("RUNEWIDTH_EASTASIAN")); err == nil && wide {
		return "wide"
	}
	return "narrow"
}
