package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xinwen-reader/xinwen/feed/store"
)

func TestKeepPrunesOldReadArticlesAfterALoad(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "old.xml")
	os.WriteFile(src, []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<item><guid>old-read</guid><title>旧闻</title><pubDate>Mon, 03 Jan 2000 10:00:00 GMT</pubDate><description>旧的。</description></item>
<item><guid>old-unread</guid><title>旧闻二</title><pubDate>Mon, 03 Jan 2000 10:00:00 GMT</pubDate><description>旧的。</description></item>
</channel></rss>`), 0o600)
	vars := subsEnv(t)
	vars["XINWEN_TEST_CONFIG"] = writeConfig(t, "keep = \"30d\"\n")
	mustRun(t, vars, 0, "list", src)
	ctx := context.Background()
	st, err := store.Open(ctx, vars["XINWEN_TEST_DB"])
	if err != nil {
		t.Fatal(err)
	}
	st.SetRead(ctx, store.ArticleKey{Source: src, ID: "old-read"}, true)
	st.Close()
	os.Remove(src)                                  // what is left is what the store kept
	mustRun(t, vars, 0, "list", "testdata/two.txt") // a load, then the prune
	st, err = store.Open(ctx, vars["XINWEN_TEST_DB"])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	heads, err := st.Headlines(ctx, store.HeadlineFilter{Feed: src})
	if err != nil {
		t.Fatal(err)
	}
	if len(heads) != 1 || heads[0].Key.ID != "old-unread" {
		t.Errorf("want only the unread old article kept, got %+v", heads)
	}
}

func TestBadKeepIsAUsageErrorNamingTheLine(t *testing.T) {
	path := writeConfig(t, "lang = \"zh\"\nkeep = \"forever\"\n")
	_, errOut := mustRun(t, map[string]string{"XINWEN_TEST_CONFIG": path}, exitUsage, "list")
	if !strings.HasPrefix(errOut, "xinwen: "+path+": line 2: key \"keep\": ") {
		t.Errorf("stderr %q", errOut)
	}
}
