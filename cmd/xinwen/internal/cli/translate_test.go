package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// chatBackend is an OpenAI chat completions server on 127.0.0.1 that
// answers each paragraph with "EN:" and the paragraph, or with status when
// it is not 0. It records the Authorization header of each request.
type chatBackend struct {
	*httptest.Server
	mu     sync.Mutex
	auth   []string
	status int
}

func newChatBackend(t *testing.T) *chatBackend {
	t.Helper()
	b := &chatBackend{}
	b.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req struct {
			Model    string `json:"model"`
			Messages []struct{ Role, Content string }
		}
		var p struct{ Paragraphs []string }
		if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" || json.Unmarshal(body, &req) != nil ||
			len(req.Messages) != 2 || json.Unmarshal([]byte(req.Messages[1].Content), &p) != nil || req.Model != "fake-mt:1b" {
			t.Errorf("not a chat completions request: %s %s %s", r.Method, r.URL.Path, body)
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		b.mu.Lock()
		b.auth = append(b.auth, r.Header.Get("Authorization"))
		status := b.status
		b.mu.Unlock()
		if status != 0 {
			http.Error(w, `{"error":{"message":"no such model"}}`, status)
			return
		}
		for i, s := range p.Paragraphs {
			p.Paragraphs[i] = "EN:" + s
		}
		content, _ := json.Marshal(map[string][]string{"paragraphs": p.Paragraphs})
		reply, _ := json.Marshal(map[string]any{"choices": []any{map[string]any{
			"message": map[string]string{"role": "assistant", "content": string(content)}}}})
		w.Header().Set("Content-Type", "application/json")
		w.Write(reply)
	}))
	t.Cleanup(b.Close)
	return b
}

func (b *chatBackend) requests() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.auth)
}

// translateSetup writes a config.toml naming url as the openai backend and
// a Chinese-only feed of two articles, and returns the variables of the
// environment and the feed's path.
func translateSetup(t *testing.T, url string) (map[string]string, string) {
	t.Helper()
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	text := fmt.Sprintf("[translate]\nbackend = \"openai\"\nurl = %q\nmodel = \"fake-mt:1b\"\napi_key_env = \"FAKE_MT_KEY\"\n", url+"/v1")
	if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	feedPath := filepath.Join(dir, "zh.xml")
	feedText := `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>中文新闻</title>
<item><title>城市图书馆延长开放时间</title><guid>zh-1</guid><description><![CDATA[<p>市图书馆宣布延长开放时间。</p><p>读者欢迎这一决定。</p>]]></description></item>
<item><title>高原湖泊迎来候鸟</title><guid>zh-2</guid><description><![CDATA[<p>候鸟迁徙进入高峰。</p>]]></description></item>
</channel></rss>
`
	if err := os.WriteFile(feedPath, []byte(feedText), 0o600); err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"XINWEN_TEST_CONFIG": cfg,
		"XINWEN_TEST_DB":     filepath.Join(dir, "data", "xinwen.db"),
		"FAKE_MT_KEY":        "sk-secret-123",
	}, feedPath
}

func TestShowTranslatePrintsTheArticleBesideItsTranslation(t *testing.T) {
	b := newChatBackend(t)
	vars, feedPath := translateSetup(t, b.URL)
	code, out, errOut := run(t, "", vars, "show", "--translate", "--width", "100", feedPath, "1")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"城市图书馆延长开放时间", "EN:城市图书馆延长开放时间", "Machine translation · fake-mt:1b", "市图书馆宣布延长开放时间。", "EN:市图书馆宣布"} {
		if !strings.Contains(out, want) {
			t.Errorf("show --translate lacks %q:\n%s", want, out)
		}
	}
	b.mu.Lock()
	auth := append([]string(nil), b.auth...)
	b.mu.Unlock()
	if len(auth) != 1 || auth[0] != "Bearer sk-secret-123" {
		t.Errorf("requests carried %q, want one with the key read from FAKE_MT_KEY", auth)
	}
	// Stored: a second show sends nothing, even with the backend gone.
	b.Close()
	code, again, errOut := run(t, "", vars, "show", "--translate", "--width", "100", feedPath, "1")
	if code != 0 || again != out {
		t.Errorf("from the store: exit %d, stderr %q, same output %v", code, errOut, again == out)
	}
}

func TestExportTranslateAddsTheMachineField(t *testing.T) {
	b := newChatBackend(t)
	vars, feedPath := translateSetup(t, b.URL)
	code, out, errOut := run(t, "", vars, "export", "--translate", feedPath)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	var e struct {
		ZH struct {
			Machine *json.RawMessage `json:"machine"`
		} `json:"zh"`
		EN struct {
			Title      string   `json:"title"`
			Paragraphs []string `json:"paragraphs"`
			Machine    *struct {
				Backend string `json:"backend"`
				Model   string `json:"model"`
			} `json:"machine"`
		} `json:"en"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &e); err != nil {
		t.Fatal(err)
	}
	if e.EN.Title != "EN:城市图书馆延长开放时间" || len(e.EN.Paragraphs) != 2 || e.EN.Machine == nil ||
		e.EN.Machine.Backend != "openai" || e.EN.Machine.Model != "fake-mt:1b" {
		t.Errorf("the English version: %+v (machine %+v)\n%s", e.EN, e.EN.Machine, lines[0])
	}
	if e.ZH.Machine != nil {
		t.Errorf("the original is marked machine: %s", lines[0])
	}
	// Without --translate the export is as before: no machine field.
	_, plain, _ := run(t, "", vars, "export", "--no-store", feedPath)
	if strings.Contains(plain, "machine") || strings.Contains(plain, `"en"`) {
		t.Errorf("export without --translate:\n%s", plain)
	}
}

func TestTranslateFailureIsOneLineExitOneAndTheOriginalPrints(t *testing.T) {
	b := newChatBackend(t)
	b.status = http.StatusNotFound
	vars, feedPath := translateSetup(t, b.URL)
	code, out, errOut := run(t, "", vars, "show", "--translate", feedPath, "1")
	if code != 1 || !strings.Contains(out, "市图书馆宣布") {
		t.Fatalf("exit %d, output:\n%s", code, out)
	}
	if strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "xinwen: translate article 1: ") || !strings.Contains(errOut, "404") {
		t.Errorf("stderr %q, want one line naming the article and the status", errOut)
	}
	if strings.Contains(errOut+out, "sk-secret-123") {
		t.Error("the API key was printed")
	}

	b.Close() // connection refused
	code, out, errOut = run(t, "", vars, "export", "--translate", feedPath)
	if code != 1 || strings.Count(errOut, "\n") != 1 || !strings.Contains(errOut, "cannot reach "+b.URL) {
		t.Errorf("export, backend down: exit %d, stderr %q", code, errOut)
	}
	if n := strings.Count(out, "\n"); n != 2 {
		t.Errorf("export, backend down: %d articles exported, want both, untranslated:\n%s", n, out)
	}
}

func TestTranslateWithNoStoreWritesNothing(t *testing.T) {
	b := newChatBackend(t)
	vars, feedPath := translateSetup(t, b.URL)
	code, out, errOut := run(t, "", vars, "show", "--translate", "--no-store", feedPath, "2")
	if code != 0 || !strings.Contains(out, "EN:候鸟迁徙进入高峰。") {
		t.Fatalf("exit %d, stderr %q:\n%s", code, errOut, out)
	}
	if _, err := os.Stat(filepath.Dir(vars["XINWEN_TEST_DB"])); !os.IsNotExist(err) {
		t.Errorf("--no-store created the data directory: %v", err)
	}
	run(t, "", vars, "show", "--translate", "--no-store", feedPath, "2")
	if b.requests() != 2 {
		t.Errorf("%d requests, want 2: with --no-store nothing is kept between runs", b.requests())
	}
}

func TestTranslateWithoutABackendIsAUsageError(t *testing.T) {
	code, _, errOut := run(t, "", nil, "export", "--translate", "testdata/two.txt")
	if code != 2 || !strings.Contains(errOut, "--translate: no translation backend configured") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

func TestConfigPrintsTheKeyVariableNeverTheKey(t *testing.T) {
	vars, _ := translateSetup(t, "http://127.0.0.1:9")
	code, out, _ := run(t, "", vars, "config")
	if code != 0 || !strings.Contains(out, "[translate]") || !strings.Contains(out, `api_key_env = "FAKE_MT_KEY"`) {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if strings.Contains(out, "sk-secret") {
		t.Errorf("xinwen config printed the key:\n%s", out)
	}
}
