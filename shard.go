package kinesisfake

import (
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

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
	// future, while the stream is UPDATING), once closing says one will: a
	// flag, not closedMs 0 for "never", as 0 is 1970-01-01, an instant
	// like any other (a clock may start there). createdMs, closing,
	// closedMs and children are written under the Fake's write lock.
	closing  bool
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

// append stores a record in sh and writes its sequence number into seq,
// unless the write limits refuse it (ok false) or the shard has closed
// since it was routed (closed true). The shard keeps a copy of the data, so
// the caller may reuse its buffer. It wakes the shard's waiting readers,
// unless the record is part of batch, which wakes them at its end. The
// caller holds f.mu for reading at least.
func (f *Fake) append(s *stream, sh *shard, data []byte, partitionKey string, now time.Time, seq *[seqLen]byte, batch *putBatch) (ok, closed bool) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if !f.takesPuts(s, sh, now) {
		return false, true
	}
	if !f.appendLocked(s, sh, data, partitionKey, msOf(now), seq) {
		return false, false
	}
	if batch == nil {
		sh.notify() // event streams waiting at the tip deliver it
	} else {
		batch.join(sh)
	}
	return true, false
}

// takesPuts reports whether sh, routed to at now, still takes records, and
// trims it to its retention first. The caller holds sh.mu.
func (f *Fake) takesPuts(s *stream, sh *shard, now time.Time) bool {
	if sh.closing && !sh.openAt(msOf(f.now())) {
		// A reader that saw the shard's end after it closed must not miss
		// this record: it goes to a child instead. Reading the clock under
		// the shard's lock orders this put after any such reader.
		return false
	}
	sh.buf.trimBefore(s.retentionCutoffMs(now))
	return true
}

// appendLocked is append once the shard takes puts (takesPuts): it stores
// the record within the write limits, and reports false if they refuse it.
// Arrival times never go backwards within a shard (a manual clock may be
// set back), so AT_TIMESTAMP can binary-search them. The caller holds
// sh.mu, and wakes the shard's readers.
func (f *Fake) appendLocked(s *stream, sh *shard, data []byte, partitionKey string, nowMs int64, seq *[seqLen]byte) bool {
	if !f.allowWrite(s, sh, nowMs, len(data)+len(partitionKey)) {
		return false
	}
	arrivalMs := max(nowMs, sh.buf.lastArrivalMs())
	offset := sh.buf.push(partitionKey, data, arrivalMs, s.encryption == types.EncryptionTypeKms)
	*seq = *sh.putSeq(offset, arrivalMs)
	return true
}

// putBatch is one PutRecords call's hold on the shards it writes: while it
// stores its entries, subscriptions of those shards wait (shard.batching),
// and when it ends they wake and see every record the call stored, in one
// event, as AWS delivers the records of one PutRecords (LocalStack's
// AWS-validated test_subscribe_to_shard: five records, one event).
// GetRecords is not held back: AWS documents nothing of the kind for it.
type putBatch struct {
	few  [4]*shard // the first shards, without allocating
	n    int       // how many of few are used
	more []*shard  // the shards after those
}

// join holds sh for the batch, once. The caller holds sh.mu.
func (b *putBatch) join(sh *shard) {
	if slices.Contains(b.few[:b.n], sh) || slices.Contains(b.more, sh) {
		return
	}
	sh.batching++
	if b.n < len(b.few) {
		b.few[b.n] = sh
		b.n++
		return
	}
	b.more = append(b.more, sh)
}

// end releases every shard the batch holds and wakes its readers. The
// caller holds f.mu for reading, as when the records were stored.
func (b *putBatch) end() {
	for _, sh := range append(b.few[:b.n:b.n], b.more...) {
		sh.mu.Lock()
		sh.batching--
		sh.notify()
		sh.mu.Unlock()
	}
}

// msOf is t in Unix milliseconds, the resolution at which the engine keeps
// times, within the range a record's packed arrival holds (record): about
// 4,460 years either side of 1970. A clock beyond it reads as its nearest
// end, so that time stands still there instead of wrapping around, which
// would age every record out at once.
func msOf(t time.Time) int64 { return min(max(t.UnixMilli(), minInstantMs), maxInstantMs) }

// The engine's earliest and latest instants: ±(2^47-1) ms around 1970.
const (
	maxInstantMs = 1<<47 - 1
	minInstantMs = -maxInstantMs
)

// timeOfMs is the inverse of msOf, in UTC so that outputs do not depend on
// the machine's time zone.
func timeOfMs(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// creationTime is a stream created at ms as StreamCreationTimestamp shows
// it: in whole seconds, the second that holds ms, as AWS reports it (every
// response on record carries whole seconds, such as 1.468346745E9 or
// 1569503664.0). The engine keeps the millisecond, which tells apart
// streams of one name made within a second.
func creationTime(ms int64) time.Time { return timeOfMs(wholeSecondMs(ms)) }

// createdIn reports whether t, a request's StreamCreationTimestamp, names a
// stream created at ms: whether it falls in the second creationTime shows.
// So the time reported, which boto3 sends back in whole seconds as it sends
// every timestamp, names the stream, and so does the instant of creation.
func createdIn(t time.Time, ms int64) bool { return wholeSecondMs(msOf(t)) == wholeSecondMs(ms) }

// wholeSecondMs is ms rounded down to a whole second, before 1970 too.
func wholeSecondMs(ms int64) int64 { return unixSecond(ms) * 1000 }

// unixSecond is the Unix second that holds ms: rounded down, before 1970
// too (Go's division rounds toward 0).
func unixSecond(ms int64) int64 {
	s := ms / 1000
	if ms < 0 && s*1000 != ms {
		s--
	}
	return s
}
