package kinesisfake

import (
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestListStreamsEmpty(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		out, err := h.api.ListStreams(h.ctx, &kinesis.ListStreamsInput{})
		require.NoError(t, err)
		want := &kinesis.ListStreamsOutput{
			StreamNames:     []string{},
			HasMoreStreams:  aws.Bool(false),
			StreamSummaries: []types.StreamSummary{},
		}
		assert.Empty(t, cmp.Diff(want, out, ctlIgnoreSDK))
	})
}

func TestListStreams(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		clk, ctx := h.clk, h.ctx
		// Created out of order, listed alphabetically (byte order: upper case
		// sorts before lower case).
		for _, name := range []string{"delta", "alpha", "Charlie", "bravo"} {
			ctlCreate(t, h.api, name, 1)
			clk.Advance(time.Second)
		}
		_, err := h.api.CreateStream(ctx, &kinesis.CreateStreamInput{
			StreamName:        aws.String("echo"),
			StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand},
		})
		require.NoError(t, err)

		out, err := h.api.ListStreams(ctx, &kinesis.ListStreamsInput{})
		require.NoError(t, err)
		assert.Equal(t, []string{"Charlie", "alpha", "bravo", "delta", "echo"}, out.StreamNames)
		assert.False(t, aws.ToBool(out.HasMoreStreams))
		assert.Nil(t, out.NextToken)
		require.Len(t, out.StreamSummaries, 5)
		summary := func(name string, created time.Time, mode types.StreamMode) types.StreamSummary {
			return types.StreamSummary{
				StreamName:              aws.String(name),
				StreamARN:               aws.String("arn:aws:kinesis:us-east-1:000000000000:stream/" + name),
				StreamStatus:            types.StreamStatusActive,
				StreamModeDetails:       &types.StreamModeDetails{StreamMode: mode},
				StreamCreationTimestamp: aws.Time(created),
			}
		}
		want := []types.StreamSummary{
			summary("Charlie", ctlStart.Add(2*time.Second), types.StreamModeProvisioned),
			summary("alpha", ctlStart.Add(1*time.Second), types.StreamModeProvisioned),
			summary("bravo", ctlStart.Add(3*time.Second), types.StreamModeProvisioned),
			summary("delta", ctlStart, types.StreamModeProvisioned),
			summary("echo", ctlStart.Add(4*time.Second), types.StreamModeOnDemand),
		}
		assert.Empty(t, cmp.Diff(want, out.StreamSummaries, ctlIgnoreSDK))

		tests := []struct {
			name     string
			in       kinesis.ListStreamsInput
			want     []string
			wantMore bool
		}{
			{name: "limit", in: kinesis.ListStreamsInput{Limit: aws.Int32(2)}, want: []string{"Charlie", "alpha"}, wantMore: true},
			{name: "limit equal to the count", in: kinesis.ListStreamsInput{Limit: aws.Int32(5)}, want: []string{"Charlie", "alpha", "bravo", "delta", "echo"}},
			{name: "exclusive start", in: kinesis.ListStreamsInput{ExclusiveStartStreamName: aws.String("alpha")}, want: []string{"bravo", "delta", "echo"}},
			{name: "exclusive start of a missing name", in: kinesis.ListStreamsInput{ExclusiveStartStreamName: aws.String("c")}, want: []string{"delta", "echo"}},
			{name: "exclusive start and limit", in: kinesis.ListStreamsInput{ExclusiveStartStreamName: aws.String("alpha"), Limit: aws.Int32(1)}, want: []string{"bravo"}, wantMore: true},
			{name: "exclusive start after all", in: kinesis.ListStreamsInput{ExclusiveStartStreamName: aws.String("zulu")}, want: []string{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				out, err := h.api.ListStreams(ctx, &tt.in)
				require.NoError(t, err)
				assert.Equal(t, tt.want, out.StreamNames)
				assert.Len(t, out.StreamSummaries, len(tt.want))
				assert.Equal(t, tt.wantMore, aws.ToBool(out.HasMoreStreams))
				assert.Equal(t, tt.wantMore, out.NextToken != nil, "a NextToken exactly when there are more streams")
			})
		}

		t.Run("NextToken resumes and wins over ExclusiveStartStreamName", func(t *testing.T) {
			first, err := h.api.ListStreams(ctx, &kinesis.ListStreamsInput{Limit: aws.Int32(2)})
			require.NoError(t, err)
			require.NotNil(t, first.NextToken)
			next, err := h.api.ListStreams(ctx, &kinesis.ListStreamsInput{NextToken: first.NextToken, ExclusiveStartStreamName: aws.String("Charlie")})
			require.NoError(t, err)
			assert.Equal(t, []string{"bravo", "delta", "echo"}, next.StreamNames)
		})
	})
}

func TestListStreamsPaginator(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		var want []string
		for i := range 7 {
			name := fmt.Sprintf("stream-%02d", i)
			ctlCreate(t, h.api, name, 1)
			want = append(want, name)
		}

		p := kinesis.NewListStreamsPaginator(h.api, &kinesis.ListStreamsInput{}, func(o *kinesis.ListStreamsPaginatorOptions) { o.Limit = 3 })
		var names []string
		pages := 0
		for p.HasMorePages() {
			out, err := p.NextPage(h.ctx)
			require.NoError(t, err)
			names = append(names, out.StreamNames...)
			pages++
		}
		assert.Equal(t, want, names)
		assert.Equal(t, 3, pages)
	})
}

func TestListStreamsAtMost100(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		ctx := h.ctx
		for i := range 105 {
			ctlCreate(t, h.api, fmt.Sprintf("s%03d", i), 1)
		}
		for _, limit := range []*int32{nil, aws.Int32(101), aws.Int32(10000)} {
			out, err := h.api.ListStreams(ctx, &kinesis.ListStreamsInput{Limit: limit})
			require.NoError(t, err)
			assert.Len(t, out.StreamNames, 100)
			assert.Equal(t, "s099", out.StreamNames[99])
			assert.True(t, aws.ToBool(out.HasMoreStreams))
			require.NotNil(t, out.NextToken)

			rest, err := h.api.ListStreams(ctx, &kinesis.ListStreamsInput{NextToken: out.NextToken, Limit: limit})
			require.NoError(t, err)
			assert.Equal(t, []string{"s100", "s101", "s102", "s103", "s104"}, rest.StreamNames)
			assert.False(t, aws.ToBool(rest.HasMoreStreams))
		}
	})
}

func TestListStreamsLifecycle(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door, WithStateDelays(StateDelays{Create: time.Second, Delete: time.Second}))
		clk, ctx := h.clk, h.ctx
		ctlCreate(t, h.api, "a", 1)
		clk.Advance(time.Second)
		ctlCreate(t, h.api, "b", 1)
		_, err := h.api.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("a")})
		require.NoError(t, err)

		out, err := h.api.ListStreams(ctx, &kinesis.ListStreamsInput{})
		require.NoError(t, err)
		assert.Equal(t, []string{"a", "b"}, out.StreamNames)
		assert.Equal(t, types.StreamStatusDeleting, out.StreamSummaries[0].StreamStatus)
		assert.Equal(t, types.StreamStatusCreating, out.StreamSummaries[1].StreamStatus)

		clk.Advance(time.Second)
		out, err = h.api.ListStreams(ctx, &kinesis.ListStreamsInput{})
		require.NoError(t, err)
		assert.Equal(t, []string{"b"}, out.StreamNames, "a finished deletion is no longer listed")
		assert.Equal(t, types.StreamStatusActive, out.StreamSummaries[0].StreamStatus)
	})
}

func TestListStreamsTokenErrors(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := ctlNewFakeOn(t, door)
		clk, ctx := h.clk, h.ctx
		for _, name := range []string{"a", "b", "c"} {
			ctlCreate(t, h.api, name, 1)
		}
		first, err := h.api.ListStreams(ctx, &kinesis.ListStreamsInput{Limit: aws.Int32(1)})
		require.NoError(t, err)
		require.NotNil(t, first.NextToken)
		shardsOut, err := h.api.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("a"), MaxResults: aws.Int32(1)})
		require.NoError(t, err)
		require.Nil(t, shardsOut.NextToken) // one shard: make a ListShards token by hand
		listShardsToken := h.f.encodePageToken(pageToken{kind: pageTokenListShards, issuedMs: msOf(ctlStart), name: "a"})

		for name, tok := range map[string]string{
			"garbage":             "garbage",
			"edited":              (*first.NextToken)[:len(*first.NextToken)-4] + "AAAA",
			"a ListShards token":  listShardsToken,
			"a shard iterator":    ctlIterator(t, h.api, "a"),
			"an empty-ish token":  "AAAA",
			"base64 of plaintext": "YWJj",
		} {
			t.Run(name, func(t *testing.T) {
				_, err := h.api.ListStreams(ctx, &kinesis.ListStreamsInput{NextToken: aws.String(tok)})
				ctlAssertErr[types.InvalidArgumentException](t, err, "Invalid NextToken.")
			})
		}

		t.Run("expiry", func(t *testing.T) {
			clk.Set(ctlStart.Add(300 * time.Second))
			out, err := h.api.ListStreams(ctx, &kinesis.ListStreamsInput{NextToken: first.NextToken})
			require.NoError(t, err)
			assert.Equal(t, []string{"b", "c"}, out.StreamNames)
			clk.Advance(time.Millisecond)
			_, err = h.api.ListStreams(ctx, &kinesis.ListStreamsInput{NextToken: first.NextToken})
			ctlAssertErr[types.ExpiredNextTokenException](t, err,
				"NextToken expired. The token was created at time Sat Mar 01 12:00:00 UTC 2025 while right now it is Sat Mar 01 12:05:00 UTC 2025 which is further in the future than the tolerated delay of 300000 milliseconds.")
		})
	})
}
