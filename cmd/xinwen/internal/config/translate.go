package config

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xinwen-reader/xinwen/feed/translate"
)

// Translate is the [translate] table: which machine translation backend
// to use and how. With no backend nothing is ever sent anywhere. The API
// key itself is never part of the configuration: APIKeyEnv names the
// environment variable that holds it, read at each request.
type Translate struct {
	// Backend is "openai", "libretranslate", "deepl" or "" for none.
	Backend string `toml:"backend"`
	// URL is the backend's base URL ("http://localhost:11434/v1").
	URL string `toml:"url"`
	// Model is the model an openai server runs ("qwen2.5:7b").
	Model string `toml:"model"`
	// APIKeyEnv is the NAME of the environment variable holding the key.
	APIKeyEnv string `toml:"api_key_env"`
	// Auto translates any one-language article when it is opened.
	Auto bool `toml:"auto"`
	// Concurrency is the most requests in flight, 1 to 16.
	Concurrency int `toml:"concurrency"`
	// Timeout bounds each request, as a Go duration ("60s").
	Timeout string `toml:"timeout"`
}

// Source is one [[source]] table: a source given with settings of its
// own. Exactly one of URL and Path is set.
type Source struct {
	URL  string `toml:"url"`
	Path string `toml:"path"`
	// AutoTranslate translates this source's one-language articles when
	// they are opened, as translate.auto does for every source.
	AutoTranslate bool `toml:"auto_translate"`
	// FullText replaces this source's summaries with the articles
	// extracted from their pages, as --full-text does for every source.
	FullText bool `toml:"full_text"`
}

// Name returns the source as the command line would name it: the URL or
// the path.
func (s Source) Name() string {
	if s.URL != "" {
		return s.URL
	}
	return s.Path
}

// defaultTranslate is the [translate] table where the file says nothing:
// no backend, the client's own concurrency and timeout.
func defaultTranslate() Translate {
	return Translate{Concurrency: translate.DefaultConcurrency, Timeout: Duration(translate.DefaultTimeout)}
}

// AllSources returns the sources xinwen opens when it is given none: those
// of the sources list, then those of the [[source]] tables, in file order.
func (c Config) AllSources() []string {
	out := append([]string(nil), c.Sources...)
	for _, s := range c.Source {
		out = append(out, s.Name())
	}
	return out
}

// AutoTranslateSources returns the sources whose tables set
// auto_translate.
func (c Config) AutoTranslateSources() []string {
	var out []string
	for _, s := range c.Source {
		if s.AutoTranslate {
			out = append(out, s.Name())
		}
	}
	return out
}

// TranslateConfig returns the [translate] table as the client takes it.
// Load has checked it.
func (c Config) TranslateConfig() translate.Config {
	t := c.Translate
	d, err := time.ParseDuration(t.Timeout)
	if err != nil {
		d = translate.DefaultTimeout
	}
	return translate.Config{
		Backend: t.Backend, URL: t.URL, Model: t.Model, APIKeyEnv: t.APIKeyEnv,
		Concurrency: t.Concurrency, Timeout: d,
	}
}

// checkTranslate validates the [translate] table, naming the line of the
// key at fault.
func (c Config) checkTranslate(data []byte) error {
	t := c.Translate
	at := func(key string) string {
		return fmt.Sprintf("line %d: key %q", translateLine(data, key), "translate."+key)
	}
	if t.Concurrency < 1 {
		return fmt.Errorf("%s: %d: must be 1 to 16", at("concurrency"), t.Concurrency)
	}
	d, err := time.ParseDuration(t.Timeout)
	if err != nil {
		return fmt.Errorf("%s: %q is not a duration such as %q", at("timeout"), t.Timeout, Duration(translate.DefaultTimeout))
	}
	if err := CheckTimeout(d); err != nil {
		return fmt.Errorf("%s: %w", at("timeout"), err)
	}
	err = c.TranslateConfig().Validate()
	var ce *translate.ConfigError
	if errors.As(err, &ce) {
		return fmt.Errorf("%s: %s", at(strings.TrimPrefix(ce.Key, "translate.")), ce.Reason)
	}
	return err
}

// translateLine is the line of key in the [translate] table or, when the
// key is missing (a required one), of the table's header.
func translateLine(data []byte, key string) int {
	if n := lineIn(data, "translate", key); n > 0 {
		return n
	}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.ReplaceAll(strings.TrimSpace(line), " ", ""), "[translate]") {
			return i + 1
		}
	}
	return 0
}

// checkSources validates the [[source]] tables.
func (c Config) checkSources(data []byte) error {
	for i, s := range c.Source {
		line := sourceLine(data, i)
		switch {
		case s.URL == "" && s.Path == "":
			return fmt.Errorf("line %d: [[source]] %d: needs url or path", line, i+1)
		case s.URL != "" && s.Path != "":
			return fmt.Errorf("line %d: [[source]] %d: has both url and path; give one", line, i+1)
		case s.URL != "" && !isHTTP(s.URL):
			return fmt.Errorf("line %d: key %q: %q does not start with http:// or https://", line, "source.url", s.URL)
		case s.Path != "" && strings.TrimSpace(s.Path) == "":
			return fmt.Errorf("line %d: key %q: the path is empty", line, "source.path")
		}
	}
	return nil
}

func isHTTP(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// lineIn returns the 1-based line on which key is assigned in table of the
// TOML document data ("" for the top level; a dotted "table.key" at the top
// level counts too), or 0 when it is not found.
func lineIn(data []byte, table, key string) int {
	current := ""
	for i, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "[") {
			current = strings.Trim(strings.TrimSpace(strings.SplitN(trimmed, "#", 2)[0]), "[] ")
			continue
		}
		name, _, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		name = strings.Trim(strings.TrimSpace(name), `"'`)
		if current == table && name == key || current == "" && table != "" && name == table+"."+key {
			return i + 1
		}
	}
	return 0
}

// sourceLine returns the line of the header of the n-th (from 0) [[source]]
// table, or 0.
func sourceLine(data []byte, n int) int {
	seen := 0
	for i, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.ReplaceAll(strings.TrimSpace(line), " ", ""), "[[source]]") {
			if seen == n {
				return i + 1
			}
			seen++
		}
	}
	return 0
}

// FullTextSources returns the sources whose tables set full_text.
func (c Config) FullTextSources() []string {
	var out []string
	for _, s := range c.Source {
		if s.FullText {
			out = append(out, s.Name())
		}
	}
	return out
}

// translateTOML writes the [translate] table and the [[source]] tables.
func (c Config) translateTOML(b *strings.Builder) {
	t := c.Translate
	fmt.Fprintf(b, "\n[translate]\n")
	fmt.Fprintf(b, "backend = %q\n", t.Backend)
	fmt.Fprintf(b, "url = %q\n", t.URL)
	fmt.Fprintf(b, "model = %q\n", t.Model)
	fmt.Fprintf(b, "api_key_env = %q\n", t.APIKeyEnv)
	fmt.Fprintf(b, "auto = %t\n", t.Auto)
	fmt.Fprintf(b, "concurrency = %d\n", t.Concurrency)
	fmt.Fprintf(b, "timeout = %q\n", t.Timeout)
	for _, s := range c.Source {
		fmt.Fprintf(b, "\n[[source]]\n")
		if s.URL != "" {
			fmt.Fprintf(b, "url = %s\n", strconv.Quote(s.URL))
		} else {
			fmt.Fprintf(b, "path = %s\n", strconv.Quote(s.Path))
		}
		fmt.Fprintf(b, "auto_translate = %t\n", s.AutoTranslate)
		fmt.Fprintf(b, "full_text = %t\n", s.FullText)
	}
}
