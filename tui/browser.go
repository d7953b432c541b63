package tui

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"runtime"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// launchFunc starts argv without waiting for it and returns a channel that
// delivers its exit status once. The reader's own launcher is startDetached;
// tests record argv instead.
type launchFunc func(argv []string) (exited <-chan error, err error)

// linkOpener opens links in the user's browser: the configured command
// (the configuration file's browser, else $BROWSER) when set, else the
// platform's opener. It never runs a shell. The zero value is not usable;
// see newLinkOpener.
type linkOpener struct {
	browser string      // the browser command, split like a command line
	goos    string      // runtime.GOOS
	wsl     func() bool // reports whether we run under WSL; called lazily
	launch  launchFunc
}

func newLinkOpener(browser string) linkOpener {
	return linkOpener{browser: browser, goos: runtime.GOOS, wsl: isWSL, launch: startDetached}
}

// checkLink returns an error unless link is an absolute http or https URL
// with a host, which are the only links the reader hands to a browser.
func checkLink(link string) error {
	if link == "" {
		return errors.New("the article has no link")
	}
	u, err := url.Parse(link)
	if err != nil {
		return fmt.Errorf("link %q: %w", link, err)
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return fmt.Errorf("link %q: only http and https links are opened", link)
	}
	if u.Host == "" {
		return fmt.Errorf("link %q: no host", link)
	}
	return nil
}

// CheckBrowser returns an error when command, a browser command as
// Config.Browser takes it, cannot be split into words (an unterminated
// quote). A blank command is fine: it means the platform's opener. The
// command line checks the configuration file's browser with it, so that a
// mistake there is reported against the file at start-up.
func CheckBrowser(command string) error {
	if strings.TrimSpace(command) == "" {
		return nil
	}
	_, err := splitCommandLine(command)
	return err
}

// argv returns the command that opens link: the words of the browser
// command (the configuration file's, else $BROWSER) with the link appended
// as one more argument, or the platform's opener.
func (o linkOpener) argv(link string) ([]string, error) {
	if strings.TrimSpace(o.browser) != "" {
		words, err := splitCommandLine(o.browser)
		if err != nil {
			// The command came from the configuration file or from
			// $BROWSER; quoting it lets the user recognise which.
			return nil, fmt.Errorf("browser command %q: %w", o.browser, err)
		}
		return append(words, link), nil
	}
	switch o.goos {
	case "darwin":
		return []string{"open", link}, nil
	case "windows":
		return []string{"rundll32", "url.dll,FileProtocolHandler", link}, nil
	}
	if o.wsl != nil && o.wsl() {
		return []string{"wslview", link}, nil
	}
	return []string{"xdg-open", link}, nil
}

// open returns the command that checks link, starts the browser on it and
// reports linkOpened. It never blocks the reader: the browser is started,
// not waited for.
func (o linkOpener) open(link string) tea.Cmd {
	return func() tea.Msg {
		if err := checkLink(link); err != nil {
			return linkOpened{URL: link, Err: err}
		}
		argv, err := o.argv(link)
		if err != nil {
			return linkOpened{URL: link, Err: err}
		}
		exited, err := o.launch(argv)
		return linkOpened{URL: link, Argv: argv, Err: err, Exited: exited}
	}
}

// waitBrowser returns the command that waits for the browser of msg to exit
// and reports a failure as browserExited (and a success as nothing).
func waitBrowser(msg linkOpened) tea.Cmd {
	if msg.Exited == nil {
		return nil
	}
	return func() tea.Msg {
		if err := <-msg.Exited; err != nil {
			return browserExited{Argv: msg.Argv, Err: err}
		}
		return nil
	}
}

// startDetached starts argv with its standard input, output and error on
// the null device, so the browser can neither read the keyboard nor draw
// over the reader, and waits for it in a goroutine.
func startDetached(argv []string) (<-chan error, error) {
	if len(argv) == 0 || argv[0] == "" {
		return nil, errors.New("no browser command")
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, nil // os/exec connects nil to the null device
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", argv[0], err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	return exited, nil
}

// isWSL reports whether the reader runs under the Windows Subsystem for
// Linux, where xdg-open usually cannot reach a browser but wslview can.
func isWSL() bool {
	if os.Getenv("WSL_DISTRO_NAME") != "" {
		return true
	}
	b, err := os.ReadFile("/proc/version")
	return err == nil && strings.Contains(strings.ToLower(string(b)), "microsoft")
}

// splitCommandLine splits s into words as a POSIX shell would, without
// expanding anything: blanks separate words, 'single quotes' keep
// everything literally, "double quotes" keep everything but \" \\ \$ \`
// and a newline escaped with a backslash, and outside quotes a backslash
// keeps the next character.
func splitCommandLine(s string) ([]string, error) {
	var (
		words  []string
		word   strings.Builder
		inWord bool
	)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		case c == '\\':
			inWord = true
			if i+1 < len(s) {
				i++
				if s[i] != '\n' {
					word.WriteByte(s[i])
				}
			}
		case c == '\'':
			inWord = true
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("unterminated ' quote")
			}
			word.WriteString(s[i+1 : i+1+j])
			i += j + 1
		case c == '"':
			inWord = true
			n, err := doubleQuoted(s[i+1:], &word)
			if err != nil {
				return nil, err
			}
			i += n // at the closing quote
		default:
			inWord = true
			word.WriteByte(c)
		}
	}
	if inWord {
		words = append(words, word.String())
	}
	if len(words) == 0 {
		return nil, errors.New("empty command")
	}
	return words, nil
}

// doubleQuoted copies the inside of a double-quoted string that starts at
// s[0] to w and returns how many bytes it used, closing quote included.
func doubleQuoted(s string, w *strings.Builder) (int, error) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			return i + 1, nil
		case '\\':
			if i+1 < len(s) && strings.IndexByte("\"\\$`\n", s[i+1]) >= 0 {
				i++
				if s[i] != '\n' {
					w.WriteByte(s[i])
				}
				continue
			}
			w.WriteByte(c)
		default:
			w.WriteByte(c)
		}
	}
	return 0, errors.New(`unterminated " quote`)
}
