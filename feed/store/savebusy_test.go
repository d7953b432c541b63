package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
)

// lockHeldPastTheBusyTimeout is how long lockedStore's other connection
// holds the write lock: longer than one busy timeout.
const lockHeldPastTheBusyTimeout = busyTimeout + 1500*time.Millisecond

// lockedStore opens a Store on a new database and has another connection
// hold its write lock for lockHeldPastTheBusyTimeout from now. done fails
// t when called before the lock was free: a write that returned earlier
// did not wait for it.
func lockedStore(t *testing.T) (s *Store, done func(what string)) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.SetPreference(ctx, "language", "en"); err != nil { // the check of the file is over
		t.Fatal(err)
	}
	release := holdWriteLock(t, path)
	time.AfterFunc(lockHeldPastTheBusyTimeout, release)
	start := time.Now()
	return s, func(what string) {
		t.Helper()
		if took := time.Since(start); took < busyTimeout {
			t.Errorf("%s returned after %v, before the lock was free", what, took)
		}
	}
}

// TestSaveWaitsForALockHeldPastTheBusyTimeout: another connection holds
// the write lock for longer than one try of a save waits; the save must
// go on trying and store the articles once the lock frees, not fail (a
// refresh reported the feed failed, and before that stored nothing
// without a word).
func TestSaveWaitsForALockHeldPastTheBusyTimeout(t *testing.T) {
	ctx := context.Background()
	s, done := lockedStore(t)
	articles := newGen(5).articles(0, 50)
	if err := s.SaveSource(ctx, "a.xml", articles, time.Time{}); err != nil {
		t.Fatalf("save while the lock was held %v: %v", lockHeldPastTheBusyTimeout, err)
	}
	done("the save")
	got, _, err := s.SourceArticles(ctx, "a.xml")
	if err != nil || len(got) != len(articles) {
		t.Errorf("stored %d of %d articles, %v", len(got), len(articles), err)
	}
}

// TestValidatorsWaitForALockHeldPastTheBusyTimeout: the validators are
// written after a feed's save, while the refresh's other saves hold the
// lock; giving up after one busy timeout made a refresh report as failed
// a feed whose articles were stored.
func TestValidatorsWaitForALockHeldPastTheBusyTimeout(t *testing.T) {
	ctx := context.Background()
	s, done := lockedStore(t)
	fetched := time.Unix(1_700_000_000, 0)
	const url = "http://127.0.0.1:1/feed.xml"
	if err := s.SetHTTPValidators(ctx, url, `"v2"`, "Mon, 02 Jan 2006 15:04:05 GMT", fetched); err != nil {
		t.Fatalf("validators while the lock was held %v: %v", lockHeldPastTheBusyTimeout, err)
	}
	done("SetHTTPValidators")
	etag, lm, at, ok, err := s.HTTPValidators(ctx, url)
	if err != nil || !ok || etag != `"v2"` || lm != "Mon, 02 Jan 2006 15:04:05 GMT" || !at.Equal(fetched) {
		t.Errorf("stored %q %q %v %v, %v", etag, lm, at, ok, err)
	}
}

// TestTranslationAndFullTextWaitForALockHeldPastTheBusyTimeout: a
// translation from the reader's backend and an article page fetched are
// saved while another writer (a refresh of big feeds) holds the lock for
// longer than the busy timeout; both must be kept once it frees, not lost
// with "database is locked".
func TestTranslationAndFullTextWaitForALockHeldPastTheBusyTimeout(t *testing.T) {
	ctx := context.Background()
	s, done := lockedStore(t)
	version := func(text string) *feed.Version {
		return &feed.Version{Title: "T", Blocks: []feed.Block{{Text: text}}}
	}
	key := TranslationKey{Source: "a.xml", ArticleID: "1", TextHash: "h", Backend: "deepl", Model: "m", Direction: "en-zh"}
	errs := make(chan error, 2)
	go func() { errs <- s.SaveTranslation(ctx, key, version("译文")) }()
	go func() {
		errs <- s.SaveFullText(ctx, feed.FullText{Source: "a.xml", ArticleID: "1", Link: "https://x.org/1", EN: version("page")})
	}()
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("saved while the lock was held %v: %v", lockHeldPastTheBusyTimeout, err)
		}
	}
	done("the saves")
	if v, ok, err := s.Translation(ctx, key); err != nil || !ok || v.Blocks[0].Text != "译文" {
		t.Errorf("the translation stored: %v, %v, %v", v, ok, err)
	}
	if got, err := s.FullTexts(ctx, "a.xml"); err != nil || len(got) != 1 {
		t.Errorf("%d full texts stored, %v; want 1", len(got), err)
	}
}
