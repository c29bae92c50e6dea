package conformance

// The suite against kinesisfake itself, on every go test: the scenarios'
// expectations, which come from AWS's evidence, must hold on the fake, and
// the suite's code stays compiled and exercised.

import (
	"context"
	"maps"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake/internal/wire"

	"github.com/kinesisfake/kinesisfake"
)

// newFake is a fake for the suite: with the given state delays, and without
// throughput limits, whose control-plane rates are per second of real time:
// the SDK's retryer would back off on real time when a run of scenarios
// creates streams faster than AWS allows.
func newFake(delays kinesisfake.StateDelays) *kinesisfake.Fake {
	return kinesisfake.New(kinesisfake.WithStateDelays(delays), kinesisfake.WithoutThroughputLimits())
}

// httpClient is a real client of f over HTTP on a loopback listener, as a
// program meets cmd/kinesisfake-server.
func httpClient(t *testing.T, f *kinesisfake.Fake, optFns ...func(*kinesis.Options)) *kinesis.Client {
	srv := httptest.NewServer(f.Handler())
	t.Cleanup(srv.Close)
	return kinesis.New(kinesis.Options{
		Region:       kinesisfake.DefaultRegion,
		BaseEndpoint: aws.String(srv.URL),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return kinesisfake.TestCredentials, nil
		}),
		HTTPClient: kinesisfake.SDKHTTPClient(nil), // see its doc: a fast server exposes a race in the SDK
	}, optFns...)
}

// cborClient is httpClient speaking CBOR 1.1, as the Java SDK and the KCL do.
func cborClient(t *testing.T, f *kinesisfake.Fake) *kinesis.Client {
	return httpClient(t, f, func(o *kinesis.Options) { o.Protocol = wire.CBORClientProtocol("Kinesis_20131202") })
}

// skipOnFake skips the scenarios of known gaps.
func skipOnFake(sc Scenario) string {
	if sc.knownFakeGap != "" {
		return "known gap of the fake: " + sc.knownFakeGap
	}
	return ""
}

// skipOnZeroDelayFake also skips the scenarios that watch a stream
// CREATING, which a fake without state delays never is
// (TestCreatingScenariosOnFake plays those).
func skipOnZeroDelayFake(sc Scenario) string {
	if sc.needsCreating {
		return "watches a stream CREATING: TestCreatingScenariosOnFake plays it"
	}
	return skipOnFake(sc)
}

// TestScenariosOnFake plays the suite against a fake without state delays,
// so that no scenario waits, through the HTTP door (JSON and CBOR) and the
// SDK transport.
func TestScenariosOnFake(t *testing.T) {
	doors := []struct {
		name   string
		client func(*testing.T, *kinesisfake.Fake) *kinesis.Client
	}{
		{"HTTP", func(t *testing.T, f *kinesisfake.Fake) *kinesis.Client { return httpClient(t, f) }},
		{"CBOR", cborClient},
		{"SDKTransport", func(_ *testing.T, f *kinesisfake.Fake) *kinesis.Client { return f.Client() }},
	}
	for _, door := range doors {
		t.Run(door.name, func(t *testing.T) {
			results := Run(t, door.client(t, newFake(kinesisfake.StateDelays{})), skipOnZeroDelayFake)
			require.Len(t, results, len(scenarios), "one result a scenario")
			t.Log("\n" + Table(results))
		})
	}
}

// TestCreatingScenariosOnFake plays the scenarios that watch a stream
// CREATING against a fake that keeps new streams CREATING for an hour: the
// scenarios never wait for ACTIVE, they delete the stream while CREATING.
func TestCreatingScenariosOnFake(t *testing.T) {
	creating := slices.DeleteFunc(Scenarios(), func(sc Scenario) bool { return !sc.needsCreating })
	require.NotEmpty(t, creating, "some scenario watches a stream CREATING")
	f := newFake(kinesisfake.StateDelays{Create: time.Hour})
	t.Log("\n" + Table(play(t, httpClient(t, f), creating, skipOnFake)))
}

// TestScenarioTable checks the table itself: every scenario is named once,
// cites its evidence and can play, and its expectation names only the
// placeholders a run fills in.
func TestScenarioTable(t *testing.T) {
	placeholders := regexp.MustCompile(`\{[A-Z0-9]+\}`)
	known := regexp.MustCompile(`^\{(S\d*|F|A|R|N)\}$`)
	seen := map[string]bool{}
	for _, sc := range Scenarios() {
		assert.False(t, seen[sc.Name], "%s: named twice", sc.Name)
		seen[sc.Name] = true
		assert.Regexp(t, `^[A-Za-z]+_[A-Za-z0-9]+$`, sc.Name, "Op_What, so that -run and KINESIS_CONFORMANCE_SKIP patterns stay simple")
		assert.NotEmpty(t, sc.Evidence, "%s: where does the expectation come from?", sc.Name)
		assert.NotNil(t, sc.play, sc.Name)
		assert.False(t, sc.Want.Err == "" && len(sc.Want.Fields) == 0, "%s: expects nothing", sc.Name)
		for _, text := range append([]string{sc.Want.Err}, slices.Collect(maps.Values(sc.Want.Fields))...) {
			for _, ph := range placeholders.FindAllString(text, -1) {
				assert.Regexp(t, known, ph, "%s: a placeholder no run fills in", sc.Name)
			}
		}
	}
}

// TestTable pins the table's rows: matches, differences (only what
// differs), skips, stream names shown as placeholders, and several
// violations compared in any order.
func TestTable(t *testing.T) {
	s := &suite{prefix: "kfconf-1-", region: "us-east-1", account: "000000000000"}
	s.fixture = s.newName()
	r := &run{s: s, vars: map[string]string{}}
	name := r.stream(0)
	for range 10 {
		r.stream(len(r.names)) // so that {S10} exists and must not be read as {S1} and 0
	}
	want := r.expand(Observation{Err: "ResourceNotFoundException: Stream {S} under account {A} not found."})
	got := Observation{Err: "ResourceNotFoundException: Stream " + name + " not found."}
	two := "ValidationException: 2 validation errors detected: Value 'b' at 'x'; Value 'a' at 'y'"
	swapped := "ValidationException: 2 validation errors detected: Value 'a' at 'y'; Value 'b' at 'x'"
	results := []Result{
		{Name: "Same", Want: want, Got: want, names: r.placeholders()},
		{Name: "Other", Want: want, Got: got, names: r.placeholders()},
		{Name: "Tenth", Want: Observation{Fields: map[string]string{"a|b": r.names[10]}}, Got: Observation{Fields: map[string]string{"a|b": r.names[10]}}, names: r.placeholders()},
		{Name: "AnyOrder", Want: normalize(Observation{Err: two}), Got: normalize(Observation{Err: swapped})},
		{Name: "Fields", Want: Observation{Fields: map[string]string{"a": "1", "b": "2", "c": "3"}}, Got: Observation{Fields: map[string]string{"a": "1", "b": "5", "d": "4"}}},
		{Name: "Skipped", Skipped: "KINESIS_CONFORMANCE_SKIP=Skipped"},
	}
	assert.Equal(t, strings.Join([]string{
		"| scenario | expected (AWS) | observed | match |",
		"|---|---|---|---|",
		"| Same | ResourceNotFoundException: Stream {S} under account 000000000000 not found. | = | yes |",
		"| Other | ResourceNotFoundException: Stream {S} under account 000000000000 not found. | ResourceNotFoundException: Stream {S} not found. | **no** |",
		"| Tenth | a\\|b: {S10} | = | yes |",
		"| AnyOrder | " + swapped + " | = | yes |",
		"| Fields | b: 2; c: 3; d: (not observed) | b: 5; c: (not observed); d: 4 | **no** |",
		"| Skipped | | skipped: KINESIS_CONFORMANCE_SKIP=Skipped | - |",
		"",
		"6 scenarios: 3 match, 2 differ, 1 skipped",
		"",
	}, "\n"), Table(results))
}
