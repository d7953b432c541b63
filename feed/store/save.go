package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// How a save is split. A save of thousands of articles holds the write
// lock for seconds, longer than the busy timeout of a read mark written at
// the same time, so SaveSource commits in chunks of at most chunkArticles
// articles or chunkTime, and between chunks lets queued marks and other
// processes take the lock: queued marks at once, other processes after the
// save has held it for lockHold (see pacer).
//
// Readers must never see a source's offline copy half old, half new, so a
// chunk never changes what the copy shows: a new article is inserted as a
// live row but joins the copy only through the member list; an article
// whose content changed gets a new, staged row (staged = the save's token,
// invisible to reads and search) beside its old one. The last transaction
// swaps the member list, drops the replaced rows and makes the staged ones
// live, all at once. A save cut short leaves staged rows behind, which a
// later save of the same source removes once they are staleStaged old.
const (
	chunkArticles = 500
	chunkTime     = 50 * time.Millisecond
	staleStaged   = time.Hour
	// saveAttempts is how often SaveSource tries at once when another
	// save of the same source changed its rows between two of its chunks
	// (another process refreshing the same feed). After that it waits for
	// the other save to end, trying again after a pause that grows from
	// racedPause to a second, for up to saveBusyWait: two refreshes of one
	// feed of 4,000 new articles kept colliding three times in a row, and
	// one of them reported the feed failed.
	saveAttempts = 3
	racedPause   = 20 * time.Millisecond
	// saveBusyWait is how long SaveSource goes on trying while other
	// writers hold the lock past the busy timeout at each try (a refresh
	// saves four feeds at once, and other processes write too): a save
	// that gives up loses the feed's new articles until the next refresh.
	saveBusyWait = time.Minute
)

// errRaced means another save of the same source changed the rows a chunked
// save had planned with; the save starts again.
var errRaced = errors.New("the source was saved by another writer at the same time")

// SaveSource stores the articles loaded from source (a path, "-" or a URL,
// as the loader names it) and remembers them, in this order, as the source's
// offline copy fetched at fetched (time.Now() when zero).
//
// Articles are keyed by (source, ID), where the source is the article's own
// Source when that is a path inside source (for a directory, the file in
// it) and source otherwise: one source can never change another source's
// articles, and two sources may use the same IDs. An article already stored is rewritten only
// when its content changed, so saving the same 10,000 articles again costs
// little. Read marks are never touched. When articles repeats a key, the
// first one is kept and the rest ignored. An article with an empty ID is an
// error.
//
// A big save commits in chunks (see chunkArticles) so that read marks are
// not starved, but the offline copy changes at once at the end: on error
// (including a cancelled ctx) the copy stays as it was.
func (s *Store) SaveSource(ctx context.Context, source string, articles []feed.Article, fetched time.Time) error {
	if fetched.IsZero() {
		fetched = time.Now()
	}
	defer s.beginSave()()
	err := s.writable(ctx)
	giveUp := time.Now().Add(saveBusyWait)
tries:
	for raced := 1; err == nil; {
		err = s.saveOnce(ctx, source, articles, fetched.UnixNano())
		switch {
		case errors.Is(err, errRaced) && ctx.Err() == nil && (raced < saveAttempts || time.Now().Before(giveUp)):
			if raced++; raced > saveAttempts {
				// A random part, so that two saves that collide do
				// not come back at the same moment.
				pause := min(racedPause<<min(raced-saveAttempts-1, 6), time.Second)
				pause += rand.N(pause / 2)
				select {
				case <-time.After(pause):
				case <-ctx.Done():
				}
			}
		case isBusy(err) && ctx.Err() == nil && time.Now().Before(giveUp):
			// The lock, held by others past the busy timeout, not
			// another save of the source: try again.
			select {
			case <-time.After(busyRetry):
			case <-ctx.Done():
			}
		default:
			break tries
		}
		err = nil
	}
	if err = s.check(err); err != nil {
		return fmt.Errorf("store: save %s: %w", source, err)
	}
	return nil
}

// rowKey is how a stored article is found: its source's row and its ID.
type rowKey struct {
	source int64
	id     string
}

// keySource is the source an article of a save of source is stored under:
// its own Source when that is source or a path inside it (a directory's
// file), and source otherwise, so that a save can never write another
// source's rows.
func keySource(a *feed.Article, source string) string {
	if a.Source == "" || a.Source == source || isURL(source) {
		return source
	}
	rel, err := filepath.Rel(source, a.Source)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return source
	}
	return a.Source
}

func isURL(source string) bool {
	return strings.HasPrefix(source, "http://") || strings.HasPrefix(source, "https://")
}

// uniqueArticles returns pointers to the first article of each key, in
// order, and fails on an article without an ID.
func uniqueArticles(source string, articles []feed.Article) ([]*feed.Article, error) {
	type key struct{ source, id string }
	seen := make(map[key]bool, len(articles))
	unique := make([]*feed.Article, 0, len(articles))
	for i := range articles {
		a := &articles[i]
		if a.ID == "" {
			return nil, fmt.Errorf("article %d (%q) has no ID", i+1, a.Title())
		}
		k := key{keySource(a, source), a.ID}
		if !seen[k] {
			seen[k] = true
			unique = append(unique, a)
		}
	}
	return unique, nil
}

// publishedUnix is the published column: Unix seconds, 0 when unknown.
func publishedUnix(a *feed.Article) int64 {
	if a.Published.IsZero() {
		return 0
	}
	return a.Published.Unix()
}

// saveOnce is one attempt at SaveSource, on one connection of its own.
func (s *Store) saveOnce(ctx context.Context, source string, articles []feed.Article, fetched int64) error {
	unique, err := uniqueArticles(source, articles)
	if err != nil {
		return err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	sv := &save{s: s, conn: conn, source: source, token: rand.Int64N(1<<62) + 1, now: time.Now().UnixNano()}
	err = sv.run(ctx, unique, fetched)
	if err != nil && sv.staged {
		sv.discard()
	}
	if err != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		// database/sql rolls the transaction back when ctx ends, and a
		// commit or statement after that says only that it is done: say
		// why.
		err = fmt.Errorf("%w (%w)", ctx.Err(), err)
	}
	return err
}

// save is the state of one chunked save.
type save struct {
	s      *Store
	conn   *sql.Conn
	source string
	token  int64 // staged value of this save's new rows
	now    int64
	staged bool // some rows of this save may be staged

	sources map[string]int64 // source name → row id
	old     map[rowKey]storedRow
	fresh   []rowKey // live rows inserted, not yet counted (counts.go)
}

// run writes unique in chunks and finishes the save in the last one.
func (sv *save) run(ctx context.Context, unique []*feed.Article, fetched int64) error {
	tx, err := sv.conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }() // the open chunk on error
	if err := sv.plan(ctx, tx, unique); err != nil {
		return err
	}
	byAge := slices.Clone(unique)
	slices.SortStableFunc(byAge, func(a, b *feed.Article) int { return a.Published.Compare(b.Published) })
	stop := make(chan struct{})
	defer close(stop)
	rows := make(map[*feed.Article]int64, len(unique))
	replaced := map[int64]int64{} // old row → its staged replacement
	w, err := newWriter(ctx, tx, sv)
	if err != nil {
		return err
	}
	n, start := 0, time.Now()
	pace := newPacer(sv.s)
	for e := range encodeAll(byAge, sv.source, sv.sources, sv.old, stop) {
		if e.err != nil {
			w.close()
			return fmt.Errorf("article %s: %w", e.a.ID, e.err)
		}
		id, old, err := w.write(ctx, e)
		if err != nil {
			w.close()
			if ctx.Err() != nil {
				// database/sql may have closed the statements
				// first: say why.
				err = ctx.Err()
			}
			return fmt.Errorf("article %s: %w", e.a.ID, err)
		}
		rows[e.a] = id
		if old != 0 {
			replaced[old] = id
		}
		// Only writes count: an unchanged article costs no lock time.
		if e.changed {
			n++
		}
		if n == 0 || n < chunkArticles && time.Since(start) < chunkTime {
			continue
		}
		// End the chunk: commit, let others write, start the next.
		w.close()
		if err := sv.countFresh(ctx, tx); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		pace.between(ctx)
		next, err := sv.conn.BeginTx(ctx, nil)
		if err != nil {
			return err // tx stays the committed one: its Rollback is a no-op
		}
		tx = next
		if w, err = newWriter(ctx, tx, sv); err != nil {
			return err
		}
		n, start = 0, time.Now()
	}
	w.close()
	ids := make([]int64, len(unique))
	for i, a := range unique {
		ids[i] = rows[a]
	}
	if err := sv.finish(ctx, tx, ids, replaced, fetched); err != nil {
		return err
	}
	if err := sv.countFresh(ctx, tx); err != nil {
		return err
	}
	return tx.Commit() // SaveSource's end wakes the indexer
}

// plan, in the first chunk, finds or adds the rows of the sources involved,
// removes what saves of them cut short long ago left, and reads which
// articles are stored.
func (sv *save) plan(ctx context.Context, tx *sql.Tx, unique []*feed.Article) error {
	names := []string{sv.source}
	for _, a := range unique {
		if k := keySource(a, sv.source); !slices.Contains(names, k) {
			names = append(names, k)
		}
	}
	list, err := json.Marshal(names)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sources (source) SELECT value FROM json_each(?) WHERE true
		ON CONFLICT (source) DO NOTHING`, string(list)); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, "SELECT source, id FROM sources WHERE source IN (SELECT value FROM json_each(?))", string(list))
	if err != nil {
		return err
	}
	sv.sources = make(map[string]int64, len(names))
	for rows.Next() {
		var name string
		var id int64
		if err := rows.Scan(&name, &id); err != nil {
			rows.Close()
			return err
		}
		sv.sources[name] = id
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	stale, err := rowIDs(ctx, tx, `SELECT a.id FROM articles a, json_each(?) j JOIN sources s ON s.source = j.value
		WHERE a.source_id = s.id AND a.staged != 0 AND a.stored_at < ?`, string(list), sv.now-int64(staleStaged))
	if err != nil {
		return err
	}
	if err := dropRows(ctx, tx, stale); err != nil {
		return err
	}
	sv.old, err = storedRows(ctx, tx, unique, sv.source, sv.sources)
	return err
}

// dropRows deletes article rows and their search entries, indexed or
// still pending (see indexer.go).
func dropRows(ctx context.Context, tx *sql.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	for _, q := range []string{
		`DELETE FROM search WHERE rowid IN (SELECT value FROM json_each(?))
			AND rowid NOT IN (SELECT id FROM search_pending)`,
		"DELETE FROM search_pending WHERE id IN (SELECT value FROM json_each(?))",
	} {
		if _, err := tx.ExecContext(ctx, q, string(list)); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM articles WHERE id IN (SELECT value FROM json_each(?))", string(list))
	return err
}

// finish, in the last chunk, checks that no other save changed the rows
// this one relies on, then swaps the member list, drops the replaced rows
// and makes the staged ones live.
func (sv *save) finish(ctx context.Context, tx *sql.Tx, ids []int64, replaced map[int64]int64, fetched int64) error {
	staged := make(map[int64]bool, len(replaced))
	var gone, fresh []int64 // replaced rows, and their replacements, pairwise
	for old, id := range replaced {
		staged[id] = true
		gone, fresh = append(gone, old), append(fresh, id)
	}
	live := slices.Clone(gone)
	for _, id := range ids {
		if !staged[id] {
			live = append(live, id)
		}
	}
	slices.Sort(live)
	live = slices.Compact(live)
	list, err := json.Marshal(live)
	if err != nil {
		return err
	}
	var nLive, nStaged int
	if err := tx.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM articles WHERE id IN (SELECT value FROM json_each(?)) AND staged = 0),
		(SELECT count(*) FROM articles WHERE staged = ?)`, string(list), sv.token).Scan(&nLive, &nStaged); err != nil {
		return err
	}
	if nLive != len(live) || nStaged != len(staged) {
		return errRaced
	}
	if _, err := tx.ExecContext(ctx, "UPDATE sources SET saved_at = ? WHERE id = ?", fetched, sv.sources[sv.source]); err != nil {
		return err
	}
	if err := saveMembers(ctx, tx, sv.sources[sv.source], ids); err != nil {
		return err
	}
	if len(gone) > 0 {
		// Other copies holding a replaced row (a directory and its file
		// saved apart) follow it to its new version.
		pairs, err := json.Marshal([2][]int64{gone, fresh})
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE source_articles SET article = r.new
			FROM (SELECT o.value AS old, n.value AS new FROM json_each(?, '$[0]') o
				JOIN json_each(?, '$[1]') n ON n.key = o.key) r
			WHERE source_articles.article = r.old`, string(pairs), string(pairs)); err != nil {
			return err
		}
		if err := dropRows(ctx, tx, gone); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, "UPDATE articles SET staged = 0 WHERE staged = ?", sv.token)
	return err
}

// discard removes, as well as it can, the staged rows of a save that
// failed; what it cannot remove, a later save does (see plan).
func (sv *save) discard() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	tx, err := sv.conn.BeginTx(ctx, nil)
	if err != nil {
		return
	}
	defer func() { _ = tx.Rollback() }()
	ids, err := rowIDs(ctx, tx, "SELECT id FROM articles WHERE source_id IN (SELECT value FROM json_each(?)) AND staged = ?",
		sourceList(sv.sources), sv.token)
	if err == nil && dropRows(ctx, tx, ids) == nil {
		_ = tx.Commit()
	}
}

// sourceList is the JSON array of the source row ids of a save.
func sourceList(sources map[string]int64) string {
	ids := make([]int64, 0, len(sources))
	for _, id := range sources {
		ids = append(ids, id)
	}
	list, _ := json.Marshal(ids)
	return string(list)
}

// saveMembers records ids as the source's list of articles, leaving the
// rows alone when the list is unchanged.
func saveMembers(ctx context.Context, tx *sql.Tx, sourceID int64, ids []int64) error {
	old, err := rowIDs(ctx, tx, "SELECT article FROM source_articles WHERE source_id = ? ORDER BY pos", sourceID)
	if err != nil || slices.Equal(old, ids) {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM source_articles WHERE source_id = ?", sourceID); err != nil {
		return err
	}
	// One statement for the whole list: the position is the index in the
	// JSON array.
	list, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO source_articles (source_id, pos, article)
		SELECT ?, key, value FROM json_each(?)`, sourceID, string(list))
	return err
}

// storedRow is what the store holds of an article: its row and content
// hash.
type storedRow struct {
	id   int64
	hash []byte
}

// storedRows returns, by key, the live rows of those of articles that are
// stored, in one statement.
func storedRows(ctx context.Context, tx *sql.Tx, articles []*feed.Article, source string, sources map[string]int64) (map[rowKey]storedRow, error) {
	keys := make([][2]any, len(articles))
	for i, a := range articles {
		keys[i] = [2]any{sources[keySource(a, source)], a.ID}
	}
	list, err := json.Marshal(keys)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT a.source_id, a.article_id, a.id, a.hash
		FROM json_each(?) j JOIN articles a
		ON a.source_id = j.value->>0 AND a.article_id = j.value->>1 AND a.staged = 0`, string(list))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	old := make(map[rowKey]storedRow)
	for rows.Next() {
		var k rowKey
		var r storedRow
		if err := rows.Scan(&k.source, &k.id, &r.id, &r.hash); err != nil {
			return nil, err
		}
		old[k] = r
	}
	return old, rows.Err()
}
