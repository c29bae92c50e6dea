// Command kinesisfake-demo shows kinesisfake at work: it creates a stream in
// an in-memory fake, writes and reads records, and provokes two of the
// errors real Kinesis gives, all on a manual clock.
//
//	go run ./cmd/kinesisfake-demo
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesisfake/kinesisfake"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run() error {
	ctx := context.Background()
	clock := kinesisfake.NewManualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	kc := kinesisfake.New(kinesisfake.WithClock(clock))

	if _, err := kc.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("orders"), ShardCount: aws.Int32(2)}); err != nil {
		return err
	}
	fmt.Println("created stream orders with 2 shards")

	for _, key := range []string{"alice", "bob", "carol", "dave"} {
		out, err := kc.PutRecord(ctx, &kinesis.PutRecordInput{
			StreamName:   aws.String("orders"),
			PartitionKey: aws.String(key),
			Data:         []byte("order from " + key),
		})
		if err != nil {
			return err
		}
		fmt.Printf("put %-5s -> %s seq %s\n", key, *out.ShardId, *out.SequenceNumber)
	}

	it, err := kc.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{
		StreamName:        aws.String("orders"),
		ShardId:           aws.String("shardId-000000000000"),
		ShardIteratorType: types.ShardIteratorTypeTrimHorizon,
	})
	if err != nil {
		return err
	}
	clock.Advance(1500 * time.Millisecond)
	page, err := kc.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator, Limit: aws.Int32(1)})
	if err != nil {
		return err
	}
	fmt.Printf("GetRecords(Limit 1) on shardId-000000000000: %d record %q, MillisBehindLatest %d\n",
		len(page.Records), page.Records[0].Data, *page.MillisBehindLatest)

	clock.Advance(5*time.Minute + time.Millisecond)
	_, err = kc.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: page.NextShardIterator})
	fmt.Println("the same iterator 5 minutes and 1 ms later, on the fake clock:\n ", err)

	_, err = kc.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String("not-an-iterator")})
	fmt.Println("a garbled iterator:\n ", err)
	_, err = kc.GetRecords(ctx, &kinesis.GetRecordsInput{})
	fmt.Println("a missing iterator (checked client-side, as the SDK does):\n ", err)
	return nil
}
