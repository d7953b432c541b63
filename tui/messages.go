package tui

import (
	"time"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

// Messages are named after what happened. Those answering a request carry
// its ID, and Update drops any whose ID is no longer the current one.

// articlesLoaded reports the end of a load: the articles of every source
// that worked, in source order, and one error per source that failed.
type articlesLoaded struct {
	ID       int
	Articles []feed.Article
	Errs     []error
	Took     time.Duration
}

// loadProgressed reports the bytes read so far by a load. Total is 0 while
// some source's size is unknown.
type loadProgressed struct {
	ID          int
	Done, Total int64
}

// loadSlow fires a moment after a load started; if it is still running the
// progress bar is shown from then on.
type loadSlow struct{ ID int }

// articleRendered carries a page rendered in the background.
type articleRendered struct {
	Key  pageKey
	Gen  int // the page cache's generation when rendering started
	Page layout.Page
}

// sentencesAligned carries the alignment of the article with identity ID,
// computed in the background when the page cache's generation was Gen.
type sentencesAligned struct {
	ID    string
	Gen   int
	Align *layout.Alignment
}

// rendererBuilt carries a renderer built for a newly reported background.
type rendererBuilt struct {
	Dark     bool
	Renderer *layout.Renderer
}

// linkOpened reports that the browser was started (Err nil) or could not
// be. Exited delivers the browser's exit status later.
type linkOpened struct {
	URL    string
	Argv   []string
	Err    error
	Exited <-chan error
}

// browserExited reports that a browser started by linkOpened has exited
// with a failure.
type browserExited struct {
	Argv []string
	Err  error
}

// readMarksLoaded carries the store's read marks for IDs, asked for when
// the model's mark generation was Gen.
type readMarksLoaded struct {
	Gen  int
	IDs  []string
	Read map[string]bool
	Err  error
}

// readMarked reports that writing a read mark failed.
type readMarked struct {
	ID   string
	Read bool
	Err  error
}

// preferenceSaved reports that saving a preference failed.
type preferenceSaved struct {
	Key string
	Err error
}

// searchDone carries the results of search request ID, with the read
// marks of the articles found.
type searchDone struct {
	ID      int
	Query   string
	Results []feed.Article
	Read    map[string]bool
	Gen     int // the mark generation when the search started
	Err     error
}

// fullTextFetched answers full-text fetch ID (f). Article is the article as sent to the
// fetch, with its full text when Err is nil. Saved reports that the
// source's offline copy (and so the search index) holds the full text;
// SaveErr says why it could not.
type fullTextFetched struct {
	ID        int
	Article   feed.Article
	Err       error
	Saved     bool
	SaveErr   error
	Cancelled bool
}
