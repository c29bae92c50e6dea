package kinesisfake

import (
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"
)

func TestDescribeLimits(t *testing.T) {
	limits := func(shardLimit, open, onDemand int32) *kinesis.DescribeLimitsOutput {
		return &kinesis.DescribeLimitsOutput{
			ShardLimit:               aws.Int32(shardLimit),
			OpenShardCount:           aws.Int32(open),
			OnDemandStreamCount:      aws.Int32(onDemand),
			OnDemandStreamCountLimit: aws.Int32(50),
			ChannelCount:             aws.Int32(0),
			ChannelCountLimit:        aws.Int32(50),
		}
	}
	tests := []struct {
		name  string
		opts  []Option
		setup func(h *sc)
		want  *kinesis.DescribeLimitsOutput
	}{
		{name: "empty account", want: limits(20000, 0, 0)},
		{name: "default quota of other Regions", opts: []Option{WithRegion("ap-south-1")}, want: limits(1000, 0, 0)},
		{name: "configured quota", opts: []Option{WithShardLimit(42)}, want: limits(42, 0, 0)},
		{name: "provisioned and on-demand streams",
			setup: func(h *sc) {
				h.stream("a", 3)
				h.stream("b", 2)
				h.onDemand("c")
			},
			want: limits(20000, 3+2+onDemandShardCount, 1)},
		{name: "a deleted stream stops counting",
			setup: func(h *sc) {
				h.stream("a", 3)
				h.onDemand("c")
				h.deleteStream("c")
			},
			want: limits(20000, 3, 0)},
		{name: "a stream counts while DELETING",
			opts: []Option{WithStateDelays(StateDelays{Delete: time.Minute})},
			setup: func(h *sc) {
				h.onDemand("c")
				h.deleteStream("c")
			},
			want: limits(20000, onDemandShardCount, 1)},
		{name: "until its deletion completes",
			opts: []Option{WithStateDelays(StateDelays{Delete: time.Minute})},
			setup: func(h *sc) {
				h.onDemand("c")
				h.deleteStream("c")
				h.clk.Advance(time.Minute)
			},
			want: limits(20000, 0, 0)},
		{name: "a stream counts while CREATING",
			opts:  []Option{WithStateDelays(StateDelays{Create: time.Minute})},
			setup: func(h *sc) { h.stream("a", 2) },
			want:  limits(20000, 2, 0)},
		{name: "mode switches move streams between the counts",
			setup: func(h *sc) {
				arn := h.stream("a", 2)
				require.NoError(h.t, h.updateMode(arn, "ON_DEMAND"))
			},
			want: limits(20000, 2, 1)},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := scFakeOn(t, door, tt.opts...)
				if tt.setup != nil {
					tt.setup(h)
				}
				got, err := h.api.DescribeLimits(h.ctx, &kinesis.DescribeLimitsInput{})
				require.NoError(t, err)
				if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreUnexported(kinesis.DescribeLimitsOutput{}), cmpopts.IgnoreFields(kinesis.DescribeLimitsOutput{}, "ResultMetadata")); diff != "" {
					t.Errorf("DescribeLimits (-want +got):\n%s", diff)
				}
			})
		}
	})
}

func TestDescribeLimitsNilInput(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := scFakeOn(t, door)
		got, err := h.api.DescribeLimits(h.ctx, nil)
		require.NoError(t, err)
		require.Equal(t, int32(20000), *got.ShardLimit)
	})
}
