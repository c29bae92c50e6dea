package wire

import (
	"bytes"
	"errors"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/schemas"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/eventstream"
)

// SubscribeToShard's response body: AWS's event-stream framing
// (smithy-go's eventstream encoder), one message for the initial-response,
// then one per event, each payload written by the SDK's own Serialize
// methods in the codec of the request.

// EventStreamContentType is the Content-Type of an event-stream response.
const EventStreamContentType = "application/vnd.amazon.eventstream"

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

// Events encodes the messages of one event stream. It reuses its buffers:
// what a method returns is valid until the next call. It is not safe for
// concurrent use.
type Events struct {
	codec Codec
	enc   *eventstream.Encoder
	buf   bytes.Buffer
}

// NewEvents returns an encoder of event-stream messages whose payloads are
// in codec's format.
func NewEvents(codec Codec) *Events {
	return &Events{codec: codec, enc: eventstream.NewEncoder()}
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

// InitialResponse encodes the initial-response message.
func (e *Events) InitialResponse() []byte {
	return e.message(initialResponseHeaders, nil)
}

// Event encodes a SubscribeToShardEvent message, with the headers in the
// order a real stream's frames have them (aws/aws-sdk-ruby#2779:
// :event-type, :content-type, :message-type) and :content-type the
// request's protocol (application/x-amz-json-1.1 in that dump, rather than
// the "application/json" of Smithy's specification).
func (e *Events) Event(ev *types.SubscribeToShardEvent) []byte {
	var msg eventstream.Message
	payload := e.codec.Writer()
	ev.Serialize(eventstream.NewShapeSerializer(&msg, payload))
	return e.message(eventstream.Headers{
		{Name: eventstream.EventTypeHeader, Value: eventstream.StringValue(schemas.SubscribeToShardEventStream_SubscribeToShardEvent.MemberName())},
		{Name: eventstream.ContentTypeHeader, Value: eventstream.StringValue(e.codec.ContentType())},
		{Name: eventstream.MessageTypeHeader, Value: eventstream.StringValue(eventstream.EventMessageType)},
	}, payload.Bytes())
}

// Exception encodes the error a stream ends with: a modeled exception of
// the stream as an exception message ({"message": ...} payload), anything
// else as an unmodeled error message with its code and text.
func (e *Events) Exception(err error) []byte {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return e.message(errorHeaders("InternalFailure", err.Error()), nil)
	}
	code := apiErr.ErrorCode()
	exc, modeled := apiErr.(smithy.Serializable)
	if !modeled || !streamExceptions[code] {
		return e.message(errorHeaders(code, apiErr.ErrorMessage()), nil)
	}
	payload := e.codec.Writer()
	exc.Serialize(payload)
	return e.message(eventstream.Headers{
		{Name: eventstream.ExceptionTypeHeader, Value: eventstream.StringValue(code)},
		{Name: eventstream.ContentTypeHeader, Value: eventstream.StringValue(e.codec.ContentType())},
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
func (e *Events) message(headers eventstream.Headers, payload []byte) []byte {
	e.buf.Reset()
	// Encoding into memory cannot fail.
	_ = e.enc.Encode(&e.buf, eventstream.Message{Headers: headers, Payload: payload})
	return e.buf.Bytes()
}
