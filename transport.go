package kinesisfake

import (
	"bytes"
	"io"
	"net/http"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
)

// fakeEndpoint is the BaseEndpoint of Options. The .invalid top-level
// domain never resolves (RFC 2606), so a client that keeps these options
// but swaps the HTTP client for a real one fails instead of reaching AWS.
const fakeEndpoint = "http://kinesisfake.invalid"

// Options returns options for a real *kinesis.Client that talks to this
// Fake in memory: the Fake's region, anonymous credentials (nothing is
// signed), BaseEndpoint http://kinesisfake.invalid, and an HTTPClient whose
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
		Credentials:  aws.AnonymousCredentials{},
		BaseEndpoint: aws.String(fakeEndpoint),
		HTTPClient:   memoryClient{h: f.Handler()},
	}
}

// Client returns a *kinesis.Client served by this Fake in memory:
// kinesis.New(f.Options(), optFns...). Use it to test code against the
// real client, its middleware, retries and paginators included.
func (f *Fake) Client(optFns ...func(*kinesis.Options)) *kinesis.Client {
	return kinesis.New(f.Options(), optFns...)
}

// memoryClient is an HTTP client (the SDK's HTTPClient interface) that
// hands each request straight to a handler and returns what it wrote.
type memoryClient struct{ h http.Handler }

// Do serves req in memory. Like net/http's client, it fails a request whose
// context is done and closes the request body.
func (c memoryClient) Do(req *http.Request) (*http.Response, error) {
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	if req.Body == nil {
		req.Body = http.NoBody
	}
	defer req.Body.Close()
	w := &memoryResponse{header: make(http.Header)}
	c.h.ServeHTTP(w, req)
	return w.result(req), nil
}

// memoryResponse is the http.ResponseWriter of memoryClient: it keeps the
// status, headers and body for the http.Response.
type memoryResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

// Header returns the response headers.
func (w *memoryResponse) Header() http.Header { return w.header }

// WriteHeader sets the status; as in net/http, only the first call counts.
func (w *memoryResponse) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

// Write appends to the body, sending 200 OK first if no status was set.
func (w *memoryResponse) Write(p []byte) (int, error) {
	w.WriteHeader(http.StatusOK)
	return w.body.Write(p)
}

// result is the response as an HTTP client returns it.
func (w *memoryResponse) result(req *http.Request) *http.Response {
	w.WriteHeader(http.StatusOK)
	if w.header.Get("Content-Length") == "" {
		w.header.Set("Content-Length", strconv.Itoa(w.body.Len()))
	}
	return &http.Response{
		Status:        strconv.Itoa(w.status) + " " + http.StatusText(w.status),
		StatusCode:    w.status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        w.header,
		Body:          io.NopCloser(bytes.NewReader(w.body.Bytes())),
		ContentLength: int64(w.body.Len()),
		Request:       req,
	}
}
