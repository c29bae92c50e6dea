// Command efoconsumer shows an enhanced fan-out consumer of Kinesis Data
// Streams, the pattern behind the KCL's fan-out mode, run against
// kinesisfake.
//
// The consumer (consumer.go) registers a stream consumer, polls
// DescribeStreamConsumer until it is ACTIVE, and subscribes to each shard
// with SubscribeToShard, on a goroutine per shard. Kinesis pushes the
// shard's records as events; each event carries a
// ContinuationSequenceNumber, and when a subscription ends after its 5
// minutes the consumer subscribes again AFTER_SEQUENCE_NUMBER of the last
// one. When a shard closes (a split or a merge), its last event has no
// ContinuationSequenceNumber but the ChildShards, and the consumer moves on
// to the children whose parents are all finished.
//
// It is written against the Kinesis interface, the four methods it calls:
// production passes a *kinesis.Client, this demo and the test the
// *kinesis.Client of a kinesisfake.Fake (f.Client()) on a ManualClock. The
// consumer's Sleep moves that clock while it waits for the consumer to be
// ACTIVE; the demo moves it by 5 minutes to end the subscriptions.
//
//	go run ./examples/efoconsumer
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesisfake/kinesisfake"
)

func main() {
	if err := demo(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// demo runs the consumer on a stream of one shard: records arrive as they
// are put, the subscription ends after 5 minutes and the consumer
// subscribes again, the shard is split and the consumer reads its
// children.
func demo(ctx context.Context, w io.Writer) error {
	clock := kinesisfake.NewManualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	kc := kinesisfake.New(kinesisfake.WithClock(clock), kinesisfake.WithStateDelays(kinesisfake.StateDelays{Consumer: 3 * time.Second}))
	streamARN, err := kc.CreateStreamNow("orders", 1)
	if err != nil {
		return err
	}
	var mu sync.Mutex // the shards' goroutines share w
	logf := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "  "+format+"\n", args...)
	}
	got := make(chan string)
	c := &Consumer{
		Client: kc.Client(), StreamARN: streamARN, Name: "billing",
		SubscribeOptions: []func(*kinesis.Options){kinesisfake.OwnEventStreamCodec},
		Sleep:            advance(clock), Logf: logf,
		Process: func(ctx context.Context, shard string, records []types.Record) error {
			for _, r := range records {
				select {
				case got <- fmt.Sprintf("%s: %s", shard, r.Data):
				case <-ctx.Done():
				}
			}
			return nil
		},
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()

	put := func(data ...string) error {
		for _, d := range data {
			if _, err := kc.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("orders"), PartitionKey: aws.String(d), Data: []byte(d)}); err != nil {
				return err
			}
		}
		for range data {
			select {
			case line := <-got:
				logf("processed %s", line)
			case err := <-done:
				return fmt.Errorf("the consumer stopped: %v", err)
			}
		}
		return nil
	}
	steps := []struct {
		say string
		do  func() error
	}{
		{"put two records", func() error { return put("order-1", "order-2") }},
		{"5 minutes pass: the subscription ends", func() error { clock.Advance(5 * time.Minute); return nil }},
		{"put another", func() error { return put("order-3") }},
		{"split the shard", func() error {
			_, err := kc.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: aws.String("orders"),
				ShardToSplit: aws.String("shardId-000000000000"), NewStartingHashKey: aws.String("170141183460469231731687303715884105728")})
			return err
		}},
		{"put three more", func() error { return put("order-4", "order-5", "order-6") }},
	}
	for _, step := range steps {
		logf("%s", step.say)
		if err := step.do(); err != nil {
			return err
		}
	}
	stop()
	return <-done
}

// advance is the consumer's Sleep on a ManualClock: it moves the clock
// instead of waiting.
func advance(clock *kinesisfake.ManualClock) func(context.Context, time.Duration) error {
	return func(ctx context.Context, d time.Duration) error {
		clock.Advance(d)
		return ctx.Err()
	}
}
