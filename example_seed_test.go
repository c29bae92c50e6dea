package kinesisfake_test

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesisfake/kinesisfake"
)

// A stream that has been receiving records for hours, made in one call:
// SeedRecords dates each record in the past without moving the clock, so
// an AT_TIMESTAMP read and MillisBehindLatest behave as after a real
// afternoon of traffic.
func ExampleFake_SeedRecords() {
	ctx := context.Background()
	clock := kinesisfake.NewManualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	kc := kinesisfake.New(kinesisfake.WithClock(clock))
	kc.CreateStreamNow("orders", 1)
	clock.Advance(4 * time.Hour)

	now := clock.Now()
	var seeds []kinesisfake.Seed
	for h := 3; h >= 1; h-- {
		seeds = append(seeds, kinesisfake.Seed{PartitionKey: "alice", Data: []byte(fmt.Sprintf("order %dh ago", h)), At: now.Add(-time.Duration(h) * time.Hour)})
	}
	if _, err := kc.SeedRecords("orders", seeds...); err != nil {
		panic(err)
	}

	it, _ := kc.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{
		StreamName: aws.String("orders"), ShardId: aws.String("shardId-000000000000"),
		ShardIteratorType: types.ShardIteratorTypeAtTimestamp, Timestamp: aws.Time(now.Add(-150 * time.Minute)),
	})
	out, _ := kc.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator, Limit: aws.Int32(1)})
	fmt.Println(string(out.Records[0].Data), "behind:", time.Duration(*out.MillisBehindLatest)*time.Millisecond)
	// Output: order 2h ago behind: 1h0m0s
}
