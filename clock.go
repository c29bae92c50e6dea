package kinesisfake

import (
	"sync"
	"time"
)

// Clock is the source of time for a Fake. Every time-dependent fact the fake
// reports (iterator age, retention, stream status, throughput windows,
// MillisBehindLatest) is computed from Clock.Now when it is read, so a test
// that controls the clock controls all of them. The Fake calls Now while
// holding its locks, so Now must not call the Fake.
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
// concurrent use.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
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
	c.mu.Unlock()
}

// Set moves the clock to t.
func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t
	c.mu.Unlock()
}
