package kinesisfake

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The SDK's ChannelActiveWaiter polls DescribeChannel, sleeping in real time
// between attempts (10 s to 120 s by default). Inside a testing/synctest
// bubble those sleeps take no time, and the Fake's default clock (time.Now)
// follows the bubble's time, so the waiter sees the channel's states in
// order, deterministically.

func TestChannelActiveWaiterInSynctest(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// The Fake reads the bubble's time (systemClock), not the harness's
		// ManualClock.
		h := &chn{harness: newHarness(t, directTestDoor, WithClock(systemClock{}),
			WithStateDelays(StateDelays{Create: 45 * time.Second, Update: 30 * time.Second}))}
		f := h.f
		h.srcARN = h.onDemandStream("src")
		time.Sleep(45 * time.Second) // the stream is ACTIVE
		created := time.Now()
		arn := *h.create(h.s3Input("ch")).ChannelARN
		in := &kinesis.DescribeChannelInput{ChannelARN: &arn}

		w := kinesis.NewChannelActiveWaiter(f)
		out, err := w.WaitForOutput(context.Background(), in, 5*time.Minute)
		require.NoError(t, err)
		assert.Equal(t, types.ChannelStatusActive, out.ChannelDescription.ChannelStatus)
		waited := time.Since(created)
		assert.GreaterOrEqual(t, waited, 45*time.Second, "the waiter returned before the channel was ACTIVE")
		assert.Less(t, waited, 45*time.Second+2*time.Minute, "the waiter slept past its longest delay")

		// UPDATING is retried too.
		_, err = f.UpdateChannel(context.Background(), &kinesis.UpdateChannelInput{
			ChannelARN: &arn, S3DestinationConfiguration: &types.S3DestinationUpdateInput{DataFreshnessInSeconds: aws.Int32(60)},
		})
		require.NoError(t, err)
		require.NoError(t, w.Wait(context.Background(), in, 5*time.Minute))
		assert.Equal(t, types.ChannelStatusActive, h.describe(arn).ChannelStatus)
	})
}

func TestChannelActiveWaiterFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		h := &chn{harness: newHarness(t, directTestDoor, WithClock(systemClock{}), WithStateDelays(StateDelays{Delete: time.Minute}))}
		f := h.f
		h.srcARN = h.onDemandStream("src")
		arn := *h.create(h.s3Input("ch")).ChannelARN
		in := &kinesis.DescribeChannelInput{ChannelARN: &arn}
		w := kinesis.NewChannelActiveWaiter(f)

		// DELETING is a failure state of the waiter.
		_, err := f.DeleteChannel(context.Background(), &kinesis.DeleteChannelInput{ChannelARN: &arn})
		require.NoError(t, err)
		err = w.Wait(context.Background(), in, 5*time.Minute)
		assert.EqualError(t, err, "waiter state transitioned to Failure")

		// A channel that is gone fails with DescribeChannel's error.
		time.Sleep(time.Minute)
		err = w.Wait(context.Background(), in, 5*time.Minute)
		chnRequireErr(t, err, "DescribeChannel", "ResourceNotFoundException", "Channel ch under account 000000000000 not found.")
	})
}

// TestChannelActiveWaiterOnManualClock drives the waiter without synctest:
// real sleeps of a millisecond, and the ManualClock moved ten seconds after
// every attempt through the waiter's Retryable hook, which wraps the SDK's
// own acceptors.
func TestChannelActiveWaiterOnManualClock(t *testing.T) {
	h := newChn(t, StateDelays{Create: 35 * time.Second})
	arn := *h.create(h.s3Input("ch")).ChannelARN
	attempts := 0
	out, err := kinesis.NewChannelActiveWaiter(h.f).WaitForOutput(h.ctx, &kinesis.DescribeChannelInput{ChannelARN: &arn}, time.Minute,
		func(o *kinesis.ChannelActiveWaiterOptions) {
			o.MinDelay, o.MaxDelay = time.Millisecond, time.Millisecond
			sdkRetryable := o.Retryable
			o.Retryable = func(ctx context.Context, in *kinesis.DescribeChannelInput, out *kinesis.DescribeChannelOutput, err error) (bool, error) {
				attempts++
				h.clk.Advance(10 * time.Second)
				return sdkRetryable(ctx, in, out, err)
			}
		})
	require.NoError(t, err)
	assert.Equal(t, types.ChannelStatusActive, out.ChannelDescription.ChannelStatus)
	assert.Equal(t, 5, attempts, "CREATING at +0, +10, +20 and +30 s; ACTIVE at +40 s")
}

// TestChannelActiveWaiterTimesOut runs on a ManualClock that stands still,
// so the channel stays CREATING until the waiter's time is up. (Inside a
// synctest bubble this case would never end: the SDK's waiter counts the
// time its calls take, which is zero there, and its last delay computes to
// zero, so it retries forever without time passing.)
func TestChannelActiveWaiterTimesOut(t *testing.T) {
	h := newChn(t, StateDelays{Create: time.Hour})
	arn := *h.create(h.s3Input("ch")).ChannelARN
	err := kinesis.NewChannelActiveWaiter(h.f).Wait(h.ctx, &kinesis.DescribeChannelInput{ChannelARN: &arn}, 20*time.Millisecond,
		func(o *kinesis.ChannelActiveWaiterOptions) {
			o.MinDelay, o.MaxDelay = time.Millisecond, time.Millisecond
		})
	// Which of its checks of the time notices first (its own count, the
	// context during a sleep, or the Fake checking the context of a call)
	// depends on real time; either way the waiter gives up.
	require.Error(t, err)
	if err.Error() != "exceeded max wait time for ChannelActive waiter" {
		assert.ErrorIs(t, err, context.DeadlineExceeded)
	}
	assert.Equal(t, types.ChannelStatusCreating, h.describe(arn).ChannelStatus)
}
