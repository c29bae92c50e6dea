package kinesisfake

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/schemas"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/eventstream"
)

// SubscribeToShard's response body on the wire: AWS's event-stream framing
// (smithy-go's eventstream encoder), one message for the initial-response,
// then one per event, each with a JSON payload written by the SDK's own
// Serialize methods, as every other output is.

// eventStreamContentType is the Content-Type of an event-stream response.
const eventStreamContentType = "application/vnd.amazon.eventstream"

// streamExceptions are the exceptions the SubscribeToShard event stream
// carries as exception messages, read off the SDK's model of the stream
// (every member but the event itself). Other errors travel as unmodeled
// error messages.
var streamExceptions = func() map[string]bool {
	m := map[string]bool{}
	for _, member := range schemas.SubscribeToShardEventStream.Members() {
		if member != schemas.SubscribeToShardEventStream_SubscribeToShardEvent {
			m[member.MemberName()] = true
		}
	}
	return m
}()

// eventFrames turns a subscription into the messages of its response body,
// one at a time, for whichever door writes it: the HTTP handler, which
// writes and flushes each, or the in-memory transport, whose body's Read
// pulls them.
type eventFrames struct {
	sub    *subscription
	enc    *eventstream.Encoder
	buf    bytes.Buffer
	opened bool // the initial-response has been produced
	ended  bool // the last message has been produced
}

// newEventFrames returns the frames of sub's stream.
func newEventFrames(sub *subscription) *eventFrames {
	return &eventFrames{sub: sub, enc: eventstream.NewEncoder()}
}

// next returns the next message, encoded, waiting in the caller's goroutine
// until there is one: the initial-response first, then the events, and an
// exception as the last message if the stream ends with one. After the last
// message it returns io.EOF, or ctx's error if ctx ended the stream. The
// bytes are valid until the next call.
func (e *eventFrames) next(ctx context.Context) (frame []byte, err error) {
	if e.ended {
		return nil, io.EOF
	}
	defer func() {
		if p := recover(); p != nil {
			// A failure of the fake itself ends the stream as AWS ends one on
			// an internal failure, rather than the reader's process.
			e.ended = true
			e.sub.close()
			frame, err = e.exception(&types.InternalFailureException{Message: ptr(fmt.Sprintf("kinesisfake: panic serving SubscribeToShard: %v", p))}), nil
		}
	}()
	if !e.opened {
		e.opened = true
		return e.message(initialResponseHeaders, nil), nil
	}
	ev, err := e.sub.next(ctx)
	switch {
	case err == nil:
		return e.event(ev), nil
	case errors.Is(err, io.EOF), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		e.ended = true
		return nil, err
	}
	e.ended = true
	return e.exception(err), nil
}

// initialResponseHeaders are the headers of the first message of every
// event stream of an RPC protocol such as JSON 1.1: the operation's output,
// which the SDKs wait for before any event. SubscribeToShard's output has
// no members, so its payload is empty: every SDK reads an empty payload as
// an empty output (the Java SDK's own tests build it so). AWS's exact bytes
// were never recorded.
var initialResponseHeaders = eventstream.Headers{
	{Name: eventstream.MessageTypeHeader, Value: eventstream.StringValue(eventstream.EventMessageType)},
	{Name: eventstream.EventTypeHeader, Value: eventstream.StringValue("initial-response")},
}

// eventContentType is the :content-type of SubscribeToShard's JSON
// messages: AWS's, as a frame dump of a real event stream shows it
// (aws/aws-sdk-ruby#2779), rather than the "application/json" Smithy's
// specification suggests.
const eventContentType = amzJSON

// event encodes a SubscribeToShardEvent message, with the headers in the
// order the recorded frames have them.
func (e *eventFrames) event(ev *types.SubscribeToShardEvent) []byte {
	var msg eventstream.Message
	payload := &jsonWriter{}
	ev.Serialize(eventstream.NewShapeSerializer(&msg, payload))
	return e.message(eventstream.Headers{
		{Name: eventstream.EventTypeHeader, Value: eventstream.StringValue(schemas.SubscribeToShardEventStream_SubscribeToShardEvent.MemberName())},
		{Name: eventstream.ContentTypeHeader, Value: eventstream.StringValue(eventContentType)},
		{Name: eventstream.MessageTypeHeader, Value: eventstream.StringValue(eventstream.EventMessageType)},
	}, payload.Bytes())
}

// exception encodes the error a stream ends with: a modeled exception of
// the stream as an exception message ({"message": ...} payload), AWS's bare
// internal failure as the stream's InternalFailureException, anything else
// as an unmodeled error message with its code and text.
func (e *eventFrames) exception(err error) []byte {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return e.message(errorHeaders("InternalFailure", err.Error()), nil)
	}
	code := apiErr.ErrorCode()
	if code == "InternalFailure" {
		apiErr, code = &types.InternalFailureException{Message: ptr(internalFailureText)}, "InternalFailureException"
	}
	exc, modeled := apiErr.(smithy.Serializable)
	if !modeled || !streamExceptions[code] {
		return e.message(errorHeaders(code, apiErr.ErrorMessage()), nil)
	}
	payload := &jsonWriter{}
	exc.Serialize(payload)
	return e.message(eventstream.Headers{
		{Name: eventstream.ExceptionTypeHeader, Value: eventstream.StringValue(code)},
		{Name: eventstream.ContentTypeHeader, Value: eventstream.StringValue(eventContentType)},
		{Name: eventstream.MessageTypeHeader, Value: eventstream.StringValue(eventstream.ExceptionMessageType)},
	}, payload.Bytes())
}

// errorHeaders are the headers of an unmodeled error message.
func errorHeaders(code, msg string) eventstream.Headers {
	return eventstream.Headers{
		{Name: eventstream.MessageTypeHeader, Value: eventstream.StringValue(eventstream.ErrorMessageType)},
		{Name: eventstream.ErrorCodeHeader, Value: eventstream.StringValue(code)},
		{Name: eventstream.ErrorMessageHeader, Value: eventstream.StringValue(msg)},
	}
}

// message frames one message into the reused buffer.
func (e *eventFrames) message(headers eventstream.Headers, payload []byte) []byte {
	e.buf.Reset()
	// Encoding into memory cannot fail.
	_ = e.enc.Encode(&e.buf, eventstream.Message{Headers: headers, Payload: payload})
	return e.buf.Bytes()
}
