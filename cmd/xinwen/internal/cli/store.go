package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
)

// openStore opens the store unless --no-store (or XINWEN_NO_STORE) says not
// to. When it cannot be opened, the reason comes back as a one-line notice
// and the store is nil: reading works without it.
func openStore(ctx context.Context, o *options, env Env) (st *store.Store, notice string) {
	if o.noStore {
		return nil, ""
	}
	if env.StorePath == "" {
		return nil, "store unavailable: no data directory; nothing is remembered"
	}
	st, err := store.Open(ctx, env.StorePath)
	if err != nil {
		return nil, fmt.Sprintf("store unavailable: %s; nothing is remembered", oneLine(err.Error()))
	}
	return st, ""
}

// withStore runs fn with the store (nil when there is none), printing a
// notice on stderr when it could not be opened, and closes it after (see
// closeStore).
func withStore(ctx context.Context, o *options, env Env, fn func(*store.Store) error) error {
	st, notice := openStore(ctx, o, env)
	if notice != "" {
		fmt.Fprintf(env.Stderr, "xinwen: %s\n", notice)
	}
	if st == nil {
		return fn(nil)
	}
	stopPrune := startPrune(ctx, o, st)
	err := fn(st)
	stopPrune()
	closeStore(st, env, err)
	return err
}

// closeStore closes st, which waits a few seconds at most for read marks
// and preferences still queued, and reports on stderr, one line each, what
// could not be saved and damage found in the database while it was open,
// unless reported (the command's own error) said so already. Neither changes
// the exit status: the sources were read.
func closeStore(st *store.Store, env Env, reported error) {
	corrupt := st.Corrupt()
	err := st.Close()
	if corrupt == nil {
		corrupt = st.Corrupt()
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "xinwen: %s\n", oneLine(err.Error()))
	}
	if corrupt != nil && !errors.Is(err, store.ErrCorrupt) && !errors.Is(reported, store.ErrCorrupt) {
		fmt.Fprintf(env.Stderr, "xinwen: store: %s; nothing more was written to it\n", oneLine(corrupt.Error()))
	}
}

// pruneWait is how long a command waits at exit for a prune still running,
// before cancelling it (it stops between batches, each one transaction).
const pruneWait = 2 * time.Second

// startPrune deletes, in the background, the read articles older than the
// keep of the configuration (or of their subscription) when the command
// loads sources (the flagLoad group) and there is a store. The returned stop
// waits for it at most pruneWait, then cancels it and waits for it to end.
func startPrune(ctx context.Context, o *options, st *store.Store) (stop func()) {
	if st == nil || o.groups&flagLoad == 0 {
		return func() {}
	}
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		st.Prune(ctx, o.keep, time.Now()) // a failure costs nothing but disk space
	}()
	return func() {
		select {
		case <-done:
		case <-time.After(pruneWait):
		}
		cancel()
		<-done
	}
}

// waitSaves waits for l's saves and says on stderr, one line each, which
// sources were loaded but not stored (their offline copy is the old one).
func waitSaves(l *feed.Loader, env Env) {
	for _, err := range l.Wait() {
		fmt.Fprintf(env.Stderr, "xinwen: %s\n", oneLine(err.Error()))
	}
}
