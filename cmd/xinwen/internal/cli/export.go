package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
	"github.com/xinwen-reader/xinwen/feed/translate"
)

// exported is one line of `xinwen export`; docs/FORMATS.md describes it.
type exported struct {
	ID        string           `json:"id"`
	Link      string           `json:"link"`
	Published string           `json:"published,omitempty"`
	Keywords  []string         `json:"keywords"`
	Feed      string           `json:"feed"`
	ZH        *exportedVersion `json:"zh,omitempty"`
	EN        *exportedVersion `json:"en,omitempty"`
}

type exportedVersion struct {
	Title      string   `json:"title"`
	Paragraphs []string `json:"paragraphs"`
	// Machine names what made a machine translation (--translate);
	// absent for an original.
	Machine *feed.Machine `json:"machine,omitempty"`
}

// runExport prints the articles as JSON Lines.
func runExport(ctx context.Context, o *options, sources []string, env Env) error {
	var err error
	if o.opml {
		if len(sources) > 0 || o.translate {
			return usagef("export: --opml takes no SOURCE and no --translate")
		}
		return runExportOPML(ctx, o, env)
	}
	if err := checkUnread(o, "export"); err != nil {
		return err
	}
	var tr *translate.Translator
	if o.translate {
		if tr, err = o.requireTranslator(env); err != nil {
			return err
		}
	}
	return withStore(ctx, o, env, func(st *store.Store) error {
		l := o.loader(env, st)
		defer waitSaves(l, env) // the articles are saved before the store closes
		ls, loadErr := numbered(ctx, o, st, l, sources, env)
		if loadErr != nil && !errors.Is(loadErr, errSourcesFailed) {
			return fmt.Errorf("export: %w", loadErr)
		}
		articles, err := ls.all(ctx, st)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		w := bufio.NewWriterSize(env.Stdout, 64<<10)
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		encode := func(i int) error { return enc.Encode(toExported(&articles[i])) }
		if tr == nil {
			for i := range articles {
				if err := encode(i); err != nil {
					return err
				}
			}
		} else {
			// Each article is written once translated, so the output
			// streams; after a failure the rest are written as they are.
			flushed := func(i int) error {
				if err := encode(i); err != nil {
					return err
				}
				return w.Flush()
			}
			if err := translateArticles(ctx, tr, st, articles, 1, env, flushed); err != nil {
				w.Flush()
				return err
			}
		}
		if err := w.Flush(); err != nil {
			return err
		}
		return loadErr
	})
}

func toExported(a *feed.Article) exported {
	e := exported{
		ID:       a.ID,
		Link:     a.Link,
		Keywords: a.Keywords,
		Feed:     a.Feed,
		ZH:       toExportedVersion(a.ZH),
		EN:       toExportedVersion(a.EN),
	}
	if e.Keywords == nil {
		e.Keywords = []string{}
	}
	if !a.Published.IsZero() {
		e.Published = a.Published.Format(time.RFC3339)
	}
	return e
}

func toExportedVersion(v *feed.Version) *exportedVersion {
	if v == nil {
		return nil
	}
	ev := &exportedVersion{Title: v.Title, Paragraphs: make([]string, len(v.Blocks)), Machine: v.Machine}
	for i, b := range v.Blocks {
		ev.Paragraphs[i] = b.Text
	}
	return ev
}
