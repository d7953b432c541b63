package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// TestPacerPausesOnlyAfterLockHold: between two chunks a big save goes
// straight on while it has held the lock for less than lockHold and no
// mark of this process is queued (pausing chunkGap after every chunk cost
// a save of 10,000 articles 0.4 s), and pauses at least chunkGap once it
// has held it that long, when another Store has the database open. Alone
// on it, it never pauses. (Queued marks still get in after every chunk:
// TestCountsExactAfterEveryChunkOfASave.)
func TestPacerPausesOnlyAfterLockHold(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "xinwen.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	took := func(p *pacer) time.Duration {
		start := time.Now()
		p.between(ctx)
		return time.Since(start)
	}
	p := newPacer(s)
	p.since = time.Now().Add(-lockHold)
	if d := took(p); d >= chunkGap/2 {
		t.Errorf("alone on the database, held for lockHold: paused %v, want no pause", d)
	}
	other, err := Open(ctx, path) // another process, as far as the lock goes
	if err != nil {
		t.Fatal(err)
	}
	p = newPacer(s)
	if d := took(p); d >= chunkGap/2 {
		t.Errorf("held for no time, nothing queued: paused %v, want no pause", d)
	}
	p.since = time.Now().Add(-lockHold)
	if d := took(p); d < chunkGap {
		t.Errorf("held for lockHold with another Store open: paused %v, want at least chunkGap (%v)", d, chunkGap)
	}
	if d := took(p); d >= chunkGap/2 {
		t.Errorf("right after a pause: paused %v, want no pause", d)
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	p.since = time.Now().Add(-lockHold)
	if d := took(p); d >= chunkGap/2 {
		t.Errorf("the other Store closed, held for lockHold: paused %v, want no pause", d)
	}
}
