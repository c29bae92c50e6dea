package kinesisfake

import (
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Helpers shared by the stream settings changes (encryption, capacity mode,
// maximum record size, warm throughput, enhanced monitoring): finding a
// stream that may change now, and AWS's per-stream rolling 24-hour limits.

// rollingDay is the window of the limits AWS states "in a rolling 24-hour
// period".
const rollingDay = 24 * time.Hour

// activeStream finds the stream a settings change names and checks that it
// is ACTIVE: AWS documents ResourceInUseException ("the resource must be in
// the ACTIVE state") for each of these changes, so one cannot start while
// the stream is CREATING, DELETING or still UPDATING from an earlier change.
// The caller holds f.mu.
func (f *Fake) activeStream(ref streamRef, now time.Time) (*stream, error) {
	s, err := f.lookupStream(ref)
	if err != nil {
		return nil, err
	}
	if err := f.requireActive(s, now, false); err != nil {
		return nil, err
	}
	return s, nil
}

// usableStream finds a stream that is ACTIVE or UPDATING at now: the
// states in which reads, listings and consumer changes go on. The caller
// holds f.mu.
func (f *Fake) usableStream(ref streamRef, now time.Time) (*stream, error) {
	s, err := f.lookupStream(ref)
	if err != nil {
		return nil, err
	}
	if err := f.requireActive(s, now, true); err != nil {
		return nil, err
	}
	return s, nil
}

// requireActive fails with AWS's ResourceInUseException unless the stream
// is ACTIVE at now (or UPDATING, where orUpdating: reads and consumer
// changes go on while a stream updates).
func (f *Fake) requireActive(s *stream, now time.Time, orUpdating bool) error {
	st := s.statusAt(now)
	if st == types.StreamStatusActive || (orUpdating && st == types.StreamStatusUpdating) {
		return nil
	}
	return f.streamNotActive(s.name, st)
}

// streamNotActive is AWS's text for a stream in the wrong state.
func (f *Fake) streamNotActive(name string, st types.StreamStatus) error {
	return resourceInUse("Stream %s under account %s not ACTIVE, instead in state %s", name, f.account, st)
}

// recentCalls returns the calls of history (Unix ms of earlier successful
// calls) that still count against a rolling 24-hour limit at now: those
// made less than 24 hours ago. A call exactly 24 hours old no longer
// counts. Calls "in the future" (a ManualClock set back) keep counting. The
// result reuses history's array, so the caller stores it back.
func recentCalls(history []int64, now time.Time) []int64 {
	cutoff := msOf(now) - rollingDay.Milliseconds()
	return slices.DeleteFunc(history, func(ms int64) bool { return ms <= cutoff })
}

// streamRateExceeded is the LimitExceededException AWS gives when a stream
// has used up a per-stream limit on a control-plane change.
func (f *Fake) streamRateExceeded(s *stream) error {
	return f.rateError(s.name)
}
