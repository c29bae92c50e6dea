package kinesisfake_test

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake"
)

var faultEpoch = time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)

// faultFixture is a Fake with one 2-shard stream "s" on a manual clock,
// and the door a test calls it through: faults are set and inspected on f,
// the calls they hit go through api.
type faultFixture struct {
	f     *kinesisfake.Fake
	clock *kinesisfake.ManualClock
	api   kinesisfake.KinesisAPI
}

// faultFakeOn returns the fixture through door.
func faultFakeOn(t *testing.T, door testDoor, opts ...kinesisfake.Option) *faultFixture {
	t.Helper()
	clock := kinesisfake.NewManualClock(faultEpoch)
	f := kinesisfake.New(append([]kinesisfake.Option{kinesisfake.WithClock(clock)}, opts...)...)
	f.CreateStreamT(t, "s", 2)
	return &faultFixture{f: f, clock: clock, api: door.open(t, f)}
}

// describe calls DescribeStreamSummary on stream through api.
func describe(api kinesisfake.KinesisAPI, stream string) error {
	_, err := api.DescribeStreamSummary(context.Background(), &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(stream)})
	return err
}

func TestFaultFiringShapes(t *testing.T) {
	cases := []struct {
		name  string
		fault kinesisfake.Fault
		want  []bool // whether call i fails
	}{
		{"times", kinesisfake.Fault{Op: "DescribeStreamSummary", Err: kinesisfake.ErrResourceNotFound, Times: 2}, []bool{true, true, false, false}},
		{"nth", kinesisfake.Fault{Op: "DescribeStreamSummary", Err: kinesisfake.ErrResourceNotFound, Nth: 3}, []bool{false, false, true, false}},
		{"until removed", kinesisfake.Fault{Op: "DescribeStreamSummary", Err: kinesisfake.ErrResourceNotFound}, []bool{true, true, true, true}},
		{"other operation", kinesisfake.Fault{Op: "ListStreams", Err: kinesisfake.ErrResourceNotFound}, []bool{false, false, false, false}},
		{"other stream", kinesisfake.Fault{Stream: "t", Err: kinesisfake.ErrResourceNotFound}, []bool{false, false, false, false}},
		{"this stream, any op", kinesisfake.Fault{Stream: "s", Err: kinesisfake.ErrResourceNotFound, Times: 1}, []bool{true, false, false, false}},
		{"predicate", kinesisfake.Fault{Err: kinesisfake.ErrResourceNotFound, Match: func(in any) bool {
			_, ok := in.(*kinesis.DescribeStreamSummaryInput)
			return ok
		}}, []bool{true, true, true, true}},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				h := faultFakeOn(t, door, kinesisfake.WithoutThroughputLimits())
				fh := h.f.InjectFault(tc.fault)
				fired := 0
				for i, wantErr := range tc.want {
					err := describe(h.api, "s")
					if wantErr {
						fired++
						var nf *types.ResourceNotFoundException
						assert.ErrorAs(t, err, &nf, "call %d", i+1)
					} else {
						assert.NoError(t, err, "call %d", i+1)
					}
				}
				assert.Equal(t, fired, fh.Fired())
			})
		}
	})
}

func TestFaultRemove(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := faultFakeOn(t, door)
		fh := h.f.InjectFault(kinesisfake.Fault{Op: "DescribeStreamSummary", Err: kinesisfake.ErrInternalFailure})
		require.Error(t, describe(h.api, "s"))
		fh.Remove()
		assert.NoError(t, describe(h.api, "s"))
		h.f.InjectFault(kinesisfake.Fault{Err: kinesisfake.ErrInternalFailure})
		require.Error(t, describe(h.api, "s"))
		h.f.ClearFaults()
		assert.NoError(t, describe(h.api, "s"))
	})
}

func TestFaultTargetsShardOfGetShardIteratorAndGetRecords(t *testing.T) {
	ctx := context.Background()
	forDoors(t, func(t *testing.T, door testDoor) {
		h := faultFakeOn(t, door, kinesisfake.WithoutThroughputLimits())
		h.f.InjectFault(kinesisfake.Fault{Op: "GetRecords", Stream: "s", Shard: "shardId-1", Err: kinesisfake.ErrExpiredIterator})
		h.f.InjectFault(kinesisfake.Fault{Op: "GetShardIterator", Shard: "shardId-000000000000", Err: kinesisfake.ErrProvisionedThroughputExceeded, Times: 1})

		iter := func(shard string) (*string, error) {
			out, err := h.api.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{
				StreamName: aws.String("s"), ShardId: aws.String(shard), ShardIteratorType: types.ShardIteratorTypeLatest,
			})
			if err != nil {
				return nil, err
			}
			return out.ShardIterator, nil
		}
		_, err := iter("shardId-000000000000")
		var pte *types.ProvisionedThroughputExceededException
		require.ErrorAs(t, err, &pte)
		assert.Equal(t, "Rate exceeded for Shard - 000000000000/s/shardId-000000000000", *pte.Message)

		it0, err := iter("shardId-000000000000")
		require.NoError(t, err)
		it1, err := iter("shardId-000000000001")
		require.NoError(t, err)

		_, err = h.api.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it0})
		assert.NoError(t, err, "shard 0 is not targeted")
		_, err = h.api.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it1})
		var expired *types.ExpiredIteratorException
		require.ErrorAs(t, err, &expired)
		assert.Equal(t, "Iterator expired. The iterator was created at time Sat Mar 01 09:54:59 UTC 2025 while right now it is Sat Mar 01 10:00:00 UTC 2025 which is further in the future than the tolerated delay of 300000 milliseconds.", *expired.Message)
	})
}

func TestFaultTargetsPartitionKeyOfPutRecord(t *testing.T) {
	ctx := context.Background()
	forDoors(t, func(t *testing.T, door testDoor) {
		h := faultFakeOn(t, door)
		h.f.InjectFault(kinesisfake.Fault{Op: "PutRecord", PartitionKey: "poison", Err: kinesisfake.ErrKMSThrottling})
		put := func(key string) error {
			_, err := h.api.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String(key), Data: []byte("x")})
			return err
		}
		assert.NoError(t, put("fine"))
		var kt *types.KMSThrottlingException
		require.ErrorAs(t, put("poison"), &kt)
		assert.Empty(t, h.f.Records("s", "shardId-0"), "a faulted put stores nothing") // "fine" went to shard 1
	})
}

// TestFaultLatencyAdvancesManualClock: on a ManualClock a fault's latency
// moves the clock instead of waiting, so it takes no wall time on any door.
func TestFaultLatencyAdvancesManualClock(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := faultFakeOn(t, door)
		h.f.InjectFault(kinesisfake.Fault{Op: "DescribeStreamSummary", Latency: 1500 * time.Millisecond})
		require.NoError(t, describe(h.api, "s"))
		assert.Equal(t, faultEpoch.Add(1500*time.Millisecond), h.clock.Now())
	})
}

func TestFaultCustomErrorIsWrappedAsServiceError(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := faultFakeOn(t, door)
		custom := &types.ResourceInUseException{Message: aws.String("custom text")}
		h.f.InjectFault(kinesisfake.Fault{Op: "DescribeStreamSummary", Err: custom})
		err := describe(h.api, "s")
		var riu *types.ResourceInUseException
		require.ErrorAs(t, err, &riu)
		assert.Equal(t, "custom text", *riu.Message)
		var re *awshttp.ResponseError
		require.ErrorAs(t, err, &re)
		assert.Equal(t, 400, re.HTTPStatusCode())
	})
}

// TestEveryReadyMadeFault checks each ready-made error's type, code, HTTP
// status and text on a call it may plausibly hit.
func TestEveryReadyMadeFault(t *testing.T) {
	const acct = "000000000000"
	cases := []struct {
		err    *kinesisfake.FaultError
		target any
		status int
		text   string
	}{
		{kinesisfake.ErrExpiredIterator, new(*types.ExpiredIteratorException), 400, "Iterator expired. The iterator was created at time Sat Mar 01 09:54:59 UTC 2025 while right now it is Sat Mar 01 10:00:00 UTC 2025 which is further in the future than the tolerated delay of 300000 milliseconds."},
		{kinesisfake.ErrProvisionedThroughputExceeded, new(*types.ProvisionedThroughputExceededException), 400, "Rate exceeded for shard shardId-000000000001 in stream s under account " + acct + "."},
		{kinesisfake.ErrKMSAccessDenied, new(*types.KMSAccessDeniedException), 400, "User: arn:aws:sts::" + acct + ":assumed-role/kinesisfake/session is not authorized to perform: kms:GenerateDataKey on resource: arn:aws:kms:us-east-1:" + acct + ":alias/aws/kinesis"},
		{kinesisfake.ErrKMSDisabled, new(*types.KMSDisabledException), 400, "The request was rejected because the specified KMS key arn:aws:kms:us-east-1:" + acct + ":alias/aws/kinesis is disabled."},
		{kinesisfake.ErrKMSInvalidState, new(*types.KMSInvalidStateException), 400, "The request was rejected because the state of the specified KMS key arn:aws:kms:us-east-1:" + acct + ":alias/aws/kinesis is not valid for this request: arn:aws:kms:us-east-1:" + acct + ":alias/aws/kinesis is pending deletion."},
		{kinesisfake.ErrKMSNotFound, new(*types.KMSNotFoundException), 400, "The request was rejected because the specified KMS key arn:aws:kms:us-east-1:" + acct + ":alias/aws/kinesis was not found."},
		{kinesisfake.ErrKMSOptInRequired, new(*types.KMSOptInRequired), 400, "The AWS access key ID needs a subscription for the service."},
		{kinesisfake.ErrKMSThrottling, new(*types.KMSThrottlingException), 400, "The request was denied due to request throttling for KMS key arn:aws:kms:us-east-1:" + acct + ":alias/aws/kinesis. Rate exceeded."},
		{kinesisfake.ErrLimitExceeded, new(*types.LimitExceededException), 400, "Rate exceeded for stream s under account " + acct + "."},
		{kinesisfake.ErrResourceInUse, new(*types.ResourceInUseException), 400, "Stream s under account " + acct + " not ACTIVE, instead in state UPDATING"},
		{kinesisfake.ErrResourceNotFound, new(*types.ResourceNotFoundException), 400, "Stream s under account " + acct + " not found."},
		{kinesisfake.ErrInvalidArgument, new(*types.InvalidArgumentException), 400, "Invalid argument for PutRecord on stream s under account " + acct + "."},
		{kinesisfake.ErrAccessDenied, new(*types.AccessDeniedException), 400, "User: arn:aws:sts::" + acct + ":assumed-role/kinesisfake/session is not authorized to perform: kinesis:PutRecord on resource: arn:aws:kinesis:us-east-1:" + acct + ":stream/s because no identity-based policy allows the kinesis:PutRecord action"},
		{kinesisfake.ErrInternalFailure, new(*smithy.GenericAPIError), 500, "UnknownError"},
		{kinesisfake.ErrExpiredNextToken, new(*types.ExpiredNextTokenException), 400, "NextToken expired. The token was created at time Sat Mar 01 09:54:59 UTC 2025 while right now it is Sat Mar 01 10:00:00 UTC 2025 which is further in the future than the tolerated delay of 300000 milliseconds."},
	}
	require.Len(t, cases, len(kinesisfake.AllFaultErrors), "every ready-made fault is covered")
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tc := range cases {
			t.Run(tc.err.Code(), func(t *testing.T) {
				h := faultFakeOn(t, door)
				h.f.InjectFault(kinesisfake.Fault{Op: "PutRecord", Err: tc.err})
				_, err := h.api.PutRecord(context.Background(), &kinesis.PutRecordInput{
					StreamName: aws.String("s"), PartitionKey: aws.String("b"), Data: []byte("x"),
				})
				require.Error(t, err)
				require.True(t, errors.As(err, tc.target), "want %T, got %v", tc.target, err)
				var api smithy.APIError
				require.ErrorAs(t, err, &api)
				assert.Equal(t, tc.err.Code(), api.ErrorCode())
				assert.Equal(t, tc.text, api.ErrorMessage())
				var re *awshttp.ResponseError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, tc.status, re.HTTPStatusCode())
				var op *smithy.OperationError
				require.ErrorAs(t, err, &op)
				assert.Equal(t, "PutRecord", op.OperationName)
			})
		}
	})
}

func TestCallLog(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := faultFakeOn(t, door, kinesisfake.WithCallLogSize(3))
		f := h.f
		f.InjectFault(kinesisfake.Fault{Op: "DescribeStreamSummary", Err: kinesisfake.ErrLimitExceeded, Times: 2})
		for range 4 {
			_ = describe(h.api, "s")
		}
		assert.Equal(t, 4, f.CallCount("DescribeStreamSummary"))
		assert.Zero(t, f.CallCount("CreateStream"), "CreateStreamT is setup, not a call under test")
		assert.Equal(t, 4, f.CallCount(""))
		calls := f.Calls("DescribeStreamSummary")
		require.Len(t, calls, 3, "the log keeps the newest 3 calls")
		var le *types.LimitExceededException
		assert.ErrorAs(t, calls[0].Err, &le, "the second call was throttled")
		assert.NoError(t, calls[1].Err)
		assert.Equal(t, "s", *calls[2].Input.(*kinesis.DescribeStreamSummaryInput).StreamName)
		assert.Equal(t, faultEpoch, calls[2].Time)
		f.ResetCalls()
		assert.Zero(t, f.CallCount(""))
		assert.Empty(t, f.Calls(""))
	})
}

func TestExpireIterators(t *testing.T) {
	ctx := context.Background()
	forDoors(t, func(t *testing.T, door testDoor) {
		h := faultFakeOn(t, door)
		get := func() *string {
			out, err := h.api.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{
				StreamName: aws.String("s"), ShardId: aws.String("shardId-0"), ShardIteratorType: types.ShardIteratorTypeTrimHorizon,
			})
			require.NoError(t, err)
			return out.ShardIterator
		}
		old := get()
		h.f.ExpireIterators()
		fresh := get()
		_, err := h.api.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: old})
		var expired *types.ExpiredIteratorException
		assert.ErrorAs(t, err, &expired)
		_, err = h.api.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: fresh})
		assert.NoError(t, err)
	})
}

// TestFaultLatencyOnTheSystemClock: without a manual clock, latency is a
// real wait, which inside a synctest bubble takes no real time. Only the
// in-memory doors: a socket's I/O hangs in a bubble.
func TestFaultLatencyOnTheSystemClock(t *testing.T) {
	forDoorsIn(t, inMemoryDoors, func(t *testing.T, door testDoor) {
		synctest.Test(t, func(t *testing.T) {
			f := kinesisfake.New()
			f.CreateStreamT(t, "s", 1)
			api := door.open(t, f)
			f.InjectFault(kinesisfake.Fault{Op: "DescribeStreamSummary", Latency: 90 * time.Second})
			start := time.Now()
			require.NoError(t, describe(api, "s"))
			assert.Equal(t, 90*time.Second, time.Since(start))
		})
	})
}

// TestFaultLatencyEndsWithTheCallersContext: a call slowed down by a
// fault fails with the caller's context when that ends first, as a slow
// call to AWS does, wrapped as the client wraps a canceled request. Not
// the socket doors: their I/O hangs in a synctest bubble.
func TestFaultLatencyEndsWithTheCallersContext(t *testing.T) {
	forDoorsIn(t, inMemoryDoors, func(t *testing.T, door testDoor) {
		synctest.Test(t, func(t *testing.T) {
			f := kinesisfake.New()
			f.CreateStreamT(t, "s", 1)
			api := door.open(t, f)
			f.InjectFault(kinesisfake.Fault{Op: kinesisfake.OpPutRecord, Latency: time.Minute})
			ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err := api.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("x")})
			assert.Equal(t, 20*time.Millisecond, time.Since(start), "the call ends with its context")
			require.ErrorIs(t, err, context.DeadlineExceeded)
			var op *smithy.OperationError
			require.ErrorAs(t, err, &op)
			assert.Equal(t, "PutRecord", op.OperationName)
			// The real client's wrapping of a request its context cut
			// short (what aws-sdk-go-v2 makes of its HTTP client returning
			// the context's error), on the direct door too.
			var canceled *smithy.CanceledError
			assert.ErrorAs(t, err, &canceled)
			assert.EqualError(t, err, "operation error Kinesis: PutRecord, https response error StatusCode: 0, RequestID: , canceled, context deadline exceeded")
			assert.Empty(t, f.Records("s", "shardId-000000000000"), "a call that timed out stored nothing")
		})
	})
}

// TestResourceNotFoundFaultNamesTheShard: on the data plane, AWS's not-found
// text names the shard; elsewhere, the stream.
func TestResourceNotFoundFaultNamesTheShard(t *testing.T) {
	ctx := context.Background()
	forDoors(t, func(t *testing.T, door testDoor) {
		h := faultFakeOn(t, door)
		h.f.InjectFault(kinesisfake.Fault{Err: kinesisfake.ErrResourceNotFound})
		_, err := h.api.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{
			StreamName: aws.String("s"), ShardId: aws.String("shardId-1"), ShardIteratorType: types.ShardIteratorTypeLatest,
		})
		var nf *types.ResourceNotFoundException
		require.ErrorAs(t, err, &nf)
		assert.Equal(t, "Shard shardId-000000000001 in stream s under account 000000000000 does not exist", *nf.Message)
		require.ErrorAs(t, describe(h.api, "s"), &nf)
		assert.Equal(t, "Stream s under account 000000000000 not found.", *nf.Message)
	})
}
