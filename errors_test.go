package kinesisfake

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// expiredIteratorError runs a fresh Fake into an ExpiredIteratorException
// on its third call (CreateStream, GetShardIterator, GetRecords).
func expiredIteratorError(t *testing.T, door testDoor) error {
	h := newDPOn(t, door)
	h.f.CreateStreamT(t, "s", 1)
	it := h.iter("s", shard0, types.ShardIteratorTypeLatest)
	h.clk.Advance(iteratorLifetime + time.Millisecond)
	_, err := h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it})
	require.Error(t, err)
	return err
}

// TestServiceErrorLayers checks that a service error can be taken apart
// exactly as one from the real client: every layer reachable with
// errors.As, the HTTP status and request id, and the production text.
func TestServiceErrorLayers(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		err := expiredIteratorError(t, door)
		const msg = "Iterator expired. The iterator was created at time Wed Jan 22 01:22:02 UTC 2025 while right now it is Wed Jan 22 01:27:02 UTC 2025 which is further in the future than the tolerated delay of 300000 milliseconds."

		var opErr *smithy.OperationError
		require.ErrorAs(t, err, &opErr)
		assert.Equal(t, "Kinesis", opErr.Service())
		assert.Equal(t, "GetRecords", opErr.Operation())

		var respErr *awshttp.ResponseError
		require.ErrorAs(t, err, &respErr)
		assert.Equal(t, http.StatusBadRequest, respErr.HTTPStatusCode())
		assert.NotEmpty(t, respErr.RequestID)
		assert.Equal(t, respErr.RequestID, respErr.ServiceRequestID())

		var httpErr *smithyhttp.ResponseError
		require.ErrorAs(t, err, &httpErr)
		assert.Equal(t, http.StatusBadRequest, httpErr.HTTPStatusCode())
		require.NotNil(t, httpErr.HTTPResponse())
		assert.Equal(t, respErr.RequestID, httpErr.HTTPResponse().Header.Get("X-Amzn-Requestid"))

		var expired *types.ExpiredIteratorException
		require.ErrorAs(t, err, &expired)
		assert.Equal(t, msg, *expired.Message)

		var apiErr smithy.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, "ExpiredIteratorException", apiErr.ErrorCode())
		assert.Equal(t, msg, apiErr.ErrorMessage())
		assert.Equal(t, smithy.FaultClient, apiErr.ErrorFault())

		assert.Equal(t, "operation error Kinesis: GetRecords, https response error StatusCode: 400, RequestID: "+
			respErr.RequestID+", ExpiredIteratorException: "+msg, err.Error())
	})
}

// TestRequestIDs checks that request ids are UUID-shaped, differ from call
// to call, and are the same in two runs of the same calls.
func TestRequestIDs(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		idOf := func(err error) string {
			var respErr *awshttp.ResponseError
			require.ErrorAs(t, err, &respErr)
			return respErr.RequestID
		}
		first, second := idOf(expiredIteratorError(t, door)), idOf(expiredIteratorError(t, door))
		assert.Equal(t, first, second, "stable across runs")
		assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, first)

		h := newDPOn(t, door)
		_, err1 := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("x"), PartitionKey: aws.String("k"), Data: []byte("x")})
		_, err2 := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("x"), PartitionKey: aws.String("k"), Data: []byte("x")})
		assert.NotEqual(t, idOf(err1), idOf(err2))
	})
}

// TestExceptionTypesAndStatus checks several exceptions through real
// operations: each is its SDK type with its code, HTTP 400, in the
// production text.
func TestExceptionTypesAndStatus(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door, WithShardLimit(3))
		h.f.CreateStreamT(t, "s", 2)
		tests := []struct {
			name string
			op   string
			call func() error
			code string
		}{
			{"ResourceNotFound", "PutRecord", func() error {
				_, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("nope"), PartitionKey: aws.String("k"), Data: []byte("x")})
				return err
			}, "ResourceNotFoundException"},
			{"InvalidArgument", "GetRecords", func() error {
				_, err := h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String("bad")})
				return err
			}, "InvalidArgumentException"},
			{"ResourceInUse", "CreateStream", func() error {
				_, err := h.api.CreateStream(h.ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(1)})
				return err
			}, "ResourceInUseException"},
			{"LimitExceeded", "CreateStream", func() error {
				_, err := h.api.CreateStream(h.ctx, &kinesis.CreateStreamInput{StreamName: aws.String("t"), ShardCount: aws.Int32(2)})
				return err
			}, "LimitExceededException"},
			{"DryRun", "PutRecord", func() error {
				_, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("x"), DryRun: aws.Bool(true)})
				return err
			}, "DryRunOperationException"},
			{"Validation", "PutRecord", func() error {
				_, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: make([]byte, mib+1)})
				return err
			}, "ValidationException"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := tt.call()
				require.Error(t, err)
				var apiErr smithy.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, tt.code, apiErr.ErrorCode())
				var respErr *awshttp.ResponseError
				require.ErrorAs(t, err, &respErr)
				assert.Equal(t, http.StatusBadRequest, respErr.HTTPStatusCode())
				assert.Equal(t, "operation error Kinesis: "+tt.op+", https response error StatusCode: 400, RequestID: "+
					respErr.RequestID+", "+tt.code+": "+apiErr.ErrorMessage(), err.Error())
			})
		}
	})
}

// TestServerFaultStatus checks that an exception the model marks as a
// server fault is answered with HTTP 500.
func TestServerFaultStatus(t *testing.T) {
	f := New()
	err := f.wrapError("SubscribeToShard", &types.InternalFailureException{Message: aws.String("Internal Service Failure")})
	var respErr *awshttp.ResponseError
	require.ErrorAs(t, err, &respErr)
	assert.Equal(t, http.StatusInternalServerError, respErr.HTTPStatusCode())
	assert.Equal(t, "500 Internal Server Error", respErr.HTTPResponse().Status)
	assert.Equal(t, "operation error Kinesis: SubscribeToShard, https response error StatusCode: 500, RequestID: "+
		respErr.RequestID+", InternalFailureException: Internal Service Failure", err.Error())
}

// TestCanceledContext checks that a call with a context that has ended
// fails through every door as the real client fails before sending
// anything (aws-sdk-go-v2 run against a plain HTTP server: "operation
// error Kinesis: PutRecord, context canceled", no response error, no AWS
// exception), and does nothing.
func TestCanceledContext(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel2()
	tests := []struct {
		name string
		ctx  context.Context
		want error
	}{
		{"canceled", canceled, context.Canceled},
		{"deadline", expired, context.DeadlineExceeded},
	}
	eachDoor(t, func(t *testing.T, h *harness) {
		h.stream("s", 1)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := h.api.PutRecord(tt.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("x")})
				require.Error(t, err)
				assert.ErrorIs(t, err, tt.want)
				var opErr *smithy.OperationError
				require.ErrorAs(t, err, &opErr)
				assert.Equal(t, "PutRecord", opErr.Operation())
				var apiErr smithy.APIError
				assert.False(t, errors.As(err, &apiErr), "not an AWS API error")
				var respErr *awshttp.ResponseError
				assert.False(t, errors.As(err, &respErr), "never reached a server")
				assert.Equal(t, "operation error Kinesis: PutRecord, "+tt.want.Error(), err.Error())
			})
		}
		assert.Empty(t, h.f.Records("s", shard0))
	})
}

// TestWrapErrorNil checks that wrapping no error gives no error.
func TestWrapErrorNil(t *testing.T) {
	assert.NoError(t, New().wrapError("PutRecord", nil))
}
