package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
	"github.com/xinwen-reader/xinwen/feed/translate"
	"github.com/xinwen-reader/xinwen/tui"
)

// translator returns the Translator of the [translate] table, or nil when
// no backend is configured: then nothing is ever sent. The key is read
// from the environment (env.Getenv) at each request, never before.
func (o *options) translator(env Env) (*translate.Translator, error) {
	if o.trcfg.Backend == "" {
		return nil, nil
	}
	return translate.New(o.trcfg, nil, env.Getenv)
}

// requireTranslator is translator for --translate, which needs a backend.
func (o *options) requireTranslator(env Env) (*translate.Translator, error) {
	tr, err := o.translator(env)
	if err == nil && tr == nil {
		err = translate.ErrNoBackend
	}
	if err != nil {
		return nil, usagef("--translate: %w", err)
	}
	return tr, nil
}

// translateError is a translation that failed: the client's one-line
// error, with the article it was for.
type translateError struct {
	n   int // the article's number, from 1
	err error
}

func (e *translateError) Error() string {
	return fmt.Sprintf("translate article %d: %s", e.n, e.err.Error())
}

func (e *translateError) Unwrap() error { return e.err }

// progressLine writes "translating 3/12" over itself on w when w is a
// terminal, and clears it with done; elsewhere both do nothing.
type progressLine struct {
	w      io.Writer
	on     bool
	prefix string
}

func newProgressLine(env Env) *progressLine {
	_, tty := env.Terminal(env.Stderr)
	return &progressLine{w: env.Stderr, on: tty}
}

func (p *progressLine) show(done, total int) {
	if p.on {
		fmt.Fprintf(p.w, "\r\x1b[Ktranslating %s%d/%d", p.prefix, done, total)
	}
}

func (p *progressLine) done() {
	if p.on {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

// translateArticles fills in the missing language of each of articles (the
// first of them numbered first, as 'xinwen list' numbers them) in
// place, in order, from st when it has the translation (st may be nil:
// then nothing is stored). It stops at the first failure and returns it as
// a *translateError: the articles before it stay translated, the rest stay
// as they were. each, when not nil, is called with every article once it
// is done (translated or not), so that output can stream.
func translateArticles(ctx context.Context, tr *translate.Translator, st *store.Store, articles []feed.Article,
	first int, env Env, each func(i int) error) error {
	p := newProgressLine(env)
	defer p.done()
	var failed error
	for i := range articles {
		if failed == nil {
			if len(articles) > 1 {
				p.prefix = fmt.Sprintf("article %d/%d: ", i+1, len(articles))
			}
			a, err := tui.TranslateArticle(ctx, tr, st, &articles[i], p.show)
			switch {
			case err == nil:
				articles[i] = *a
			case errors.Is(err, context.Canceled):
				return err
			default:
				failed = &translateError{n: first + i, err: err}
				p.done()
			}
		}
		if each != nil {
			if err := each(i); err != nil {
				return err
			}
		}
	}
	return failed
}
