package cli

import (
	"bufio"
	"context"
	"strconv"
	"time"
)

// runList prints one headline per line: N, date, languages and title,
// separated by tabs.
func runList(ctx context.Context, args []string, env Env) error {
	o, sources, err := parse("list", args, env)
	if err != nil {
		return err
	}
	articles, loadErr := loadAll(ctx, o.sources(sources), o.loader(env), env.Stderr)
	w := bufio.NewWriterSize(env.Stdout, 64<<10)
	for i := range articles {
		a := &articles[i]
		w.WriteString(strconv.Itoa(i + 1))
		w.WriteByte('\t')
		w.WriteString(date(a.Published))
		w.WriteByte('\t')
		w.WriteString(a.Languages())
		w.WriteByte('\t')
		w.WriteString(a.Title())
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return loadErr
}

// date is YYYY-MM-DD in the article's own time zone, or "-" when unknown.
func date(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Format(time.DateOnly)
}
