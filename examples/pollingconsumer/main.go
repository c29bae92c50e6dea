// Command pollingconsumer shows a polling consumer of Kinesis Data Streams,
// the pattern behind the KCL's polling mode, run against kinesisfake.
//
// The consumer (consumer.go) reads each shard with GetRecords on a
// goroutine of its own and checkpoints the sequence number of the last
// record of every batch it has processed in a Checkpoints store. At a
// closed shard's end GetRecords returns no NextShardIterator but the
// ChildShards, and a child is read only once all its parents are finished
// (both parents, after a merge), so each partition key's records are
// processed in the order they were put, across splits and merges. Restarted,
// it lists the shards, skips those checkpointed as finished and goes on
// after each checkpoint (AFTER_SEQUENCE_NUMBER).
//
// It is written against the Kinesis interface, the three methods it calls:
// production passes a *kinesis.Client, this demo and the test a
// *kinesisfake.Fake on a ManualClock, which the consumer's Sleep moves
// instead of waiting.
//
//	go run ./examples/pollingconsumer
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"math/big"
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

// demo puts records on a stream of two shards, splits one and merges a
// child with the other, then runs the consumer until it has processed
// half the records, puts more and runs a new consumer on the same
// checkpoints, which reads the rest.
func demo(ctx context.Context, w io.Writer) error {
	clock := kinesisfake.NewManualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	kc := kinesisfake.New(kinesisfake.WithClock(clock))
	if _, err := kc.CreateStreamNow("orders", 2); err != nil {
		return err
	}
	n := 0
	put := func(count int) error {
		for range count {
			n++
			key := []string{"alice", "bob", "carol"}[n%3]
			if _, err := kc.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("orders"), PartitionKey: &key, Data: fmt.Appendf(nil, "%s-%d", key, n)}); err != nil {
				return err
			}
		}
		return nil
	}
	steps := []func() error{
		func() error { return put(4) },
		func() error { return splitInHalf(ctx, kc, "orders", "shardId-000000000000") }, // children 2 and 3
		func() error { return put(4) },
		func() error { return merge(ctx, kc, "orders", "shardId-000000000003", "shardId-000000000001") }, // child 4
		func() error { return put(4) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	fmt.Fprintln(w, "put 12 records; split shardId-000000000000 into 2 and 3; merged 3 and 1 into 4")

	store := &MemoryCheckpoints{}
	var mu sync.Mutex // the shards' goroutines share w and processed
	processed := 0
	logf := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "  "+format+"\n", args...)
	}
	consume := func(until int) error {
		ctx, stop := context.WithCancel(ctx)
		defer stop()
		c := &Consumer{
			Client: kc, Stream: "orders", Checkpoints: store, Limit: 2,
			Sleep: advance(clock),
			Logf:  logf,
			Process: func(_ context.Context, shard string, records []types.Record) error {
				for _, r := range records {
					logf("%s: %s", shard, r.Data)
				}
				mu.Lock()
				defer mu.Unlock()
				if processed += len(records); processed >= until {
					stop()
				}
				return nil
			},
		}
		return c.Run(ctx)
	}
	fmt.Fprintln(w, "consumer 1, stopped after 6 records:")
	if err := consume(6); err != nil {
		return err
	}
	if err := put(3); err != nil {
		return err
	}
	fmt.Fprintln(w, "put 3 more; consumer 2, on the same checkpoints:")
	return consume(15)
}

// advance is the consumer's Sleep on a ManualClock: it moves the clock
// instead of waiting.
func advance(clock *kinesisfake.ManualClock) func(context.Context, time.Duration) error {
	return func(ctx context.Context, d time.Duration) error {
		clock.Advance(d)
		return ctx.Err()
	}
}

// splitInHalf splits a shard in the middle of its hash-key range.
func splitInHalf(ctx context.Context, kc *kinesisfake.Fake, stream, shard string) error {
	out, err := kc.ListShards(ctx, &kinesis.ListShardsInput{StreamName: &stream, ShardFilter: &types.ShardFilter{Type: types.ShardFilterTypeAtLatest}})
	if err != nil {
		return err
	}
	for _, sh := range out.Shards {
		if *sh.ShardId != shard {
			continue
		}
		lo, _ := new(big.Int).SetString(*sh.HashKeyRange.StartingHashKey, 10)
		hi, _ := new(big.Int).SetString(*sh.HashKeyRange.EndingHashKey, 10)
		mid := new(big.Int).Rsh(lo.Add(lo, hi), 1)
		_, err := kc.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: &stream, ShardToSplit: &shard, NewStartingHashKey: aws.String(mid.String())})
		return err
	}
	return fmt.Errorf("no open shard %s in %s", shard, stream)
}

// merge merges two adjacent shards.
func merge(ctx context.Context, kc *kinesisfake.Fake, stream, shard, adjacent string) error {
	_, err := kc.MergeShards(ctx, &kinesis.MergeShardsInput{StreamName: &stream, ShardToMerge: &shard, AdjacentShardToMerge: &adjacent})
	return err
}
