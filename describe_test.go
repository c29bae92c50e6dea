package kinesisfake

import (
	"context"
	"math/big"
	"regexp"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go/middleware"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Helpers shared by the control-plane tests (describe, list, retention,
// tags). Their names start with ctl so they cannot collide with helpers of
// other test files in the package.

// ctlStart is the fake clock's starting time in the control-plane tests.
var ctlStart = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// ctlNewFakeOn returns a harness on a manual clock at ctlStart, seen
// through door. Its throughput limits are off: on a clock that stands still,
// the control-plane call rates (DescribeStream 10/s, ListStreams 5/s, ...)
// would otherwise throttle the many calls these tests make at one instant.
func ctlNewFakeOn(t *testing.T, door testDoor, opts ...Option) *harness {
	t.Helper()
	return newHarnessAt(t, ctlStart, door, opts...)
}

// ctlNewFake returns the Fake and clock of a direct-door ctlNewFakeOn, for
// the tests of engine internals that call the Fake's methods themselves.
func ctlNewFake(t *testing.T, opts ...Option) (*Fake, *ManualClock) {
	t.Helper()
	h := ctlNewFakeOn(t, directTestDoor, opts...)
	return h.f, h.clk
}

// ctlCreate creates a provisioned stream of n shards through api and
// requires success.
func ctlCreate(t *testing.T, api KinesisAPI, name string, n int32) {
	t.Helper()
	_, err := api.CreateStream(context.Background(), &kinesis.CreateStreamInput{StreamName: aws.String(name), ShardCount: aws.Int32(n)})
	require.NoError(t, err)
}

// ctlAssertErr checks that err is (or wraps) the SDK exception E with
// exactly the message want.
func ctlAssertErr[E any, PE interface {
	*E
	error
	ErrorMessage() string
}](t *testing.T, err error, want string) {
	t.Helper()
	var target PE
	if assert.ErrorAs(t, err, &target) {
		assert.Equal(t, want, target.ErrorMessage())
	}
}

// ctlSplit closes shard index of the stream at `at` and gives it two
// children, created at the same moment, that split its hash-key range in
// half: what a SplitShard would leave behind, built by hand because these
// tests must not depend on resharding. It returns the children's numbers.
func ctlSplit(t *testing.T, f *Fake, streamName string, index int, at time.Time) (int, int) {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.streams[streamName]
	require.NotNil(t, s)
	require.Less(t, index, len(s.shards))
	parent := s.shards[index]
	require.False(t, parent.closing, "shard already closed")
	mid := hashKeyFromBig(new(big.Int).Rsh(new(big.Int).Add(parent.keys.start.big(), parent.keys.end.big()), 1))
	ms := msOf(at)
	a, b := len(s.shards), len(s.shards)+1
	left := newShard(a, hashRange{start: parent.keys.start, end: mid}, ms, nil)
	right := newShard(b, hashRange{start: mid.add(1), end: parent.keys.end}, ms, nil)
	left.parent, right.parent = parent.id, parent.id
	s.shards = append(s.shards, left, right)
	parent.closing, parent.closedMs = true, ms
	parent.children = []int{a, b}
	return a, b
}

// ctlShardIDs lists the ids of shards, for compact comparisons.
func ctlShardIDs(shards []types.Shard) []string {
	ids := []string{}
	for _, sh := range shards {
		ids = append(ids, aws.ToString(sh.ShardId))
	}
	return ids
}

// ctlIDs names shards by number.
func ctlIDs(numbers ...int) []string {
	ids := []string{}
	for _, n := range numbers {
		ids = append(ids, shardID(n))
	}
	return ids
}

// ctlIgnoreSDK makes go-cmp skip the SDK structs' unexported fields.
var ctlIgnoreSDK = cmpopts.IgnoreUnexported(
	kinesis.DescribeStreamOutput{}, kinesis.DescribeStreamSummaryOutput{},
	kinesis.ListStreamsOutput{}, kinesis.ListShardsOutput{}, kinesis.ListTagsForStreamOutput{},
	kinesis.ListTagsForResourceOutput{},
	types.StreamDescription{}, types.StreamDescriptionSummary{}, types.Shard{}, types.HashKeyRange{},
	types.SequenceNumberRange{}, types.EnhancedMetrics{}, types.StreamModeDetails{}, types.StreamSummary{},
	types.Tag{}, types.WarmThroughputObject{}, middleware.Metadata{},
)

var seqNumPattern = regexp.MustCompile(`^\d{56}$`)

func TestDescribeStream(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		ctx := h.ctx
		ctlCreate(t, h.api, "s", 3)

		out, err := h.api.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")})
		require.NoError(t, err)

		for _, sh := range out.StreamDescription.Shards {
			assert.Regexp(t, seqNumPattern, aws.ToString(sh.SequenceNumberRange.StartingSequenceNumber))
		}
		want := &types.StreamDescription{
			StreamName:              aws.String("s"),
			StreamARN:               aws.String("arn:aws:kinesis:us-east-1:000000000000:stream/s"),
			StreamStatus:            types.StreamStatusActive,
			StreamModeDetails:       &types.StreamModeDetails{StreamMode: types.StreamModeProvisioned},
			HasMoreShards:           aws.Bool(false),
			RetentionPeriodHours:    aws.Int32(24),
			StreamCreationTimestamp: aws.Time(ctlStart),
			EnhancedMonitoring:      []types.EnhancedMetrics{{ShardLevelMetrics: []types.MetricsName{}}},
			EncryptionType:          types.EncryptionTypeNone,
			Shards: []types.Shard{{
				ShardId: aws.String("shardId-000000000000"),
				HashKeyRange: &types.HashKeyRange{
					StartingHashKey: aws.String("0"),
					EndingHashKey:   aws.String("113427455640312821154458202477256070484"),
				},
				SequenceNumberRange: &types.SequenceNumberRange{},
			}, {
				ShardId: aws.String("shardId-000000000001"),
				HashKeyRange: &types.HashKeyRange{
					StartingHashKey: aws.String("113427455640312821154458202477256070485"),
					EndingHashKey:   aws.String("226854911280625642308916404954512140969"),
				},
				SequenceNumberRange: &types.SequenceNumberRange{},
			}, {
				ShardId: aws.String("shardId-000000000002"),
				HashKeyRange: &types.HashKeyRange{
					StartingHashKey: aws.String("226854911280625642308916404954512140970"),
					EndingHashKey:   aws.String("340282366920938463463374607431768211455"),
				},
				SequenceNumberRange: &types.SequenceNumberRange{},
			}},
		}
		ignoreSeq := cmpopts.IgnoreFields(types.SequenceNumberRange{}, "StartingSequenceNumber")
		assert.Empty(t, cmp.Diff(want, out.StreamDescription, ctlIgnoreSDK, ignoreSeq))

		// The ARN names the same stream.
		byARN, err := h.api.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamARN: want.StreamARN})
		require.NoError(t, err)
		assert.Empty(t, cmp.Diff(out, byARN, ctlIgnoreSDK))
	})
}

func TestDescribeStreamPaging(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		ctlCreate(t, h.api, "five", 5)
		ctlCreate(t, h.api, "big", 150)

		tests := []struct {
			name       string
			stream     string
			limit      *int32
			startAfter *string
			wantIDs    []string
			wantMore   bool
		}{
			{name: "default limit takes all", stream: "five", wantIDs: ctlIDs(0, 1, 2, 3, 4)},
			{name: "limit 2", stream: "five", limit: aws.Int32(2), wantIDs: ctlIDs(0, 1), wantMore: true},
			{name: "limit equal to the count", stream: "five", limit: aws.Int32(5), wantIDs: ctlIDs(0, 1, 2, 3, 4)},
			{name: "after shard 1", stream: "five", startAfter: aws.String("shardId-000000000001"), wantIDs: ctlIDs(2, 3, 4)},
			{name: "lenient shard id", stream: "five", startAfter: aws.String("shardId-2"), wantIDs: ctlIDs(3, 4)},
			{name: "after the last shard", stream: "five", startAfter: aws.String("shardId-000000000004"), wantIDs: []string{}},
			{name: "after a shard that does not exist", stream: "five", startAfter: aws.String("shardId-000000000099"), wantIDs: []string{}},
			{name: "unparsable id sorting before all", stream: "five", startAfter: aws.String("a"), wantIDs: ctlIDs(0, 1, 2, 3, 4)},
			{name: "unparsable id sorting after all", stream: "five", startAfter: aws.String("z"), wantIDs: []string{}},
			{name: "page and limit", stream: "five", startAfter: aws.String("shardId-000000000000"), limit: aws.Int32(3), wantIDs: ctlIDs(1, 2, 3), wantMore: true},
			{name: "at most 100 by default", stream: "big", wantIDs: ctlRange(0, 100), wantMore: true},
			{name: "at most 100 whatever the limit", stream: "big", limit: aws.Int32(10000), wantIDs: ctlRange(0, 100), wantMore: true},
			{name: "rest of the big stream", stream: "big", startAfter: aws.String("shardId-000000000099"), limit: aws.Int32(10000), wantIDs: ctlRange(100, 150)},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				out, err := h.api.DescribeStream(h.ctx, &kinesis.DescribeStreamInput{
					StreamName: aws.String(tt.stream), Limit: tt.limit, ExclusiveStartShardId: tt.startAfter,
				})
				require.NoError(t, err)
				assert.Equal(t, tt.wantIDs, ctlShardIDs(out.StreamDescription.Shards))
				assert.Equal(t, tt.wantMore, aws.ToBool(out.StreamDescription.HasMoreShards))
			})
		}
	})
}

// ctlRange names shards from..to-1.
func ctlRange(from, to int) []string {
	ids := []string{}
	for i := from; i < to; i++ {
		ids = append(ids, shardID(i))
	}
	return ids
}

func TestDescribeStreamPaginator(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		ctlCreate(t, h.api, "s", 7)

		// The SDK's handwritten paginator dereferences Limit, so it must be set.
		p := kinesis.NewDescribeStreamPaginator(h.api, &kinesis.DescribeStreamInput{StreamName: aws.String("s"), Limit: aws.Int32(3)})
		var ids []string
		pages := 0
		for p.HasMorePages() {
			out, err := p.NextPage(h.ctx)
			require.NoError(t, err)
			ids = append(ids, ctlShardIDs(out.StreamDescription.Shards)...)
			pages++
		}
		assert.Equal(t, ctlRange(0, 7), ids)
		assert.Equal(t, 3, pages)
	})
}

func TestDescribeStreamClosedShards(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		clk, ctx := h.clk, h.ctx
		ctlCreate(t, h.api, "s", 2)
		closedAt := ctlStart.Add(time.Hour)
		ctlSplit(t, h.f, "s", 0, closedAt)
		clk.Set(closedAt.Add(time.Minute))

		out, err := h.api.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		shards := out.StreamDescription.Shards
		require.Equal(t, ctlIDs(0, 1, 2, 3), ctlShardIDs(shards))
		assert.Regexp(t, seqNumPattern, aws.ToString(shards[0].SequenceNumberRange.EndingSequenceNumber), "a closed shard has an ending number")
		assert.Nil(t, shards[1].SequenceNumberRange.EndingSequenceNumber, "an open shard has none")
		assert.Equal(t, "shardId-000000000000", aws.ToString(shards[2].ParentShardId))
		assert.Equal(t, "shardId-000000000000", aws.ToString(shards[3].ParentShardId))

		// Exactly the retention period after closing, the shard is still listed;
		// a millisecond later it has aged out.
		clk.Set(closedAt.Add(24 * time.Hour))
		out, err = h.api.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		assert.Equal(t, ctlIDs(0, 1, 2, 3), ctlShardIDs(out.StreamDescription.Shards))
		clk.Advance(time.Millisecond)
		out, err = h.api.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		assert.Equal(t, ctlIDs(1, 2, 3), ctlShardIDs(out.StreamDescription.Shards))
	})
}

func TestDescribeStreamWhileCreating(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door, WithStateDelays(StateDelays{Create: 10 * time.Second}))
		clk, ctx := h.clk, h.ctx
		ctlCreate(t, h.api, "s", 2)

		out, err := h.api.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		assert.Equal(t, types.StreamStatusCreating, out.StreamDescription.StreamStatus)
		assert.Equal(t, []types.Shard{}, out.StreamDescription.Shards)
		assert.False(t, aws.ToBool(out.StreamDescription.HasMoreShards))

		sum, err := h.api.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		assert.Equal(t, types.StreamStatusCreating, sum.StreamDescriptionSummary.StreamStatus)
		assert.Equal(t, int32(0), aws.ToInt32(sum.StreamDescriptionSummary.OpenShardCount))

		clk.Advance(10 * time.Second)
		out, err = h.api.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		assert.Equal(t, types.StreamStatusActive, out.StreamDescription.StreamStatus)
		assert.Equal(t, ctlIDs(0, 1), ctlShardIDs(out.StreamDescription.Shards))
	})
}

func TestStreamExistsWaiter(t *testing.T) {
	// The SDK's waiter polls DescribeStream until the stream is ACTIVE.
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		ctlCreate(t, h.api, "s", 1)
		w := kinesis.NewStreamExistsWaiter(h.api)
		require.NoError(t, w.Wait(h.ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")}, time.Second))
	})
}

func TestDescribeStreamSummary(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		ctx := h.ctx
		_, err := h.api.CreateStream(ctx, &kinesis.CreateStreamInput{
			StreamName:        aws.String("od"),
			StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand},
		})
		require.NoError(t, err)
		ctlCreate(t, h.api, "p", 2)
		ctlSplit(t, h.f, "p", 1, ctlStart)

		tests := []struct {
			stream string
			want   *types.StreamDescriptionSummary
		}{{
			stream: "od",
			want: &types.StreamDescriptionSummary{
				StreamName:              aws.String("od"),
				StreamARN:               aws.String("arn:aws:kinesis:us-east-1:000000000000:stream/od"),
				StreamStatus:            types.StreamStatusActive,
				StreamModeDetails:       &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand},
				RetentionPeriodHours:    aws.Int32(24),
				StreamCreationTimestamp: aws.Time(ctlStart),
				EnhancedMonitoring:      []types.EnhancedMetrics{{ShardLevelMetrics: []types.MetricsName{}}},
				EncryptionType:          types.EncryptionTypeNone,
				OpenShardCount:          aws.Int32(4),
				ConsumerCount:           aws.Int32(0),
				ChannelCount:            aws.Int32(0),
				MaxRecordSizeInKiB:      aws.Int32(1024),
			},
		}, {
			stream: "p",
			want: &types.StreamDescriptionSummary{
				StreamName:              aws.String("p"),
				StreamARN:               aws.String("arn:aws:kinesis:us-east-1:000000000000:stream/p"),
				StreamStatus:            types.StreamStatusActive,
				StreamModeDetails:       &types.StreamModeDetails{StreamMode: types.StreamModeProvisioned},
				RetentionPeriodHours:    aws.Int32(24),
				StreamCreationTimestamp: aws.Time(ctlStart),
				EnhancedMonitoring:      []types.EnhancedMetrics{{ShardLevelMetrics: []types.MetricsName{}}},
				EncryptionType:          types.EncryptionTypeNone,
				OpenShardCount:          aws.Int32(3), // shard 1 closed, two children open
				ConsumerCount:           aws.Int32(0),
				ChannelCount:            aws.Int32(0),
				MaxRecordSizeInKiB:      aws.Int32(1024),
			},
		}}
		for _, tt := range tests {
			t.Run(tt.stream, func(t *testing.T) {
				out, err := h.api.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(tt.stream)})
				require.NoError(t, err)
				assert.Empty(t, cmp.Diff(tt.want, out.StreamDescriptionSummary, ctlIgnoreSDK))
			})
		}
	})
}

func TestDescribeErrors(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		ctx := h.ctx
		ctlCreate(t, h.api, "s", 1)

		tests := []struct {
			name string
			call func() error
			want string
		}{{
			name: "DescribeStream of a missing stream",
			call: func() error {
				_, err := h.api.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("nope")})
				return err
			},
			want: "Stream nope under account 000000000000 not found.",
		}, {
			name: "DescribeStreamSummary of a missing stream",
			call: func() error {
				_, err := h.api.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("nope")})
				return err
			},
			want: "Stream nope under account 000000000000 not found.",
		}, {
			name: "ARN of another account",
			call: func() error {
				_, err := h.api.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamARN: aws.String("arn:aws:kinesis:us-east-1:111111111111:stream/s")})
				return err
			},
			want: "Stream s under account 111111111111 not found.",
		}}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ctlAssertErr[types.ResourceNotFoundException](t, tt.call(), tt.want)
			})
		}

		// A deleted stream is gone for both.
		_, err := h.api.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		_, err = h.api.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")})
		ctlAssertErr[types.ResourceNotFoundException](t, err, "Stream s under account 000000000000 not found.")
	})
}

// TestStreamCreationTimestampInWholeSeconds: AWS reports a stream's
// creation time in whole seconds (every response on record reads like
// 1.468346745E9 or 1569503664.0), and boto3 sends timestamps in whole
// seconds, so a Python client that passes StreamCreationTimestamp back to
// ListShards or ListStreamConsumers names the stream only if the fake
// reports, and matches, whole seconds. A stream made at .734 s reports the
// second before; any instant of that second names it, the seconds around
// it do not.
func TestStreamCreationTimestampInWholeSeconds(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newHarnessAt(t, ctlStart.Add(734*time.Millisecond), door)
		ctx := h.ctx
		ctlCreate(t, h.api, "s", 1)

		ds, err := h.api.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		assert.Equal(t, ctlStart, aws.ToTime(ds.StreamDescription.StreamCreationTimestamp).UTC(), "DescribeStream")
		sum, err := h.api.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		assert.Equal(t, ctlStart, aws.ToTime(sum.StreamDescriptionSummary.StreamCreationTimestamp).UTC(), "DescribeStreamSummary")
		ls, err := h.api.ListStreams(ctx, &kinesis.ListStreamsInput{})
		require.NoError(t, err)
		require.Len(t, ls.StreamSummaries, 1)
		assert.Equal(t, ctlStart, aws.ToTime(ls.StreamSummaries[0].StreamCreationTimestamp).UTC(), "ListStreams")

		arn := aws.ToString(ds.StreamDescription.StreamARN)
		for _, tt := range []struct {
			at    time.Time
			names bool
		}{
			{ctlStart, true}, // as reported, as boto3 sends it back
			{ctlStart.Add(734 * time.Millisecond), true}, // the instant of creation
			{ctlStart.Add(999 * time.Millisecond), true}, // the same second
			{ctlStart.Add(-time.Millisecond), false},     // the second before
			{ctlStart.Add(time.Second), false},           // the second after
			{ctlStart.Add(-time.Hour), false},            // another stream of the name
		} {
			_, err := h.api.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("s"), StreamCreationTimestamp: aws.Time(tt.at)})
			_, cerr := h.api.ListStreamConsumers(ctx, &kinesis.ListStreamConsumersInput{StreamARN: &arn, StreamCreationTimestamp: aws.Time(tt.at)})
			if tt.names {
				assert.NoError(t, err, "ListShards at %v", tt.at)
				assert.NoError(t, cerr, "ListStreamConsumers at %v", tt.at)
				continue
			}
			ctlAssertErr[types.ResourceNotFoundException](t, err, "Stream s under account 000000000000 not found.")
			ctlAssertErr[types.ResourceNotFoundException](t, cerr, "Stream s under account 000000000000 not found.")
		}
	})
}
