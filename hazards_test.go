package kinesisfake

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPutWithClockSetBeforeTheShards: a manual clock set back to before the
// stream's shards were made must not make a put fail to find a shard (it
// used to dereference nil, or divide by zero under AUTO distribution).
func TestPutWithClockSetBeforeTheShards(t *testing.T) {
	for _, mode := range []types.StreamMode{types.StreamModeProvisioned, types.StreamModeOnDemand} {
		t.Run(string(mode), func(t *testing.T) {
			ctx := context.Background()
			f, clock := fakeAt(t, time.Date(2024, 1, 1, 0, 0, 1, 0, time.UTC), withDefaultLimits())
			in := &kinesis.CreateStreamInput{StreamName: aws.String("s"), StreamModeDetails: &types.StreamModeDetails{StreamMode: mode}}
			if mode == types.StreamModeProvisioned {
				in.ShardCount = aws.Int32(1)
			}
			_, err := f.CreateStream(ctx, in)
			require.NoError(t, err)
			if mode == types.StreamModeOnDemand {
				_, err = f.UpdateStreamRecordDistributionStrategy(ctx, &kinesis.UpdateStreamRecordDistributionStrategyInput{
					StreamARN: aws.String(f.streamARN("s")), RecordDistributionStrategy: types.RecordDistributionStrategyAuto,
				})
				require.NoError(t, err)
			}
			clock.Advance(-time.Second)
			out, err := f.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), Data: []byte("x"), PartitionKey: aws.String("k")})
			require.NoError(t, err)
			assert.Equal(t, "shardId-000000000000", *out.ShardId)
		})
	}
}

// TestFaultPredicateMayCallTheFake: a Fault.Match predicate is the test's
// code and may call the Fake, also for PutRecords entry faults, without
// deadlocking.
func TestFaultPredicateMayCallTheFake(t *testing.T) {
	ctx := context.Background()
	f := New()
	f.CreateStreamT(t, "s", 1)
	f.InjectFault(Fault{Op: "PutRecords", Shard: "shardId-0", Err: ErrInternalFailure, Match: func(any) bool {
		_, err := f.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String("s"), Tags: map[string]string{"a": "b"}})
		return err == nil
	}})
	done := make(chan *kinesis.PutRecordsOutput)
	go func() {
		out, _ := f.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: []types.PutRecordsRequestEntry{{Data: []byte("x"), PartitionKey: aws.String("k")}}})
		done <- out
	}()
	select {
	case out := <-done:
		require.NotNil(t, out)
		assert.Equal(t, int32(1), *out.FailedRecordCount)
	case <-time.After(10 * time.Second):
		t.Fatal("deadlock: the predicate ran under the Fake's lock")
	}
}
