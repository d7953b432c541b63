package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"slices"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// encoded is an article in its stored form.
type encoded struct {
	a          *feed.Article
	key        rowKey
	data, hash []byte
	changed    bool   // new, or stored with other content
	terms      string // its search terms, when changed
	err        error
}

// How a save's articles are encoded: in blocks of encodeBlock articles,
// by encoders goroutines at once, at most encodeAhead blocks before the
// writer. The writer may sleep between two chunks (see pacer) while
// encoding goes on, so the encoders must be allowed more than a chunk
// ahead; on two cores, two encoders keep JSON and search terms from being
// the save's critical path.
const (
	encodeBlock = 64
	encodeAhead = 2 * chunkArticles / encodeBlock
)

// encodeAll encodes articles, in order, on goroutines of its own and sends
// them on the channel it returns, which it closes after the last. It stops
// early when stop is closed. It only reads its arguments. The work is split
// so: these goroutines turn articles into what is stored (JSON, hash and
// search terms, all Go), the caller's writes them through SQLite, and on
// two cores the two halves overlap.
func encodeAll(articles []*feed.Article, source string, sources map[string]int64, old map[rowKey]storedRow, stop <-chan struct{}) <-chan encoded {
	type block struct {
		articles []*feed.Article
		done     chan []encoded // receives the block encoded
	}
	jobs := make(chan block)
	pending := make(chan chan []encoded, encodeAhead) // blocks in order
	for range min(encoders(), (len(articles)+encodeBlock-1)/encodeBlock) {
		go func() {
			text := newTermText()
			for b := range jobs {
				b.done <- encodeBlockOf(text, b.articles, source, sources, old)
			}
		}()
	}
	go func() {
		defer close(pending)
		defer close(jobs)
		for blk := range slices.Chunk(articles, encodeBlock) {
			b := block{articles: blk, done: make(chan []encoded, 1)}
			select {
			case pending <- b.done: // waits while encodeAhead blocks wait
			case <-stop:
				return
			}
			select {
			case jobs <- b:
			case <-stop:
				return
			}
		}
	}()
	out := make(chan encoded, encodeBlock)
	go func() {
		defer close(out)
		for done := range pending {
			var blk []encoded
			select {
			case blk = <-done:
			case <-stop:
				return
			}
			for _, e := range blk {
				select {
				case out <- e:
				case <-stop:
					return
				}
			}
		}
	}()
	return out
}

// encoders is how many goroutines encode a save's articles.
func encoders() int { return max(1, min(runtime.GOMAXPROCS(0), 4)) }

// encodeBlockOf encodes articles with text, which it reuses.
func encodeBlockOf(text *termText, articles []*feed.Article, source string, sources map[string]int64, old map[rowKey]storedRow) []encoded {
	out := make([]encoded, len(articles))
	for i, a := range articles {
		e := encoded{a: a, key: rowKey{sources[keySource(a, source)], a.ID}}
		e.data, e.hash, e.err = encode(a)
		if r, ok := old[e.key]; e.err == nil && (!ok || !bytes.Equal(r.hash, e.hash)) {
			e.changed = true
			e.terms = text.article(a)
		}
		out[i] = e
	}
	return out
}

// writer holds the statements of one chunk of a save.
type writer struct {
	sv      *save
	insert  *sql.Stmt
	pending *sql.Stmt // lists a row for the indexer (indexer.go)
}

func newWriter(ctx context.Context, tx *sql.Tx, sv *save) (*writer, error) {
	w := &writer{sv: sv}
	var err error
	if w.insert, err = tx.PrepareContext(ctx, `INSERT INTO articles
		(source_id, article_id, staged, hash, data, published, stored_at, changed_at,
		title_zh, title_en, langs, feed, link, published_offset)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`); err != nil {
		w.close()
		return nil, err
	}
	if w.pending, err = tx.PrepareContext(ctx, "INSERT INTO search_pending (id, terms) VALUES (?, ?)"); err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

func (w *writer) close() {
	for _, st := range []*sql.Stmt{w.insert, w.pending} {
		if st != nil {
			st.Close()
		}
	}
}

// write stores e unless it is stored with the same content, and returns
// its row id and, when it replaces a stored row, that row's id. A new
// article is inserted live; a changed one is staged beside the row it
// replaces (see save.go).
func (w *writer) write(ctx context.Context, e encoded) (id, replaces int64, err error) {
	r, stored := w.sv.old[e.key]
	if !e.changed {
		return r.id, 0, nil
	}
	var staged int64
	storedAt := w.sv.now
	if stored {
		w.sv.staged, staged, replaces = true, w.sv.token, r.id
	}
	res, err := w.insert.ExecContext(ctx, e.key.source, e.a.ID, staged, e.hash, e.data,
		publishedUnix(e.a), storedAt, time.Now().UnixNano(), titleOf(e.a.ZH), titleOf(e.a.EN), langsOf(e.a),
		e.a.Feed, e.a.Link, offsetOf(e.a))
	if err != nil {
		if stored || !isConstraint(err) {
			return 0, 0, err
		}
		return 0, 0, errRaced // another save inserted it since the plan
	}
	if id, err = res.LastInsertId(); err != nil {
		return 0, 0, err
	}
	if !stored {
		w.sv.fresh = append(w.sv.fresh, e.key)
	}
	if _, err := w.pending.ExecContext(ctx, id, e.terms); err != nil {
		return 0, 0, fmt.Errorf("search index: %w", err)
	}
	return id, replaces, nil
}
