package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// rssFile writes an RSS file of the given items (title, RFC 1123 date or
// "" for none) and returns its path.
func rssFile(t *testing.T, dir, name string, items ...[2]string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>` + name + `</title>`)
	for i, it := range items {
		fmt.Fprintf(&b, "<item><title>%s</title><guid>%s-%d</guid>", it[0], name, i)
		if it[1] != "" {
			fmt.Fprintf(&b, "<pubDate>%s</pubDate>", it[1])
		}
		b.WriteString("</item>")
	}
	b.WriteString("</channel></rss>")
	path := filepath.Join(dir, name+".xml")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestListOfSubscriptionsIsNewestFirstAcrossFeedsUndatedLast(t *testing.T) {
	vars := subsEnv(t)
	dir := t.TempDir()
	a := rssFile(t, dir, "a", [2]string{"a old", "Mon, 05 Jan 2026 08:00:00 GMT"}, [2]string{"a undated", ""},
		[2]string{"a new", "Fri, 09 Jan 2026 08:00:00 GMT"})
	b := rssFile(t, dir, "b", [2]string{"b mid", "Wed, 07 Jan 2026 08:00:00 GMT"})
	mustRun(t, vars, 0, "add", a)
	mustRun(t, vars, 0, "add", b)
	mustRun(t, vars, 0, "refresh")
	out, errOut := mustRun(t, vars, 0, "list")
	want := "1\t2026-01-09\ten\ta new\n2\t2026-01-07\ten\tb mid\n3\t2026-01-05\ten\ta old\n4\t-\ten\ta undated\n"
	if out != want || errOut != "" {
		t.Errorf("list of the subscriptions:\n%s\nwant\n%s(stderr %q)", out, want, errOut)
	}
}
