package kinesisfake

import (
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
