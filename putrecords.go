package kinesisfake

import (
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// putCall is a PutRecords call storing its entries, once the request has
// passed its checks, and the answer it builds. A call allocates a fixed
// number of objects whatever its length: the results, the strings their
// pointers point to (the shard ids, then the sequence numbers) in one
// slice, and the numbers' digits in one buffer, which each stored record's
// number is written into. Entries fail one by one, over a shard's write
// limit or by an injected fault, and the rest still succeed.
type putCall struct {
	f       *Fake
	s       *stream
	now     time.Time
	entries []types.PutRecordsRequestEntry
	scratch *putScratch // the entries' hash keys, worked out by the checks
	res     *putRecordsResult
	results []types.PutRecordsResultEntry
	strs    []string // the results' shard ids, then their sequence numbers
	digits  []byte   // the sequence numbers, seqLen digits an entry
	batch   putBatch
}

// newPutCall returns the call storing entries into s at now, routed by the
// hash keys in scratch.
func newPutCall(f *Fake, s *stream, now time.Time, entries []types.PutRecordsRequestEntry, scratch *putScratch) *putCall {
	n := len(entries)
	res := &putRecordsResult{}
	return &putCall{
		f: f, s: s, now: now, entries: entries, scratch: scratch, res: res,
		results: make([]types.PutRecordsResultEntry, n),
		strs:    make([]string, 2*n),
		digits:  make([]byte, n*seqLen),
	}
}

// answer is the call's response.
func (c *putCall) answer() *kinesis.PutRecordsOutput {
	c.res.out = kinesis.PutRecordsOutput{
		Records:           c.results,
		FailedRecordCount: &c.res.failed,
		EncryptionType:    c.s.putEncryption(),
	}
	return &c.res.out
}

// storeEach stores the entries one at a time, in order, each routed and
// stored on its own (Fake.store), failing those an injected entry fault
// picks (faults, if not nil).
func (c *putCall) storeEach(faults []*FaultHandle) {
	for i := range c.entries {
		e := &c.entries[i]
		partitionKey := aws.ToString(e.PartitionKey) // as recordKey took it
		if faults != nil {
			shard := c.s.peekShard(c.scratch.hashes[i], c.now)
			if fault := fireEntryFault(faults, c.s.name, shard, partitionKey); fault != nil {
				c.fail(i, fault, shard)
				continue
			}
		}
		sh, ok := c.f.store(c.s, c.scratch.hashes[i], e.Data, partitionKey, c.now, c.seq(i), &c.batch)
		if !ok {
			c.fail(i, ErrProvisionedThroughputExceeded, sh.id)
			continue
		}
		c.stored(i, sh)
	}
}

// maxPutGroups is the most shards a call stores shard by shard
// (storeByShard): finding each shard's entries is a pass over the call.
const maxPutGroups = 8

// storeByShard stores the entries shard by shard, taking each shard's lock
// once for all of its entries, in their order, rather than once an entry:
// on a stream of 4 shards that takes an eighth off the call's CPU time
// (BenchmarkPutRecords500/steady), each entry's turn at its shard (the
// lock, the trim, the closed check, writes to memory another shard's entry
// had just moved away from) done once a shard. It does so only where
// the order in which shards take their entries changes no answer: on a
// stream routed by hash key whose write limits are per shard
// (provisioned), with no cap on the Fake's retained data (one budget for
// every shard) and no entry faults (counted in entry order), when the call
// writes at most maxPutGroups shards, and when none of them is to close: a
// shard whose reshard completes during the call (the clock moving on) has
// its entries routed again, to a child, and a merge's child must get the
// entries of both its parents in request order, as entry by entry it does.
// No shard gets a close while the call holds f.mu (a reshard takes it for
// writing). It reports false, having stored nothing, when it does not.
func (c *putCall) storeByShard() bool {
	s := c.s
	if s.mode == types.StreamModeOnDemand || s.distribution == types.RecordDistributionStrategyAuto || c.f.retained.max > 0 {
		return false
	}
	var shards [maxPutGroups]*shard
	groups, group := 0, c.scratch.groupsFor(len(c.entries))
	nowMs := msOf(c.now)
	index := s.routesAt(nowMs)
	for i, k := range c.scratch.hashes {
		sh := index.lookup(k, nowMs)
		if sh == nil {
			if sh = s.route(k, c.now); sh == nil {
				return false // a clock set back before the newest shards: see store
			}
		}
		if sh.closing {
			return false // a reshard under way
		}
		g := 0
		for g < groups && shards[g] != sh {
			g++
		}
		if g == groups {
			if groups == maxPutGroups {
				return false
			}
			shards[g] = sh
			groups++
		}
		group[i] = uint8(g)
	}
	for g, sh := range shards[:groups] {
		c.storeShard(sh, group, uint8(g))
	}
	return true
}

// storeShard stores into sh, open for the whole call (storeByShard), the
// entries of group g, in order, under one hold of the shard's lock.
func (c *putCall) storeShard(sh *shard, group []uint8, g uint8) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.buf.trimBefore(c.s.retentionCutoffMs(c.now))
	nowMs := msOf(c.now)
	stored := false
	for i, in := range group {
		if in != g {
			continue
		}
		e := &c.entries[i]
		if !c.f.appendLocked(c.s, sh, e.Data, aws.ToString(e.PartitionKey), nowMs, c.seq(i)) {
			c.fail(i, ErrProvisionedThroughputExceeded, sh.id)
			continue
		}
		c.stored(i, sh)
		stored = true
	}
	if stored { // as append joins: a shard that took nothing wakes nobody
		c.batch.join(sh)
	}
}

// seq is where entry i's sequence number is written.
func (c *putCall) seq(i int) *[seqLen]byte { return (*[seqLen]byte)(c.digits[i*seqLen:]) }

// stored fills in the result of entry i, stored in sh.
func (c *putCall) stored(i int, sh *shard) {
	n := len(c.results)
	c.strs[i], c.strs[n+i] = sh.id, frozenString(c.seq(i)[:]) // the digits are not written again
	c.results[i].ShardId, c.results[i].SequenceNumber = &c.strs[i], &c.strs[n+i]
}

// fail marks entry i as failed by fault, as shard refused it.
func (c *putCall) fail(i int, fault *FaultError, shard string) {
	c.f.failEntry(&c.results[i], fault, c.s.name, shard)
	c.res.failed++
}

// putRecordsResult is a PutRecords response together with what its
// FailedRecordCount points to.
type putRecordsResult struct {
	out    kinesis.PutRecordsOutput
	failed int32
}

// putScratch is a PutRecords call's working memory, which no caller sees:
// the entries' hash keys, worked out while the request is checked, before
// any entry is stored, and routed by afterwards; and which shard group each
// entry is in (storeByShard). Reusing it spares a 500-entry call 8.5 KB of
// fresh memory, the cost of which is much of a put's: see
// BenchmarkPutRecords500.
type putScratch struct {
	hashes []hashKey
	groups []uint8
}

// putScratchPool holds the putScratch of calls that have ended.
var putScratchPool = sync.Pool{New: func() any { return new(putScratch) }}

// hashesFor returns the hash keys of a call of n entries, to be filled in.
func (p *putScratch) hashesFor(n int) []hashKey { return sized(&p.hashes, n) }

// groupsFor returns the shard groups of a call of n entries, to be filled
// in.
func (p *putScratch) groupsFor(n int) []uint8 { return sized(&p.groups, n) }

// sized makes *buf n long, reusing its memory when it is large enough; the
// contents are whatever they were.
func sized[T any](buf *[]T, n int) []T {
	if cap(*buf) < n {
		*buf = make([]T, n)
	}
	*buf = (*buf)[:n]
	return *buf
}

// failEntry marks a PutRecords entry as failed, with the error code and
// message AWS gives for it: throttled or an internal failure.
func (f *Fake) failEntry(e *types.PutRecordsResultEntry, fault *FaultError, stream, shard string) {
	if fault == ErrInternalFailure {
		e.ErrorCode, e.ErrorMessage = ptr("InternalFailure"), ptr(internalFailureText)
		return
	}
	e.ErrorCode, e.ErrorMessage = ptr(fault.Code()), ptr(f.writeThrottleText(stream, shard))
}
