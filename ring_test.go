package kinesisfake

import (
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRecordPacking checks that a record index entry's packed arrival,
// lengths and encryption flag read back as stored, at the extremes of
// their ranges.
func TestRecordPacking(t *testing.T) {
	for _, ms := range []int64{0, 1, 1<<32 - 1, 1 << 32, 13_000_000_000_000, -1, -62_135_596_800_000} {
		for _, enc := range []bool{false, true} {
			r := newRecord(ms, 7, 9, 10<<20, 256, enc)
			assert.Equal(t, ms, r.arrivalMs(), "arrival")
			assert.Equal(t, 10<<20, r.dataLen(), "data length")
			assert.Equal(t, 10<<20+256, r.size(), "size")
			assert.Equal(t, enc, r.encrypted(), "encrypted")
		}
	}
}

// TestClockBeyondPackedArrivals checks a clock past the range a record's
// packed arrival holds, ±(2^47-1) ms around 1970 (year 6429): time stands
// still at its end (year -2490 at the other), and records are kept rather
// than aged out by a wrapped arrival. Within it, before 1970 too, a record
// arrives when it is put. The record is put through each door.
func TestClockBeyondPackedArrivals(t *testing.T) {
	for _, tc := range []struct{ start, arrival time.Time }{
		{time.Date(9000, 1, 1, 0, 0, 0, 0, time.UTC), time.UnixMilli(1<<47 - 1).UTC()},
		{time.Date(-3000, 1, 1, 0, 0, 0, 0, time.UTC), time.UnixMilli(-(1<<47 - 1)).UTC()},
		{time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(1969, 12, 31, 0, 1, 0, 0, time.UTC)},
		{time.Time{}, time.Date(1, 1, 1, 0, 1, 0, 0, time.UTC)}, // NewManualClock(time.Time{})
	} {
		t.Run(fmt.Sprint("year ", tc.start.Year()), func(t *testing.T) {
			forDoors(t, func(t *testing.T, door testDoor) {
				h := &dp{newHarnessAt(t, tc.start, door)}
				h.stream("s", 1)
				h.clk.Advance(time.Minute)
				out := h.put("s", "k", []byte("x"))
				recs := h.f.Records("s", *out.ShardId)
				require.Len(t, recs, 1)
				assert.Equal(t, tc.arrival, *recs[0].ApproximateArrivalTimestamp)

				// And read back: the iterator is fresh and the shard's read
				// budget untouched, whatever the year.
				got := h.get(h.iter("s", *out.ShardId, types.ShardIteratorTypeTrimHorizon), 0)
				require.Len(t, got.Records, 1)
				if (door.name == "client" || door.name == "http") && (tc.arrival.Year() < 1678 || tc.arrival.Year() > 2262) {
					// The SDK reads JSON's epoch seconds through int64
					// nanoseconds (smithy-go's ParseEpochSeconds), which
					// span 1678 to 2262.
					return
				}
				assert.Equal(t, tc.arrival, got.Records[0].ApproximateArrivalTimestamp.UTC())
			})
		})
	}
}

// TestPageTokensBeyondPackedArrivals: past year 6429 the clock stands
// still for a ListShards or ListStreams NextToken as it does for a shard
// iterator (its issue time is clamped to the engine's range): the next
// page is served, not refused as an expired token.
func TestPageTokensBeyondPackedArrivals(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newHarnessAt(t, time.Date(9000, 1, 1, 0, 0, 0, 0, time.UTC), door)
		h.stream("s", 2)
		h.stream("t", 1)
		shards, err := h.api.ListShards(h.ctx, &kinesis.ListShardsInput{StreamName: aws.String("s"), MaxResults: aws.Int32(1)})
		require.NoError(t, err)
		require.NotNil(t, shards.NextToken)
		_, err = h.api.ListShards(h.ctx, &kinesis.ListShardsInput{NextToken: shards.NextToken})
		assert.NoError(t, err, "ListShards NextToken")

		streams, err := h.api.ListStreams(h.ctx, &kinesis.ListStreamsInput{Limit: aws.Int32(1)})
		require.NoError(t, err)
		require.NotNil(t, streams.NextToken)
		_, err = h.api.ListStreams(h.ctx, &kinesis.ListStreamsInput{NextToken: streams.NextToken})
		assert.NoError(t, err, "ListStreams NextToken")
	})
}
