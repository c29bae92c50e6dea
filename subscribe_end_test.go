package kinesisfake

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/eventstream"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake/internal/wire"
)

// How subscriptions end: at a closed shard's end, with an exception, by
// the reader, and how they pace a consumer that is behind.

// midKey splits shard 0 of a two-shard stream in half.
const midKey = "85070591730234615865843651857942052864"

// TestSubscriptionAtTheEndOfASplitShard: a split during a subscription
// ends it at the parent's end: its records first, then an event with no
// ContinuationSequenceNumber and the children as ChildShards (each naming
// its parent), then the end of the stream (the KCL's rule for the shard-end
// event). A re-subscription to the closed parent gets that event again
// (KCL PR #1744, from AWS: LATEST "will return the last SHARD_END event").
func TestSubscriptionAtTheEndOfASplitShard(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		_, app := efoFixture(h)
		sub := h.subscribe(app, shardID(0), from(types.ShardIteratorTypeLatest))
		h.putAt("s", lowKey, "a")
		_, err := h.api.SplitShard(h.ctx, &kinesis.SplitShardInput{StreamName: aws.String("s"), ShardToSplit: aws.String(shardID(0)), NewStartingHashKey: aws.String(midKey)})
		require.NoError(t, err)
		h.putAt("s", lowKey, "to a child")

		last := sub.event()
		assert.Equal(t, []string{"a"}, dataOf(last.Records))
		end := sub.event()
		assert.Empty(t, end.Records)
		assert.Nil(t, end.ContinuationSequenceNumber)
		want := []types.ChildShard{
			{ShardId: aws.String(shardID(2)), ParentShards: []string{shardID(0)}, HashKeyRange: &types.HashKeyRange{
				StartingHashKey: aws.String("0"), EndingHashKey: aws.String("85070591730234615865843651857942052863")}},
			{ShardId: aws.String(shardID(3)), ParentShards: []string{shardID(0)}, HashKeyRange: &types.HashKeyRange{
				StartingHashKey: aws.String(midKey), EndingHashKey: aws.String("170141183460469231731687303715884105727")}},
		}
		assert.Empty(t, cmp.Diff(want, end.ChildShards, sdkRecords))
		assert.NoError(t, sub.end())

		for _, pos := range []types.StartingPosition{
			from(types.ShardIteratorTypeLatest),
			at(types.ShardIteratorTypeAfterSequenceNumber, *last.ContinuationSequenceNumber),
		} {
			again := h.subscribe(app, shardID(0), pos)
			ev := again.event()
			assert.Nil(t, ev.ContinuationSequenceNumber, "%s", pos.Type)
			assert.Len(t, ev.ChildShards, 2)
			assert.NoError(t, again.end())
		}
		child := h.subscribe(app, shardID(2), from(types.ShardIteratorTypeTrimHorizon))
		assert.Equal(t, []string{"to a child"}, dataOf(child.event().Records))
	})
}

// TestSubscriptionWhileTheStreamIsUpdating: while a split is pending
// (StateDelays.Update), records still go to the parent and arrive; the
// shard's end comes when the split completes, on the clock.
func TestSubscriptionWhileTheStreamIsUpdating(t *testing.T) {
	eachDoor(t, subscriptionWhileTheStreamIsUpdating, WithStateDelays(StateDelays{Update: 10 * time.Second}))
}

// subscriptionWhileTheStreamIsUpdating is TestSubscriptionWhileTheStreamIsUpdating
// on h, whose Update delay is 10 s.
func subscriptionWhileTheStreamIsUpdating(t *testing.T, h *harness) {
	_, app := efoFixture(h)
	sub := h.subscribe(app, shardID(0), from(types.ShardIteratorTypeLatest))
	_, err := h.api.SplitShard(h.ctx, &kinesis.SplitShardInput{StreamName: aws.String("s"), ShardToSplit: aws.String(shardID(0)), NewStartingHashKey: aws.String(midKey)})
	require.NoError(t, err)
	h.clk.Advance(3 * time.Second)
	h.putAt("s", lowKey, "during the update")
	assert.Equal(t, []string{"during the update"}, dataOf(sub.event().Records))
	h.clk.Advance(7 * time.Second) // the split completes at +10 s
	ev := sub.event()
	assert.Empty(t, ev.Records)
	assert.NotNil(t, ev.ContinuationSequenceNumber, "an idle event at +8 s, before the end")
	end := sub.event()
	assert.Nil(t, end.ContinuationSequenceNumber)
	assert.Len(t, end.ChildShards, 2)
	assert.NoError(t, sub.end())
}

// TestSubscriptionsAtTheEndOfMergedShards: both parents of a merge end with
// the one child, which names both as ParentShards.
func TestSubscriptionsAtTheEndOfMergedShards(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		_, app := efoFixture(h)
		subs := []*subscriber{
			h.subscribe(app, shardID(0), from(types.ShardIteratorTypeLatest)),
			h.subscribe(app, shardID(1), from(types.ShardIteratorTypeLatest)),
		}
		_, err := h.api.MergeShards(h.ctx, &kinesis.MergeShardsInput{StreamName: aws.String("s"), ShardToMerge: aws.String(shardID(0)), AdjacentShardToMerge: aws.String(shardID(1))})
		require.NoError(t, err)
		for _, sub := range subs {
			end := sub.event()
			assert.Nil(t, end.ContinuationSequenceNumber)
			require.Len(t, end.ChildShards, 1)
			assert.Equal(t, shardID(2), aws.ToString(end.ChildShards[0].ShardId))
			assert.Equal(t, []string{shardID(0), shardID(1)}, end.ChildShards[0].ParentShards)
			assert.NoError(t, sub.end())
		}
	})
}

// TestSubscriptionEndsWithAnException: what ends a stream from the
// service's side arrives as an exception event of the stream's own types,
// and the SDK reports it from the stream's Err. AWS's texts for these were
// never recorded; kinesisfake's are those the same conditions give on
// other calls.
func TestSubscriptionEndsWithAnException(t *testing.T) {
	tests := []struct {
		name  string
		setup func(h *harness, app string) // before the subscription
		cause func(h *harness, app string) // after the first event
		check func(t *testing.T, err error)
	}{
		{
			name: "consumer deregistered",
			cause: func(h *harness, app string) {
				_, err := h.api.DeregisterStreamConsumer(h.ctx, &kinesis.DeregisterStreamConsumerInput{ConsumerARN: &app})
				require.NoError(h.t, err)
			},
			check: wantStreamException[*types.ResourceNotFoundException]("Consumer app under stream s under account 000000000000 not found."),
		},
		{
			name: "stream deleted",
			cause: func(h *harness, _ string) {
				_, err := h.api.DeleteStream(h.ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("s"), EnforceConsumerDeletion: aws.Bool(true)})
				require.NoError(h.t, err)
			},
			check: wantStreamException[*types.ResourceNotFoundException]("Stream s under account 000000000000 not found."),
		},
		{
			name: "KMS key disabled",
			setup: func(h *harness, _ string) {
				_, err := h.api.StartStreamEncryption(h.ctx, &kinesis.StartStreamEncryptionInput{StreamName: aws.String("s"), EncryptionType: types.EncryptionTypeKms, KeyId: aws.String("alias/app")})
				require.NoError(h.t, err)
			},
			cause: func(h *harness, _ string) { h.f.SetKMSKeyState("alias/app", KMSKeyDisabled) },
			check: wantStreamException[*types.KMSDisabledException]("The request was rejected because the specified KMS key arn:aws:kms:us-east-1:000000000000:alias/app is disabled."),
		},
		{
			name: "fault: internal failure at the second event",
			setup: func(h *harness, _ string) {
				h.f.InjectFault(Fault{Op: "SubscribeToShard", Event: 2, Err: ErrInternalFailure})
			},
			check: wantStreamException[*types.InternalFailureException]("Internal Service Failure"),
		},
		{
			name: "fault: KMS access denied",
			setup: func(h *harness, _ string) {
				h.f.InjectFault(Fault{Event: 2, Err: ErrKMSAccessDenied, Shard: "shardId-0"})
			},
			check: wantStreamException[*types.KMSAccessDeniedException]("User: arn:aws:sts::000000000000:assumed-role/kinesisfake/session is not authorized to decrypt records in stream s"),
		},
		{
			name: "fault: an error the stream does not model",
			setup: func(h *harness, _ string) {
				h.f.InjectFault(Fault{Op: "SubscribeToShard", Event: 2, Err: ErrLimitExceeded})
			},
			check: func(t *testing.T, err error) {
				var generic *smithy.GenericAPIError
				require.ErrorAs(t, err, &generic)
				assert.Equal(t, "LimitExceededException", generic.Code)
				assert.Equal(t, "Rate exceeded for stream s under account 000000000000.", generic.Message)
			},
		},
		{
			name: "fault: an error of the test's own",
			setup: func(h *harness, _ string) {
				h.f.InjectFault(Fault{Op: "SubscribeToShard", Event: 2, Err: errors.New("boom")})
			},
			check: func(t *testing.T, err error) {
				var generic *smithy.GenericAPIError
				require.ErrorAs(t, err, &generic)
				assert.Equal(t, "InternalFailure", generic.Code)
				assert.Equal(t, "boom", generic.Message)
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eachDoor(t, func(t *testing.T, h *harness) {
				_, app := efoFixture(h)
				if tt.setup != nil {
					tt.setup(h, app)
				}
				sub := h.subscribe(app, shardID(0), from(types.ShardIteratorTypeLatest))
				h.putAt("s", lowKey, "a")
				assert.Equal(t, []string{"a"}, dataOf(sub.event().Records))
				if tt.cause != nil {
					tt.cause(h, app)
				}
				tt.check(t, sub.end())
			})
		})
	}
}

// wantStreamException checks that a stream ended with the exception E and
// the message msg.
func wantStreamException[E smithy.APIError](msg string) func(t *testing.T, err error) {
	return func(t *testing.T, err error) {
		t.Helper()
		var exc E
		require.ErrorAs(t, err, &exc, "got %v", err)
		assert.Equal(t, msg, exc.ErrorMessage())
	}
}

// TestFaultAtTheFirstEvent: Fault.Event 1 replaces the first event, so the
// stream opens and at once ends with the exception.
func TestFaultAtTheFirstEvent(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		_, app := efoFixture(h)
		fault := h.f.InjectFault(Fault{Op: "SubscribeToShard", Event: 1, Err: ErrResourceInUse, Times: 1})
		sub := h.subscribe(app, shardID(0), from(types.ShardIteratorTypeLatest))
		wantStreamException[*types.ResourceInUseException](inUseText(shardID(0), "app"))(t, sub.end())
		assert.Equal(t, 1, fault.Fired())
		again := h.subscribe(app, shardID(0), from(types.ShardIteratorTypeLatest))
		h.putAt("s", lowKey, "a")
		assert.Equal(t, []string{"a"}, dataOf(again.event().Records), "Times 1: the next subscription is not hit")
	})
}

// TestFanOutReadBudget: a consumer that is behind gets its records at its
// own read rate (FanOutReadBytesPerSecond), paced on the clock, with
// MillisBehindLatest telling how far behind it is; the shard's GetRecords
// limits are untouched by it (AWS: each consumer "receives its own read
// throughput per shard").
func TestFanOutReadBudget(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		_, app := efoFixture(h)
		data := strings.Repeat("x", 99) // 100 bytes with its partition key "k"
		for range 25 {
			h.putAt("s", lowKey, data)
		}
		sub := h.subscribe(app, shardID(0), from(types.ShardIteratorTypeTrimHorizon))
		read := func() (n int, behind int64) {
			for n < 10 {
				ev := sub.event()
				n += len(ev.Records)
				behind = aws.ToInt64(ev.MillisBehindLatest)
			}
			return n, behind
		}
		n, behind := read()
		assert.Equal(t, 10, n, "1000 bytes in the first second")
		assert.Equal(t, int64(0), behind)

		it, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shardID(0)), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		require.NoError(t, err)
		out, err := h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator, Limit: aws.Int32(5)})
		require.NoError(t, err, "the shard's own read budget is untouched")
		assert.Len(t, out.Records, 5)

		h.clk.Advance(time.Second)
		n, behind = read()
		assert.Equal(t, 10, n)
		assert.Equal(t, int64(1000), behind, "the rest waited a second")
		h.clk.Advance(time.Second)
		assert.Len(t, sub.event().Records, 5)
	}, WithLimits(func(l *Limits) {
		l.FanOutReadBytesPerSecond = 1000
		l.ReadBytesPerSecond = 1000
		l.GetRecordsPerSecond = 5
	}))
}

// TestSubscriptionEndsWithItsContext: a reader whose context ends stops
// reading, and the subscription is freed at once for the next one.
func TestSubscriptionEndsWithItsContext(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		_, app := efoFixture(h)
		ctx, cancel := context.WithCancel(h.ctx)
		out, err := h.api.SubscribeToShard(ctx, &kinesis.SubscribeToShardInput{ConsumerARN: &app, ShardId: aws.String(shardID(0)),
			StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeLatest}}, h.door.subscribeOpt)
		require.NoError(t, err)
		sub := &subscriber{t: t, stream: out.GetStream()}
		defer sub.stream.Close()
		cancel()
		err = sub.end()
		require.Error(t, err)
		assert.ErrorIs(t, err, context.Canceled)
		require.Eventually(t, func() bool {
			_, err := h.trySubscribe(app, shardID(0), from(types.ShardIteratorTypeLatest))
			return err == nil
		}, eventWait, time.Millisecond)
	})
}

// TestSubscriptionsInTheCallLog: every SubscribeToShard call is logged,
// with its input and its error if it failed before the stream opened.
func TestSubscriptionsInTheCallLog(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		_, app := efoFixture(h)
		h.subscribe(app, shardID(0), from(types.ShardIteratorTypeLatest))
		_, err := h.trySubscribe(app, shardID(0), from(types.ShardIteratorTypeLatest))
		require.Error(t, err)
		calls := h.f.Calls("SubscribeToShard")
		require.Len(t, calls, 2)
		in, ok := calls[0].Input.(*kinesis.SubscribeToShardInput)
		require.True(t, ok)
		assert.Equal(t, app, aws.ToString(in.ConsumerARN))
		assert.NoError(t, calls[0].Err)
		var inUse *types.ResourceInUseException
		assert.ErrorAs(t, calls[1].Err, &inUse)
	})
}

// TestEventStreamBytesAreTheSameThroughEveryDoor: the body of a
// SubscribeToShard response, byte for byte, is the same in memory and on
// the wire; and it is AWS's framing: the initial-response first, then the
// events, with the headers a real stream's frames carry
// (aws/aws-sdk-ruby#2779: :event-type, :content-type
// application/x-amz-json-1.1, :message-type).
func TestEventStreamBytesAreTheSameThroughEveryDoor(t *testing.T) {
	body := func(t *testing.T, send func(f *Fake, req *http.Request) *http.Response) ([]byte, http.Header) {
		h := newHarness(t, directTestDoor)
		_, app := efoFixture(h)
		h.putAt("s", lowKey, "a")
		h.putAt("s", lowKey, "b")
		_, err := h.f.SplitShard(h.ctx, &kinesis.SplitShardInput{StreamName: aws.String("s"), ShardToSplit: aws.String(shardID(0)), NewStartingHashKey: aws.String(midKey)})
		require.NoError(t, err)
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"ConsumerARN":"`+app+`","ShardId":"shardId-000000000000","StartingPosition":{"Type":"TRIM_HORIZON"}}`))
		req.Header.Set("X-Amz-Target", "Kinesis_20131202.SubscribeToShard")
		signRequest(req)
		req.Header.Set("Content-Type", wire.JSONContentType)
		resp := send(h.f, req)
		defer resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		b, err := io.ReadAll(resp.Body) // the shard's end ends the stream
		require.NoError(t, err)
		return b, resp.Header
	}
	memory, memHeader := body(t, func(f *Fake, req *http.Request) *http.Response {
		resp, err := memoryClient{h: wireHandler{f: f}}.Do(req)
		require.NoError(t, err)
		return resp
	})
	wire, wireHeader := body(t, func(f *Fake, req *http.Request) *http.Response {
		srv := httptest.NewServer(f.Handler())
		t.Cleanup(srv.Close)
		out, err := http.NewRequest(req.Method, srv.URL, req.Body)
		require.NoError(t, err)
		out.Header = req.Header
		resp, err := srv.Client().Do(out)
		require.NoError(t, err)
		return resp
	})
	assert.Equal(t, memory, wire)
	for _, hdr := range []http.Header{memHeader, wireHeader} {
		assert.Equal(t, "application/vnd.amazon.eventstream", hdr.Get("Content-Type"))
		assert.NotEmpty(t, hdr.Get("X-Amzn-Requestid"))
		// FIDELITY.md, "SubscribeToShard": x-amz-id-2 is present too (the
		// Java SDK's integration test asserts both): base64 of 72 bytes.
		assert.Len(t, hdr.Get("X-Amz-Id-2"), 96)
		assert.Empty(t, hdr.Get("Content-Length"))
	}

	msgs := decodeMessages(t, wire)
	require.Len(t, msgs, 3)
	assert.Equal(t, "[:message-type=event :event-type=initial-response] ", msgs[0])
	assert.Regexp(t, `^\[:event-type=SubscribeToShardEvent :content-type=application/x-amz-json-1.1 :message-type=event\] \{"ContinuationSequenceNumber":"\d{56}","MillisBehindLatest":0,"Records":\[\{"ApproximateArrivalTimestamp":1748772000,"Data":"YQ==","PartitionKey":"k","SequenceNumber":"\d{56}"\},\{.*"Data":"Yg==".*\}\]\}$`, msgs[1])
	assert.Regexp(t, `^\[:event-type=SubscribeToShardEvent :content-type=application/x-amz-json-1.1 :message-type=event\] \{"ChildShards":\[\{"HashKeyRange":\{.*\},"ParentShards":\["shardId-000000000000"\],"ShardId":"shardId-000000000002"\},\{.*"ShardId":"shardId-000000000003"\}\],"MillisBehindLatest":0,"Records":\[\]\}$`, msgs[2])
}

// decodeMessages decodes an event-stream body into one line per message:
// its headers in order, then its payload.
func decodeMessages(t *testing.T, body []byte) []string {
	t.Helper()
	dec := eventstream.NewDecoder()
	r := bytes.NewReader(body)
	var out []string
	for r.Len() > 0 {
		msg, err := dec.Decode(r, nil)
		require.NoError(t, err)
		var hdrs []string
		for _, h := range msg.Headers {
			hdrs = append(hdrs, h.Name+"="+h.Value.String())
		}
		out = append(out, "["+strings.Join(hdrs, " ")+"] "+string(msg.Payload))
	}
	return out
}

// TestMillisBehindLatestAtAClosedShardsEnd: at the end of a closed shard
// AWS reports the reader behind, not caught up: a real response on an old
// parent was {'MillisBehindLatest': 4358000, 'Records': []} with no
// iterator (hampsterx/async-kinesis#29, in FIDELITY.md). The fake reports
// how long ago the shard closed, in GetRecords and in the shard-end event
// alike (AWS's exact rule is not recorded; see the README).
func TestMillisBehindLatestAtAClosedShardsEnd(t *testing.T) {
	const sinceClose = 4358 * time.Second // the evidence's value
	eachDoor(t, func(t *testing.T, h *harness) {
		_, app := efoFixture(h)
		h.putAt("s", lowKey, "a")
		_, err := h.api.SplitShard(h.ctx, &kinesis.SplitShardInput{StreamName: aws.String("s"), ShardToSplit: aws.String(shardID(0)), NewStartingHashKey: aws.String(midKey)})
		require.NoError(t, err)
		h.clk.Advance(sinceClose)

		it, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shardID(0)), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		require.NoError(t, err)
		out, err := h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
		require.NoError(t, err)
		assert.Equal(t, []string{"a"}, dataOf(out.Records))
		assert.Nil(t, out.NextShardIterator)
		assert.Len(t, out.ChildShards, 2)
		assert.Equal(t, sinceClose.Milliseconds(), aws.ToInt64(out.MillisBehindLatest))

		sub := h.subscribe(app, shardID(0), from(types.ShardIteratorTypeTrimHorizon))
		assert.Equal(t, []string{"a"}, dataOf(sub.event().Records))
		end := sub.event()
		assert.Len(t, end.ChildShards, 2)
		assert.Equal(t, sinceClose.Milliseconds(), aws.ToInt64(end.MillisBehindLatest))
		assert.NoError(t, sub.end())
	})
}

// TestEndedSubscriptionWaitsOnAClockSetBack: a subscription ended early
// (ExpireSubscriptions) whose end a ManualClock set back puts in the future
// again waits for the clock, without looking at its shard again and again.
func TestEndedSubscriptionWaitsOnAClockSetBack(t *testing.T) {
	h := newHarness(t, directTestDoor)
	_, app := efoFixture(h)
	h.clk.Advance(time.Hour) // so that a minute back is still after the stream's creation
	sub, err := h.f.subscribeToShard(&kinesis.SubscribeToShardInput{ConsumerARN: &app, ShardId: aws.String(shardID(0)),
		StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeLatest}})
	require.NoError(t, err)
	h.f.ExpireSubscriptions()
	h.clk.Advance(-time.Minute)

	before := h.f.subs.polls.Load()
	ctx, cancel := context.WithTimeout(h.ctx, 50*time.Millisecond)
	defer cancel()
	_, err = sub.next(ctx)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "nothing is due before the clock comes back")
	assert.LessOrEqual(t, h.f.subs.polls.Load()-before, int64(2), "one look, then a wait for the clock")
}

// TestResetEndsSubscriptions: Reset ends every open subscription cleanly,
// as ExpireSubscriptions does, and frees its slot with the streams.
func TestResetEndsSubscriptions(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		_, app := efoFixture(h)
		sub := h.subscribe(app, shardID(0), from(types.ShardIteratorTypeLatest))
		h.f.Reset()
		assert.NoError(t, sub.endAfterIdle(), "a clean end, no exception")
	})
}

// TestPutRecordsHoldsItsShardsSubscriptions: while a PutRecords stores its
// entries, a subscription of a shard it wrote waits (shard.batching), and
// sees every entry at once when the call ends: the engine's side of one
// event per PutRecords (TestSubscribeOneEventPerPutRecords), step by step.
func TestPutRecordsHoldsItsShardsSubscriptions(t *testing.T) {
	h := newHarness(t, directTestDoor)
	_, app := efoFixture(h)
	sub, err := h.f.subscribeToShard(&kinesis.SubscribeToShardInput{ConsumerARN: &app, ShardId: aws.String(shardID(0)),
		StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeLatest}})
	require.NoError(t, err)

	h.f.mu.RLock()
	s := h.f.streams["s"]
	var batch putBatch
	var seq [seqLen]byte
	for _, data := range []string{"a", "b"} {
		_, ok := h.f.store(s, hashKey{}, []byte(data), "k", h.f.now(), &seq, &batch)
		require.True(t, ok)
	}
	h.f.mu.RUnlock()

	ev, wait, err := sub.poll(h.f.now())
	require.NoError(t, err)
	assert.Nil(t, ev, "no event while the PutRecords is storing")
	require.NotNil(t, wait.changed)
	select {
	case <-wait.changed:
		t.Fatal("woken before the PutRecords ended")
	default:
	}

	h.f.mu.RLock()
	batch.end()
	h.f.mu.RUnlock()
	select {
	case <-wait.changed:
	default:
		t.Fatal("not woken when the PutRecords ended")
	}
	ev, _, err = sub.poll(h.f.now())
	require.NoError(t, err)
	require.NotNil(t, ev)
	assert.Equal(t, []string{"a", "b"}, dataOf(ev.Records))
}
