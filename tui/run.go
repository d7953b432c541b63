package tui

import (
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
)

// Run runs the reader until the user quits or ctx is cancelled. The
// terminal is restored before Run returns, also after an error. Run returns
// nil when the user quits.
func Run(ctx context.Context, cfg Config) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops loads still running
	opts := []tea.ProgramOption{tea.WithContext(ctx)}
	if cfg.Input != nil {
		opts = append(opts, tea.WithInput(cfg.Input))
	}
	if cfg.Output != nil {
		opts = append(opts, tea.WithOutput(cfg.Output))
	}
	if !cfg.Color {
		// Also strips any colour a component might add on its own.
		opts = append(opts, tea.WithColorProfile(colorprofile.Ascii))
	}
	final, err := tea.NewProgram(newModel(ctx, cfg), opts...).Run()
	switch {
	case err == nil, errors.Is(err, tea.ErrInterrupted), errors.Is(context.Cause(ctx), tea.ErrInterrupted):
		// The user quit: ctrl+c reaches the reader as a key, or as a
		// signal that Bubble Tea or the caller's context (a cause that
		// wraps tea.ErrInterrupted) turns into the end of the program.
		return sourcesFailed(final)
	case ctx.Err() != nil:
		return fmt.Errorf("reader: %w", context.Cause(ctx))
	}
	return fmt.Errorf("reader: %w", err)
}

// SourcesFailedError is what Run returns, once the reader has closed, when
// sources of its last load failed (an offline copy standing in, or articles
// recovered with a warning, is not a failure). Failures are the one-line
// reports the reader showed, cleaned.
type SourcesFailedError struct{ Failures []string }

func (e *SourcesFailedError) Error() string {
	return fmt.Sprintf("reader: %d sources failed to load", len(e.Failures))
}

// sourcesFailed returns a *SourcesFailedError when the final model shows
// failed sources, else nil.
func sourcesFailed(final tea.Model) error {
	m, ok := final.(Model)
	if !ok {
		return nil
	}
	var e SourcesFailedError
	for _, n := range m.notices {
		if n.kind == noticeFailed {
			e.Failures = append(e.Failures, n.text)
		}
	}
	if len(e.Failures) == 0 {
		return nil
	}
	return &e
}
