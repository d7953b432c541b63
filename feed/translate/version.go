package translate

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/xinwen-reader/xinwen/feed"
)

// Progress reports a translation under way, after each request that
// succeeded.
type Progress struct {
	// Done and Total count requests: finished so far and in all.
	Done, Total int
	// Version is the translation so far, a fresh copy the callee may keep:
	// the title ("" until translated) and one block for each source block,
	// of the same kind, whose Text is "" while it is not yet translated.
	// Machine is set.
	Version *feed.Version
}

// ErrLanguages is returned for a pair of languages other than Chinese to
// English or English to Chinese.
var ErrLanguages = errors.New(`translate: only "zh" to "en" and "en" to "zh" are supported`)

// Version translates src, title and blocks, from one language to the other
// ("zh" to "en" or "en" to "zh"). The result has one block for each of
// src's, of the same kind and level, without inline spans, and Machine set;
// code blocks and blocks without letters (numbers, dates, dashes) are
// copied, not sent. progress, when not nil, is called after each request,
// on the calling goroutine's behalf and never concurrently.
//
// On a failure Version stops sending and returns the error (an *Error
// unless ctx was cancelled); what was translated before it was reported
// through progress.
func (t *Translator) Version(ctx context.Context, src *feed.Version, from, to string, progress func(Progress)) (*feed.Version, error) {
	if err := checkLanguages(from, to); err != nil {
		return nil, err
	}
	if src == nil {
		return nil, errors.New("translate: no version to translate")
	}
	texts := make([]string, 1+len(src.Blocks))
	send := make([]bool, len(texts))
	texts[0], send[0] = src.Title, true
	for i, b := range src.Blocks {
		texts[i+1], send[i+1] = b.Text, b.Kind != feed.Code
	}
	build := func(out []string) *feed.Version {
		v := &feed.Version{
			Title:   out[0],
			Blocks:  make([]feed.Block, len(src.Blocks)),
			Machine: &feed.Machine{Backend: t.cfg.Backend, Model: t.backend.model()},
		}
		for i, b := range src.Blocks {
			v.Blocks[i] = feed.Block{Kind: b.Kind, Level: b.Level, Text: out[i+1]}
		}
		return v
	}
	var report func(out []string, done, total int)
	if progress != nil {
		report = func(out []string, done, total int) {
			progress(Progress{Done: done, Total: total, Version: build(out)})
		}
	}
	out, err := t.translateTexts(ctx, texts, send, from, to, report)
	if err != nil {
		return nil, err
	}
	return build(out), nil
}

// Titles translates a list of headlines from one language to the other,
// in as few requests as Config.MaxChars allows (one for a screenful). The
// result has one string for each title, cleaned; an empty title stays
// empty.
func (t *Translator) Titles(ctx context.Context, titles []string, from, to string) ([]string, error) {
	if err := checkLanguages(from, to); err != nil {
		return nil, err
	}
	send := make([]bool, len(titles))
	for i := range send {
		send[i] = true
	}
	return t.translateTexts(ctx, titles, send, from, to, nil)
}

func checkLanguages(from, to string) error {
	if (from == "zh" && to == "en") || (from == "en" && to == "zh") {
		return nil
	}
	return fmt.Errorf("%w (asked for %q to %q)", ErrLanguages, from, to)
}

// piece is one string sent to the backend: all of texts[of], or one part of
// it when it is longer than Config.MaxChars.
type piece struct {
	of   int
	text string
}

// batchResult is what one request brought back.
type batchResult struct {
	pieces []int    // indices into the pieces
	out    []string // their translations
	err    error
}

// translateTexts translates the texts marked in send that have letters,
// in batches of at most MaxChars characters and maxTexts strings, at most
// Concurrency batches at once, and copies the others. report, when not
// nil, gets the texts so far ("" for those not yet back) after each
// request.
func (t *Translator) translateTexts(ctx context.Context, texts []string, send []bool, from, to string,
	report func(out []string, done, total int)) ([]string, error) {
	out := make([]string, len(texts))
	var pieces []piece
	for i, s := range texts {
		if !send[i] || !hasLetters(s) {
			out[i] = s
			continue
		}
		for _, p := range splitText(s, t.cfg.MaxChars) {
			pieces = append(pieces, piece{of: i, text: p})
		}
	}
	batches := t.batch(pieces)
	if len(batches) == 0 {
		return out, nil
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := t.run(ctx, cancel, pieces, batches, from, to)

	translated := make([]string, len(pieces))
	start := make([]int, len(texts)) // each text's first piece; a text's pieces are consecutive
	left := make([]int, len(texts))  // its pieces not yet back
	for k := len(pieces) - 1; k >= 0; k-- {
		start[pieces[k].of] = k
		left[pieces[k].of]++
	}
	sep := " "
	if to == "zh" {
		sep = ""
	}
	done := 0
	var firstErr error
	for r := range results {
		if r.err != nil {
			if firstErr == nil {
				firstErr = r.err
				cancel()
			}
			continue
		}
		for k, pi := range r.pieces {
			translated[pi] = r.out[k]
			i := pieces[pi].of
			if left[i]--; left[i] == 0 {
				n := 1
				for start[i]+n < len(pieces) && pieces[start[i]+n].of == i {
					n++
				}
				out[i] = feed.Clean(strings.Join(translated[start[i]:start[i]+n], sep))
			}
		}
		done++
		if report != nil {
			report(out, done, len(batches))
		}
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return out, nil
}

// batch groups consecutive pieces into requests of at most MaxChars
// characters and maxTexts strings; a piece is never longer than MaxChars.
func (t *Translator) batch(pieces []piece) [][]int {
	var batches [][]int
	var cur []int
	size := 0
	for i, p := range pieces {
		n := utf8.RuneCountInString(p.text)
		if len(cur) > 0 && (size+n > t.cfg.MaxChars || len(cur) == maxTexts) {
			batches = append(batches, cur)
			cur, size = nil, 0
		}
		cur = append(cur, i)
		size += n
	}
	if len(cur) > 0 {
		batches = append(batches, cur)
	}
	return batches
}

// run sends the batches in order from Concurrency workers and delivers
// their results; the channel closes when all are done or abandoned after
// ctx is cancelled. A worker whose request failed calls cancel before it
// delivers the error, so that no worker starts another request after it:
// cancelling only when the error is received would leave a window in which
// the freed worker takes the next batch.
func (t *Translator) run(ctx context.Context, cancel context.CancelFunc, pieces []piece, batches [][]int, from, to string) <-chan batchResult {
	jobs := make(chan []int)
	results := make(chan batchResult)
	var wg sync.WaitGroup
	for range min(t.cfg.Concurrency, len(batches)) {
		wg.Go(func() {
			for b := range jobs {
				if ctx.Err() != nil {
					continue // abandoned: the dispatcher stops at the next batch
				}
				texts := make([]string, len(b))
				for k, pi := range b {
					texts[k] = pieces[pi].text
				}
				got, err := t.sendOrSplit(ctx, texts, from, to)
				if err != nil {
					cancel()
				}
				results <- batchResult{pieces: b, out: got, err: err}
			}
		})
	}
	go func() {
		defer close(results)
		defer wg.Wait()
		defer close(jobs)
		for _, b := range batches {
			select {
			case jobs <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	return results
}

// sendOrSplit sends texts in one request; when the reply is not what was
// asked for, it sends them again one by one, each once, so that a model
// that merged two paragraphs gets a second chance and a pane is never
// misaligned.
func (t *Translator) sendOrSplit(ctx context.Context, texts []string, from, to string) ([]string, error) {
	out, err := t.send(ctx, texts, from, to)
	var te *Error
	if err == nil || !errors.As(err, &te) || te.Kind != BadReply {
		return out, err
	}
	out = make([]string, len(texts))
	for i, s := range texts {
		one, err := t.send(ctx, []string{s}, from, to)
		if err != nil {
			return nil, err
		}
		out[i] = one[0]
	}
	return out, nil
}
