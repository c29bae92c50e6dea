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

// TestStatusTransitions checks a stream's status as data: a transition with
// a delay shows the transitional status until exactly the completion time,
// one without a delay completes at once, and settle folds a completed
// transition in.
func TestStatusTransitions(t *testing.T) {
	now := dpStart
	s := &stream{}
	done := s.transition(now, types.StreamStatusCreating, types.StreamStatusActive, 10*time.Second)
	assert.Equal(t, now.Add(10*time.Second), done)
	assert.Equal(t, types.StreamStatusCreating, s.statusAt(now))
	assert.Equal(t, types.StreamStatusCreating, s.statusAt(now.Add(10*time.Second-time.Millisecond)))
	assert.Equal(t, types.StreamStatusActive, s.statusAt(now.Add(10*time.Second)))
	assert.False(t, s.settled(now))
	assert.True(t, s.settled(now.Add(10*time.Second)))

	s.life.settle(now.Add(5 * time.Second)) // not yet complete: no change
	assert.Equal(t, types.StreamStatusCreating, s.life.status)
	s.life.settle(now.Add(10 * time.Second))
	assert.Equal(t, types.StreamStatusActive, s.life.status)
	assert.False(t, s.life.pending)

	later := now.Add(time.Minute)
	assert.Equal(t, later, s.transition(later, types.StreamStatusUpdating, types.StreamStatusActive, 0))
	assert.Equal(t, types.StreamStatusActive, s.statusAt(later))
	assert.True(t, s.settled(later))

	s.transition(later, types.StreamStatusDeleting, statusGone, time.Second)
	assert.Equal(t, types.StreamStatusDeleting, s.statusAt(later))
	assert.Equal(t, statusGone, s.statusAt(later.Add(time.Second)))
}

// TestShardLifeAt checks a shard's existence and open/closed state at the
// edges of createdMs and closedMs.
func TestShardLifeAt(t *testing.T) {
	open := &shard{createdMs: 100}
	closing := &shard{createdMs: 100, closing: true, closedMs: 200}
	tests := []struct {
		sh                     *shard
		ms                     int64
		exists, isOpen, isShut bool
	}{
		{open, 99, false, false, false},
		{open, 100, true, true, false},
		{open, 1 << 50, true, true, false},
		{closing, 199, true, true, false},
		{closing, 200, true, false, true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.exists, tt.sh.existsAt(tt.ms), "existsAt(%d)", tt.ms)
		assert.Equal(t, tt.isOpen, tt.sh.openAt(tt.ms), "openAt(%d)", tt.ms)
		assert.Equal(t, tt.isShut, tt.sh.closedAt(tt.ms), "closedAt(%d)", tt.ms)
	}
}

// TestCreatingStream checks the data plane while a stream is CREATING and
// once it is ACTIVE.
func TestCreatingStream(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door, WithStateDelays(StateDelays{Create: 30 * time.Second}))
		createStream(t, h.f, "s", 1)
		assert.Equal(t, types.StreamStatusCreating, h.live("s").statusAt(h.f.now()))
		_, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shard0),
			ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		requireAWSError[*types.ResourceNotFoundException](t, err, "GetShardIterator",
			"Shard shardId-000000000000 in stream s under account 000000000000 does not exist")
		_, err = h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("x")})
		requireAWSError[*types.ResourceNotFoundException](t, err, "PutRecord", "Stream s under account 000000000000 not found.")
		_, err = h.api.CreateStream(h.ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(1)})
		requireAWSError[*types.ResourceInUseException](t, err, "CreateStream", "Stream s under account 000000000000 already exists.")

		h.clk.Advance(30 * time.Second)
		assert.Equal(t, types.StreamStatusActive, h.live("s").statusAt(h.f.now()))
		h.put("s", "k", []byte("x"))
		assert.Equal(t, []string{"x"}, dataOf(h.get(h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon), 0).Records))
	})
}

// TestDeleteWhileCreating checks that a CREATING stream can be deleted.
func TestDeleteWhileCreating(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door, WithStateDelays(StateDelays{Create: 30 * time.Second}))
		h.f.CreateStreamT(t, "s", 1)
		_, err := h.api.DeleteStream(h.ctx, deleteInput("s"))
		require.NoError(t, err)
		_, err = h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("x")})
		requireAWSError[*types.ResourceNotFoundException](t, err, "PutRecord", "Stream s under account 000000000000 not found.")
		h.f.CreateStreamT(t, "s", 1)
	})
}

// TestDeletingStream checks a stream while DELETING: its iterators stop
// working at once, a second delete finds no stream, the name cannot be
// reused until the deletion completes, and then can.
func TestDeletingStream(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door, WithStateDelays(StateDelays{Delete: 20 * time.Second}))
		h.f.CreateStreamT(t, "s", 1)
		h.put("s", "k", []byte("x"))
		it := h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon)
		_, err := h.api.DeleteStream(h.ctx, deleteInput("s"))
		require.NoError(t, err)
		assert.Equal(t, types.StreamStatusDeleting, h.live("s").statusAt(h.f.now()))

		// Deleting it again is no error: kinesalite's suite, run against
		// production, deletes streams still DELETING in its clean-up.
		_, err = h.api.DeleteStream(h.ctx, deleteInput("s"))
		require.NoError(t, err)
		_, err = h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("x")})
		requireAWSError[*types.ResourceNotFoundException](t, err, "PutRecord", "Stream s under account 000000000000 not found.")
		_, err = h.api.CreateStream(h.ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(1)})
		requireAWSError[*types.ResourceInUseException](t, err, "CreateStream", "Stream s under account 000000000000 already exists.")

		h.clk.Advance(20 * time.Second)
		_, err = h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it})
		requireAWSError[*types.ResourceNotFoundException](t, err, "GetRecords", "Shard shardId-000000000000 in stream s under account 000000000000 does not exist")
		h.f.CreateStreamT(t, "s", 1)
		assert.Empty(t, h.f.Records("s", shard0))
	})
}

// TestCreatingLimit checks that at most five streams may be CREATING at
// once, and that a sixth can be created when one of them is ACTIVE.
// TestDeletedWhileCreatingListsNoShards: a stream deleted while CREATING
// (or UPDATING) describes as DELETING with no shards (kinesalite's suite,
// run against production: "deleted while it is being created"); one
// deleted while ACTIVE still lists its shards while DELETING.
func TestDeletedWhileCreatingListsNoShards(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door, WithStateDelays(StateDelays{Create: 10 * time.Second, Update: 10 * time.Second, Delete: 20 * time.Second}))
		describe := func(name string) *types.StreamDescription {
			out, err := h.api.DescribeStream(h.ctx, &kinesis.DescribeStreamInput{StreamName: aws.String(name)})
			require.NoError(t, err)
			return out.StreamDescription
		}
		createStream(t, h.f, "young", 1)
		h.f.CreateStreamT(t, "busy", 2)
		h.f.CreateStreamT(t, "settled", 1)
		_, err := h.api.MergeShards(h.ctx, &kinesis.MergeShardsInput{StreamName: aws.String("busy"), ShardToMerge: aws.String(shardID(0)), AdjacentShardToMerge: aws.String(shardID(1))})
		require.NoError(t, err)
		for _, name := range []string{"young", "busy", "settled"} {
			_, err := h.api.DeleteStream(h.ctx, deleteInput(name))
			require.NoError(t, err)
		}
		for name, shards := range map[string]int{"young": 0, "busy": 0, "settled": 1} {
			d := describe(name)
			assert.Equal(t, types.StreamStatusDeleting, d.StreamStatus, name)
			assert.Len(t, d.Shards, shards, name)
			assert.NotNil(t, d.Shards, "[] rather than null")
		}
	})
}

func TestCreatingLimit(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door, WithStateDelays(StateDelays{Create: 10 * time.Second}))
		for _, name := range []string{"a", "b", "c", "d", "e"} {
			createStream(t, h.f, name, 1)
		}
		_, err := h.api.CreateStream(h.ctx, &kinesis.CreateStreamInput{StreamName: aws.String("f"), ShardCount: aws.Int32(1)})
		assert.Equal(t, "LimitExceededException", errCode(err))
		h.clk.Advance(10 * time.Second)
		createStream(t, h.f, "f", 1)
	})
}

// TestPendingReshard checks routing while a reshard is pending: records go
// to the parent until the completion time set while UPDATING, and to the
// children from then on; the children do not exist before.
func TestPendingReshard(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 1)
		_, children := h.splitByHand("s")
		// Move the reshard's completion 10 s into the future, as a split made
		// with an Update delay would.
		h.f.mu.Lock()
		s := h.f.streams["s"]
		done := h.nowMs() + 10000
		s.shards[0].closedMs = done
		for _, c := range children {
			c.createdMs = done
		}
		h.f.mu.Unlock()

		assert.Equal(t, shard0, *h.put("s", "b", []byte("before")).ShardId)
		_, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(children[1].id),
			ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		requireAWSError[*types.ResourceNotFoundException](t, err, "GetShardIterator",
			"Shard "+children[1].id+" in stream s under account 000000000000 does not exist")
		it := h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon)
		out := h.get(it, 0)
		assert.Equal(t, []string{"before"}, dataOf(out.Records))
		assert.NotNil(t, out.NextShardIterator, "the parent is still open")
		assert.Empty(t, out.ChildShards)

		h.clk.Advance(10 * time.Second)
		assert.Equal(t, children[1].id, *h.put("s", "b", []byte("after")).ShardId)
		assert.Equal(t, children[0].id, *h.put("s", "a", []byte("after")).ShardId)
		end := h.get(out.NextShardIterator, 0)
		assert.Nil(t, end.NextShardIterator)
		assert.Len(t, end.ChildShards, 2)
		assert.Equal(t, []string{"after"}, dataOf(h.get(h.iter("s", children[1].id, types.ShardIteratorTypeTrimHorizon), 0).Records))
	})
}
