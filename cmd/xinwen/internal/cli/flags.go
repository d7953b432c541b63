package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xinwen-reader/xinwen/cmd/xinwen/internal/config"
	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
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
	noStore    bool
	unread     bool
	langSet    bool     // --lang was given
	browser    string   // from the configuration file, else $BROWSER
	configured []string // the configuration file's sources
}

// sources returns the sources named on the command line, else the
// configured ones (else none: the built-in sample).
func (o *options) sources(args []string) []string {
	if len(args) == 0 {
		return o.configured
	}
	return args
}

// Flag groups a command can register.
const (
	flagLoad   = 1 << iota // --timeout, --max-mib
	flagLayout             // --lang, --ambiguous, --color, --side-by-side
	flagWidth              // --width
	flagStore              // --no-store
	flagUnread             // --unread
)

type command struct {
	name  string
	flags int
	usage string
}

var commands = []command{
	{"", flagLoad | flagLayout | flagStore, mainUsage},
	{"list", flagLoad | flagStore | flagUnread, listUsage},
	{"export", flagLoad | flagStore, exportUsage},
	{"show", flagLoad | flagLayout | flagWidth | flagStore, showUsage},
	{"search", flagStore, searchUsage},
	{"config", flagLoad | flagLayout | flagStore, configUsage},
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
	cfg, _, err := config.Load(env.ConfigPath)
	if err != nil {
		return nil, nil, usageError{err.Error()}
	}
	fs := flag.NewFlagSet("xinwen "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o := &options{}
	fs.BoolVar(&o.version, "version", false, "")
	if c.flags&flagLoad != 0 {
		fs.DurationVar(&o.timeout, "timeout", cfg.TimeoutDuration(), "")
		fs.Int64Var(&o.maxMiB, "max-mib", 32, "")
	}
	if c.flags&flagLayout != 0 {
		fs.StringVar(&o.lang, "lang", cfg.Lang, "")
		fs.StringVar(&o.ambiguous, "ambiguous", ambiguousDefault(env.Getenv, cfg), "")
		fs.StringVar(&o.color, "color", cfg.Color, "")
		fs.IntVar(&o.sideBySide, "side-by-side", cfg.SideBySide, "")
	}
	if c.flags&flagWidth != 0 {
		fs.IntVar(&o.width, "width", 0, "")
	}
	if c.flags&flagStore != 0 {
		fs.BoolVar(&o.noStore, "no-store", noStoreDefault(env.Getenv), "")
	}
	if c.flags&flagUnread != 0 {
		fs.BoolVar(&o.unread, "unread", false, "")
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
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "lang" {
			o.langSet = true
		}
	})
	o.browser = cfg.Browser
	if b := env.Getenv("BROWSER"); b != "" && o.browser == "" {
		o.browser = b
	}
	o.configured = cfg.Sources
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

// loader returns a Loader for the options; st, when not nil, is its cache.
func (o *options) loader(env Env, st *store.Store) *feed.Loader {
	l := &feed.Loader{
		Client:    feed.NewClient(o.timeout),
		MaxBytes:  o.maxMiB << 20,
		Stdin:     env.Stdin,
		UserAgent: Version,
	}
	if st != nil {
		l.Cache = st // only when not nil: a nil *Store in the interface is not nil
	}
	return l
}

func (o *options) metrics() layout.Metrics {
	return layout.NewMetrics(o.ambiguous == "wide")
}

func (o *options) language() layout.Lang {
	l, _ := layout.ParseLang(o.lang) // checked in check
	return l
}

// ambiguousDefault is the ambiguous width when --ambiguous is not given:
// RUNEWIDTH_EASTASIAN (the variable go-runewidth and x/ansi read) when it is
// set to a boolean, else the configuration file's.
func ambiguousDefault(getenv func(string) string, cfg config.Config) string {
	if wide, err := strconv.ParseBool(getenv(eastAsianVar)); err == nil {
		if wide {
			return "wide"
		}
		return "narrow"
	}
	return cfg.Ambiguous
}

// noStoreDefault is true when XINWEN_NO_STORE is set to a true value.
func noStoreDefault(getenv func(string) string) bool {
	no, err := strconv.ParseBool(getenv("XINWEN_NO_STORE"))
	return err == nil && no
}
