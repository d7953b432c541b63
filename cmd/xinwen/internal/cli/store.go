package cli

import (
	"context"
	"fmt"

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
// notice on stderr when it could not be opened, and closes it after.
func withStore(ctx context.Context, o *options, env Env, fn func(*store.Store) error) error {
	st, notice := openStore(ctx, o, env)
	if notice != "" {
		fmt.Fprintf(env.Stderr, "xinwen: %s\n", notice)
	}
	if st == nil {
		return fn(nil)
	}
	err := fn(st)
	if cerr := st.Close(); err == nil && cerr != nil {
		return cerr
	}
	return err
}
