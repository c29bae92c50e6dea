package kinesisfake

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Benchmarks of the data plane through the public methods, as a test
// program calls them. Run with
//
//	go test -bench . -benchmem -run '^$'
//
// Goals: PutRecord < 1 µs, GetRecords of 100 records < 10 µs,
// AT_TIMESTAMP in O(log n) (compare the sub-benchmarks), and less than 100
// bytes of memory per stored record beyond its data.

// benchKeys are the partition keys benchmarks cycle through: made once, so
// producing them costs nothing in the loop, and spread over every shard.
var benchKeys = func() []string {
	keys := make([]string, 64)
	for i := range keys {
		keys[i] = fmt.Sprintf("partition-key-%02d", i)
	}
	return keys
}()

// benchData is a small record, the common case in tests.
var benchData = []byte("0123456789abcdef")

// newBenchFake returns a Fake without throughput limits on a ManualClock,
// with a stream "s" of the given shard count.
func newBenchFake(b *testing.B, shards int) (*Fake, *ManualClock) {
	b.Helper()
	f, clk := fakeAt(b, dpStart)
	f.CreateStreamT(b, "s", shards)
	return f, clk
}

// BenchmarkPutRecord is one PutRecord of 16 bytes to a 4-shard stream.
func BenchmarkPutRecord(b *testing.B) {
	f, _ := newBenchFake(b, 4)
	ctx := context.Background()
	inputs := make([]kinesis.PutRecordInput, len(benchKeys))
	for i := range inputs {
		inputs[i] = kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: &benchKeys[i], Data: benchData}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := f.PutRecord(ctx, &inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPutRecords500 is one PutRecords of 500 records of 16 bytes to a
// 4-shard stream; ns/record is the cost per record.
func BenchmarkPutRecords500(b *testing.B) {
	f, _ := newBenchFake(b, 4)
	ctx := context.Background()
	entries := make([]types.PutRecordsRequestEntry, 500)
	for i := range entries {
		entries[i] = types.PutRecordsRequestEntry{PartitionKey: &benchKeys[i%len(benchKeys)], Data: benchData}
	}
	in := &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: entries}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := f.PutRecords(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*500), "ns/record")
}

// BenchmarkGetRecords100 reads 100 records of 16 bytes per GetRecords call,
// walking a shard of 100,000 records and starting over at its end.
func BenchmarkGetRecords100(b *testing.B) {
	f, _ := newBenchFake(b, 1)
	ctx := context.Background()
	fillShard(b, f, "s", 100000, nil)
	start, err := f.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shard0),
		ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
	if err != nil {
		b.Fatal(err)
	}
	in := &kinesis.GetRecordsInput{ShardIterator: start.ShardIterator, Limit: aws.Int32(100)}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		out, err := f.GetRecords(ctx, in)
		if err != nil {
			b.Fatal(err)
		}
		if len(out.Records) != 100 {
			b.Fatalf("got %d records", len(out.Records))
		}
		in.ShardIterator = out.NextShardIterator
		if *out.MillisBehindLatest == 0 {
			in.ShardIterator = start.ShardIterator
		}
	}
}

// fillShard puts n records of 16 bytes to stream s with PutRecords, moving
// clk (if not nil) one millisecond every 10 records so that arrival times
// are spread out.
func fillShard(b *testing.B, f *Fake, s string, n int, clk *ManualClock) {
	b.Helper()
	ctx := context.Background()
	entries := make([]types.PutRecordsRequestEntry, 10)
	for i := range entries {
		entries[i] = types.PutRecordsRequestEntry{PartitionKey: &benchKeys[i], Data: benchData}
	}
	in := &kinesis.PutRecordsInput{StreamName: &s, Records: entries}
	for range n / len(entries) {
		if _, err := f.PutRecords(ctx, in); err != nil {
			b.Fatal(err)
		}
		if clk != nil {
			clk.Advance(time.Millisecond)
		}
	}
}

// atTimestampFixtures caches the shards BenchmarkGetShardIteratorAtTimestamp
// searches: building a million records once is enough for every run.
var atTimestampFixtures sync.Map // records count -> *Fake

// BenchmarkGetShardIteratorAtTimestamp is GetShardIterator AT_TIMESTAMP on
// shards of increasing size, at timestamps spread over the shard: the cost
// grows with log n, not n.
func BenchmarkGetShardIteratorAtTimestamp(b *testing.B) {
	for _, n := range []int{1000, 1000000} {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			cached, ok := atTimestampFixtures.Load(n)
			if !ok {
				f, clk := newBenchFake(b, 1)
				fillShard(b, f, "s", n, clk)
				atTimestampFixtures.Store(n, f)
				cached = f
			}
			f := cached.(*Fake)
			ctx := context.Background()
			span := int64(n / 10) // ms of arrivals: one per 10 records
			in := &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shard0),
				ShardIteratorType: types.ShardIteratorTypeAtTimestamp}
			stamps := make([]time.Time, 1024)
			for i := range stamps {
				stamps[i] = dpStart.Add(time.Duration(int64(i)*7919%span) * time.Millisecond)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				in.Timestamp = &stamps[i%len(stamps)]
				if _, err := f.GetShardIterator(ctx, in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkMemoryPerRecord stores 1,000,000 records of 16 bytes on one
// shard and reports the heap they take beyond their data, per record
// (bytes/record). The partition keys are shared strings, as a producer's
// usually are, so they are not counted.
func BenchmarkMemoryPerRecord(b *testing.B) {
	const n = 1000000
	for b.Loop() {
		b.StopTimer()
		f, _ := newBenchFake(b, 1)
		f.ResetCalls()
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		b.StartTimer()
		fillShard(b, f, "s", n, nil)
		b.StopTimer()
		f.ResetCalls() // the call log is the test's, not the stream's
		runtime.GC()
		runtime.ReadMemStats(&after)
		perRecord := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / n
		b.ReportMetric(perRecord-float64(len(benchData)), "bytes/record")
		runtime.KeepAlive(f)
		b.StartTimer()
	}
}
