package kinesisfake

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/kinesisfake/kinesisfake/internal/validation"
)

// The engine reports failures as the SDK's own exception types
// (*types.ResourceNotFoundException and the rest) carrying AWS's message text.
// The doors add what the transport would add: the direct methods wrap them in
// the same layers the real client's middleware produces (see wrapError), the
// HTTP door writes them as JSON 1.1 error bodies.

// resourceNotFound is a ResourceNotFoundException whose message is format
// filled in with args, as fmt.Sprintf does.
func resourceNotFound(format string, args ...any) error {
	return &types.ResourceNotFoundException{Message: aws.String(fmt.Sprintf(format, args...))}
}

// resourceInUse is a ResourceInUseException with a formatted message.
func resourceInUse(format string, args ...any) error {
	return &types.ResourceInUseException{Message: aws.String(fmt.Sprintf(format, args...))}
}

// invalidArgument is an InvalidArgumentException with a formatted message.
func invalidArgument(format string, args ...any) error {
	return &types.InvalidArgumentException{Message: aws.String(fmt.Sprintf(format, args...))}
}

// limitExceeded is a LimitExceededException with a formatted message.
func limitExceeded(format string, args ...any) error {
	return &types.LimitExceededException{Message: aws.String(fmt.Sprintf(format, args...))}
}

// expiredNextToken is an ExpiredNextTokenException with a formatted message.
func expiredNextToken(format string, args ...any) error {
	return &types.ExpiredNextTokenException{Message: aws.String(fmt.Sprintf(format, args...))}
}

// validationError turns constraint violations, as validation.Constraints
// reports them, into the ValidationException AWS sends.
func validationError(violations []string) error {
	return &types.ValidationException{Message: aws.String(validation.Message(violations))}
}

// validationErrorf is a ValidationException whose text is not a list of model
// constraint violations (AWS writes those by hand for some rules).
func validationErrorf(format string, args ...any) error {
	return &types.ValidationException{Message: aws.String(fmt.Sprintf(format, args...))}
}

// unknownErrorText is the message the SDK gives an error response that
// carries none.
const unknownErrorText = "UnknownError"

// internalFailure is what a client sees of AWS's bare internal failure:
// HTTP 500 with {"__type": "InternalFailure"} and no message, which the SDK
// reads as a generic API error (its modeled InternalFailureException is
// SubscribeToShard's event, not this).
func internalFailure() error {
	return &smithy.GenericAPIError{Code: "InternalFailure", Message: unknownErrorText}
}

// httpStatusOf is the HTTP status Kinesis answers an exception with: 500 for
// server faults, 400 for everything the caller caused.
func httpStatusOf(err error) int {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) && (apiErr.ErrorFault() == smithy.FaultServer || apiErr.ErrorCode() == "InternalFailure") {
		return http.StatusInternalServerError
	}
	return http.StatusBadRequest
}

// wrapError wraps an engine error the way the real client's middleware stack
// wraps a service error:
//
//	*smithy.OperationError            "operation error Kinesis: GetRecords, ..."
//	  *awshttp.ResponseError          "https response error StatusCode: 400, RequestID: ..., ..."
//	    *smithyhttp.ResponseError     (HTTPStatusCode, HTTPResponse)
//	      *types.XxxException         "XxxException: message"
//
// Client-side parameter validation (smithy.InvalidParamsError) and a
// context that ended before the call never reach a server, so like the
// real client they are wrapped in the operation error only; a context that
// ends during the call (callCanceled) is wrapped as the client wraps a
// request cut short.
func (f *Fake) wrapError(op string, err error) error {
	if err == nil {
		return nil
	}
	var invalid smithy.InvalidParamsError
	var late *callCanceled
	switch {
	case errors.As(err, &invalid):
		// Not a service response.
	case errors.As(err, &late):
		// As the real client reports a context that ended while its
		// request was under way: a response error without a response,
		// caused by a smithy.CanceledError (what f.Client() gives, its
		// HTTP client returning the context's error).
		err = &awshttp.ResponseError{ResponseError: &smithyhttp.ResponseError{
			Response: &smithyhttp.Response{Response: &http.Response{}},
			Err:      &smithy.CanceledError{Err: late.err},
		}}
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		// As the real client reports a context that ended before the call
		// was sent: the context's error in the operation error, nothing
		// else (aws-sdk-go-v2 against a server, checked by running it).
	default:
		status := httpStatusOf(err)
		requestID := f.nextRequestID()
		err = &awshttp.ResponseError{
			RequestID: requestID,
			ResponseError: &smithyhttp.ResponseError{
				Response: &smithyhttp.Response{Response: &http.Response{
					StatusCode: status,
					Status:     fmt.Sprintf("%d %s", status, http.StatusText(status)),
					Proto:      "HTTP/1.1",
					ProtoMajor: 1,
					ProtoMinor: 1,
					Header: http.Header{
						"Content-Type":     {"application/x-amz-json-1.1"},
						"X-Amzn-Requestid": {requestID},
					},
					Body: http.NoBody,
				}},
				Err: err,
			},
		}
	}
	return &smithy.OperationError{ServiceID: "Kinesis", OperationName: op, Err: err}
}

// callCanceled is the caller's context ending while a call waited in the
// engine (a latency fault), as against before it began: the doors report
// the two as the real client does, differently.
type callCanceled struct{ err error }

func (e *callCanceled) Error() string { return e.err.Error() }
func (e *callCanceled) Unwrap() error { return e.err }
