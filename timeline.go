package kinesisfake

import "time"

// timeline is the status of a stream, consumer or channel as data: a change
// records the status the resource shows now and the one it settles into at
// atMs, and every read computes the status at the clock's now. No timer
// ever fires. The zero value of S as the next status means the resource is
// gone once the change completes.
type timeline[S ~string] struct {
	status S
	// pending says a change to next at atMs is under way: a flag, not
	// atMs 0 for "none", as 0 is 1970-01-01, an instant like any other
	// (a clock may start a minute before it).
	pending bool
	atMs    int64
	next    S
}

// at is the status at now; the zero S once a deletion has completed.
func (t *timeline[S]) at(now time.Time) S {
	if t.pending && msOf(now) >= t.atMs {
		return t.next
	}
	return t.status
}

// settled reports whether no change is pending at now.
func (t *timeline[S]) settled(now time.Time) bool {
	return !t.pending || msOf(now) >= t.atMs
}

// settle folds a change that has completed at now into status, so that
// later changes start from the right place.
func (t *timeline[S]) settle(now time.Time) {
	if t.pending && msOf(now) >= t.atMs {
		t.status, t.pending, t.atMs, t.next = t.next, false, 0, *new(S)
	}
}

// move shows status from now on and next after delay (at once when delay is
// not positive). A transition still pending is folded in first, so moves
// chain correctly. It returns when next takes over. The caller holds f.mu
// for writing.
func (t *timeline[S]) move(now time.Time, status, next S, delay time.Duration) time.Time {
	t.settle(now)
	if delay <= 0 {
		t.status, t.pending, t.atMs, t.next = next, false, 0, *new(S)
		return now
	}
	done := now.Add(delay)
	t.status, t.pending, t.atMs, t.next = status, true, msOf(done), next
	return done
}
