//go:build unix

package cli

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/feed/store"
)

// crashItems is how many items version v of each feed of the killed
// refresh serves: a save of several chunks (fewer under the race
// detector).
func crashItems(v int32) int { return (1200 + int(v)*300) / crashScale }

// crashFeed serves version *version of an RSS feed named after feed n,
// each title naming the version; while slow is set, it sends half, waits,
// and sends the rest.
type crashFeed struct {
	n       int
	version *atomic.Int32
	slow    *atomic.Bool
}

func (f crashFeed) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	v := f.version.Load()
	w.Header().Set("Content-Type", "application/rss+xml")
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>报%d</title>`, f.n)
	for i := range crashItems(v) {
		if i == crashItems(v)/2 && f.slow.Load() && f.n%2 == 0 {
			w.(http.Flusher).Flush()
			time.Sleep(500 * time.Millisecond)
		}
		fmt.Fprintf(w, `<item><guid>f%d-%d</guid><title>v%d 第%d报 新闻%d</title><description>第%d版正文%d。Body %d.</description></item>`,
			f.n, i, v, f.n, i, v, i, i)
	}
	fmt.Fprint(w, `</channel></rss>`)
}

// TestHelperRefreshProcess runs `xinwen refresh` on the database
// XINWEN_CLI_DB, to be killed by TestKilledRefreshKeepsSubscriptionsAndAnIntactStore.
func TestHelperRefreshProcess(t *testing.T) {
	if os.Getenv("XINWEN_CLI_HELPER") != "refresh" {
		t.Skip("helper process for TestKilledRefreshKeepsSubscriptionsAndAnIntactStore")
	}
	// No t.TempDir here: the process is killed, and its folder would be
	// left behind in the system's temporary folder on every run.
	db := os.Getenv("XINWEN_CLI_DB")
	vars := map[string]string{"XINWEN_TEST_DB": db, "XINWEN_TEST_CONFIG": filepath.Join(filepath.Dir(db), "no-config.toml")}
	code := Run(context.Background(), []string{"refresh"}, testEnv(t, vars, os.Stdout, os.Stderr))
	fmt.Printf("exit %d\n", code)
}

func TestKilledRefreshKeepsSubscriptionsAndAnIntactStore(t *testing.T) {
	vars := subsEnv(t)
	path := vars["XINWEN_TEST_DB"]
	var version atomic.Int32
	var slow atomic.Bool
	version.Store(1)
	var urls []string
	for n := range 8 { // a server each: refresh fetches one feed a host at a time
		srv := httptest.NewServer(crashFeed{n, &version, &slow})
		t.Cleanup(srv.Close)
		urls = append(urls, srv.URL+"/feed.xml")
		mustRun(t, vars, 0, "add", urls[n], "--title", fmt.Sprintf("报纸%d", n), "--tag", fmt.Sprintf("t%d", n))
	}
	mustRun(t, vars, 0, "refresh") // every feed has an offline copy of version 1

	version.Store(2)
	slow.Store(true)
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperRefreshProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), "XINWEN_CLI_HELPER=refresh", "XINWEN_CLI_DB="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it inside the saves: a random moment up to 300 ms after the
	// first changed article was written, staged (a save of 1,800 articles
	// takes about 0.2 s, and the next begins as soon as its feed is read).
	waitForStaged(t, path)
	time.Sleep(rand.N(300 * time.Millisecond))
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		if strings.HasPrefix(lines.Text(), "exit ") {
			t.Fatalf("the refresh ended (%s) before it was killed", lines.Text())
		}
	}
	_ = cmd.Wait()

	checkIntegrity(t, path)
	v2 := checkCopiesWhole(t, path, urls)
	rows := feedLines(t, vars)
	if len(rows) != len(urls) {
		t.Fatalf("after the kill, feeds lists %d subscriptions, want %d: %q", len(rows), len(urls), rows)
	}
	for n, row := range rows {
		if row[3] != fmt.Sprintf("报纸%d", n) || row[4] != urls[n] {
			t.Errorf("after the kill, feed %d is %q", n+1, row)
		}
	}
	opml, _ := mustRun(t, vars, 0, "export", "--opml")
	for n := range urls {
		if !strings.Contains(opml, fmt.Sprintf(`"t%d"`, n)) {
			t.Errorf("after the kill, the tag t%d is lost:\n%s", n, opml)
		}
	}
	t.Logf("killed inside a save: %d offline copies of version 2 whole, the others of version 1", v2)

	slow.Store(false)
	if out, errOut := mustRun(t, vars, 0, "refresh"); !strings.HasPrefix(out, "refreshed 8 feeds: ") || !strings.HasSuffix(out, ", 0 failed\n") || errOut != "" {
		t.Errorf("the refresh after the kill: stdout %q, stderr %q", out, errOut)
	}
	for n, row := range feedLines(t, vars) {
		if len(row) != 5 || row[2] != fmt.Sprint(crashItems(2)) {
			t.Errorf("after the second refresh, feed %d is %q; want %d articles and no error", n+1, row, crashItems(2))
		}
	}
	if v2 := checkCopiesWhole(t, path, urls); v2 != len(urls) {
		t.Errorf("after the second refresh, %d of %d offline copies are of version 2", v2, len(urls))
	}
	checkIntegrity(t, path)
}

// waitForStaged waits until the database at path holds a staged row: a
// save of changed articles is under way. It gives up after 10 s.
func waitForStaged(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		var staged int
		if err := db.QueryRow("SELECT count(*) FROM articles WHERE staged != 0").Scan(&staged); err == nil && staged > 0 {
			return
		}
	}
	t.Fatal("no save of changed articles began within 10 s")
}

// checkIntegrity runs SQLite's integrity check on the database at path,
// opened as any other program would.
func checkIntegrity(t *testing.T, path string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check: %q %v", check, err)
	}
}

// checkCopiesWhole checks that the offline copy of each of urls is one
// version whole, all its articles in order, and returns how many are of
// version 2.
func checkCopiesWhole(t *testing.T, path string, urls []string) (v2 int) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatalf("open after the kill: %v", err)
	}
	defer st.Close()
	for n, u := range urls {
		got, _, err := st.SourceArticles(ctx, feed.SourceName(u))
		if err != nil || len(got) == 0 {
			t.Errorf("feed %d: the offline copy is lost: %d articles, %v", n+1, len(got), err)
			continue
		}
		v := int32(1)
		if strings.HasPrefix(got[0].Title(), "v2 ") {
			v = 2
		}
		if len(got) != crashItems(v) {
			t.Errorf("feed %d: the offline copy holds %d articles, version %d had %d", n+1, len(got), v, crashItems(v))
			continue
		}
		for i, a := range got {
			if a.ID != fmt.Sprintf("f%d-%d", n, i) || !strings.HasPrefix(a.Title(), fmt.Sprintf("v%d ", v)) {
				t.Errorf("feed %d: article %d of a copy of version %d is %s %q", n+1, i, v, a.ID, a.Title())
				break
			}
		}
		if v == 2 {
			v2++
		}
	}
	return v2
}
