package kinesisfake

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// scUpdateMode switches a stream's capacity mode.
func scUpdateMode(f *Fake, arn string, mode types.StreamMode) error {
	_, err := f.UpdateStreamMode(context.Background(), &kinesis.UpdateStreamModeInput{
		StreamARN: aws.String(arn), StreamModeDetails: &types.StreamModeDetails{StreamMode: mode},
	})
	return err
}

// scCommit enables the account's minimum throughput billing commitment,
// which warm throughput needs.
func scCommit(t *testing.T, f *Fake) {
	t.Helper()
	_, err := f.UpdateAccountSettings(context.Background(), &kinesis.UpdateAccountSettingsInput{
		MinimumThroughputBillingCommitment: &types.MinimumThroughputBillingCommitmentInput{Status: types.MinimumThroughputBillingCommitmentInputStatusEnabled},
	})
	require.NoError(t, err)
}

func TestUpdateStreamMode(t *testing.T) {
	const delay = 5 * time.Second
	type after struct {
		mode         types.StreamMode
		updating     bool // passed into UPDATING
		warm         int32
		distribution types.RecordDistributionStrategy
	}
	tests := []struct {
		name     string
		onDemand bool // the stream starts ON_DEMAND
		setup    func(t *testing.T, f *Fake, arn string)
		mode     types.StreamMode
		warm     *int32
		want     scErrCheck
		after    after
	}{
		{name: "provisioned to on-demand", mode: types.StreamModeOnDemand,
			after: after{mode: types.StreamModeOnDemand, updating: true}},
		{name: "on-demand to provisioned", onDemand: true, mode: types.StreamModeProvisioned,
			after: after{mode: types.StreamModeProvisioned, updating: true}},
		{name: "to provisioned drops on-demand settings", onDemand: true, mode: types.StreamModeProvisioned,
			setup: func(t *testing.T, f *Fake, arn string) {
				scCommit(t, f)
				require.NoError(t, scSetWarm(f, "s", 100))
				require.NoError(t, scSetDistribution(f, arn, types.RecordDistributionStrategyAuto))
				scSettle(f, delay)
			},
			after: after{mode: types.StreamModeProvisioned, updating: true}},
		{name: "to on-demand with warm throughput", mode: types.StreamModeOnDemand, warm: aws.Int32(200),
			setup: func(t *testing.T, f *Fake, _ string) { scCommit(t, f) },
			after: after{mode: types.StreamModeOnDemand, updating: true, warm: 200}},
		{name: "same mode changes nothing", mode: types.StreamModeProvisioned,
			after: after{mode: types.StreamModeProvisioned}},
		{name: "same on-demand mode keeps settings", onDemand: true, mode: types.StreamModeOnDemand,
			setup: func(t *testing.T, f *Fake, arn string) {
				require.NoError(t, scSetDistribution(f, arn, types.RecordDistributionStrategyAuto))
			},
			after: after{mode: types.StreamModeOnDemand, distribution: types.RecordDistributionStrategyAuto}},

		{name: "stream UPDATING", mode: types.StreamModeOnDemand,
			setup: func(t *testing.T, f *Fake, _ string) { require.NoError(t, scStartEncryption(f, "s", scKeyUUID)) },
			want:  scWant[types.ResourceInUseException]("Stream s under account " + scAccount + " not ACTIVE, instead in state UPDATING"),
			after: after{mode: types.StreamModeProvisioned, updating: true}},
		{name: "warm throughput to provisioned", onDemand: true, mode: types.StreamModeProvisioned, warm: aws.Int32(100),
			setup: func(t *testing.T, f *Fake, _ string) { scCommit(t, f) },
			want:  scWant[types.InvalidArgumentException]("WarmThroughputMiBps can only be specified when updating the stream mode to ON_DEMAND."),
			after: after{mode: types.StreamModeOnDemand}},
		{name: "warm throughput without commitment", mode: types.StreamModeOnDemand, warm: aws.Int32(100),
			want:  scWant[types.InvalidArgumentException]("Warm throughput can only be configured in accounts with MinimumThroughputBillingCommitment enabled. Account " + scAccount + " does not have MinimumThroughputBillingCommitment enabled."),
			after: after{mode: types.StreamModeProvisioned}},
		{name: "warm throughput over the limit", mode: types.StreamModeOnDemand, warm: aws.Int32(10241),
			setup: func(t *testing.T, f *Fake, _ string) { scCommit(t, f) },
			want:  scWant[types.LimitExceededException]("Requested warm throughput of 10241 MiBps exceeds the limit of 10240 MiBps for an on-demand stream."),
			after: after{mode: types.StreamModeProvisioned}},
		{name: "on-demand stream quota", mode: types.StreamModeOnDemand,
			setup: func(t *testing.T, f *Fake, _ string) {
				for i := range onDemandStreamCountLimit {
					scOnDemand(t, f, fmt.Sprintf("od%d", i))
					scSettle(f, time.Second) // CreateStream's rate: 5 a second per account
				}
			},
			want:  scWant[types.LimitExceededException]("This request would exceed the on-demand stream limit for the account " + scAccount + " in us-east-1. Current on-demand stream count for the account: 50. Limit: 50."),
			after: after{mode: types.StreamModeProvisioned}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, clk := scFake(t, WithStateDelays(StateDelays{Update: delay}))
			var arn string
			if tt.onDemand {
				arn = scOnDemand(t, f, "s")
			} else {
				arn = f.CreateStreamT(t, "s", 3)
			}
			if tt.setup != nil {
				tt.setup(t, f, arn)
			}
			shards := scStream(t, f, "s").openShardCount(f.now())
			_, err := f.UpdateStreamMode(context.Background(), &kinesis.UpdateStreamModeInput{
				StreamARN:           aws.String(arn),
				StreamModeDetails:   &types.StreamModeDetails{StreamMode: tt.mode},
				WarmThroughputMiBps: tt.warm,
			})
			scCheck(t, tt.want, "UpdateStreamMode", err)

			s := scStream(t, f, "s")
			assert.Equal(t, tt.after.mode, s.mode)
			assert.Equal(t, tt.after.warm, s.warmMiBps)
			assert.Equal(t, tt.after.distribution, s.distribution)
			assert.Equal(t, shards, s.openShardCount(f.now()), "the stream keeps its shards")
			if tt.after.updating {
				assert.Equal(t, types.StreamStatusUpdating, scStatus(t, f, "s"))
				clk.Advance(delay)
			}
			assert.Equal(t, types.StreamStatusActive, scStatus(t, f, "s"))
		})
	}
}

// scSettle advances a ManualClock-driven Fake past a transition.
func scSettle(f *Fake, d time.Duration) {
	f.clock.(*ManualClock).Advance(d)
}

func TestUpdateStreamModeNotFound(t *testing.T) {
	f, _ := scFake(t)
	f.CreateStreamT(t, "s", 1)
	tests := []struct {
		name string
		arn  string
		want scErrCheck
	}{
		{name: "missing stream", arn: f.streamARN("missing"),
			want: scWant[types.ResourceNotFoundException]("Stream missing under account " + scAccount + " not found.")},
		{name: "another account", arn: "arn:aws:kinesis:us-east-1:111122223333:stream/s",
			want: scWant[types.ResourceNotFoundException]("Stream s under account 111122223333 not found.")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.want(t, "UpdateStreamMode", scUpdateMode(f, tt.arn, types.StreamModeOnDemand))
		})
	}
}

// TestUpdateStreamModeDailyLimit checks "twice within 24 hours": a same-mode
// call does not count, and each switch leaves the window 24 hours after it
// was made.
func TestUpdateStreamModeDailyLimit(t *testing.T) {
	f, clk := scFake(t)
	arn := f.CreateStreamT(t, "s", 2)
	rateExceeded := scWant[types.LimitExceededException]("Rate exceeded for stream s under account " + scAccount + ".")

	require.NoError(t, scUpdateMode(f, arn, types.StreamModeOnDemand)) // scStart
	clk.Advance(time.Hour)
	require.NoError(t, scUpdateMode(f, arn, types.StreamModeOnDemand), "same mode: not counted")
	require.NoError(t, scUpdateMode(f, arn, types.StreamModeProvisioned)) // scStart + 1h
	clk.Advance(time.Hour)
	rateExceeded(t, "UpdateStreamMode", scUpdateMode(f, arn, types.StreamModeOnDemand))
	assert.Equal(t, types.StreamModeProvisioned, scStream(t, f, "s").mode)

	clk.Set(scStart.Add(rollingDay - time.Millisecond))
	rateExceeded(t, "UpdateStreamMode", scUpdateMode(f, arn, types.StreamModeOnDemand))
	clk.Set(scStart.Add(rollingDay))
	require.NoError(t, scUpdateMode(f, arn, types.StreamModeOnDemand))
	rateExceeded(t, "UpdateStreamMode", scUpdateMode(f, arn, types.StreamModeProvisioned))
	clk.Set(scStart.Add(rollingDay + time.Hour))
	require.NoError(t, scUpdateMode(f, arn, types.StreamModeProvisioned))
}
