package kinesisfake

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// setWarm sets a stream's warm throughput by name through the door.
func (h *sc) setWarm(stream string, mibps int32) error {
	_, err := h.api.UpdateStreamWarmThroughput(h.ctx, &kinesis.UpdateStreamWarmThroughputInput{
		StreamName: aws.String(stream), WarmThroughputMiBps: aws.Int32(mibps),
	})
	return err
}

func TestUpdateStreamWarmThroughput(t *testing.T) {
	const delay = 3 * time.Second
	warm := func(current, target int32) *types.WarmThroughputObject {
		return &types.WarmThroughputObject{CurrentMiBps: aws.Int32(current), TargetMiBps: aws.Int32(target)}
	}
	tests := []struct {
		name        string
		provisioned bool
		noCommit    bool
		setup       func(t *testing.T, h *sc)
		stream      string
		mibps       int32
		want        scErrCheck
		wantWarm    *types.WarmThroughputObject
		after       int32 // s.warmMiBps afterwards
	}{
		{name: "first setting scales from the open shards", mibps: 100,
			wantWarm: warm(onDemandShardCount, 100), after: 100},
		{name: "raise", mibps: 500, setup: func(t *testing.T, h *sc) { h.warmSettled(t, 100, delay) },
			wantWarm: warm(100, 500), after: 500},
		{name: "release with a lower value", mibps: 50, setup: func(t *testing.T, h *sc) { h.warmSettled(t, 100, delay) },
			wantWarm: warm(100, 50), after: 50},
		{name: "the same value", mibps: 100, setup: func(t *testing.T, h *sc) { h.warmSettled(t, 100, delay) },
			wantWarm: warm(100, 100), after: 100},
		{name: "the limit", mibps: 10240,
			wantWarm: warm(onDemandShardCount, 10240), after: 10240},
		{name: "commitment being disabled still counts", mibps: 100,
			setup: func(_ *testing.T, h *sc) {
				h.setCommitment(types.MinimumThroughputBillingCommitmentInputStatusDisabled)
			},
			wantWarm: warm(onDemandShardCount, 100), after: 100},

		{name: "missing stream", stream: "missing", mibps: 100,
			want: scWant[types.ResourceNotFoundException]("Stream missing under account " + scAccount + " not found.")},
		{name: "provisioned stream", provisioned: true, mibps: 100,
			want: scWant[types.ValidationException]("UpdateStreamWarmThroughput is only supported for data streams with the on-demand capacity mode. Stream s under account " + scAccount + " is in PROVISIONED mode.")},
		{name: "no commitment", noCommit: true, mibps: 100,
			want: scWant[types.InvalidArgumentException]("Warm throughput can only be configured in accounts with MinimumThroughputBillingCommitment enabled. Account " + scAccount + " does not have MinimumThroughputBillingCommitment enabled.")},
		{name: "commitment ended", mibps: 100,
			setup: func(_ *testing.T, h *sc) {
				h.clk.Advance(minimumCommitmentPeriod)
				h.setCommitment(types.MinimumThroughputBillingCommitmentInputStatusDisabled)
			},
			want: scWant[types.InvalidArgumentException]("Warm throughput can only be configured in accounts with MinimumThroughputBillingCommitment enabled. Account " + scAccount + " does not have MinimumThroughputBillingCommitment enabled.")},
		{name: "over the limit", mibps: 10241,
			want: scWant[types.LimitExceededException]("Requested warm throughput of 10241 MiBps exceeds the limit of 10240 MiBps for an on-demand stream.")},
		{name: "stream UPDATING", mibps: 100,
			setup: func(t *testing.T, h *sc) { require.NoError(t, h.setWarm("s", 10)) },
			want:  scWant[types.ResourceInUseException]("Stream s under account " + scAccount + " not ACTIVE, instead in state UPDATING"),
			after: 10},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := scFakeOn(t, door, WithStateDelays(StateDelays{Update: delay}))
				if tt.provisioned {
					h.stream("s", 2)
				} else {
					h.onDemand("s")
				}
				if !tt.noCommit {
					h.commit()
				}
				if tt.setup != nil {
					tt.setup(t, h)
				}
				stream := "s"
				if tt.stream != "" {
					stream = tt.stream
				}
				out, err := h.api.UpdateStreamWarmThroughput(h.ctx, &kinesis.UpdateStreamWarmThroughputInput{
					StreamName: aws.String(stream), WarmThroughputMiBps: aws.Int32(tt.mibps),
				})
				scCheck(t, tt.want, "UpdateStreamWarmThroughput", err)
				assert.Equal(t, tt.after, scStream(t, h.f, "s").warmMiBps)
				if tt.want != nil {
					return
				}
				want := &kinesis.UpdateStreamWarmThroughputOutput{
					StreamARN:      aws.String(h.f.streamARN("s")),
					StreamName:     aws.String("s"),
					WarmThroughput: tt.wantWarm,
				}
				if diff := cmp.Diff(want, out, cmpopts.IgnoreUnexported(kinesis.UpdateStreamWarmThroughputOutput{}, types.WarmThroughputObject{}), cmpopts.IgnoreFields(kinesis.UpdateStreamWarmThroughputOutput{}, "ResultMetadata")); diff != "" {
					t.Errorf("output (-want +got):\n%s", diff)
				}
				assert.Equal(t, types.StreamStatusUpdating, scStatus(t, h.f, "s"))
				h.clk.Advance(delay)
				assert.Equal(t, types.StreamStatusActive, scStatus(t, h.f, "s"))
			})
		}
	})
}

// warmSettled sets warm throughput on stream s through the door and waits
// out UPDATING.
func (h *sc) warmSettled(t *testing.T, mibps int32, delay time.Duration) {
	t.Helper()
	require.NoError(t, h.setWarm("s", mibps))
	h.clk.Advance(delay)
}

func TestUpdateStreamWarmThroughputByARN(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := scFakeOn(t, door)
		arn := h.onDemand("s")
		h.commit()
		_, err := h.api.UpdateStreamWarmThroughput(h.ctx, &kinesis.UpdateStreamWarmThroughputInput{
			StreamARN: aws.String(arn), WarmThroughputMiBps: aws.Int32(64),
		})
		require.NoError(t, err)
		assert.Equal(t, int32(64), scStream(t, h.f, "s").warmMiBps)
	})
}

// CreateStream's WarmThroughputMiBps: "The target warm throughput in MB/s
// that the stream should be scaled to handle." Its reference: "Once your
// account has MinimumThroughputBillingCommitment enabled, you can specify
// the warm throughput"; UpdateStreamWarmThroughput's: "Provisioned capacity
// mode streams do not support warm throughput configuration" and "you
// cannot ... Scale to more than 10 GiBps for an on-demand stream."
func TestCreateStreamWarmThroughput(t *testing.T) {
	onDemand := &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand}
	noCommitment := scWant[types.InvalidArgumentException]("Warm throughput can only be configured in accounts with MinimumThroughputBillingCommitment enabled. Account " + scAccount + " does not have MinimumThroughputBillingCommitment enabled.")
	tests := []struct {
		name     string
		noCommit bool
		in       kinesis.CreateStreamInput
		want     scErrCheck
		wantWarm *types.WarmThroughputObject
	}{
		{name: "on demand", in: kinesis.CreateStreamInput{StreamModeDetails: onDemand, WarmThroughputMiBps: aws.Int32(100)},
			wantWarm: &types.WarmThroughputObject{CurrentMiBps: aws.Int32(100), TargetMiBps: aws.Int32(100)}},
		{name: "with only a name (on demand)", in: kinesis.CreateStreamInput{WarmThroughputMiBps: aws.Int32(100)},
			wantWarm: &types.WarmThroughputObject{CurrentMiBps: aws.Int32(100), TargetMiBps: aws.Int32(100)}},
		{name: "the limit", in: kinesis.CreateStreamInput{StreamModeDetails: onDemand, WarmThroughputMiBps: aws.Int32(10240)},
			wantWarm: &types.WarmThroughputObject{CurrentMiBps: aws.Int32(10240), TargetMiBps: aws.Int32(10240)}},
		{name: "none", in: kinesis.CreateStreamInput{StreamModeDetails: onDemand}},

		{name: "no commitment", noCommit: true, in: kinesis.CreateStreamInput{StreamModeDetails: onDemand, WarmThroughputMiBps: aws.Int32(100)},
			want: noCommitment},
		{name: "provisioned", in: kinesis.CreateStreamInput{ShardCount: aws.Int32(2), WarmThroughputMiBps: aws.Int32(100)},
			want: scWant[types.InvalidArgumentException]("WarmThroughputMiBps can only be specified for streams in ON_DEMAND mode.")},
		{name: "over the limit", in: kinesis.CreateStreamInput{StreamModeDetails: onDemand, WarmThroughputMiBps: aws.Int32(10241)},
			want: scWant[types.LimitExceededException]("Requested warm throughput of 10241 MiBps exceeds the limit of 10240 MiBps for an on-demand stream.")},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := scFakeOn(t, door)
				if !tt.noCommit {
					h.commit()
				}
				in := tt.in
				in.StreamName = aws.String("s")
				_, err := h.api.CreateStream(h.ctx, &in)
				scCheck(t, tt.want, "CreateStream", err)
				out, derr := h.api.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("s")})
				if tt.want != nil {
					require.ErrorAs(t, derr, new(*types.ResourceNotFoundException), "no stream is made")
					return
				}
				require.NoError(t, derr)
				if diff := cmp.Diff(tt.wantWarm, out.StreamDescriptionSummary.WarmThroughput, cmpopts.IgnoreUnexported(types.WarmThroughputObject{})); diff != "" {
					t.Errorf("WarmThroughput (-want +got):\n%s", diff)
				}
			})
		}
	})
}
