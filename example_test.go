package kinesisfake_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesisfake/kinesisfake"
)

// shardReader is the interface a consumer declares over the parts of
// *kinesis.Client it uses. Both *kinesis.Client and *kinesisfake.Fake
// satisfy it.
type shardReader interface {
	GetShardIterator(context.Context, *kinesis.GetShardIteratorInput, ...func(*kinesis.Options)) (*kinesis.GetShardIteratorOutput, error)
	GetRecords(context.Context, *kinesis.GetRecordsInput, ...func(*kinesis.Options)) (*kinesis.GetRecordsOutput, error)
}

// readAll is production code under test: it reads a shard from its oldest
// record until it has caught up.
func readAll(ctx context.Context, kc shardReader, stream, shard string) ([]string, error) {
	it, err := kc.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{
		StreamName:        &stream,
		ShardId:           &shard,
		ShardIteratorType: types.ShardIteratorTypeTrimHorizon,
	})
	if err != nil {
		return nil, err
	}
	var out []string
	iter := it.ShardIterator
	for iter != nil {
		page, err := kc.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iter})
		if err != nil {
			return nil, err
		}
		for _, r := range page.Records {
			out = append(out, string(r.Data))
		}
		if *page.MillisBehindLatest == 0 {
			break // caught up
		}
		iter = page.NextShardIterator
	}
	return out, nil
}

// A consumer written against its own interface gets the fake injected in
// place of *kinesis.Client.
func Example() {
	ctx := context.Background()
	fake := kinesisfake.New()
	_, _ = fake.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("orders"), ShardCount: aws.Int32(1)})
	for _, order := range []string{"apple", "pear", "plum"} {
		_, _ = fake.PutRecord(ctx, &kinesis.PutRecordInput{
			StreamName:   aws.String("orders"),
			PartitionKey: aws.String("customer-1"),
			Data:         []byte(order),
		})
	}

	var kc shardReader = fake // in production: kinesis.NewFromConfig(cfg)
	got, err := readAll(ctx, kc, "orders", "shardId-000000000000")
	fmt.Println(got, err)
	// Output: [apple pear plum] <nil>
}

// nextStep is production code under test: what a consumer does after a
// failed GetRecords call.
func nextStep(err error) string {
	var expired *types.ExpiredIteratorException
	var throttled *types.ProvisionedThroughputExceededException
	var notFound *types.ResourceNotFoundException
	switch {
	case errors.As(err, &expired):
		return "get a new iterator"
	case errors.As(err, &throttled):
		return "back off"
	case errors.As(err, &notFound):
		return "stop: stream is gone"
	default:
		return "fail"
	}
}

// A table-driven error-path test: each case brings the fake into a state
// that makes GetRecords fail as AWS would, and checks the consumer's
// reaction.
func Example_errorPaths() {
	ctx := context.Background()
	cases := []struct {
		name  string
		setup func(f *kinesisfake.Fake, clock *kinesisfake.ManualClock)
	}{
		{"iterator older than five minutes", func(_ *kinesisfake.Fake, clock *kinesisfake.ManualClock) {
			clock.Advance(5*time.Minute + time.Millisecond)
		}},
		{"stream deleted", func(f *kinesisfake.Fake, _ *kinesisfake.ManualClock) {
			_, _ = f.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("events")})
		}},
		{"all iterators expired by the test", func(f *kinesisfake.Fake, _ *kinesisfake.ManualClock) {
			f.ExpireIterators()
		}},
	}
	for _, tc := range cases {
		clock := kinesisfake.NewManualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
		f := kinesisfake.New(kinesisfake.WithClock(clock))
		_, _ = f.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("events"), ShardCount: aws.Int32(1)})
		it, _ := f.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{
			StreamName:        aws.String("events"),
			ShardId:           aws.String("shardId-000000000000"),
			ShardIteratorType: types.ShardIteratorTypeLatest,
		})
		tc.setup(f, clock)
		_, err := f.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
		fmt.Printf("%s: %s\n", tc.name, nextStep(err))
	}
	// Output:
	// iterator older than five minutes: get a new iterator
	// stream deleted: stop: stream is gone
	// all iterators expired by the test: get a new iterator
}

// A manual clock drives iterator expiry and retention: nothing happens until
// the test moves time.
func ExampleManualClock() {
	ctx := context.Background()
	clock := kinesisfake.NewManualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	f := kinesisfake.New(kinesisfake.WithClock(clock))
	_, _ = f.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(1)})
	_, _ = f.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("old")})

	it, _ := f.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{
		StreamName:        aws.String("s"),
		ShardId:           aws.String("shardId-000000000000"),
		ShardIteratorType: types.ShardIteratorTypeTrimHorizon,
	})
	clock.Advance(5 * time.Minute) // exactly 300000 ms: still valid
	page, err := f.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
	fmt.Println(len(page.Records), "record, err:", err)

	clock.Advance(time.Millisecond) // one ms more: expired
	_, err = f.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
	var expired *types.ExpiredIteratorException
	fmt.Println("expired:", errors.As(err, &expired))

	clock.Advance(24 * time.Hour) // past the default retention
	fmt.Println("retained:", len(f.Records("s", "shardId-000000000000")))
	// Output:
	// 1 record, err: <nil>
	// expired: true
	// retained: 0
}
