package kinesisfake

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// putEntries returns n entries of size bytes each, keyed so that they
// spread over every shard, with explicit hash keys if explicit.
func putEntries(n, size int, explicit bool) []types.PutRecordsRequestEntry {
	entries := make([]types.PutRecordsRequestEntry, n)
	for i := range entries {
		entries[i] = types.PutRecordsRequestEntry{
			PartitionKey: aws.String(fmt.Sprintf("key-%d", i%37)),
			Data:         []byte(strings.Repeat(string(rune('a'+i%26)), size)),
		}
		if explicit {
			// Hash keys from the top of the range down, out of order.
			entries[i].ExplicitHashKey = aws.String(fmt.Sprintf("%d", (uint64(n-i)*7919)%1000*340282366920938463))
		}
	}
	return entries
}

// TestPutRecordsByShardAnswersAsOneByOne checks that storing a PutRecords
// call shard by shard (putCall.storeByShard) gives the answers and stores
// the records that storing it entry by entry, in request order, gives:
// the same shards, sequence numbers, failures over the write limits, and
// the same records in each shard, in the same order. A PutRecords entry
// fault aimed at a key no entry has makes the second Fake store entry by
// entry without failing any.
func TestPutRecordsByShardAnswersAsOneByOne(t *testing.T) {
	cases := []struct {
		name    string
		shards  int
		limits  bool // AWS's write limits: 1,000 records and 1 MiB a second per shard
		entries []types.PutRecordsRequestEntry
	}{
		{"4 shards", 4, false, putEntries(500, 16, false)},
		{"explicit hash keys", 5, false, putEntries(300, 8, true)},
		{"over the shards' byte limits", 2, true, putEntries(500, 3000, false)},
		{"over the shards' record limits", 1, true, putEntries(500, 1, false)},
		{"more shards than groups", maxPutGroups + 3, false, putEntries(500, 16, false)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			run := func(oneByOne bool) ([]*kinesis.PutRecordsOutput, map[string][]heldRecord) {
				opts := []Option{}
				if tc.limits {
					opts = append(opts, withDefaultLimits())
				}
				f, clk := fakeAt(t, dpStart, opts...)
				f.CreateStreamT(t, "s", tc.shards)
				if oneByOne {
					f.InjectFault(Fault{Op: OpPutRecords, PartitionKey: "no entry has this key", Err: ErrInternalFailure})
				}
				in := &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: tc.entries}
				var outs []*kinesis.PutRecordsOutput
				for range 3 {
					out, err := f.PutRecords(context.Background(), in)
					require.NoError(t, err)
					outs = append(outs, out)
					clk.Advance(100 * time.Millisecond)
				}
				held := map[string][]heldRecord{}
				for _, sh := range shardIDsOf(t, f, "s") {
					for _, r := range f.Records("s", sh) {
						held[sh] = append(held[sh], heldRecord{*r.SequenceNumber, *r.PartitionKey, string(r.Data), *r.ApproximateArrivalTimestamp})
					}
				}
				return outs, held
			}
			byShard, heldByShard := run(false)
			oneByOne, heldOneByOne := run(true)
			assert.Empty(t, cmp.Diff(oneByOne, byShard, sdkCmp))
			assert.Empty(t, cmp.Diff(heldOneByOne, heldByShard))
			if tc.limits {
				assert.NotZero(t, *byShard[len(byShard)-1].FailedRecordCount, "the case is meant to go over a limit")
			}
		})
	}
}

// heldRecord is a stored record as TestPutRecordsByShardAnswersAsOneByOne
// compares them: cmp walks strings faster than byte slices.
type heldRecord struct {
	Seq, Key, Data string
	Arrival        time.Time
}

// alternatingEntries are n entries whose explicit hash keys alternate
// between the lower and the upper half of the key space (shards 0 and 1 of
// a two-shard stream), with data "0", "1", ...
func alternatingEntries(n int) []types.PutRecordsRequestEntry {
	entries := make([]types.PutRecordsRequestEntry, n)
	for i := range entries {
		key := lowKey
		if i%2 == 1 {
			key = "300000000000000000000000000000000000000"
		}
		entries[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String(fmt.Sprint("k", i)), ExplicitHashKey: aws.String(key), Data: []byte(fmt.Sprint(i))}
	}
	return entries
}

// flipClock reads before until it has been read reads more times, then
// after: a reshard that completes in the middle of a call.
type flipClock struct {
	mu            sync.Mutex
	before, after time.Time
	reads         int
}

// Now returns before, or after once the reads are used up.
func (c *flipClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.reads == 0 {
		return c.after
	}
	c.reads--
	return c.before
}

// flipAfter makes the clock read after from its next reads+1'th read on.
func (c *flipClock) flipAfter(reads int, after time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads, c.after = reads, after
}

// TestPutRecordsDuringAMerge: a merge that completes while a PutRecords
// stores its entries (entries routed to the parents, which have closed
// when their locks are taken) gives the child every entry in request
// order, and throttles the same entries as one by one; the call does not
// go shard by shard while a reshard is under way. Direct door only: the
// clock moves at a chosen count of its own reads within the call, and the
// other doors read it a different number of times on the way.
func TestPutRecordsDuringAMerge(t *testing.T) { putRecordsDuringAMerge(t, dpStart) }

// putRecordsDuringAMerge is TestPutRecordsDuringAMerge with the call at
// start, the merge completing a second later.
func putRecordsDuringAMerge(t *testing.T, start time.Time) {
	for _, limit := range []int{0, 3} {
		t.Run(fmt.Sprint("records a second ", limit), func(t *testing.T) {
			clk := &flipClock{before: start, reads: -1}
			opts := []Option{WithClock(clk), WithStateDelays(StateDelays{Update: time.Second}), WithoutThroughputLimits()}
			if limit > 0 {
				opts = append(opts, WithLimits(func(l *Limits) { l.WriteRecordsPerSecond = limit }))
			}
			f := New(opts...)
			f.CreateStreamT(t, "s", 2)
			_, err := f.MergeShards(context.Background(), &kinesis.MergeShardsInput{
				StreamName: aws.String("s"), ShardToMerge: aws.String(shard0), AdjacentShardToMerge: aws.String(shard1)})
			require.NoError(t, err)
			// The call log's read and putRecords' read see the parents
			// open; every read after, the merge done.
			clk.flipAfter(2, start.Add(time.Second))
			out, err := f.PutRecords(context.Background(), &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: alternatingEntries(6)})
			require.NoError(t, err)

			var failed []int
			for i, r := range out.Records {
				if r.ErrorCode != nil {
					failed = append(failed, i)
				} else {
					assert.Equal(t, shardID(2), *r.ShardId, "entry %d", i)
				}
			}
			var child []string
			for _, r := range f.Records("s", shardID(2)) {
				child = append(child, string(r.Data))
			}
			if limit == 0 {
				assert.Empty(t, failed)
				assert.Equal(t, []string{"0", "1", "2", "3", "4", "5"}, child)
			} else {
				assert.Equal(t, []int{3, 4, 5}, failed, "the first three in request order take the child's budget")
				assert.Equal(t, []string{"0", "1", "2"}, child)
			}
		})
	}

	// The decision itself, with the call's instant before the merge's end.
	clk := NewManualClock(start)
	f := New(WithClock(clk), WithoutThroughputLimits(), WithStateDelays(StateDelays{Update: time.Second}))
	f.CreateStreamT(t, "s", 2)
	_, err := f.MergeShards(context.Background(), &kinesis.MergeShardsInput{
		StreamName: aws.String("s"), ShardToMerge: aws.String(shard0), AdjacentShardToMerge: aws.String(shard1)})
	require.NoError(t, err)
	assert.False(t, storesByShard(t, f, "s", start, alternatingEntries(4)), "shard by shard while a merge is under way")
}

// storesByShard runs the shard-by-shard path of a PutRecords of entries
// into stream at now (as putRecords would, once the checks passed) and
// reports whether it took the call; if it did, the entries are stored.
func storesByShard(t *testing.T, f *Fake, stream string, now time.Time, entries []types.PutRecordsRequestEntry) bool {
	t.Helper()
	f.mu.RLock()
	defer f.mu.RUnlock()
	s := f.streams[stream]
	scratch := &putScratch{}
	hashes := scratch.hashesFor(len(entries))
	for i, e := range entries {
		_, k, err := s.recordKey(e.PartitionKey, e.ExplicitHashKey, func() string { return "" })
		require.NoError(t, err)
		hashes[i] = k
	}
	c := newPutCall(f, s, now, entries, scratch)
	defer c.batch.end()
	return c.storeByShard()
}

// TestPutRecordsGoesShardByShard: the shard-by-shard path takes a call to
// a few shards of a provisioned stream, and leaves to the one-by-one path
// what it must not take (TestPutRecordsByShardAnswersAsOneByOne holds the
// two to the same answers).
func TestPutRecordsGoesShardByShard(t *testing.T) {
	f, _ := fakeAt(t, dpStart)
	f.CreateStreamT(t, "few", 4)
	f.CreateStreamT(t, "many", maxPutGroups+3)
	assert.True(t, storesByShard(t, f, "few", dpStart, putEntries(500, 16, false)))
	assert.False(t, storesByShard(t, f, "many", dpStart, putEntries(500, 16, false)), "more shards than groups")
}

// TestOnDemandPutRecordsOverTheStreamLimit: an on-demand stream's write
// budget is the stream's, so a PutRecords over it fails its last entries
// in request order, whichever shards they go to.
func TestOnDemandPutRecordsOverTheStreamLimit(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newHarnessAt(t, dpStart, door, WithLimits(func(l *Limits) { l.OnDemandWriteRecordsPerSecond = 3 }))
		_, err := h.api.CreateStream(h.ctx, &kinesis.CreateStreamInput{StreamName: aws.String("od"), StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand}})
		require.NoError(t, err)
		out, err := h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("od"), Records: alternatingEntries(6)})
		require.NoError(t, err)
		var failed []int
		shards := map[string]bool{}
		for i, r := range out.Records {
			if r.ErrorCode != nil {
				failed = append(failed, i)
			} else {
				shards[*r.ShardId] = true
			}
		}
		assert.Equal(t, []int{3, 4, 5}, failed)
		assert.Len(t, shards, 2, "the stored entries went to two shards")
	})
}

// TestPutRecordsTrimsAsItStores: a stream fed only by PutRecords lets go
// of what has aged past retention as it stores, as PutRecord does, without
// a read to trim it.
func TestPutRecordsTrimsAsItStores(t *testing.T) {
	h := newDP(t)
	h.f.CreateStreamT(t, "s", 1)
	in := &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: putEntries(500, 16, false)}
	for range 10 {
		_, err := h.api.PutRecords(h.ctx, in)
		require.NoError(t, err)
	}
	h.clk.Advance(25 * time.Hour)
	_, err := h.api.PutRecords(h.ctx, in)
	require.NoError(t, err)
	sh := h.live("s").shards[0]
	sh.mu.Lock()
	defer sh.mu.Unlock()
	assert.Equal(t, 500, sh.buf.n, "only the last call's records")
}

// shardIDsOf lists the ids of every shard of stream, open or closed.
func shardIDsOf(t *testing.T, f *Fake, stream string) []string {
	t.Helper()
	out, err := f.ListShards(context.Background(), &kinesis.ListShardsInput{StreamName: &stream})
	require.NoError(t, err)
	var ids []string
	for _, sh := range out.Shards {
		ids = append(ids, *sh.ShardId)
	}
	return ids
}

// TestThrottledPutRecordsWakesNobody: a PutRecords whose every entry for a
// shard is over the shard's write limit stores nothing there, and wakes no
// subscriber of the shard (ManualClock.Waiters still counts it waiting),
// as entry by entry it would not.
func TestThrottledPutRecordsWakesNobody(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		_, app := efoFixture(h)
		sub := h.subscribe(app, shardID(0), from(types.ShardIteratorTypeLatest))
		h.awaitWaiters(1)
		h.putAt("s", lowKey, "a") // the second's budget
		assert.Equal(t, []string{"a"}, dataOf(sub.records().Records))
		h.awaitWaiters(1)

		entries := []types.PutRecordsRequestEntry{{PartitionKey: aws.String("k"), ExplicitHashKey: aws.String(lowKey), Data: []byte("b")}}
		out, err := h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: entries})
		require.NoError(t, err)
		require.Equal(t, int32(1), *out.FailedRecordCount)
		assert.Equal(t, 1, h.clk.Waiters(), "the subscriber still waits: nothing woke it")
	}, WithLimits(func(l *Limits) { l.WriteRecordsPerSecond = 1 }))
}
