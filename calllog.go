package kinesisfake

import (
	"sync"
	"time"
)

// Call is one operation call as the Fake saw it, for tests that assert
// retries and back-off.
type Call struct {
	Op    string    // operation name, e.g. OpGetRecords
	Input any       // the *kinesis.XxxInput the call was made with (not copied)
	Err   error     // the error returned, nil on success
	Time  time.Time // the Fake's clock when the call arrived
}

// defaultCallLogSize is how many calls the log keeps before it drops the
// oldest; counts are kept for every call regardless.
const defaultCallLogSize = 10000

// callLog keeps the most recent calls in a ring and counts every call.
type callLog struct {
	mu     sync.Mutex
	calls  []Call
	next   int // index in calls where the next call goes once full
	limit  int
	counts map[string]*int // by operation
	// lastOp is the operation counted last and lastCount its count, so
	// that a run of calls of one operation, the common case, counts
	// without a map lookup.
	lastOp    string
	lastCount *int
}

// WithCallLogSize sets how many calls Calls remembers (the newest are kept;
// the default is 10000). Counts are unaffected. Zero keeps no calls, only
// counts.
func WithCallLogSize(n int) Option {
	return func(f *Fake) { f.log.limit = n }
}

// record counts c and keeps it, overwriting the oldest call once the log
// holds limit calls.
func (l *callLog) record(c Call) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if c.Op != l.lastOp || l.lastCount == nil {
		if l.counts == nil {
			l.counts = make(map[string]*int)
		}
		n := l.counts[c.Op]
		if n == nil {
			n = new(int)
			l.counts[c.Op] = n
		}
		l.lastOp, l.lastCount = c.Op, n
	}
	*l.lastCount++
	switch {
	case l.limit <= 0:
	case len(l.calls) < l.limit:
		l.calls = append(l.calls, c)
	default:
		l.calls[l.next] = c
		l.next = (l.next + 1) % l.limit
	}
}

// Calls returns the calls of operation op (an Op constant), oldest first,
// or every call when op is "". Only the most recent calls are kept (see
// WithCallLogSize). It panics on a name that is no operation.
func (f *Fake) Calls(op string) []Call {
	checkOperation("Calls", op)
	l := &f.log
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []Call
	for i := range l.calls {
		c := l.calls[(l.next+i)%len(l.calls)]
		if op == "" || c.Op == op {
			out = append(out, c)
		}
	}
	return out
}

// CallCount returns how many times operation op (an Op constant) was
// called, or how many calls were made in all when op is "". It panics on a
// name that is no operation.
func (f *Fake) CallCount(op string) int {
	checkOperation("CallCount", op)
	l := &f.log
	l.mu.Lock()
	defer l.mu.Unlock()
	if op != "" {
		if n := l.counts[op]; n != nil {
			return *n
		}
		return 0
	}
	n := 0
	for _, c := range l.counts {
		n += *c
	}
	return n
}

// ResetCalls forgets every call logged and counted so far.
func (f *Fake) ResetCalls() {
	l := &f.log
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls, l.next, l.counts, l.lastOp, l.lastCount = nil, 0, nil, "", nil
}
