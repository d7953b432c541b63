package translate

import (
	"errors"
	"testing"
	"time"
)

func TestValidateNamesTheKeyAndTheProblem(t *testing.T) {
	ollama := Config{Backend: OpenAI, URL: "http://localhost:11434/v1", Model: "qwen2.5:7b"}
	with := func(change func(*Config)) Config {
		c := ollama
		change(&c)
		return c
	}
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{Backend: "x"}, `translate.backend: unknown backend "x" (openai, libretranslate or deepl)`},
		{with(func(c *Config) { c.URL = "" }), `translate.url: required for backend "openai" (e.g. http://localhost:11434/v1)`},
		{Config{Backend: LibreTranslate}, `translate.url: required for backend "libretranslate" (e.g. http://localhost:5000)`},
		{with(func(c *Config) { c.URL = "localhost:11434" }), `translate.url: "localhost:11434": must start with http:// or https://`},
		{with(func(c *Config) { c.URL = "ftp://example.org" }), `translate.url: "ftp://example.org": must start with http:// or https://`},
		{with(func(c *Config) { c.URL = "http://" }), `translate.url: "http://": has no host`},
		{with(func(c *Config) { c.URL = "https://user:sk-1@api.example.org/v1" }),
			`translate.url: "https://user:sk-1@api.example.org/v1": must not hold a user name or password (use translate.api_key_env)`},
		{with(func(c *Config) { c.Model = " " }), `translate.model: required for backend "openai" (e.g. "qwen2.5:7b")`},
		{with(func(c *Config) { c.APIKeyEnv = "sk-123" }), `translate.api_key_env: "sk-123": not an environment variable name`},
		{Config{Backend: DeepL}, `translate.api_key_env: required for backend "deepl" (e.g. "DEEPL_AUTH_KEY")`},
		{with(func(c *Config) { c.Concurrency = -1 }), `translate.concurrency: -1: must be 1 to 16`},
		{with(func(c *Config) { c.Concurrency = 17 }), `translate.concurrency: 17: must be 1 to 16`},
		{with(func(c *Config) { c.Timeout = -time.Second }), `translate.timeout: -1s: must be positive`},
		{with(func(c *Config) { c.MaxChars = 10 }), `translate.max_chars: 10: must be at least 100`},
	} {
		err := tc.cfg.Validate()
		var ce *ConfigError
		if !errors.As(err, &ce) || err.Error() != tc.want {
			t.Errorf("%+v:\ngot  %v\nwant %s", tc.cfg, err, tc.want)
		}
	}
	for _, ok := range []Config{
		{},
		ollama,
		{Backend: DeepL, APIKeyEnv: "DEEPL_AUTH_KEY"},
		{Backend: DeepL, URL: "https://api.deepl.com", APIKeyEnv: "DEEPL_AUTH_KEY"},
		{Backend: LibreTranslate, URL: "http://127.0.0.1:5000/", APIKeyEnv: "LT_KEY", Concurrency: 4, MaxChars: 1000, Timeout: time.Second},
	} {
		if err := ok.Validate(); err != nil {
			t.Errorf("%+v: %v", ok, err)
		}
	}
}

func TestNewFillsInTheDefaults(t *testing.T) {
	tr, err := New(Config{Backend: LibreTranslate, URL: "http://localhost:5000/"}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := tr.Config()
	want := Config{Backend: LibreTranslate, URL: "http://localhost:5000",
		Concurrency: DefaultConcurrency, Timeout: DefaultTimeout, MaxChars: DefaultMaxChars}
	if got != want {
		t.Errorf("got %+v, want %+v", got, want)
	}
	if _, err := New(Config{Backend: "x"}, nil, nil); err == nil {
		t.Error("New accepted an unknown backend")
	}
}
