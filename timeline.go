package kinesisfake

import "time"

// timeline is the status of a consumer or channel as data, the way
// lifecycle.go keeps a stream's: a change records the status the resource
// shows now and the one it settles into at atMs, and every read computes the
// status at the clock's now. No timer ever fires. The zero value of S as the
// next status means the resource is gone once the change completes.
type timeline[S ~string] struct {
	status S
	atMs   int64 // when status gives way to next; 0 while nothing is pending
	next   S
}

// at is the status at now; the zero S once a deletion has completed.
func (t *timeline[S]) at(now time.Time) S {
	if t.atMs != 0 && msOf(now) >= t.atMs {
		return t.next
	}
	return t.status
}

// move shows status from now on and next after delay (at once when delay is
// not positive). A transition still pending is folded in first, so moves
// chain correctly. It returns when next takes over. The caller holds f.mu
// for writing.
func (t *timeline[S]) move(now time.Time, status, next S, delay time.Duration) time.Time {
	if t.atMs != 0 && msOf(now) >= t.atMs {
		t.status, t.atMs, t.next = t.next, 0, *new(S)
	}
	if delay <= 0 {
		t.status, t.atMs, t.next = next, 0, *new(S)
		return now
	}
	done := now.Add(delay)
	t.status, t.atMs, t.next = status, msOf(done), next
	return done
}
