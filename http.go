package kinesisfake

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"

	"github.com/kinesisfake/kinesisfake/internal/wire"
)

// The HTTP door: the Kinesis Data Streams API as AWS serves it (POST /,
// X-Amz-Target: Kinesis_20131202.<Operation>), in the JSON 1.1 or the CBOR
// 1.1 protocol as the Content-Type asks (internal/wire). It is a thin
// adapter: it decodes the request into the SDK's input struct, runs it
// through invoke like the direct methods (with server-side required checks,
// since no client validated it), and encodes the output or the error as AWS
// does. The SDK transport of Options goes through here too.

// Wire constants of Kinesis's protocols.
const (
	targetPrefix = "Kinesis_20131202"

	// maxRequestBytes is the largest body the door reads; beyond it answers
	// 413. It is a PutRecord of the largest record a stream may take (10
	// MiB, UpdateMaxRecordSize) in JSON, whose base64 makes it a third
	// larger, with 1 MiB to spare, so that every record the engine accepts
	// travels through every door. (AWS refused bodies over 7 MiB when
	// records were at most 1 MiB; its limit since is not recorded.)
	maxRequestBytes = maxRecordSizeLimitKiB<<10*4/3 + 1<<20

	// eventWriteTimeout is how long a SubscribeToShard reader on the wire
	// has to take one event before the stream is cut off.
	eventWriteTimeout = 60 * time.Second
)

// Handler returns an http.Handler serving this Fake as the Kinesis Data
// Streams endpoint: any AWS SDK, the AWS CLI or plain HTTP can use it.
//
//	srv := httptest.NewServer(f.Handler())
//	defer srv.Close()
//	// aws --endpoint-url srv.URL kinesis list-streams
//
// It speaks JSON 1.1 (application/x-amz-json-1.1: the AWS CLI, boto3, the
// Go SDK) and CBOR 1.1 (application/x-amz-cbor-1.1: the Java SDK's and the
// KCL's default), answering in the protocol of the request, SubscribeToShard
// with an event stream. Requests must be signed (any credentials), and with
// WithSignatureVerification their signatures are verified; CORS preflights
// are answered as AWS answers them. Every response carries x-amzn-RequestId
// and x-amz-id-2. Errors are AWS's: the exception's code as __type and its
// text as message, with status 400 (500 for server faults); a body that
// does not parse, or a member of the wrong type, is a
// SerializationException; an unknown X-Amz-Target an
// UnknownOperationException. A failure of the fake itself (a panic, or a
// Fault.Err that is no AWS error) is 500 InternalFailure. A request whose
// body misses the server's read deadline gets no answer: the handler
// panics with http.ErrAbortHandler, and net/http's server closes the
// connection (HTTP/1.1) or resets the stream (HTTP/2).
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
	preflight   bool         // the answer to a browser's CORS preflight
	// canceled marks the answer to a call that the caller's context
	// ended while the Fake served it: a client that owns that context
	// never reads the answer, it gets the context's error instead.
	canceled bool
	// cutOff marks a request the server stopped reading at its read
	// timeout: it gets no answer, its connection (HTTP/1.1) or stream
	// (HTTP/2) is closed.
	cutOff bool
}

// header fills in the response headers of resp to r: AWS's request ids
// (x-amzn-RequestId always, x-amz-id-2 on all but a preflight), the CORS
// headers AWS gives a request with an Origin, the content's type and
// length.
func (h wireHandler) header(hdr http.Header, resp *wireResponse, r *http.Request) {
	if resp.requestID == "" {
		resp.requestID = h.f.nextRequestID()
	}
	// Canonical keys set directly: Set would canonicalize them every call.
	hdr["X-Amzn-Requestid"] = []string{resp.requestID}
	if !resp.preflight {
		hdr["X-Amz-Id-2"] = []string{extendedRequestID(resp.requestID)}
	}
	if r.Header.Get("Origin") != "" {
		corsHeaders(hdr, r, resp.preflight)
	}
	if resp.contentType != "" {
		hdr["Content-Type"] = []string{resp.contentType}
	} else {
		hdr["Content-Type"] = nil // as AWS: none, and no sniffing by net/http
	}
	if resp.events == nil {
		hdr["Content-Length"] = []string{strconv.Itoa(len(resp.body))}
	}
}

// ServeHTTP answers one request.
func (h wireHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	resp := h.respond(r)
	if resp.cutOff {
		panic(http.ErrAbortHandler) // net/http closes quietly
	}
	h.header(w.Header(), &resp, r)
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
	// The stream lives up to 5 minutes, past any server's read and write
	// timeouts for whole requests: each write gets a deadline of its own
	// instead, so a reader that stops reading is cut off all the same.
	_ = rc.SetReadDeadline(time.Time{})
	for {
		frame, err := events.next(r.Context())
		if err != nil {
			return
		}
		_ = rc.SetWriteDeadline(time.Now().Add(eventWriteTimeout))
		if _, err := w.Write(frame); err != nil {
			return
		}
		if err := rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return
		}
	}
}

// respond works out the response to r, checking the request in the order
// AWS's front end does (kinesalite's connection tests, run against
// production): the method, then the body's presence, the content type, the
// body's form and the target, then the signature, then the members.
func (h wireHandler) respond(r *http.Request) (resp wireResponse) {
	contentType := mediaType(r.Header.Get("Content-Type"))
	codec := wire.ForContentType(contentType)
	defer func() {
		if p := recover(); p != nil {
			if codec == nil {
				codec = wire.JSON
			}
			resp = codecError(codec, http.StatusInternalServerError, "InternalFailure", "message",
				fmt.Sprintf("kinesisfake: panic serving %s: %v", r.Header.Get("X-Amz-Target"), p))
		}
	}()
	if r.Method == http.MethodOptions && r.Header.Get("Origin") != "" {
		return wireResponse{status: http.StatusOK, preflight: true}
	}
	if r.Method != http.MethodPost {
		return accessDenied()
	}
	if r.ContentLength > maxRequestBytes {
		return wireResponse{status: http.StatusRequestEntityTooLarge} // refused unread
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBytes+1))
	if errors.Is(err, os.ErrDeadlineExceeded) {
		// The body did not arrive within the server's read timeout: the
		// client is cut off, as one that stalls in its headers is, rather
		// than told that its body does not parse.
		return wireResponse{cutOff: true}
	}
	if err != nil {
		return codecError(wire.JSON, http.StatusBadRequest, "SerializationException", "Message", "")
	}
	if len(body) > maxRequestBytes {
		return wireResponse{status: http.StatusRequestEntityTooLarge}
	}

	target := r.Header.Get("X-Amz-Target")
	if target == "" {
		target = r.URL.Query().Get("X-Amz-Target") // a presigned request carries it so
	}
	service, name, _ := strings.Cut(target, ".")
	op, known := operations[name]
	known = known && service == targetPrefix
	coral := contentType == coralJSON
	switch {
	case len(body) == 0:
		// Whatever the content type, in JSON for JSON 1.1 and in CBOR for
		// anything else.
		c := wire.CBOR
		if codec == wire.JSON {
			c = wire.JSON
		}
		if known {
			return codecError(c, http.StatusBadRequest, "SerializationException", "Message", "")
		}
		return codecError(c, http.StatusBadRequest, "UnknownOperationException", "message", "")
	case codec == nil && !coral && (service == "" || name == ""):
		return accessDenied()
	case codec == nil && !coral:
		return xmlError(http.StatusNotFound, "UnknownOperationException", "")
	case coral && !wire.Wellformed(wire.JSON, body):
		return coralError(http.StatusBadRequest, "SerializationException")
	case coral:
		return coralError(http.StatusNotFound, "UnknownOperationException")
	}
	parsed, ok := codec.Parse(body)
	switch {
	case !ok:
		return codecError(codec, http.StatusBadRequest, "SerializationException", "Message", "")
	case !known:
		return codecError(codec, http.StatusBadRequest, "UnknownOperationException", "message", "")
	}
	if fail := h.f.checkSignature(r, body); fail != nil {
		return codecError(codec, http.StatusBadRequest, fail.Code, "message", fail.Message)
	}
	res := op.wire.serve(r.Context(), h.f, name, parsed)
	switch {
	case res.err != nil:
		resp = wireError(codec, res.err)
	case res.events != nil:
		resp = wireResponse{status: http.StatusOK, contentType: wire.EventStreamContentType, events: newEventFrames(res.events, codec)}
	default:
		resp = wireResponse{status: http.StatusOK, contentType: codec.ContentType(), body: codec.Encode(res.out)}
	}
	resp.requestID = res.requestID
	return resp
}

// wireError encodes the error of an operation as AWS does, in codec.
func wireError(codec wire.Codec, err error) wireResponse {
	var ser *wire.SerializationError
	var apiErr smithy.APIError
	switch {
	case errors.As(err, &ser):
		return codecError(codec, http.StatusBadRequest, "SerializationException", "Message", ser.Msg)
	case errors.As(err, &apiErr):
		msg := apiErr.ErrorMessage()
		var generic *smithy.GenericAPIError
		if errors.As(err, &generic) && msg == unknownErrorText {
			msg = "" // the SDK's stand-in for a response without a message
		}
		return codecError(codec, httpStatusOf(apiErr), apiErr.ErrorCode(), "message", msg)
	}
	// Not an AWS error: the engine turns every other error into one
	// (faultError), except a context that ended while the call waited (a
	// latency fault). Its answer goes nowhere: the client whose context it
	// was has stopped listening.
	resp := codecError(codec, http.StatusInternalServerError, "InternalFailure", "message", err.Error())
	resp.canceled = errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
	return resp
}

// codecError is an error response in codec. AWS writes modeled exceptions'
// text as "message" and its framework's own (SerializationException) as
// "Message"; an empty text is left out, as AWS does.
func codecError(codec wire.Codec, status int, code, messageKey, msg string) wireResponse {
	return wireResponse{status: status, contentType: codec.ContentType(), body: codec.Error(code, messageKey, msg)}
}

// accessDenied is the front end's answer to a request it cannot tell the
// operation of: another method than POST, or an unknown content type and
// no target.
func accessDenied() wireResponse {
	return xmlError(http.StatusForbidden, "AccessDeniedException", "Unable to determine service/operation name to be authorized")
}

// coralJSON is the plain JSON content type, which AWS's front end (Coral)
// answers in its own envelope rather than as Kinesis.
const coralJSON = "application/json"

// coralError is the front end's error in its own JSON envelope, its answer
// to application/json requests.
func coralError(status int, code string) wireResponse {
	return wireResponse{status: status, contentType: coralJSON,
		body: []byte(`{"Output":{"__type":"com.amazon.coral.service#` + code + `"},"Version":"1.0"}`)}
}

// mediaType is a Content-Type header's media type, read as leniently as
// AWS reads it: what precedes the first ';', without surrounding spaces.
func mediaType(header string) string {
	mt, _, _ := strings.Cut(header, ";")
	return strings.TrimSpace(mt)
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
	input reflect.Type                                                             // the *kinesis.XxxInput it decodes into
	serve func(ctx context.Context, f *Fake, op string, body wire.Body) wireResult // decode body, run the operation
}

// wireResult is the outcome of a wireOp.
type wireResult struct {
	out       smithy.Serializable // the operation's output, on success
	events    *subscription       // SubscribeToShard's event stream, on success
	err       error               // the engine's (or the decoder's) error, unwrapped
	requestID string              // the id of the error in the call log; "" if none
}

// wireOpOf makes the wireOp of an engine method: decode, invoke (the one path
// every door shares), then finish, which logs the call exactly as the
// direct door does, with the error the real client would return.
func wireOpOf[I, O any](run func(*Fake, *I) (*O, error)) wireOp {
	return wireCall(run, func(out *O) wireResult { return wireResult{out: any(out).(smithy.Serializable)} })
}

// wireStreamOf is wireOpOf for an operation whose output is an event stream.
func wireStreamOf[I any](run func(*Fake, *I) (*subscription, error)) wireOp {
	return wireCall(run, func(sub *subscription) wireResult { return wireResult{events: sub} })
}

// wireCall is the wireOp of run, whose output ok turns into the result.
func wireCall[I, O any](run func(*Fake, *I) (*O, error), ok func(*O) wireResult) wireOp {
	return wireOp{
		input: reflect.TypeFor[*I](),
		serve: func(ctx context.Context, f *Fake, op string, body wire.Body) wireResult {
			in := new(I)
			if err := body.Decode(in); err != nil {
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
