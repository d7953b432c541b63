package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// loadWithin runs Load on path and fails the test when it has not returned
// within a few seconds: a Load that blocks is the bug.
func loadWithin(t *testing.T, path string) (Config, bool, error) {
	t.Helper()
	type result struct {
		cfg   Config
		found bool
		err   error
	}
	done := make(chan result, 1)
	go func() {
		cfg, found, err := Load(path, Checks{})
		done <- result{cfg, found, err}
	}()
	select {
	case r := <-done:
		return r.cfg, r.found, r.err
	case <-time.After(5 * time.Second):
		t.Fatalf("Load(%s) blocked", path)
		return Config{}, false, nil
	}
}

func TestConfigLinkedToADeviceIsRefused(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero here")
	}
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.Symlink("/dev/zero", path); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	_, _, err := loadWithin(t, path)
	if !errors.Is(err, ErrNotRegular) || !strings.HasPrefix(err.Error(), path+": ") || !strings.Contains(err.Error(), "device") {
		t.Fatalf("Load(link to /dev/zero) = %v, want ErrNotRegular naming the path and the device", err)
	}
}

func TestConfigDirectoryIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	_, found, err := loadWithin(t, path)
	if !errors.Is(err, ErrNotRegular) || found || !strings.Contains(err.Error(), "a directory") {
		t.Fatalf("Load(directory) = %v, %v, want ErrNotRegular", found, err)
	}
}

func TestConfigLargerThanTheCapIsRefused(t *testing.T) {
	// Valid TOML all the way: only its size is wrong.
	text := "lang = \"en\"\n" + strings.Repeat("# padding padding padding padding\n", MaxFileBytes/34+1)
	path := write(t, text)
	_, _, err := loadWithin(t, path)
	if !errors.Is(err, ErrTooLarge) || !strings.HasPrefix(err.Error(), path+": ") {
		t.Fatalf("Load(%d bytes) = %v, want ErrTooLarge naming the path", len(text), err)
	}
	// At the cap it is still read.
	cfg, _, err := loadWithin(t, write(t, text[:MaxFileBytes]))
	if err != nil || cfg.Lang != "en" {
		t.Fatalf("Load(%d bytes) = %+v, %v", MaxFileBytes, cfg, err)
	}
}

func TestConfigWithUTF8BOMIsRead(t *testing.T) {
	cfg, found, err := Load(write(t, "\ufefflang = \"en\"\ncolor = \"never\"\n"), Checks{})
	if err != nil || !found || cfg.Lang != "en" || cfg.Color != "never" {
		t.Fatalf("Load(BOM + TOML) = %+v, %v, %v", cfg, found, err)
	}
	// Line numbers still count from the first line.
	_, _, err = Load(write(t, "\ufefflang = \"en\"\ncolor = \"sometimes\"\n"), Checks{})
	if err == nil || !strings.Contains(err.Error(), `line 2: key "color"`) {
		t.Fatalf("bad value after a BOM: %v, want line 2", err)
	}
}

func TestTildeSourcesAreExpanded(t *testing.T) {
	home, err := os.UserHomeDir()
	if err != nil {
		t.Skip("no home directory:", err)
	}
	cfg, _, err := Load(write(t, `sources = ["~", "~/news", "~other/news", "a~b"]`+"\n"), Checks{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{home, filepath.Join(home, "news"), "~other/news", "a~b"}
	if strings.Join(cfg.Sources, "|") != strings.Join(want, "|") {
		t.Fatalf("sources = %q, want %q", cfg.Sources, want)
	}
}

func TestWidthsAndTimeoutsOutOfRangeAreRefused(t *testing.T) {
	for _, text := range []string{
		"side_by_side = 0\n",
		"side_by_side = 1\n",
		"side_by_side = 9223372036854775807\n",
		"side_by_side = 4294967296\n",
		"timeout = \"0s\"\n",
		"timeout = \"-1s\"\n",
		"timeout = \"1ns\"\n",
		"timeout = \"100000h\"\n",
	} {
		path := write(t, text)
		_, _, err := Load(path, Checks{})
		if !errors.Is(err, ErrOutOfRange) || !strings.HasPrefix(err.Error(), path+": line 1: key ") {
			t.Errorf("%q: error %v, want ErrOutOfRange naming the file, line and key", text, err)
		}
	}
	for _, text := range []string{"side_by_side = 20\n", "side_by_side = 1000\n", "timeout = \"100ms\"\n", "timeout = \"1h\"\n"} {
		if _, _, err := Load(write(t, text), Checks{}); err != nil {
			t.Errorf("%q: %v, want it accepted", text, err)
		}
	}
}

func TestBrowserCheckFailureNamesFileLineAndKey(t *testing.T) {
	errQuote := errors.New("unterminated ' quote")
	checks := Checks{Browser: func(command string) error {
		if strings.Count(command, "'")%2 == 1 {
			return errQuote
		}
		return nil
	}}
	path := write(t, "lang = \"en\"\nbrowser = \"firefox 'x\"\n")
	_, _, err := Load(path, checks)
	if !errors.Is(err, errQuote) || err.Error() != path+`: line 2: key "browser": unterminated ' quote` {
		t.Fatalf("error %v", err)
	}
	if _, _, err := Load(write(t, "browser = \"firefox 'x'\"\n"), checks); err != nil {
		t.Fatalf("good browser: %v", err)
	}
}
