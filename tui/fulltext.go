package tui

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
)

// Full text in the reader. f fetches the shown article's page in a command
// (feed.Loader.FullText: the full text stored for it when there is one,
// else the page, which the loader then stores) and puts the article's text
// in its place. While it runs the status bar says so; leaving the article
// cancels it; a failure keeps the summary and says why. With a store, the
// article is saved again in its source's offline copy, so that the store's
// search finds the full text at once rather than at the next load.

// fullTextState is the model's part of full texts: the fetch under way.
type fullTextState struct {
	nextID int
	job    *fullTextJob // nil: no fetch under way
}

// fullTextJob is the fetch of one article's full text.
type fullTextJob struct {
	id      int
	article string // identity
	host    string // printable, for the status bar
	cancel  context.CancelFunc
}

// fullTextKey handles f: fetch the full text of the shown article.
func (m Model) fullTextKey() (Model, tea.Cmd) {
	a, _ := m.shown()
	switch {
	case a == nil:
		m.setStatus("open an article to fetch its full text", false)
		return m, nil
	case m.full.job != nil && m.full.job.article == identity(a):
		m.setStatus("fetching the full text already", false)
		return m, nil
	}
	if err := checkLink(a.Link); err != nil {
		m.setStatus("no full text: "+err.Error(), true)
		return m, nil
	}
	if m.full.job != nil {
		m.full.job.cancel()
	}
	art := withoutMachine(*a)
	ctx, cancel := context.WithCancel(m.ctx)
	m.full.nextID++
	j := &fullTextJob{id: m.full.nextID, article: identity(a), host: printable(m.metrics, hostOf(a.Link)), cancel: cancel}
	m.full.job = j
	loader, source := m.loader, m.loadSourceOf(a)
	return m, func() tea.Msg {
		defer cancel()
		return fetchFullText(ctx, loader, source, j.id, art)
	}
}

// fetchFullText runs in a command: the full text of a, then, when source
// (the load source a came from, "" if none) has an offline copy in the
// loader's cache, a saved again in it.
func fetchFullText(ctx context.Context, loader *feed.Loader, source string, id int, a feed.Article) fullTextFetched {
	if loader == nil {
		loader = &feed.Loader{}
	}
	msg := fullTextFetched{ID: id, Article: a}
	got, err := loader.FullText(ctx, a)
	if ctx.Err() != nil {
		msg.Cancelled = true
		return msg
	}
	if err != nil {
		msg.Err = err
		return msg
	}
	msg.Article = got
	if loader.Cache != nil && source != "" {
		msg.Saved, msg.SaveErr = resaveArticle(ctx, loader, source, got)
	}
	return msg
}

// resaveArticle puts a in place of its older self in source's offline copy,
// keeping the copy's order and time, so that the store indexes its full
// text now. saved is false, with no error, when the copy does not hold a
// (a source read only from standard input, the sample). It first waits
// for the loader's saves under way, so as not to write over a newer copy.
func resaveArticle(ctx context.Context, loader *feed.Loader, source string, a feed.Article) (saved bool, _ error) {
	loader.Wait()
	stored, fetched, err := loader.Cache.SourceArticles(ctx, source)
	if err != nil {
		return false, err
	}
	for i := range stored {
		if stored[i].ID == a.ID && stored[i].Source == a.Source {
			stored = append([]feed.Article(nil), stored...)
			stored[i] = a
			return true, loader.Cache.SaveSource(ctx, source, stored, fetched)
		}
	}
	return false, nil
}

// loadSourceOf returns the source of m's that a was loaded from, by its
// feed.SourceName (the name the loader saved it under): its own, or the
// directory holding it; "" when none is (the sample).
func (m Model) loadSourceOf(a *feed.Article) string {
	for _, s := range m.sources {
		if s = feed.SourceName(s); a.Source == s || strings.HasPrefix(a.Source, strings.TrimRight(s, `/\`)+string(filepath.Separator)) {
			return s
		}
	}
	return ""
}

// followFullText runs after every message: it cancels the fetch of an
// article no longer shown.
func (m Model) followFullText() Model {
	j := m.full.job
	if j == nil {
		return m
	}
	if a, _ := m.shown(); a == nil || identity(a) != j.article {
		j.cancel()
		m.full.job = nil
	}
	return m
}

// handleFullText takes the answer of a fetch: the article's text replaced
// by its full text, or the summary kept and the reason in the status bar.
// Answers of a fetch no longer awaited are dropped.
func (m Model) handleFullText(msg fullTextFetched) (Model, tea.Cmd) {
	j := m.full.job
	if j == nil || msg.ID != j.id {
		return m, nil
	}
	m.full.job = nil
	switch {
	case msg.Cancelled:
		return m, nil
	case errors.Is(msg.Err, feed.ErrShorterThanSummary):
		m.setNotice("no full text: " + feed.ErrShorterThanSummary.Error())
		return m, nil
	case msg.Err != nil:
		m.setStatus("no full text, the summary kept: "+reasonOf(msg.Err), true)
		return m, nil
	}
	at := m.readingPosition()
	if m.search.on { // the headline list waiting behind the results too
		m, _ = m.withHeadlineList(func(m Model) (Model, tea.Cmd) { return m.applyFullText(j.article, msg.Article), nil })
	}
	m = m.applyFullText(j.article, msg.Article)
	m = m.restorePosition(at)
	text := fmt.Sprintf("full text from %s: %s", j.host, plural(blockCount(&msg.Article), "paragraph"))
	if msg.SaveErr != nil {
		m.setStatus(text+", but not saved for search: "+msg.SaveErr.Error(), true)
		return m, nil
	}
	m.setStatus(text, false)
	return m, nil
}

// applyFullText gives the article with identity id in m's list the
// versions of got that the fetch replaced, in a copy of the articles
// (commands and the loader's save may still read the old slice). A machine
// translation of a version replaced is dropped, to be made again from the
// full text.
func (m Model) applyFullText(id string, got feed.Article) Model {
	for i := range m.list.articles {
		a := &m.list.articles[i]
		if identity(a) != id {
			continue
		}
		c := *a
		zh, en := replaced(c.ZH, got.ZH), replaced(c.EN, got.EN)
		if zh {
			c.ZH = got.ZH
			if c.EN != nil && c.EN.Machine != nil {
				c.EN = nil
			}
		}
		if en {
			c.EN = got.EN
			if c.ZH != nil && c.ZH.Machine != nil {
				c.ZH = nil
			}
		}
		if !zh && !en {
			return m
		}
		if c.ZH == nil && c.EN == nil { // cannot happen: a version was replaced
			return m
		}
		m.list.articles = append([]feed.Article(nil), m.list.articles...)
		m.list.articles[i] = c
		m.list.headlines = append([]headline(nil), m.list.headlines...)
		m.list.headlines[i] = newHeadline(&m.list.articles[i], m.metrics)
		delete(m.trans.applied, id)
		m.trans.considered = "" // look the translation up again, for the new text
		m.pages.clear()
		return m
	}
	return m
}

// replaced reports whether the fetch gave a version of its own where the
// article shows have: a different original, not have itself.
func replaced(have, got *feed.Version) bool {
	if got == nil || got.Machine != nil {
		return false
	}
	if have == nil || have.Machine != nil {
		return true
	}
	return have != got && (len(have.Blocks) != len(got.Blocks) || textOf(have) != textOf(got))
}

// textOf joins v's blocks, to compare two versions.
func textOf(v *feed.Version) string {
	var b strings.Builder
	for _, bl := range v.Blocks {
		b.WriteString(bl.Text)
		b.WriteByte(0)
	}
	return b.String()
}

// withoutMachine returns a without the versions machine translation made:
// they are the reader's, never sent or saved with the article.
func withoutMachine(a feed.Article) feed.Article {
	if a.ZH != nil && a.ZH.Machine != nil {
		a.ZH = nil
	}
	if a.EN != nil && a.EN.Machine != nil {
		a.EN = nil
	}
	return a
}

// blockCount is the number of blocks of a's longer version.
func blockCount(a *feed.Article) int {
	n := 0
	for _, v := range []*feed.Version{a.ZH, a.EN} {
		if v != nil {
			n = max(n, len(v.Blocks))
		}
	}
	return n
}

// hostOf is link's host, or link itself when it has none.
func hostOf(link string) string {
	if u, err := url.Parse(link); err == nil && u.Host != "" {
		return u.Host
	}
	return link
}

// reasonOf is err's text without the link it names: the status bar has
// room for the reason, and the link is the open article's.
func reasonOf(err error) string {
	var se *feed.SourceError
	if errors.As(err, &se) && se.Err != nil {
		return se.Err.Error()
	}
	return err.Error()
}

// fullTextStatus is the progress shown in the status bar while nothing
// else is: "fetching the full text from example.com…".
func (m Model) fullTextStatus() string {
	if j := m.full.job; j != nil {
		return "fetching the full text from " + j.host + m.marks.ellipsis
	}
	return ""
}
