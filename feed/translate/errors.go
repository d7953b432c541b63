package translate

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// ErrorKind says what went wrong with a request, so that callers can word
// or handle it (errors.As to an *Error, then look at Kind).
type ErrorKind uint8

// The kinds of failed request.
const (
	// Unreachable: the connection failed (refused, no such host, TLS).
	Unreachable ErrorKind = iota + 1
	// TimedOut: no complete reply within Config.Timeout.
	TimedOut
	// Status: the backend answered with an HTTP error (4xx, 5xx); 429 and
	// 503 only after the last try.
	Status
	// BadReply: the reply was not what was asked for (not the JSON, the
	// wrong number of paragraphs, an empty paragraph), even block by block.
	BadReply
	// MissingKey: the environment variable named by Config.APIKeyEnv is
	// empty or unset.
	MissingKey
)

// Error is a failed translation request. Its message is one line that names
// the backend and what to check, e.g.
// `cannot reach http://localhost:11434/v1: is "ollama serve" running?` or
// `DeepL: 403: check DEEPL_AUTH_KEY`. It never holds the API key.
type Error struct {
	Backend string // OpenAI, LibreTranslate or DeepL
	URL     string // the base URL requests went to
	Kind    ErrorKind
	Status  int           // the HTTP status, for Kind Status
	Detail  string        // the server's message or what was wrong, cleaned
	Timeout time.Duration // how long was waited, for Kind TimedOut
	Hint    string        // what to check, "" when there is nothing to add
	Err     error         // the cause, when there is one
}

// Error returns the one-line message.
func (e *Error) Error() string {
	var b strings.Builder
	switch e.Kind {
	case Unreachable:
		b.WriteString("cannot reach " + e.URL)
	case TimedOut:
		b.WriteString(displayName(e.Backend) + ": no reply from " + e.URL + " within " + e.Timeout.String())
	case Status:
		b.WriteString(displayName(e.Backend) + ": " + strconv.Itoa(e.Status))
	case BadReply:
		b.WriteString(displayName(e.Backend) + ": bad reply")
	default:
		b.WriteString(displayName(e.Backend))
	}
	for _, s := range []string{e.Detail, e.Hint} {
		if s != "" {
			b.WriteString(": " + s)
		}
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// displayName is how messages name a backend.
func displayName(backend string) string {
	switch backend {
	case DeepL:
		return "DeepL"
	case LibreTranslate:
		return "LibreTranslate"
	}
	return backend
}

// newError returns an *Error of kind for t's backend.
func (t *Translator) newError(kind ErrorKind, detail, hint string, cause error) *Error {
	return &Error{
		Backend: t.cfg.Backend,
		URL:     t.baseURL(),
		Kind:    kind,
		Detail:  detail,
		Hint:    hint,
		Err:     cause,
	}
}

// baseURL is the URL messages name: the configured one, or DeepL's.
func (t *Translator) baseURL() string {
	if t.cfg.URL == "" && t.cfg.Backend == DeepL {
		return deepLURL(t.getenv(t.cfg.APIKeyEnv))
	}
	return t.cfg.URL
}

// transportError turns a failed round trip into an *Error.
func (t *Translator) transportError(err error) *Error {
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return t.timeoutError(err)
	}
	detail := ""
	var ue *url.Error
	if errors.As(err, &ue) {
		detail = ue.Err.Error()
		var oe *net.OpError
		if errors.As(ue.Err, &oe) && oe.Err != nil {
			detail = oe.Err.Error()
		}
	}
	e := t.newError(Unreachable, "", t.reachHint(), err)
	if detail != "" && !isRefused(detail) {
		e.Detail = feed.Clean(detail)
	}
	return e
}

func (t *Translator) timeoutError(err error) *Error {
	e := t.newError(TimedOut, "", "is the server busy? a slow model may need a longer translate.timeout", err)
	e.Timeout = t.cfg.Timeout
	return e
}

func isRefused(s string) bool {
	return strings.Contains(s, "connection refused")
}

// reachHint says what to check when the backend cannot be reached.
func (t *Translator) reachHint() string {
	if u, err := url.Parse(t.baseURL()); err == nil {
		switch u.Port() {
		case "11434":
			return `is "ollama serve" running?`
		case "1234":
			return "is LM Studio's server running?"
		}
	}
	switch t.cfg.Backend {
	case LibreTranslate:
		return `is "libretranslate" running? check translate.url`
	case DeepL:
		return "check the network connection"
	}
	return "is the server running? check translate.url"
}

// statusError turns an HTTP error reply into an *Error. message is what the
// server said, already cleaned; tries is how often the request was sent.
func (t *Translator) statusError(status int, message string, tries int, retryAfter time.Duration) *Error {
	if strings.EqualFold(message, statusText(status)) {
		message = ""
	}
	e := t.newError(Status, message, t.statusHint(status, tries, retryAfter), nil)
	e.Status = status
	return e
}

func statusText(status int) string {
	if status == 456 {
		return "Quota Exceeded"
	}
	return http.StatusText(status)
}

func (t *Translator) statusHint(status, tries int, retryAfter time.Duration) string {
	switch {
	case status == 401 || status == 403:
		if t.cfg.APIKeyEnv == "" {
			return "the server wants a key: set translate.api_key_env"
		}
		return "check " + t.cfg.APIKeyEnv
	case status == 456:
		return "quota exceeded: check the account's usage"
	case status == 404 && t.cfg.Backend == OpenAI:
		return "check translate.model and translate.url"
	case status == 404:
		return "check translate.url"
	case status == 413:
		return "the request was too large: lower translate.max_chars"
	case (status == 429 || status == 503) && retryAfter > maxRetryAfter:
		return "asked to wait " + retryAfter.String() + "; try again later"
	case status == 429 || status == 503:
		return fmt.Sprintf("still busy after %d tries; try again later", tries)
	}
	return ""
}

// badReply returns a BadReply *Error.
func (t *Translator) badReply(format string, args ...any) *Error {
	return t.newError(BadReply, fmt.Sprintf(format, args...), "", nil)
}

// missingKey returns the error for an unset key variable.
func (t *Translator) missingKey() *Error {
	return t.newError(MissingKey, t.cfg.APIKeyEnv+" is not set", "", nil)
}

// serverMessage makes a server's error text fit one line of a message:
// cleaned, the key masked in case the server echoed it, and shortened.
func serverMessage(s, key string) string {
	s = feed.Clean(maskKey(s, key))
	const limit = 200
	if len(s) > limit {
		cut := limit
		for cut > 0 && !isRuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// maskKey replaces each occurrence of key in s that stands alone (not
// inside a longer word, so that a short key does not mangle "key") with
// "***".
func maskKey(s, key string) string {
	if key == "" {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, key)
		if i < 0 {
			break
		}
		end := i + len(key)
		if (i > 0 && isKeyByte(s[i-1])) || (end < len(s) && isKeyByte(s[end])) {
			b.WriteString(s[:i+1])
			s = s[i+1:]
			continue
		}
		b.WriteString(s[:i] + "***")
		s = s[end:]
	}
	b.WriteString(s)
	return b.String()
}

func isKeyByte(c byte) bool {
	return c == '-' || c == '_' || c == ':' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
