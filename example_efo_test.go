package kinesisfake_test

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesisfake/kinesisfake"
)

// nextRecords reads a subscription's events until one carries records (or
// the stream ends: ok false), skipping the empty events every 5 seconds
// of clock time brings.
func nextRecords(stream *kinesis.SubscribeToShardEventStream) (ev types.SubscribeToShardEvent, ok bool) {
	for e := range stream.Events() {
		ev = e.(*types.SubscribeToShardEventStreamMemberSubscribeToShardEvent).Value
		if len(ev.Records) > 0 || ev.ContinuationSequenceNumber == nil {
			return ev, true
		}
	}
	return ev, false
}

// An enhanced fan-out consumer in a test: register a consumer, subscribe to
// a shard, get records as they are put, re-subscribe after the
// subscription's 5 minutes from the last ContinuationSequenceNumber, and at
// the shard's end (after a split) move on to its children. The clock is a
// ManualClock: the 5 minutes pass in no time.
func Example_enhancedFanOut() {
	ctx := context.Background()
	clock := kinesisfake.NewManualClock(time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC))
	kc := kinesisfake.New(kinesisfake.WithClock(clock))
	if _, err := kc.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("orders"), ShardCount: aws.Int32(1)}); err != nil {
		panic(err)
	}
	reg, err := kc.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{
		StreamARN: aws.String("arn:aws:kinesis:us-east-1:000000000000:stream/orders"), ConsumerName: aws.String("billing"),
	})
	if err != nil {
		panic(err)
	}
	subscribe := func(shard string, pos types.StartingPosition) *kinesis.SubscribeToShardEventStream {
		out, err := kc.SubscribeToShard(ctx, &kinesis.SubscribeToShardInput{ConsumerARN: reg.Consumer.ConsumerARN, ShardId: &shard, StartingPosition: &pos})
		if err != nil {
			panic(err)
		}
		return out.GetStream()
	}
	put := func(data string) (shard string) {
		out, err := kc.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("orders"), PartitionKey: aws.String(data), Data: []byte(data)})
		if err != nil {
			panic(err)
		}
		return *out.ShardId
	}

	stream := subscribe("shardId-000000000000", types.StartingPosition{Type: types.ShardIteratorTypeLatest})
	put("order-1")
	ev, _ := nextRecords(stream)
	fmt.Println("got", string(ev.Records[0].Data))

	clock.Advance(5 * time.Minute) // the subscription's time is up
	_, ok := nextRecords(stream)
	fmt.Println("stream open:", ok, "error:", stream.Err())
	stream.Close()

	after := types.StartingPosition{Type: types.ShardIteratorTypeAfterSequenceNumber, SequenceNumber: ev.ContinuationSequenceNumber}
	stream = subscribe("shardId-000000000000", after)
	put("order-2")
	ev, _ = nextRecords(stream)
	fmt.Println("got", string(ev.Records[0].Data), "after re-subscribing")

	if _, err := kc.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: aws.String("orders"),
		ShardToSplit: aws.String("shardId-000000000000"), NewStartingHashKey: aws.String("170141183460469231731687303715884105728")}); err != nil {
		panic(err)
	}
	end, _ := nextRecords(stream)
	for _, child := range end.ChildShards {
		fmt.Println("shard end; child", *child.ShardId, "of", child.ParentShards)
	}
	stream.Close()

	child := put("order-3") // to the child that owns its hash key
	stream = subscribe(child, types.StartingPosition{Type: types.ShardIteratorTypeTrimHorizon})
	ev, _ = nextRecords(stream)
	fmt.Println(child, "got", string(ev.Records[0].Data))
	stream.Close()
	// Output:
	// got order-1
	// stream open: false error: <nil>
	// got order-2 after re-subscribing
	// shard end; child shardId-000000000001 of [shardId-000000000000]
	// shard end; child shardId-000000000002 of [shardId-000000000000]
	// shardId-000000000002 got order-3
}

// TestEnhancedFanOutUnderSynctest is the same kind of consumer test on the
// system clock inside a testing/synctest bubble: the Fake reads the
// bubble's time, a subscription waiting for records waits on a timer of
// the reading goroutine, and time.Sleep moves the bubble's clock, so 5
// minutes pass at once. The in-memory doors (the direct methods and
// f.Client()) work in a bubble; a server's socket does not.
func TestEnhancedFanOutUnderSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		kc := kinesisfake.New()
		streamARN := kc.CreateStreamT(t, "orders", 1)
		reg, err := kc.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: &streamARN, ConsumerName: aws.String("billing")})
		if err != nil {
			t.Fatal(err)
		}
		client := kc.Client()
		out, err := client.SubscribeToShard(ctx, &kinesis.SubscribeToShardInput{ConsumerARN: reg.Consumer.ConsumerARN,
			ShardId: aws.String("shardId-000000000000"), StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeLatest}})
		if err != nil {
			t.Fatal(err)
		}
		stream := out.GetStream()
		defer stream.Close()
		start := time.Now()

		if _, err := client.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("orders"), PartitionKey: aws.String("k"), Data: []byte("order-1")}); err != nil {
			t.Fatal(err)
		}
		if ev, ok := nextRecords(stream); !ok || string(ev.Records[0].Data) != "order-1" {
			t.Fatalf("got %+v, %v", ev, ok)
		}

		// Nothing more is put: the consumer sees an empty event every 5
		// seconds until the subscription's 5 minutes are up, all in no real
		// time.
		idle := 0
		for range stream.Events() {
			idle++
		}
		if err := stream.Err(); err != nil {
			t.Fatal(err)
		}
		if elapsed := time.Since(start); elapsed != 5*time.Minute {
			t.Errorf("the stream ended after %v of bubble time, want 5m", elapsed)
		}
		if idle != 59 {
			t.Errorf("%d empty events, want one every 5 s after the first: 59", idle)
		}
	})
}
