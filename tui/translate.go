package tui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
	"github.com/xinwen-reader/xinwen/feed/translate"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// Machine translation in the reader. T translates the shown article (on
// the headline list: the titles of the visible headlines); with auto, or
// auto_translate for its source, opening a one-language article does it.
// The translation becomes the article's missing version, marked Machine,
// so the layout, the aligner and the filter treat it as any version. It
// is looked up first in this process's memo, then in the store; requests
// go out only for what is still missing, so an article left half
// translated resumes where it stopped. Everything runs in commands with
// request IDs; leaving the article cancels its requests.

// translationState is the model's part of machine translation. The memo
// and the title map are shared by all copies of a Model, like the page
// cache; only Update writes the title map.
type translationState struct {
	tr          *translate.Translator // nil: no backend, nothing is ever sent
	auto        bool
	autoSources []string
	store       translationStore // nil: translations live in memo only
	memo        *translationMemo
	applied     map[string]store.TranslationKey // identity → the translation shown in it

	nextID      int
	lookID      int             // the lookup whose answer is awaited
	job         *translationJob // the shown article's translation under way
	done, total int             // its progress, in title and blocks
	considered  string          // identity of the article last looked up
	consStart   bool            // ... and whether that lookup was to translate

	titles     map[string]string // identity → title translated on the list, printable
	titlesID   int
	titlesBusy int // titles being translated
}

func newTranslationState(cfg Config) translationState {
	s := translationState{
		tr: cfg.Translator, auto: cfg.AutoTranslate, autoSources: cfg.AutoTranslateSources,
		memo: &translationMemo{m: map[store.TranslationKey]*feed.Version{}}, applied: map[string]store.TranslationKey{},
		titles: map[string]string{},
	}
	if cfg.Store != nil { // a nil *Store in the interface would not be nil
		s.store = cfg.Store
	}
	return s
}

// Messages of translation. They share translationMsg so that Update hands
// them all to handleTranslation.
type translationMsg interface{ translation() }

// translationLooked answers lookup ID: what the memo or the store holds for
// the article (Version nil: nothing), and whether to translate the rest.
type translationLooked struct {
	ID        int
	Article   string // identity
	Task      translationTask
	NotNeeded bool // the article has both languages
	Version   *feed.Version
	Start     bool // translate what is missing
	Asked     bool // T was pressed (not auto)
	Err       error
}

// translationProgressed reports the translation of job ID so far.
type translationProgressed struct {
	ID          int
	Version     *feed.Version
	Done, Total int
}

// translationDone ends job ID: the translation as far as it got, and why it
// stopped short (Err) or could not be stored (SaveErr).
type translationDone struct {
	ID            int
	Version       *feed.Version
	Err, SaveErr  error
	Done, Total   int
	Cancelled     bool
	StoredPartial bool
}

// titlesTranslated answers title request ID: Titles[i] translates the
// title of the article with identity IDs[i].
type titlesTranslated struct {
	ID     int
	IDs    []string
	Titles []string
	Err    error
}

func (translationLooked) translation()     {}
func (translationProgressed) translation() {}
func (translationDone) translation()       {}
func (titlesTranslated) translation()      {}

// autoFor reports whether opening a translates it: translate.auto, or
// auto_translate for its source (a directory's covers its files).
func (s *translationState) autoFor(a *feed.Article) bool {
	if s.auto {
		return true
	}
	for _, src := range s.autoSources {
		// Articles carry their source's feed.SourceName.
		if src = feed.SourceName(src); a.Source == src || strings.HasPrefix(a.Source, strings.TrimRight(src, `/\`)+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// followTranslation runs after every message: it cancels the requests of an
// article no longer shown and looks up the translation of a newly shown
// one, translating it when auto says so.
func (m Model) followTranslation() (Model, tea.Cmd) {
	a, _ := m.shown()
	id := ""
	if a != nil {
		id = identity(a)
	}
	if j := m.trans.job; j != nil && j.article != id {
		j.cancel()
		m.trans.job = nil
	}
	if a == nil || m.trans.tr == nil {
		m.trans.considered = ""
		return m, nil
	}
	start := m.screen == articleScreen && m.trans.autoFor(a)
	if id == m.trans.considered && (!start || m.trans.consStart) {
		return m, nil
	}
	m.trans.considered, m.trans.consStart = id, start
	return m.lookUpTranslation(a, start, false)
}

// lookUpTranslation returns the command that finds what is kept of a's
// translation, in the memo, then the store.
func (m Model) lookUpTranslation(a *feed.Article, start, asked bool) (Model, tea.Cmd) {
	m.trans.nextID++
	m.trans.lookID = m.trans.nextID
	msg := translationLooked{ID: m.trans.nextID, Article: identity(a), Start: start, Asked: asked}
	art, cfg, st, memo, ctx := *a, m.trans.tr.Config(), m.trans.store, m.trans.memo, m.ctx
	return m, func() tea.Msg {
		task, ok := taskFor(&art, cfg)
		if !ok {
			msg.NotNeeded = true
			return msg
		}
		msg.Task = task
		v := memo.get(task.key)
		if v == nil && st != nil {
			stored, found, err := st.Translation(ctx, task.key)
			msg.Err = err
			if found && fits(task.src, stored) {
				v = stored
				memo.put(task.key, task.src, v)
			}
		}
		if fits(task.src, v) {
			msg.Version = v
		}
		return msg
	}
}

// handleTranslation takes every translation message.
func (m Model) handleTranslation(msg translationMsg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case translationLooked:
		return m.handleLooked(msg)
	case translationProgressed:
		if j := m.trans.job; j != nil && msg.ID == j.id {
			m = m.applyTranslation(j.article, j.task, msg.Version)
			m.trans.done, m.trans.total = msg.Done, msg.Total
			return m, j.next()
		}
	case translationDone:
		return m.handleTranslationDone(msg)
	case titlesTranslated:
		return m.handleTitles(msg), nil
	}
	return m, nil
}

func (m Model) handleLooked(msg translationLooked) (Model, tea.Cmd) {
	a, _ := m.shown()
	if msg.ID != m.trans.lookID || a == nil || identity(a) != msg.Article {
		return m, nil
	}
	if msg.NotNeeded {
		if msg.Asked {
			m.setStatus("this article has both languages: nothing to translate", false)
		}
		return m, nil
	}
	if msg.Err != nil {
		m.setStatus("stored translation: "+msg.Err.Error(), true)
	}
	complete := false
	if msg.Version != nil {
		m = m.applyTranslation(msg.Article, msg.Task, msg.Version)
		d, t := progressOf(msg.Task.src, msg.Version)
		complete = d == t
		msg.Start = msg.Start || !complete // resume what was left half done
	}
	switch {
	case complete:
		if msg.Asked {
			m.setStatus("translated already (stored)", false)
		}
		return m, nil
	case !msg.Start:
		return m, nil
	}
	m.trans.nextID++
	ctx, cancel := context.WithCancel(m.ctx)
	j := &translationJob{id: m.trans.nextID, article: msg.Article, task: msg.Task, ctx: ctx, cancel: cancel,
		progress: make(chan translationProgressed, 1), done: make(chan translationDone, 1)}
	if old := m.trans.job; old != nil {
		old.cancel()
	}
	m.trans.job = j
	m.trans.done, m.trans.total = progressOf(msg.Task.src, msg.Version)
	return m, tea.Batch(j.run(m.trans.tr, m.trans.store, m.trans.memo, msg.Version, m.ctx), j.next())
}

func (m Model) handleTranslationDone(msg translationDone) (Model, tea.Cmd) {
	j := m.trans.job
	if j == nil || msg.ID != j.id {
		return m, nil
	}
	m.trans.job = nil
	m = m.applyTranslation(j.article, j.task, msg.Version)
	switch {
	case msg.Err != nil && !msg.Cancelled:
		var te *translate.Error
		text := msg.Err.Error()
		if errors.As(msg.Err, &te) && !strings.Contains(text, te.Backend) {
			text = te.Backend + ": " + text
		}
		m.setStatus(fmt.Sprintf("translation stopped at %d/%d: %s", msg.Done, msg.Total, text), true)
	case msg.SaveErr != nil:
		m.setStatus("translated, but not stored: "+msg.SaveErr.Error(), true)
	case msg.Err == nil:
		m.setStatus(fmt.Sprintf("translated %d/%d", msg.Done, msg.Total), false)
	}
	return m, nil
}

// applyTranslation makes v the version in task.to of the article with
// identity id, in a copy of the articles (commands and the loader's save
// may still read the old slice), and redraws it.
func (m Model) applyTranslation(id string, task translationTask, v *feed.Version) Model {
	if v == nil {
		return m
	}
	for i := range m.list.articles {
		if identity(&m.list.articles[i]) != id {
			continue
		}
		m.list.articles = append([]feed.Article(nil), m.list.articles...)
		m.list.articles[i] = *withVersion(&m.list.articles[i], task.to, v)
		m.list.headlines = append([]headline(nil), m.list.headlines...)
		m.list.headlines[i] = newHeadline(&m.list.articles[i], m.metrics)
		m.trans.applied[id] = task.key
		m.pages.clear()
		break
	}
	return m
}

// reapplyTranslations gives freshly loaded articles the translations that
// were shown in them, when their text is still the one translated. It
// returns articles itself when there is nothing to give.
func (s *translationState) reapplyTranslations(articles []feed.Article) []feed.Article {
	if len(s.applied) == 0 || s.tr == nil {
		return articles
	}
	copied := false
	for i := range articles {
		key, ok := s.applied[identity(&articles[i])]
		if !ok {
			continue
		}
		task, ok := taskFor(&articles[i], s.tr.Config())
		v := s.memo.get(key)
		if !ok || task.key != key || v == nil {
			continue
		}
		if !copied {
			articles, copied = append([]feed.Article(nil), articles...), true
		}
		articles[i] = *withVersion(&articles[i], task.to, v)
	}
	return articles
}

// translateKey handles T: the shown article on the article screen, the
// visible headlines' titles on the list.
func (m Model) translateKey() (Model, tea.Cmd) {
	if m.trans.tr == nil {
		m.setStatus("no translation backend: set one in the [translate] table of config.toml (see the README)", false)
		return m, nil
	}
	if m.screen != articleScreen {
		return m.translateTitles()
	}
	a, _ := m.shown()
	switch {
	case a == nil:
		return m, nil
	case m.trans.job != nil && m.trans.job.article == identity(a):
		m.setStatus("translating already", false)
		return m, nil
	}
	m.trans.considered, m.trans.consStart = identity(a), true
	if a.EN == nil && m.lang == layout.Chinese || a.ZH == nil && m.lang == layout.English {
		// The pane would not show what T asked for: show both.
		at := m.readingPosition()
		m.lang = layout.Both
		m = m.restorePosition(at)
	}
	return m.lookUpTranslation(a, true, true)
}

// translateTitles translates, in one request per direction, the titles of
// the visible one-language headlines that have no translated title yet.
func (m Model) translateTitles() (Model, tea.Cmd) {
	type group struct {
		ids, titles []string
	}
	groups := map[string]*group{} // by direction, "zh-en" or "en-zh"
	end := min(m.list.top+max(m.geometry().listRows, 1), len(m.list.visible))
	n := 0
	for _, k := range m.list.visible[min(m.list.top, end):end] {
		a := &m.list.articles[k]
		id := identity(a)
		task, ok := titleTask(a)
		if !ok || m.trans.titles[id] != "" {
			continue
		}
		g := groups[task]
		if g == nil {
			g = &group{}
			groups[task] = g
		}
		g.ids, g.titles = append(g.ids, id), append(g.titles, titleOf(a, task))
		n++
	}
	if n == 0 {
		m.setStatus("no title on screen needs translating", false)
		return m, nil
	}
	m.trans.titlesID++
	m.trans.titlesBusy = n
	msg := titlesTranslated{ID: m.trans.titlesID}
	tr, ctx := m.trans.tr, m.ctx
	return m, func() tea.Msg {
		for dir, g := range groups {
			from, to, _ := strings.Cut(dir, "-")
			out, err := tr.Titles(ctx, g.titles, from, to)
			if err != nil {
				msg.Err = err
				return msg
			}
			msg.IDs, msg.Titles = append(msg.IDs, g.ids...), append(msg.Titles, out...)
		}
		return msg
	}
}

// titleTask returns the direction a's title is to be translated in, when it
// has a title in one language only.
func titleTask(a *feed.Article) (string, bool) {
	switch {
	case a.ZH != nil && a.ZH.Title != "" && (a.EN == nil || a.EN.Title == ""):
		return "zh-en", true
	case a.EN != nil && a.EN.Title != "" && (a.ZH == nil || a.ZH.Title == ""):
		return "en-zh", true
	}
	return "", false
}

func titleOf(a *feed.Article, dir string) string {
	if dir == "zh-en" {
		return a.ZH.Title
	}
	return a.EN.Title
}

func (m Model) handleTitles(msg titlesTranslated) Model {
	if msg.ID != m.trans.titlesID {
		return m
	}
	m.trans.titlesBusy = 0
	if msg.Err != nil {
		m.setStatus("title translation failed: "+msg.Err.Error(), true)
		return m
	}
	for i, id := range msg.IDs {
		if t := printable(m.metrics, msg.Titles[i]); t != "" {
			m.trans.titles[id] = t
		}
	}
	m.list.headlines = m.trans.withTitles(m.list.articles, m.list.headlines, true)
	m.setStatus(fmt.Sprintf("translated %s (dimmed, marked %s)", plural(len(msg.IDs), "title"), strings.TrimSpace(m.machineMark())), false)
	return m
}

// withTitles returns headlines with the titles translated on the list put
// in their rows (in a copy when copyRows; headlines is parallel to
// articles).
func (s *translationState) withTitles(articles []feed.Article, headlines []headline, copyRows bool) []headline {
	if len(s.titles) == 0 {
		return headlines
	}
	if copyRows {
		headlines = append([]headline(nil), headlines...)
	}
	for i := range articles {
		if t, ok := s.titles[identity(&articles[i])]; ok {
			headlines[i].mtitle = t
			headlines[i].search += "\x00" + strings.ToLower(t)
		}
	}
	return headlines
}

// machineMark tags a title translated on the list: "≈ ", or "~ " where
// ambiguous characters are wide.
func (m Model) machineMark() string {
	if m.metrics.AmbiguousWide() {
		return "~ "
	}
	return "≈ "
}

// translationStatus is the progress shown in the status bar while nothing
// else is: "translating 3/12" for the shown article, or the titles.
func (m Model) translationStatus() string {
	switch {
	case m.trans.job != nil && m.trans.total > 0:
		return fmt.Sprintf("translating %d/%d", m.trans.done, m.trans.total)
	case m.trans.job != nil:
		return "translating" + m.marks.ellipsis
	case m.trans.titlesBusy > 0:
		return "translating " + plural(m.trans.titlesBusy, "title") + m.marks.ellipsis
	}
	return ""
}
