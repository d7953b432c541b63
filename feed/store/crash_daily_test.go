package store

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// The daily refresh killed with SIGKILL at chosen moments, and two
// refreshes at once. The helpers run this test binary (see helper in
// crash_test.go) and print a line when each step has returned, so the
// parent knows what was reported done when the process died: a line that
// reached the pipe before the kill is read after it.

// dailySources are the feeds the refresh helper saves, one a round in turn.
var dailySources = []string{"https://one.example/rss", "https://two.example/rss", "https://three.example/rss"}

// seedCount is how many articles the copies saved before the first helper
// hold.
const seedCount = 900 / crashScale

// dailyCount is how many articles the save of round r holds: 1,600 to
// 2,800 (a save of four to six chunks; a quarter under the race
// detector), a different number for each of five rounds in a row, so that
// a copy mixing two saves shows in its length as well as its titles.
func dailyCount(r int) int { return (1600 + r%5*300) / crashScale }

// dailyArticles is one save labelled label: n articles with IDs n0, n1, …
// whose titles and bodies name the label.
func dailyArticles(label string, n int) []feed.Article {
	base := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	out := make([]feed.Article, n)
	for i := range out {
		out[i] = feed.Article{
			ID: fmt.Sprintf("n%d", i), Feed: "每日新闻", Link: fmt.Sprintf("https://news.example/%d", i),
			Published: base.Add(time.Duration(i) * time.Minute),
			ZH: &feed.Version{Title: fmt.Sprintf("%s 第%d条", label, i),
				Blocks: []feed.Block{{Text: fmt.Sprintf("%s：第%d条新闻的正文，写给每天读报的人。", label, i)}}},
			EN: &feed.Version{Title: fmt.Sprintf("%s item %d", label, i),
				Blocks: []feed.Block{{Text: fmt.Sprintf("%s: the body of item %d, for people who read every day.", label, i)}}},
		}
	}
	return out
}

// wholeCopy returns the label of the save the offline copy of source is,
// "" when it has none, and an error when the copy is not one save whole:
// countOf says how many articles the save of a label held.
func wholeCopy(ctx context.Context, s *Store, source string, countOf func(label string) int) (string, error) {
	got, _, err := s.SourceArticles(ctx, source)
	if err != nil || got == nil {
		return "", err
	}
	label, _, _ := strings.Cut(got[0].ZH.Title, " ")
	if n := countOf(label); len(got) != n {
		return label, fmt.Errorf("offline copy of %s: %d articles, the save %s held %d", source, len(got), label, n)
	}
	for i, a := range got {
		if a.ID != fmt.Sprintf("n%d", i) || a.ZH.Title != fmt.Sprintf("%s 第%d条", label, i) ||
			a.EN == nil || a.EN.Title != fmt.Sprintf("%s item %d", label, i) {
			return label, fmt.Errorf("offline copy of %s: article %d is %s %q in a copy of %s", source, i, a.ID, a.ZH.Title, label)
		}
	}
	return label, nil
}

// intact checks what a kill must never break: SQLite's integrity check,
// the search index's own, and source_counts against a recount.
func intact(t *testing.T, s *Store) {
	t.Helper()
	var check string
	if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check: %q %v", check, err)
	}
	if _, err := s.db.Exec("INSERT INTO search (search) VALUES ('integrity-check')"); err != nil {
		t.Errorf("search index integrity-check: %v", err)
	}
	counted := func(q string) map[[4]int64]bool {
		rows, err := s.db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		m := map[[4]int64]bool{}
		for rows.Next() {
			var c [4]int64
			if err := rows.Scan(&c[0], &c[1], &c[2], &c[3]); err != nil {
				t.Fatal(err)
			}
			m[c] = true
		}
		return m
	}
	kept := counted("SELECT source_id, total, read, starred FROM source_counts WHERE total + read + starred > 0")
	recount := counted(`SELECT a.source_id, count(*),
		sum(EXISTS (SELECT 1 FROM read_marks m WHERE m.source = o.source AND m.article_id = a.article_id)),
		sum(EXISTS (SELECT 1 FROM stars st WHERE st.source = o.source AND st.article_id = a.article_id))
		FROM articles a JOIN sources o ON o.id = a.source_id WHERE a.staged = 0 GROUP BY a.source_id`)
	for c := range kept {
		if !recount[c] {
			t.Errorf("source_counts holds %v (source, total, read, starred), a recount does not", c)
		}
	}
	for c := range recount {
		if !kept[c] {
			t.Errorf("a recount gives %v (source, total, read, starred), source_counts does not", c)
		}
	}
}

// The names of what round r of the refresh helper writes.
func dailySub(r int) string   { return fmt.Sprintf("https://sub%d.example/feed", r) }
func dailyTitle(r int) string { return fmt.Sprintf("订阅%d", r) }
func dailyTag(r int) string   { return fmt.Sprintf("t%d", r) }
func dailyFetched(r int) time.Time {
	return time.Date(2026, 3, 2, 0, 0, r, r+1, time.UTC)
}

// dailyFetchErr is the fetch result of round r: odd rounds fail.
func dailyFetchErr(r int) error {
	if r%2 == 1 {
		return fmt.Errorf("feed: 第%d次: 503 Service Unavailable", r)
	}
	return nil
}

// dailyMarks is how many read marks and stars each round sets; with
// another process holding the lock, each waits writeWait.
const dailyMarks = 3

func dailyMark(r, j int) ArticleKey {
	return ArticleKey{dailySources[r%3], fmt.Sprintf("n%d", r*5+j)}
}

func dailyStar(r, j int) ArticleKey {
	return ArticleKey{dailySources[(r+1)%3], fmt.Sprintf("n%d", r*5+j)}
}

// dailyAll is the list round r marks read with MarkAllRead: keys no other
// step touches, so that it is all read or none.
func dailyAll(r int) []ArticleKey {
	keys := make([]ArticleKey, 300)
	for i := range keys {
		keys[i] = ArticleKey{dailySources[r%3], fmt.Sprintf("all%d-%d", r, i)}
	}
	return keys
}

// dailyRound is round r of the refresh helper: what a refresh and a reader
// do in a day, each step reported by say once it returned (marks and
// stars once Flush returned too).
func dailyRound(ctx context.Context, s *Store, r int, say func(format string, r int)) error {
	say("subscribing %d", r)
	subs := []Subscription{{Source: dailySub(r), Title: dailyTitle(r), Tags: []string{"每日", dailyTag(r)}}}
	if r > 0 { // merged into the last round's in the same transaction
		subs = append(subs, Subscription{Source: dailySub(r - 1), Tags: []string{"again"}})
	}
	if _, err := s.AddSubscriptions(ctx, subs); err != nil {
		return err
	}
	say("subscribed %d", r)
	say("saving %d", r)
	if err := s.SaveSource(ctx, dailySources[r%3], dailyArticles(fmt.Sprintf("v%d", r), dailyCount(r)), time.Time{}); err != nil {
		return err
	}
	say("saved %d", r)
	if err := s.SetFetchResult(ctx, dailySub(r), dailyFetched(r), dailyFetchErr(r)); err != nil {
		return err
	}
	say("fetched %d", r)
	for j := range dailyMarks {
		if err := errors.Join(s.SetRead(ctx, dailyMark(r, j), true), s.SetStarred(ctx, dailyStar(r, j), true)); err != nil {
			return err
		}
	}
	if r > 0 {
		if err := errors.Join(s.SetRead(ctx, dailyMark(r-1, 0), false), s.SetStarred(ctx, dailyStar(r-1, 0), false)); err != nil {
			return err
		}
	}
	say("flushing %d", r)
	if err := s.Flush(ctx); err != nil {
		return err
	}
	say("flushed %d", r)
	say("marking %d", r)
	if _, err := s.MarkAllRead(ctx, dailyAll(r)); err != nil {
		return err
	}
	if err := s.Flush(ctx); err != nil {
		return err
	}
	say("marked %d", r)
	if r > 0 {
		say("undoing %d", r)
		if err := s.UndoMarkAll(ctx, MarkUndo{Keys: dailyAll(r - 1)}); err != nil {
			return err
		}
		if err := s.Flush(ctx); err != nil {
			return err
		}
		say("undone %d", r)
	}
	say("done %d", r)
	return nil
}

// TestHelperDailyRefresh runs rounds from XINWEN_STORE_ROUND on until
// killed.
func TestHelperDailyRefresh(t *testing.T) {
	if os.Getenv(helperEnv) != "daily" {
		t.Skip("helper process for TestKilledDailyRefreshLosesNothingReported")
	}
	ctx := context.Background()
	s, err := Open(ctx, os.Getenv(dbEnv))
	if err != nil {
		t.Fatal(err)
	}
	say := func(format string, r int) { fmt.Printf(format+"\n", r) }
	r, _ := strconv.Atoi(os.Getenv("XINWEN_STORE_ROUND"))
	for ; ; r++ {
		if err := dailyRound(ctx, s, r, say); err != nil {
			t.Fatalf("round %d: %v", r, err)
		}
	}
}

// dailyReport is what the refresh helpers reported, as "step round".
type dailyReport map[string]bool

func (rep dailyReport) saw(step string, r int) bool { return rep[fmt.Sprintf("%s %d", step, r)] }

// takeWriteLock waits, at most 5 s, for the write lock of the database at
// path (the helper's indexer may hold it a moment), and holds it until
// the returned function is called. It has the database open as another
// xinwen would (presence.go), so that the helper's big saves pause for it.
func takeWriteLock(t *testing.T, path string) (release func()) {
	t.Helper()
	present := openPresence(path)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := db.Conn(context.Background())
	if err == nil {
		_, err = conn.ExecContext(context.Background(), "PRAGMA busy_timeout = 5000")
	}
	if err == nil {
		_, err = conn.ExecContext(context.Background(), "BEGIN IMMEDIATE")
	}
	if err != nil {
		db.Close()
		present.close()
		t.Fatalf("take the write lock: %v", err)
	}
	return func() {
		_, _ = conn.ExecContext(context.Background(), "ROLLBACK")
		conn.Close()
		db.Close()
		present.close()
	}
}

// killDaily runs the refresh helper from round start and kills it soon
// after it reports step of round at, a random moment up to jitter later.
// With hold, this process holds the write lock from the fetch of round at
// to its flush, so that the marks and stars wait in the helper's queue
// and only Flush writes them. It adds the lines it read to rep and
// returns the next round to run: the first not done.
func killDaily(t *testing.T, path string, start, at int, step string, jitter time.Duration, hold bool, rep dailyReport) int {
	t.Helper()
	cmd := helper(t, "TestHelperDailyRefresh", helperEnv+"=daily", dbEnv+"="+path, "XINWEN_STORE_ROUND="+strconv.Itoa(start))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	target, killed := fmt.Sprintf("%s %d", step, at), false
	release := func() {}
	defer func() { release() }() // if the helper died before its flush
	lines := bufio.NewScanner(out)
	last := ""
	for lines.Scan() {
		rep[lines.Text()] = true
		last = lines.Text()
		switch {
		case hold && last == fmt.Sprintf("fetched %d", at):
			release = takeWriteLock(t, path)
		case hold && last == fmt.Sprintf("flushing %d", at):
			// A Flush that returned early has reported by now, and is
			// killed before the queue, polling, gets the lock.
			time.Sleep(50 * time.Millisecond)
			release()
			release = func() {}
		}
		if last == target && !killed {
			time.Sleep(rand.N(jitter + 1))
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
		}
	}
	_ = cmd.Wait()
	if !killed {
		t.Fatalf("the refresh helper ended before it reported %q", target)
	}
	t.Logf("killed after %q, the last step reported %q", target, last)
	next := start
	for rep.saw("done", next) {
		next++
	}
	return next
}

func TestKilledDailyRefreshLosesNothingReported(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for _, source := range dailySources {
		if err := s.SaveSource(ctx, source, dailyArticles("seed", seedCount), time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	rep := dailyReport{}
	next := 0
	// The moments, each in the round after the first of its run: inside
	// saves of thousands of articles (which take 0.2-0.3 s, so a random
	// moment lands in one of their chunks or the swap at their end), a
	// MarkAllRead, an AddSubscriptions, a Flush of marks and stars and an
	// UndoMarkAll.
	// Once more the moment a Flush returned, the marks and stars having
	// waited for a lock another process held.
	moments := []struct {
		step   string
		jitter time.Duration
		hold   bool
	}{
		{"saving", 250 * time.Millisecond, false}, {"marking", 3 * time.Millisecond, false},
		{"saving", 120 * time.Millisecond, false}, {"subscribing", 2 * time.Millisecond, false},
		{"flushing", 3 * time.Millisecond, false}, {"undoing", 3 * time.Millisecond, false},
		{"flushed", 0, true},
		{"saving", 400 * time.Millisecond, false},
	}
	if crashScale > 1 { // the race detector: a save, a MarkAllRead, a Flush
		moments = slices.Delete(moments, 2, 6)
	}
	for _, at := range moments {
		next = killDaily(t, path, next, next+1, at.step, at.jitter, at.hold, rep)
		checkDaily(t, path, rep, next)
		if t.Failed() {
			t.Fatalf("after the kill at %s %d", at.step, next)
		}
	}
	t.Logf("killed %d times; %d rounds done", len(moments), next)
}

// checkDaily checks the database after a kill against what the helpers
// reported; next is the round in progress when it died.
func checkDaily(t *testing.T, path string, rep dailyReport, next int) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("open after the kill: %v", err)
	}
	defer s.Close()
	intact(t, s)
	checkDailySubscriptions(t, s, rep, next)
	checkDailyMarks(t, s, rep, next)
	for k, source := range dailySources {
		last, progress := "seed", ""
		for r := k; r <= next; r += 3 {
			switch {
			case rep.saw("saved", r):
				last, progress = fmt.Sprintf("v%d", r), ""
			case rep.saw("saving", r):
				progress = fmt.Sprintf("v%d", r)
			}
		}
		label, err := wholeCopy(ctx, s, source, func(label string) int {
			if r, err := strconv.Atoi(strings.TrimPrefix(label, "v")); err == nil {
				return dailyCount(r)
			}
			return seedCount
		})
		switch {
		case err != nil:
			t.Error(err)
		case label != last && label != progress:
			t.Errorf("offline copy of %s is %q; the last save reported was %s, the one killed %q", source, label, last, progress)
		}
	}
}

func checkDailySubscriptions(t *testing.T, s *Store, rep dailyReport, next int) {
	t.Helper()
	subs, err := s.Subscriptions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) > next+1 {
		t.Errorf("%d subscriptions after %d rounds", len(subs), next+1)
	}
	for r := 0; r <= next; r++ {
		if r >= len(subs) {
			if rep.saw("subscribed", r) {
				t.Errorf("round %d: the subscription reported added is lost", r)
			}
			continue
		}
		sub := subs[r]
		tags := []string{"每日", dailyTag(r)}
		if r+1 < len(subs) { // round r+1's add was merged into it
			tags = append(tags, "again")
		}
		slices.Sort(tags)
		if sub.Source != dailySub(r) || sub.Title != dailyTitle(r) || !slices.Equal(sub.Tags, tags) {
			t.Errorf("subscription %d is %s %q %q, want %s %q %q", r+1, sub.Source, sub.Title, sub.Tags, dailySub(r), dailyTitle(r), tags)
		}
		wantErr := ""
		if err := dailyFetchErr(r); err != nil {
			wantErr = err.Error()
		}
		fetched := sub.Fetched.Equal(dailyFetched(r)) && sub.LastError == wantErr
		if rep.saw("fetched", r) && !fetched || !fetched && (!sub.Fetched.IsZero() || sub.LastError != "") {
			t.Errorf("subscription %d fetched %v %q, want %v %q (reported: %v)", r+1, sub.Fetched, sub.LastError,
				dailyFetched(r), wantErr, rep.saw("fetched", r))
		}
	}
}

// either is the state of a mark written in a step the kill may have cut.
const either = -1

func checkDailyMarks(t *testing.T, s *Store, rep dailyReport, next int) {
	t.Helper()
	ctx := context.Background()
	var marks, stars, all []ArticleKey
	for r := 0; r <= next; r++ {
		for j := range dailyMarks {
			marks, stars = append(marks, dailyMark(r, j)), append(stars, dailyStar(r, j))
		}
		all = append(all, dailyAll(r)...)
	}
	read, err := s.ReadMarks(ctx, append(marks, all...))
	if err != nil {
		t.Fatal(err)
	}
	starred, err := s.Stars(ctx, stars)
	if err != nil {
		t.Fatal(err)
	}
	for r := 0; r <= next; r++ {
		for j := range dailyMarks {
			want := either
			switch {
			case !rep.saw("fetched", r), j == 0 && rep.saw("flushed", r+1):
				want = 0 // not set yet, or set and taken back
			case rep.saw("flushed", r) && (j > 0 || !rep.saw("fetched", r+1)):
				want = 1
			}
			for _, m := range []struct {
				what string
				got  bool
			}{{"read mark", read[dailyMark(r, j)]}, {"star", starred[dailyStar(r, j)]}} {
				if want != either && m.got != (want == 1) {
					t.Errorf("round %d: %s %d is %v, reported %v", r, m.what, j, m.got, want == 1)
				}
			}
		}
		n := 0
		for _, k := range dailyAll(r) {
			if read[k] {
				n++
			}
		}
		want := either
		switch {
		case !rep.saw("marking", r), rep.saw("undone", r+1):
			want = 0
		case rep.saw("marked", r) && !rep.saw("undoing", r+1):
			want = len(dailyAll(r))
		}
		if n != 0 && n != len(dailyAll(r)) || want != either && n != want {
			t.Errorf("round %d: %d of the %d articles of a MarkAllRead are read (want %d, -1: all or none)", r, n, len(dailyAll(r)), want)
		}
	}
}
