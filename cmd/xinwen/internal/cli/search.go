package cli

import (
	"context"
	"errors"
	"strings"

	"github.com/xinwen-reader/xinwen/feed/store"
)

// searchLimit is how many results `xinwen search` prints at most.
const searchLimit = 100

// runSearch prints the stored articles that match the query, as list does.
func runSearch(ctx context.Context, o *options, words []string, env Env) error {
	query := strings.TrimSpace(strings.Join(words, " "))
	if query == "" {
		return usagef("search: missing query (xinwen search QUERY)")
	}
	if o.noStore {
		return usagef("search: searching needs the store (it is disabled by --no-store or XINWEN_NO_STORE)")
	}
	return withStore(ctx, o, env, func(st *store.Store) error {
		if st == nil {
			return errors.New("search: searching needs the store, which could not be opened")
		}
		results, err := st.Search(ctx, query, searchLimit)
		if err != nil {
			return err
		}
		return printHeadlines(env.Stdout, results)
	})
}
