package feed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// maxParallelLoads bounds how many sources LoadAll loads at once.
const maxParallelLoads = 4

// LoadAll loads sources in parallel (a few at a time) and returns their
// articles in source order, and errs with one entry per source: nil, or what
// Load returned for it (a *SourceError, or an *OfflineError when a stored
// copy stood in). With no source it returns the built-in sample. A panic
// while loading one source (in a Cache, say) becomes that source's error,
// "SOURCE: internal error while loading: ...", and the others still load.
//
// progress, when not nil, is called with the index of the source and that
// source's bytes so far and total (-1 when unknown); calls for different
// sources may come from different goroutines at once.
func (l *Loader) LoadAll(ctx context.Context, sources []string, progress func(i int, done, total int64)) (articles []Article, errs []error) {
	if len(sources) == 0 {
		return l.Sample(ctx), nil
	}
	results, errs := l.loadEach(ctx, sources, progress, l.Load)
	for _, r := range results {
		articles = append(articles, r...)
	}
	return articles, errs
}

// RefreshAll is [Loader.LoadAll] through [Loader.Refresh], with each
// source's articles apart: a URL that answers 304 Not Modified has no
// articles and ErrNotModified in errs, its offline copy not decoded, for a
// caller that can show the stored copy another way. With no source it
// returns nothing.
func (l *Loader) RefreshAll(ctx context.Context, sources []string, progress func(i int, done, total int64)) (articles [][]Article, errs []error) {
	return l.loadEach(ctx, sources, progress, l.Refresh)
}

// loadEach loads every source with load, a few at a time, each guarded
// against panics.
func (l *Loader) loadEach(ctx context.Context, sources []string, progress func(i int, done, total int64),
	load func(ctx context.Context, source string, progress func(done, total int64)) ([]Article, error)) ([][]Article, []error) {
	results := make([][]Article, len(sources))
	errs := make([]error, len(sources))
	sem := make(chan struct{}, maxParallelLoads)
	var wg sync.WaitGroup
	for i, src := range sources {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			var report func(done, total int64)
			if progress != nil {
				report = func(done, total int64) { progress(i, done, total) }
			}
			defer func() {
				// The net under everything Load calls, a Cache
				// included: a panic fails this source, not the run.
				if r := recover(); r != nil {
					results[i], errs[i] = nil, &SourceError{Source: SourceName(src), Err: panicError("loading", r)}
				}
			}()
			results[i], errs[i] = load(ctx, src, report)
		}()
	}
	wg.Wait()
	return results, errs
}

// loadDir loads every feed or article file under dir, in name order,
// following symbolic links (see dirWalk). Files whose content is plainly not
// a feed (detect says so) are skipped; files that are feeds but fail to
// parse, and folders and links that cannot be read, are reported, and the
// rest still load.
func (l *Loader) loadDir(ctx context.Context, dir string, progress func(done, total int64)) ([]Article, error) {
	return l.loadDirWith(ctx, dir, os.ReadDir, progress)
}

// loadDirWith is loadDir reading directories with readDir, which tests
// replace to make a folder fail.
func (l *Loader) loadDirWith(ctx context.Context, dir string, readDir func(string) ([]fs.DirEntry, error),
	progress func(done, total int64)) ([]Article, error) {
	w := dirWalk{readDir: readDir, seen: map[string]bool{}}
	real, err := realPath(dir)
	if err == nil {
		w.seen[real] = true
		err = w.dir(dir, real)
	}
	if err != nil {
		return nil, sourceError(dir, fileError(err))
	}
	var articles []Article
	var failed []error
	var done int64
	found := false
	for _, f := range w.files {
		if err := ctx.Err(); err != nil {
			return articles, sourceError(dir, &reasonError{"cancelled", err})
		}
		if f.err != nil {
			failed = append(failed, sourceError(f.path, f.err))
			continue
		}
		got, isFeed, err := l.loadDirFile(ctx, f.path, f.info, done, w.total, progress)
		done += f.info.Size()
		found = found || isFeed
		articles = append(articles, got...)
		if err != nil {
			failed = append(failed, err)
		}
	}
	switch {
	case len(failed) == 1:
		return articles, failed[0]
	case len(failed) > 1:
		return articles, &SourceError{Source: dir, Err: fileErrors(failed)}
	case !found:
		return nil, sourceError(dir, errors.New("no feeds or article files found"))
	}
	return articles, nil
}

// dirFile is a file found under a directory source or, with err set, a
// folder or link under it that could not be read.
type dirFile struct {
	path string
	info fs.FileInfo // of the file itself, not of a link to it
	err  error
}

// dirWalk finds the files under a directory source, in name order, skipping
// hidden names and files that are not regular (devices, sockets, pipes). It
// follows symbolic links to files and folders; seen holds the absolute real
// paths of the folders and files taken, so that a link loop ends and no file
// is loaded twice, however many links lead to it.
type dirWalk struct {
	readDir func(string) ([]fs.DirEntry, error)
	files   []dirFile
	total   int64 // bytes in files
	seen    map[string]bool
}

// dir walks the folder at path, whose real path is real. The error is the
// folder's own: what is wrong below it is in w.files.
func (w *dirWalk) dir(path, real string) error {
	entries, err := w.readDir(path)
	if err != nil {
		return err
	}
	for _, d := range entries {
		if strings.HasPrefix(d.Name(), ".") {
			continue
		}
		w.entry(filepath.Join(path, d.Name()), filepath.Join(real, d.Name()), d)
	}
	return nil
}

// entry takes the directory entry d at path, whose real path is real
// unless d is a symbolic link.
func (w *dirWalk) entry(path, real string, d fs.DirEntry) {
	mode := d.Type()
	var info fs.FileInfo
	var err error
	if mode&fs.ModeSymlink != 0 {
		if info, err = os.Stat(path); err != nil {
			w.fail(path, linkError(err))
			return
		}
		if real, err = realPath(path); err != nil {
			w.fail(path, linkError(err))
			return
		}
		mode = info.Mode().Type()
	}
	if w.seen[real] || !mode.IsDir() && !mode.IsRegular() {
		return
	}
	w.seen[real] = true
	if mode.IsDir() {
		if err := w.dir(path, real); err != nil {
			w.fail(path, fileError(err))
		}
		return
	}
	if info == nil {
		if info, err = d.Info(); err != nil {
			w.fail(path, fileError(err))
			return
		}
	}
	w.files = append(w.files, dirFile{path: path, info: info})
	w.total += info.Size()
}

// fail records that path, under the directory, could not be read.
func (w *dirWalk) fail(path string, err error) {
	w.files = append(w.files, dirFile{path: path, err: err})
}

// realPath returns the absolute path of path with every symbolic link in
// it resolved.
func realPath(path string) (string, error) {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return "", err
	}
	return filepath.Abs(real)
}

// linkError is the reason a symbolic link cannot be followed.
func linkError(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return &reasonError{"broken symbolic link", err}
	}
	return fileError(err)
}

// loadDirFile loads one file found in a directory. isFeed is false when
// the file was skipped as plainly not a feed.
func (l *Loader) loadDirFile(ctx context.Context, path string, info fs.FileInfo, done, total int64,
	progress func(done, total int64)) (articles []Article, isFeed bool, err error) {
	if info.Size() > l.maxBytes() && binaryFile(path) {
		return nil, false, nil // a video or archive that happens to sit there
	}
	data, err := l.readFile(ctx, path, info, done, total, progress)
	if err != nil {
		return nil, true, sourceError(path, err)
	}
	articles, err = Parse(path, data)
	if err != nil && len(articles) == 0 && notAFeed(err) {
		return nil, false, nil
	}
	return articles, true, err
}

// binaryFile reports whether the file at path starts with binary data.
func binaryFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 8192)
	n, _ := io.ReadFull(f, head)
	return looksBinary(head[:n])
}

// notAFeed reports whether err says the data is plainly not a feed: empty,
// binary, in no known encoding, or of unrecognised content.
func notAFeed(err error) bool {
	return errors.Is(err, errEmpty) || errors.Is(err, errNotAFeed) || errors.Is(err, errUndecodable)
}

// fileErrors is several files' errors shown on one line.
type fileErrors []error

func (e fileErrors) Error() string {
	msgs := make([]string, len(e))
	for i, err := range e {
		msgs[i] = err.Error()
	}
	return fmt.Sprintf("%d files failed: %s", len(e), strings.Join(msgs, "; "))
}

func (e fileErrors) Unwrap() []error { return e }
