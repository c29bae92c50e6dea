package kinesisfake

import (
	"context"
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
	deleteStream := func(t *testing.T, f *Fake, name string) {
		_, err := f.DeleteStream(context.Background(), &kinesis.DeleteStreamInput{StreamName: aws.String(name)})
		require.NoError(t, err)
	}
	tests := []struct {
		name  string
		opts  []Option
		setup func(t *testing.T, f *Fake, clk *ManualClock)
		want  *kinesis.DescribeLimitsOutput
	}{
		{name: "empty account", want: limits(20000, 0, 0)},
		{name: "default quota of other Regions", opts: []Option{WithRegion("ap-south-1")}, want: limits(1000, 0, 0)},
		{name: "configured quota", opts: []Option{WithShardLimit(42)}, want: limits(42, 0, 0)},
		{name: "provisioned and on-demand streams",
			setup: func(t *testing.T, f *Fake, _ *ManualClock) {
				f.CreateStreamT(t, "a", 3)
				f.CreateStreamT(t, "b", 2)
				scOnDemand(t, f, "c")
			},
			want: limits(20000, 3+2+onDemandShardCount, 1)},
		{name: "a deleted stream stops counting",
			setup: func(t *testing.T, f *Fake, _ *ManualClock) {
				f.CreateStreamT(t, "a", 3)
				scOnDemand(t, f, "c")
				deleteStream(t, f, "c")
			},
			want: limits(20000, 3, 0)},
		{name: "a stream counts while DELETING",
			opts: []Option{WithStateDelays(StateDelays{Delete: time.Minute})},
			setup: func(t *testing.T, f *Fake, _ *ManualClock) {
				scOnDemand(t, f, "c")
				deleteStream(t, f, "c")
			},
			want: limits(20000, onDemandShardCount, 1)},
		{name: "until its deletion completes",
			opts: []Option{WithStateDelays(StateDelays{Delete: time.Minute})},
			setup: func(t *testing.T, f *Fake, clk *ManualClock) {
				scOnDemand(t, f, "c")
				deleteStream(t, f, "c")
				clk.Advance(time.Minute)
			},
			want: limits(20000, 0, 0)},
		{name: "a stream counts while CREATING",
			opts:  []Option{WithStateDelays(StateDelays{Create: time.Minute})},
			setup: func(t *testing.T, f *Fake, _ *ManualClock) { f.CreateStreamT(t, "a", 2) },
			want:  limits(20000, 2, 0)},
		{name: "mode switches move streams between the counts",
			setup: func(t *testing.T, f *Fake, _ *ManualClock) {
				arn := f.CreateStreamT(t, "a", 2)
				require.NoError(t, scUpdateMode(f, arn, "ON_DEMAND"))
			},
			want: limits(20000, 2, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, clk := scFake(t, tt.opts...)
			if tt.setup != nil {
				tt.setup(t, f, clk)
			}
			got, err := f.DescribeLimits(context.Background(), &kinesis.DescribeLimitsInput{})
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreUnexported(kinesis.DescribeLimitsOutput{}), cmpopts.IgnoreFields(kinesis.DescribeLimitsOutput{}, "ResultMetadata")); diff != "" {
				t.Errorf("DescribeLimits (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDescribeLimitsNilInput(t *testing.T) {
	f, _ := scFake(t)
	got, err := f.DescribeLimits(context.Background(), nil)
	require.NoError(t, err)
	require.Equal(t, int32(20000), *got.ShardLimit)
}
