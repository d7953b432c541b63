package store

import (
	"context"
	"fmt"
)

// MarkUndo is what [Store.MarkAllRead] changed: the keys it marked read that
// were unread. Give it to [Store.UndoMarkAll] to make them unread again. The
// zero value changes nothing.
type MarkUndo struct {
	Keys []ArticleKey
}

// MarkAllRead marks every one of keys read (the `A` of a list) and returns
// the keys that were unread, for [Store.UndoMarkAll]. The marks go through
// the write queue as [Store.SetRead]'s do, all in one batch and one
// transaction: they are never lost to a lock another process holds, the
// last state of a mark wins, and reads by this Store see them at once.
func (s *Store) MarkAllRead(ctx context.Context, keys []ArticleKey) (MarkUndo, error) {
	read, err := s.ReadMarks(ctx, keys)
	if err != nil {
		return MarkUndo{}, err
	}
	var undo MarkUndo
	ws := make([]write, 0, len(keys))
	for _, k := range keys {
		if read[k] {
			continue
		}
		read[k] = true // a key given twice counts once
		undo.Keys = append(undo.Keys, k)
		ws = append(ws, write{isMark: true, key: k, read: true})
	}
	if err := s.enqueueAll(ctx, ws); err != nil {
		return MarkUndo{}, fmt.Errorf("store: mark %d articles read: %w", len(ws), err)
	}
	return undo, nil
}

// UndoMarkAll makes the articles of undo unread again, with the same
// guarantees as [Store.MarkAllRead].
func (s *Store) UndoMarkAll(ctx context.Context, undo MarkUndo) error {
	ws := make([]write, len(undo.Keys))
	for i, k := range undo.Keys {
		ws[i] = write{isMark: true, key: k}
	}
	if err := s.enqueueAll(ctx, ws); err != nil {
		return fmt.Errorf("store: undo marking %d articles read: %w", len(ws), err)
	}
	return nil
}
