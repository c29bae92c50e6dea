package kinesisfake

import (
	"fmt"
	"math/bits"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// record is the index entry of one stored record: when it arrived, and
// where its partition key and data lie in the shard's byteLog. Its sequence
// number is not stored either: it is derived from the shard, the record's
// offset and its arrival (seqnum.go). Holding no pointers, 24 bytes a record, the
// index costs the garbage collector nothing however long it grows.
type record struct {
	arrivalMs int64  // ApproximateArrivalTimestamp, ms since the epoch
	chunk     uint32 // byteLog chunk holding the key, then the data
	off       uint32 // where the key starts in that chunk
	dataLen   uint32
	keyLen    uint16 // partition keys are at most 256 characters
	encrypted bool   // stored while the stream was KMS-encrypted
}

// size is what a record counts against GetRecords' response cap and the
// throughput limits: its data blob plus its partition key.
func (r *record) size() int { return int(r.dataLen) + int(r.keyLen) }

// shard is one shard of a stream: its identity and hash-key range, which are
// fixed once made (guarded by the Fake's lock for the closing fields), and
// its records, guarded by the shard's own mutex so consumers of different
// shards and producers never wait on each other.
type shard struct {
	index          int
	id             string
	keys           hashRange
	parent         string // ParentShardId, "" if none
	adjacentParent string // AdjacentParentShardId, "" if none
	createdMs      int64
	// seqCreated is the shard's creation as its sequence numbers carry it,
	// in seconds: from seqClock, unique within the Fake (seqnum.go).
	seqCreated int64
	// closedMs is when a split or merge closes the shard (possibly in the
	// future, while the stream is UPDATING); 0 while no close is planned.
	// createdMs, closedMs and children are written under the Fake's write
	// lock.
	closedMs int64
	children []int // shard numbers of the children, once closed
	// agedOut records that the shard passed retention before a retention
	// increase, which must not bring it back. Written under f.mu.
	agedOut bool

	mu  sync.Mutex
	buf ring
	tp  shardThroughput // read and write limits, guarded by mu
	// lastSeq formats the number of the newest record put, for the next
	// put to step from (putSeq). Guarded by mu.
	lastSeq seqRun
	// changed is closed, and forgotten, when the shard changes in a way an
	// event stream waiting on it must see: a record put, the shard closed,
	// its stream or consumer or key changed. nil while nobody waits on it.
	// Guarded by mu.
	changed chan struct{}
	// batching counts the PutRecords calls storing records here right now;
	// subscriptions wait until it is 0 (see putBatch). Guarded by mu.
	batching int
}

// changedChan returns a channel that is closed at the shard's next change
// (see notify). The caller holds sh.mu, so no change between its look at
// the shard and taking the channel is missed.
func (sh *shard) changedChan() <-chan struct{} {
	if sh.changed == nil {
		sh.changed = make(chan struct{})
	}
	return sh.changed
}

// notify wakes whoever waits for the shard to change. The caller holds
// sh.mu. It costs a nil check when nobody waits, so puts may call it
// always.
func (sh *shard) notify() {
	if sh.changed != nil {
		close(sh.changed)
		sh.changed = nil
	}
}

// wakeReaders wakes every event stream reading one of the stream's shards,
// so that each looks again at what changed (the stream deleted, a consumer
// deregistered, its KMS key's state). The caller holds f.mu.
func (s *stream) wakeReaders() {
	for _, sh := range s.shards {
		sh.mu.Lock()
		sh.notify()
		sh.mu.Unlock()
	}
}

// shardID is the ShardId of the shard numbered index, as AWS spells it:
// "shardId-" and the number padded to 12 digits.
func shardID(index int) string { return fmt.Sprintf("shardId-%012d", index) }

// ring is a growable ring buffer of records. Records are appended at the
// tail and dropped from the head as they age past retention; a record's
// offset (its position in the shard since creation, from 1) never changes.
type ring struct {
	recs  []record // capacity is a power of two, or zero
	head  int      // index in recs of the oldest record
	n     int      // number of records held
	first uint64   // offset of the oldest held record; next offset when empty
	log   byteLog  // the records' keys and data
	// held, when the Fake caps the data it retains (WithMaxRetainedBytes),
	// is the Fake's count of data and partition-key bytes held by every
	// ring; nil otherwise, so that puts share no counter they do not need.
	held *atomic.Int64
}

// newRing returns an empty ring whose first record will get offset 1,
// counting what it holds in held (if not nil).
func newRing(held *atomic.Int64) ring { return ring{first: 1, held: held} }

// nextOffset is the offset the next appended record gets.
func (r *ring) nextOffset() uint64 { return r.first + uint64(r.n) }

// at returns the record at offset off, which must be held.
func (r *ring) at(off uint64) *record {
	i := (r.head + int(off-r.first)) & (len(r.recs) - 1)
	return &r.recs[i]
}

// key and data return a held record's partition key and data, as the log's
// own memory: callers copy from them.
func (r *ring) key(rec *record) []byte {
	return r.log.span(rec.chunk, rec.off, int(rec.keyLen))
}

// data returns a held record's data blob; see key.
func (r *ring) data(rec *record) []byte {
	return r.log.span(rec.chunk, rec.off+uint32(rec.keyLen), int(rec.dataLen))
}

// push stores a copy of a record and returns its offset.
func (r *ring) push(key string, data []byte, arrivalMs int64, encrypted bool) uint64 {
	if r.n == len(r.recs) {
		r.resize(max(2*len(r.recs), 16))
	}
	chunk, off := r.log.add(key, data)
	r.recs[(r.head+r.n)&(len(r.recs)-1)] = record{
		arrivalMs: arrivalMs,
		chunk:     chunk,
		off:       off,
		dataLen:   uint32(len(data)),
		keyLen:    uint16(len(key)),
		encrypted: encrypted,
	}
	r.n++
	if r.held != nil {
		r.held.Add(int64(len(key) + len(data)))
	}
	return r.first + uint64(r.n) - 1
}

// trimBefore drops records that arrived before cutoffMs (Unix ms), and
// gives memory back: the log chunks that only dropped records used, and,
// when the buffer is mostly empty, the index too, in one step down to
// twice what is still held, because a shard that aged out all at once may
// not be touched again for a long time.
func (r *ring) trimBefore(cutoffMs int64) {
	trimmed, freed := false, 0
	for r.n > 0 && r.recs[r.head].arrivalMs < cutoffMs {
		freed += r.recs[r.head].size()
		r.head = (r.head + 1) & (len(r.recs) - 1)
		r.n--
		r.first++
		trimmed = true
	}
	if !trimmed {
		return
	}
	if r.held != nil {
		r.held.Add(-int64(freed))
	}
	if r.n == 0 {
		r.log.releaseAll()
	} else {
		r.log.releaseBefore(r.recs[r.head].chunk)
	}
	if len(r.recs) > 16 && r.n < len(r.recs)/4 {
		r.resize(max(16, 1<<bits.Len(uint(2*r.n))))
	}
}

// resize moves the held records, oldest first, into a new index of capacity
// entries, which must be a power of two no smaller than r.n.
func (r *ring) resize(capacity int) {
	recs := make([]record, capacity)
	for i := 0; i < r.n; i++ {
		recs[i] = r.recs[(r.head+i)&(len(r.recs)-1)]
	}
	r.recs, r.head = recs, 0
}

// firstAtOrAfter returns the offset of the first held record that arrived at
// or after ms, or nextOffset when none did. Arrival times never decrease
// within a shard, so this is a binary search.
func (r *ring) firstAtOrAfter(ms int64) uint64 {
	i := sort.Search(r.n, func(i int) bool {
		return r.recs[(r.head+i)&(len(r.recs)-1)].arrivalMs >= ms
	})
	return r.first + uint64(i)
}

// lastArrivalMs is the arrival time of the newest record, or 0 if none is
// held.
func (r *ring) lastArrivalMs() int64 {
	if r.n == 0 {
		return 0
	}
	return r.at(r.nextOffset() - 1).arrivalMs
}

// msOf is t in Unix milliseconds, the resolution at which the engine keeps
// times.
func msOf(t time.Time) int64 { return t.UnixMilli() }

// timeOfMs is the inverse of msOf, in UTC so that outputs do not depend on
// the machine's time zone.
func timeOfMs(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
