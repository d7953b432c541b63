package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestIndexerGivesWayToSavesUnderWay: rows left pending by an earlier
// save are not indexed while a save is under way (the indexer, asked to
// index them, waits), and are indexed once the save is done, without a
// search asking.
func TestIndexerGivesWayToSavesUnderWay(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	stopIndexer(s)
	const earlier = 3000
	if err := s.SaveSource(ctx, "https://earlier.example/feed", tagged("e", earlier), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	last := countRows(t, s, "SELECT max(id) FROM search_pending")
	pending := func() int {
		return countRows(t, s, "SELECT count(*) FROM search_pending WHERE id <= ?", last)
	}
	if p := pending(); p != earlier {
		t.Fatalf("%d rows pending, want %d", p, earlier)
	}
	saved := make(chan error, 1)
	go func() {
		saved <- s.SaveSource(ctx, "https://big.example/feed", newGen(23).articles(0, 10*chunkArticles), time.Time{})
	}()
	for s.saves.n.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	s.IndexInBackground()
	during := 0
	for done := false; !done; {
		select {
		case err := <-saved:
			if err != nil {
				t.Fatal(err)
			}
			done = true
		case <-time.After(5 * time.Millisecond):
		}
		// Seen fewer while the save is still under way: the indexer
		// ran beside it.
		if p := pending(); p < earlier && s.saves.n.Load() > 0 {
			t.Fatalf("%d of the %d earlier rows indexed while a save was under way", earlier-p, earlier)
		}
		during++
	}
	if during < 5 {
		t.Logf("the save took only %d looks", during)
	}
	// The indexer works through the rows a chunk at a time; the test asks
	// that it keeps going, not how fast: under -race, with other packages'
	// tests on the cores, a chunk of indexChunk rows took 4 s.
	left, since := pending(), time.Now()
	for left != 0 {
		if time.Since(since) > stallLimit {
			t.Fatalf("%d earlier rows still pending after the save, none indexed for %v: nothing woke the indexer", left, stallLimit)
		}
		time.Sleep(10 * time.Millisecond)
		if p := pending(); p < left {
			left, since = p, time.Now()
		}
	}
}

// stallLimit is how long TestIndexerGivesWayToSavesUnderWay waits for the
// next chunk to be indexed.
const stallLimit = 30 * time.Second
