package kinesisfake

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesisfake/kinesisfake/internal/validation"
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
// Its shards grow by a record a call, to millions; the steady
// sub-benchmark moves the clock on 2 minutes every 500 calls, so that
// retention (24 hours) trims the shards as fast as they grow (about 90,000
// records each), as in a long-running fake.
func BenchmarkPutRecord(b *testing.B) {
	b.Run("growing", func(b *testing.B) { benchPutRecord(b, 0) })
	b.Run("steady", func(b *testing.B) { benchPutRecord(b, 2*time.Minute) })
}

// benchPutRecord is BenchmarkPutRecord, moving the clock on step every 500
// calls.
func benchPutRecord(b *testing.B, step time.Duration) {
	f, clk := newBenchFake(b, 4)
	ctx := context.Background()
	inputs := make([]kinesis.PutRecordInput, len(benchKeys))
	for i := range inputs {
		inputs[i] = kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: &benchKeys[i%len(benchKeys)], Data: benchData}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := f.PutRecord(ctx, &inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
		if step > 0 && i%500 == 499 {
			clk.Advance(step)
		}
	}
}

// BenchmarkPutRecordParts is what BenchmarkPutRecord's call is made of,
// each part alone, in the same run (the engine's own work, routing and
// storing, is the rest): the generated validation of its input (client
// side and model), the MD5 of a partition key and the cached lookup that
// replaces it for a key put before, the clock read (twice a call: when it
// arrives, and under the lock), the answer's one allocation and the call
// log's entry.
func BenchmarkPutRecordParts(b *testing.B) {
	f, _ := newBenchFake(b, 4)
	in := &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: &benchKeys[1], Data: benchData}
	b.Run("part=validation", func(b *testing.B) {
		for b.Loop() {
			if validation.Required(in) != nil || validation.Constraints(in, false) != nil {
				b.Fatal("invalid")
			}
		}
	})
	b.Run("part=md5", func(b *testing.B) {
		for b.Loop() {
			benchHashSink = md5HashKey(*in.PartitionKey)
		}
	})
	b.Run("part=cached-hash", func(b *testing.B) {
		for b.Loop() {
			benchHashSink = hashKeyOf(*in.PartitionKey)
		}
	})
	b.Run("part=clock", func(b *testing.B) {
		for b.Loop() {
			benchTimeSink = f.now()
		}
	})
	b.Run("part=answer", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			benchAnswerSink = new(putRecordResult)
		}
	})
	b.Run("part=call-log", func(b *testing.B) {
		now := f.now()
		for b.Loop() {
			f.log.record(Call{Op: OpPutRecord, Input: in, Time: now})
		}
	})
}

// Sinks that keep BenchmarkPutRecordParts' results alive.
var (
	benchHashSink   hashKey
	benchTimeSink   time.Time
	benchAnswerSink *putRecordResult
)

// BenchmarkPutRecords500 is one PutRecords of 500 records of 16 bytes to a
// 4-shard stream; ns/record is the cost per record (issue 10's goal: 100
// ns). In growing, the shards grow by 125 records a call, to millions:
// much of the cost is the memory they take (first touches of new pages,
// copies of a growing index). In steady, the clock moves on 2 minutes a
// call, so that retention (24 hours) trims the shards as fast as they grow:
// each holds about 90,000 records, and their memory is used again and
// again, as in a long-running fake. floor is what any PutRecords of those
// entries costs at least, in the same run (benchPutRecordsFloor).
func BenchmarkPutRecords500(b *testing.B) {
	b.Run("growing", func(b *testing.B) { benchPutRecords500(b, 0) })
	b.Run("steady", func(b *testing.B) { benchPutRecords500(b, 2*time.Minute) })
	b.Run("floor=answer+store", func(b *testing.B) { benchPutRecordsFloor(b, benchPutEntries()) })
}

// benchPutEntries are the 500 entries of BenchmarkPutRecords500.
func benchPutEntries() []types.PutRecordsRequestEntry {
	entries := make([]types.PutRecordsRequestEntry, 500)
	for i := range entries {
		entries[i] = types.PutRecordsRequestEntry{PartitionKey: &benchKeys[i%len(benchKeys)], Data: benchData}
	}
	return entries
}

// benchPutRecords500 is BenchmarkPutRecords500, moving the clock on step
// after each call.
func benchPutRecords500(b *testing.B, step time.Duration) {
	f, clk := newBenchFake(b, 4)
	ctx := context.Background()
	in := &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: benchPutEntries()}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := f.PutRecords(ctx, in); err != nil {
			b.Fatal(err)
		}
		if step > 0 {
			clk.Advance(step)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*500), "ns/record")
}

// benchPutRecordsFloor is the floor of BenchmarkPutRecords500/steady: the
// memory any PutRecords of these entries writes, and nothing else. It
// allocates and fills the answer the caller owns (a result per entry, the
// shard id and sequence number each points to, 56 digits a number, as
// putRecords lays them out) and stores each entry: its key and data copied
// into the stream's memory and an index entry written, into buffers the
// size of the steady shards' (4 x 90,000 records), used round and round.
// It leaves out everything that makes a put a put: validation, hashing and
// routing, limits, retention, the sequence numbers' arithmetic, locks,
// subscriptions and the call log.
func benchPutRecordsFloor(b *testing.B, entries []types.PutRecordsRequestEntry) {
	const held = 4 * 90000
	index := make([]record, held)
	log := make([]byte, held*(len(benchKeys[0])+len(benchData)))
	digits := bytes.Repeat([]byte{'4'}, seqLen)
	shardID := shard0
	n, next, pos := len(entries), 0, 0
	b.ReportAllocs()
	for b.Loop() {
		results := make([]types.PutRecordsResultEntry, n)
		strs := make([]string, 2*n)
		var seqs strings.Builder
		seqs.Grow(n * seqLen)
		for i, e := range entries {
			key := *e.PartitionKey
			if pos+len(key)+len(e.Data) > len(log) {
				pos = 0
			}
			index[next] = newRecord(int64(pos), 0, uint32(pos), len(e.Data), len(key), false)
			next = (next + 1) % held
			pos += copy(log[pos:], key)
			pos += copy(log[pos:], e.Data)
			seqs.Write(digits)
			strs[i] = shardID
			results[i].ShardId = &strs[i]
		}
		all := seqs.String()
		for i := range results {
			strs[n+i] = all[i*seqLen : (i+1)*seqLen]
			results[i].SequenceNumber = &strs[n+i]
		}
		benchPutSink = results
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/record")
}

// benchPutSink keeps benchPutRecordsFloor's answers alive.
var benchPutSink []types.PutRecordsResultEntry

// BenchmarkGetRecords100 reads 100 records per GetRecords call, walking a
// shard of 100,000 records and starting over at its end: records of 16
// bytes, and of 100 bytes (issue 10's goal: under 3 µs with the call log
// on, as it is by default).
func BenchmarkGetRecords100(b *testing.B) {
	for _, size := range []int{16, 100} {
		b.Run(fmt.Sprintf("data=%d", size), func(b *testing.B) {
			f, _ := newBenchFake(b, 1)
			ctx := context.Background()
			fillShardWith(b, f, "s", 100000, nil, make([]byte, size))
			start, err := f.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shard0),
				ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
			if err != nil {
				b.Fatal(err)
			}
			in := &kinesis.GetRecordsInput{ShardIterator: start.ShardIterator, Limit: aws.Int32(100)}
			b.Run("floor=copy", func(b *testing.B) { benchPageFloor(b, f) })
			b.Run("floor=owned", func(b *testing.B) { benchOwnedFloor(b, f) })
			b.Run("floor=answer", func(b *testing.B) { benchAnswerFloor(b, f) })
			b.Run("floor=records", benchRecordsFloor)
			b.Run("call", func(b *testing.B) {
				b.ReportAllocs()
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
			})
		})
	}
}

// benchPageFloor is the floor of BenchmarkGetRecords100 in the same
// process and heap: the memory a page of 100 records is made of,
// allocated and filled as readPage and page.records fill it (the SDK
// records, what their pointers point to, a copy of the records' keys and
// data, their 56-digit sequence numbers), walking the same shard, without
// the rest of the call (iterators, locks, limits, the call log, the
// sequence numbers' arithmetic).
func benchPageFloor(b *testing.B, f *Fake) {
	sh := lockedBenchShard(b, f)
	var digits [seqLen]byte
	b.ReportAllocs()
	off := sh.buf.first
	for b.Loop() {
		if off+100 > sh.buf.nextOffset() {
			off = sh.buf.first
		}
		var runs [8][]byte
		n := 0
		for i := range uint64(100) {
			r := sh.buf.at(off + i)
			if i == 0 || r.chunk != sh.buf.at(off+i-1).chunk {
				runs[n] = sh.buf.log.chunks[r.chunk-sh.buf.log.firstChunk][r.off:r.off]
				n++
			}
			runs[n-1] = runs[n-1][:len(runs[n-1])+r.size()]
		}
		out := make([]types.Record, 100)
		meta := make([]recordMeta, 100)
		all := bytes.Join(runs[:n], nil)
		var seqs strings.Builder
		seqs.Grow(100 * seqLen)
		pos := 0
		for i := range out {
			r := sh.buf.at(off + uint64(i))
			seqs.Write(digits[:])
			m := &meta[i]
			m.key, m.at = frozenString(all[pos:pos+int(r.keyLen)]), timeOfMs(r.arrivalMs())
			o := &out[i]
			o.Data = all[pos+int(r.keyLen) : pos+r.size() : pos+r.size()]
			o.PartitionKey, o.ApproximateArrivalTimestamp, o.SequenceNumber = &m.key, &m.at, &m.seq
			pos += r.size()
		}
		text := seqs.String()
		for i := range meta {
			meta[i].seq = text[i*seqLen : (i+1)*seqLen]
		}
		benchPageSink = out
		off += 100
	}
}

// benchOwnedFloor is the lowest floor of BenchmarkGetRecords100: the
// least memory an answer its caller owns is made of, allocated and filled:
// the SDK records and one copy of their data, nothing else (not even what
// their pointers point to: partition keys, sequence numbers, timestamps).
// A GetRecords that returned less would hand its caller the stream's own
// bytes.
func benchOwnedFloor(b *testing.B, f *Fake) {
	sh := lockedBenchShard(b, f)
	b.ReportAllocs()
	off := sh.buf.first
	for b.Loop() {
		if off+100 > sh.buf.nextOffset() {
			off = sh.buf.first
		}
		size := 0
		for i := range uint64(100) {
			size += sh.buf.at(off + i).dataLen()
		}
		out := make([]types.Record, 100)
		all := make([]byte, 0, size)
		for i := range out {
			r := sh.buf.at(off + uint64(i))
			from := len(all)
			all = append(all, sh.buf.data(r)...)
			out[i].Data = all[from:len(all):len(all)]
		}
		benchPageSink = out
		off += 100
	}
}

// benchAnswerFloor is the floor of BenchmarkGetRecords100 that no
// GetRecords returning the SDK's types goes under, even one that shared
// the stream's bytes with its caller: the records and what their pointers
// must point to (a partition key, a sequence number of 56 digits and a
// timestamp each), allocated and filled, with Data pointing into the
// stream's own memory, uncopied.
func benchAnswerFloor(b *testing.B, f *Fake) {
	sh := lockedBenchShard(b, f)
	digits := bytes.Repeat([]byte{'4'}, seqLen)
	b.ReportAllocs()
	off := sh.buf.first
	for b.Loop() {
		if off+100 > sh.buf.nextOffset() {
			off = sh.buf.first
		}
		out := make([]types.Record, 100)
		meta := make([]recordMeta, 100)
		var seqs strings.Builder
		seqs.Grow(100 * seqLen)
		for i := range out {
			r := sh.buf.at(off + uint64(i))
			seqs.Write(digits)
			m := &meta[i]
			m.key, m.at = frozenString(sh.buf.key(r)), timeOfMs(r.arrivalMs())
			o := &out[i]
			o.Data = sh.buf.data(r)
			o.PartitionKey, o.ApproximateArrivalTimestamp, o.SequenceNumber = &m.key, &m.at, &m.seq
		}
		text := seqs.String()
		for i := range meta {
			meta[i].seq = text[i*seqLen : (i+1)*seqLen]
		}
		benchPageSink = out
		off += 100
	}
}

// benchRecordsFloor is the floor under every other of
// BenchmarkGetRecords100: the one allocation no answer of 100 records can
// do without, the slice of 100 SDK records, zeroed, and nothing else.
func benchRecordsFloor(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		benchPageSink = make([]types.Record, 100)
	}
}

// lockedBenchShard returns the first shard of stream "s", locked until b
// ends, for the floors to read as a call would.
func lockedBenchShard(b *testing.B, f *Fake) *shard {
	f.mu.RLock()
	sh := f.streams["s"].shards[0]
	f.mu.RUnlock()
	sh.mu.Lock()
	b.Cleanup(sh.mu.Unlock)
	return sh
}

// benchPageSink keeps benchPageFloor's pages alive.
var benchPageSink []types.Record

// fillShard puts n records of 16 bytes to stream s with PutRecords, moving
// clk (if not nil) one millisecond every 10 records so that arrival times
// are spread out.
func fillShard(b *testing.B, f *Fake, s string, n int, clk *ManualClock) {
	b.Helper()
	fillShardWith(b, f, s, n, clk, benchData)
}

// fillShardWith is fillShard with records of the given data.
func fillShardWith(b *testing.B, f *Fake, s string, n int, clk *ManualClock, data []byte) {
	b.Helper()
	ctx := context.Background()
	entries := make([]types.PutRecordsRequestEntry, 10)
	for i := range entries {
		entries[i] = types.PutRecordsRequestEntry{PartitionKey: &benchKeys[i], Data: data}
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

// BenchmarkPutRecordRouting is PutRecord on streams whose routing differs:
// 4 and 10,000 open shards, and 4 open shards after 1,800 reshards (900
// splits each merged back, 2,704 shards in the stream's history). Routing
// costs O(log open shards) and nothing per closed shard, so the three
// differ by a few binary-search steps.
func BenchmarkPutRecordRouting(b *testing.B) {
	for _, c := range []struct {
		name             string
		shards, reshards int
	}{
		{"shards=4", 4, 0},
		{"shards=10000", 10000, 0},
		{"shards=4/reshards=1800", 4, 1800},
	} {
		b.Run(c.name, func(b *testing.B) {
			f, _ := newBenchFake(b, c.shards)
			reshardBackAndForth(b, f, "s", c.reshards)
			ctx := context.Background()
			keys := make([]string, 1024)
			inputs := make([]kinesis.PutRecordInput, len(keys))
			for i := range inputs {
				keys[i] = fmt.Sprintf("partition-key-%04d", i)
				inputs[i] = kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: &keys[i], Data: benchData}
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				if _, err := f.PutRecord(ctx, &inputs[i%len(inputs)]); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// reshardBackAndForth reshards stream s n times (n even): it splits the
// open shard holding hash key 0 in two and merges the halves back, n/2
// times, so the stream keeps its layout and gains 3 closed shards a round.
func reshardBackAndForth(b *testing.B, f *Fake, s string, n int) {
	b.Helper()
	ctx := context.Background()
	f.mu.RLock()
	low := f.streams[s].shards[0]
	f.mu.RUnlock()
	id, mid := low.id, low.keys.start.big()
	mid.Add(mid, low.keys.end.big()).Rsh(mid, 1)
	for range n / 2 {
		if _, err := f.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: &s, ShardToSplit: &id, NewStartingHashKey: aws.String(mid.String())}); err != nil {
			b.Fatal(err)
		}
		f.mu.RLock()
		next := len(f.streams[s].shards)
		f.mu.RUnlock()
		lower, upper := shardID(next-2), shardID(next-1)
		if _, err := f.MergeShards(ctx, &kinesis.MergeShardsInput{StreamName: &s, ShardToMerge: &lower, AdjacentShardToMerge: &upper}); err != nil {
			b.Fatal(err)
		}
		id = shardID(next)
	}
}
