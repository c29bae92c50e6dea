package kinesisfake_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesisfake/kinesisfake"
)

// Resharding a stream under a running consumer. The consumer polls every
// shard it reads once a second, on one goroutine, and follows the lineage as
// the KCL does: at the end of a closed shard, GetRecords returns no
// iterator but ChildShards, and a child is read only once all of its
// parents have been read to their ends. Each reshard takes a minute of
// UPDATING, during which records still go to the old shards.
func Example_resharding() {
	ctx := context.Background()
	clock := kinesisfake.NewManualClock(time.Date(2025, 1, 1, 12, 0, 0, 0, time.UTC))
	kc := kinesisfake.New(kinesisfake.WithClock(clock),
		kinesisfake.WithStateDelays(kinesisfake.StateDelays{Update: time.Minute}))
	stream := aws.String("orders")
	if _, err := kc.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: stream, ShardCount: aws.Int32(1)}); err != nil {
		panic(err)
	}

	put := func(keys ...string) {
		for _, key := range keys {
			out, err := kc.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: stream, PartitionKey: aws.String(key), Data: []byte(key)})
			if err != nil {
				panic(err)
			}
			fmt.Printf("put %-8s -> %s\n", key, *out.ShardId)
		}
	}
	status := func() {
		out, err := kc.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: stream})
		if err != nil {
			panic(err)
		}
		fmt.Println("stream", out.StreamDescriptionSummary.StreamStatus)
	}

	// The consumer: shards being read, shards finished, and the parents of
	// each child it has heard of.
	iterators := map[string]*string{}
	finished := map[string]bool{}
	parents := map[string][]string{}
	start := func(shardID string) {
		out, err := kc.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{
			StreamName: stream, ShardId: aws.String(shardID), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		if err != nil {
			panic(err)
		}
		iterators[shardID] = out.ShardIterator
		fmt.Println("  consumer starts", shardID)
	}
	poll := func() {
		clock.Advance(time.Second)
		for _, id := range slices.Sorted(maps.Keys(iterators)) {
			out, err := kc.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iterators[id]})
			if err != nil {
				panic(err)
			}
			for _, r := range out.Records {
				fmt.Printf("  consumer reads %-8s from %s\n", r.Data, id)
			}
			if out.NextShardIterator != nil {
				iterators[id] = out.NextShardIterator
				continue
			}
			delete(iterators, id)
			finished[id] = true
			var children []string
			for _, c := range out.ChildShards {
				children = append(children, *c.ShardId)
				parents[*c.ShardId] = c.ParentShards
			}
			fmt.Printf("  consumer finished %s; children %s\n", id, strings.Join(children, ", "))
			for _, child := range children {
				ready := true
				for _, p := range parents[child] {
					ready = ready && finished[p]
				}
				if _, reading := iterators[child]; ready && !reading {
					start(child)
				} else if !ready {
					fmt.Printf("  consumer waits: %s has unfinished parents\n", child)
				}
			}
		}
	}

	status()
	start("shardId-000000000000")
	put("apple", "cherry")
	poll()

	// Split the one shard at the middle of the hash-key space. For the
	// minute the stream is UPDATING, shardId-000000000000 still takes the
	// records.
	if _, err := kc.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: stream,
		ShardToSplit: aws.String("shardId-000000000000"), NewStartingHashKey: aws.String("170141183460469231731687303715884105728")}); err != nil {
		panic(err)
	}
	status()
	put("banana", "grape")
	poll()
	clock.Advance(time.Minute)
	status()
	put("date", "kiwi")
	poll()
	poll()

	// Merge the two children back into one shard.
	if _, err := kc.MergeShards(ctx, &kinesis.MergeShardsInput{StreamName: stream,
		ShardToMerge: aws.String("shardId-000000000001"), AdjacentShardToMerge: aws.String("shardId-000000000002")}); err != nil {
		panic(err)
	}
	status()
	put("fig")
	clock.Advance(time.Minute)
	status()
	put("lemon", "mango")
	poll()
	poll()

	// Output:
	// stream ACTIVE
	//   consumer starts shardId-000000000000
	// put apple    -> shardId-000000000000
	// put cherry   -> shardId-000000000000
	//   consumer reads apple    from shardId-000000000000
	//   consumer reads cherry   from shardId-000000000000
	// stream UPDATING
	// put banana   -> shardId-000000000000
	// put grape    -> shardId-000000000000
	//   consumer reads banana   from shardId-000000000000
	//   consumer reads grape    from shardId-000000000000
	// stream ACTIVE
	// put date     -> shardId-000000000001
	// put kiwi     -> shardId-000000000002
	//   consumer finished shardId-000000000000; children shardId-000000000001, shardId-000000000002
	//   consumer starts shardId-000000000001
	//   consumer starts shardId-000000000002
	//   consumer reads date     from shardId-000000000001
	//   consumer reads kiwi     from shardId-000000000002
	// stream UPDATING
	// put fig      -> shardId-000000000001
	// stream ACTIVE
	// put lemon    -> shardId-000000000003
	// put mango    -> shardId-000000000003
	//   consumer reads fig      from shardId-000000000001
	//   consumer finished shardId-000000000001; children shardId-000000000003
	//   consumer waits: shardId-000000000003 has unfinished parents
	//   consumer finished shardId-000000000002; children shardId-000000000003
	//   consumer starts shardId-000000000003
	//   consumer reads lemon    from shardId-000000000003
	//   consumer reads mango    from shardId-000000000003
}
