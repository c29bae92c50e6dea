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
// the new time. BlockUntilWaiters lets a test wait for those goroutines to
// be waiting before it moves the clock, without sleeping.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
	// moved is closed, and forgotten, the next time the clock moves; nil
	// while nobody waits for that.
	moved chan struct{}
	// waiters are the goroutines waiting for moved to close: a move
	// releases them all at once, and one that leaves before (woken by a
	// put, or by its context) takes itself out.
	waiters map[*clockWaiter]struct{}
	// waitersChanged is closed, and forgotten, when a waiter comes; nil
	// while no BlockUntilWaiters waits for that.
	waitersChanged chan struct{}
}

// clockWaiter is a goroutine waiting on a ManualClock, and the channels
// besides the clock's that end its wait. Closed, they end it before it has
// left: it no longer counts as waiting.
type clockWaiter struct {
	wake [3]<-chan struct{} // nil ones never close
}

// waiting reports whether w is still waiting: none of its channels closed.
func (w *clockWaiter) waiting() bool {
	for _, ch := range w.wake {
		select {
		case <-ch:
			return false
		default:
		}
	}
	return true
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
	clear(c.waiters)
}

// Waiters reports how many goroutines wait for the clock to move right
// now: each SubscribeToShard event stream that has nothing it may deliver
// yet and waits for a record, a reshard or the time to end. That is one
// that has handed the SDK all it has, or one held back by the clock (its
// consumer's read budget spent, 2 MiB a second) or by a PutRecords still
// storing the records it is to deliver together. Moving the clock releases them all, and the
// count is 0 until they wait again; a put that wakes one takes it out of
// the count at once.
func (c *ManualClock) Waiters() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.waiting()
}

// waiting counts the waiters still waiting. The caller holds c.mu.
func (c *ManualClock) waiting() int {
	n := 0
	for w := range c.waiters {
		if w.waiting() {
			n++
		}
	}
	return n
}

// BlockUntilWaiters blocks until at least n goroutines wait for the clock
// to move (see Waiters), or until ctx is done, and returns ctx's error in
// that case. A test calls it between starting a subscriber (or putting
// the records it is to read) and advancing the clock: once it returns, the
// Fake has handed the SDK every event it may deliver so far, so the
// advance is the next thing each subscription meets (the end of its 5
// minutes, say) rather than racing with it. The consumer's own goroutine
// may still be an event or two behind, as the SDK passes events through
// goroutines of its own: a test that checks what its consumer read waits
// on the consumer's progress. BlockUntilWaiters polls nothing: a waiter
// arriving wakes it.
func (c *ManualClock) BlockUntilWaiters(ctx context.Context, n int) error {
	for {
		c.mu.Lock()
		if c.waiting() >= n {
			c.mu.Unlock()
			return nil
		}
		if c.waitersChanged == nil {
			c.waitersChanged = make(chan struct{})
		}
		changed := c.waitersChanged
		c.mu.Unlock()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-changed:
		}
	}
}

// enterWait counts a goroutine in as waiting for moved to close, or for
// one of wake to, unless the clock has moved since moved was taken (the
// wait then ends at once). It returns the function that counts it out
// again.
func (c *ManualClock) enterWait(moved <-chan struct{}, wake [3]<-chan struct{}) (leave func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if moved != c.moved {
		return func() {}
	}
	w := &clockWaiter{wake: wake}
	if c.waiters == nil {
		c.waiters = make(map[*clockWaiter]struct{})
	}
	c.waiters[w] = struct{}{}
	if c.waitersChanged != nil {
		close(c.waitersChanged)
		c.waitersChanged = nil
	}
	return func() {
		c.mu.Lock()
		delete(c.waiters, w) // gone already if a move released it
		c.mu.Unlock()
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
	clock  Clock
	manual *ManualClock    // the clock, if it is one
	moved  <-chan struct{} // a ManualClock's: closed when it moves
}

// newClockWait prepares a wait on the Fake's clock.
func (f *Fake) newClockWait() clockWait {
	w := clockWait{clock: f.clock}
	if mc, ok := f.clock.(*ManualClock); ok {
		w.manual, w.moved = mc, mc.movedChan()
	}
	return w
}

// until blocks until the clock may have reached deadline (a ManualClock:
// until it moves at all; another clock: a timer for the distance from its
// Now), until either wake channel is closed (a nil one never is), or until
// ctx is done, whichever comes first. Every deadline is an instant, the
// zero time.Time too (year 1, which a clock before it reaches). It returns
// ctx's error if ctx ended the wait. The timer belongs to the calling
// goroutine and is stopped before until returns: the Fake keeps no timer
// of its own.
func (w clockWait) until(ctx context.Context, deadline time.Time, wake1, wake2 <-chan struct{}) error {
	var timeout <-chan time.Time
	if w.moved == nil {
		t := time.NewTimer(max(deadline.Sub(w.clock.Now()), 0))
		defer t.Stop()
		timeout = t.C
	}
	if w.manual != nil {
		defer w.manual.enterWait(w.moved, [3]<-chan struct{}{ctx.Done(), wake1, wake2})()
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
