package kinesisfake

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Benchmarks of enhanced fan-out, in memory (f.Client()) and over HTTP
// (Handler on a loopback listener, a real client):
//
//	go test -run '^$' -bench 'Subscribe' -benchmem
//
// SubscribeLatency is the time from a PutRecord (the direct door) to its
// event's arrival at the subscriber; its floor is the PutRecord alone.
// SubscribeThroughput delivers PutRecords of 500 100-byte records through
// one subscription, and reports records/s.

// benchSubscriber subscribes consumer "app" of a one-shard stream "s" at
// LATEST through door and returns the fake, its clock-standing events and
// a cleanup.
func benchSubscriber(b *testing.B, door testDoor) (*Fake, <-chan types.SubscribeToShardEventStream) {
	b.Helper()
	h := newHarness(b, door)
	streamARN := h.stream("s", 1)
	app := h.consumer(streamARN, "app")
	out, err := h.api.SubscribeToShard(h.ctx, &kinesis.SubscribeToShardInput{ConsumerARN: &app, ShardId: aws.String(shardID(0)),
		StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeLatest}}, door.subscribeOpt)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { out.GetStream().Close() })
	return h.f, out.GetStream().Events()
}

// benchDoors name the doors the fan-out benchmarks compare.
var benchDoors = []string{"client", "http"}

func BenchmarkSubscribeLatency(b *testing.B) {
	ctx := context.Background()
	in := &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: benchData}
	b.Run("floor=PutRecord", func(b *testing.B) {
		f, _ := benchSubscriber(b, doorsNamed(b, "client")[0])
		b.ReportAllocs()
		for b.Loop() {
			if _, err := f.PutRecord(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, door := range doorsNamed(b, benchDoors...) {
		b.Run("door="+door.name, func(b *testing.B) {
			f, events := benchSubscriber(b, door)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.PutRecord(ctx, in); err != nil {
					b.Fatal(err)
				}
				for got := 0; got == 0; {
					ev := (<-events).(*types.SubscribeToShardEventStreamMemberSubscribeToShardEvent)
					got = len(ev.Value.Records)
				}
			}
		})
	}
}

func BenchmarkSubscribeThroughput(b *testing.B) {
	ctx := context.Background()
	entries := make([]types.PutRecordsRequestEntry, 500)
	data := make([]byte, 100)
	for i := range entries {
		entries[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String("k"), Data: data}
	}
	in := &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: entries}
	for _, door := range doorsNamed(b, benchDoors...) {
		b.Run("door="+door.name, func(b *testing.B) {
			f, events := benchSubscriber(b, door)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.PutRecords(ctx, in); err != nil {
					b.Fatal(err)
				}
				for got := 0; got < len(entries); {
					ev := (<-events).(*types.SubscribeToShardEventStreamMemberSubscribeToShardEvent)
					got += len(ev.Value.Records)
				}
			}
			b.ReportMetric(float64(b.N*len(entries))/b.Elapsed().Seconds(), "records/s")
		})
	}
}
