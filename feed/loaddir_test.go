package feed

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeTree writes files (path relative to dir: content) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// symlink makes a symbolic link at link to target, or skips the test
// where links cannot be made.
func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
}

func TestLoadDirThroughASymlinkToIt(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"news/a.xml": rssWithTitles("A"), "news/sub/b.xml": rssWithTitles("B")})
	link := filepath.Join(root, "link")
	symlink(t, "news", link)
	articles, err := (&Loader{}).Load(context.Background(), link, nil)
	if err != nil || strings.Join(titles(articles), ",") != "A,B" {
		t.Fatalf("Load(link) = %q, %v; want A,B", titles(articles), err)
	}
	if want := filepath.Join(link, "a.xml"); articles[0].Source != want {
		t.Errorf("source %q, want %q (the path as given)", articles[0].Source, want)
	}
}

func TestLoadDirFollowsLinksInside(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{
		"elsewhere/x.xml":     rssWithTitles("X"),
		"elsewhere/sub/y.xml": rssWithTitles("Y"),
		"news/a.xml":          rssWithTitles("A"),
	})
	news := filepath.Join(root, "news")
	symlink(t, filepath.Join(root, "elsewhere", "x.xml"), filepath.Join(news, "b-file.xml"))
	symlink(t, filepath.Join("..", "elsewhere", "sub"), filepath.Join(news, "c-folder"))
	articles, err := (&Loader{}).Load(context.Background(), news, nil)
	if err != nil || strings.Join(titles(articles), ",") != "A,X,Y" {
		t.Fatalf("Load = %q, %v; want A,X,Y", titles(articles), err)
	}
}

func TestLoadDirLinkLoopsEndAndNothingLoadsTwice(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"news/a.xml": rssWithTitles("A"), "news/sub/b.xml": rssWithTitles("B")})
	news := filepath.Join(root, "news")
	symlink(t, "..", filepath.Join(news, "sub", "up"))                     // news/sub/up -> news
	symlink(t, news, filepath.Join(news, "sub", "again"))                  // absolute, the same
	symlink(t, filepath.Join(news, "sub"), filepath.Join(news, "0-first")) // sub, before sub itself
	symlink(t, "a.xml", filepath.Join(news, "z.xml"))                      // a.xml a second time
	articles, err := (&Loader{}).Load(context.Background(), news, nil)
	if err != nil || strings.Join(titles(articles), ",") != "B,A" {
		t.Fatalf("Load = %q, %v; want B (through 0-first), A, each once", titles(articles), err)
	}
}

func TestLoadDirReportsBrokenLinksAndLoadsTheRest(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.xml": rssWithTitles("A"), "c.xml": rssWithTitles("C")})
	broken := filepath.Join(dir, "b.xml")
	symlink(t, filepath.Join(dir, "gone.xml"), broken)
	loop := filepath.Join(dir, "d.xml")
	symlink(t, "d.xml", loop)
	articles, err := (&Loader{}).Load(context.Background(), dir, nil)
	if strings.Join(titles(articles), ",") != "A,C" {
		t.Errorf("titles %q, want A,C", titles(articles))
	}
	var se *SourceError
	if !errors.As(err, &se) || se.Source != dir || !errors.Is(err, fs.ErrNotExist) ||
		!strings.Contains(err.Error(), broken+": broken symbolic link; "+loop+": ") {
		t.Errorf("error %q does not report %s and %s", err, broken, loop)
	}
}

func TestLoadDirReportsAnUnreadableFolderAndLoadsTheRest(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"a.xml": rssWithTitles("A"), "locked/b.xml": rssWithTitles("B"), "z/c.xml": rssWithTitles("C"),
	})
	locked := filepath.Join(dir, "locked")
	failing := func(name string) ([]fs.DirEntry, error) {
		if name == locked {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
		}
		return os.ReadDir(name)
	}
	articles, err := (&Loader{}).loadDirWith(context.Background(), dir, failing, func(int64, int64) {})
	if strings.Join(titles(articles), ",") != "A,C" {
		t.Errorf("titles %q, want A,C", titles(articles))
	}
	wantSourceError(t, err, locked+": permission denied")
	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("error %v does not wrap fs.ErrPermission", err)
	}
}

func TestLoadDirWithAMode000Folder(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.xml": rssWithTitles("A"), "locked/b.xml": rssWithTitles("B")})
	locked := filepath.Join(dir, "locked")
	if err := os.Chmod(locked, 0o000); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(locked, 0o755)
	if _, err := os.ReadDir(locked); err == nil {
		t.Skip("a mode 000 directory is readable here (running as root); TestLoadDirReportsAnUnreadableFolderAndLoadsTheRest covers it")
	}
	articles, err := (&Loader{}).Load(context.Background(), dir, nil)
	if strings.Join(titles(articles), ",") != "A" {
		t.Errorf("titles %q, want A", titles(articles))
	}
	wantSourceError(t, err, locked+": permission denied")
}
