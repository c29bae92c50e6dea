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

// setDistribution sets a stream's record distribution strategy through the
// door.
func (h *sc) setDistribution(arn string, strategy types.RecordDistributionStrategy) error {
	_, err := h.api.UpdateStreamRecordDistributionStrategy(h.ctx, &kinesis.UpdateStreamRecordDistributionStrategyInput{
		StreamARN: aws.String(arn), RecordDistributionStrategy: strategy,
	})
	return err
}

// scShardCounts counts a stream's records per shard id.
func scShardCounts(t *testing.T, f *Fake, stream string) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for i := range scStream(t, f, stream).shards {
		if n := len(f.Records(stream, shardID(i))); n > 0 {
			counts[shardID(i)] = n
		}
	}
	return counts
}

func TestUpdateStreamRecordDistributionStrategy(t *testing.T) {
	tests := []struct {
		name        string
		provisioned bool
		setup       func(t *testing.T, h *sc, arn string)
		arn         string // default: the stream's
		strategy    types.RecordDistributionStrategy
		want        scErrCheck
		after       types.RecordDistributionStrategy
	}{
		{name: "AUTO", strategy: types.RecordDistributionStrategyAuto, after: types.RecordDistributionStrategyAuto},
		{name: "back to USER_PARTITION_KEY", strategy: types.RecordDistributionStrategyUserPartitionKey,
			setup: func(t *testing.T, h *sc, arn string) {
				require.NoError(t, h.setDistribution(arn, types.RecordDistributionStrategyAuto))
			},
			after: types.RecordDistributionStrategyUserPartitionKey},
		{name: "while UPDATING", strategy: types.RecordDistributionStrategyAuto,
			setup: func(t *testing.T, h *sc, _ string) {
				require.NoError(t, h.startEncryption("s", scKeyUUID))
				require.Equal(t, types.StreamStatusUpdating, scStatus(t, h.f, "s"))
			},
			after: types.RecordDistributionStrategyAuto},
		{name: "USER_PARTITION_KEY on a provisioned stream", provisioned: true, strategy: types.RecordDistributionStrategyUserPartitionKey,
			after: types.RecordDistributionStrategyUserPartitionKey},

		{name: "AUTO on a provisioned stream", provisioned: true, strategy: types.RecordDistributionStrategyAuto,
			want: scWant[types.InvalidArgumentException]("Record distribution strategy AUTO is only supported for data streams with the on-demand capacity mode. Stream s under account " + scAccount + " is in PROVISIONED mode.")},
		{name: "missing stream", arn: "arn:aws:kinesis:us-east-1:" + scAccount + ":stream/missing", strategy: types.RecordDistributionStrategyAuto,
			want: scWant[types.ResourceNotFoundException]("Stream missing under account " + scAccount + " not found.")},
		{name: "stream DELETING", strategy: types.RecordDistributionStrategyAuto,
			setup: func(_ *testing.T, h *sc, _ string) { h.deleteStream("s") },
			want:  scWant[types.ResourceInUseException]("Stream s under account " + scAccount + " not ACTIVE, instead in state DELETING")},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := scFakeOn(t, door, WithStateDelays(StateDelays{Update: time.Second, Delete: time.Second}))
				var arn string
				if tt.provisioned {
					arn = h.stream("s", 2)
				} else {
					arn = h.onDemand("s")
				}
				if tt.setup != nil {
					tt.setup(t, h, arn)
				}
				if tt.arn != "" {
					arn = tt.arn
				}
				before := scStatus(t, h.f, "s")
				err := h.setDistribution(arn, tt.strategy)
				scCheck(t, tt.want, "UpdateStreamRecordDistributionStrategy", err)
				s := scStream(t, h.f, "s")
				assert.Equal(t, tt.after, s.distribution)
				assert.Equal(t, before, scStatus(t, h.f, "s"), "the strategy changes without UPDATING")
			})
		}
	})
}

// TestAutoDistributionSpreadsRecords checks what AUTO does to puts: records
// go to the open shards in turn, whatever their partition key or explicit
// hash key, and switching back routes by key again. Records already stored
// stay on their shards.
func TestAutoDistributionSpreadsRecords(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := scFakeOn(t, door)
		arn := h.onDemand("s")

		// USER_PARTITION_KEY (the default): one key, one shard.
		for range 4 {
			h.put("s", "same-key", []byte("x"))
		}
		byKey := scShardCounts(t, h.f, "s")
		require.Len(t, byKey, 1)

		require.NoError(t, h.setDistribution(arn, types.RecordDistributionStrategyAuto))
		perShard := 5
		var order []string
		for i := range onDemandShardCount * perShard {
			out, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{
				StreamName: aws.String("s"), PartitionKey: aws.String("same-key"), Data: []byte{byte(i)},
				ExplicitHashKey: aws.String("0"), // ignored under AUTO as well
			})
			require.NoError(t, err)
			order = append(order, *out.ShardId)
		}
		// PutRecords spreads the same way, entry by entry.
		entries := make([]types.PutRecordsRequestEntry, onDemandShardCount)
		for i := range entries {
			entries[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String("same-key"), Data: []byte("batch")}
		}
		batch, err := h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: entries})
		require.NoError(t, err)
		for _, r := range batch.Records {
			order = append(order, *r.ShardId)
		}

		want := map[string]int{}
		for i := range onDemandShardCount {
			want[shardID(i)] = perShard + 1
		}
		got := scShardCounts(t, h.f, "s")
		for id, n := range byKey {
			got[id] -= n // the records put before the switch stay where they were
		}
		assert.Equal(t, want, got, "AUTO spreads evenly over the open shards")
		for i, id := range order {
			assert.Equal(t, shardID(i%onDemandShardCount), id, "record %d goes to the next shard in turn", i)
		}

		require.NoError(t, h.setDistribution(arn, types.RecordDistributionStrategyUserPartitionKey))
		before := scShardCounts(t, h.f, "s")
		for range 4 {
			h.put("s", "same-key", []byte("y"))
		}
		after := scShardCounts(t, h.f, "s")
		for id := range byKey {
			assert.Equal(t, before[id]+4, after[id], "back to routing by key")
		}
	})
}

// CreateStream's RecordDistributionStrategy: "The record distribution
// strategy is only supported for streams that use the on-demand capacity
// mode. If you do not specify this parameter, the stream uses
// USER_PARTITION_KEY." (api_op_CreateStream.go). DescribeStreamSummary
// then reports it: "This field is only present for streams that use the
// on-demand capacity mode." (types.StreamDescriptionSummary).
func TestCreateStreamRecordDistributionStrategy(t *testing.T) {
	onDemand := &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand}
	tests := []struct {
		name     string
		in       kinesis.CreateStreamInput
		want     scErrCheck
		after    types.RecordDistributionStrategy // s.distribution
		reported types.RecordDistributionStrategy // DescribeStreamSummary's
	}{
		{name: "AUTO on demand", in: kinesis.CreateStreamInput{StreamModeDetails: onDemand, RecordDistributionStrategy: types.RecordDistributionStrategyAuto},
			after: types.RecordDistributionStrategyAuto, reported: types.RecordDistributionStrategyAuto},
		{name: "AUTO with only a name (on demand)", in: kinesis.CreateStreamInput{RecordDistributionStrategy: types.RecordDistributionStrategyAuto},
			after: types.RecordDistributionStrategyAuto, reported: types.RecordDistributionStrategyAuto},
		{name: "USER_PARTITION_KEY on demand", in: kinesis.CreateStreamInput{StreamModeDetails: onDemand, RecordDistributionStrategy: types.RecordDistributionStrategyUserPartitionKey},
			after: types.RecordDistributionStrategyUserPartitionKey, reported: types.RecordDistributionStrategyUserPartitionKey},
		{name: "USER_PARTITION_KEY provisioned", in: kinesis.CreateStreamInput{ShardCount: aws.Int32(2), RecordDistributionStrategy: types.RecordDistributionStrategyUserPartitionKey},
			after: types.RecordDistributionStrategyUserPartitionKey},
		{name: "none", in: kinesis.CreateStreamInput{StreamModeDetails: onDemand}},

		{name: "AUTO provisioned", in: kinesis.CreateStreamInput{ShardCount: aws.Int32(2), RecordDistributionStrategy: types.RecordDistributionStrategyAuto},
			want: scWant[types.InvalidArgumentException]("Record distribution strategy AUTO is only supported for data streams with the on-demand capacity mode. Stream s under account " + scAccount + " is in PROVISIONED mode.")},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := scFakeOn(t, door)
				in := tt.in
				in.StreamName = aws.String("s")
				_, err := h.api.CreateStream(h.ctx, &in)
				scCheck(t, tt.want, "CreateStream", err)
				if tt.want != nil {
					_, err := h.api.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("s")})
					require.ErrorAs(t, err, new(*types.ResourceNotFoundException), "no stream is made")
					return
				}
				assert.Equal(t, tt.after, scStream(t, h.f, "s").distribution)
				out, err := h.api.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("s")})
				require.NoError(t, err)
				assert.Equal(t, tt.reported, out.StreamDescriptionSummary.RecordDistributionStrategy)
			})
		}
	})
}
