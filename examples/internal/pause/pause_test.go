package pause

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"
)

func TestFor(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		if err := For(t.Context(), time.Minute, nil); err != nil || time.Since(start) != time.Minute {
			t.Fatalf("For(1m) = %v after %v, want nil after 1m", err, time.Since(start))
		}
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		if err := For(ctx, time.Hour, nil); !errors.Is(err, context.DeadlineExceeded) || time.Since(start) != time.Minute+time.Second {
			t.Fatalf("For with a context ending after 1s = %v", err)
		}
	})
	var got time.Duration
	if err := For(t.Context(), time.Hour, func(_ context.Context, d time.Duration) error { got = d; return nil }); err != nil || got != time.Hour {
		t.Fatalf("the override saw %v (err %v), want 1h", got, err)
	}
}
