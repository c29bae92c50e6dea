package kinesisfake

import "sync/atomic"

// retainedCap is the Fake's cap on the data it retains (WithMaxRetainedBytes).
type retainedCap struct {
	max  int64         // 0: no cap
	held *atomic.Int64 // data and partition keys held by every shard; nil without a cap
}

// WithMaxRetainedBytes caps the data and partition keys all streams of the
// Fake retain together at n bytes, for a long-running server whose clients
// would otherwise fill its memory: a put that would take the Fake past the
// cap fails as a throttled write (ProvisionedThroughputExceededException,
// PutRecords per entry), as a shard over its write rate does, and the
// client's retries wait for retention to make room. Nothing acknowledged is
// ever dropped to make room. Records past retention, and the records of
// deleted streams, are given back before a put is refused. Concurrent puts
// may pass the cap by the records in flight. Zero, the default, sets no cap.
func WithMaxRetainedBytes(n int64) Option {
	return func(f *Fake) {
		f.retained.max = n
		if n > 0 && f.retained.held == nil {
			f.retained.held = new(atomic.Int64)
		}
	}
}

// roomFor reports whether size more bytes fit under the cap. With the cap
// reached it first gives back what is no longer retained. The caller holds
// f.mu for reading and no shard's lock.
func (f *Fake) roomFor(size int) bool {
	c := &f.retained
	if c.max <= 0 || c.held.Load()+int64(size) <= c.max {
		return true
	}
	f.giveBack()
	return c.held.Load()+int64(size) <= c.max
}

// giveBack trims every shard to its stream's retention, and empties the
// shards of streams whose deletion has completed (nobody can read them any
// more), so that the count of retained bytes is what is really kept. It
// locks one shard at a time. The caller holds f.mu for reading.
func (f *Fake) giveBack() {
	now := f.now()
	for _, s := range f.streams {
		if s.statusAt(now) == statusGone {
			s.release()
			continue
		}
		for _, sh := range s.shards {
			sh.mu.Lock()
			sh.buf.trimBefore(s.retentionCutoffMs(now))
			sh.mu.Unlock()
		}
	}
}

// release drops every record of a stream whose deletion has completed:
// nobody can read them any more, and their bytes no longer count against
// the cap. The caller holds f.mu.
func (s *stream) release() {
	for _, sh := range s.shards {
		sh.mu.Lock()
		sh.buf.trimBefore(sh.buf.lastArrivalMs() + 1)
		sh.mu.Unlock()
	}
}
