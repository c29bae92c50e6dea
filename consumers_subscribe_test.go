package kinesisfake

import (
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// start runs startSubscription under the Fake's read lock, as the
// SubscribeToShard transport will.
func (h *efo) start(consumerARN, shardID string, pos *types.StartingPosition) (subscriptionStart, error) {
	h.f.mu.RLock()
	defer h.f.mu.RUnlock()
	return h.f.startSubscription(consumerARN, shardID, pos, h.f.now())
}

// putTo puts a record into shard 0 or 1 of stream "s" (by explicit hash
// key) and returns its sequence number.
func (h *efo) putTo(shard int, data string) string {
	h.t.Helper()
	keys := []string{"0", "170141183460469231731687303715884105728"}
	out, err := h.f.PutRecord(h.ctx, &kinesis.PutRecordInput{
		StreamName: aws.String("s"), PartitionKey: aws.String("k"), ExplicitHashKey: &keys[shard], Data: []byte(data),
	})
	require.NoError(h.t, err)
	require.Equal(h.t, shardID(shard), *out.ShardId)
	return *out.SequenceNumber
}

func TestStartSubscription(t *testing.T) {
	h := newEFO(t, StateDelays{})
	arn := *h.register("app").ConsumerARN
	var seqs []string // records 1..3 of shard 0, one second apart
	for i := 1; i <= 3; i++ {
		seqs = append(seqs, h.putTo(0, fmt.Sprint(i)))
		h.clk.Advance(time.Second)
	}
	second := efoStart.Add(time.Second) // arrival of record 2
	h.f.mu.RLock()
	startingSeq := h.f.streams["s"].startingSeq(h.f.streams["s"].shards[0])
	h.f.mu.RUnlock()

	tests := []struct {
		name   string
		pos    types.StartingPosition
		offset uint64
	}{
		{"TRIM_HORIZON", types.StartingPosition{Type: types.ShardIteratorTypeTrimHorizon}, 1},
		{"LATEST", types.StartingPosition{Type: types.ShardIteratorTypeLatest}, 4},
		{"AT_SEQUENCE_NUMBER", types.StartingPosition{Type: types.ShardIteratorTypeAtSequenceNumber, SequenceNumber: &seqs[1]}, 2},
		{"AFTER_SEQUENCE_NUMBER", types.StartingPosition{Type: types.ShardIteratorTypeAfterSequenceNumber, SequenceNumber: &seqs[1]}, 3},
		{"AT_SEQUENCE_NUMBER of the shard's start", types.StartingPosition{Type: types.ShardIteratorTypeAtSequenceNumber, SequenceNumber: &startingSeq}, 1},
		{"AT_TIMESTAMP", types.StartingPosition{Type: types.ShardIteratorTypeAtTimestamp, Timestamp: &second}, 2},
		{"AT_TIMESTAMP before every record", types.StartingPosition{Type: types.ShardIteratorTypeAtTimestamp, Timestamp: aws.Time(efoStart.Add(-time.Hour))}, 1},
		{"AT_TIMESTAMP after every record", types.StartingPosition{Type: types.ShardIteratorTypeAtTimestamp, Timestamp: aws.Time(efoStart.Add(2500 * time.Millisecond))}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pos := tt.pos
			got, err := h.start(arn, "shardId-000000000000", &pos)
			require.NoError(t, err)
			assert.Equal(t, tt.offset, got.offset)
			assert.Equal(t, "app", got.consumer.name)
			assert.Equal(t, "s", got.stream.name)
			assert.Equal(t, 0, got.shard.index)
		})
	}

	t.Run("lenient shard id", func(t *testing.T) {
		got, err := h.start(arn, "shardId-0", &types.StartingPosition{Type: types.ShardIteratorTypeTrimHorizon})
		require.NoError(t, err)
		assert.Equal(t, 0, got.shard.index)
	})
}

func TestStartSubscriptionErrors(t *testing.T) {
	// "app" is ACTIVE from efoStart+1m, when "young" is registered
	// (CREATING until +2m) and "old" is registered and deregistered at once
	// (DELETING until +2m).
	h := newEFO(t, StateDelays{Consumer: time.Minute, Delete: time.Minute})
	active := *h.register("app").ConsumerARN
	h.clk.Advance(time.Minute)
	creating := *h.register("young").ConsumerARN
	deleting := *h.register("old").ConsumerARN
	_, err := h.f.DeregisterStreamConsumer(h.ctx, &kinesis.DeregisterStreamConsumerInput{ConsumerARN: &deleting})
	require.NoError(t, err)
	seq0 := h.putTo(0, "a")
	seq1 := h.putTo(1, "b")
	youngSec := efoSec + 60

	trim := &types.StartingPosition{Type: types.ShardIteratorTypeTrimHorizon}
	tests := []struct {
		name     string
		consumer string
		shard    string
		pos      *types.StartingPosition
		errType  string
		msg      string
	}{
		{
			name: "consumer CREATING", consumer: creating, shard: "shardId-000000000000", pos: trim,
			errType: "ResourceInUseException",
			msg:     fmt.Sprintf("Consumer young with creation timestamp %d under stream: s , account 000000000000. is not in ACTIVE status.", youngSec),
		},
		{
			name: "consumer DELETING", consumer: deleting, shard: "shardId-000000000000", pos: trim,
			errType: "ResourceInUseException",
			msg:     fmt.Sprintf("Consumer old with creation timestamp %d under stream: s , account 000000000000. is not in ACTIVE status.", youngSec),
		},
		{
			name: "unknown consumer", consumer: efoARN("nope", efoSec), shard: "shardId-000000000000", pos: trim,
			errType: "ResourceNotFoundException", msg: "Consumer nope under stream s under account 000000000000 not found.",
		},
		{
			name: "shard that does not exist", consumer: active, shard: "shardId-000000000009", pos: trim,
			errType: "ResourceNotFoundException", msg: "Shard shardId-000000000009 in stream s under account 000000000000 does not exist",
		},
		{
			name: "shard id that does not parse", consumer: active, shard: "foo", pos: trim,
			errType: "ResourceNotFoundException", msg: "Could not find shard foo in stream s under account 000000000000.",
		},
		{
			name: "sequence number of another shard", consumer: active, shard: "shardId-000000000000",
			pos:     &types.StartingPosition{Type: types.ShardIteratorTypeAtSequenceNumber, SequenceNumber: &seq1},
			errType: "InvalidArgumentException",
			msg:     "Invalid StartingSequenceNumber. It encodes shardId-000000000001, while it was used in a call to a shard with shardId-000000000000",
		},
		{
			name: "AT_SEQUENCE_NUMBER without a number", consumer: active, shard: "shardId-000000000000",
			pos:     &types.StartingPosition{Type: types.ShardIteratorTypeAtSequenceNumber},
			errType: "InvalidArgumentException",
			msg:     "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber.",
		},
		{
			name: "LATEST with a number", consumer: active, shard: "shardId-000000000000",
			pos:     &types.StartingPosition{Type: types.ShardIteratorTypeLatest, SequenceNumber: &seq0},
			errType: "InvalidArgumentException",
			msg:     "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified LATEST and also a StartingSequenceNumber.",
		},
		{
			name: "AT_TIMESTAMP without a timestamp", consumer: active, shard: "shardId-000000000000",
			pos:     &types.StartingPosition{Type: types.ShardIteratorTypeAtTimestamp},
			errType: "InvalidArgumentException",
			msg:     "Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.",
		},
		{
			name: "AT_TIMESTAMP in the future", consumer: active, shard: "shardId-000000000000",
			pos:     &types.StartingPosition{Type: types.ShardIteratorTypeAtTimestamp, Timestamp: aws.Time(efoStart.Add(3 * time.Minute))},
			errType: "InvalidArgumentException",
			msg: fmt.Sprintf("The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: %d, currentTimestampInMillis: %d",
				efoStart.Add(3*time.Minute).UnixMilli(), efoStart.Add(time.Minute).UnixMilli()),
		},
		{
			name: "no starting position", consumer: active, shard: "shardId-000000000000",
			errType: "InvalidArgumentException", msg: "StartingPosition must be provided.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.start(tt.consumer, tt.shard, tt.pos)
			var apiErr smithy.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tt.errType, apiErr.ErrorCode())
			assert.Equal(t, tt.msg, apiErr.ErrorMessage())
		})
	}
}
