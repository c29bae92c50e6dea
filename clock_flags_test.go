package kinesisfake

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Changes that take effect at exactly 1970-01-01T00:00:00Z, the engine's
// instant 0, behave as at any other instant: whatever "is pending", "is
// closing" or "is blocked" is a flag, never an instant of 0 standing for
// "none" (see before1970_test.go).

// TestTimelineChangeDueAtTheEpoch: a change that completes at the epoch
// is pending until then and folds in there, as TestStatusTransitions
// expects of one at any other instant.
func TestTimelineChangeDueAtTheEpoch(t *testing.T) {
	var life timeline[types.StreamStatus]
	start := epoch.Add(-10 * time.Second)
	assert.Equal(t, epoch, life.move(start, types.StreamStatusCreating, types.StreamStatusActive, 10*time.Second))
	assert.False(t, life.settled(epoch.Add(-time.Millisecond)))
	assert.Equal(t, types.StreamStatusCreating, life.at(epoch.Add(-time.Millisecond)))
	assert.True(t, life.settled(epoch))
	assert.Equal(t, types.StreamStatusActive, life.at(epoch))

	life.settle(epoch.Add(-time.Millisecond)) // not yet complete: no change
	assert.Equal(t, types.StreamStatusCreating, life.status)
	assert.True(t, life.pending)
	life.settle(epoch)
	assert.Equal(t, types.StreamStatusActive, life.status)
	assert.False(t, life.pending)
}

// TestShardsClosedAtTheEpoch: shards a split or merge closed at the epoch
// itself (no Update delay, the clock at 1970-01-01T00:00:00Z) are closed
// from then on, as at any other time: neither can be split or merged
// again, with AWS's text, and ListShards' AT_TIMESTAMP filter (the shards
// open at the timestamp, a shard closed exactly then counting) lists them
// at the epoch and not a millisecond later.
func TestShardsClosedAtTheEpoch(t *testing.T) {
	closed := func(id string) string {
		return "Shard " + id + " in stream s under account " + rsAccount + " has already been merged or split, and thus is not eligible for merging or splitting."
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		h := &rs{newHarnessAt(t, epoch, door)}
		h.f.CreateStreamT(t, "s", 1)
		require.NoError(t, h.split(shardID(0), rsMidKey))
		rsCheckErr[*types.InvalidArgumentException](t, h.split(shardID(0), rsMidKey), "SplitShard", closed(shardID(0)))
		require.NoError(t, h.merge(shardID(1), shardID(2)))
		rsCheckErr[*types.InvalidArgumentException](t, h.merge(shardID(1), shardID(2)), "MergeShards", closed(shardID(1)))

		h.clk.Advance(time.Second)
		atTimestamp := func(ts time.Time) []string {
			out, err := h.api.ListShards(h.ctx, &kinesis.ListShardsInput{StreamName: aws.String("s"),
				ShardFilter: &types.ShardFilter{Type: types.ShardFilterTypeAtTimestamp, Timestamp: &ts}})
			require.NoError(t, err)
			return ctlShardIDs(out.Shards)
		}
		assert.Equal(t, ctlIDs(0, 1, 2, 3), atTimestamp(epoch), "at the epoch, closed there")
		assert.Equal(t, ctlIDs(3), atTimestamp(epoch.Add(time.Millisecond)), "a millisecond later")
	})
}

// TestSubscriptionWhileTheStreamIsUpdatingUntilTheEpoch is
// TestSubscriptionWhileTheStreamIsUpdating with the split completing at
// the epoch: the shard's end comes then, with its children.
func TestSubscriptionWhileTheStreamIsUpdatingUntilTheEpoch(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		subscriptionWhileTheStreamIsUpdating(t, newHarnessAt(t, epoch.Add(-10*time.Second), door, WithStateDelays(StateDelays{Update: 10 * time.Second})))
	})
}

// TestPutRecordsDuringAMergeEndingAtTheEpoch is TestPutRecordsDuringAMerge
// with the merge completing at the epoch.
func TestPutRecordsDuringAMergeEndingAtTheEpoch(t *testing.T) {
	putRecordsDuringAMerge(t, epoch.Add(-time.Second))
}

// TestReadPenaltyBefore1970: a 10 MiB GetRecords response blocks the
// shard's reads for 5 s (2 MiB a second, AWS's GetRecords documentation)
// before 1970 as at any other time: from year 1, and up to exactly the
// epoch.
func TestReadPenaltyBefore1970(t *testing.T) {
	const mib = 1 << 20
	for _, read := range []time.Time{{}, epoch.Add(-5 * time.Second)} {
		t.Run(read.Format(time.RFC3339), func(t *testing.T) {
			forDoorsIn(t, bulkDoors, func(t *testing.T, door testDoor) {
				// Eleven records of 1 MiB, a second apart (a shard takes
				// 1 MiB a second), the last a second before the read.
				h := &dp{newHarnessAt(t, read.Add(-11*time.Second), door, withDefaultLimits())}
				h.stream("s", 1)
				for range 11 {
					_, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: make([]byte, mib-1)})
					require.NoError(t, err)
					h.clk.Advance(time.Second)
				}
				require.Equal(t, read, h.clk.Now())
				out := h.get(h.iter("s", shardID(0), types.ShardIteratorTypeTrimHorizon), 0)
				require.Len(t, out.Records, 10, "10 MiB, the most a response holds")

				h.clk.Set(read.Add(5*time.Second - time.Millisecond))
				_, err := h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: out.NextShardIterator})
				requireAWSError[*types.ProvisionedThroughputExceededException](t, err, OpGetRecords,
					"Rate exceeded for Shard - "+DefaultAccountID+"/s/"+shardID(0))
				h.clk.Set(read.Add(5 * time.Second))
				_, err = h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: out.NextShardIterator})
				assert.NoError(t, err, "5 s after the read")
			})
		})
	}
}
