package kinesisfake

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake/internal/wire"
)

// The shared harness of the behaviour tests: a Fake on a ManualClock, seen
// through one of its doors. A behaviour test written against the harness's
// KinesisAPI runs through every door (eachDoor), so the doors cannot
// drift apart: the direct methods, f.Client() in memory, and Handler()
// served on a loopback listener to a real client.

// harnessStart is the ManualClock's starting time: a whole second, so
// creation timestamps in ARNs and texts are predictable.
var harnessStart = time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)

// testDoor is one way into a Fake.
type testDoor struct {
	name string
	// open returns the API a test calls for f. Anything it starts is
	// stopped when t ends.
	open func(t testing.TB, f *Fake) KinesisAPI
	// subscribeOpt is the per-call option of SubscribeToShard through the
	// door: OwnEventStreamCodec for the JSON clients (see its doc), none
	// for the CBOR one, whose streams share nothing.
	subscribeOpt func(*kinesis.Options)
}

// noRetries is the client option that makes the real client return the
// first error, as the direct door does.
func noRetries(o *kinesis.Options) { o.Retryer = aws.NopRetryer{} }

// directTestDoor is the Fake's own methods. The fixtures of tests that call
// the Fake directly (not through KinesisAPI) build their harness on it.
var directTestDoor = testDoor{name: "direct", open: func(_ testing.TB, f *Fake) KinesisAPI { return f }, subscribeOpt: OwnEventStreamCodec}

// testDoors are every door, in the order the tests report them.
var testDoors = []testDoor{
	directTestDoor,
	{name: "client", open: func(_ testing.TB, f *Fake) KinesisAPI { return f.Client(noRetries) }, subscribeOpt: OwnEventStreamCodec},
	{name: "http", open: func(t testing.TB, f *Fake) KinesisAPI {
		return serverClient(t, f, nil)
	}, subscribeOpt: OwnEventStreamCodec},
	{name: "cbor", open: func(t testing.TB, f *Fake) KinesisAPI {
		return serverClient(t, f, wire.CBORClientProtocol(targetPrefix))
	}, subscribeOpt: func(*kinesis.Options) {}},
}

// serverClient serves f on a loopback listener and returns a real client of
// it, speaking protocol (nil: the SDK's JSON 1.1).
func serverClient(t testing.TB, f *Fake, protocol smithyhttp.ClientProtocol) *kinesis.Client {
	srv := httptest.NewServer(f.Handler())
	t.Cleanup(srv.Close)
	// Cleanups run last first: open event streams end before the server
	// waits for its requests to finish.
	t.Cleanup(f.ExpireSubscriptions)
	return kinesis.New(kinesis.Options{
		Region:       f.region,
		Credentials:  testCredentials,
		BaseEndpoint: aws.String(srv.URL),
		HTTPClient:   SDKHTTPClient(srv.Client()),
		Retryer:      aws.NopRetryer{},
	}, func(o *kinesis.Options) {
		if protocol != nil {
			o.Protocol = protocol
		}
	})
}

// harness is a Fake on a ManualClock, at harnessStart unless the test chose
// another start (newHarnessAt), and the door a test calls it through.
type harness struct {
	t    testing.TB
	ctx  context.Context
	f    *Fake
	clk  *ManualClock
	api  KinesisAPI
	door testDoor
}

// newHarness returns a harness for door. Throughput limits are off unless
// opts turn them on: on a clock that stands still, the control-plane rates
// would throttle the many calls a test makes at one instant.
func newHarness(t testing.TB, door testDoor, opts ...Option) *harness {
	t.Helper()
	return newHarnessAt(t, harnessStart, door, opts...)
}

// newHarnessAt is newHarness with the ManualClock at start: each area's
// tests keep the start time their expected ARNs, texts and timestamps were
// written for.
func newHarnessAt(t testing.TB, start time.Time, door testDoor, opts ...Option) *harness {
	t.Helper()
	clk := NewManualClock(start)
	f := New(append([]Option{WithClock(clk), WithoutThroughputLimits()}, opts...)...)
	return &harness{t: t, ctx: context.Background(), f: f, clk: clk, api: door.open(t, f), door: door}
}

// fakeAt returns the Fake and ManualClock of a direct-door harness at start
// (throughput limits off unless opts turn them on), for tests that call the
// Fake's methods themselves and need no harness helpers.
func fakeAt(t testing.TB, start time.Time, opts ...Option) (*Fake, *ManualClock) {
	t.Helper()
	h := newHarnessAt(t, start, directTestDoor, opts...)
	return h.f, h.clk
}

// withDefaultLimits turns AWS's throughput limits (DefaultLimits) back on
// after the harness turned them off, for tests written against a Fake with
// the limits New gives it.
func withDefaultLimits() Option {
	return func(f *Fake) { f.limits = DefaultLimits() }
}

// eachDoor runs test once per door, each a subtest with a harness of its
// own.
func eachDoor(t *testing.T, test func(t *testing.T, h *harness), opts ...Option) {
	forDoors(t, func(t *testing.T, door testDoor) { test(t, newHarness(t, door, opts...)) })
}

// forDoors runs test once per door, each a subtest named after it, for
// tests that build their fixtures (one or several, maybe per subtest)
// themselves.
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

// doorsNamed returns the doors of those names, in that order, for tests
// that run through some doors only: picked by name, so that the order of
// testDoors does not decide which. A name that is no door fails the test.
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

// stream creates a provisioned stream of shards shards, ACTIVE at once (test
// setup, outside the door), and returns its ARN.
func (h *harness) stream(name string, shards int) string {
	h.t.Helper()
	return h.f.CreateStreamT(h.t, name, shards)
}

// consumer registers a consumer of the stream through the door and returns
// its ARN.
func (h *harness) consumer(streamARN, name string) string {
	h.t.Helper()
	out, err := h.api.RegisterStreamConsumer(h.ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: &streamARN, ConsumerName: &name})
	require.NoError(h.t, err)
	return *out.Consumer.ConsumerARN
}

// putAt puts data into the stream at hash key (routing it to the shard
// that owns the key) through the door and returns its sequence number.
func (h *harness) putAt(stream, hashKey, data string) string {
	h.t.Helper()
	out, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{
		StreamName: &stream, PartitionKey: aws.String("k"), ExplicitHashKey: &hashKey, Data: []byte(data),
	})
	require.NoError(h.t, err)
	return *out.SequenceNumber
}

// signRequest marks req as signed well enough for a door that checks no
// secret: an Authorization header with every part, and its date.
func signRequest(req *http.Request) {
	req.Header.Set("X-Amz-Date", time.Now().UTC().Format("20060102T150405Z"))
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+TestCredentials.AccessKeyID+"/20250601/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=00")
}
