package kinesisfake

import (
	"context"
	"encoding/base64"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ctlListAllShards pages through ListShards of api with the given first
// request and page size, and returns every shard id listed and the number of
// pages.
func ctlListAllShards(t *testing.T, api KinesisAPI, first *kinesis.ListShardsInput, pageSize int32) ([]string, int) {
	t.Helper()
	ctx := context.Background()
	in := first
	in.MaxResults = aws.Int32(pageSize)
	ids := []string{}
	for pages := 1; ; pages++ {
		out, err := api.ListShards(ctx, in)
		require.NoError(t, err)
		ids = append(ids, ctlShardIDs(out.Shards)...)
		if out.NextToken == nil {
			return ids, pages
		}
		require.Len(t, out.Shards, int(pageSize), "only the last page may be short")
		in = &kinesis.ListShardsInput{NextToken: out.NextToken, MaxResults: aws.Int32(pageSize)}
	}
}

func TestListShardsMatchesDescribeStream(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		ctx := h.ctx
		ctlCreate(t, h.api, "s", 3)
		ctlSplit(t, h.f, "s", 1, ctlStart)

		ls, err := h.api.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		ds, err := h.api.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		assert.Nil(t, ls.NextToken)
		assert.Empty(t, cmp.Diff(ds.StreamDescription.Shards, ls.Shards, ctlIgnoreSDK))
		assert.Equal(t, ctlIDs(0, 1, 2, 3, 4), ctlShardIDs(ls.Shards))
	})
}

func TestListShardsPaging(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door, WithShardLimit(2000))
		ctx := h.ctx
		ctlCreate(t, h.api, "s", 5)
		ctlCreate(t, h.api, "big", 1001)

		t.Run("pages of two", func(t *testing.T) {
			ids, pages := ctlListAllShards(t, h.api, &kinesis.ListShardsInput{StreamName: aws.String("s")}, 2)
			assert.Equal(t, ctlRange(0, 5), ids)
			assert.Equal(t, 3, pages)
		})
		t.Run("exact fit has no token", func(t *testing.T) {
			out, err := h.api.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("s"), MaxResults: aws.Int32(5)})
			require.NoError(t, err)
			assert.Len(t, out.Shards, 5)
			assert.Nil(t, out.NextToken)
		})
		t.Run("page size may change between pages", func(t *testing.T) {
			out, err := h.api.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("s"), MaxResults: aws.Int32(1)})
			require.NoError(t, err)
			require.NotNil(t, out.NextToken)
			out, err = h.api.ListShards(ctx, &kinesis.ListShardsInput{NextToken: out.NextToken, MaxResults: aws.Int32(3)})
			require.NoError(t, err)
			assert.Equal(t, ctlIDs(1, 2, 3), ctlShardIDs(out.Shards))
			require.NotNil(t, out.NextToken)
			out, err = h.api.ListShards(ctx, &kinesis.ListShardsInput{NextToken: out.NextToken})
			require.NoError(t, err)
			assert.Equal(t, ctlIDs(4), ctlShardIDs(out.Shards))
			assert.Nil(t, out.NextToken)
		})
		t.Run("a token can be used again", func(t *testing.T) {
			out, err := h.api.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("s"), MaxResults: aws.Int32(2)})
			require.NoError(t, err)
			for range 2 {
				again, err := h.api.ListShards(ctx, &kinesis.ListShardsInput{NextToken: out.NextToken, MaxResults: aws.Int32(2)})
				require.NoError(t, err)
				assert.Equal(t, ctlIDs(2, 3), ctlShardIDs(again.Shards))
			}
		})
		t.Run("at most 1000 by default", func(t *testing.T) {
			out, err := h.api.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("big")})
			require.NoError(t, err)
			assert.Len(t, out.Shards, 1000)
			require.NotNil(t, out.NextToken)
			out, err = h.api.ListShards(ctx, &kinesis.ListShardsInput{NextToken: out.NextToken})
			require.NoError(t, err)
			assert.Equal(t, ctlIDs(1000), ctlShardIDs(out.Shards))
			assert.Nil(t, out.NextToken)
		})
		t.Run("at most 1000 whatever MaxResults", func(t *testing.T) {
			out, err := h.api.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("big"), MaxResults: aws.Int32(10000)})
			require.NoError(t, err)
			assert.Len(t, out.Shards, 1000)
			assert.NotNil(t, out.NextToken)
		})
		t.Run("ExclusiveStartShardId", func(t *testing.T) {
			for _, tt := range []struct {
				start string
				want  []string
			}{
				{"shardId-000000000001", ctlIDs(2, 3, 4)},
				{"shardId-3", ctlIDs(4)},
				{"shardId-000000000004", []string{}},
				{"shardId-000000000050", []string{}},
				{"a", ctlRange(0, 5)},
			} {
				out, err := h.api.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("s"), ExclusiveStartShardId: aws.String(tt.start)})
				require.NoError(t, err, tt.start)
				assert.Equal(t, tt.want, ctlShardIDs(out.Shards), tt.start)
				assert.Nil(t, out.NextToken, tt.start)
			}
		})
		t.Run("StreamCreationTimestamp", func(t *testing.T) {
			out, err := h.api.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("s"), StreamCreationTimestamp: aws.Time(ctlStart)})
			require.NoError(t, err)
			assert.Len(t, out.Shards, 5)
			_, err = h.api.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("s"), StreamCreationTimestamp: aws.Time(ctlStart.Add(-time.Hour))})
			ctlAssertErr[types.ResourceNotFoundException](t, err, "Stream s under account 000000000000 not found.")
		})
	})
}

func TestListShardsTokenErrors(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		clk, ctx := h.clk, h.ctx
		ctlCreate(t, h.api, "s", 3)
		first, err := h.api.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("s"), MaxResults: aws.Int32(1)})
		require.NoError(t, err)
		token := first.NextToken
		require.NotNil(t, token)

		t.Run("conflicting parameters", func(t *testing.T) {
			tests := []struct {
				name string
				in   kinesis.ListShardsInput
			}{
				{"StreamName", kinesis.ListShardsInput{StreamName: aws.String("s")}},
				{"StreamARN", kinesis.ListShardsInput{StreamARN: aws.String(h.f.streamARN("s"))}},
				{"ExclusiveStartShardId", kinesis.ListShardsInput{ExclusiveStartShardId: aws.String("shardId-000000000000")}},
				{"ShardFilter", kinesis.ListShardsInput{ShardFilter: &types.ShardFilter{Type: types.ShardFilterTypeAtLatest}}},
				{"StreamCreationTimestamp", kinesis.ListShardsInput{StreamCreationTimestamp: aws.Time(ctlStart)}},
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					in := tt.in
					in.NextToken = token
					_, err := h.api.ListShards(ctx, &in)
					ctlAssertErr[types.InvalidArgumentException](t, err, "NextToken and "+tt.name+" cannot be provided together.")
				})
			}
		})

		t.Run("invalid tokens", func(t *testing.T) {
			raw, err := base64.StdEncoding.DecodeString(*token)
			require.NoError(t, err)
			tampered := append([]byte(nil), raw...)
			tampered[28] ^= 1 // the position
			listStreamsToken := h.f.encodePageToken(pageToken{kind: pageTokenListStreams, issuedMs: msOf(ctlStart), name: "s"})

			for name, tok := range map[string]string{
				"garbage":             "garbage",
				"not base64":          "!!!!",
				"truncated":           (*token)[:20],
				"tampered":            base64.StdEncoding.EncodeToString(tampered),
				"a ListStreams token": listStreamsToken,
				"a shard iterator":    ctlIterator(t, h.api, "s"),
			} {
				t.Run(name, func(t *testing.T) {
					_, err := h.api.ListShards(ctx, &kinesis.ListShardsInput{NextToken: aws.String(tok)})
					ctlAssertErr[types.InvalidArgumentException](t, err, "Invalid NextToken.")
				})
			}
		})

		t.Run("expiry", func(t *testing.T) {
			clk.Set(ctlStart.Add(300 * time.Second))
			out, err := h.api.ListShards(ctx, &kinesis.ListShardsInput{NextToken: token})
			require.NoError(t, err, "a token exactly 300 s old is valid")
			assert.Equal(t, ctlIDs(1, 2), ctlShardIDs(out.Shards))

			clk.Advance(time.Millisecond)
			_, err = h.api.ListShards(ctx, &kinesis.ListShardsInput{NextToken: token})
			ctlAssertErr[types.ExpiredNextTokenException](t, err,
				"NextToken expired. The token was created at time Sat Mar 01 12:00:00 UTC 2025 while right now it is Sat Mar 01 12:05:00 UTC 2025 which is further in the future than the tolerated delay of 300000 milliseconds.")
			clk.Set(ctlStart)
		})

		t.Run("stream deleted and created again", func(t *testing.T) {
			_, err := h.api.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("s")})
			require.NoError(t, err)
			_, err = h.api.ListShards(ctx, &kinesis.ListShardsInput{NextToken: token})
			ctlAssertErr[types.ResourceNotFoundException](t, err, "Stream s under account 000000000000 not found.")
			ctlCreate(t, h.api, "s", 3)
			_, err = h.api.ListShards(ctx, &kinesis.ListShardsInput{NextToken: token})
			ctlAssertErr[types.ResourceNotFoundException](t, err, "Stream s under account 000000000000 not found.")
		})
	})
}

// ctlIterator returns a TRIM_HORIZON iterator of shard 0 of the stream,
// from api.
func ctlIterator(t *testing.T, api KinesisAPI, streamName string) string {
	t.Helper()
	out, err := api.GetShardIterator(context.Background(), &kinesis.GetShardIteratorInput{
		StreamName: aws.String(streamName), ShardId: aws.String("shardId-000000000000"), ShardIteratorType: types.ShardIteratorTypeTrimHorizon,
	})
	require.NoError(t, err)
	return aws.ToString(out.ShardIterator)
}

func TestListShardsRequestErrors(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door, WithStateDelays(StateDelays{Create: time.Minute}))
		ctx := h.ctx
		ctlCreate(t, h.api, "creating", 1)
		ts := aws.Time(ctlStart)

		tests := []struct {
			name  string
			in    kinesis.ListShardsInput
			check func(t *testing.T, err error)
		}{{
			name: "no stream and no token",
			in:   kinesis.ListShardsInput{},
			check: func(t *testing.T, err error) {
				ctlAssertErr[types.InvalidArgumentException](t, err, "Either NextToken or StreamName should be provided.")
			},
		}, {
			name: "missing stream",
			in:   kinesis.ListShardsInput{StreamName: aws.String("nope")},
			check: func(t *testing.T, err error) {
				ctlAssertErr[types.ResourceNotFoundException](t, err, "Stream nope under account 000000000000 not found.")
			},
		}, {
			name: "stream still creating",
			in:   kinesis.ListShardsInput{StreamName: aws.String("creating")},
			check: func(t *testing.T, err error) {
				ctlAssertErr[types.ResourceInUseException](t, err, "Stream creating under account 000000000000 not ACTIVE, instead in state CREATING")
			},
		}, {
			name: "AFTER_SHARD_ID without ShardId",
			in:   kinesis.ListShardsInput{StreamName: aws.String("creating"), ShardFilter: &types.ShardFilter{Type: types.ShardFilterTypeAfterShardId}},
			check: func(t *testing.T, err error) {
				ctlAssertErr[types.InvalidArgumentException](t, err, "ShardId must be provided when the ShardFilter type is AFTER_SHARD_ID.")
			},
		}, {
			name: "AT_TIMESTAMP without Timestamp",
			in:   kinesis.ListShardsInput{StreamName: aws.String("creating"), ShardFilter: &types.ShardFilter{Type: types.ShardFilterTypeAtTimestamp}},
			check: func(t *testing.T, err error) {
				ctlAssertErr[types.InvalidArgumentException](t, err, "Timestamp must be provided when the ShardFilter type is AT_TIMESTAMP.")
			},
		}, {
			name: "FROM_TIMESTAMP without Timestamp",
			in:   kinesis.ListShardsInput{StreamName: aws.String("creating"), ShardFilter: &types.ShardFilter{Type: types.ShardFilterTypeFromTimestamp}},
			check: func(t *testing.T, err error) {
				ctlAssertErr[types.InvalidArgumentException](t, err, "Timestamp must be provided when the ShardFilter type is FROM_TIMESTAMP.")
			},
		}, {
			name: "ShardId with another type",
			in:   kinesis.ListShardsInput{StreamName: aws.String("creating"), ShardFilter: &types.ShardFilter{Type: types.ShardFilterTypeAtLatest, ShardId: aws.String("shardId-000000000000")}},
			check: func(t *testing.T, err error) {
				ctlAssertErr[types.InvalidArgumentException](t, err, "ShardId can only be provided when the ShardFilter type is AFTER_SHARD_ID.")
			},
		}, {
			name: "Timestamp with another type",
			in:   kinesis.ListShardsInput{StreamName: aws.String("creating"), ShardFilter: &types.ShardFilter{Type: types.ShardFilterTypeAtTrimHorizon, Timestamp: ts}},
			check: func(t *testing.T, err error) {
				ctlAssertErr[types.InvalidArgumentException](t, err, "Timestamp can only be provided when the ShardFilter type is AT_TIMESTAMP or FROM_TIMESTAMP.")
			},
		}}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := h.api.ListShards(ctx, &tt.in)
				tt.check(t, err)
			})
		}
	})
}

func TestListShardsFilters(t *testing.T) {
	// Shards 0 and 1 from the start; shard 0 split at +1h into 2 and 3;
	// shard 2 split at +2h into 4 and 5. Retention is 24 h.
	forDoors(t, func(t *testing.T, door testDoor) {
		fx := ctlNewFakeOn(t, door)
		clk, ctx := fx.clk, fx.ctx
		ctlCreate(t, fx.api, "s", 2)
		h := func(d float64) time.Time { return ctlStart.Add(time.Duration(d * float64(time.Hour))) }
		ctlSplit(t, fx.f, "s", 0, h(1))
		ctlSplit(t, fx.f, "s", 2, h(2))

		filter := func(typ types.ShardFilterType) *types.ShardFilter { return &types.ShardFilter{Type: typ} }
		at := func(typ types.ShardFilterType, ts time.Time) *types.ShardFilter {
			return &types.ShardFilter{Type: typ, Timestamp: aws.Time(ts)}
		}
		tests := []struct {
			name   string
			now    time.Time
			filter *types.ShardFilter
			want   []string
		}{
			{name: "no filter", now: h(3), want: ctlIDs(0, 1, 2, 3, 4, 5)},
			{name: "FROM_TRIM_HORIZON", now: h(3), filter: filter(types.ShardFilterTypeFromTrimHorizon), want: ctlIDs(0, 1, 2, 3, 4, 5)},
			{name: "AT_LATEST", now: h(3), filter: filter(types.ShardFilterTypeAtLatest), want: ctlIDs(1, 3, 4, 5)},
			{name: "AT_TRIM_HORIZON of a young stream", now: h(3), filter: filter(types.ShardFilterTypeAtTrimHorizon), want: ctlIDs(0, 1)},
			{name: "AT_TIMESTAMP between splits", now: h(3), filter: at(types.ShardFilterTypeAtTimestamp, h(1.5)), want: ctlIDs(1, 2, 3)},
			{name: "AT_TIMESTAMP at a split is inclusive", now: h(3), filter: at(types.ShardFilterTypeAtTimestamp, h(1)), want: ctlIDs(0, 1, 2, 3)},
			{name: "AT_TIMESTAMP before the stream", now: h(3), filter: at(types.ShardFilterTypeAtTimestamp, h(-5)), want: ctlIDs(0, 1)},
			{name: "AT_TIMESTAMP now", now: h(3), filter: at(types.ShardFilterTypeAtTimestamp, h(3)), want: ctlIDs(1, 3, 4, 5)},
			{name: "FROM_TIMESTAMP between splits", now: h(3), filter: at(types.ShardFilterTypeFromTimestamp, h(1.5)), want: ctlIDs(1, 2, 3, 4, 5)},
			{name: "FROM_TIMESTAMP at a split is inclusive", now: h(3), filter: at(types.ShardFilterTypeFromTimestamp, h(2)), want: ctlIDs(1, 2, 3, 4, 5)},
			{name: "FROM_TIMESTAMP before the stream", now: h(3), filter: at(types.ShardFilterTypeFromTimestamp, h(-5)), want: ctlIDs(0, 1, 2, 3, 4, 5)},
			{name: "AFTER_SHARD_ID", now: h(3), filter: &types.ShardFilter{Type: types.ShardFilterTypeAfterShardId, ShardId: aws.String("shardId-000000000002")}, want: ctlIDs(3, 4, 5)},

			// Shard 0 closed at +1h ages out 24 h later; shard 2 at +2h.
			{name: "aged-out shard is not listed", now: h(25).Add(time.Millisecond), want: ctlIDs(1, 2, 3, 4, 5)},
			{name: "AT_TRIM_HORIZON of an older stream", now: h(25).Add(time.Millisecond), filter: filter(types.ShardFilterTypeAtTrimHorizon), want: ctlIDs(1, 2, 3)},
			{name: "AT_TRIM_HORIZON later still", now: h(26).Add(time.Millisecond), filter: filter(types.ShardFilterTypeAtTrimHorizon), want: ctlIDs(1, 3, 4, 5)},
			{name: "FROM_TIMESTAMP before the trim horizon", now: h(25).Add(time.Millisecond), filter: at(types.ShardFilterTypeFromTimestamp, h(0)), want: ctlIDs(1, 2, 3, 4, 5)},
			{name: "AT_TIMESTAMP before the trim horizon", now: h(25).Add(time.Millisecond), filter: at(types.ShardFilterTypeAtTimestamp, h(0)), want: ctlIDs(1, 2, 3)},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				clk.Set(tt.now)
				out, err := fx.api.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("s"), ShardFilter: tt.filter})
				require.NoError(t, err)
				assert.Equal(t, tt.want, ctlShardIDs(out.Shards))

				// The token carries the filter from page to page.
				ids, _ := ctlListAllShards(t, fx.api, &kinesis.ListShardsInput{StreamName: aws.String("s"), ShardFilter: tt.filter}, 1)
				assert.Equal(t, tt.want, ids)
			})
		}
	})
}

func TestListShardsWithExclusiveStartAndFilter(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		ctlCreate(t, h.api, "s", 6)
		out, err := h.api.ListShards(h.ctx, &kinesis.ListShardsInput{
			StreamName:            aws.String("s"),
			ExclusiveStartShardId: aws.String("shardId-000000000001"),
			ShardFilter:           &types.ShardFilter{Type: types.ShardFilterTypeAfterShardId, ShardId: aws.String("shardId-000000000003")},
		})
		require.NoError(t, err)
		assert.Equal(t, ctlIDs(4, 5), ctlShardIDs(out.Shards), "the later of the two start points wins")
	})
}

func TestCheckShardFilterUnknownType(t *testing.T) {
	// Called directly: whether the model's enum check stops an unknown type
	// before the engine is the validation layer's business.
	err := checkShardFilter(&types.ShardFilter{Type: "SIDEWAYS"})
	ctlAssertErr[types.InvalidArgumentException](t, err, "ShardFilter type SIDEWAYS is not valid. Valid types are AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP and FROM_TIMESTAMP.")
	assert.NoError(t, checkShardFilter(nil))
}
