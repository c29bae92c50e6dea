package kinesisfake

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The scale of issue 10 §5: a stream of 10,000 shards retaining 10,000,000
// records of 100 bytes. TestScale and BenchmarkScale run it with a fiftieth
// of the records (200,000: TestScale takes about 3 s under -race; it is
// skipped under -short); -scale runs all of them:
//
//	go test -run TestScale -scale -v .
//	go test -run '^$' -bench Scale -benchmem -scale .

// scaleFull selects the full size in TestScale and BenchmarkScale.
var scaleFull = flag.Bool("scale", false, "run TestScale and BenchmarkScale with all 10,000,000 records")

// The scale fixture's sizes.
const (
	scaleShards  = 10000
	scaleRecords = 10000000
	scaleDataLen = 100
	scaleKeys    = 1 << 20 // distinct partition keys: "k" and 7 digits
	scaleBatch   = 500
	scaleStep    = 10 * time.Millisecond // of the clock between batches
)

// scaleRecordCount is how many records the scale fixture holds.
func scaleRecordCount() int {
	if *scaleFull {
		return scaleRecords
	}
	return scaleRecords / 50
}

// scaleFixture is a Fake holding stream "big" of some shards and records
// of scaleDataLen bytes, put in batches of 500 with the clock moving on
// 10 ms between batches, and what building it took.
type scaleFixture struct {
	f       *Fake
	clk     *ManualClock
	shards  int
	records int
	startMs int64 // the first batch's arrival
	endMs   int64 // the last's
	// perRecord is the heap the records take beyond their data and
	// partition keys, per record; created and filled how long creating
	// the stream and putting the records took.
	perRecord        float64
	created, filled  time.Duration
	keyBytes, putOps int
}

// newScaleFixture builds a scaleFixture of n records over shards shards.
func newScaleFixture(tb testing.TB, shards, n int) *scaleFixture {
	tb.Helper()
	x := &scaleFixture{shards: shards, records: n}
	x.clk = NewManualClock(dpStart)
	x.f = New(WithClock(x.clk), WithoutThroughputLimits(), WithCallLogSize(0))
	ctx := context.Background()
	keys := make([]string, scaleKeys)
	for i := range keys {
		keys[i] = fmt.Sprintf("k%07d", i)
	}
	data := make([]byte, scaleDataLen)
	entries := make([]types.PutRecordsRequestEntry, scaleBatch)
	in := &kinesis.PutRecordsInput{StreamName: aws.String("big"), Records: entries}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	x.f.CreateStreamT(tb, "big", shards)
	x.created = time.Since(start)
	x.startMs = msOf(x.clk.Now())
	start = time.Now()
	for i := 0; i < n; i += scaleBatch {
		for j := range entries {
			k := &keys[(i+j)%scaleKeys]
			x.keyBytes += len(*k)
			entries[j] = types.PutRecordsRequestEntry{PartitionKey: k, Data: data}
		}
		out, err := x.f.PutRecords(ctx, in)
		if err != nil || *out.FailedRecordCount != 0 {
			tb.Fatalf("PutRecords: %v", err)
		}
		x.endMs = msOf(x.clk.Now())
		x.clk.Advance(scaleStep)
	}
	x.filled = time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(keys) // made before the first reading: not the stream's
	x.perRecord = (float64(after.HeapAlloc) - float64(before.HeapAlloc) - float64(x.keyBytes) - float64(n*scaleDataLen)) / float64(n)
	return x
}

// TestScale works a stream of 10,000 shards holding 200,000 records of 100
// bytes (ten million with -scale) through every operation whose cost
// could grow with the shards or records: routing, ListShards paging over
// every shard, AT_TIMESTAMP seeks, GetRecords through a shard, retention
// trimming, and a reshard of all the shards, which routing must follow.
// Its timings and memory are logged; BenchmarkScale measures them.
func TestScale(t *testing.T) {
	if testing.Short() {
		t.Skip("the scale test is long; run it without -short")
	}
	ctx := context.Background()
	x := newScaleFixture(t, scaleShards, scaleRecordCount())
	f, clk := x.f, x.clk
	t.Logf("%d shards: created in %v; %d records of %d bytes put in %v, %.1f bytes a record beyond its data and key",
		x.shards, x.created, x.records, scaleDataLen, x.filled, x.perRecord)
	if *scaleFull {
		// Issue 10's goal at the full size; with a fiftieth of the records
		// the shards' own memory, not the records', is most of it.
		assert.Less(t, x.perRecord, 32.0, "bytes a record beyond its data and key")
	}

	f.mu.RLock()
	s := f.streams["big"]
	f.mu.RUnlock()
	openShards := func() int {
		out, err := f.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("big")})
		require.NoError(t, err)
		return int(*out.StreamDescriptionSummary.OpenShardCount)
	}
	require.Equal(t, scaleShards, openShards())

	// Routing: each key goes to the shard whose range holds its hash.
	route := func() {
		t.Helper()
		for i := range 200 {
			key := fmt.Sprintf("route-%d", i)
			out, err := f.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("big"), PartitionKey: &key, Data: []byte("r")})
			require.NoError(t, err)
			f.mu.RLock()
			want := s.scanForKey(md5HashKey(key), msOf(clk.Now()))
			f.mu.RUnlock()
			require.Equal(t, want.id, *out.ShardId, key)
		}
	}
	route()

	// ListShards pages through every shard once, in order.
	listAll := func() []string {
		t.Helper()
		var ids []string
		in := &kinesis.ListShardsInput{StreamName: aws.String("big")}
		for {
			out, err := f.ListShards(ctx, in)
			require.NoError(t, err)
			for _, sh := range out.Shards {
				ids = append(ids, *sh.ShardId)
			}
			if out.NextToken == nil {
				return ids
			}
			in = &kinesis.ListShardsInput{NextToken: out.NextToken}
		}
	}
	ids := listAll()
	require.Len(t, ids, scaleShards)
	for i, id := range ids {
		require.Equal(t, shardID(i), id)
	}

	// AT_TIMESTAMP seeks, and GetRecords through a whole shard.
	total := 0
	for _, n := range []int{0, scaleShards / 2, scaleShards - 1} {
		id := shardID(n)
		held := f.Records("big", id)
		require.NotEmpty(t, held)
		total += len(held)
		mid := held[len(held)/2].ApproximateArrivalTimestamp
		it, err := f.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("big"), ShardId: &id,
			ShardIteratorType: types.ShardIteratorTypeAtTimestamp, Timestamp: mid})
		require.NoError(t, err)
		out, err := f.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator, Limit: aws.Int32(1)})
		require.NoError(t, err)
		require.Len(t, out.Records, 1)
		first := slicesIndexSeq(held, *out.Records[0].SequenceNumber)
		require.GreaterOrEqual(t, first, 0)
		assert.False(t, held[first].ApproximateArrivalTimestamp.Before(*mid))
		if first > 0 {
			assert.True(t, held[first-1].ApproximateArrivalTimestamp.Before(*mid))
		}

		it, err = f.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("big"), ShardId: &id,
			ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		require.NoError(t, err)
		read, next := 0, it.ShardIterator
		for {
			out, err := f.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: next})
			require.NoError(t, err)
			for _, r := range out.Records {
				require.Equal(t, *held[read].SequenceNumber, *r.SequenceNumber)
				read++
			}
			if *out.MillisBehindLatest == 0 {
				break
			}
			next = out.NextShardIterator
		}
		require.Equal(t, len(held), read)
	}
	t.Logf("shards 0, %d and %d hold %d records", scaleShards/2, scaleShards-1, total)

	// Retention: from the middle of the puts on, the older half is gone.
	clk.Set(timeOfMs((x.startMs + x.endMs) / 2).Add(24 * time.Hour))
	cutoff := timeOfMs(s.retentionCutoffMs(clk.Now()))
	for _, n := range []int{0, scaleShards - 1} {
		held := f.Records("big", shardID(n))
		require.NotEmpty(t, held)
		assert.False(t, held[0].ApproximateArrivalTimestamp.Before(cutoff))
	}

	// A reshard of every shard: UpdateShardCount halves the stream, and
	// routing follows the 5,000 children.
	clk.Advance(time.Second)
	start := time.Now()
	_, err := f.UpdateShardCount(ctx, &kinesis.UpdateShardCountInput{StreamName: aws.String("big"),
		TargetShardCount: aws.Int32(scaleShards / 2), ScalingType: types.ScalingTypeUniformScaling})
	require.NoError(t, err)
	t.Logf("UpdateShardCount %d -> %d in %v", scaleShards, scaleShards/2, time.Since(start))
	require.Equal(t, scaleShards/2, openShards())
	route()
	require.Len(t, listAll(), scaleShards+scaleShards/2, "parents and children")

	// Past retention, everything put before the reshard is gone.
	clk.Advance(25 * time.Hour)
	for _, n := range []int{0, scaleShards - 1} {
		_, err := f.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("big"), ShardId: aws.String(shardID(n)),
			ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		requireAWSError[*types.ResourceNotFoundException](t, err, "GetShardIterator", "Shard "+shardID(n)+" in stream big under account 000000000000 does not exist")
	}
}

// slicesIndexSeq is the index of the record with sequence number seq, or -1.
func slicesIndexSeq(records []types.Record, seq string) int {
	for i, r := range records {
		if *r.SequenceNumber == seq {
			return i
		}
	}
	return -1
}

// BenchmarkScale measures the scale fixture, on 4 shards and on 10,000, each
// holding the same 200,000 records (ten million with -scale): building it
// (ns/record of the puts, the heap a record takes beyond its data and key,
// creating the stream), then a PutRecord, a GetShardIterator AT_TIMESTAMP
// at a random instant, a GetRecords of 100 records from a random position,
// paging through ListShards' every shard, and DescribeStreamSummary (which
// counts the open shards).
func BenchmarkScale(b *testing.B) {
	n := scaleRecordCount()
	for _, shards := range []int{4, scaleShards} {
		b.Run(fmt.Sprintf("shards=%d", shards), func(b *testing.B) {
			var x *scaleFixture
			b.Run("fill", func(b *testing.B) {
				for b.Loop() {
					x = nil
					x = newScaleFixture(b, shards, n)
				}
				b.ReportMetric(float64(x.filled.Nanoseconds())/float64(n), "ns/record")
				b.ReportMetric(x.perRecord, "bytes/record")
				b.ReportMetric(float64(x.created.Microseconds())/1000, "create-ms")
				b.ReportMetric(0, "ns/op")
			})
			benchScaleOps(b, x)
		})
	}
}

// benchScaleOps is BenchmarkScale's operations on fixture x.
func benchScaleOps(b *testing.B, x *scaleFixture) {
	ctx := context.Background()
	f := x.f
	name := aws.String("big")
	puts := make([]kinesis.PutRecordInput, 1024)
	for i := range puts {
		puts[i] = kinesis.PutRecordInput{StreamName: name, PartitionKey: aws.String(fmt.Sprintf("bench-%04d", i)), Data: benchData}
	}
	b.Run("op=PutRecord", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := f.PutRecord(ctx, &puts[i%len(puts)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	// Seeks and reads at 1,024 places: a shard and an instant within the
	// puts, spread over both.
	seeks := make([]kinesis.GetShardIteratorInput, 1024)
	reads := make([]kinesis.GetRecordsInput, len(seeks))
	for i := range seeks {
		ts := timeOfMs(x.startMs + int64(i)*7919%(x.endMs-x.startMs))
		seeks[i] = kinesis.GetShardIteratorInput{StreamName: name, ShardId: aws.String(shardID(i * 7919 % x.shards)),
			ShardIteratorType: types.ShardIteratorTypeAtTimestamp, Timestamp: &ts}
		it, err := f.GetShardIterator(ctx, &seeks[i])
		if err != nil {
			b.Fatal(err)
		}
		reads[i] = kinesis.GetRecordsInput{ShardIterator: it.ShardIterator, Limit: aws.Int32(100)}
	}
	b.Run("op=GetShardIterator-AtTimestamp", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := f.GetShardIterator(ctx, &seeks[i%len(seeks)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("op=GetRecords100", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, err := f.GetRecords(ctx, &reads[i%len(reads)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("op=ListShards-all", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			in := &kinesis.ListShardsInput{StreamName: name}
			for {
				out, err := f.ListShards(ctx, in)
				if err != nil {
					b.Fatal(err)
				}
				if out.NextToken == nil {
					break
				}
				in = &kinesis.ListShardsInput{NextToken: out.NextToken}
			}
		}
	})
	b.Run("op=DescribeStreamSummary", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := f.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: name}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
