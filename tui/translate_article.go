package tui

import (
	"context"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
	"github.com/xinwen-reader/xinwen/feed/translate"
)

// Translating one article: what is missing of its translation, from the
// memo or the store, then from the backend. The reader's commands and
// TranslateArticle (for `xinwen show` and `export`) share it.

// translationStore is what the reader asks of the store for translations.
type translationStore interface {
	Translation(ctx context.Context, key store.TranslationKey) (*feed.Version, bool, error)
	SaveTranslation(ctx context.Context, key store.TranslationKey, v *feed.Version) error
}

// translationMemo holds the translations made or read in this process,
// complete or not, so that --no-store still keeps them while the reader
// runs. It is safe for concurrent use.
type translationMemo struct {
	mu sync.Mutex
	m  map[store.TranslationKey]*feed.Version
}

func (c *translationMemo) get(k store.TranslationKey) *feed.Version {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}

// put keeps v under k unless what is kept already has more translated.
func (c *translationMemo) put(k store.TranslationKey, src, v *feed.Version) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.m[k]; old != nil {
		if d, _ := progressOf(src, old); d > 0 && func() bool { n, _ := progressOf(src, v); return n < d }() {
			return
		}
	}
	c.m[k] = v
}

// translationTask is what translating one article takes: its original
// version, the direction and the key the result is stored under.
type translationTask struct {
	key      store.TranslationKey
	src      *feed.Version
	from, to string
}

// taskFor returns the task of a: its original (the version that is not a
// machine translation) translated into the other language. ok is false
// when a has both originals, or none.
func taskFor(a *feed.Article, cfg translate.Config) (translationTask, bool) {
	var t translationTask
	switch {
	case a.ZH != nil && a.ZH.Machine == nil && (a.EN == nil || a.EN.Machine != nil):
		t.src, t.from, t.to = a.ZH, "zh", "en"
	case a.EN != nil && a.EN.Machine == nil && (a.ZH == nil || a.ZH.Machine != nil):
		t.src, t.from, t.to = a.EN, "en", "zh"
	default:
		return t, false
	}
	model := cfg.Model
	if cfg.Backend != translate.OpenAI || model == "" {
		model = "-" // the other backends have no model to choose; the store wants a value
	}
	k := store.KeyOf(a)
	t.key = store.TranslationKey{Source: k.Source, ArticleID: k.ID, TextHash: translate.TextHash(t.src),
		Backend: cfg.Backend, Model: model, Direction: t.from + "-" + t.to}
	return t, true
}

// progressOf counts the strings of src that need translating (the title
// and the blocks that are not empty) and those of them v holds.
// v may be nil: nothing translated yet.
func progressOf(src, v *feed.Version) (done, total int) {
	count := func(s string, i int) {
		if s == "" {
			return
		}
		total++
		switch {
		case v == nil:
		case i < 0 && v.Title != "", i >= 0 && v.Blocks[i].Text != "":
			done++
		}
	}
	count(src.Title, -1)
	for i := range src.Blocks {
		count(src.Blocks[i].Text, i)
	}
	return done, total
}

// fits reports whether v can be a translation of src: one block for each.
func fits(src, v *feed.Version) bool { return v != nil && len(v.Blocks) == len(src.Blocks) }

// translateMissing translates what partial (nil: nothing yet) lacks of
// src, reporting the whole translation so far after each request, and
// returns it: complete, or as far as it got when err is not nil.
func translateMissing(ctx context.Context, tr *translate.Translator, task translationTask, partial *feed.Version,
	report func(*feed.Version)) (*feed.Version, error) {
	base := partial
	if !fits(task.src, base) {
		cfg := tr.Config()
		model := cfg.Model
		if cfg.Backend != translate.OpenAI {
			model = ""
		}
		base = &feed.Version{Blocks: make([]feed.Block, len(task.src.Blocks)), Machine: &feed.Machine{Backend: cfg.Backend, Model: model}}
		for i, b := range task.src.Blocks {
			base.Blocks[i] = feed.Block{Kind: b.Kind, Level: b.Level}
		}
	}
	sub := &feed.Version{}
	withTitle := base.Title == "" && task.src.Title != ""
	if withTitle {
		sub.Title = task.src.Title
	}
	var idx []int
	for i, b := range task.src.Blocks {
		if b.Text != "" && base.Blocks[i].Text == "" {
			sub.Blocks = append(sub.Blocks, b)
			idx = append(idx, i)
		}
	}
	merge := func(got *feed.Version) *feed.Version {
		v := *base
		v.Blocks = append([]feed.Block(nil), base.Blocks...)
		if withTitle && got.Title != "" {
			v.Title = got.Title
		}
		for k, i := range idx {
			if got.Blocks[k].Text != "" {
				v.Blocks[i] = got.Blocks[k]
			}
		}
		if got.Machine != nil {
			v.Machine = got.Machine
		}
		return &v
	}
	if !withTitle && len(idx) == 0 {
		return base, nil
	}
	cur := base
	got, err := tr.Version(ctx, sub, task.from, task.to, func(p translate.Progress) {
		cur = merge(p.Version)
		if report != nil {
			report(cur)
		}
	})
	if err != nil {
		return cur, err
	}
	return merge(got), nil
}

// TranslateArticle returns a copy of a with its missing language filled in
// by tr: from st when a translation of this text by this backend and model
// is stored there (st may be nil), else from the backend, saved to st.
// An article with both languages comes back as it is. progress, when not
// nil, is told the strings translated so far after each request. On a
// failure the error is the client's one-line *translate.Error (or the
// store's) and what was translated is saved to st for next time; a itself
// is never changed.
func TranslateArticle(ctx context.Context, tr *translate.Translator, st *store.Store, a *feed.Article, progress func(done, total int)) (*feed.Article, error) {
	task, ok := taskFor(a, tr.Config())
	if !ok {
		return a, nil
	}
	shown := a.EN
	if task.to == "zh" {
		shown = a.ZH
	}
	var partial *feed.Version
	if fits(task.src, shown) {
		partial = shown // a machine translation a has already
	} else if st != nil {
		v, found, err := st.Translation(ctx, task.key)
		if err != nil {
			return a, err
		}
		if found && fits(task.src, v) {
			partial = v
		}
	}
	v, err := translateMissing(ctx, tr, task, partial, func(v *feed.Version) {
		if progress != nil {
			progress(progressOf(task.src, v))
		}
	})
	if st != nil && v != partial && v != nil {
		if serr := st.SaveTranslation(context.WithoutCancel(ctx), task.key, v); err == nil {
			err = serr
		}
	}
	if err != nil {
		return a, err
	}
	if v == shown {
		return a, nil
	}
	return withVersion(a, task.to, v), nil
}

// withVersion returns a copy of a with v as its version in language to.
func withVersion(a *feed.Article, to string, v *feed.Version) *feed.Article {
	c := *a
	if to == "en" {
		c.EN = v
	} else {
		c.ZH = v
	}
	return &c
}

// translationJob is the translation of one article under way. Like a load
// job it talks to Update through two buffered channels: progress holds the
// latest report only, done gets the end once.
type translationJob struct {
	id       int
	article  string
	task     translationTask
	ctx      context.Context
	cancel   context.CancelFunc
	progress chan translationProgressed
	done     chan translationDone
}

// run returns the command that translates what partial lacks and keeps the
// result in memo and st (when not nil), also when it stops short.
func (j *translationJob) run(tr *translate.Translator, st translationStore, memo *translationMemo, partial *feed.Version, saveCtx context.Context) tea.Cmd {
	return func() tea.Msg {
		task := j.task
		v, err := translateMissing(j.ctx, tr, task, partial, func(v *feed.Version) {
			d, t := progressOf(task.src, v)
			p := translationProgressed{ID: j.id, Version: v, Done: d, Total: t}
			for {
				select {
				case j.progress <- p:
					return
				default:
					select { // replace a report Update has not taken
					case <-j.progress:
					default:
					}
				}
			}
		})
		memo.put(task.key, task.src, v)
		msg := translationDone{ID: j.id, Version: v, Err: err, Cancelled: j.ctx.Err() != nil}
		msg.Done, msg.Total = progressOf(task.src, v)
		if st != nil && v != partial && msg.Done > 0 && saveCtx.Err() == nil {
			msg.SaveErr = st.SaveTranslation(saveCtx, task.key, v)
		}
		j.done <- msg
		return nil
	}
}

// next returns the command that waits for the job's next report.
func (j *translationJob) next() tea.Cmd {
	return func() tea.Msg {
		select {
		case d := <-j.done:
			return d
		case p := <-j.progress:
			return p
		}
	}
}
