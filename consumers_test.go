package kinesisfake

import (
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Fixtures of the enhanced fan-out consumer tests.

// efoStart is the ManualClock's starting time: a whole second, so creation
// timestamps in ARNs and texts are predictable.
var efoStart = time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)

// efoSec is efoStart in Unix seconds, as consumer ARNs carry it.
var efoSec = efoStart.Unix()

// efoCmp compares the SDK's consumer structs by their exported fields.
var efoCmp = cmpopts.IgnoreUnexported(types.Consumer{}, types.ConsumerDescription{})

// efo is a harness at efoStart with an ACTIVE two-shard stream
// "s", plus helpers that fail the test on unexpected errors. Throughput
// limits are off, as the harness leaves them: on a clock that stands still
// the control-plane rates would throttle the many calls one test makes at
// one instant.
type efo struct {
	*harness
	streamARN string
}

// newEFO returns the fixture on the direct door with the given state
// delays; the stream is ACTIVE when it returns.
func newEFO(t *testing.T, delays StateDelays) *efo {
	t.Helper()
	return newEFOOn(t, directTestDoor, delays)
}

// newEFOOn is newEFO through door.
func newEFOOn(t *testing.T, door testDoor, delays StateDelays) *efo {
	t.Helper()
	h := newHarnessAt(t, efoStart, door, WithStateDelays(delays))
	arn := h.stream("s", 2)
	h.clk.Advance(delays.Create) // the stream is ACTIVE from here on
	return &efo{harness: h, streamARN: arn}
}

// register registers a consumer on stream "s" and returns it.
func (h *efo) register(name string) *types.Consumer {
	h.t.Helper()
	out, err := h.api.RegisterStreamConsumer(h.ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: &h.streamARN, ConsumerName: &name})
	require.NoError(h.t, err)
	return out.Consumer
}

// status is the consumer's status as DescribeStreamConsumer reports it.
func (h *efo) status(arn string) types.ConsumerStatus {
	h.t.Helper()
	out, err := h.api.DescribeStreamConsumer(h.ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: &arn})
	require.NoError(h.t, err)
	return out.ConsumerDescription.ConsumerStatus
}

// sec is the clock's now in whole Unix seconds.
func (h *efo) sec() int64 { return h.clk.Now().Unix() }

// efoARN is the ARN of consumer name of stream "s" registered at sec.
func efoARN(name string, sec int64) string {
	return fmt.Sprintf("arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/%s:%d", name, sec)
}

// efoRequireErr checks that err is the exception E with exactly the message
// msg, wrapped as the real client wraps a service error of operation op.
func efoRequireErr[E smithy.APIError](t *testing.T, err error, op, msg string) {
	t.Helper()
	var exc E
	require.Error(t, err)
	require.ErrorAs(t, err, &exc, "got %v", err)
	assert.Equal(t, msg, exc.ErrorMessage())
	var resp *awshttp.ResponseError
	require.ErrorAs(t, err, &resp)
	assert.Equal(t, fmt.Sprintf("operation error Kinesis: %s, https response error StatusCode: %d, RequestID: %s, %s: %s",
		op, resp.HTTPStatusCode(), resp.RequestID, exc.ErrorCode(), msg), err.Error())
}

func TestConsumerARN(t *testing.T) {
	const stream = "arn:aws:kinesis:eu-west-1:123456789012:stream/my.stream-1"
	arn := consumerARN(stream, "app_1.v-2", 1572383852)
	assert.Equal(t, stream+"/consumer/app_1.v-2:1572383852", arn)

	tests := []struct {
		arn       string
		ok        bool
		streamARN string
		name      string
		sec       int64
	}{
		{arn: arn, ok: true, streamARN: stream, name: "app_1.v-2", sec: 1572383852},
		{arn: stream + "/consumer/c:0", ok: true, streamARN: stream, name: "c", sec: 0},
		{arn: stream},                                          // no consumer part
		{arn: stream + "/consumer/c"},                          // no timestamp
		{arn: stream + "/consumer/:12"},                        // no name
		{arn: stream + "/consumer/c:x"},                        // timestamp not a number
		{arn: stream + "/consumer/c:-1"},                       // negative timestamp
		{arn: "arn:aws:sqs:eu-west-1:1:stream/s/consumer/c:1"}, // not kinesis
	}
	for _, tt := range tests {
		t.Run(tt.arn, func(t *testing.T) {
			streamARN, name, sec, ok := parseConsumerARN(tt.arn)
			require.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.streamARN, streamARN)
			assert.Equal(t, tt.name, name)
			assert.Equal(t, tt.sec, sec)
		})
	}
}

func TestRegisterStreamConsumer(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newEFOOn(t, door, StateDelays{})
		out, err := h.api.RegisterStreamConsumer(h.ctx, &kinesis.RegisterStreamConsumerInput{
			StreamARN:    &h.streamARN,
			ConsumerName: aws.String("app"),
			Tags:         map[string]string{"team": "data"},
		})
		require.NoError(t, err)
		want := &types.Consumer{
			ConsumerName:              aws.String("app"),
			ConsumerARN:               aws.String(efoARN("app", efoSec)),
			ConsumerStatus:            types.ConsumerStatusCreating, // AWS's answer, even with no delay
			ConsumerCreationTimestamp: aws.Time(efoStart),
		}
		assert.Empty(t, cmp.Diff(want, out.Consumer, efoCmp))

		// The Tags are kept with the consumer.
		h.f.mu.RLock()
		tags := h.f.streams["s"].consumers["app"].tags
		h.f.mu.RUnlock()
		assert.Equal(t, map[string]string{"team": "data"}, tags)
	})
}

func TestRegisterStreamConsumerCreationTimeIsWholeSeconds(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newEFOOn(t, door, StateDelays{})
		h.clk.Advance(1750 * time.Millisecond)
		c := h.register("app")
		assert.Equal(t, efoARN("app", efoSec+1), *c.ConsumerARN)
		assert.Equal(t, efoStart.Add(time.Second), *c.ConsumerCreationTimestamp)
	})
}

func TestConsumerLifecycleOnTheClock(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newEFOOn(t, door, StateDelays{Consumer: 5 * time.Second, Delete: 3 * time.Second})
		c := h.register("app")
		arn := *c.ConsumerARN
		assert.Equal(t, types.ConsumerStatusCreating, c.ConsumerStatus)

		h.clk.Advance(5*time.Second - time.Millisecond)
		assert.Equal(t, types.ConsumerStatusCreating, h.status(arn))
		h.clk.Advance(time.Millisecond)
		assert.Equal(t, types.ConsumerStatusActive, h.status(arn))

		_, err := h.api.DeregisterStreamConsumer(h.ctx, &kinesis.DeregisterStreamConsumerInput{ConsumerARN: &arn})
		require.NoError(t, err)
		assert.Equal(t, types.ConsumerStatusDeleting, h.status(arn))
		h.clk.Advance(3 * time.Second)
		_, err = h.api.DescribeStreamConsumer(h.ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: &arn})
		efoRequireErr[*types.ResourceNotFoundException](t, err, "DescribeStreamConsumer",
			"Consumer app under stream s under account 000000000000 not found.")
	})
}

func TestRegisterStreamConsumerErrors(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		tests := []struct {
			name   string
			delays StateDelays
			setup  func(h *efo)
			in     func(h *efo) *kinesis.RegisterStreamConsumerInput
			check  func(t *testing.T, err error)
		}{
			{
				name:  "same name twice",
				setup: func(h *efo) { h.register("app") },
				check: func(t *testing.T, err error) {
					efoRequireErr[*types.ResourceInUseException](t, err, "RegisterStreamConsumer",
						"Consumer app under stream s under account 000000000000 already exists.")
				},
			},
			{
				name:   "same name while the first is still DELETING",
				delays: StateDelays{Delete: time.Minute},
				setup: func(h *efo) {
					c := h.register("app")
					_, err := h.api.DeregisterStreamConsumer(h.ctx, &kinesis.DeregisterStreamConsumerInput{ConsumerARN: c.ConsumerARN})
					require.NoError(h.t, err)
				},
				check: func(t *testing.T, err error) {
					efoRequireErr[*types.ResourceInUseException](t, err, "RegisterStreamConsumer",
						"Consumer app under stream s under account 000000000000 already exists.")
				},
			},
			{
				name: "stream does not exist",
				in: func(h *efo) *kinesis.RegisterStreamConsumerInput {
					return &kinesis.RegisterStreamConsumerInput{StreamARN: aws.String(h.f.streamARN("nope")), ConsumerName: aws.String("app")}
				},
				check: func(t *testing.T, err error) {
					efoRequireErr[*types.ResourceNotFoundException](t, err, "RegisterStreamConsumer",
						"Stream nope under account 000000000000 not found.")
				},
			},
			{
				name:   "stream still CREATING",
				delays: StateDelays{Create: time.Minute},
				setup:  func(h *efo) { createStream(h.t, h.f, "young", 1) },
				in: func(h *efo) *kinesis.RegisterStreamConsumerInput {
					return &kinesis.RegisterStreamConsumerInput{StreamARN: aws.String(h.f.streamARN("young")), ConsumerName: aws.String("app")}
				},
				check: func(t *testing.T, err error) {
					efoRequireErr[*types.ResourceInUseException](t, err, "RegisterStreamConsumer",
						"Stream young under account 000000000000 not ACTIVE, instead in state CREATING")
				},
			},
			{
				name: "a tag AWS refuses",
				in: func(h *efo) *kinesis.RegisterStreamConsumerInput {
					return &kinesis.RegisterStreamConsumerInput{StreamARN: &h.streamARN, ConsumerName: aws.String("app"), Tags: map[string]string{"k": "100%"}}
				},
				check: func(t *testing.T, err error) {
					efoRequireErr[*types.InvalidArgumentException](t, err, "RegisterStreamConsumer",
						"Failed to add tags to consumer app under account 000000000000 because some tags contained illegal characters. The allowed characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.")
				},
			},
			{
				name: "a 21st consumer",
				setup: func(h *efo) {
					for i := range 20 {
						h.register(fmt.Sprintf("c%02d", i))
					}
				},
				check: func(t *testing.T, err error) {
					efoRequireErr[*types.LimitExceededException](t, err, "RegisterStreamConsumer",
						"This request would exceed the limit of 20 consumers registered with stream s under account 000000000000.")
				},
			},
			{
				name:   "a 6th consumer while 5 are CREATING",
				delays: StateDelays{Consumer: time.Minute},
				setup: func(h *efo) {
					for i := range maxCreatingConsumers {
						h.register(fmt.Sprintf("c%d", i))
					}
				},
				check: func(t *testing.T, err error) {
					efoRequireErr[*types.LimitExceededException](t, err, "RegisterStreamConsumer",
						"This request would exceed the limit of 5 consumers in the CREATING state for stream s under account 000000000000.")
				},
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := newEFOOn(t, door, tt.delays)
				if tt.setup != nil {
					tt.setup(h)
				}
				in := &kinesis.RegisterStreamConsumerInput{StreamARN: &h.streamARN, ConsumerName: aws.String("app")}
				if tt.in != nil {
					in = tt.in(h)
				}
				_, err := h.api.RegisterStreamConsumer(h.ctx, in)
				tt.check(t, err)
			})
		}
	})
}

func TestCreatingLimitCountsOnlyConsumersStillCreating(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newEFOOn(t, door, StateDelays{Consumer: time.Minute})
		for i := range maxCreatingConsumers {
			h.register(fmt.Sprintf("c%d", i))
		}
		h.clk.Advance(time.Minute) // all five are ACTIVE now
		c := h.register("sixth")
		assert.Equal(t, types.ConsumerStatusCreating, c.ConsumerStatus)
	})
}

func TestConsumerCanBeRegisteredAgainAfterDeregistration(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newEFOOn(t, door, StateDelays{})
		old := h.register("app")
		_, err := h.api.DeregisterStreamConsumer(h.ctx, &kinesis.DeregisterStreamConsumerInput{ConsumerARN: old.ConsumerARN})
		require.NoError(t, err)
		h.clk.Advance(2 * time.Second)
		c := h.register("app")
		assert.Equal(t, efoARN("app", efoSec+2), *c.ConsumerARN)

		// The old ARN names the consumer that is gone, not the new one.
		_, err = h.api.DescribeStreamConsumer(h.ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: old.ConsumerARN})
		efoRequireErr[*types.ResourceNotFoundException](t, err, "DescribeStreamConsumer",
			"Consumer app under stream s under account 000000000000 not found.")
	})
}

func TestDescribeStreamConsumer(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newEFOOn(t, door, StateDelays{})
		arn := *h.register("app").ConsumerARN
		want := &types.ConsumerDescription{
			ConsumerName:              aws.String("app"),
			ConsumerARN:               aws.String(arn),
			ConsumerStatus:            types.ConsumerStatusActive,
			ConsumerCreationTimestamp: aws.Time(efoStart),
			StreamARN:                 aws.String(h.streamARN),
		}
		notFound := "Consumer app under stream s under account 000000000000 not found."

		tests := []struct {
			name    string
			in      kinesis.DescribeStreamConsumerInput
			errType string // "" for success
			msg     string
		}{
			{name: "by ARN", in: kinesis.DescribeStreamConsumerInput{ConsumerARN: &arn}},
			{name: "by stream and name", in: kinesis.DescribeStreamConsumerInput{StreamARN: &h.streamARN, ConsumerName: aws.String("app")}},
			{name: "all three agreeing", in: kinesis.DescribeStreamConsumerInput{ConsumerARN: &arn, StreamARN: &h.streamARN, ConsumerName: aws.String("app")}},
			{
				name: "nothing", in: kinesis.DescribeStreamConsumerInput{}, errType: "InvalidArgumentException",
				msg: "Either ConsumerARN or both StreamARN and ConsumerName must be provided.",
			},
			{
				name: "stream without name", in: kinesis.DescribeStreamConsumerInput{StreamARN: &h.streamARN}, errType: "InvalidArgumentException",
				msg: "Either ConsumerARN or both StreamARN and ConsumerName must be provided.",
			},
			{
				name: "name without stream", in: kinesis.DescribeStreamConsumerInput{ConsumerName: aws.String("app")}, errType: "InvalidArgumentException",
				msg: "Either ConsumerARN or both StreamARN and ConsumerName must be provided.",
			},
			{
				name:    "ARN and another stream",
				in:      kinesis.DescribeStreamConsumerInput{ConsumerARN: &arn, StreamARN: aws.String(h.f.streamARN("other"))},
				errType: "InvalidArgumentException",
				msg:     "ConsumerARN " + arn + " does not belong to the stream StreamARN arn:aws:kinesis:us-east-1:000000000000:stream/other names.",
			},
			{
				name:    "ARN and another name",
				in:      kinesis.DescribeStreamConsumerInput{ConsumerARN: &arn, ConsumerName: aws.String("other")},
				errType: "InvalidArgumentException",
				msg:     "ConsumerARN " + arn + " does not name the consumer ConsumerName other names.",
			},
			{
				name:    "ARN without a creation time fails the model's pattern",
				in:      kinesis.DescribeStreamConsumerInput{ConsumerARN: aws.String(h.streamARN + "/consumer/app")},
				errType: "ValidationException",
				msg:     "1 validation error detected: Value '" + h.streamARN + "/consumer/app' at 'consumerARN' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/consumer\\/[a-zA-Z0-9_.-]+:[0-9]+",
			},
			{
				name:    "ARN the pattern allows but no stream has",
				in:      kinesis.DescribeStreamConsumerInput{ConsumerARN: aws.String("arn:aws:kinesis:us-east-1:000000000000:xstream/s/consumer/app:1")},
				errType: "InvalidArgumentException",
				msg:     "ConsumerARN arn:aws:kinesis:us-east-1:000000000000:xstream/s/consumer/app:1 is not a valid Kinesis consumer ARN.",
			},
			{
				name:    "unknown name",
				in:      kinesis.DescribeStreamConsumerInput{StreamARN: &h.streamARN, ConsumerName: aws.String("nope")},
				errType: "ResourceNotFoundException",
				msg:     "Consumer nope under stream s under account 000000000000 not found.",
			},
			{
				name:    "ARN with another creation time",
				in:      kinesis.DescribeStreamConsumerInput{ConsumerARN: aws.String(efoARN("app", efoSec-1))},
				errType: "ResourceNotFoundException",
				msg:     notFound,
			},
			{
				name:    "ARN of a stream that does not exist",
				in:      kinesis.DescribeStreamConsumerInput{ConsumerARN: aws.String(consumerARN(h.f.streamARN("gone"), "app", efoSec))},
				errType: "ResourceNotFoundException",
				msg:     "Stream gone under account 000000000000 not found.",
			},
			{
				name:    "ARN of another region",
				in:      kinesis.DescribeStreamConsumerInput{ConsumerARN: aws.String("arn:aws:kinesis:eu-west-1:000000000000:stream/s/consumer/app:1")},
				errType: "ResourceNotFoundException",
				msg:     "Stream s under account 000000000000 not found.",
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := tt.in
				out, err := h.api.DescribeStreamConsumer(h.ctx, &in)
				switch tt.errType {
				case "":
					require.NoError(t, err)
					assert.Empty(t, cmp.Diff(want, out.ConsumerDescription, efoCmp))
				case "InvalidArgumentException":
					efoRequireErr[*types.InvalidArgumentException](t, err, "DescribeStreamConsumer", tt.msg)
				case "ResourceNotFoundException":
					efoRequireErr[*types.ResourceNotFoundException](t, err, "DescribeStreamConsumer", tt.msg)
				case "ValidationException":
					efoRequireErr[*types.ValidationException](t, err, "DescribeStreamConsumer", tt.msg)
				default:
					t.Fatalf("unknown error type %s", tt.errType)
				}
			})
		}
	})
}

func TestListStreamConsumers(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newEFOOn(t, door, StateDelays{})
		for _, name := range []string{"e", "b", "d", "a", "c"} {
			h.register(name)
		}
		names := func(cs []types.Consumer) []string {
			var out []string
			for _, c := range cs {
				out = append(out, *c.ConsumerName)
			}
			return out
		}

		t.Run("one page, in name order, MaxResults above 100 allowed", func(t *testing.T) {
			out, err := h.api.ListStreamConsumers(h.ctx, &kinesis.ListStreamConsumersInput{StreamARN: &h.streamARN, MaxResults: aws.Int32(10000)})
			require.NoError(t, err)
			assert.Equal(t, []string{"a", "b", "c", "d", "e"}, names(out.Consumers))
			assert.Nil(t, out.NextToken)
			want := types.Consumer{
				ConsumerName:              aws.String("a"),
				ConsumerARN:               aws.String(efoARN("a", efoSec)),
				ConsumerStatus:            types.ConsumerStatusActive,
				ConsumerCreationTimestamp: aws.Time(efoStart),
			}
			assert.Empty(t, cmp.Diff(want, out.Consumers[0], efoCmp))
		})

		t.Run("pages of two", func(t *testing.T) {
			var got []string
			in := &kinesis.ListStreamConsumersInput{StreamARN: &h.streamARN, MaxResults: aws.Int32(2)}
			for pages := 1; ; pages++ {
				out, err := h.api.ListStreamConsumers(h.ctx, in)
				require.NoError(t, err)
				got = append(got, names(out.Consumers)...)
				if out.NextToken == nil {
					assert.Equal(t, 3, pages)
					break
				}
				in.NextToken = out.NextToken
			}
			assert.Equal(t, []string{"a", "b", "c", "d", "e"}, got)
		})

		t.Run("the SDK's paginator", func(t *testing.T) {
			p := kinesis.NewListStreamConsumersPaginator(h.f, &kinesis.ListStreamConsumersInput{StreamARN: &h.streamARN},
				func(o *kinesis.ListStreamConsumersPaginatorOptions) { o.Limit = 3 })
			var got []string
			for p.HasMorePages() {
				out, err := p.NextPage(h.ctx)
				require.NoError(t, err)
				got = append(got, names(out.Consumers)...)
			}
			assert.Equal(t, []string{"a", "b", "c", "d", "e"}, got)
		})

		t.Run("StreamCreationTimestamp of this stream", func(t *testing.T) {
			out, err := h.api.ListStreamConsumers(h.ctx, &kinesis.ListStreamConsumersInput{StreamARN: &h.streamARN, StreamCreationTimestamp: aws.Time(efoStart)})
			require.NoError(t, err)
			assert.Len(t, out.Consumers, 5)
		})

		t.Run("empty list is empty, not nil", func(t *testing.T) {
			arn := h.f.CreateStreamT(t, "empty", 1)
			out, err := h.api.ListStreamConsumers(h.ctx, &kinesis.ListStreamConsumersInput{StreamARN: &arn})
			require.NoError(t, err)
			assert.NotNil(t, out.Consumers)
			assert.Empty(t, out.Consumers)
		})
	})
}

func TestListStreamConsumersErrors(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newEFOOn(t, door, StateDelays{})
		for _, name := range []string{"a", "b", "c"} {
			h.register(name)
		}
		first, err := h.api.ListStreamConsumers(h.ctx, &kinesis.ListStreamConsumersInput{StreamARN: &h.streamARN, MaxResults: aws.Int32(1)})
		require.NoError(t, err)
		require.NotNil(t, first.NextToken)
		otherARN := h.f.CreateStreamT(t, "other", 1)

		tests := []struct {
			name    string
			advance time.Duration
			in      kinesis.ListStreamConsumersInput
			errType string
			msg     string
		}{
			{
				name:    "stream does not exist",
				in:      kinesis.ListStreamConsumersInput{StreamARN: aws.String(h.f.streamARN("nope"))},
				errType: "ResourceNotFoundException",
				msg:     "Stream nope under account 000000000000 not found.",
			},
			{
				name:    "StreamCreationTimestamp of another incarnation",
				in:      kinesis.ListStreamConsumersInput{StreamARN: &h.streamARN, StreamCreationTimestamp: aws.Time(efoStart.Add(-time.Hour))},
				errType: "ResourceNotFoundException",
				msg:     "Stream s under account 000000000000 not found.",
			},
			{
				name:    "NextToken with StreamCreationTimestamp",
				in:      kinesis.ListStreamConsumersInput{StreamARN: &h.streamARN, NextToken: first.NextToken, StreamCreationTimestamp: aws.Time(efoStart)},
				errType: "InvalidArgumentException",
				msg:     "NextToken and StreamCreationTimestamp cannot be provided together.",
			},
			{
				name:    "garbled NextToken",
				in:      kinesis.ListStreamConsumersInput{StreamARN: &h.streamARN, NextToken: aws.String("bm90IGEgdG9rZW4=")},
				errType: "InvalidArgumentException",
				msg:     "Invalid NextToken.",
			},
			{
				name:    "NextToken of another stream",
				in:      kinesis.ListStreamConsumersInput{StreamARN: &otherARN, NextToken: first.NextToken},
				errType: "InvalidArgumentException",
				msg:     "Invalid NextToken.",
			},
			{
				name:    "expired NextToken",
				advance: 300001 * time.Millisecond,
				in:      kinesis.ListStreamConsumersInput{StreamARN: &h.streamARN, NextToken: first.NextToken},
				errType: "ExpiredNextTokenException",
				msg:     "NextToken expired. The token was created at time Sun Jun 01 10:00:00 UTC 2025 while right now it is Sun Jun 01 10:05:00 UTC 2025 which is further in the future than the tolerated delay of 300000 milliseconds.",
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h.clk.Set(efoStart.Add(tt.advance))
				in := tt.in
				_, err := h.api.ListStreamConsumers(h.ctx, &in)
				switch tt.errType {
				case "InvalidArgumentException":
					efoRequireErr[*types.InvalidArgumentException](t, err, "ListStreamConsumers", tt.msg)
				case "ResourceNotFoundException":
					efoRequireErr[*types.ResourceNotFoundException](t, err, "ListStreamConsumers", tt.msg)
				case "ExpiredNextTokenException":
					efoRequireErr[*types.ExpiredNextTokenException](t, err, "ListStreamConsumers", tt.msg)
				default:
					t.Fatalf("unknown error type %s", tt.errType)
				}
			})
		}

		t.Run("a token exactly 300 s old still works", func(t *testing.T) {
			h.clk.Set(efoStart.Add(300 * time.Second))
			out, err := h.api.ListStreamConsumers(h.ctx, &kinesis.ListStreamConsumersInput{StreamARN: &h.streamARN, NextToken: first.NextToken})
			require.NoError(t, err)
			assert.Len(t, out.Consumers, 2)
		})
	})
}

func TestListStreamConsumersShowsDeletingUntilGone(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newEFOOn(t, door, StateDelays{Delete: time.Second})
		c := h.register("app")
		_, err := h.api.DeregisterStreamConsumer(h.ctx, &kinesis.DeregisterStreamConsumerInput{ConsumerARN: c.ConsumerARN})
		require.NoError(t, err)
		out, err := h.api.ListStreamConsumers(h.ctx, &kinesis.ListStreamConsumersInput{StreamARN: &h.streamARN})
		require.NoError(t, err)
		require.Len(t, out.Consumers, 1)
		assert.Equal(t, types.ConsumerStatusDeleting, out.Consumers[0].ConsumerStatus)

		h.clk.Advance(time.Second)
		out, err = h.api.ListStreamConsumers(h.ctx, &kinesis.ListStreamConsumersInput{StreamARN: &h.streamARN})
		require.NoError(t, err)
		assert.Empty(t, out.Consumers)
	})
}

func TestDeregisterStreamConsumer(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		tests := []struct {
			name    string
			delays  StateDelays
			in      func(h *efo, arn string) *kinesis.DeregisterStreamConsumerInput
			before  func(h *efo, arn string) // runs before the call under test
			errType string
			msg     string
		}{
			{
				name: "by ARN",
				in: func(h *efo, arn string) *kinesis.DeregisterStreamConsumerInput {
					return &kinesis.DeregisterStreamConsumerInput{ConsumerARN: &arn}
				},
			},
			{
				name: "by stream and name",
				in: func(h *efo, arn string) *kinesis.DeregisterStreamConsumerInput {
					return &kinesis.DeregisterStreamConsumerInput{StreamARN: &h.streamARN, ConsumerName: aws.String("app")}
				},
			},
			{
				name:   "while CREATING",
				delays: StateDelays{Consumer: time.Minute},
				in: func(h *efo, arn string) *kinesis.DeregisterStreamConsumerInput {
					return &kinesis.DeregisterStreamConsumerInput{ConsumerARN: &arn}
				},
			},
			{
				name:   "already DELETING",
				delays: StateDelays{Delete: time.Minute},
				before: func(h *efo, arn string) {
					_, err := h.api.DeregisterStreamConsumer(h.ctx, &kinesis.DeregisterStreamConsumerInput{ConsumerARN: &arn})
					require.NoError(h.t, err)
				},
				in: func(h *efo, arn string) *kinesis.DeregisterStreamConsumerInput {
					return &kinesis.DeregisterStreamConsumerInput{ConsumerARN: &arn}
				},
				errType: "ResourceNotFoundException",
				msg:     "Consumer app under stream s under account 000000000000 not found.",
			},
			{
				name: "unknown name",
				in: func(h *efo, arn string) *kinesis.DeregisterStreamConsumerInput {
					return &kinesis.DeregisterStreamConsumerInput{StreamARN: &h.streamARN, ConsumerName: aws.String("nope")}
				},
				errType: "ResourceNotFoundException",
				msg:     "Consumer nope under stream s under account 000000000000 not found.",
			},
			{
				name: "nothing named",
				in: func(h *efo, arn string) *kinesis.DeregisterStreamConsumerInput {
					return &kinesis.DeregisterStreamConsumerInput{}
				},
				errType: "InvalidArgumentException",
				msg:     "Either ConsumerARN or both StreamARN and ConsumerName must be provided.",
			},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := newEFOOn(t, door, tt.delays)
				arn := *h.register("app").ConsumerARN
				if tt.before != nil {
					tt.before(h, arn)
				}
				_, err := h.api.DeregisterStreamConsumer(h.ctx, tt.in(h, arn))
				switch tt.errType {
				case "":
					require.NoError(t, err)
					h.clk.Advance(tt.delays.Delete)
					_, err = h.api.DescribeStreamConsumer(h.ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: &arn})
					efoRequireErr[*types.ResourceNotFoundException](t, err, "DescribeStreamConsumer",
						"Consumer app under stream s under account 000000000000 not found.")
				case "InvalidArgumentException":
					efoRequireErr[*types.InvalidArgumentException](t, err, "DeregisterStreamConsumer", tt.msg)
				case "ResourceNotFoundException":
					efoRequireErr[*types.ResourceNotFoundException](t, err, "DeregisterStreamConsumer", tt.msg)
				default:
					t.Fatalf("unknown error type %s", tt.errType)
				}
			})
		}
	})
}

func TestDeleteStreamWithConsumers(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		t.Run("refused without EnforceConsumerDeletion", func(t *testing.T) {
			h := newEFOOn(t, door, StateDelays{})
			h.register("app")
			for _, enforce := range []*bool{nil, aws.Bool(false)} {
				_, err := h.api.DeleteStream(h.ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("s"), EnforceConsumerDeletion: enforce})
				efoRequireErr[*types.ResourceInUseException](t, err, "DeleteStream",
					"DeleteStream can’t delete 000000000000:s because there are consumers associated with this data stream. To delete s anyway, set the EnforceConsumerDeletion parameter to true to force the deletion of all the consumers that are associated with it.")
			}
		})

		t.Run("allowed once the consumers are gone", func(t *testing.T) {
			h := newEFOOn(t, door, StateDelays{Delete: time.Second})
			c := h.register("app")
			_, err := h.api.DeregisterStreamConsumer(h.ctx, &kinesis.DeregisterStreamConsumerInput{ConsumerARN: c.ConsumerARN})
			require.NoError(t, err)
			// Still DELETING: it still counts.
			_, err = h.api.DeleteStream(h.ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("s")})
			efoRequireErr[*types.ResourceInUseException](t, err, "DeleteStream",
				"DeleteStream can’t delete 000000000000:s because there are consumers associated with this data stream. To delete s anyway, set the EnforceConsumerDeletion parameter to true to force the deletion of all the consumers that are associated with it.")
			h.clk.Advance(time.Second)
			_, err = h.api.DeleteStream(h.ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("s")})
			require.NoError(t, err)
		})

		t.Run("EnforceConsumerDeletion takes the consumers along", func(t *testing.T) {
			h := newEFOOn(t, door, StateDelays{Delete: time.Second})
			arn := *h.register("app").ConsumerARN
			_, err := h.api.DeleteStream(h.ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("s"), EnforceConsumerDeletion: aws.Bool(true)})
			require.NoError(t, err)
			// While the stream is DELETING, so is its consumer.
			assert.Equal(t, types.ConsumerStatusDeleting, h.status(arn))
			_, err = h.f.SubscribeToShard(h.ctx, &kinesis.SubscribeToShardInput{ConsumerARN: &arn})
			require.Error(t, err)

			h.clk.Advance(time.Second)
			_, err = h.api.DescribeStreamConsumer(h.ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: &arn})
			efoRequireErr[*types.ResourceNotFoundException](t, err, "DescribeStreamConsumer",
				"Stream s under account 000000000000 not found.")

			// A stream created again under the same name has no consumers, and
			// the old consumer's ARN does not name anything on it.
			h.f.CreateStreamT(t, "s", 1)
			out, err := h.api.ListStreamConsumers(h.ctx, &kinesis.ListStreamConsumersInput{StreamARN: &h.streamARN})
			require.NoError(t, err)
			assert.Empty(t, out.Consumers)
			_, err = h.api.DescribeStreamConsumer(h.ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: &arn})
			efoRequireErr[*types.ResourceNotFoundException](t, err, "DescribeStreamConsumer",
				"Consumer app under stream s under account 000000000000 not found.")
			_, err = h.api.DeleteStream(h.ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("s")})
			require.NoError(t, err)
		})
	})
}

func TestConsumerCount(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newEFOOn(t, door, StateDelays{Delete: time.Second})
		a := h.register("a")
		h.register("b")
		_, err := h.api.DeregisterStreamConsumer(h.ctx, &kinesis.DeregisterStreamConsumerInput{ConsumerARN: a.ConsumerARN})
		require.NoError(t, err)

		count := func() int {
			h.f.mu.RLock()
			defer h.f.mu.RUnlock()
			return h.f.streams["s"].consumerCount(h.clk.Now())
		}
		assert.Equal(t, 2, count(), "a DELETING consumer is still registered")
		h.clk.Advance(time.Second)
		assert.Equal(t, 1, count())
	})
}

// TestConsumerLimitOfOnDemandAdvantage: "With On-demand Advantage streams,
// you can register up to 50 consumers per stream. With On-demand Standard
// and Provisioned streams, you can register up to 20" (RegisterStreamConsumer's
// API reference): an on-demand stream of an account whose minimum throughput
// billing commitment is on takes 50, any other stream 20.
func TestConsumerLimitOfOnDemandAdvantage(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tc := range []struct {
			name     string
			onDemand bool
			commit   bool
			ending   bool // the commitment disabled at once: scheduled to end
			limit    int
		}{
			{"on-demand, under a commitment (Advantage)", true, true, false, 50},
			{"on-demand, under a commitment scheduled to end", true, true, true, 50},
			{"on-demand, no commitment (Standard)", true, false, false, 20},
			{"provisioned, under a commitment", false, true, false, 20},
		} {
			t.Run(tc.name, func(t *testing.T) {
				h := newEFOOn(t, door, StateDelays{})
				if tc.onDemand {
					_, err := h.api.UpdateStreamMode(h.ctx, &kinesis.UpdateStreamModeInput{StreamARN: &h.streamARN,
						StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand}})
					require.NoError(t, err)
				}
				if tc.commit {
					_, err := h.api.UpdateAccountSettings(h.ctx, &kinesis.UpdateAccountSettingsInput{
						MinimumThroughputBillingCommitment: &types.MinimumThroughputBillingCommitmentInput{Status: types.MinimumThroughputBillingCommitmentInputStatusEnabled}})
					require.NoError(t, err)
				}
				if tc.ending {
					// Disabled within its first 24 hours, the commitment runs on
					// until its earliest allowed end (UpdateAccountSettings).
					out, err := h.api.UpdateAccountSettings(h.ctx, &kinesis.UpdateAccountSettingsInput{
						MinimumThroughputBillingCommitment: &types.MinimumThroughputBillingCommitmentInput{Status: types.MinimumThroughputBillingCommitmentInputStatusDisabled}})
					require.NoError(t, err)
					require.Equal(t, types.MinimumThroughputBillingCommitmentOutputStatusEnabledUntilEarliestAllowedEnd, out.MinimumThroughputBillingCommitment.Status)
				}
				for i := range tc.limit {
					h.register(fmt.Sprintf("c%02d", i))
				}
				_, err := h.api.RegisterStreamConsumer(h.ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: &h.streamARN, ConsumerName: aws.String("one-more")})
				efoRequireErr[*types.LimitExceededException](t, err, "RegisterStreamConsumer",
					fmt.Sprintf("This request would exceed the limit of %d consumers registered with stream s under account 000000000000.", tc.limit))
			})
		}
	})
}
