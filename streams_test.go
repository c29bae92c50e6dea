package kinesisfake_test

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake"
)

func TestCreateStream(t *testing.T) {
	ctx := context.Background()
	const acct = kinesisfake.DefaultAccountID
	cases := []struct {
		name     string
		opts     []kinesisfake.Option
		setup    func(t *testing.T, f *kinesisfake.Fake)
		in       kinesis.CreateStreamInput
		wantErr  any
		wantText string
		shards   int
		mode     types.StreamMode // "": PROVISIONED
	}{
		{name: "provisioned", in: kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(3)}, shards: 3},
		{name: "on-demand starts with four shards", in: kinesis.CreateStreamInput{StreamName: aws.String("s"),
			StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand}}, shards: 4, mode: types.StreamModeOnDemand},
		// Only a name: AWS made 4 open shards (LocalStack's
		// test_create_stream_without_shard_count, recorded on AWS in
		// 2022-08). The API reference requires a shard count in provisioned
		// mode, so the stream is on-demand.
		{name: "no shard count, no mode: on-demand", in: kinesis.CreateStreamInput{StreamName: aws.String("s")}, shards: 4, mode: types.StreamModeOnDemand},
		{name: "provisioned needs a shard count", in: kinesis.CreateStreamInput{StreamName: aws.String("s"),
			StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeProvisioned}},
			wantErr: new(*types.InvalidArgumentException), wantText: "ShardCount is required for streams in PROVISIONED mode."},
		{name: "name taken", setup: func(t *testing.T, f *kinesisfake.Fake) { f.CreateStreamT(t, "s", 1) },
			in:      kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(1)},
			wantErr: new(*types.ResourceInUseException), wantText: "Stream s under account " + acct + " already exists."},
		{name: "shard quota", opts: []kinesisfake.Option{kinesisfake.WithShardLimit(5)},
			setup:   func(t *testing.T, f *kinesisfake.Fake) { f.CreateStreamT(t, "other", 3) },
			in:      kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(3)},
			wantErr: new(*types.LimitExceededException), wantText: "This request would exceed the shard limit for the account " + acct +
				" in us-east-1. Current shard count for the account: 3. Limit: 5. Number of additional shards that would have resulted from this request: 3." +
				" Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits."},
		{name: "five streams creating", opts: []kinesisfake.Option{kinesisfake.WithStateDelays(kinesisfake.StateDelays{Create: time.Minute})},
			setup: func(t *testing.T, f *kinesisfake.Fake) {
				for i := range 5 {
					_, err := f.CreateStream(context.Background(), &kinesis.CreateStreamInput{StreamName: aws.String(fmt.Sprint("c", i)), ShardCount: aws.Int32(1)})
					require.NoError(t, err)
				}
			},
			in:      kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(1)},
			wantErr: new(*types.LimitExceededException), wantText: "This request would exceed the limit of 5 streams in the CREATING state for account " + acct + "."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			clock := kinesisfake.NewManualClock(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
			f := kinesisfake.New(append([]kinesisfake.Option{kinesisfake.WithClock(clock), kinesisfake.WithoutThroughputLimits()}, tc.opts...)...)
			if tc.setup != nil {
				tc.setup(t, f)
			}
			_, err := f.CreateStream(ctx, &tc.in)
			if tc.wantErr != nil {
				require.ErrorAs(t, err, tc.wantErr)
				assert.Contains(t, err.Error(), tc.wantText)
				return
			}
			require.NoError(t, err)
			out, err := f.ListShards(ctx, &kinesis.ListShardsInput{StreamName: tc.in.StreamName})
			require.NoError(t, err)
			assert.Len(t, out.Shards, tc.shards)
			sum, err := f.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: tc.in.StreamName})
			require.NoError(t, err)
			mode := tc.mode
			if mode == "" {
				mode = types.StreamModeProvisioned
			}
			assert.Equal(t, mode, sum.StreamDescriptionSummary.StreamModeDetails.StreamMode)
		})
	}
}

// TestStreamWaiters runs the SDK's own waiters against the fake inside a
// synctest bubble: the fake's default clock is time.Now, so the bubble's
// time drives both the stream's states and the waiters' sleeps.
func TestStreamWaiters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx := context.Background()
		f := kinesisfake.New(kinesisfake.WithStateDelays(kinesisfake.StateDelays{Create: 30 * time.Second, Delete: 45 * time.Second}))
		start := time.Now()
		_, err := f.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(1)})
		require.NoError(t, err)

		sum, err := f.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		assert.Equal(t, types.StreamStatusCreating, sum.StreamDescriptionSummary.StreamStatus)

		err = kinesis.NewStreamExistsWaiter(f).Wait(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")}, 5*time.Minute)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, time.Since(start), 30*time.Second, "ACTIVE only after the create delay")

		_, err = f.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		deleted := time.Now()
		err = kinesis.NewStreamNotExistsWaiter(f).Wait(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")}, 5*time.Minute)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, time.Since(deleted), 45*time.Second, "gone only after the delete delay")
	})
}

// TestCreateStreamTIsSetup: the helper leaves streams ACTIVE whatever the
// state delays, and is not held to CreateStream's rate.
func TestCreateStreamTIsSetup(t *testing.T) {
	clock := kinesisfake.NewManualClock(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	f := kinesisfake.New(kinesisfake.WithClock(clock), kinesisfake.WithStateDelays(kinesisfake.StateDelays{Create: time.Hour}))
	for i := range 7 {
		f.CreateStreamT(t, fmt.Sprint("s", i), 1)
	}
	sum, err := f.DescribeStreamSummary(context.Background(), &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("s6")})
	require.NoError(t, err)
	assert.Equal(t, types.StreamStatusActive, sum.StreamDescriptionSummary.StreamStatus)
}

// TestStreamNameAndARNMustAgree: a request may name its stream twice, but
// both names must be the same stream.
func TestStreamNameAndARNMustAgree(t *testing.T) {
	f := kinesisfake.New()
	arn := f.CreateStreamT(t, "s", 1)
	f.CreateStreamT(t, "t", 1)
	ctx := context.Background()
	_, err := f.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("s"), StreamARN: aws.String(arn)})
	require.NoError(t, err)
	_, err = f.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("t"), StreamARN: aws.String(arn)})
	var ia *types.InvalidArgumentException
	require.ErrorAs(t, err, &ia)
	assert.Equal(t, "StreamARN "+arn+" and StreamName t do not name the same stream.", *ia.Message)
}
