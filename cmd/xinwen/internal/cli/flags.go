package cli

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/xinwen-reader/xinwen/cmd/xinwen/internal/config"
	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
	"github.com/xinwen-reader/xinwen/feed/translate"
	"github.com/xinwen-reader/xinwen/tui"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// Defaults and bounds of the flags that the configuration file does not
// set; the others are config's (config.DefaultTimeout, config.MinWidth...).
const (
	// defaultWidth is the width of `show` when standard output is not a
	// terminal.
	defaultWidth = 80
	// defaultMaxMiB is feed's own cap on a source, in MiB.
	defaultMaxMiB = feed.DefaultMaxBytes >> 20
	// maxMaxMiB is the largest --max-mib: loading takes about 3.5 times
	// the source's size in memory, so 1 GiB already asks for several.
	maxMaxMiB = 1024
)

// configChecks are the checks of the configuration file whose rules live in
// other packages: the browser command is split as the reader will split it.
var configChecks = config.Checks{Browser: tui.CheckBrowser}

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
	noStore    bool
	unread     bool
	format     string        // align's --format
	opml       bool          // export's --opml
	keep       time.Duration // how long read articles are kept (0: for ever)
	langSet    bool          // --lang was given
	widthSet   bool          // --width was given
	browser    string        // from the configuration file, else $BROWSER
	configured []string      // the configuration file's sources
	groups     int           // the flag groups registered
	cfg        config.Config // the configuration file over the defaults
	cfgFound   bool          // the file exists

	translate   bool             // --translate (show, export)
	trcfg       translate.Config // the [translate] table
	autoSources []string         // sources with auto_translate
	auto        bool             // translate.auto

	fullText        bool     // --full-text
	fullTextSources []string // sources with full_text
}

// sources returns the sources named on the command line, else the
// configured ones (else none: the built-in sample).
func (o *options) sources(args []string) []string {
	if len(args) == 0 {
		return o.configured
	}
	return args
}

// sourceNames returns each of sources by its feed.SourceName.
func sourceNames(sources []string) []string {
	out := make([]string, len(sources))
	for i, s := range sources {
		out[i] = feed.SourceName(s)
	}
	return out
}

// Flag groups a command can register.
const (
	flagLoad   = 1 << iota // --timeout, --max-mib
	flagLayout             // --lang, --ambiguous, --color, --side-by-side
	flagWidth              // --width
	flagStore              // --no-store
	flagUnread             // --unread
	flagMT                 // --translate (show, export)
	flagFormat             // --format (align)
	flagOPML               // --opml (export)
)

// register adds the flags of groups to fs, their defaults taken from the
// configuration file (else config's defaults), and remembers cfg in o.
// Each default is written once, here or in config.
func (o *options) register(fs *pflag.FlagSet, groups int, cfg config.Config, env Env) {
	o.groups = groups
	if groups&flagLoad != 0 {
		fs.DurationVar(&o.timeout, "timeout", cfg.TimeoutDuration(), fmt.Sprintf("give up on a URL after this long, from %s to %s", config.Duration(config.MinTimeout), config.Duration(config.MaxTimeout)))
		fs.Int64Var(&o.maxMiB, "max-mib", defaultMaxMiB, fmt.Sprintf("refuse a source larger than N MiB, from 1 to %d", maxMaxMiB))
		fs.BoolVar(&o.fullText, "full-text", false, "replace each article's summary with the article read from its page (fetched once, then stored)")
	}
	if groups&flagLayout != 0 {
		fs.StringVar(&o.lang, "lang", cfg.Lang, "language to start in: zh, en or both")
		fs.StringVar(&o.ambiguous, "ambiguous", ambiguousDefault(env.Getenv, cfg), "width of East Asian Ambiguous characters such as “ ” … —: narrow or wide (RUNEWIDTH_EASTASIAN=1 means wide)")
		fs.StringVar(&o.color, "color", cfg.Color, "colour and styling: auto, always or never (NO_COLOR is respected)")
		fs.IntVar(&o.sideBySide, "side-by-side", cfg.SideBySide, fmt.Sprintf("show both languages in two columns from N columns up, from %d to %d; narrower, paragraphs interleave", config.MinWidth, config.MaxWidth))
	}
	if groups&flagWidth != 0 {
		fs.IntVar(&o.width, "width", 0, fmt.Sprintf("lay out at N columns, from %d to %d (default: the terminal's, else %d)", config.MinWidth, config.MaxWidth, defaultWidth))
	}
	if groups&flagStore != 0 {
		fs.BoolVar(&o.noStore, "no-store", noStoreDefault(env.Getenv), "remember nothing: no database is read or written (also XINWEN_NO_STORE=1)")
	}
	if groups&flagUnread != 0 {
		fs.BoolVar(&o.unread, "unread", false, "only the articles not yet opened in the reader")
	}
	if groups&flagMT != 0 {
		fs.BoolVar(&o.translate, "translate", false, "fill in the missing language by machine translation, through the [translate] backend of config.toml")
	}
	if groups&flagOPML != 0 {
		fs.BoolVar(&o.opml, "opml", false, "print the subscriptions as OPML 2.0 instead of articles")
	}
	if groups&flagFormat != 0 {
		fs.StringVar(&o.format, "format", alignFormats[0], "the output format: "+strings.Join(alignFormats, ", "))
	}
	o.cfg = cfg
}

// finish completes o once fs has been parsed: which flags were given, the
// values that come from the file and the environment, and the checks of
// the values (a usageError).
func (o *options) finish(fs *pflag.FlagSet, env Env) error {
	o.langSet, o.widthSet = fs.Changed("lang"), fs.Changed("width")
	cfg := o.cfg
	o.browser = cfg.Browser
	if b := env.Getenv("BROWSER"); b != "" && o.browser == "" {
		o.browser = b
	}
	// Sources are keys (of stored articles, read marks, full_text and
	// auto_translate): each under its one name, as the loader names it.
	o.configured = sourceNames(cfg.AllSources())
	o.trcfg, o.auto, o.autoSources = cfg.TranslateConfig(), cfg.Translate.Auto, sourceNames(cfg.AutoTranslateSources())
	o.fullTextSources = sourceNames(cfg.FullTextSources())
	o.keep = cfg.KeepDuration()
	return o.check(o.groups)
}

// check checks the values of the flag groups in flags: numbers within their
// bounds, words among their choices.
func (o *options) check(flags int) error {
	if flags&flagLoad != 0 {
		if err := config.CheckTimeout(o.timeout); err != nil {
			return usageError{fmt.Errorf("--timeout: %w", err)}
		}
		if o.maxMiB < 1 || o.maxMiB > maxMaxMiB {
			return usagef("--max-mib: %d is out of range: a source cap is from 1 to %d MiB", o.maxMiB, maxMaxMiB)
		}
	}
	if o.widthSet {
		if err := config.CheckWidth(o.width); err != nil {
			return usageError{fmt.Errorf("--width: %w", err)}
		}
	}
	if flags&flagLayout != 0 {
		if err := config.CheckWidth(o.sideBySide); err != nil {
			return usageError{fmt.Errorf("--side-by-side: %w", err)}
		}
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
	if flags&flagFormat != 0 && !slices.Contains(alignFormats, o.format) {
		return usagef("--format: %q is not %s", o.format, strings.Join(alignFormats, ", "))
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
	if all, some := o.fullText, o.fullTextSources; all || len(some) > 0 {
		l.WantFullText = func(source string) bool { return all || slices.Contains(some, source) }
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
