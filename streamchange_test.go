package kinesisfake

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Helpers shared by the tests of the stream settings changes (encryption,
// monitoring, limits, mode, record size, warm throughput, distribution,
// account settings, policies). Their names start with sc so they cannot
// collide with helpers of other test files in the package.

// scStart is the fake clock's starting time in these tests.
var scStart = time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)

// scAccount is the account id error texts name in these tests.
const scAccount = DefaultAccountID

// sc is the harness of these tests: a Fake on a ManualClock at scStart,
// seen through one of its doors. Unlike the other areas' fixtures it keeps
// AWS's throughput limits on, as New does; a test that needs them off says
// so (WithoutThroughputLimits).
type sc struct{ *harness }

// scFakeOn returns the harness of these tests through door.
func scFakeOn(t *testing.T, door testDoor, opts ...Option) *sc {
	t.Helper()
	return &sc{newHarnessAt(t, scStart, door, append([]Option{withDefaultLimits()}, opts...)...)}
}

// scFake returns the Fake and ManualClock of a direct-door harness, for the
// tests of engine internals.
func scFake(t *testing.T, opts ...Option) (*Fake, *ManualClock) {
	t.Helper()
	h := scFakeOn(t, directTestDoor, opts...)
	return h.f, h.clk
}

// onDemand creates an ON_DEMAND stream through the door, requires success
// and returns its ARN.
func (h *sc) onDemand(name string) string {
	h.t.Helper()
	_, err := h.api.CreateStream(h.ctx, &kinesis.CreateStreamInput{
		StreamName:        aws.String(name),
		StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand},
	})
	require.NoError(h.t, err)
	return h.f.streamARN(name)
}

// deleteStream deletes a stream through the door and requires success.
func (h *sc) deleteStream(name string) {
	h.t.Helper()
	_, err := h.api.DeleteStream(h.ctx, &kinesis.DeleteStreamInput{StreamName: aws.String(name)})
	require.NoError(h.t, err)
}

// scStream returns the live stream of that name, for looking at state the
// API does not show. The test must not hold it across calls that change it.
func scStream(t *testing.T, f *Fake, name string) *stream {
	t.Helper()
	f.mu.RLock()
	defer f.mu.RUnlock()
	s := f.liveStream(name, f.now())
	require.NotNil(t, s, "stream %s", name)
	return s
}

// scStatus is a stream's status at the clock's now.
func scStatus(t *testing.T, f *Fake, name string) types.StreamStatus {
	t.Helper()
	s := scStream(t, f, name)
	f.mu.RLock()
	defer f.mu.RUnlock()
	return s.statusAt(f.now())
}

// scErrCheck checks an operation's error; nil expects success.
type scErrCheck func(t *testing.T, op string, err error)

// scWant expects the SDK exception E with exactly the message want, wrapped
// as the real client wraps it: the error's text names the operation and
// ends with "Code: message".
func scWant[E any, PE interface {
	*E
	error
	ErrorMessage() string
	ErrorCode() string
}](want string) scErrCheck {
	return func(t *testing.T, op string, err error) {
		t.Helper()
		var target PE
		if !assert.ErrorAs(t, err, &target) {
			return
		}
		assert.Equal(t, want, target.ErrorMessage())
		assert.Contains(t, err.Error(), "operation error Kinesis: "+op+", https response error StatusCode: 400")
		assert.Contains(t, err.Error(), target.ErrorCode()+": "+want)
	}
}

// scCheck runs check, or requires success when check is nil.
func scCheck(t *testing.T, check scErrCheck, op string, err error) {
	t.Helper()
	if check == nil {
		require.NoError(t, err)
		return
	}
	check(t, op, err)
}

// put puts one record through the door and requires success.
func (h *sc) put(stream, key string, data []byte) *kinesis.PutRecordOutput {
	h.t.Helper()
	out, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String(stream), PartitionKey: aws.String(key), Data: data})
	require.NoError(h.t, err)
	return out
}

func TestRecentCalls(t *testing.T) {
	now := scStart
	ms := func(d time.Duration) int64 { return msOf(now.Add(d)) }
	tests := []struct {
		name    string
		history []int64
		want    []int64
	}{
		{name: "none", history: nil, want: []int64{}},
		{name: "all recent", history: []int64{ms(-time.Hour), ms(-time.Minute)}, want: []int64{ms(-time.Hour), ms(-time.Minute)}},
		{name: "just under a day counts", history: []int64{ms(-rollingDay + time.Millisecond)}, want: []int64{ms(-rollingDay + time.Millisecond)}},
		{name: "exactly a day old drops out", history: []int64{ms(-rollingDay), ms(-time.Hour)}, want: []int64{ms(-time.Hour)}},
		{name: "older drop out", history: []int64{ms(-48 * time.Hour), ms(-25 * time.Hour), ms(-time.Second)}, want: []int64{ms(-time.Second)}},
		{name: "future calls keep counting", history: []int64{ms(time.Hour)}, want: []int64{ms(time.Hour)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := recentCalls(tt.history, now)
			if len(tt.want) == 0 {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestActiveStream(t *testing.T) {
	f, clk := scFake(t, WithStateDelays(StateDelays{Create: time.Second, Update: time.Second, Delete: time.Second}))
	f.CreateStreamT(t, "active", 1)
	createStream(t, f, "deleting", 1)
	clk.Advance(time.Second) // both ACTIVE now
	createStream(t, f, "creating", 1)
	_, err := f.DeleteStream(context.Background(), &kinesis.DeleteStreamInput{StreamName: aws.String("deleting")})
	require.NoError(t, err)

	tests := []struct {
		stream string
		want   scErrCheck
	}{
		{stream: "active"},
		{stream: "creating", want: scWant[types.ResourceInUseException]("Stream creating under account " + scAccount + " not ACTIVE, instead in state CREATING")},
		{stream: "deleting", want: scWant[types.ResourceInUseException]("Stream deleting under account " + scAccount + " not ACTIVE, instead in state DELETING")},
		{stream: "missing", want: scWant[types.ResourceNotFoundException]("Stream missing under account " + scAccount + " not found.")},
	}
	for _, tt := range tests {
		t.Run(tt.stream, func(t *testing.T) {
			f.mu.RLock()
			s, err := f.activeStream(streamRef{name: aws.String(tt.stream)}, f.now())
			f.mu.RUnlock()
			if tt.want == nil {
				require.NoError(t, err)
				assert.Equal(t, tt.stream, s.name)
				return
			}
			tt.want(t, "Op", f.wrapError("Op", err))
		})
	}
}
