package kinesisfake_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake"
)

// Tests of the throughput limits: every data-plane limit at its default,
// the control-plane rates, and the options that change them. Time moves
// only by the ManualClock, so each boundary is checked to the millisecond.

// tpEpoch is where the throughput tests' clocks start.
var tpEpoch = time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)

// tpAccount is the default account id, as error texts name it.
const tpAccount = kinesisfake.DefaultAccountID

// mib is one mebibyte.
const mib = 1 << 20

// shardKeys pins records to shards: shardKeys[n][i] is an ExplicitHashKey
// in shard i of a stream of n evenly split shards (shard i starts at
// i*floor(2^128/n)).
var shardKeys = map[int][]string{
	1: {"0"},
	2: {"0", "170141183460469231731687303715884105728"},
	4: {"0", "85070591730234615865843651857942052864", "170141183460469231731687303715884105728", "255211775190703847597530955573826158592"},
}

// errCheck checks the error a call returned.
type errCheck func(t *testing.T, err error)

// wantException expects the SDK exception E carrying exactly the text want,
// wrapped as the real client wraps it: an operation error whose printed
// text ends in "Code: text".
func wantException[E any, PE interface {
	*E
	error
	ErrorCode() string
	ErrorMessage() string
}](want string) errCheck {
	return func(t *testing.T, err error) {
		t.Helper()
		var e PE
		require.ErrorAs(t, err, &e)
		assert.Equal(t, want, e.ErrorMessage())
		var op *smithy.OperationError
		require.ErrorAs(t, err, &op)
		assert.Contains(t, err.Error(), e.ErrorCode()+": "+want)
	}
}

// readThrottled is the exception of a read (GetRecords, GetShardIterator)
// over a shard's limit.
func readThrottled(stream, shard string) errCheck {
	return wantException[types.ProvisionedThroughputExceededException](
		fmt.Sprintf("Rate exceeded for Shard - %s/%s/%s", tpAccount, stream, shard))
}

// writeThrottleText is what a throttled write says, as the exception's
// text and as a PutRecords entry's ErrorMessage.
func writeThrottleText(stream, shard string) string {
	return fmt.Sprintf("Rate exceeded for shard %s in stream %s under account %s.", shard, stream, tpAccount)
}

// writeThrottled is the exception of a PutRecord over a write limit.
func writeThrottled(stream, shard string) errCheck {
	return wantException[types.ProvisionedThroughputExceededException](writeThrottleText(stream, shard))
}

// rateExceeded is the exception of a control-plane call over its rate:
// per stream when stream is set, else per account.
func rateExceeded(stream string) errCheck {
	if stream != "" {
		return wantException[types.LimitExceededException](
			fmt.Sprintf("Rate exceeded for stream %s under account %s.", stream, tpAccount))
	}
	return wantException[types.LimitExceededException](fmt.Sprintf("Rate exceeded for account %s.", tpAccount))
}

// tp is a Fake on a ManualClock and the door a test calls it through,
// with helpers for the calls the limits apply to; each returns the call's
// error for the test to judge. Setup (streams, consumers) and inspection
// stay on f.
type tp struct {
	t   *testing.T
	f   *kinesisfake.Fake
	clk *kinesisfake.ManualClock
	api kinesisfake.KinesisAPI
	ctx context.Context
}

// newTP is newTPOn the direct door.
func newTP(t *testing.T, opts ...kinesisfake.Option) *tp {
	t.Helper()
	return newTPOn(t, doorsNamed(t, "direct")[0], opts...)
}

// newTPOn returns a Fake with AWS's default limits (unless opts change
// them) on a ManualClock at tpEpoch, seen through door.
func newTPOn(t *testing.T, door testDoor, opts ...kinesisfake.Option) *tp {
	t.Helper()
	clk := kinesisfake.NewManualClock(tpEpoch)
	f := kinesisfake.New(append([]kinesisfake.Option{kinesisfake.WithClock(clk)}, opts...)...)
	return &tp{t: t, f: f, clk: clk, api: door.open(t, f), ctx: context.Background()}
}

// at sets the clock to ms milliseconds after tpEpoch.
func (h *tp) at(ms int64) { h.clk.Set(tpEpoch.Add(time.Duration(ms) * time.Millisecond)) }

// onDemand creates an ON_DEMAND stream (4 shards), ACTIVE at once.
func (h *tp) onDemand(name string) {
	h.t.Helper()
	_, err := h.f.CreateStream(h.ctx, &kinesis.CreateStreamInput{
		StreamName:        aws.String(name),
		StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand},
	})
	require.NoError(h.t, err)
}

// iterator gets a TRIM_HORIZON iterator of a shard.
func (h *tp) iterator(stream, shard string) (*string, error) {
	out, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{
		StreamName: aws.String(stream), ShardId: aws.String(shard), ShardIteratorType: types.ShardIteratorTypeTrimHorizon,
	})
	if err != nil {
		return nil, err
	}
	return out.ShardIterator, nil
}

// mustIterator is iterator that fails the test on error.
func (h *tp) mustIterator(stream, shard string) *string {
	h.t.Helper()
	it, err := h.iterator(stream, shard)
	require.NoError(h.t, err)
	return it
}

// getRecords reads with it; limit 0 means the default.
func (h *tp) getRecords(it *string, limit int32) (*kinesis.GetRecordsOutput, error) {
	in := &kinesis.GetRecordsInput{ShardIterator: it}
	if limit > 0 {
		in.Limit = aws.Int32(limit)
	}
	return h.api.GetRecords(h.ctx, in)
}

// putSized puts a record of exactly size bytes (data plus the one-byte
// partition key, as the write and read limits count them) to shard i of
// an n-shard stream.
func (h *tp) putSized(stream string, n, i, size int) (*kinesis.PutRecordOutput, error) {
	return h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{
		StreamName: aws.String(stream), PartitionKey: aws.String("k"),
		ExplicitHashKey: aws.String(shardKeys[n][i]), Data: make([]byte, size-1),
	})
}

// put puts a two-byte record to shard i of an n-shard stream.
func (h *tp) put(stream string, n, i int) error {
	_, err := h.putSized(stream, n, i, 2)
	return err
}

// putOK puts count two-byte records to shard i of an n-shard stream and
// fails the test unless all succeed. It is setup, filling a shard's or
// stream's second before the calls under test, and so calls the Fake
// itself: thousands of calls through a socket door would take seconds.
func (h *tp) putOK(stream string, n, i, count int) {
	h.t.Helper()
	for c := range count {
		_, err := h.f.PutRecord(h.ctx, &kinesis.PutRecordInput{
			StreamName: aws.String(stream), PartitionKey: aws.String("k"),
			ExplicitHashKey: aws.String(shardKeys[n][i]), Data: []byte{'x'},
		})
		require.NoError(h.t, err, "record %d", c+1)
	}
}

// entries builds PutRecords entries of two bytes each, entry j going to
// shard shards[j] of an n-shard stream.
func entries(n int, shards ...int) []types.PutRecordsRequestEntry {
	out := make([]types.PutRecordsRequestEntry, len(shards))
	for j, i := range shards {
		out[j] = types.PutRecordsRequestEntry{PartitionKey: aws.String("k"), ExplicitHashKey: aws.String(shardKeys[n][i]), Data: []byte{'x'}}
	}
	return out
}

// TestReadCallRates checks GetRecords and GetShardIterator at their default
// of 5 calls per shard per second: a sliding window, so a call succeeds
// again exactly 1000 ms after the call it replaces; a throttled call does
// not count; the other shard is unaffected.
func TestReadCallRates(t *testing.T) {
	cases := []struct {
		name string
		call func(h *tp, shard string, it *string) error
	}{
		{"GetRecords", func(h *tp, _ string, it *string) error { _, err := h.getRecords(it, 0); return err }},
		{"GetShardIterator", func(h *tp, shard string, _ *string) error { _, err := h.iterator("S", shard); return err }},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				h := newTPOn(t, door)
				h.f.CreateStreamT(t, "S", 2)
				it0, it1 := h.mustIterator("S", "shardId-000000000000"), h.mustIterator("S", "shardId-000000000001")
				h.at(10_000) // the iterator calls above are out of the window
				call := func(ms int64, shard int) error {
					h.at(10_000 + ms)
					return tc.call(h, fmt.Sprintf("shardId-%012d", shard), []*string{it0, it1}[shard])
				}

				require.NoError(t, call(0, 0), "call 1")
				for c := 2; c <= 5; c++ {
					require.NoError(t, call(500, 0), "call %d", c)
				}
				readThrottled("S", "shardId-000000000000")(t, call(999, 0))
				assert.NoError(t, call(999, 1), "shard 1 has its own limit")
				assert.NoError(t, call(1000, 0), "1000 ms after call 1, its slot is free; the throttled call took none")
				readThrottled("S", "shardId-000000000000")(t, call(1000, 0))
				assert.NoError(t, call(1500, 0), "calls 2-5 have left the window")
			})
		}
	})
}

// TestReadBytesRate checks the 2 MiB per second a shard's reads may
// return: reads over it block the shard until the rate has paid them off,
// a 10 MiB response (the most one returns) for 5 seconds.
func TestReadBytesRate(t *testing.T) {
	cases := []struct {
		name       string
		opts       []kinesisfake.Option
		recordSize int
		records    int
		reads      []struct{ atMs, limit, want int } // want: records returned
		failAt     int64                             // a read at this ms is throttled...
		okAt       int64                             // ...and at this one it succeeds
	}{
		{name: "exactly 2 MiB in one response", recordSize: mib / 2, records: 4,
			reads: []struct{ atMs, limit, want int }{{0, 0, 4}}, failAt: 999, okAt: 1000},
		{name: "3 MiB in two responses within a second", recordSize: mib / 2, records: 6,
			reads: []struct{ atMs, limit, want int }{{0, 3, 3}, {1, 3, 3}}, failAt: 1499, okAt: 1500},
		{name: "2 MiB in four responses", recordSize: mib / 2, records: 6,
			reads: []struct{ atMs, limit, want int }{{0, 1, 1}, {1, 1, 1}, {2, 1, 1}, {3, 1, 1}}, failAt: 999, okAt: 1000},
		{name: "a 10 MiB response blocks reads for 5 s", recordSize: mib, records: 11,
			reads: []struct{ atMs, limit, want int }{{0, 0, 10}}, failAt: 4999, okAt: 5000},
		{name: "10 MiB without ReadPenalty blocks for the window only", recordSize: mib, records: 11,
			opts:  []kinesisfake.Option{kinesisfake.WithLimits(func(l *kinesisfake.Limits) { l.ReadPenalty = false })},
			reads: []struct{ atMs, limit, want int }{{0, 0, 10}}, failAt: 999, okAt: 1000},
	}
	forDoorsIn(t, bulkDoors, func(t *testing.T, door testDoor) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				h := newTPOn(t, door, tc.opts...)
				h.f.CreateStreamT(t, "S", 1)
				for i := range tc.records {
					// One second apart: the shard takes 1 MiB per second.
					h.at(int64(i) * 1000)
					_, err := h.putSized("S", 1, 0, tc.recordSize)
					require.NoError(t, err, "record %d", i+1)
				}
				it := h.mustIterator("S", "shardId-000000000000")
				base := int64(tc.records) * 1000
				for _, r := range tc.reads {
					h.at(base + int64(r.atMs))
					out, err := h.getRecords(it, int32(r.limit))
					require.NoError(t, err, "read at +%d ms", r.atMs)
					require.Len(t, out.Records, r.want)
					it = out.NextShardIterator
				}
				h.at(base + tc.failAt)
				_, err := h.getRecords(it, 1)
				readThrottled("S", "shardId-000000000000")(t, err)
				h.at(base + tc.okAt)
				_, err = h.getRecords(it, 1)
				assert.NoError(t, err)
			})
		}
	})
}

// TestProvisionedWriteLimits checks a provisioned shard's 1000 records and
// 1 MiB per second: PutRecord over a limit fails whole, PutRecords fails
// just the entries over it; other shards keep their own limits.
func TestProvisionedWriteLimits(t *testing.T) {
	cases := []struct {
		name string
		fill func(h *tp) // uses up shard 0's second at +0 ms
	}{
		{"1000 records", func(h *tp) { h.putOK("S", 2, 0, 1000) }},
		{"1000 records by PutRecords", func(h *tp) {
			for range 2 {
				out, err := h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("S"), Records: entries(2, make([]int, 500)...)})
				require.NoError(h.t, err)
				require.Zero(h.t, *out.FailedRecordCount)
			}
		}},
		{"1 MiB", func(h *tp) {
			for range 4 {
				_, err := h.putSized("S", 2, 0, mib/4)
				require.NoError(h.t, err)
			}
		}},
		{"one record of 1 MiB", func(h *tp) {
			_, err := h.putSized("S", 2, 0, mib)
			require.NoError(h.t, err)
		}},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				h := newTPOn(t, door)
				h.f.CreateStreamT(t, "S", 2)
				tc.fill(h)
				h.at(999)
				writeThrottled("S", "shardId-000000000000")(t, h.put("S", 2, 0))
				assert.NoError(t, h.put("S", 2, 1), "shard 1 is unaffected")
				h.at(1000)
				assert.NoError(t, h.put("S", 2, 0), "the window has moved on")
			})
		}
	})
}

// TestPutRecordsFailsOnlyEntriesOverTheLimit: entries over a shard's limit
// fail with AWS's ErrorCode and ErrorMessage, the others succeed with their
// ShardId and SequenceNumber, in input order.
func TestPutRecordsFailsOnlyEntriesOverTheLimit(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newTPOn(t, door)
		h.f.CreateStreamT(t, "S", 2)
		h.putOK("S", 2, 0, 999)
		out, err := h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("S"), Records: entries(2, 0, 1, 0, 1, 0)})
		require.NoError(t, err)

		throttled := types.PutRecordsResultEntry{
			ErrorCode:    aws.String("ProvisionedThroughputExceededException"),
			ErrorMessage: aws.String(writeThrottleText("S", "shardId-000000000000")),
		}
		want := []types.PutRecordsResultEntry{
			{ShardId: aws.String("shardId-000000000000")}, // record 1000 of shard 0
			{ShardId: aws.String("shardId-000000000001")},
			throttled,
			{ShardId: aws.String("shardId-000000000001")},
			throttled,
		}
		assert.Equal(t, int32(2), *out.FailedRecordCount)
		assert.Empty(t, cmp.Diff(want, out.Records,
			cmpopts.IgnoreUnexported(types.PutRecordsResultEntry{}),
			cmpopts.IgnoreFields(types.PutRecordsResultEntry{}, "SequenceNumber")))
		for i, e := range out.Records {
			assert.Equal(t, e.ErrorCode == nil, e.SequenceNumber != nil, "entry %d: a sequence number exactly when it succeeded", i)
		}
		assert.Less(t, *out.Records[1].SequenceNumber, *out.Records[3].SequenceNumber, "input order within shard 1")
		assert.Len(t, h.f.Records("S", "shardId-000000000000"), 1000, "failed entries store nothing")
		assert.Len(t, h.f.Records("S", "shardId-000000000001"), 2)
	})
}

// TestPutRecordsBytesLimit: entries fail once the shard's 1 MiB of the
// second is used, in the middle of one request.
func TestPutRecordsBytesLimit(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newTPOn(t, door)
		h.f.CreateStreamT(t, "S", 1)
		recs := make([]types.PutRecordsRequestEntry, 3)
		for i := range recs {
			recs[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String("k"), Data: make([]byte, 400<<10)}
		}
		out, err := h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("S"), Records: recs})
		require.NoError(t, err)
		assert.Equal(t, int32(1), *out.FailedRecordCount)
		assert.Nil(t, out.Records[0].ErrorCode)
		assert.Nil(t, out.Records[1].ErrorCode)
		require.NotNil(t, out.Records[2].ErrorCode)
		assert.Equal(t, "ProvisionedThroughputExceededException", *out.Records[2].ErrorCode)
		assert.Equal(t, writeThrottleText("S", "shardId-000000000000"), *out.Records[2].ErrorMessage)
	})
}

// TestOnDemandWriteLimits: an on-demand stream takes 4000 records and
// 4 MiB per second in all, on any mix of its shards, and no shard has a
// limit of its own.
func TestOnDemandWriteLimits(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		t.Run("4000 records over all shards", func(t *testing.T) {
			h := newTPOn(t, door)
			h.onDemand("O")
			for i := range 4 {
				h.putOK("O", 4, i, 1000)
			}
			h.at(999)
			for i := range 4 {
				writeThrottled("O", fmt.Sprintf("shardId-%012d", i))(t, h.put("O", 4, i))
			}
			h.at(1000)
			assert.NoError(t, h.put("O", 4, 3))
		})
		t.Run("4000 records on one shard", func(t *testing.T) {
			h := newTPOn(t, door)
			h.onDemand("O")
			h.putOK("O", 4, 2, 4000)
			writeThrottled("O", "shardId-000000000000")(t, h.put("O", 4, 0))
		})
		t.Run("4 MiB", func(t *testing.T) {
			h := newTPOn(t, door)
			h.onDemand("O")
			for i := range 4 {
				_, err := h.putSized("O", 4, i, mib)
				require.NoError(t, err)
			}
			writeThrottled("O", "shardId-000000000001")(t, h.put("O", 4, 1))
			h.at(1000)
			assert.NoError(t, h.put("O", 4, 1))
		})
	})
}

// TestOnDemandScaling: an on-demand stream takes double the highest rate
// it reached once that rate is 15 minutes old, and not before. Direct door
// only: it makes some 64,000 PutRecord calls, minutes through the client
// doors under -race; how a door reports an on-demand write over the limit
// is TestOnDemandWriteLimits's, through every door.
func TestOnDemandScaling(t *testing.T) {
	const min15 = int64(15 * time.Minute / time.Millisecond)
	// succeeded counts how many of n records put at ms succeed, spread
	// over the shards, each of size bytes.
	succeeded := func(h *tp, ms int64, n, size int) int {
		h.at(ms)
		ok := 0
		for c := range n {
			if _, err := h.putSized("O", 4, c%4, size); err == nil {
				ok++
			}
		}
		return ok
	}
	cases := []struct {
		name   string
		size   int
		before []struct {
			ms int64
			n  int
		} // puts that set the peak
		at   int64
		try  int
		want int
	}{
		{name: "new stream", size: 2, at: 0, try: 4001, want: 4000},
		{name: "peak of 4000 records, 15 minutes old", size: 2, before: []struct {
			ms int64
			n  int
		}{{0, 4000}},
			at: min15, try: 8001, want: 8000},
		{name: "peak of 4000 records, 1 ms short of 15 minutes", size: 2, before: []struct {
			ms int64
			n  int
		}{{0, 4000}},
			at: min15 - 1, try: 8001, want: 4000},
		{name: "peak reached later than the first write counts from then", size: 2,
			before: []struct {
				ms int64
				n  int
			}{{0, 1}, {14 * 60_000, 4000}}, at: min15, try: 8001, want: 4000},
		{name: "that later peak, 15 minutes old", size: 2,
			before: []struct {
				ms int64
				n  int
			}{{0, 1}, {14 * 60_000, 4000}}, at: 29 * 60_000, try: 8001, want: 8000},
		{name: "peak of 4 MiB, 15 minutes old", size: mib, before: []struct {
			ms int64
			n  int
		}{{0, 4}},
			at: min15, try: 9, want: 8},
		{name: "a lower rate does not lower the peak", size: 2,
			before: []struct {
				ms int64
				n  int
			}{{0, 4000}, {min15, 10}}, at: 2 * min15, try: 8001, want: 8000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newTP(t)
			h.onDemand("O")
			for _, b := range tc.before {
				require.Equal(t, b.n, succeeded(h, b.ms, b.n, tc.size), "setting the peak at %d ms", b.ms)
			}
			assert.Equal(t, tc.want, succeeded(h, tc.at, tc.try, tc.size))
		})
	}
}

// cpCall is one control-plane call of a test, on the given stream.
type cpCall func(h *tp, stream string) error

// TestControlPlaneRates checks control-plane operations at their default
// rates from DefaultLimits: the call after the limit in one second fails
// with LimitExceededException, per account or per stream as AWS counts it,
// and succeeds again a second later.
func TestControlPlaneRates(t *testing.T) {
	streamOp := func(run func(h *tp, name *string) error) cpCall {
		return func(h *tp, stream string) error { return run(h, aws.String(stream)) }
	}
	arnOf := func(stream string) *string {
		return aws.String("arn:aws:kinesis:us-east-1:" + tpAccount + ":stream/" + stream)
	}
	cases := []struct {
		op        string
		perStream bool
		call      cpCall
	}{
		{"DescribeStream", false, streamOp(func(h *tp, s *string) error {
			_, err := h.api.DescribeStream(h.ctx, &kinesis.DescribeStreamInput{StreamName: s})
			return err
		})},
		{"DescribeStreamSummary", false, streamOp(func(h *tp, s *string) error {
			_, err := h.api.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: s})
			return err
		})},
		{"ListTagsForStream", false, streamOp(func(h *tp, s *string) error {
			_, err := h.api.ListTagsForStream(h.ctx, &kinesis.ListTagsForStreamInput{StreamName: s})
			return err
		})},
		{"ListStreams", false, func(h *tp, _ string) error {
			_, err := h.api.ListStreams(h.ctx, &kinesis.ListStreamsInput{})
			return err
		}},
		{"DescribeLimits", false, func(h *tp, _ string) error {
			_, err := h.api.DescribeLimits(h.ctx, &kinesis.DescribeLimitsInput{})
			return err
		}},
		{"ListShards", true, streamOp(func(h *tp, s *string) error {
			_, err := h.api.ListShards(h.ctx, &kinesis.ListShardsInput{StreamName: s})
			return err
		})},
		{"ListStreamConsumers", true, func(h *tp, stream string) error {
			_, err := h.api.ListStreamConsumers(h.ctx, &kinesis.ListStreamConsumersInput{StreamARN: arnOf(stream)})
			return err
		}},
		{"DescribeStreamConsumer", true, func(h *tp, stream string) error {
			_, err := h.api.DescribeStreamConsumer(h.ctx, &kinesis.DescribeStreamConsumerInput{StreamARN: arnOf(stream), ConsumerName: aws.String("c")})
			return err
		}},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tc := range cases {
			t.Run(tc.op, func(t *testing.T) {
				limit := kinesisfake.DefaultLimits().ControlPlane[tc.op]
				require.Positive(t, limit)
				h := newTPOn(t, door)
				for _, s := range []string{"S", "T"} {
					h.f.CreateStreamT(t, s, 1)
					_, err := h.f.RegisterStreamConsumer(h.ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: arnOf(s), ConsumerName: aws.String("c")})
					require.NoError(t, err)
				}
				h.at(10_000) // setup calls out of every window

				for c := 1; c <= limit; c++ {
					require.NoError(t, tc.call(h, "S"), "call %d", c)
				}
				h.at(10_999)
				if tc.perStream {
					rateExceeded("S")(t, tc.call(h, "S"))
					assert.NoError(t, tc.call(h, "T"), "another stream has its own rate")
				} else {
					rateExceeded("")(t, tc.call(h, "S"))
					rateExceeded("")(t, tc.call(h, "T"))
				}
				h.at(11_000)
				assert.NoError(t, tc.call(h, "S"))
			})
		}
	})
}

// TestListShardsNextTokenCountsAgainstItsStream: a ListShards page asked
// for by NextToken alone counts against the stream the token belongs to.
func TestListShardsNextTokenCountsAgainstItsStream(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newTPOn(t, door)
		h.f.CreateStreamT(t, "S", 2)
		h.f.CreateStreamT(t, "T", 2)
		first, err := h.api.ListShards(h.ctx, &kinesis.ListShardsInput{StreamName: aws.String("S"), MaxResults: aws.Int32(1)})
		require.NoError(t, err)
		require.NotNil(t, first.NextToken)
		for c := 2; c <= 1000; c++ {
			_, err := h.api.ListShards(h.ctx, &kinesis.ListShardsInput{StreamName: aws.String("S")})
			require.NoError(t, err, "call %d", c)
		}
		_, err = h.api.ListShards(h.ctx, &kinesis.ListShardsInput{NextToken: first.NextToken})
		rateExceeded("S")(t, err)
		_, err = h.api.ListShards(h.ctx, &kinesis.ListShardsInput{StreamName: aws.String("T")})
		assert.NoError(t, err)
	})
}

// overLimit are calls, each made n times in one millisecond, that exceed a
// default limit: a Fake without limits must take them all.
func overLimit(h *tp) []struct {
	name string
	n    int
	call func() error
} {
	it := h.mustIterator("S", "shardId-000000000000")
	return []struct {
		name string
		n    int
		call func() error
	}{
		{"GetRecords", 20, func() error { _, err := h.getRecords(it, 0); return err }},
		{"GetShardIterator", 20, func() error { _, err := h.iterator("S", "shardId-000000000000"); return err }},
		{"PutRecord records", 1500, func() error { return h.put("S", 1, 0) }},
		{"PutRecord bytes", 3, func() error { _, err := h.putSized("S", 1, 0, mib); return err }},
		{"DescribeStream", 30, func() error {
			_, err := h.api.DescribeStream(h.ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("S")})
			return err
		}},
		{"ListShards", 1100, func() error {
			_, err := h.api.ListShards(h.ctx, &kinesis.ListShardsInput{StreamName: aws.String("S")})
			return err
		}},
	}
}

// TestWithoutThroughputLimits: no call is throttled, however many.
func TestWithoutThroughputLimits(t *testing.T) {
	forDoorsIn(t, bulkDoors, func(t *testing.T, door testDoor) {
		h := newTPOn(t, door, kinesisfake.WithoutThroughputLimits())
		h.f.CreateStreamT(t, "S", 1)
		h.onDemand("O")
		for _, c := range overLimit(h) {
			for i := range c.n {
				require.NoError(t, c.call(), "%s call %d", c.name, i+1)
			}
		}
		for c := range 5000 {
			require.NoError(t, h.put("O", 4, 0), "on-demand record %d", c+1)
		}
		// After the defaults' 10 MiB response, reads go on at once.
		h.f.CreateStreamT(t, "B", 1)
		for range 11 {
			_, err := h.putSized("B", 1, 0, mib)
			require.NoError(t, err)
		}
		it := h.mustIterator("B", "shardId-000000000000")
		out, err := h.getRecords(it, 0)
		require.NoError(t, err)
		_, err = h.getRecords(out.NextShardIterator, 0)
		assert.NoError(t, err)
	})
}

// TestWithLimits: WithLimits changes single limits, zero turns one off,
// and options compose.
func TestWithLimits(t *testing.T) {
	describe := func(h *tp) error {
		_, err := h.api.DescribeStream(h.ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("S")})
		return err
	}
	getIterator := func(h *tp) error { _, err := h.iterator("S", "shardId-000000000000"); return err }
	shardThrottled := readThrottled("S", "shardId-000000000000")

	type probe struct {
		name  string
		call  func(h *tp) error // nil: GetRecords
		ok    int               // calls in one millisecond that succeed...
		after errCheck          // ...and how the next fails (nil: it succeeds too)
	}
	cases := []struct {
		name   string
		opts   []kinesisfake.Option
		probes []probe
	}{
		{"GetRecords raised to 10", []kinesisfake.Option{kinesisfake.WithLimits(func(l *kinesisfake.Limits) { l.GetRecordsPerSecond = 10 })},
			[]probe{{"GetRecords", nil, 10, shardThrottled}, {"GetShardIterator", getIterator, 5, shardThrottled}}},
		{"GetRecords off", []kinesisfake.Option{kinesisfake.WithLimits(func(l *kinesisfake.Limits) { l.GetRecordsPerSecond = 0 })},
			[]probe{{"GetRecords", nil, 50, nil}, {"GetShardIterator", getIterator, 5, shardThrottled}}},
		{"DescribeStream lowered to 2", []kinesisfake.Option{kinesisfake.WithLimits(func(l *kinesisfake.Limits) { l.ControlPlane["DescribeStream"] = 2 })},
			[]probe{{"DescribeStream", describe, 2, rateExceeded("")}}},
		{"DescribeStream off", []kinesisfake.Option{kinesisfake.WithLimits(func(l *kinesisfake.Limits) { l.ControlPlane["DescribeStream"] = 0 })},
			[]probe{{"DescribeStream", describe, 50, nil}}},
		{"write records off, bytes kept", []kinesisfake.Option{kinesisfake.WithLimits(func(l *kinesisfake.Limits) { l.WriteRecordsPerSecond = 0 })},
			[]probe{{"PutRecord", func(h *tp) error { return h.put("S", 1, 0) }, 1500, nil},
				{"PutRecord 1 MiB", func(h *tp) error { _, err := h.putSized("S", 1, 0, mib); return err }, 1, writeThrottled("S", "shardId-000000000000")}}},
		{"only the limit set after WithoutThroughputLimits", []kinesisfake.Option{
			kinesisfake.WithoutThroughputLimits(),
			kinesisfake.WithLimits(func(l *kinesisfake.Limits) { l.GetRecordsPerSecond = 2 }),
		}, []probe{{"GetRecords", nil, 2, shardThrottled}, {"GetShardIterator", getIterator, 50, nil}, {"DescribeStream", describe, 50, nil}}},
		{"two WithLimits keep both changes", []kinesisfake.Option{
			kinesisfake.WithLimits(func(l *kinesisfake.Limits) { l.GetRecordsPerSecond = 2 }),
			kinesisfake.WithLimits(func(l *kinesisfake.Limits) { l.GetShardIteratorPerSecond = 3 }),
		}, []probe{{"GetRecords", nil, 2, shardThrottled}, {"GetShardIterator", getIterator, 3, shardThrottled}}},
		{"on-demand records lowered to 10", []kinesisfake.Option{kinesisfake.WithLimits(func(l *kinesisfake.Limits) { l.OnDemandWriteRecordsPerSecond = 10 })},
			[]probe{{"on-demand PutRecord", func(h *tp) error { return h.put("O", 4, 0) }, 10, writeThrottled("O", "shardId-000000000000")}}},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				for i, p := range tc.probes {
					h := newTPOn(t, door, tc.opts...)
					h.f.CreateStreamT(t, "S", 1)
					h.onDemand("O")
					call := p.call
					if call == nil { // GetRecords: one iterator, taken outside the window
						it := h.mustIterator("S", "shardId-000000000000")
						call = func(h *tp) error { _, err := h.getRecords(it, 0); return err }
					}
					h.at(int64(i+1) * 10_000)
					for c := range p.ok {
						require.NoError(t, call(h), "%s call %d", p.name, c+1)
					}
					if p.after == nil {
						assert.NoError(t, call(h), p.name)
					} else {
						p.after(t, call(h))
					}
				}
			})
		}
	})
}

// TestDefaultLimits pins AWS's documented limits.
func TestDefaultLimits(t *testing.T) {
	l := kinesisfake.DefaultLimits()
	assert.Equal(t, 5, l.GetRecordsPerSecond)
	assert.Equal(t, 2*mib, l.ReadBytesPerSecond)
	assert.Equal(t, 5, l.GetShardIteratorPerSecond)
	assert.Equal(t, 1000, l.WriteRecordsPerSecond)
	assert.Equal(t, mib, l.WriteBytesPerSecond)
	assert.True(t, l.ReadPenalty)
	assert.Equal(t, 4*mib, l.OnDemandWriteBytesPerSecond)
	assert.Equal(t, 4000, l.OnDemandWriteRecordsPerSecond)
	for op, want := range map[string]int{
		"DescribeStream": 10, "DescribeStreamSummary": 20, "ListShards": 1000, "ListStreams": 5,
		"DescribeLimits": 1, "DescribeStreamConsumer": 20, "UpdateShardCount": 10,
	} {
		assert.Equal(t, want, l.ControlPlane[op], op)
	}
	l.ControlPlane["DescribeStream"] = 99
	assert.Equal(t, 10, kinesisfake.DefaultLimits().ControlPlane["DescribeStream"], "each call returns a fresh map")
}

// TestRecordLargerThanTheWriteBudget: with the maximum record size raised,
// a record larger than a shard's 1 MiB per second is taken by an idle
// shard, which then refuses writes for the rest of the second.
func TestRecordLargerThanTheWriteBudget(t *testing.T) {
	forDoorsIn(t, bulkDoors, func(t *testing.T, door testDoor) {
		h := newTPOn(t, door)
		arn := h.f.CreateStreamT(t, "S", 2)
		_, err := h.f.UpdateMaxRecordSize(h.ctx, &kinesis.UpdateMaxRecordSizeInput{StreamARN: aws.String(arn), MaxRecordSizeInKiB: aws.Int32(4096)})
		require.NoError(t, err)
		h.at(2000)
		_, err = h.putSized("S", 2, 0, 3*mib)
		require.NoError(t, err, "an idle shard takes a record over its budget")
		h.at(2999)
		writeThrottled("S", "shardId-000000000000")(t, h.put("S", 2, 0))
		h.at(3000)
		assert.NoError(t, h.put("S", 2, 0))
		_, err = h.putSized("S", 2, 0, 3*mib)
		writeThrottled("S", "shardId-000000000000")(t, err)
	})
}
