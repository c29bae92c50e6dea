package kinesisfake

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
)

// The HTTP door: the Kinesis Data Streams API as AWS serves it, the
// JSON 1.1 protocol (POST /, X-Amz-Target: Kinesis_20131202.<Operation>,
// Content-Type: application/x-amz-json-1.1, the input as a JSON object).
// It is a thin adapter: it decodes the request into the SDK's input struct,
// runs it through invoke like the direct methods (with server-side
// required checks, since no client validated it), and encodes the output or
// the error as AWS does. The SDK transport of Options goes through here too.

// Wire constants of Kinesis's JSON 1.1 protocol.
const (
	amzJSON      = "application/x-amz-json-1.1"
	amzCBOR      = "application/x-amz-cbor-1.1"
	targetPrefix = "Kinesis_20131202"

	// maxRequestBytes is the largest body AWS reads; beyond it answers 413.
	maxRequestBytes = 7 << 20
)

// Handler returns an http.Handler serving this Fake as the Kinesis Data
// Streams endpoint: any AWS SDK, the AWS CLI or plain HTTP can use it.
//
//	srv := httptest.NewServer(f.Handler())
//	defer srv.Close()
//	// aws --endpoint-url srv.URL kinesis list-streams
//
// Requests are neither authenticated nor checked for signatures. Every
// response carries an x-amzn-RequestId. Errors are AWS's: the exception's
// code as __type and its text as message, with status 400 (500 for server
// faults); a body that is not JSON, or a member of the wrong JSON type, is a
// SerializationException; an unknown X-Amz-Target an
// UnknownOperationException. A failure of the fake itself (a panic, or a
// Fault.Err that is no AWS error) is 500 InternalFailure.
func (f *Fake) Handler() http.Handler { return wireHandler{f: f} }

// wireHandler is the handler Handler returns.
type wireHandler struct{ f *Fake }

// wireResponse is a response as the doors write it: either whole, built
// before anything is written so that a panic half-way still gets a clean
// 500, or (SubscribeToShard) a status and headers followed by the frames of
// an event stream, produced as its reader pulls them.
type wireResponse struct {
	status      int
	contentType string
	body        []byte
	requestID   string
	events      *eventFrames // the body of an event stream, instead of body
}

// header fills in the response headers of resp.
func (h wireHandler) header(hdr http.Header, resp *wireResponse) {
	if resp.requestID == "" {
		resp.requestID = h.f.nextRequestID()
	}
	hdr.Set("x-amzn-RequestId", resp.requestID)
	if resp.contentType != "" {
		hdr.Set("Content-Type", resp.contentType)
	} else {
		hdr["Content-Type"] = nil // as AWS: none, and no sniffing by net/http
	}
	if resp.events == nil {
		hdr.Set("Content-Length", strconv.Itoa(len(resp.body)))
	}
}

// ServeHTTP answers one request.
func (h wireHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	resp := h.respond(r)
	h.header(w.Header(), &resp)
	w.WriteHeader(resp.status)
	if resp.events != nil {
		streamEvents(w, r, resp.events)
		return
	}
	_, _ = w.Write(resp.body)
}

// streamEvents writes an event stream's messages as the subscription
// produces them, flushing each (HTTP/1.1 chunks, or HTTP/2 data frames), in
// the handler's own goroutine, until the stream ends or the client goes
// away.
func streamEvents(w http.ResponseWriter, r *http.Request, events *eventFrames) {
	defer events.sub.close()
	rc := http.NewResponseController(w)
	for {
		frame, err := events.next(r.Context())
		if err != nil {
			return
		}
		if _, err := w.Write(frame); err != nil {
			return
		}
		if err := rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return
		}
	}
}

// respond works out the response to r, checking the request in the order
// AWS does: method, content type, body, target, members.
func (h wireHandler) respond(r *http.Request) (resp wireResponse) {
	defer func() {
		if p := recover(); p != nil {
			resp = jsonError(http.StatusInternalServerError, "InternalFailure", "message",
				fmt.Sprintf("kinesisfake: panic serving %s: %v", r.Header.Get("X-Amz-Target"), p))
		}
	}()
	if r.Method != http.MethodPost {
		return xmlError(http.StatusForbidden, "AccessDeniedException", "Unable to determine service/operation name to be authorized")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBytes+1))
	if err != nil {
		return jsonError(http.StatusBadRequest, "SerializationException", "Message", "")
	}
	if len(body) > maxRequestBytes {
		return wireResponse{status: http.StatusRequestEntityTooLarge}
	}

	target := r.Header.Get("X-Amz-Target")
	service, name, _ := strings.Cut(target, ".")
	op, known := wireOps[name]
	known = known && service == targetPrefix
	contentType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case contentType == amzCBOR:
		// AWS accepts CBOR (the Java SDK's default for Kinesis); kinesisfake
		// does not, and says so rather than answering in a format the
		// client cannot read.
		return jsonError(http.StatusNotImplemented, notSupportedCode, "message",
			"kinesisfake: the CBOR protocol ("+amzCBOR+") is not supported; send "+amzJSON+" (Java SDK and KCL: set AWS_CBOR_DISABLE=true)")
	case contentType != amzJSON && (service == "" || name == ""):
		return xmlError(http.StatusForbidden, "AccessDeniedException", "Unable to determine service/operation name to be authorized")
	case contentType != amzJSON:
		return xmlError(http.StatusNotFound, "UnknownOperationException", "")
	case len(body) == 0 && known, len(body) != 0 && !json.Valid(body):
		return jsonError(http.StatusBadRequest, "SerializationException", "Message", "")
	case !known:
		return jsonError(http.StatusBadRequest, "UnknownOperationException", "message", "")
	}
	res := op.serve(r.Context(), h.f, name, body)
	switch {
	case res.err != nil:
		resp = wireError(res.err)
	case res.events != nil:
		resp = wireResponse{status: http.StatusOK, contentType: eventStreamContentType, events: newEventFrames(res.events)}
	default:
		resp = wireResponse{status: http.StatusOK, contentType: amzJSON, body: encodeJSON(res.out)}
	}
	resp.requestID = res.requestID
	return resp
}

// notSupportedCode is the error code of what kinesisfake does not support
// (CBOR): a code no AWS service uses, so no client
// mistakes it for an AWS error.
const notSupportedCode = "KinesisfakeNotSupported"

// wireError encodes the error of an operation as AWS does.
func wireError(err error) wireResponse {
	var ser *serializationError
	var apiErr smithy.APIError
	switch {
	case errors.As(err, &ser):
		return jsonError(http.StatusBadRequest, "SerializationException", "Message", ser.msg)
	case errors.As(err, &apiErr):
		msg := apiErr.ErrorMessage()
		var generic *smithy.GenericAPIError
		if errors.As(err, &generic) && msg == unknownErrorText {
			msg = "" // the SDK's stand-in for a response without a message
		}
		return jsonError(httpStatusOf(apiErr), apiErr.ErrorCode(), "message", msg)
	}
	// Not an AWS error: an error a Fault injected, or a cancelled context.
	return jsonError(http.StatusInternalServerError, "InternalFailure", "message", err.Error())
}

// jsonError is a JSON 1.1 error response. AWS writes modeled exceptions'
// text as "message" and its framework's own (SerializationException) as
// "Message"; an empty text is left out, as AWS does.
func jsonError(status int, code, messageKey, msg string) wireResponse {
	body := `{"__type":` + string(appendJSONString(nil, code))
	if msg != "" {
		body += `,"` + messageKey + `":` + string(appendJSONString(nil, msg))
	}
	return wireResponse{status: status, contentType: amzJSON, body: []byte(body + "}")}
}

// xmlError is the XML error AWS's front door answers with before it knows
// the request is JSON 1.1 (wrong method or content type).
func xmlError(status int, code, msg string) wireResponse {
	body := "<" + code + "/>\n"
	if msg != "" {
		body = "<" + code + ">\n  <Message>" + msg + "</Message>\n</" + code + ">\n"
	}
	return wireResponse{status: status, body: []byte(body)}
}

// wireOp is one operation of the wire door.
type wireOp struct {
	input reflect.Type                                                          // the *kinesis.XxxInput it decodes into
	serve func(ctx context.Context, f *Fake, op string, body []byte) wireResult // decode body, run the operation
}

// wireResult is the outcome of a wireOp.
type wireResult struct {
	out       smithy.Serializable // the operation's output, on success
	events    *subscription       // SubscribeToShard's event stream, on success
	err       error               // the engine's (or the decoder's) error, unwrapped
	requestID string              // the id of the error in the call log; "" if none
}

// wire makes the wireOp of an engine method: decode, invoke (the one path
// every door shares), then finish, which logs the call exactly as the
// direct door does, with the error the real client would return.
func wire[I, O any](run func(*Fake, *I) (*O, error)) wireOp {
	return wireCall(run, func(out *O) wireResult { return wireResult{out: any(out).(smithy.Serializable)} })
}

// wireStream is wire for an operation whose output is an event stream.
func wireStream[I any](run func(*Fake, *I) (*subscription, error)) wireOp {
	return wireCall(run, func(sub *subscription) wireResult { return wireResult{events: sub} })
}

// wireCall is the wireOp of run, whose output ok turns into the result.
func wireCall[I, O any](run func(*Fake, *I) (*O, error), ok func(*O) wireResult) wireOp {
	return wireOp{
		input: reflect.TypeFor[*I](),
		serve: func(ctx context.Context, f *Fake, op string, body []byte) wireResult {
			in := new(I)
			if err := decodeJSON(body, in); err != nil {
				return wireResult{err: err} // no operation ran: not logged
			}
			arrived := f.now()
			out, err := invoke(ctx, f, wireDoor, op, in, run)
			_, logged := finish(f, op, in, arrived, out, err)
			if err != nil {
				res := wireResult{err: err}
				var resp *awshttp.ResponseError
				if errors.As(logged, &resp) {
					res.requestID = resp.RequestID
				}
				return res
			}
			return ok(out)
		},
	}
}

// wireOps are the operations the wire door serves, by name: every method of
// KinesisAPI but Options (a test keeps it so).
var wireOps = map[string]wireOp{
	"AddTagsToStream":                        wire((*Fake).addTagsToStream),
	"CreateChannel":                          wire((*Fake).createChannel),
	"CreateStream":                           wire((*Fake).createStream),
	"DecreaseStreamRetentionPeriod":          wire((*Fake).decreaseStreamRetentionPeriod),
	"DeleteChannel":                          wire((*Fake).deleteChannel),
	"DeleteResourcePolicy":                   wire((*Fake).deleteResourcePolicy),
	"DeleteStream":                           wire((*Fake).deleteStream),
	"DeregisterStreamConsumer":               wire((*Fake).deregisterStreamConsumer),
	"DescribeAccountSettings":                wire((*Fake).describeAccountSettings),
	"DescribeChannel":                        wire((*Fake).describeChannel),
	"DescribeLimits":                         wire((*Fake).describeLimits),
	"DescribeStream":                         wire((*Fake).describeStream),
	"DescribeStreamConsumer":                 wire((*Fake).describeStreamConsumer),
	"DescribeStreamSummary":                  wire((*Fake).describeStreamSummary),
	"DisableEnhancedMonitoring":              wire((*Fake).disableEnhancedMonitoring),
	"EnableEnhancedMonitoring":               wire((*Fake).enableEnhancedMonitoring),
	"GetRecords":                             wire((*Fake).getRecords),
	"GetResourcePolicy":                      wire((*Fake).getResourcePolicy),
	"GetShardIterator":                       wire((*Fake).getShardIterator),
	"IncreaseStreamRetentionPeriod":          wire((*Fake).increaseStreamRetentionPeriod),
	"ListChannels":                           wire((*Fake).listChannels),
	"ListShards":                             wire((*Fake).listShards),
	"ListStreamConsumers":                    wire((*Fake).listStreamConsumers),
	"ListStreams":                            wire((*Fake).listStreams),
	"ListTagsForResource":                    wire((*Fake).listTagsForResource),
	"ListTagsForStream":                      wire((*Fake).listTagsForStream),
	"MergeShards":                            wire((*Fake).mergeShards),
	"PutRecord":                              wire((*Fake).putRecord),
	"PutRecords":                             wire((*Fake).putRecords),
	"PutResourcePolicy":                      wire((*Fake).putResourcePolicy),
	"RegisterStreamConsumer":                 wire((*Fake).registerStreamConsumer),
	"RemoveTagsFromStream":                   wire((*Fake).removeTagsFromStream),
	"SplitShard":                             wire((*Fake).splitShard),
	"StartStreamEncryption":                  wire((*Fake).startStreamEncryption),
	"StopStreamEncryption":                   wire((*Fake).stopStreamEncryption),
	"SubscribeToShard":                       wireStream((*Fake).subscribeToShard),
	"TagResource":                            wire((*Fake).tagResource),
	"UntagResource":                          wire((*Fake).untagResource),
	"UpdateAccountSettings":                  wire((*Fake).updateAccountSettings),
	"UpdateChannel":                          wire((*Fake).updateChannel),
	"UpdateMaxRecordSize":                    wire((*Fake).updateMaxRecordSize),
	"UpdateShardCount":                       wire((*Fake).updateShardCount),
	"UpdateStreamMode":                       wire((*Fake).updateStreamMode),
	"UpdateStreamRecordDistributionStrategy": wire((*Fake).updateStreamRecordDistributionStrategy),
	"UpdateStreamWarmThroughput":             wire((*Fake).updateStreamWarmThroughput),
}
