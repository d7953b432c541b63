package cli

import (
	"fmt"

	"github.com/xinwen-reader/xinwen/cmd/xinwen/internal/config"
)

// runConfig prints the effective configuration, as TOML, and the paths in use.
func runConfig(o *options, env Env) error {
	cfg, found := o.cfg, o.cfgFound
	state := "not found; defaults in use"
	if found {
		state = "loaded"
	}
	cfg.Lang, cfg.Ambiguous, cfg.Color, cfg.SideBySide = o.lang, o.ambiguous, o.color, o.sideBySide
	cfg.Timeout = config.Duration(o.timeout)
	cfg.Browser = o.browser
	fmt.Fprintf(env.Stdout, "# configuration file: %s (%s)\n", env.ConfigPath, state)
	switch {
	case o.noStore:
		fmt.Fprintf(env.Stdout, "# database: disabled (--no-store or XINWEN_NO_STORE)\n")
	case env.StorePath == "":
		fmt.Fprintf(env.Stdout, "# database: none (no data directory)\n")
	default:
		fmt.Fprintf(env.Stdout, "# database: %s\n", env.StorePath)
	}
	fmt.Fprintf(env.Stdout, "# effective values (flags beat the file, the file beats the defaults):\n")
	fmt.Fprint(env.Stdout, cfg.TOML())
	return nil
}
