// Package translate makes machine translations of articles through one of
// three backends: an OpenAI-compatible chat completions server ("openai":
// Ollama, llama.cpp, vLLM, LM Studio, OpenAI, DeepSeek, Qwen), LibreTranslate
// or DeepL. Like the rest of package feed it knows nothing of terminals, and
// every string it hands out has been through [feed.Clean].
//
// An article is translated block by block, so that the translation pairs one
// to one with the source blocks and keeps their kinds; the blocks go to the
// backend in requests of at most Config.MaxChars characters, at most
// Config.Concurrency at a time. Nothing is sent anywhere unless a backend is
// configured.
package translate

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The backends a Config may name.
const (
	OpenAI         = "openai"
	LibreTranslate = "libretranslate"
	DeepL          = "deepl"
)

// Defaults for the Config fields left zero.
const (
	DefaultConcurrency = 2
	DefaultTimeout     = 60 * time.Second
	DefaultMaxChars    = 4000
)

// Limits on the Config fields.
const (
	maxConcurrency = 16
	minMaxChars    = 100
	// maxTexts is the most strings one request carries: DeepL's own limit,
	// applied to every backend so that a local model is not handed a list
	// of hundreds of one-word items either.
	maxTexts = 50
	// maxTries is how often a request is sent when the backend answers 429
	// or 503.
	maxTries = 3
)

// Config says which backend translates and how. The zero Config has no
// backend: translation is off and nothing is ever sent.
type Config struct {
	// Backend is OpenAI, LibreTranslate, DeepL or "" for none.
	Backend string
	// URL is the backend's base URL: for OpenAI the part before
	// "/chat/completions" (e.g. "http://localhost:11434/v1"), for
	// LibreTranslate the part before "/translate". For DeepL it may be
	// left empty: a key ending in ":fx" then goes to
	// https://api-free.deepl.com, any other to https://api.deepl.com.
	URL string
	// Model is the model an OpenAI server runs (required there); the other
	// backends ignore it.
	Model string
	// APIKeyEnv names the environment variable holding the key (required
	// for DeepL). The variable is read at each request, so the key is never
	// kept, logged or put in an error.
	APIKeyEnv string
	// Concurrency is the most requests in flight at once (default 2).
	Concurrency int
	// Timeout bounds each request, from sending to the end of the reply
	// (default 60s: a local model is slow).
	Timeout time.Duration
	// MaxChars is the most characters of text in one request (default
	// 4000). A block longer than that is cut at sentence ends, and its
	// pieces' translations are joined again.
	MaxChars int
}

// ConfigError is a bad Config value. Its message names the configuration
// key: `translate.backend: unknown backend "x" (openai, libretranslate or
// deepl)`.
type ConfigError struct {
	Key    string // "translate.backend", "translate.url", ...
	Reason string
}

// Error returns "KEY: reason".
func (e *ConfigError) Error() string { return e.Key + ": " + e.Reason }

// ErrNoBackend is returned by New for a Config without a backend.
var ErrNoBackend = errors.New("no translation backend configured (set translate.backend)")

// Validate reports the first bad value in c as a *ConfigError. The zero
// Config is valid: it means translation is off.
func (c Config) Validate() error {
	bad := func(key, format string, args ...any) error {
		return &ConfigError{Key: "translate." + key, Reason: fmt.Sprintf(format, args...)}
	}
	switch c.Backend {
	case "", OpenAI, LibreTranslate, DeepL:
	default:
		return bad("backend", "unknown backend %q (openai, libretranslate or deepl)", c.Backend)
	}
	if c.URL != "" {
		if reason := checkURL(c.URL); reason != "" {
			return bad("url", "%q: %s", c.URL, reason)
		}
	} else if c.Backend == OpenAI || c.Backend == LibreTranslate {
		return bad("url", "required for backend %q (e.g. %s)", c.Backend, exampleURL(c.Backend))
	}
	if c.Backend == OpenAI && strings.TrimSpace(c.Model) == "" {
		return bad("model", "required for backend %q (e.g. \"qwen2.5:7b\")", c.Backend)
	}
	if c.APIKeyEnv != "" && !isEnvName(c.APIKeyEnv) {
		return bad("api_key_env", "%q: not an environment variable name", c.APIKeyEnv)
	}
	if c.Backend == DeepL && c.APIKeyEnv == "" {
		return bad("api_key_env", "required for backend %q (e.g. \"DEEPL_AUTH_KEY\")", c.Backend)
	}
	if c.Concurrency < 0 || c.Concurrency > maxConcurrency {
		return bad("concurrency", "%d: must be 1 to %d", c.Concurrency, maxConcurrency)
	}
	if c.Timeout < 0 {
		return bad("timeout", "%s: must be positive", c.Timeout)
	}
	if c.MaxChars != 0 && c.MaxChars < minMaxChars {
		return bad("max_chars", "%d: must be at least %d", c.MaxChars, minMaxChars)
	}
	return nil
}

func checkURL(raw string) string {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return "not a URL"
	case u.Scheme != "http" && u.Scheme != "https":
		return "must start with http:// or https://"
	case u.Host == "":
		return "has no host"
	case u.User != nil:
		return "must not hold a user name or password (use translate.api_key_env)"
	case u.RawQuery != "" || u.Fragment != "":
		return "must not have a query or fragment"
	}
	return ""
}

func exampleURL(backend string) string {
	if backend == LibreTranslate {
		return "http://localhost:5000"
	}
	return "http://localhost:11434/v1"
}

func isEnvName(s string) bool {
	for i, r := range s {
		switch {
		case r == '_', 'A' <= r && r <= 'Z', 'a' <= r && r <= 'z':
		case '0' <= r && r <= '9' && i > 0:
		default:
			return false
		}
	}
	return s != ""
}

// withDefaults returns c with its zero fields set to the defaults.
func (c Config) withDefaults() Config {
	if c.Concurrency == 0 {
		c.Concurrency = DefaultConcurrency
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	if c.MaxChars == 0 {
		c.MaxChars = DefaultMaxChars
	}
	c.URL = strings.TrimRight(c.URL, "/")
	c.Model = strings.TrimSpace(c.Model)
	return c
}

// Translator sends translation requests to one backend. It is safe for
// concurrent use; its Concurrency limit holds across all its calls.
type Translator struct {
	cfg     Config
	client  *http.Client
	getenv  func(string) string
	backend backend
	slots   chan struct{} // one token per request in flight
	// sleep waits d or until ctx is done; tests replace it.
	sleep func(ctx context.Context, d time.Duration) error
}

// New returns a Translator for cfg, which must pass Validate and name a
// backend (else the error is ErrNoBackend). Requests go through client's
// Transport (nil: http.DefaultTransport) with client's redirect policy;
// client's own Timeout is not used, cfg.Timeout bounds each request instead.
// getenv (nil: none, so no key) reads the key at each request.
func New(cfg Config, client *http.Client, getenv func(string) string) (*Translator, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Backend == "" {
		return nil, ErrNoBackend
	}
	cfg = cfg.withDefaults()
	c := &http.Client{}
	if client != nil {
		*c = *client
	}
	c.Timeout = 0 // each request has cfg.Timeout as its context deadline
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	t := &Translator{
		cfg:    cfg,
		client: c,
		getenv: getenv,
		slots:  make(chan struct{}, cfg.Concurrency),
		sleep:  sleepContext,
	}
	switch cfg.Backend {
	case OpenAI:
		t.backend = openAIBackend{url: cfg.URL, modelName: cfg.Model}
	case LibreTranslate:
		t.backend = libreBackend{url: cfg.URL}
	case DeepL:
		t.backend = deepLBackend{url: cfg.URL}
	}
	return t, nil
}

// Config returns the configuration t uses, defaults filled in.
func (t *Translator) Config() Config { return t.cfg }

func sleepContext(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
