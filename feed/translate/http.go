package translate

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

const (
	// maxReplyBytes caps a reply body: far more than any translation of
	// MaxChars characters, far less than would hurt.
	maxReplyBytes = 16 << 20
	// firstBackoff is the wait before the second try after a 429 or 503
	// without Retry-After; it doubles for the third.
	firstBackoff = time.Second
	// maxRetryAfter is the longest Retry-After honoured; a longer one ends
	// the tries at once rather than hang the reader.
	maxRetryAfter = 30 * time.Second
)

// backend is one translation protocol.
type backend interface {
	// endpoint returns the URL requests are posted to; key decides it for
	// DeepL without a configured URL.
	endpoint(key string) string
	// encode returns the JSON request body translating texts from one
	// language ("zh", "en") to the other.
	encode(texts []string, from, to, key string) ([]byte, error)
	// authorize sets the key's header, when the protocol has one.
	authorize(h http.Header, key string)
	// decode returns the translations in a successful reply, uncleaned, or
	// a lower-case reason the reply is not what was asked for.
	decode(data []byte) ([]string, error)
	// model is what Version.Machine names as the model.
	model() string
}

// send translates texts in one request, taking a concurrency slot and
// retrying 429 and 503 replies. The strings it returns are cleaned, one for
// each of texts. A reply that is not what was asked for is an *Error of
// kind BadReply.
func (t *Translator) send(ctx context.Context, texts []string, from, to string) ([]string, error) {
	if err := ctx.Err(); err != nil {
		return nil, err // select below picks at random when both are ready
	}
	select {
	case t.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-t.slots }()
	for try := 1; ; try++ {
		key := ""
		if t.cfg.APIKeyEnv != "" {
			if key = t.getenv(t.cfg.APIKeyEnv); key == "" {
				return nil, t.missingKey()
			}
		}
		data, status, retryAfter, err := t.roundTrip(ctx, texts, from, to, key)
		switch {
		case err != nil:
			return nil, err
		case status >= 200 && status < 300:
			return t.decodeReply(data, len(texts))
		case (status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable) &&
			try < maxTries && retryAfter <= maxRetryAfter:
			wait := firstBackoff << (try - 1)
			if retryAfter > 0 {
				wait = retryAfter
			}
			if err := t.sleep(ctx, wait); err != nil {
				return nil, err
			}
			continue
		}
		return nil, t.statusError(status, t.errorText(data, key), try, retryAfter)
	}
}

// roundTrip posts one request and reads the whole reply within
// Config.Timeout.
func (t *Translator) roundTrip(ctx context.Context, texts []string, from, to, key string) (data []byte, status int, retryAfter time.Duration, err error) {
	body, err := t.backend.encode(texts, from, to, key)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("translate: encoding the request: %w", err)
	}
	attempt, cancel := context.WithTimeout(ctx, t.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(attempt, http.MethodPost, t.backend.endpoint(key), bytes.NewReader(body))
	if err != nil {
		return nil, 0, 0, t.transportError(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if key != "" {
		t.backend.authorize(req.Header, key)
	}
	resp, err := t.client.Do(req)
	if err != nil {
		return nil, 0, 0, t.requestError(ctx, attempt, err)
	}
	defer resp.Body.Close()
	data, err = io.ReadAll(io.LimitReader(resp.Body, maxReplyBytes+1))
	if err != nil {
		return nil, 0, 0, t.requestError(ctx, attempt, err)
	}
	if len(data) > maxReplyBytes {
		return nil, 0, 0, t.badReply("larger than %d MiB", maxReplyBytes>>20)
	}
	return data, resp.StatusCode, parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()), nil
}

// requestError classifies a failed round trip: the caller's cancellation
// stays a context error, the attempt's deadline is TimedOut, anything else
// is Unreachable.
func (t *Translator) requestError(ctx, attempt context.Context, err error) error {
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("translate: %w", ctx.Err())
	case attempt.Err() != nil:
		return t.timeoutError(err)
	}
	return t.transportError(err)
}

// decodeReply checks a successful reply: n strings, each cleaned and not
// empty.
func (t *Translator) decodeReply(data []byte, n int) ([]string, error) {
	out, err := t.backend.decode(data)
	if err != nil {
		return nil, t.badReply("%s", err.Error())
	}
	if len(out) != n {
		return nil, t.badReply("%d paragraphs for the %d sent", len(out), n)
	}
	for i, s := range out {
		out[i] = feed.Clean(s)
		if out[i] == "" {
			return nil, t.badReply("paragraph %d of %d came back empty", i+1, n)
		}
	}
	return out, nil
}

// errorText is the server's message in an error reply: the backend's JSON
// field, else a short plain-text body; never an HTML page.
func (t *Translator) errorText(data []byte, key string) string {
	msg := errorMessage(data)
	if msg == "" {
		text := strings.TrimSpace(string(data))
		if text != "" && !strings.HasPrefix(text, "<") && !strings.HasPrefix(text, "{") {
			msg, _, _ = strings.Cut(text, "\n")
		}
	}
	return serverMessage(msg, key)
}

// parseRetryAfter reads a Retry-After header, in seconds or as an HTTP
// date; 0 when there is none or it cannot be read.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if when, err := http.ParseTime(v); err == nil {
		if d := when.Sub(now); d > 0 {
			return d.Round(time.Second)
		}
	}
	return 0
}

// errorMessage finds the message in an error reply of any of the three
// protocols: {"error": {"message": ...}} (OpenAI, Ollama, llama.cpp),
// {"error": "..."} (LibreTranslate), {"message": ..., "detail": ...}
// (DeepL, older vLLM).
func errorMessage(data []byte) string {
	var body struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
		Detail  string          `json:"detail"`
	}
	if json.Unmarshal(data, &body) != nil {
		return ""
	}
	var s string
	if json.Unmarshal(body.Error, &s) == nil && s != "" {
		return s
	}
	var inner struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(body.Error, &inner) == nil && inner.Message != "" {
		return inner.Message
	}
	if body.Message != "" && body.Detail != "" {
		return body.Message + " (" + body.Detail + ")"
	}
	if body.Message != "" {
		return body.Message
	}
	return body.Detail
}
