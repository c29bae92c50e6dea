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

// updateMode switches a stream's capacity mode through the door.
func (h *sc) updateMode(arn string, mode types.StreamMode) error {
	_, err := h.api.UpdateStreamMode(h.ctx, &kinesis.UpdateStreamModeInput{
		StreamARN: aws.String(arn), StreamModeDetails: &types.StreamModeDetails{StreamMode: mode},
	})
	return err
}

// commit enables the account's minimum throughput billing commitment, which
// warm throughput needs, through the door.
func (h *sc) commit() {
	h.t.Helper()
	h.setCommitment(types.MinimumThroughputBillingCommitmentInputStatusEnabled)
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
		setup    func(t *testing.T, h *sc, arn string)
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
			setup: func(t *testing.T, h *sc, arn string) {
				h.commit()
				require.NoError(t, h.setWarm("s", 100))
				require.NoError(t, h.setDistribution(arn, types.RecordDistributionStrategyAuto))
				h.clk.Advance(delay)
			},
			after: after{mode: types.StreamModeProvisioned, updating: true}},
		{name: "to on-demand with warm throughput", mode: types.StreamModeOnDemand, warm: aws.Int32(200),
			setup: func(_ *testing.T, h *sc, _ string) { h.commit() },
			after: after{mode: types.StreamModeOnDemand, updating: true, warm: 200}},
		{name: "same mode changes nothing", mode: types.StreamModeProvisioned,
			after: after{mode: types.StreamModeProvisioned}},
		{name: "same on-demand mode keeps settings", onDemand: true, mode: types.StreamModeOnDemand,
			setup: func(t *testing.T, h *sc, arn string) {
				require.NoError(t, h.setDistribution(arn, types.RecordDistributionStrategyAuto))
			},
			after: after{mode: types.StreamModeOnDemand, distribution: types.RecordDistributionStrategyAuto}},

		{name: "stream UPDATING", mode: types.StreamModeOnDemand,
			setup: func(t *testing.T, h *sc, _ string) { require.NoError(t, h.startEncryption("s", scKeyUUID)) },
			want:  scWant[types.ResourceInUseException]("Stream s under account " + scAccount + " not ACTIVE, instead in state UPDATING"),
			after: after{mode: types.StreamModeProvisioned, updating: true}},
		{name: "warm throughput to provisioned", onDemand: true, mode: types.StreamModeProvisioned, warm: aws.Int32(100),
			setup: func(_ *testing.T, h *sc, _ string) { h.commit() },
			want:  scWant[types.InvalidArgumentException]("WarmThroughputMiBps can only be specified when updating the stream mode to ON_DEMAND."),
			after: after{mode: types.StreamModeOnDemand}},
		{name: "warm throughput without commitment", mode: types.StreamModeOnDemand, warm: aws.Int32(100),
			want:  scWant[types.InvalidArgumentException]("Warm throughput can only be configured in accounts with MinimumThroughputBillingCommitment enabled. Account " + scAccount + " does not have MinimumThroughputBillingCommitment enabled."),
			after: after{mode: types.StreamModeProvisioned}},
		{name: "warm throughput over the limit", mode: types.StreamModeOnDemand, warm: aws.Int32(10241),
			setup: func(_ *testing.T, h *sc, _ string) { h.commit() },
			want:  scWant[types.LimitExceededException]("Requested warm throughput of 10241 MiBps exceeds the limit of 10240 MiBps for an on-demand stream."),
			after: after{mode: types.StreamModeProvisioned}},
		{name: "on-demand stream quota", mode: types.StreamModeOnDemand,
			setup: func(_ *testing.T, h *sc, _ string) {
				for i := range onDemandStreamCountLimit {
					h.onDemand(fmt.Sprintf("od%d", i))
					h.clk.Advance(time.Second) // CreateStream's rate: 5 a second per account
				}
			},
			want:  scWant[types.LimitExceededException]("This request would exceed the on-demand stream limit for the account " + scAccount + " in us-east-1. Current on-demand stream count for the account: 50. Limit: 50."),
			after: after{mode: types.StreamModeProvisioned}},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := scFakeOn(t, door, WithStateDelays(StateDelays{Update: delay}))
				var arn string
				if tt.onDemand {
					arn = h.onDemand("s")
				} else {
					arn = h.stream("s", 3)
				}
				if tt.setup != nil {
					tt.setup(t, h, arn)
				}
				shards := scStream(t, h.f, "s").openShardCount(h.f.now())
				_, err := h.api.UpdateStreamMode(h.ctx, &kinesis.UpdateStreamModeInput{
					StreamARN:           aws.String(arn),
					StreamModeDetails:   &types.StreamModeDetails{StreamMode: tt.mode},
					WarmThroughputMiBps: tt.warm,
				})
				scCheck(t, tt.want, "UpdateStreamMode", err)

				s := scStream(t, h.f, "s")
				assert.Equal(t, tt.after.mode, s.mode)
				assert.Equal(t, tt.after.warm, s.warmMiBps)
				assert.Equal(t, tt.after.distribution, s.distribution)
				assert.Equal(t, shards, s.openShardCount(h.f.now()), "the stream keeps its shards")
				if tt.after.updating {
					assert.Equal(t, types.StreamStatusUpdating, scStatus(t, h.f, "s"))
					h.clk.Advance(delay)
				}
				assert.Equal(t, types.StreamStatusActive, scStatus(t, h.f, "s"))
			})
		}
	})
}

func TestUpdateStreamModeNotFound(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := scFakeOn(t, door)
		h.stream("s", 1)
		tests := []struct {
			name string
			arn  string
			want scErrCheck
		}{
			{name: "missing stream", arn: h.f.streamARN("missing"),
				want: scWant[types.ResourceNotFoundException]("Stream missing under account " + scAccount + " not found.")},
			{name: "another account", arn: "arn:aws:kinesis:us-east-1:111122223333:stream/s",
				want: scWant[types.ResourceNotFoundException]("Stream s under account 111122223333 not found.")},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.want(t, "UpdateStreamMode", h.updateMode(tt.arn, types.StreamModeOnDemand))
			})
		}
	})
}

// TestUpdateStreamModeDailyLimit checks "twice within 24 hours": a same-mode
// call does not count, and each switch leaves the window 24 hours after it
// was made. Every door makes one engine call per API call (the harness's
// clients do not retry), so the counts are the same through each.
func TestUpdateStreamModeDailyLimit(t *testing.T) {
	rateExceeded := scWant[types.LimitExceededException]("Rate exceeded for stream s under account " + scAccount + ".")
	forDoors(t, func(t *testing.T, door testDoor) {
		h := scFakeOn(t, door)
		arn := h.stream("s", 2)

		require.NoError(t, h.updateMode(arn, types.StreamModeOnDemand)) // scStart
		h.clk.Advance(time.Hour)
		require.NoError(t, h.updateMode(arn, types.StreamModeOnDemand), "same mode: not counted")
		require.NoError(t, h.updateMode(arn, types.StreamModeProvisioned)) // scStart + 1h
		h.clk.Advance(time.Hour)
		rateExceeded(t, "UpdateStreamMode", h.updateMode(arn, types.StreamModeOnDemand))
		assert.Equal(t, types.StreamModeProvisioned, scStream(t, h.f, "s").mode)

		h.clk.Set(scStart.Add(rollingDay - time.Millisecond))
		rateExceeded(t, "UpdateStreamMode", h.updateMode(arn, types.StreamModeOnDemand))
		h.clk.Set(scStart.Add(rollingDay))
		require.NoError(t, h.updateMode(arn, types.StreamModeOnDemand))
		rateExceeded(t, "UpdateStreamMode", h.updateMode(arn, types.StreamModeProvisioned))
		h.clk.Set(scStart.Add(rollingDay + time.Hour))
		require.NoError(t, h.updateMode(arn, types.StreamModeProvisioned))
	})
}
