package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"
)

func write(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestMissingFileGivesDefaults(t *testing.T) {
	cfg, found, err := Load(filepath.Join(t.TempDir(), "none.toml"), Checks{})
	if err != nil || found || !reflect.DeepEqual(cfg, Default()) {
		t.Fatalf("Load(missing) = %+v, %v, %v", cfg, found, err)
	}
}

func TestFileOverridesDefaults(t *testing.T) {
	path := write(t, `# my reader
sources = ["https://example.org/feed.xml", "~/news"]
lang = "both"
ambiguous = "wide"
color = "never"
browser = "firefox --new-window"
side_by_side = 120
timeout = "30s"
`)
	cfg, found, err := Load(path, Checks{})
	if err != nil || !found {
		t.Fatal(found, err)
	}
	home, _ := os.UserHomeDir()
	want := Config{
		Sources:    []string{"https://example.org/feed.xml", filepath.Join(home, "news")},
		Lang:       "both",
		Ambiguous:  "wide",
		Color:      "never",
		Browser:    "firefox --new-window",
		SideBySide: 120,
		Timeout:    "30s",
		Translate:  defaultTranslate(),
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Fatalf("got %+v\nwant %+v", cfg, want)
	}
	if cfg.TimeoutDuration() != 30*time.Second {
		t.Errorf("TimeoutDuration = %v", cfg.TimeoutDuration())
	}
}

func TestPartialFileKeepsOtherDefaults(t *testing.T) {
	cfg, _, err := Load(write(t, "lang = \"en\"\n"), Checks{})
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Lang = "en"
	if !reflect.DeepEqual(cfg, want) {
		t.Fatalf("got %+v", cfg)
	}
}

func TestErrorsNameFileLineAndKey(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{"lang = \"zh\"\ncolour = \"never\"\n", `line 2: unknown key "colour"`},
		{"\n\nlang = \"fr\"\n", `line 3: key "lang": "fr" is not zh, en, both`},
		{"ambiguous = \"medium\"\n", `line 1: key "ambiguous"`},
		{"color = \"sometimes\"\n", `line 1: key "color"`},
		{"side_by_side = \"wide\"\n", `line 1: key "side_by_side"`},
		{"side_by_side = -3\n", `line 1: key "side_by_side": -3 is out of range`},
		{"timeout = \"soon\"\n", `line 1: key "timeout"`},
		{"sources = [\"\"]\n", `line 1: key "sources"`},
		{"lang = \n", "line 1"},
	}
	for _, tt := range tests {
		path := write(t, tt.text)
		_, _, err := Load(path, Checks{})
		if err == nil {
			t.Errorf("%q: no error", tt.text)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, path+": ") || !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
			t.Errorf("%q: error %q, want one line starting with the path and containing %q", tt.text, msg, tt.want)
		}
	}
}

func TestTOMLRoundTrips(t *testing.T) {
	cfg := Default()
	cfg.Sources = []string{`C:\news "daily"`, "https://example.org/a.xml"}
	cfg.Browser = "open -a Safari"
	var back Config
	if err := toml.Unmarshal([]byte(cfg.TOML()), &back); err != nil {
		t.Fatalf("TOML() is not valid TOML: %v\n%s", err, cfg.TOML())
	}
	if !reflect.DeepEqual(back, cfg) {
		t.Fatalf("round trip: got %+v, want %+v", back, cfg)
	}
}

func TestDurationDropsZeroUnits(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Hour:               "1h",
		90 * time.Minute:        "1h30m",
		time.Hour + time.Second: "1h0m1s",
		2 * time.Minute:         "2m",
		15 * time.Second:        "15s",
		100 * time.Millisecond:  "100ms",
		1500 * time.Millisecond: "1.5s",
		0:                       "0s",
	} {
		got := Duration(d)
		if got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
		if back, err := time.ParseDuration(got); err != nil || back != d {
			t.Errorf("ParseDuration(%q) = %v, %v, want %v", got, back, err, d)
		}
	}
}
