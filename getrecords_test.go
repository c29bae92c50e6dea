package kinesisfake

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// putMany stores n records of the given data size on stream s with
// PutRecords, 500 at a time.
func (h *dp) putMany(s string, n, size int) {
	h.t.Helper()
	for n > 0 {
		batch := make([]types.PutRecordsRequestEntry, min(n, 500))
		for i := range batch {
			batch[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String("k"), Data: make([]byte, size)}
		}
		_, err := h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: &s, Records: batch})
		require.NoError(h.t, err)
		n -= len(batch)
	}
}

// TestRecordFields checks a returned record field by field: its number,
// data, key and arrival time cut to the millisecond.
func TestRecordFields(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 1)
		h.clk.Advance(1500 * time.Microsecond)
		seq := *h.put("s", "key-1", []byte("payload")).SequenceNumber
		out := h.get(h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon), 0)
		want := []types.Record{{
			SequenceNumber:              aws.String(seq),
			Data:                        []byte("payload"),
			PartitionKey:                aws.String("key-1"),
			ApproximateArrivalTimestamp: aws.Time(dpStart.Add(time.Millisecond)),
		}}
		assert.Empty(t, cmp.Diff(want, out.Records, sdkCmp))
		assert.Equal(t, time.UTC, out.Records[0].ApproximateArrivalTimestamp.Location())
		assert.Empty(t, out.ChildShards)
	})
}

// TestIteratorReuse checks that iterators are positions, not cursors: the
// same one reads the same records again, and one issued at the tip sees
// records put after it was issued.
func TestIteratorReuse(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h, _ := threeRecords(t, door)
		it := h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon)
		first := h.get(it, 2)
		assert.Equal(t, []string{"r0", "r1"}, dataOf(first.Records))
		assert.Equal(t, []string{"r0", "r1"}, dataOf(h.get(it, 2).Records))
		tip := h.get(first.NextShardIterator, 0)
		assert.Equal(t, []string{"r2"}, dataOf(tip.Records))
		assert.Empty(t, h.get(tip.NextShardIterator, 0).Records)
		h.put("s", "k", []byte("r3"))
		assert.Equal(t, []string{"r3"}, dataOf(h.get(tip.NextShardIterator, 0).Records))
		assert.Equal(t, []string{"r3"}, dataOf(h.get(tip.NextShardIterator, 0).Records))
	})
}

// TestNextShardIteratorIsFresh checks that each response has its own
// NextShardIterator, a new pointer and a new token, so a caller keeping one
// is not affected by later calls.
func TestNextShardIteratorIsFresh(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h, _ := threeRecords(t, door)
		it := h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon)
		a, b := h.get(it, 1), h.get(it, 1)
		require.NotNil(t, a.NextShardIterator)
		require.NotNil(t, b.NextShardIterator)
		assert.NotSame(t, a.NextShardIterator, b.NextShardIterator)
		assert.NotEqual(t, *a.NextShardIterator, *b.NextShardIterator)
		assert.NotEqual(t, *it, *a.NextShardIterator)
		assert.Equal(t, []string{"r1"}, dataOf(h.get(a.NextShardIterator, 1).Records))
		assert.Equal(t, []string{"r1"}, dataOf(h.get(b.NextShardIterator, 1).Records))
	})
}

// TestIteratorExpiry checks the 300000 ms lifetime at its edge, that an
// iterator's age counts from the call that returned it, and the
// ExpiredIteratorException text with Java's date format.
func TestIteratorExpiry(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		tests := []struct {
			name    string
			start   time.Time
			age     time.Duration
			created string // "" when the iterator is still valid
			now     string
		}{
			{"exactly 300000 ms", dpStart, 300000 * time.Millisecond, "", ""},
			{"300001 ms", dpStart, 300001 * time.Millisecond, "Wed Jan 22 01:22:02 UTC 2025", "Wed Jan 22 01:27:02 UTC 2025"},
			{"FIDELITY.md example", time.Date(2015, 1, 22, 1, 22, 2, 0, time.UTC), 301 * time.Second,
				"Thu Jan 22 01:22:02 UTC 2015", "Thu Jan 22 01:27:03 UTC 2015"},
			{"single-digit day", time.Date(2024, 3, 5, 23, 58, 0, 0, time.UTC), time.Hour,
				"Tue Mar 05 23:58:00 UTC 2024", "Wed Mar 06 00:58:00 UTC 2024"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := newDPOn(t, door)
				h.clk.Set(tt.start)
				h.f.CreateStreamT(t, "s", 1)
				it := h.iter("s", shard0, types.ShardIteratorTypeLatest)
				h.clk.Advance(tt.age)
				_, err := h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it})
				if tt.created == "" {
					require.NoError(t, err)
					return
				}
				requireAWSError[*types.ExpiredIteratorException](t, err, "GetRecords",
					"Iterator expired. The iterator was created at time "+tt.created+" while right now it is "+tt.now+
						" which is further in the future than the tolerated delay of 300000 milliseconds.")
			})
		}

		// A NextShardIterator lives 300000 ms from the GetRecords that gave it.
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 1)
		it := h.iter("s", shard0, types.ShardIteratorTypeLatest)
		h.clk.Advance(200 * time.Second)
		next := h.get(it, 0).NextShardIterator
		h.clk.Advance(300 * time.Second)
		h.get(next, 0)
		h.clk.Advance(time.Millisecond)
		_, err := h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: next})
		requireAWSError[*types.ExpiredIteratorException](t, err, "GetRecords",
			"Iterator expired. The iterator was created at time Wed Jan 22 01:25:22 UTC 2025 while right now it is Wed Jan 22 01:30:22 UTC 2025 which is further in the future than the tolerated delay of 300000 milliseconds.")
	})
}

// TestInvalidShardIterator checks that anything but an intact iterator of
// this Fake fails as "Invalid ShardIterator.".
func TestInvalidShardIterator(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h, _ := threeRecords(t, door)
		real := *h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon)
		raw, err := base64.StdEncoding.DecodeString(real)
		require.NoError(t, err)
		flip := func(i int) string {
			b := append([]byte(nil), raw...)
			b[i] ^= 1
			return base64.StdEncoding.EncodeToString(b)
		}
		other := newDPOn(t, door, WithAccountID("111122223333"))
		other.f.CreateStreamT(t, "s", 1)

		tests := map[string]string{
			"garbage":              "garbage",
			"not base64":           "!!!!",
			"too short":            base64.StdEncoding.EncodeToString(raw[:20]),
			"truncated":            real[:len(real)-4],
			"offset changed":       flip(40),
			"shard changed":        flip(35),
			"issue time changed":   flip(51),
			"MAC changed":          flip(len(raw) - 1),
			"magic changed":        flip(7),
			"other Fake's":         *other.iter("s", shard0, types.ShardIteratorTypeTrimHorizon),
			"doubled":              real + real,
			"base64 of plain text": base64.StdEncoding.EncodeToString([]byte("shardId-000000000000")),
		}
		for name, token := range tests {
			t.Run(name, func(t *testing.T) {
				_, err := h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String(token)})
				requireAWSError[*types.InvalidArgumentException](t, err, "GetRecords", "Invalid ShardIterator.")
			})
		}

		// Past the model's 512 characters the request itself is refused.
		_, err = h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String(strings.Repeat("A", 513))})
		assert.Equal(t, "ValidationException", errCode(err))
	})
}

// TestIteratorOfDeletedStream checks that an iterator of a deleted stream,
// also once a new stream of the same name exists, names its shard as
// missing.
func TestIteratorOfDeletedStream(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h, _ := threeRecords(t, door)
		it := h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon)
		_, err := h.api.DeleteStream(h.ctx, deleteInput("s"))
		require.NoError(t, err)
		const want = "Shard shardId-000000000000 in stream s under account 000000000000 does not exist"
		_, err = h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it})
		requireAWSError[*types.ResourceNotFoundException](t, err, "GetRecords", want)
		h.f.CreateStreamT(t, "s", 1)
		h.put("s", "k", []byte("new"))
		_, err = h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it})
		requireAWSError[*types.ResourceNotFoundException](t, err, "GetRecords", want)
	})
}

// TestGetRecordsLimit checks Limit, and the default of 10000 records.
func TestGetRecordsLimit(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 1)
		for i := range 5 {
			h.put("s", "k", []byte(fmt.Sprint(i)))
		}
		it := h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon)
		var pages [][]string
		for range 4 {
			out := h.get(it, 2)
			pages = append(pages, dataOf(out.Records))
			it = out.NextShardIterator
		}
		assert.Equal(t, [][]string{{"0", "1"}, {"2", "3"}, {"4"}, {}}, pages)

		h.f.CreateStreamT(t, "big", 1)
		h.putMany("big", 10001, 1)
		it = h.iter("big", shard0, types.ShardIteratorTypeTrimHorizon)
		out := h.get(it, 0)
		assert.Len(t, out.Records, 10000)
		assert.Len(t, h.get(out.NextShardIterator, 0).Records, 1)
		assert.Len(t, h.get(it, 10000).Records, 10000)
	})
}

// TestGetRecordsSizeCap checks that a response stops before passing 10 MiB
// of data and partition keys: records of exactly 1 MiB each come ten to a
// page.
func TestGetRecordsSizeCap(t *testing.T) {
	forDoorsIn(t, bulkDoors, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 1)
		for range 11 {
			h.put("s", "k", make([]byte, mib-1)) // 1 MiB with its 1-byte key
		}
		out := h.get(h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon), 0)
		assert.Len(t, out.Records, 10)
		assert.NotZero(t, *out.MillisBehindLatest+1) // present
		rest := h.get(out.NextShardIterator, 0)
		assert.Len(t, rest.Records, 1)
	})
}

// TestMillisBehindLatest checks the value at the tip (0) and behind it
// (now minus the arrival of the next unread record, growing while the
// consumer stays behind even when nothing is written).
func TestMillisBehindLatest(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h, _ := threeRecords(t, door) // r0 at +0 s, r1 at +1 s, r2 at +2 s; now +3 s
		empty := newDPOn(t, door)
		empty.f.CreateStreamT(t, "e", 1)
		assert.Equal(t, int64(0), *empty.get(empty.iter("e", shard0, types.ShardIteratorTypeTrimHorizon), 0).MillisBehindLatest)

		it := h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon)
		out := h.get(it, 1)
		assert.Equal(t, []string{"r0"}, dataOf(out.Records))
		assert.Equal(t, int64(2000), *out.MillisBehindLatest, "r1 arrived 2 s ago")

		h.clk.Advance(10 * time.Second)
		again := h.get(it, 1)
		assert.Equal(t, int64(12000), *again.MillisBehindLatest, "still behind, nothing new written")

		next := h.get(out.NextShardIterator, 1)
		assert.Equal(t, []string{"r1"}, dataOf(next.Records))
		assert.Equal(t, int64(11000), *next.MillisBehindLatest, "r2 arrived 11 s ago")

		tip := h.get(next.NextShardIterator, 0)
		assert.Equal(t, []string{"r2"}, dataOf(tip.Records))
		assert.Equal(t, int64(0), *tip.MillisBehindLatest)
		assert.Equal(t, int64(0), *h.get(tip.NextShardIterator, 0).MillisBehindLatest)
	})
}

// TestRetention checks that records older than 24 h are gone (exactly 24 h
// is kept), TRIM_HORIZON moves, a trimmed sequence number still gives an
// iterator that reads from the trim horizon, and the ring buffer lets go of
// the trimmed records.
func TestRetention(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 1)
		old := *h.put("s", "k", []byte("old")).SequenceNumber
		h.clk.Advance(time.Hour)
		h.put("s", "k", []byte("new"))
		h.clk.Advance(23 * time.Hour)
		assert.Equal(t, []string{"old", "new"}, dataOf(h.f.Records("s", shard0)), "exactly 24 h old is kept")

		h.clk.Advance(time.Millisecond)
		assert.Equal(t, []string{"new"}, dataOf(h.f.Records("s", shard0)))
		assert.Equal(t, []string{"new"}, dataOf(h.get(h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon), 0).Records))
		assert.Equal(t, []string{"new"}, dataOf(h.get(h.iter("s", shard0, types.ShardIteratorTypeAtSequenceNumber, atSeq(old)), 0).Records))
		assert.Equal(t, []string{"new"}, dataOf(h.get(h.iter("s", shard0, types.ShardIteratorTypeAfterSequenceNumber, atSeq(old)), 0).Records))

		sh := h.live("s").shards[0]
		sh.mu.Lock()
		assert.Equal(t, 1, sh.buf.n)
		assert.Equal(t, uint64(2), sh.buf.first)
		sh.mu.Unlock()

		h.clk.Advance(time.Hour)
		assert.Empty(t, h.f.Records("s", shard0))
		sh.mu.Lock()
		defer sh.mu.Unlock()
		assert.Zero(t, sh.buf.n)
		assert.Equal(t, uint64(3), sh.buf.first, "offsets go on")
		assert.Zero(t, heldBytes(&sh.buf.log), "no record left, no bytes held")
	})
}

// heldBytes is the memory a byteLog's chunks take.
func heldBytes(l *byteLog) int {
	n := 0
	for _, c := range l.chunks {
		n += cap(c)
	}
	return n
}

// TestRetentionReleasesMemory checks that once most of a large shard has
// aged out, the ring buffer shrinks in one go instead of holding on to its
// peak size.
func TestRetentionReleasesMemory(t *testing.T) {
	// Direct only: it inspects the shard's buffer, and its 100000 puts are slow over HTTP.
	h := newDP(t)
	h.f.CreateStreamT(t, "s", 1)
	h.putMany("s", 100000, 1)
	h.clk.Advance(time.Hour)
	h.put("s", "k", []byte("kept"))
	sh := h.live("s").shards[0]
	sh.mu.Lock()
	peak, peakBytes := len(sh.buf.recs), heldBytes(&sh.buf.log)
	sh.mu.Unlock()
	require.GreaterOrEqual(t, peak, 100001)
	require.GreaterOrEqual(t, peakBytes, 200000) // 1-byte key and 1 byte of data each

	h.clk.Advance(23*time.Hour + time.Millisecond)
	assert.Equal(t, []string{"kept"}, dataOf(h.f.Records("s", shard0)))
	sh.mu.Lock()
	defer sh.mu.Unlock()
	assert.Equal(t, 1, sh.buf.n)
	assert.LessOrEqual(t, len(sh.buf.recs), 16)
	assert.LessOrEqual(t, heldBytes(&sh.buf.log), maxChunkSize, "at most the kept record's chunk")
	assert.Len(t, sh.buf.log.chunks, 1)
}

// TestExpireIterators checks the fault command: every iterator issued
// before it fails as expired, later ones work.
func TestExpireIterators(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h, _ := threeRecords(t, door)
		before := h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon)
		next := h.get(before, 1).NextShardIterator
		h.clk.Advance(time.Second)
		h.f.ExpireIterators()
		for _, it := range []*string{before, next} {
			_, err := h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it})
			requireAWSError[*types.ExpiredIteratorException](t, err, "GetRecords",
				"Iterator expired. The iterator was created at time Wed Jan 22 01:22:05 UTC 2025 while right now it is Wed Jan 22 01:22:06 UTC 2025 which is further in the future than the tolerated delay of 300000 milliseconds.")
		}
		after := h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon)
		assert.Equal(t, []string{"r0", "r1", "r2"}, dataOf(h.get(after, 0).Records))
	})
}

// TestGetRecordsDryRun checks DryRun on GetRecords: the iterator is checked
// first, then the call answers DryRunOperationException.
func TestGetRecordsDryRun(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h, _ := threeRecords(t, door)
		it := h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon)
		_, err := h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it, DryRun: aws.Bool(true)})
		requireAWSError[*types.DryRunOperationException](t, err, "GetRecords", "Request would have succeeded, but DryRun flag is set.")
		_, err = h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String("bad"), DryRun: aws.Bool(true)})
		requireAWSError[*types.InvalidArgumentException](t, err, "GetRecords", "Invalid ShardIterator.")
	})
}

// TestGetRecordsAllocations guards the engine's fixed cost per response:
// reading 100 records allocates the same handful of objects as reading one.
func TestGetRecordsAllocations(t *testing.T) {
	// Direct only: it counts the engine's own allocations (h.f.getRecords).
	h := newDP(t)
	h.f.CreateStreamT(t, "s", 1)
	h.putMany("s", 100, 16)
	in := &kinesis.GetRecordsInput{ShardIterator: h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon)}
	one := &kinesis.GetRecordsInput{ShardIterator: in.ShardIterator, Limit: aws.Int32(1)}
	perCall := func(in *kinesis.GetRecordsInput) float64 {
		return testing.AllocsPerRun(50, func() {
			out, err := h.f.getRecords(in)
			if err != nil || len(out.Records) == 0 {
				t.Fatal(err)
			}
		})
	}
	assert.LessOrEqual(t, perCall(in), 10.0)
	assert.Equal(t, perCall(one), perCall(in))
}

// TestMillisBehindAfterTheClockWentBack: a manual clock set back leaves
// records arriving "after" now (arrival times never decrease in a shard);
// MillisBehindLatest is then 0, never negative, as no AWS answer is.
func TestMillisBehindAfterTheClockWentBack(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 1)
		h.clk.Advance(time.Minute)
		h.put("s", "k", []byte("a"))
		h.put("s", "k", []byte("b"))
		h.clk.Advance(-time.Second)
		out := h.get(h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon), 1)
		require.Equal(t, []string{"a"}, dataOf(out.Records))
		assert.Equal(t, int64(0), aws.ToInt64(out.MillisBehindLatest))
	})
}
