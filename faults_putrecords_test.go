package kinesisfake_test

import (
	"context"
	"errors"
	"testing"

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

// Tests of faults on PutRecords: a fault aimed at a shard or partition key
// with an error AWS reports per entry fails just those entries; any other
// error fails the whole call.

// prEntry is a PutRecords entry of the tests: its partition key and the
// shard (of the 2-shard stream "s") it is pinned to.
type prEntry struct {
	key   string
	shard int
}

// prEntries is the request most tests send: k2 appears twice, on
// different shards.
var prEntries = []prEntry{{"k1", 0}, {"k2", 1}, {"k3", 0}, {"k2", 0}}

// prFakeOn is a Fake on a ManualClock with the 2-shard stream "s", and
// the API of door for the calls under test.
func prFakeOn(t *testing.T, door testDoor, opts ...kinesisfake.Option) (*kinesisfake.Fake, kinesisfake.KinesisAPI) {
	t.Helper()
	f := kinesisfake.New(append([]kinesisfake.Option{kinesisfake.WithClock(kinesisfake.NewManualClock(tpEpoch))}, opts...)...)
	f.CreateStreamT(t, "s", 2)
	return f, door.open(t, f)
}

// putRecords sends the entries to stream "s" through api.
func putRecords(api kinesisfake.KinesisAPI, es []prEntry) (*kinesis.PutRecordsOutput, error) {
	recs := make([]types.PutRecordsRequestEntry, len(es))
	for i, e := range es {
		recs[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String(e.key), ExplicitHashKey: aws.String(shardKeys[2][e.shard]), Data: []byte(e.key)}
	}
	return api.PutRecords(context.Background(), &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: recs})
}

// wantEntries is the result PutRecords should give for es when the
// entries in failed fail with code and AWS's text for that code.
func wantEntries(es []prEntry, code string, failed ...int) []types.PutRecordsResultEntry {
	out := make([]types.PutRecordsResultEntry, len(es))
	for i, e := range es {
		shard := []string{"shardId-000000000000", "shardId-000000000001"}[e.shard]
		out[i].ShardId = aws.String(shard)
		for _, j := range failed {
			if i != j {
				continue
			}
			out[i].ShardId = nil
			out[i].ErrorCode = aws.String(code)
			if code == "InternalFailure" {
				out[i].ErrorMessage = aws.String("Internal Service Failure")
			} else {
				out[i].ErrorMessage = aws.String(writeThrottleText("s", shard))
			}
		}
	}
	return out
}

// checkEntries compares a PutRecords result with want: the same entries
// (sequence numbers aside), a sequence number on exactly the successful
// ones, FailedRecordCount matching, and only the successful records
// stored.
func checkEntries(t *testing.T, f *kinesisfake.Fake, out *kinesis.PutRecordsOutput, want []types.PutRecordsResultEntry) {
	t.Helper()
	assert.Empty(t, cmp.Diff(want, out.Records,
		cmpopts.IgnoreUnexported(types.PutRecordsResultEntry{}),
		cmpopts.IgnoreFields(types.PutRecordsResultEntry{}, "SequenceNumber")))
	failed := 0
	for i, e := range out.Records {
		assert.Equal(t, e.ErrorCode == nil, e.SequenceNumber != nil, "entry %d: a sequence number exactly when it succeeded", i)
		if e.ErrorCode != nil {
			failed++
		}
	}
	require.NotNil(t, out.FailedRecordCount)
	assert.Equal(t, int32(failed), *out.FailedRecordCount)
	stored := len(f.Records("s", "shardId-000000000000")) + len(f.Records("s", "shardId-000000000001"))
	assert.Equal(t, len(out.Records)-failed, stored, "failed entries store nothing")
}

// TestPutRecordsEntryFaults: which entries a fault fails, and with what.
// Times and Nth count entries, not calls.
func TestPutRecordsEntryFaults(t *testing.T) {
	const pte, internal = "ProvisionedThroughputExceededException", "InternalFailure"
	cases := []struct {
		name   string
		fault  kinesisfake.Fault
		code   string
		failed []int
	}{
		{"partition key, throttled", kinesisfake.Fault{Op: "PutRecords", PartitionKey: "k2", Err: kinesisfake.ErrProvisionedThroughputExceeded}, pte, []int{1, 3}},
		{"partition key, internal failure", kinesisfake.Fault{Op: "PutRecords", PartitionKey: "k2", Err: kinesisfake.ErrInternalFailure}, internal, []int{1, 3}},
		{"shard in short form", kinesisfake.Fault{Op: "PutRecords", Shard: "shardId-1", Err: kinesisfake.ErrProvisionedThroughputExceeded}, pte, []int{1}},
		{"shard, internal failure", kinesisfake.Fault{Op: "PutRecords", Shard: "shardId-000000000000", Err: kinesisfake.ErrInternalFailure}, internal, []int{0, 2, 3}},
		{"shard and partition key", kinesisfake.Fault{Op: "PutRecords", Shard: "shardId-0", PartitionKey: "k2", Err: kinesisfake.ErrProvisionedThroughputExceeded}, pte, []int{3}},
		{"Times counts entries", kinesisfake.Fault{Op: "PutRecords", PartitionKey: "k2", Err: kinesisfake.ErrProvisionedThroughputExceeded, Times: 1}, pte, []int{1}},
		{"Nth counts entries", kinesisfake.Fault{Op: "PutRecords", PartitionKey: "k2", Err: kinesisfake.ErrProvisionedThroughputExceeded, Nth: 2}, pte, []int{3}},
		{"any operation", kinesisfake.Fault{PartitionKey: "k2", Err: kinesisfake.ErrInternalFailure}, internal, []int{1, 3}},
		{"stream", kinesisfake.Fault{Op: "PutRecords", Stream: "s", PartitionKey: "k1", Err: kinesisfake.ErrInternalFailure}, internal, []int{0}},
		{"another stream", kinesisfake.Fault{Op: "PutRecords", Stream: "other", PartitionKey: "k2", Err: kinesisfake.ErrInternalFailure}, internal, nil},
		{"no entry matches", kinesisfake.Fault{Op: "PutRecords", PartitionKey: "k9", Err: kinesisfake.ErrInternalFailure}, internal, nil},
		{"another operation", kinesisfake.Fault{Op: "PutRecord", PartitionKey: "k2", Err: kinesisfake.ErrInternalFailure}, internal, nil},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				f, api := prFakeOn(t, door)
				h := f.InjectFault(tc.fault)
				out, err := putRecords(api, prEntries)
				require.NoError(t, err, "entry faults never fail the call")
				checkEntries(t, f, out, wantEntries(prEntries, tc.code, tc.failed...))
				assert.Equal(t, len(tc.failed), h.Fired())
			})
		}
	})
}

// TestPutRecordsEntryFaultTimesAcrossCalls: a fault's Times runs out over
// the entries of several calls.
func TestPutRecordsEntryFaultTimesAcrossCalls(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		f, api := prFakeOn(t, door)
		h := f.InjectFault(kinesisfake.Fault{Op: "PutRecords", PartitionKey: "k2", Err: kinesisfake.ErrProvisionedThroughputExceeded, Times: 3})
		for i, failed := range [][]int{{1, 3}, {1}, nil} {
			out, err := putRecords(api, prEntries)
			require.NoError(t, err)
			assert.Equal(t, int32(len(failed)), *out.FailedRecordCount, "call %d", i+1)
			assert.Empty(t, cmp.Diff(wantEntries(prEntries, "ProvisionedThroughputExceededException", failed...), out.Records,
				cmpopts.IgnoreUnexported(types.PutRecordsResultEntry{}),
				cmpopts.IgnoreFields(types.PutRecordsResultEntry{}, "SequenceNumber")), "call %d", i+1)
		}
		assert.Equal(t, 3, h.Fired())
	})
}

// TestPutRecordsEntryFaultsAndLimits: an entry failed by a fault is not
// stored and so takes none of the shard's write limit; the limit then
// fails the entries over it.
func TestPutRecordsEntryFaultsAndLimits(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		f, api := prFakeOn(t, door)
		for range 999 { // setup: filling shard 0's second
			_, err := putRecords(f, []prEntry{{"fill", 0}})
			require.NoError(t, err)
		}
		f.InjectFault(kinesisfake.Fault{Op: "PutRecords", PartitionKey: "k2", Err: kinesisfake.ErrInternalFailure})
		es := []prEntry{{"k2", 0}, {"k1", 0}, {"k3", 0}}
		out, err := putRecords(api, es)
		require.NoError(t, err)
		want := wantEntries(es, "InternalFailure", 0)
		want[2] = wantEntries(es, "ProvisionedThroughputExceededException", 2)[2]
		assert.Equal(t, int32(2), *out.FailedRecordCount)
		assert.Empty(t, cmp.Diff(want, out.Records,
			cmpopts.IgnoreUnexported(types.PutRecordsResultEntry{}),
			cmpopts.IgnoreFields(types.PutRecordsResultEntry{}, "SequenceNumber")))
	})
}

// TestPutRecordsWholeCallFaults: errors AWS does not report per entry fail
// the whole PutRecords call, also when the fault is aimed at a shard or a
// partition key (then only calls with a matching entry fail), and store
// nothing.
func TestPutRecordsWholeCallFaults(t *testing.T) {
	cases := []struct {
		name  string
		fault kinesisfake.Fault
		es    []prEntry
		want  errCheck // nil: the call succeeds
	}{
		{"KMS disabled", kinesisfake.Fault{Op: "PutRecords", Err: kinesisfake.ErrKMSDisabled}, prEntries,
			wantException[types.KMSDisabledException]("The request was rejected because the specified KMS key arn:aws:kms:us-east-1:" + tpAccount + ":alias/aws/kinesis is disabled.")},
		{"KMS disabled, aimed at a partition key", kinesisfake.Fault{Op: "PutRecords", PartitionKey: "k2", Err: kinesisfake.ErrKMSDisabled}, prEntries,
			wantException[types.KMSDisabledException]("The request was rejected because the specified KMS key arn:aws:kms:us-east-1:" + tpAccount + ":alias/aws/kinesis is disabled.")},
		{"KMS disabled, aimed at a partition key no entry has", kinesisfake.Fault{Op: "PutRecords", PartitionKey: "k2", Err: kinesisfake.ErrKMSDisabled},
			[]prEntry{{"k1", 0}, {"k3", 1}}, nil},
		{"stream gone, aimed at a shard", kinesisfake.Fault{Op: "PutRecords", Shard: "shardId-000000000001", Err: kinesisfake.ErrResourceNotFound}, prEntries,
			wantException[types.ResourceNotFoundException]("Stream s under account " + tpAccount + " not found.")},
		{"stream gone, aimed at a shard no entry goes to", kinesisfake.Fault{Op: "PutRecords", Shard: "shardId-000000000001", Err: kinesisfake.ErrResourceNotFound},
			[]prEntry{{"k1", 0}}, nil},
		{"throttled, not aimed at entries", kinesisfake.Fault{Op: "PutRecords", Err: kinesisfake.ErrProvisionedThroughputExceeded}, prEntries,
			wantException[types.ProvisionedThroughputExceededException](writeThrottleText("s", "shardId-000000000000"))},
		{"internal failure, not aimed at entries", kinesisfake.Fault{Op: "PutRecords", Err: kinesisfake.ErrInternalFailure}, prEntries,
			wantException[smithy.GenericAPIError]("UnknownError")},
		{"a custom error, aimed at a partition key", kinesisfake.Fault{Op: "PutRecords", PartitionKey: "k3", Err: &types.InvalidArgumentException{Message: aws.String("custom")}}, prEntries,
			wantException[types.InvalidArgumentException]("custom")},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				f, api := prFakeOn(t, door)
				h := f.InjectFault(tc.fault)
				out, err := putRecords(api, tc.es)
				if tc.want == nil {
					require.NoError(t, err)
					assert.Zero(t, *out.FailedRecordCount)
					assert.Zero(t, h.Fired())
					return
				}
				tc.want(t, err)
				assert.Nil(t, out)
				assert.Equal(t, 1, h.Fired())
				assert.Empty(t, f.Records("s", "shardId-000000000000"))
				assert.Empty(t, f.Records("s", "shardId-000000000001"))
			})
		}
	})
}

// TestFaultsWithoutPartitionKey: under the AUTO distribution strategy a
// record needs no partition key; faults still match such puts by
// operation and stream, and never by partition key or shard.
func TestFaultsWithoutPartitionKey(t *testing.T) {
	ctx := context.Background()
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newTPOn(t, door)
		h.onDemand("auto")
		_, err := h.f.UpdateStreamRecordDistributionStrategy(ctx, &kinesis.UpdateStreamRecordDistributionStrategyInput{
			StreamARN:                  aws.String("arn:aws:kinesis:us-east-1:" + tpAccount + ":stream/auto"),
			RecordDistributionStrategy: types.RecordDistributionStrategyAuto,
		})
		require.NoError(t, err)
		byKey := h.f.InjectFault(kinesisfake.Fault{PartitionKey: "k", Err: kinesisfake.ErrInternalFailure})
		byShard := h.f.InjectFault(kinesisfake.Fault{Shard: "shardId-0", Err: kinesisfake.ErrInternalFailure})

		_, err = h.api.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("auto"), Data: []byte("x")})
		require.NoError(t, err)
		out, err := h.api.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String("auto"), Records: []types.PutRecordsRequestEntry{{Data: []byte("y")}}})
		require.NoError(t, err)
		assert.Zero(t, *out.FailedRecordCount)
		assert.Zero(t, byKey.Fired()+byShard.Fired())

		h.f.InjectFault(kinesisfake.Fault{Op: "PutRecord", Stream: "auto", Err: kinesisfake.ErrInternalFailure})
		_, err = h.api.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("auto"), Data: []byte("x")})
		var internal *smithy.GenericAPIError
		require.True(t, errors.As(err, &internal), "got %v", err)
		assert.Equal(t, "InternalFailure", internal.Code)
	})
}
