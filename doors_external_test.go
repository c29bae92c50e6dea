package kinesisfake_test

import (
	"context"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/kinesisfake/kinesisfake"
	"github.com/kinesisfake/kinesisfake/internal/wire"
)

// The doors of the external tests, mirroring harness_test.go's testDoors
// with the exported API alone: the Fake's own methods, f.Client() in
// memory, and Handler() served on a loopback listener to a real client
// speaking JSON or CBOR. A behaviour test calls its operations through the
// door's KinesisAPI and runs under forDoors, so the doors cannot drift.
// Every client door has retries off: one API call is one engine call, as
// on the direct door, so faults and limits count the same.

// testDoor is one way into a Fake.
type testDoor struct {
	name string
	// open returns the API a test calls for f. Anything it starts is
	// stopped when t ends.
	open func(t testing.TB, f *kinesisfake.Fake) kinesisfake.KinesisAPI
}

// noRetries is the client option that makes the real client return the
// first error, as the direct door does.
func noRetries(o *kinesis.Options) { o.Retryer = aws.NopRetryer{} }

// testDoors are every door, in the order the tests report them.
var testDoors = []testDoor{
	{name: "direct", open: func(_ testing.TB, f *kinesisfake.Fake) kinesisfake.KinesisAPI { return f }},
	{name: "client", open: func(_ testing.TB, f *kinesisfake.Fake) kinesisfake.KinesisAPI { return f.Client(noRetries) }},
	{name: "http", open: func(t testing.TB, f *kinesisfake.Fake) kinesisfake.KinesisAPI {
		return serverClient(t, f, nil)
	}},
	{name: "cbor", open: func(t testing.TB, f *kinesisfake.Fake) kinesisfake.KinesisAPI {
		return serverClient(t, f, wire.CBORClientProtocol("Kinesis_20131202"))
	}},
}

// inMemoryDoors name the doors without a socket (direct and client), for
// tests inside a testing/synctest bubble, where a socket's I/O hangs.
var inMemoryDoors = []string{"direct", "client"}

// bulkDoors name the doors of tests that move many MiB: direct and CBOR.
// Base64 in JSON makes such a test seconds slower per JSON door under
// -race.
var bulkDoors = []string{"direct", "cbor"}

// testCredentials provides kinesisfake.TestCredentials.
var testCredentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
	return kinesisfake.TestCredentials, nil
})

// serverClient serves f on a loopback listener and returns a real client of
// it, speaking protocol (nil: the SDK's JSON 1.1), in f's Region.
func serverClient(t testing.TB, f *kinesisfake.Fake, protocol smithyhttp.ClientProtocol) *kinesis.Client {
	srv := httptest.NewServer(f.Handler())
	t.Cleanup(srv.Close)
	// Cleanups run last first: open event streams end before the server
	// waits for its requests to finish.
	t.Cleanup(f.ExpireSubscriptions)
	return kinesis.New(kinesis.Options{
		Region:       f.Options().Region,
		Credentials:  testCredentials,
		BaseEndpoint: aws.String(srv.URL),
		HTTPClient:   kinesisfake.SDKHTTPClient(srv.Client()),
		Retryer:      aws.NopRetryer{},
	}, func(o *kinesis.Options) {
		if protocol != nil {
			o.Protocol = protocol
		}
	})
}

// forDoors runs test once per door, each a subtest named after it.
func forDoors(t *testing.T, test func(t *testing.T, door testDoor)) {
	for _, door := range testDoors {
		t.Run(door.name, func(t *testing.T) { test(t, door) })
	}
}

// forDoorsIn is forDoors over the doors of those names only (doorsNamed).
func forDoorsIn(t *testing.T, names []string, test func(t *testing.T, door testDoor)) {
	for _, door := range doorsNamed(t, names...) {
		t.Run(door.name, func(t *testing.T) { test(t, door) })
	}
}

// doorsNamed returns the doors of those names, in that order: picked by
// name, so that the order of testDoors does not decide which. A name that
// is no door fails the test.
func doorsNamed(t testing.TB, names ...string) []testDoor {
	t.Helper()
	doors := make([]testDoor, 0, len(names))
	for _, name := range names {
		i := slices.IndexFunc(testDoors, func(d testDoor) bool { return d.name == name })
		if i < 0 {
			t.Fatalf("no door is named %q", name)
		}
		doors = append(doors, testDoors[i])
	}
	return doors
}
