package kinesisfake

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestBlockUntilWaiters: a subscription with nothing to deliver waits on
// the ManualClock, through every door; BlockUntilWaiters returns once the
// given number wait, a move of the clock counts them all out at once, a
// put wakes one, which counts itself out and waits again after its event,
// and a subscription that has ended waits no more.
func TestBlockUntilWaiters(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		_, app := efoFixture(h)
		assert.Zero(t, h.clk.Waiters(), "nobody subscribed")

		low := h.subscribe(app, shardID(0), from(types.ShardIteratorTypeLatest))
		h.awaitWaiters(1)
		high := h.subscribe(h.consumer(h.f.streamARN("s"), "other"), shardID(1), from(types.ShardIteratorTypeLatest))
		h.awaitWaiters(2)
		assert.Equal(t, 2, h.clk.Waiters())

		h.putAt("s", lowKey, "a")
		assert.Equal(t, []string{"a"}, dataOf(low.records().Records))
		h.awaitWaiters(2) // the woken subscriber waits again

		h.clk.Advance(subscriptionLifetime)
		assert.Zero(t, h.clk.Waiters(), "a move releases every waiter")
		assert.NoError(t, low.endAfterIdle())
		assert.NoError(t, high.endAfterIdle())
		assert.Zero(t, h.clk.Waiters(), "ended subscriptions wait no more")

		short, cancelShort := context.WithTimeout(h.ctx, 10*time.Millisecond)
		defer cancelShort()
		assert.ErrorIs(t, h.clk.BlockUntilWaiters(short, 1), context.DeadlineExceeded)
	})
}

// TestManualClockWaiterLeavesWithoutAMove: a waiter that leaves for
// another reason than a move (its context) counts itself out, one woken by
// a put stops counting at once, and one whose clock moved before it began
// to wait is never counted.
func TestManualClockWaiterLeavesWithoutAMove(t *testing.T) {
	f, clk := fakeAt(t, dpStart)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- f.newClockWait().until(ctx, time.Time{}, nil, nil) }()
	require.NoError(t, clk.BlockUntilWaiters(context.Background(), 1))
	cancel()
	assert.ErrorIs(t, <-done, context.Canceled)
	assert.Zero(t, clk.Waiters())

	// A waiter whose wake channel (a put's) has closed no longer counts,
	// even before its goroutine has run to take itself out.
	put := make(chan struct{})
	leave := clk.enterWait(clk.movedChan(), [3]<-chan struct{}{nil, put, nil})
	assert.Equal(t, 1, clk.Waiters())
	close(put)
	assert.Zero(t, clk.Waiters(), "woken: not waiting")
	short, cancelShort := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancelShort()
	assert.ErrorIs(t, clk.BlockUntilWaiters(short, 1), context.DeadlineExceeded, "nor for BlockUntilWaiters")
	leave()

	// One that begins to wait after the clock moved is never counted.
	moved := clk.movedChan()
	clk.Advance(time.Second)
	leave = clk.enterWait(moved, [3]<-chan struct{}{})
	assert.Zero(t, clk.Waiters())
	leave()

	stale := f.newClockWait()
	clk.Advance(time.Second)
	assert.NoError(t, stale.until(context.Background(), time.Time{}, nil, nil), "the move already happened: no wait")
	assert.Zero(t, clk.Waiters())
}
