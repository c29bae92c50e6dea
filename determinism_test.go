package kinesisfake_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake"
)

// TestSameCallsSameResults: two fakes given the same calls on the same
// clock answer byte for byte alike: sequence numbers, iterators, NextTokens,
// consumer ARNs, request ids and error texts included.
func TestSameCallsSameResults(t *testing.T) {
	run := func() []any {
		ctx := context.Background()
		clock := kinesisfake.NewManualClock(time.Date(2025, 4, 1, 8, 0, 0, 0, time.UTC))
		f := kinesisfake.New(kinesisfake.WithClock(clock))
		var got []any
		record := func(out any, err error) {
			if err != nil {
				got = append(got, err.Error())
				return
			}
			got = append(got, out)
		}
		arn := f.CreateStreamT(t, "s", 3)
		for i := range 20 {
			clock.Advance(7 * time.Millisecond)
			record(f.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String(fmt.Sprint("k", i)), Data: []byte{byte(i)}}))
		}
		record(f.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: []types.PutRecordsRequestEntry{
			{PartitionKey: aws.String("a"), Data: []byte("1")}, {PartitionKey: aws.String("b"), Data: []byte("2")},
		}}))
		it, err := f.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-1"), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		record(it, err)
		require.NoError(t, err)
		clock.Advance(time.Second)
		record(f.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator, Limit: aws.Int32(3)}))
		record(f.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("s"), MaxResults: aws.Int32(2)}))
		record(f.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: aws.String("s"), ShardToSplit: aws.String("shardId-0"), NewStartingHashKey: aws.String("1000")}))
		record(f.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")}))
		record(f.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: aws.String(arn), ConsumerName: aws.String("c")}))
		record(f.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String("garbled")}))
		record(f.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("missing")}))
		return got
	}
	first, second := run(), run()
	opts := []cmp.Option{
		cmpopts.IgnoreUnexported(
			kinesis.PutRecordOutput{}, kinesis.PutRecordsOutput{}, kinesis.GetShardIteratorOutput{},
			kinesis.GetRecordsOutput{}, kinesis.ListShardsOutput{}, kinesis.SplitShardOutput{},
			kinesis.DescribeStreamOutput{}, kinesis.RegisterStreamConsumerOutput{},
			types.PutRecordsResultEntry{}, types.Record{}, types.Shard{}, types.HashKeyRange{},
			types.SequenceNumberRange{}, types.StreamDescription{}, types.EnhancedMetrics{},
			types.StreamModeDetails{}, types.Consumer{},
		),
		cmpopts.IgnoreFields(kinesis.PutRecordOutput{}, "ResultMetadata"),
		cmpopts.IgnoreFields(kinesis.PutRecordsOutput{}, "ResultMetadata"),
		cmpopts.IgnoreFields(kinesis.GetShardIteratorOutput{}, "ResultMetadata"),
		cmpopts.IgnoreFields(kinesis.GetRecordsOutput{}, "ResultMetadata"),
		cmpopts.IgnoreFields(kinesis.ListShardsOutput{}, "ResultMetadata"),
		cmpopts.IgnoreFields(kinesis.SplitShardOutput{}, "ResultMetadata"),
		cmpopts.IgnoreFields(kinesis.DescribeStreamOutput{}, "ResultMetadata"),
		cmpopts.IgnoreFields(kinesis.RegisterStreamConsumerOutput{}, "ResultMetadata"),
	}
	if diff := cmp.Diff(first, second, opts...); diff != "" {
		t.Errorf("two identical runs differ (-first +second):\n%s", diff)
	}
	require.Len(t, first, 29)
}
