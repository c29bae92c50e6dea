package kinesisfake

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// StateDelays sets how long a stream stays in each transitional state
// before it settles. The zero value, the default, makes every change take
// effect at once, so simple tests need no waiting; with delays and a
// ManualClock a test sees each state deterministically.
type StateDelays struct {
	// Create is how long a new stream (or channel) stays CREATING before it
	// is ACTIVE.
	Create time.Duration
	// Update is how long a stream stays UPDATING after a split, merge,
	// shard-count, mode or encryption change before it is ACTIVE again.
	// The change itself (shards closing, children opening) takes effect at
	// the end of the delay.
	Update time.Duration
	// Delete is how long a deleted stream stays DELETING before it is gone,
	// and likewise a deregistered consumer or a deleted channel.
	Delete time.Duration
	// Consumer is how long a newly registered enhanced fan-out consumer
	// stays CREATING before it is ACTIVE and can subscribe.
	// RegisterStreamConsumer reports it CREATING whatever the delay, as AWS
	// always does; with no delay it is ACTIVE from the next call on.
	Consumer time.Duration
}

// WithStateDelays sets the durations of CREATING, UPDATING and DELETING.
func WithStateDelays(d StateDelays) Option {
	return func(f *Fake) { f.delays = d }
}

// A stream's status is data, not a timer (timeline.go): a change records
// the status it moves to and when, and every read computes the status at
// the clock's now. statusGone as the next status means the stream
// disappears.
const statusGone types.StreamStatus = ""

// statusAt is the stream's status at now; statusGone once a deletion has
// finished.
func (s *stream) statusAt(now time.Time) types.StreamStatus { return s.life.at(now) }

// settled reports whether no transition is pending at now.
func (s *stream) settled(now time.Time) bool { return s.life.settled(now) }

// transition moves the stream to status now and to next after delay (at
// once when delay is zero), folding in a transition that has completed
// first. It returns the time the change completes. The caller holds f.mu
// for writing.
func (s *stream) transition(now time.Time, status, next types.StreamStatus, delay time.Duration) time.Time {
	return s.life.move(now, status, next, delay)
}

// liveStream returns the stream of that name unless it does not exist or
// its deletion has finished at now. The caller holds f.mu.
func (f *Fake) liveStream(name string, now time.Time) *stream {
	s := f.streams[name]
	if s == nil || s.statusAt(now) == statusGone {
		return nil
	}
	return s
}

// A shard's life is also data: it exists from createdMs (children of a
// reshard made during UPDATING start in the future) and is open until
// closedMs.

// existsAt reports whether the shard has been created at nowMs.
func (sh *shard) existsAt(nowMs int64) bool { return sh.createdMs <= nowMs }

// openAt reports whether the shard takes records at nowMs.
func (sh *shard) openAt(nowMs int64) bool {
	return sh.createdMs <= nowMs && (!sh.closing || nowMs < sh.closedMs)
}

// closedAt reports whether the shard has been closed by a reshard at nowMs.
func (sh *shard) closedAt(nowMs int64) bool { return sh.closing && sh.closedMs <= nowMs }

// showsShards reports whether DescribeStream lists the stream's shards at
// now: not while it is CREATING, as with AWS, nor while it is DELETING
// after a deletion that began while it was CREATING or UPDATING, which on
// AWS lists none (kinesalite's suite against production: a stream deleted
// while being created describes as DELETING with Shards []).
func (s *stream) showsShards(now time.Time) bool {
	switch s.statusAt(now) {
	case types.StreamStatusCreating:
		return false
	case types.StreamStatusDeleting:
		return !s.deletedUnsettled
	}
	return true
}
