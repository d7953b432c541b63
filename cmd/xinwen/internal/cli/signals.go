package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"sync/atomic"
	"syscall"

	tea "charm.land/bubbletea/v2"
)

// NotifySignals returns a context that the signals which end xinwen early
// cancel, and the function that gives the process's exit status once Run
// has returned: Run's own, or 128 plus the signal's number for SIGHUP
// (the terminal closed, an ssh connection dropped) and SIGQUIT, as shells
// report a process a signal ended. The reader gives the terminal back
// (cooked mode, normal screen, cursor, no mouse tracking), loads stop and
// the store closes before the process exits. An interrupt (ctrl+c) is a
// normal way to quit and keeps Run's status. SIGTERM is not among them:
// Bubble Tea quits on it by itself, and two handlers would race to decide
// the reader's exit status. After the first signal, a second one ends the
// process at once.
func NotifySignals() (ctx context.Context, status func(code int) int) {
	ctx, cancel := context.WithCancelCause(context.Background())
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGHUP, syscall.SIGQUIT)
	var got atomic.Value // the syscall.Signal received
	go func() {
		s := <-ch
		signal.Stop(ch) // the next one has its default effect
		if sig, ok := s.(syscall.Signal); ok {
			got.Store(sig)
		}
		if s == os.Interrupt {
			// The reader takes this cause as the user quitting, as it
			// takes ctrl+c when Bubble Tea sees the signal first.
			cancel(fmt.Errorf("%w: %v signal received", tea.ErrInterrupted, s))
			return
		}
		cancel(fmt.Errorf("%v signal received", s))
	}()
	return ctx, func(code int) int {
		if sig, ok := got.Load().(syscall.Signal); ok && sig != syscall.SIGINT {
			return 128 + int(sig)
		}
		return code
	}
}
