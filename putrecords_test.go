package kinesisfake

import (
	"context"
	"fmt"
	"strings"
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

// TestPutRecordsByShardRoutesAgainWhenAShardCloses checks that entries
// routed to a shard that closes before the call takes its lock (its split
// completing as the clock moves on) go to the shard's children, as entries
// stored one by one do (Fake.store).
func TestPutRecordsByShardRoutesAgainWhenAShardCloses(t *testing.T) {
	f, clk := fakeAt(t, dpStart, WithStateDelays(StateDelays{Update: time.Second}))
	f.CreateStreamT(t, "s", 1)
	_, err := f.SplitShard(context.Background(), &kinesis.SplitShardInput{
		StreamName: aws.String("s"), ShardToSplit: aws.String(shard0), NewStartingHashKey: aws.String("170141183460469231731687303715884105728"),
	})
	require.NoError(t, err)
	routedAt := clk.Now() // the parent is still open
	clk.Advance(time.Second)

	entries := putEntries(20, 4, false)
	f.mu.RLock()
	s := f.streams["s"]
	scratch := &putScratch{}
	hashes := scratch.hashesFor(len(entries))
	for i, e := range entries {
		hashes[i] = hashKeyOf(*e.PartitionKey)
	}
	c := newPutCall(f, s, timeOfMs(msOf(routedAt)), entries, scratch)
	require.True(t, c.storeByShard())
	c.batch.end()
	f.mu.RUnlock()
	out := c.answer()

	assert.Zero(t, *out.FailedRecordCount)
	for i, r := range out.Records {
		assert.NotEqual(t, shard0, *r.ShardId, "entry %d went to the closed parent", i)
	}
	assert.Empty(t, f.Records("s", shard0))
	held := 0
	for _, sh := range shardIDsOf(t, f, "s") {
		held += len(f.Records("s", sh))
	}
	assert.Equal(t, len(entries), held)
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
