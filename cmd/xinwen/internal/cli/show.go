package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/charmbracelet/colorprofile"

	"github.com/xinwen-reader/xinwen/cmd/xinwen/internal/config"
	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
	"github.com/xinwen-reader/xinwen/feed/translate"
	"github.com/xinwen-reader/xinwen/tui/layout"
	"github.com/xinwen-reader/xinwen/tui/pairs"
)

// runShow prints article N exactly as the reader's article pane draws it.
func runShow(ctx context.Context, o *options, pos []string, env Env) error {
	var err error
	if len(pos) == 0 {
		return usagef("show: missing article number (xinwen show [SOURCE...] N)")
	}
	n, err := strconv.Atoi(pos[len(pos)-1])
	if err != nil || n < 1 {
		return usagef("show: %q is not an article number (counting from 1, as 'xinwen list' does)", pos[len(pos)-1])
	}
	if err := checkUnread(o, "show"); err != nil {
		return err
	}
	var tr *translate.Translator
	if o.translate {
		if tr, err = o.requireTranslator(env); err != nil {
			return err
		}
		if !o.langSet {
			o.lang = "both" // the article beside its translation
		}
	}
	return withStore(ctx, o, env, func(st *store.Store) error {
		l := o.loader(env, st)
		defer waitSaves(l, env) // the articles are saved before the store closes
		ls, loadErr := numbered(ctx, o, st, l, pos[:len(pos)-1], env)
		if loadErr != nil && !errors.Is(loadErr, errSourcesFailed) {
			return fmt.Errorf("show: %w", loadErr)
		}
		a, err := ls.numberedArticle(ctx, st, n, loadErr, "show")
		if err != nil {
			return err
		}
		articles := []feed.Article{a}
		var trErr error
		if tr != nil {
			// On a failure the original is printed all the same.
			trErr = translateArticles(ctx, tr, st, articles, n, env, nil)
		}
		if err := printArticle(&articles[0], o, env); err != nil {
			return err
		}
		if trErr != nil {
			return trErr
		}
		return loadErr
	})
}

// printArticle prints a as the reader's article pane draws it.
func printArticle(a *feed.Article, o *options, env Env) error {
	profile := colorProfile(o.color, env)
	color := profile > colorprofile.ASCII
	width := o.width
	if !o.widthSet {
		width = defaultWidth
		if w, ok := env.Terminal(env.Stdout); ok && w > 0 {
			// A terminal outside the bounds gets the nearest width
			// that renders.
			width = min(max(w, config.MinWidth), config.MaxWidth)
		}
	}
	r := layout.NewRenderer(layout.Options{
		Metrics:    o.metrics(),
		Color:      color,
		Dark:       !color || env.DarkBackground == nil || env.DarkBackground(),
		SideBySide: o.sideBySide,
	})
	// Both languages are grouped by the sentence alignment, as in the
	// reader.
	var lay layout.Layout
	if o.language() == layout.Both {
		lay.Align = pairs.Article(a)
	}
	page := r.RenderLayout(a, o.language(), width, lay)
	var out io.Writer = env.Stdout
	if color {
		out = &colorprofile.Writer{Forward: env.Stdout, Profile: profile}
	}
	w := bufio.NewWriter(out)
	for _, lines := range [][]string{page.Header, page.Body} {
		for _, l := range lines {
			w.WriteString(l)
			w.WriteByte('\n')
		}
	}
	return w.Flush()
}

// colorProfile decides the colours of printed output from --color, NO_COLOR
// and the terminal. ASCII or below means plain text, not one escape sequence.
func colorProfile(mode string, env Env) colorprofile.Profile {
	if mode == "never" {
		return colorprofile.NoTTY
	}
	p := colorprofile.Detect(env.Stdout, environ(env))
	if mode == "always" && p < colorprofile.ANSI256 {
		p = colorprofile.ANSI256
	}
	if mode == "auto" && env.Getenv("NO_COLOR") != "" {
		p = colorprofile.NoTTY
	}
	return p
}

// environ rebuilds the few variables colour detection reads from env.Getenv,
// so tests can set them without touching the process environment.
func environ(env Env) []string {
	var out []string
	for _, k := range []string{"TERM", "COLORTERM", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TTY_FORCE", "TERM_PROGRAM", "TMUX", "WT_SESSION", "ConEmuANSI", "ANSICON"} {
		if v := env.Getenv(k); v != "" {
			out = append(out, k+"="+v)
		}
	}
	return out
}
