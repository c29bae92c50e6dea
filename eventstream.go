package kinesisfake

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"

	"github.com/kinesisfake/kinesisfake/internal/wire"
)

// eventFrames turns a subscription into the messages of its response body,
// one at a time, for whichever door writes it: the HTTP handler, which
// writes and flushes each, or the in-memory transport, whose body's Read
// pulls them. The framing and the payloads are the wire package's, in the
// request's codec.
type eventFrames struct {
	sub    *subscription
	enc    *wire.Events
	opened bool // the initial-response has been produced
	ended  bool // the last message has been produced
}

// newEventFrames returns the frames of sub's stream, in codec.
func newEventFrames(sub *subscription, codec wire.Codec) *eventFrames {
	return &eventFrames{sub: sub, enc: wire.NewEvents(codec)}
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
			frame, err = e.enc.Exception(&types.InternalFailureException{Message: ptr(fmt.Sprintf("kinesisfake: panic serving SubscribeToShard: %v", p))}), nil
		}
	}()
	if !e.opened {
		e.opened = true
		return e.enc.InitialResponse(), nil
	}
	ev, err := e.sub.next(ctx)
	switch {
	case err == nil:
		return e.enc.Event(ev), nil
	case errors.Is(err, io.EOF), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		e.ended = true
		return nil, err
	}
	e.ended = true
	return e.enc.Exception(streamException(err)), nil
}

// streamException is the error a stream ends with as its event stream
// carries it: AWS's bare internal failure (ErrInternalFailure), which a
// call answers with a 500 InternalFailure, is the stream's modeled
// InternalFailureException there, with AWS's text.
func streamException(err error) error {
	var generic *smithy.GenericAPIError
	if errors.As(err, &generic) && generic.Code == "InternalFailure" && (generic.Message == "" || generic.Message == unknownErrorText) {
		return &types.InternalFailureException{Message: ptr(internalFailureText)}
	}
	return err
}
