package kinesisfake

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
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
// packed arrival holds (year 6429): time stands still at its end, and
// records are kept rather than aged out by a wrapped arrival. Before 1970,
// records arrive at 1970-01-01, as their sequence numbers count them.
func TestClockBeyondPackedArrivals(t *testing.T) {
	for start, arrival := range map[time.Time]time.Time{
		time.Date(9000, 1, 1, 0, 0, 0, 0, time.UTC):  time.UnixMilli(maxInstantMs).UTC(),
		time.Date(-3000, 1, 1, 0, 0, 0, 0, time.UTC): time.UnixMilli(0).UTC(),
	} {
		clk := NewManualClock(start)
		f := New(WithClock(clk), WithoutThroughputLimits())
		f.CreateStreamT(t, "s", 1)
		clk.Advance(time.Minute)
		out, err := f.PutRecord(context.Background(), &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("x")})
		require.NoError(t, err, "year %d", start.Year())
		recs := f.Records("s", *out.ShardId)
		require.Len(t, recs, 1, "year %d", start.Year())
		assert.Equal(t, arrival, *recs[0].ApproximateArrivalTimestamp, "year %d", start.Year())
	}
}
