package cli

import (
	"io"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/xinwen-reader/xinwen/cmd/xinwen/internal/config"
	"github.com/xinwen-reader/xinwen/feed"
	"github.com/xinwen-reader/xinwen/tui/layout"
)

func TestOutOfRangeNumbersAreUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"show", "--width", "9223372036854775807", "1"}, // panicked in strings.Repeat
		{"show", "--width", "4294967296", "1"},          // took 11 GB
		{"show", "--width", "1", "1"},                   // printed nothing, exit 0
		{"show", "--width", "0", "1"},
		{"show", "--width", strconv.Itoa(config.MinWidth - 1), "1"},
		{"show", "--width", strconv.Itoa(config.MaxWidth + 1), "1"},
		{"show", "--side-by-side", "0", "1"},
		{"show", "--side-by-side", "4294967296", "1"},
		{"list", "--timeout", "0"}, // meant no timeout at all
		{"list", "--timeout", "-1s"},
		{"list", "--timeout", "1ns"},
		{"list", "--timeout", "100000h"},
		{"list", "--max-mib", "17592186044417"}, // wrapped to a 1 MiB cap
		{"list", "--max-mib", "0"},
		{"list", "--max-mib", "-1"},
	} {
		code, out, errOut := run(t, "", nil, args...)
		lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
		if code != exitUsage || out != "" || len(lines) != 2 || !strings.HasPrefix(lines[0], "xinwen: --") {
			t.Errorf("%q: exit %d, stdout %d bytes, stderr %q; want exit 2 and a one-line error naming the flag", args, code, len(out), errOut)
		}
	}
}

func TestBoundsAreAccepted(t *testing.T) {
	for _, args := range [][]string{
		{"show", "--no-store", "--width", strconv.Itoa(config.MinWidth), "1"},
		{"show", "--no-store", "--width", strconv.Itoa(config.MaxWidth), "--side-by-side", strconv.Itoa(config.MaxWidth), "1"},
		{"show", "--no-store", "--side-by-side", strconv.Itoa(config.MinWidth), "1"},
		{"list", "--no-store", "--timeout", config.MinTimeout.String(), "--max-mib", "1"},
		{"list", "--no-store", "--timeout", config.Duration(config.MaxTimeout), "--max-mib", strconv.Itoa(maxMaxMiB)},
	} {
		if code, _, errOut := run(t, "", nil, args...); code != exitOK {
			t.Errorf("%q: exit %d, stderr %q", args, code, errOut)
		}
	}
}

func TestConfigOutOfRangeIsAUsageErrorNamingTheFile(t *testing.T) {
	for _, text := range []string{"side_by_side = 1\n", "timeout = \"0s\"\n"} {
		path := writeConfig(t, text)
		code, _, errOut := run(t, "", map[string]string{"XINWEN_TEST_CONFIG": path}, "list", "--no-store")
		if code != exitUsage || !strings.HasPrefix(errOut, "xinwen: "+path+": line 1: key ") {
			t.Errorf("%q: exit %d, stderr %q", text, code, errOut)
		}
	}
}

// squashed is s without white space, so that text can be found again
// whatever the lines it was wrapped into.
func squashed(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func TestShowAtMinWidthPrintsEveryArticle(t *testing.T) {
	m := layout.NewMetrics(false)
	width := strconv.Itoa(config.MinWidth)
	for i, a := range feed.Sample() {
		for _, lang := range []string{"zh", "en", "both"} {
			code, out, errOut := run(t, "", nil, "show", "--no-store", "--lang", lang, "--width", width, strconv.Itoa(i+1))
			if code != exitOK {
				t.Fatalf("article %d, %s: exit %d: %s", i+1, lang, code, errOut)
			}
			for _, l := range strings.Split(out, "\n") {
				if w := m.Width(l); w > config.MinWidth {
					t.Errorf("article %d, %s: line %d columns wide: %q", i+1, lang, w, l)
				}
			}
			var versions []*feed.Version
			if lang != "en" {
				versions = append(versions, a.ZH)
			}
			if lang != "zh" {
				versions = append(versions, a.EN)
			}
			text := squashed(out)
			for _, v := range versions {
				if v == nil {
					continue
				}
				if !strings.Contains(text, squashed(m.Normalize(v.Title))) {
					t.Errorf("article %d, %s: title %q missing", i+1, lang, v.Title)
				}
				for _, b := range v.Blocks {
					if !strings.Contains(text, squashed(m.Normalize(b.Text))) {
						t.Errorf("article %d, %s: text missing: %q", i+1, lang, b.Text)
					}
				}
			}
		}
	}
}

func TestShowKeepsATerminalWidthWithinBounds(t *testing.T) {
	m := layout.NewMetrics(false)
	for _, tt := range []struct{ terminal, want int }{
		{5, config.MinWidth},
		{50000, config.MaxWidth},
	} {
		code, out, errOut := runWithTerminal(t, tt.terminal, "show", "--no-store", "--lang", "both", "3")
		if code != exitOK {
			t.Fatalf("terminal %d: exit %d: %s", tt.terminal, code, errOut)
		}
		widest := 0
		for _, l := range strings.Split(out, "\n") {
			widest = max(widest, m.Width(l))
		}
		if widest != tt.want {
			t.Errorf("terminal %d columns: widest line %d, want %d", tt.terminal, widest, tt.want)
		}
	}
}

// runWithTerminal is run with standard output a terminal of the given width
// (and no colour, so lines can be measured as they are).
func runWithTerminal(t *testing.T, width int, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr strings.Builder
	env := testEnv(t, nil, &stdout, &stderr)
	env.Terminal = func(io.Writer) (int, bool) { return width, true }
	code := Run(t.Context(), append([]string{args[0], "--color", "never"}, args[1:]...), env)
	return code, stdout.String(), stderr.String()
}
