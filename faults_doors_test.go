package kinesisfake

import (
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOwnFaultErrorIsAnInternalFailure: a fault with an error of the
// test's own fails the call the same way through every door: HTTP 500, the
// SDK's GenericAPIError with code InternalFailure and the error's text.
func TestOwnFaultErrorIsAnInternalFailure(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		h.stream("s", 1)
		h.f.InjectFault(Fault{Op: OpDescribeStreamSummary, Err: errors.New("disk on fire")})
		_, err := h.api.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("s")})
		var generic *smithy.GenericAPIError
		require.ErrorAs(t, err, &generic)
		assert.Equal(t, "InternalFailure", generic.Code)
		assert.Equal(t, "disk on fire", generic.Message)
		var resp *awshttp.ResponseError
		require.ErrorAs(t, err, &resp)
		assert.Equal(t, 500, resp.HTTPStatusCode())
	})
}

// TestContextEndingAfterTheEngineAnswered: a call whose context ends after
// the engine has done its work (here, from a fault's Match, mid-call) gets
// the engine's answer on the in-memory doors: the transport reports the
// context's error only for a call the engine itself cut short.
func TestContextEndingAfterTheEngineAnswered(t *testing.T) {
	forDoorsIn(t, []string{"direct", "client"}, func(t *testing.T, door testDoor) {
		h := newHarness(t, door)
		h.stream("s", 1)
		ctx, cancel := context.WithCancel(h.ctx)
		defer cancel()
		h.f.InjectFault(Fault{Op: OpPutRecord, Match: func(any) bool { cancel(); return false }})
		out, err := h.api.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("x")})
		require.NoError(t, err)
		assert.Equal(t, shardID(0), aws.ToString(out.ShardId))
		assert.Len(t, h.f.Records("s", shardID(0)), 1)
	})
}
