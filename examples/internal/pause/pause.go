// Package pause is the examples' one way to wait: a sleep that ends early
// with its context, and that a test can replace.
package pause

import (
	"context"
	"time"
)

// Func is a sleep a program lets its tests replace: it waits for d or
// until ctx ends, and returns ctx's error in the second case.
type Func func(ctx context.Context, d time.Duration) error

// For waits for d with override if it is set, else on a timer of the
// caller's goroutine (so that it works inside a testing/synctest bubble).
func For(ctx context.Context, d time.Duration, override Func) error {
	if override != nil {
		return override(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
