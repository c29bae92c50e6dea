package kinesisfake

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
)

// fakeEndpoint is the BaseEndpoint of Options. The .invalid top-level
// domain never resolves (RFC 2606), so a client that keeps these options
// but swaps the HTTP client for a real one fails instead of reaching AWS.
const fakeEndpoint = "http://kinesisfake.invalid"

// Options returns options for a real *kinesis.Client that talks to this
// Fake in memory: the Fake's region, TestCredentials (the door checks for a
// signature, as AWS does), BaseEndpoint http://kinesisfake.invalid, and an HTTPClient whose
// Do serves each request through Handler without a socket or a goroutine.
//
//	client := kinesis.New(f.Options())
//
// Every request then takes the whole SDK path, serialization, the SDK's
// own validation, endpoint resolution, retries, deserialization, and
// arrives at the same engine as the Fake's direct methods. Retries are the
// SDK's default (standard retryer, 3 attempts with exponential back-off
// on real time): a throttled or 500 call is tried again, as against AWS.
// Set Retryer to aws.NopRetryer{} to see every error at once, or run the
// test inside testing/synctest so back-off takes no time.
func (f *Fake) Options() kinesis.Options {
	return kinesis.Options{
		Region:       f.region,
		Credentials:  testCredentials,
		BaseEndpoint: aws.String(fakeEndpoint),
		HTTPClient:   memoryClient{h: wireHandler{f: f}},
	}
}

// Client returns a *kinesis.Client served by this Fake in memory:
// kinesis.New(f.Options(), optFns...). Use it to test code against the
// real client, its middleware, retries and paginators included.
func (f *Fake) Client(optFns ...func(*kinesis.Options)) *kinesis.Client {
	return kinesis.New(f.Options(), optFns...)
}

// memoryClient is an HTTP client (the SDK's HTTPClient interface) that
// hands each request straight to the wire handler and returns its
// response: a whole body as bytes, an event stream as a body whose Read
// pulls the next message from the engine in the reading goroutine.
type memoryClient struct{ h wireHandler }

// Do serves req in memory. Like net/http's client, it fails a request whose
// context is done, before the call or while the Fake answers it (a latency
// fault waits on the caller's context), and closes the request body.
func (c memoryClient) Do(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	if req.Body == nil {
		req.Body = http.NoBody
	}
	defer req.Body.Close()
	resp := c.h.respond(req)
	if resp.cutOff {
		// The body's read failed as a socket's past its deadline: net/http's
		// client fails a request whose body it cannot read, and the wire
		// door would cut the request off; there is no response to return.
		return nil, fmt.Errorf("kinesisfake: reading the request body: %w", os.ErrDeadlineExceeded)
	}
	if err := req.Context().Err(); resp.canceled && err != nil {
		// The call's context ended while the Fake served it: net/http's
		// client returns the context's error, not the 500 the handler made
		// of it.
		return nil, err
	}
	header := make(http.Header)
	c.h.header(header, &resp, req)
	out := &http.Response{
		Status:     statusLine(resp.status),
		StatusCode: resp.status,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Header:     header,
		Request:    req,
	}
	if resp.events != nil {
		out.Body, out.ContentLength = &eventStreamBody{events: resp.events, ctx: req.Context()}, -1
		out.TransferEncoding = []string{"chunked"}
		return out, nil
	}
	body := new(memoryBody)
	body.Reset(resp.body)
	out.Body, out.ContentLength = body, int64(len(resp.body))
	return out, nil
}

// statusLine is a response's Status, as net/http's client sets it.
func statusLine(code int) string {
	if code == http.StatusOK {
		return "200 OK" // without building it, for most responses
	}
	return strconv.Itoa(code) + " " + http.StatusText(code)
}

// memoryBody is a whole response body in memory: one allocation where
// io.NopCloser(bytes.NewReader(b)) makes two.
type memoryBody struct{ bytes.Reader }

// Close does nothing: there is nothing to release.
func (*memoryBody) Close() error { return nil }

// eventStreamBody is the body of an event-stream response in memory. Read
// pulls the next message from the subscription in the caller's goroutine
// (the SDK's event-stream reader), waiting as the subscription waits; Close
// ends the subscription, as hanging up ends it on the wire.
type eventStreamBody struct {
	events  *eventFrames
	ctx     context.Context // the request's: cancelling it ends the stream
	pending []byte          // what is left of the current message
}

// Read reads the stream's messages, in order, until io.EOF after the last
// (or the request's context error, as net/http's body reports it).
func (b *eventStreamBody) Read(p []byte) (int, error) {
	for len(b.pending) == 0 {
		frame, err := b.events.next(b.ctx)
		if err != nil {
			return 0, err
		}
		b.pending = frame
	}
	n := copy(p, b.pending)
	b.pending = b.pending[n:]
	return n, nil
}

// Close ends the subscription; a Read blocked in it returns io.EOF. It may
// be called from any goroutine, more than once.
func (b *eventStreamBody) Close() error {
	b.events.sub.close()
	return nil
}
