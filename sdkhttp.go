package kinesisfake

import (
	"io"
	"net/http"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
)

// SDKHTTPClient returns an HTTP client for an aws-sdk-go-v2 client of a
// kinesisfake server (cmd/kinesisfake-server, or Handler on a listener):
// hc, or the SDK's default client if hc is nil, with a fix for a race in
// the SDK that a fast server exposes.
//
//	client := kinesis.New(kinesis.Options{
//		Region:       "us-east-1",
//		BaseEndpoint: aws.String("http://127.0.0.1:4566"),
//		Credentials:  aws.NewCredentialsCache(myCredentials), // any will do, unless -verify-sigv4
//		HTTPClient:   kinesisfake.SDKHTTPClient(nil),
//	})
//
// The race: smithy-go (v1.28) closes a request's body as soon as the
// response arrives, and after Close the body's WriteTo returns io.EOF
// instead of nothing. net/http's transport, which reads the body once more
// after sending it, takes that for a failed write and closes the
// connection, while the SDK is still reading the response from it: the
// call fails with "deserialization failed, ... use of closed network
// connection" although the server answered 200. It needs a server that
// answers within microseconds of the request, as kinesisfake does, and
// hits a few calls in a thousand with responses over 4 KiB
// (GetRecords). The fix hides the body's WriteTo, so the transport reads
// the closed body as ended. f.Client() does not need it: it has no
// socket.
func SDKHTTPClient(hc kinesis.HTTPClient) kinesis.HTTPClient {
	if hc == nil {
		hc = awshttp.NewBuildableClient()
	}
	return bodyFixClient{hc}
}

// bodyFixClient is the client SDKHTTPClient returns.
type bodyFixClient struct{ hc kinesis.HTTPClient }

// Do sends req with its body wrapped in readOnlyBody.
func (c bodyFixClient) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.Body != http.NoBody {
		req.Body = readOnlyBody{req.Body}
	}
	return c.hc.Do(req)
}

// readOnlyBody is a request body with only Read and Close: no WriteTo for
// io.Copy to prefer.
type readOnlyBody struct{ io.ReadCloser }
