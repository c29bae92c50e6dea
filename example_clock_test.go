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

// A consumer under test reads a subscription in a goroutine of its own;
// the test waits until the Fake has handed it everything there is and
// waits for more (BlockUntilWaiters), then moves the clock past the
// subscription's 5 minutes, knowing the move is the next thing the
// subscription meets: no sleep, no polling, no race between the two. The
// consumer's goroutine may still be reading the last events then; the
// test learns what it read from the consumer itself, once the stream has
// ended.
func ExampleManualClock_BlockUntilWaiters() {
	ctx := context.Background()
	clock := kinesisfake.NewManualClock(time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC))
	kc := kinesisfake.New(kinesisfake.WithClock(clock))
	arn, err := kc.CreateStreamNow("orders", 1)
	if err != nil {
		panic(err)
	}
	reg, err := kc.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: &arn, ConsumerName: aws.String("billing")})
	if err != nil {
		panic(err)
	}
	out, err := kc.SubscribeToShard(ctx, &kinesis.SubscribeToShardInput{ConsumerARN: reg.Consumer.ConsumerARN,
		ShardId: aws.String("shardId-000000000000"), StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeTrimHorizon}})
	if err != nil {
		panic(err)
	}
	stream := out.GetStream()
	defer stream.Close()

	ended := make(chan string)
	go func() { // the consumer
		read := 0
		for ev := range stream.Events() {
			read += len(ev.(*types.SubscribeToShardEventStreamMemberSubscribeToShardEvent).Value.Records)
		}
		ended <- fmt.Sprintf("read %d records, then the stream ended (error: %v)", read, stream.Err())
	}()

	for _, order := range []string{"order-1", "order-2"} {
		if _, err := kc.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("orders"), PartitionKey: aws.String(order), Data: []byte(order)}); err != nil {
			panic(err)
		}
	}
	if err := clock.BlockUntilWaiters(ctx, 1); err != nil { // everything is handed over
		panic(err)
	}
	fmt.Println("subscriptions waiting on the clock:", clock.Waiters())
	clock.Advance(5 * time.Minute)
	fmt.Println(<-ended)
	// Output:
	// subscriptions waiting on the clock: 1
	// read 2 records, then the stream ended (error: <nil>)
}
