package kinesisfake

import (
	"context"
	"sync"
	"time"
)

// Clock is the source of time for a Fake. Every time-dependent fact the fake
// reports (iterator age, retention, stream status, throughput windows,
// MillisBehindLatest) is computed from Clock.Now when it is read, so a test
// that controls the clock controls all of them. The Fake calls Now while
// holding its locks, so Now must not call the Fake.
//
// Where a caller must wait for time to pass (a SubscribeToShard event
// stream with nothing to deliver), a *ManualClock wakes it when it is moved;
// any other clock is waited on with a timer of the waiting goroutine for the
// distance Now reports to the instant that matters, which inside a
// testing/synctest bubble is the bubble's time.
type Clock interface {
	Now() time.Time
}

// systemClock reads time.Now on every call. Because it asks time.Now rather
// than caching anything, a Fake created inside a testing/synctest bubble
// follows the bubble's fake time.
type systemClock struct{}

// Now returns time.Now().
func (systemClock) Now() time.Time { return time.Now() }

// ManualClock is a Clock that moves only when told to. It is safe for
// concurrent use. Moving it wakes every goroutine the Fake keeps waiting on
// the clock (event streams of SubscribeToShard), which then look again at
// the new time.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
	// moved is closed, and forgotten, the next time the clock moves; nil
	// while nobody waits for that.
	moved chan struct{}
}

// NewManualClock returns a ManualClock that reads t until it is advanced or
// set.
func NewManualClock(t time.Time) *ManualClock {
	return &ManualClock{now: t}
}

// Now returns the clock's current time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d (backward if d is negative).
func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.wake()
	c.mu.Unlock()
}

// Set moves the clock to t.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.wake()
	c.mu.Unlock()
}

// wake releases the goroutines waiting for the clock to move. The caller
// holds c.mu.
func (c *ManualClock) wake() {
	if c.moved != nil {
		close(c.moved)
		c.moved = nil
	}
}

// movedChan returns a channel that is closed the next time the clock moves.
// Take it before reading Now, so a move in between is not missed.
func (c *ManualClock) movedChan() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.moved == nil {
		c.moved = make(chan struct{})
	}
	return c.moved
}

// clockWait is how a goroutine of the caller waits for the Fake's clock to
// reach an instant. Take it (newClockWait) before reading the clock for the
// decision to wait, then call until.
type clockWait struct {
	clock Clock
	moved <-chan struct{} // a ManualClock's: closed when it moves
}

// newClockWait prepares a wait on the Fake's clock.
func (f *Fake) newClockWait() clockWait {
	w := clockWait{clock: f.clock}
	if mc, ok := f.clock.(*ManualClock); ok {
		w.moved = mc.movedChan()
	}
	return w
}

// until blocks until the clock may have reached deadline (a ManualClock:
// until it moves at all; another clock: a timer for the distance from its
// Now), until either wake channel is closed (a nil one never is), or until
// ctx is done, whichever comes first.
// A zero deadline waits for no instant. It returns ctx's error if ctx ended
// the wait. The timer belongs to the calling goroutine and is stopped
// before until returns: the Fake keeps no timer of its own.
func (w clockWait) until(ctx context.Context, deadline time.Time, wake1, wake2 <-chan struct{}) error {
	var timeout <-chan time.Time
	if w.moved == nil && !deadline.IsZero() {
		t := time.NewTimer(max(deadline.Sub(w.clock.Now()), 0))
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-wake1:
	case <-wake2:
	case <-w.moved:
	case <-timeout:
	}
	return nil
}
