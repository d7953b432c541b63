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
	_, err := tea.NewProgram(newModel(ctx, cfg), opts...).Run()
	switch {
	case err == nil:
		return nil
	case errors.Is(err, tea.ErrInterrupted):
		return nil // ctrl+c reached us as a signal: a normal way to quit
	case ctx.Err() != nil:
		return fmt.Errorf("reader: %w", context.Cause(ctx))
	}
	return fmt.Errorf("reader: %w", err)
}
