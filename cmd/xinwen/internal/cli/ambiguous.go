package cli

import (
	"os"
	"strconv"
	"strings"

	"github.com/xinwen-reader/xinwen/cmd/xinwen/internal/config"
)

// eastAsianVar is the variable through which go-runewidth and x/ansi (and so
// lipgloss and Bubble Tea's renderer) choose the width of East Asian
// Ambiguous characters. x/ansi reads it once, when the package initialises,
// and offers no other switch.
const eastAsianVar = "RUNEWIDTH_EASTASIAN"

// MatchAmbiguousWidth makes the width that x/ansi chose at start-up agree with
// the one asked for: by --ambiguous, else RUNEWIDTH_EASTASIAN, else the
// configuration file. When
// they differ it sets RUNEWIDTH_EASTASIAN accordingly and runs the program
// again in place of this process (on Windows, as a child whose exit status it
// passes on), so that every measurement in xinwen, lipgloss's included, uses
// one width. It returns normally when no re-run is needed or possible.
func MatchAmbiguousWidth(args []string) {
	want, ok := ambiguousFlag(args)
	if !ok {
		cfg, _, err := config.Load(config.Path(), config.Checks{})
		if err != nil {
			return // parse reports it
		}
		want = ambiguousDefault(os.Getenv, cfg) == "wide"
	}
	have := ansiWide(os.Getenv)
	if want == have || os.Getenv("XINWEN_REEXEC") != "" {
		return
	}
	value := "0"
	if want {
		value = "1"
	}
	os.Setenv(eastAsianVar, value)
	os.Setenv("XINWEN_REEXEC", "1") // never loop, whatever happens
	reexec(args)
}

// ansiWide reports the choice x/ansi made at init: wide when
// RUNEWIDTH_EASTASIAN parses as true.
func ansiWide(getenv func(string) string) bool {
	wide, err := strconv.ParseBool(getenv(eastAsianVar))
	return err == nil && wide
}

// ambiguousFlag finds --ambiguous in args and reports whether it asks for
// wide. It stops at "--", after which arguments are sources.
func ambiguousFlag(args []string) (wide, found bool) {
	for i := 1; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "ambiguous" {
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				return false, false
			}
			value = args[i+1]
		}
		if b, err := strconv.ParseBool(value); err == nil {
			return b, true // tolerate --ambiguous=true/false from scripts
		}
		switch value {
		case "wide":
			return true, true
		case "narrow":
			return false, true
		}
		return false, false // a bad value: parse reports it
	}
	return false, false
}
