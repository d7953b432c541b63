package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/align"
	"github.com/xinwen-reader/xinwen/feed/store"
	"github.com/xinwen-reader/xinwen/tui/pairs"
)

// alignFormats are the formats `xinwen align` prints, the first the
// default; docs/FORMATS.md describes them.
var alignFormats = []string{"jsonl", "tsv", "tmx"}

// runAlign prints the aligned sentence pairs of every article, or of
// article N when the last argument is a number.
func runAlign(ctx context.Context, o *options, pos []string, env Env) error {
	var err error
	n := 0
	if len(pos) > 0 && isNumber(pos[len(pos)-1]) {
		last := pos[len(pos)-1]
		if n, err = strconv.Atoi(last); err != nil || n < 1 {
			return usagef("align: %q is not an article number (counting from 1, as 'xinwen list' does)", last)
		}
		pos = pos[:len(pos)-1]
	}
	if err := checkUnread(o, "align"); err != nil {
		return err
	}
	return withStore(ctx, o, env, func(st *store.Store) error {
		l := o.loader(env, st)
		defer waitSaves(l, env) // the articles are saved before the store closes
		ls, loadErr := numbered(ctx, o, st, l, pos, env)
		if loadErr != nil && !errors.Is(loadErr, errSourcesFailed) {
			return fmt.Errorf("align: %w", loadErr)
		}
		var articles []feed.Article
		first := 1
		if n > 0 {
			a, err := ls.numberedArticle(ctx, st, n, loadErr, "align")
			if err != nil {
				return err
			}
			articles, first = []feed.Article{a}, n
		} else if articles, err = ls.all(ctx, st); err != nil {
			return fmt.Errorf("align: %w", err)
		}
		if err := printPairs(articles, first, o.format, env); err != nil {
			return err
		}
		return loadErr
	})
}

// isNumber reports whether s is made of ASCII digits only: the article
// number that may end align's arguments (a source named so is ./N).
func isNumber(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// printPairs prints the pairs of articles in format, numbering them from
// first. An article with one language gets a line on stderr instead.
func printPairs(articles []feed.Article, first int, format string, env Env) error {
	w := bufio.NewWriterSize(env.Stdout, 64<<10)
	pw := newPairWriter(format, w)
	if err := pw.begin(); err != nil {
		return err
	}
	for i := range articles {
		a, k := &articles[i], first+i
		if a.ZH == nil || a.EN == nil {
			fmt.Fprintf(env.Stderr, "xinwen: align: article %d is in %s only: nothing to align\n", k, onlyLanguage(a))
			continue
		}
		al := align.Article(a.ZH, a.EN)
		for i, p := range pairs.Layout(al).Pairs {
			zh, en := pairs.Text(a, p)
			if err := pw.pair(alignedPair{Article: k, ZH: zh, EN: en, Score: roundScore(al.Pairs[i].Score)}); err != nil {
				return err
			}
		}
	}
	if err := pw.end(); err != nil {
		return err
	}
	return w.Flush()
}

func onlyLanguage(a *feed.Article) string {
	if a.ZH != nil {
		return "Chinese"
	}
	return "English"
}

// roundScore keeps two decimals of a score, as the formats print it.
func roundScore(s float64) float64 {
	if math.IsNaN(s) {
		return 0
	}
	return math.Round(min(max(s, 0), 1)*100) / 100
}

// alignedPair is one pair as `xinwen align` prints it: one line of jsonl.
type alignedPair struct {
	Article int     `json:"article"`
	ZH      string  `json:"zh"`
	EN      string  `json:"en"`
	Score   float64 `json:"score"`
}

// pairWriter prints pairs in one format: begin, pair for each, end.
type pairWriter interface {
	begin() error
	pair(p alignedPair) error
	end() error
}

// newPairWriter returns the writer of format (checked by options.check).
func newPairWriter(format string, w *bufio.Writer) pairWriter {
	switch format {
	case "tsv":
		return tsvWriter{w}
	case "tmx":
		return tmxWriter{w}
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return jsonlWriter{enc}
}

type jsonlWriter struct{ enc *json.Encoder }

func (jsonlWriter) begin() error               { return nil }
func (j jsonlWriter) pair(p alignedPair) error { return j.enc.Encode(p) }
func (jsonlWriter) end() error                 { return nil }

type tsvWriter struct{ w *bufio.Writer }

func (tsvWriter) begin() error { return nil }
func (t tsvWriter) pair(p alignedPair) error {
	t.w.WriteString(tsvField(p.ZH))
	t.w.WriteByte('\t')
	t.w.WriteString(tsvField(p.EN))
	_, err := t.w.WriteString("\n")
	return err
}
func (tsvWriter) end() error { return nil }

// tsvField is s with the tabs and line breaks in it made spaces.
func tsvField(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029':
			return ' '
		}
		return r
	}, s)
}

// tmxWriter writes TMX 1.4b: one <tu> per pair, Chinese (zh-CN) the
// source language, with the article number and the score as properties.
type tmxWriter struct{ w *bufio.Writer }

func (t tmxWriter) begin() error {
	_, err := fmt.Fprintf(t.w, `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="xinwen" creationtoolversion="%s" segtype="sentence" o-tmf="xinwen" adminlang="en" srclang="zh-CN" datatype="plaintext"/>
  <body>
`, xmlText(Version))
	return err
}

func (t tmxWriter) pair(p alignedPair) error {
	_, err := fmt.Fprintf(t.w, `    <tu>
      <prop type="x-article">%d</prop>
      <prop type="x-score">%s</prop>
      <tuv xml:lang="zh-CN"><seg>%s</seg></tuv>
      <tuv xml:lang="en"><seg>%s</seg></tuv>
    </tu>
`, p.Article, strconv.FormatFloat(p.Score, 'f', 2, 64), xmlText(p.ZH), xmlText(p.EN))
	return err
}

func (t tmxWriter) end() error {
	_, err := t.w.WriteString("  </body>\n</tmx>\n")
	return err
}

// xmlText escapes s for XML character data and attribute values; a
// character XML cannot hold becomes U+FFFD.
func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder does not fail
	return b.String()
}
