package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pelletier/go-toml/v2"

	"github.com/xinwen-reader/xinwen/feed/translate"
)

func TestTranslateTableIsRead(t *testing.T) {
	path := write(t, `lang = "both"

[translate]
backend = "openai"                  # openai | libretranslate | deepl
url = "http://localhost:11434/v1"   # Ollama
model = "qwen2.5:7b"
api_key_env = "OPENAI_API_KEY"
auto = true
concurrency = 4
timeout = "90s"
`)
	cfg, _, err := Load(path, Checks{})
	if err != nil {
		t.Fatal(err)
	}
	want := Translate{Backend: "openai", URL: "http://localhost:11434/v1", Model: "qwen2.5:7b",
		APIKeyEnv: "OPENAI_API_KEY", Auto: true, Concurrency: 4, Timeout: "90s"}
	if cfg.Translate != want {
		t.Fatalf("translate = %+v, want %+v", cfg.Translate, want)
	}
	tc := cfg.TranslateConfig()
	wantTC := translate.Config{Backend: "openai", URL: "http://localhost:11434/v1", Model: "qwen2.5:7b",
		APIKeyEnv: "OPENAI_API_KEY", Concurrency: 4, Timeout: 90 * time.Second}
	if tc != wantTC {
		t.Fatalf("TranslateConfig = %+v, want %+v", tc, wantTC)
	}
}

func TestNoTranslateTableMeansNoBackend(t *testing.T) {
	cfg, _, err := Load(write(t, "lang = \"en\"\n"), Checks{})
	if err != nil {
		t.Fatal(err)
	}
	tc := cfg.TranslateConfig()
	if tc.Backend != "" || cfg.Translate.Auto {
		t.Fatalf("without [translate]: %+v, auto %v; want no backend", tc, cfg.Translate.Auto)
	}
	if tc.Concurrency != translate.DefaultConcurrency || tc.Timeout != translate.DefaultTimeout {
		t.Fatalf("defaults %+v", tc)
	}
}

func TestBadTranslateValuesNameFileLineAndKey(t *testing.T) {
	head := "lang = \"zh\"\n[translate]\n"
	tests := []struct {
		text, want string
	}{
		{head + "backend = \"google\"\n", `line 3: key "translate.backend": unknown backend "google"`},
		{head + "backend = \"openai\"\nmodel = \"m\"\n", `line 2: key "translate.url": required for backend "openai"`},
		{head + "backend = \"openai\"\nurl = \"ftp://x\"\nmodel = \"m\"\n", `line 4: key "translate.url": "ftp://x": must start with http:// or https://`},
		{head + "backend = \"openai\"\nurl = \"http://u:p@x/v1\"\nmodel = \"m\"\n", `line 4: key "translate.url"`},
		{head + "backend = \"openai\"\nurl = \"http://x/v1\"\n", `key "translate.model": required for backend "openai"`},
		{head + "backend = \"openai\"\nurl = \"http://x/v1\"\nmodel = \"m\"\napi_key_env = \"sk-123 abc\"\n", `line 6: key "translate.api_key_env": "sk-123 abc": not an environment variable name`},
		{head + "backend = \"deepl\"\n", `key "translate.api_key_env": required for backend "deepl"`},
		{head + "concurrency = 0\n", `line 3: key "translate.concurrency": 0: must be 1 to 16`},
		{head + "concurrency = 17\n", `line 3: key "translate.concurrency": 17: must be 1 to 16`},
		{head + "concurrency = \"two\"\n", `line 3: key "translate.concurrency"`},
		{head + "timeout = \"soon\"\n", `line 3: key "translate.timeout": "soon" is not a duration`},
		{head + "timeout = \"0s\"\n", `line 3: key "translate.timeout": 0s is out of range`},
		{head + "timeout = \"2h\"\n", `line 3: key "translate.timeout": 2h is out of range`},
		{head + "auto = \"yes\"\n", `line 3: key "translate.auto"`},
		{head + "api_key = \"sk-secret\"\n", `line 3: unknown key "translate.api_key"`},
		{"translate.backend = \"x\"\n", `line 1: key "translate.backend": unknown backend "x"`},
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
		if strings.Contains(msg, "sk-secret") {
			t.Errorf("%q: the error repeats the value of an unknown key: %q", tt.text, msg)
		}
	}
}

func TestSourceTablesWithAutoTranslate(t *testing.T) {
	home, err := os.UserHomeDir()
	if err != nil {
		t.Skip("no home directory:", err)
	}
	path := write(t, `sources = ["https://a.example/feed.xml"]

[[source]]
url = "https://b.example/feed.xml"
auto_translate = true

[[source]]
path = "~/news"
`)
	cfg, _, err := Load(path, Checks{})
	if err != nil {
		t.Fatal(err)
	}
	wantAll := []string{"https://a.example/feed.xml", "https://b.example/feed.xml", filepath.Join(home, "news")}
	if !reflect.DeepEqual(cfg.AllSources(), wantAll) {
		t.Errorf("AllSources = %q, want %q", cfg.AllSources(), wantAll)
	}
	if got := cfg.AutoTranslateSources(); !reflect.DeepEqual(got, []string{"https://b.example/feed.xml"}) {
		t.Errorf("AutoTranslateSources = %q", got)
	}
}

func TestBadSourceTablesNameFileAndLine(t *testing.T) {
	tests := []struct{ text, want string }{
		{"lang = \"zh\"\n[[source]]\nauto_translate = true\n", "line 2: [[source]] 1: needs url or path"},
		{"[[source]]\nurl = \"https://a\"\n[[source]]\nurl = \"https://b\"\npath = \"/x\"\n", "line 3: [[source]] 2: has both url and path"},
		{"[[source]]\nurl = \"feed.xml\"\n", `line 1: key "source.url": "feed.xml" does not start with http://`},
		{"[[source]]\npath = \"  \"\n", `key "source.path": the path is empty`},
		{"[[source]]\npath = \"/x\"\nauto = true\n", `line 3: unknown key "source.auto"`},
		{"[[source]]\npath = \"/x\"\nauto_translate = 1\n", `line 3: key "source.auto_translate"`},
	}
	for _, tt := range tests {
		path := write(t, tt.text)
		_, _, err := Load(path, Checks{})
		if err == nil || !strings.HasPrefix(err.Error(), path+": ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want one naming the path and containing %q", tt.text, err, tt.want)
		}
	}
}

func TestTOMLRoundTripsTranslateAndSourceTables(t *testing.T) {
	cfg := Default()
	cfg.Sources = []string{"https://c.example/feed.xml"}
	cfg.Translate = Translate{Backend: "deepl", APIKeyEnv: "DEEPL_AUTH_KEY", Auto: true, Concurrency: 3, Timeout: "30s"}
	cfg.Source = []Source{{URL: "https://a.example/x.xml", AutoTranslate: true}, {Path: `C:\news "daily"`}}
	var back Config
	if err := toml.Unmarshal([]byte(cfg.TOML()), &back); err != nil {
		t.Fatalf("TOML() is not valid TOML: %v\n%s", err, cfg.TOML())
	}
	if !reflect.DeepEqual(back, cfg) {
		t.Fatalf("round trip: got %+v, want %+v", back, cfg)
	}
}

func TestTranslateTimeoutOutOfRangeWrapsErrOutOfRange(t *testing.T) {
	_, _, err := Load(write(t, "[translate]\ntimeout = \"10ms\"\n"), Checks{})
	if !errors.Is(err, ErrOutOfRange) {
		t.Fatalf("error %v, want ErrOutOfRange", err)
	}
}
