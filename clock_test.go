package kinesisfake

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestManualClock checks that a ManualClock moves only when told to.
func TestManualClock(t *testing.T) {
	c := NewManualClock(dpStart)
	assert.Equal(t, dpStart, c.Now())
	assert.Equal(t, dpStart, c.Now(), "reading does not move it")
	c.Advance(1500 * time.Millisecond)
	assert.Equal(t, dpStart.Add(1500*time.Millisecond), c.Now())
	c.Advance(-time.Second)
	assert.Equal(t, dpStart.Add(500*time.Millisecond), c.Now())
	later := dpStart.Add(48 * time.Hour)
	c.Set(later)
	assert.Equal(t, later, c.Now())
}

// TestManualClockConcurrent moves and reads a ManualClock from many
// goroutines; run under -race it proves the clock is safe to share.
func TestManualClockConcurrent(t *testing.T) {
	c := NewManualClock(dpStart)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				c.Advance(time.Millisecond)
				_ = c.Now()
			}
		})
	}
	wg.Wait()
	assert.Equal(t, dpStart.Add(8*time.Second), c.Now())
}

// TestSystemClock checks that the default clock is the system's.
func TestSystemClock(t *testing.T) {
	before := time.Now()
	got := New().clock.Now()
	after := time.Now()
	assert.False(t, got.Before(before))
	assert.False(t, got.After(after))
}

// TestFakeNowIsMilliseconds checks that the Fake reads its clock cut to the
// millisecond, the precision of every time Kinesis reports, so arrival
// times and texts never show sub-millisecond parts.
func TestFakeNowIsMilliseconds(t *testing.T) {
	f, clk := fakeAt(t, dpStart.Add(1999*time.Microsecond), withDefaultLimits())
	assert.Equal(t, dpStart.Add(time.Millisecond), f.now())
	clk.Advance(time.Microsecond)
	assert.Equal(t, dpStart.Add(2*time.Millisecond), f.now())
}

// TestClockDrivesEverything checks that only the Fake's clock decides
// iterator expiry, whatever the wall clock does: a ManualClock that does not
// move keeps an iterator valid for ever, and moving it expires it.
func TestClockDrivesEverything(t *testing.T) {
	h := newDP(t)
	h.f.CreateStreamT(t, "s", 1)
	it := h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon)
	time.Sleep(2 * time.Millisecond) // wall time passes; the Fake's does not
	h.get(it, 0)
	h.clk.Advance(time.Hour)
	_, err := h.f.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it})
	assert.Equal(t, "ExpiredIteratorException", errCode(err))
}

// TestClockSetBackwards checks that arrival times never go backwards within
// a shard when a ManualClock is set back, so AT_TIMESTAMP can still rely on
// their order.
func TestClockSetBackwards(t *testing.T) {
	h := newDP(t)
	h.f.CreateStreamT(t, "s", 1)
	h.clk.Advance(time.Minute)
	h.put("s", "k", []byte("first"))
	h.clk.Set(dpStart)
	h.put("s", "k", []byte("second"))
	recs := h.f.Records("s", shard0)
	require.Len(t, recs, 2)
	assert.Equal(t, dpStart.Add(time.Minute), *recs[1].ApproximateArrivalTimestamp)
	h.clk.Advance(2 * time.Minute)
	it := h.iter("s", shard0, types.ShardIteratorTypeAtTimestamp, atTime(dpStart.Add(time.Minute)))
	assert.Equal(t, []string{"first", "second"}, dataOf(h.get(it, 0).Records))
}

// TestSynctestBubble checks that a Fake on the default clock follows a
// testing/synctest bubble's fake time: sleeping 301 s in the bubble expires
// an iterator in no real time.
func TestSynctestBubble(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := New(WithoutThroughputLimits())
		ctx := context.Background()
		f.CreateStreamT(t, "s", 1)
		out, err := f.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shard0),
			ShardIteratorType: types.ShardIteratorTypeLatest})
		require.NoError(t, err)
		time.Sleep(300 * time.Second)
		_, err = f.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: out.ShardIterator})
		require.NoError(t, err, "exactly 300 s old")
		time.Sleep(time.Millisecond)
		_, err = f.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: out.ShardIterator})
		assert.Equal(t, "ExpiredIteratorException", errCode(err))
	})
}
