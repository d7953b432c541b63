// Package config reads xinwen's configuration file,
// $XDG_CONFIG_HOME/xinwen/config.toml, and says where it came from.
//
// The file is optional. Every key is optional; an unknown key or a bad value
// is an error naming the file, the line and the key. Flags beat the file, and
// the file beats the defaults: the command line uses a Config's values as the
// defaults of its flags.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/adrg/xdg"
	"github.com/pelletier/go-toml/v2"

	"github.com/xinwen-reader/xinwen/feed"
)

// Defaults and bounds of the values that both the file and the flags set.
// The command line uses them for its flags, so each is written once.
const (
	// DefaultTimeout bounds each fetch of a URL (feed's own default).
	DefaultTimeout = feed.DefaultTimeout
	// MinTimeout and MaxTimeout bound a timeout: zero would mean no
	// timeout at all, and a fetch cut off in less cannot succeed.
	MinTimeout = 100 * time.Millisecond
	MaxTimeout = time.Hour
	// MinWidth is the narrowest width xinwen lays articles out at: the
	// reader's own minimum (below it the reader asks for a larger
	// terminal), wide enough for every Chinese character, list marker and
	// quote bar with text beside it. `show` refuses a narrower --width.
	MinWidth = 20
	// MaxWidth is the widest: wider than any terminal, and small enough
	// that a padded line stays a few kilobytes.
	MaxWidth = 1000
	// DefaultSideBySide is the width from which both languages show in two
	// columns; side_by_side and --side-by-side lie within MinWidth and
	// MaxWidth.
	DefaultSideBySide = 80
)

// Config is the effective configuration. The zero value is not the default;
// use Default.
type Config struct {
	// Sources are opened when xinwen is given none; empty means the
	// built-in sample. A leading "~/" stands for the home directory.
	Sources []string `toml:"sources"`
	// Lang is the language mode to start in: zh, en or both.
	Lang string `toml:"lang"`
	// Ambiguous is the width of East Asian Ambiguous characters: narrow or wide.
	Ambiguous string `toml:"ambiguous"`
	// Color is auto, always or never.
	Color string `toml:"color"`
	// Browser is the command that opens links, split into words like a
	// command line; the URL is appended. Empty: $BROWSER, else the
	// platform's opener.
	Browser string `toml:"browser"`
	// SideBySide is the width from which both languages show in two columns.
	SideBySide int `toml:"side_by_side"`
	// Timeout bounds each fetch of a URL, as a Go duration ("15s").
	Timeout string `toml:"timeout"`
	// Keep is how long read articles are kept ("90d", "720h"; "" or "0":
	// for ever). Unread and starred ones are always kept.
	Keep string `toml:"keep"`
	// Refresh is how often the reader refreshes its feeds while it is
	// open ("30m"; "" or "0": only at start and with R).
	Refresh string `toml:"refresh"`
	// Translate is the [translate] table: machine translation.
	Translate Translate `toml:"translate"`
	// Source holds the [[source]] tables: sources with settings of their
	// own, opened after Sources (see AllSources).
	Source []Source `toml:"source"`
}

// Default returns the configuration used where the file says nothing.
func Default() Config {
	return Config{
		Lang:       "zh",
		Ambiguous:  "narrow",
		Color:      "auto",
		SideBySide: DefaultSideBySide,
		Timeout:    Duration(DefaultTimeout),
		Translate:  defaultTranslate(),
	}
}

// Path returns where the configuration file is looked for:
// $XDG_CONFIG_HOME/xinwen/config.toml (on most systems ~/.config/...).
func Path() string {
	return filepath.Join(xdg.ConfigHome, "xinwen", "config.toml")
}

// Checks validate values whose rules live outside this package. Load runs
// the ones that are not nil and reports a failure like any bad value, with
// the file, the line and the key.
type Checks struct {
	// Browser checks the browser command (the reader's tui.CheckBrowser,
	// which splits it as the reader will).
	Browser func(command string) error
}

// utf8BOM is the byte order mark some editors put at the start of a UTF-8
// file. TOML does not allow it; Load skips it.
const utf8BOM = "\ufeff"

// Load reads the file at path over the defaults. A missing file is not an
// error: found is false and the defaults come back. Only a regular file of at
// most MaxFileBytes is read (see ErrNotRegular, ErrTooLarge); a named pipe is
// refused without waiting for a writer.
func Load(path string, checks Checks) (cfg Config, found bool, err error) {
	cfg = Default()
	data, err := readFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return cfg, false, nil
	}
	if err != nil {
		return cfg, false, fmt.Errorf("%s: %w", path, err)
	}
	data = bytes.TrimPrefix(data, []byte(utf8BOM))
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cfg); err != nil {
		return Default(), true, describe(path, err)
	}
	if err := cfg.check(data, checks); err != nil {
		return Default(), true, fmt.Errorf("%s: %w", path, err)
	}
	for i, s := range cfg.Sources {
		expanded, err := expandHome(s)
		if err != nil {
			return Default(), true, fmt.Errorf("%s: line %d: key %q: %q: %w", path, lineOf(data, "sources"), "sources", s, err)
		}
		cfg.Sources[i] = expanded
	}
	for i, s := range cfg.Source {
		if s.Path == "" {
			continue
		}
		expanded, err := expandHome(s.Path)
		if err != nil {
			return Default(), true, fmt.Errorf("%s: line %d: key %q: %q: %w", path, sourceLine(data, i), "source.path", s.Path, err)
		}
		cfg.Source[i].Path = expanded
	}
	return cfg, true, nil
}

// expandHome turns a leading "~" alone or before a path separator into the
// home directory, as a shell would have for a source on the command line.
// "~user" is left alone.
func expandHome(source string) (string, error) {
	rest, ok := strings.CutPrefix(source, "~")
	if !ok || rest != "" && !os.IsPathSeparator(rest[0]) {
		return source, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("no home directory for \"~\": %w", err)
	}
	return filepath.Join(home, rest), nil
}

// describe turns a decoding error into "PATH: line N: key K: problem".
func describe(path string, err error) error {
	var missing *toml.StrictMissingError
	if errors.As(err, &missing) && len(missing.Errors) > 0 {
		e := missing.Errors[0]
		row, _ := e.Position()
		return fmt.Errorf("%s: line %d: unknown key %q", path, row, strings.Join(e.Key(), "."))
	}
	var decode *toml.DecodeError
	if errors.As(err, &decode) {
		row, _ := decode.Position()
		if key := strings.Join(decode.Key(), "."); key != "" {
			return fmt.Errorf("%s: line %d: key %q: %s", path, row, key, firstLine(decode.Error()))
		}
		return fmt.Errorf("%s: line %d: %s", path, row, firstLine(decode.Error()))
	}
	return fmt.Errorf("%s: %s", path, firstLine(err.Error()))
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimPrefix(s, "toml: ")
}

// check validates values that TOML's types cannot, naming the line of the
// key in data.
func (c Config) check(data []byte, checks Checks) error {
	oneOf := func(key, value string, allowed ...string) error {
		for _, a := range allowed {
			if value == a {
				return nil
			}
		}
		return fmt.Errorf("line %d: key %q: %q is not %s", lineOf(data, key), key, value, strings.Join(allowed, ", "))
	}
	if err := oneOf("lang", c.Lang, "zh", "en", "both"); err != nil {
		return err
	}
	if err := oneOf("ambiguous", c.Ambiguous, "narrow", "wide"); err != nil {
		return err
	}
	if err := oneOf("color", c.Color, "auto", "always", "never"); err != nil {
		return err
	}
	if err := CheckWidth(c.SideBySide); err != nil {
		return fmt.Errorf("line %d: key %q: %w", lineOf(data, "side_by_side"), "side_by_side", err)
	}
	d, err := time.ParseDuration(c.Timeout)
	if err != nil {
		return fmt.Errorf("line %d: key %q: %q is not a duration such as %q", lineOf(data, "timeout"), "timeout", c.Timeout, Duration(DefaultTimeout))
	}
	if err := CheckTimeout(d); err != nil {
		return fmt.Errorf("line %d: key %q: %w", lineOf(data, "timeout"), "timeout", err)
	}
	if _, err := ParseKeep(c.Keep); err != nil {
		return fmt.Errorf("line %d: key %q: %w", lineOf(data, "keep"), "keep", err)
	}
	if _, err := ParseRefresh(c.Refresh); err != nil {
		return fmt.Errorf("line %d: key %q: %w", lineOf(data, "refresh"), "refresh", err)
	}
	if checks.Browser != nil {
		if err := checks.Browser(c.Browser); err != nil {
			return fmt.Errorf("line %d: key %q: %w", lineOf(data, "browser"), "browser", err)
		}
	}
	for i, s := range c.Sources {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("line %d: key %q: source %d is empty", lineOf(data, "sources"), "sources", i+1)
		}
	}
	if err := c.checkTranslate(data); err != nil {
		return err
	}
	return c.checkSources(data)
}

// lineOf returns the 1-based line on which key is assigned at the top level
// of the TOML document data, or 0 when it is not found.
func lineOf(data []byte, key string) int {
	return lineIn(data, "", key)
}

// ErrOutOfRange means a width or a timeout lies outside its bounds.
var ErrOutOfRange = errors.New("out of range")

// CheckWidth returns an error wrapping ErrOutOfRange unless MinWidth <= w <=
// MaxWidth. The file and the flags check widths with it.
func CheckWidth(w int) error {
	if w < MinWidth || w > MaxWidth {
		return fmt.Errorf("%d is %w: a width is from %d to %d columns", w, ErrOutOfRange, MinWidth, MaxWidth)
	}
	return nil
}

// CheckTimeout returns an error wrapping ErrOutOfRange unless MinTimeout <=
// d <= MaxTimeout. The file and the flags check timeouts with it.
func CheckTimeout(d time.Duration) error {
	if d < MinTimeout || d > MaxTimeout {
		return fmt.Errorf("%s is %w: a timeout is from %s to %s", Duration(d), ErrOutOfRange, Duration(MinTimeout), Duration(MaxTimeout))
	}
	return nil
}

// Duration writes d as time.Duration's String does, without the zero
// minutes and seconds it adds after hours and minutes: "1h", "1h30m",
// "15s", "100ms". time.ParseDuration reads it back.
func Duration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// TimeoutDuration returns Timeout parsed; Load has checked it.
func (c Config) TimeoutDuration() time.Duration {
	d, err := time.ParseDuration(c.Timeout)
	if err != nil {
		return DefaultTimeout
	}
	return d
}

// TOML returns the configuration as a TOML document, one key a line.
func (c Config) TOML() string {
	var b strings.Builder
	quoted := make([]string, len(c.Sources))
	for i, s := range c.Sources {
		quoted[i] = strconv.Quote(s)
	}
	fmt.Fprintf(&b, "sources = [%s]\n", strings.Join(quoted, ", "))
	fmt.Fprintf(&b, "lang = %q\n", c.Lang)
	fmt.Fprintf(&b, "ambiguous = %q\n", c.Ambiguous)
	fmt.Fprintf(&b, "color = %q\n", c.Color)
	fmt.Fprintf(&b, "browser = %q\n", c.Browser)
	fmt.Fprintf(&b, "side_by_side = %d\n", c.SideBySide)
	fmt.Fprintf(&b, "timeout = %q\n", c.Timeout)
	if c.Refresh != "" {
		fmt.Fprintf(&b, "refresh = %q\n", c.Refresh)
	}
	if c.Keep != "" {
		fmt.Fprintf(&b, "keep = %q\n", c.Keep)
	}
	c.translateTOML(&b)
	return b.String()
}
