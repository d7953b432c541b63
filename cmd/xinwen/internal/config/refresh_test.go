package config

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestRefreshIsReadAndBounded: `refresh = "30m"` reaches the reader as 30
// minutes; nothing or "0" means never; a value that makes no sense is an
// error naming the file, the line and the key.
func TestRefreshIsReadAndBounded(t *testing.T) {
	for text, want := range map[string]time.Duration{
		"lang = \"zh\"\nrefresh = \"30m\"\n": 30 * time.Minute,
		"refresh = \"0\"\n":                  0,
		"lang = \"zh\"\n":                    0,
	} {
		cfg, _, err := Load(write(t, text), Checks{})
		if err != nil || cfg.RefreshDuration() != want {
			t.Errorf("%q: refresh %v, %v; want %v", text, cfg.RefreshDuration(), err, want)
		}
	}
	for text, want := range map[string]string{
		"lang = \"zh\"\nrefresh = \"10s\"\n": `line 2: key "refresh": 10s is out of range`,
		"refresh = \"48h\"\n":                `line 1: key "refresh": 48h is out of range`,
		"refresh = \"often\"\n":              `line 1: key "refresh": "often" is not a duration`,
	} {
		path := write(t, text)
		_, _, err := Load(path, Checks{})
		if err == nil || !strings.HasPrefix(err.Error(), path+": ") || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want it to name the file and say %q", text, err, want)
		}
	}
	if _, err := ParseRefresh("5s"); !errors.Is(err, ErrOutOfRange) {
		t.Errorf("ParseRefresh(5s) = %v, want ErrOutOfRange", err)
	}
	cfg, _, _ := Load(write(t, "refresh = \"30m\"\n"), Checks{})
	if !strings.Contains(cfg.TOML(), `refresh = "30m"`) {
		t.Errorf("xinwen config does not show the refresh interval:\n%s", cfg.TOML())
	}
}
