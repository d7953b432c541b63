package tui

import (
	"strings"
	"testing"
)

func TestBadBrowserCommandIsNotBlamedOnTheEnvironment(t *testing.T) {
	// The command may come from the configuration file: the error quotes
	// it instead of calling it $BROWSER.
	o := linkOpener{browser: "firefox '--new-window", goos: "linux"}
	_, err := o.argv("https://example.org/a")
	if err == nil {
		t.Fatal("an unterminated quote was accepted")
	}
	if msg := err.Error(); strings.Contains(msg, "$BROWSER") || !strings.Contains(msg, `"firefox '--new-window"`) {
		t.Errorf("error %q, want it to quote the command and not name $BROWSER", msg)
	}
}

func TestCheckBrowser(t *testing.T) {
	for _, good := range []string{"", "   ", "firefox", `'/opt/My Browser/run' --flag="a b"`} {
		if err := CheckBrowser(good); err != nil {
			t.Errorf("CheckBrowser(%q) = %v, want nil", good, err)
		}
	}
	for _, bad := range []string{`"open`, `firefox 'x`} {
		if err := CheckBrowser(bad); err == nil {
			t.Errorf("CheckBrowser(%q) = nil, want an error", bad)
		}
	}
}
