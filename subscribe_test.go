package kinesisfake

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// SubscribeToShard's behaviour, through every door. Facts from AWS are in
// FIDELITY.md ("Enhanced fan-out", and the wire section); where AWS is
// silent the README's Behaviour table says what kinesisfake chose.

// Hash keys that route to shard 0 and shard 1 of a two-shard stream.
const (
	lowKey  = "0"
	highKey = "170141183460469231731687303715884105728"
)

// eventWait bounds how long a test waits, in real time, for an event the
// fake owes it: a guard against a hang, never a condition of the test.
const eventWait = 10 * time.Second

// subscriber reads one subscription's events for a test.
type subscriber struct {
	t      testing.TB
	stream *kinesis.SubscribeToShardEventStream
}

// trySubscribe calls SubscribeToShard through the door.
func (h *harness) trySubscribe(consumerARN, shard string, pos types.StartingPosition) (*subscriber, error) {
	out, err := h.api.SubscribeToShard(h.ctx, &kinesis.SubscribeToShardInput{ConsumerARN: &consumerARN, ShardId: &shard, StartingPosition: &pos}, h.door.subscribeOpt)
	if err != nil {
		return nil, err
	}
	s := &subscriber{t: h.t, stream: out.GetStream()}
	h.t.Cleanup(func() { s.stream.Close() })
	return s, nil
}

// subscribe is trySubscribe for a call that must succeed.
func (h *harness) subscribe(consumerARN, shard string, pos types.StartingPosition) *subscriber {
	h.t.Helper()
	s, err := h.trySubscribe(consumerARN, shard, pos)
	require.NoError(h.t, err)
	return s
}

// awaitWaiters blocks until n subscriptions wait on the harness's clock
// (ManualClock.BlockUntilWaiters), failing the test after eventWait.
func (h *harness) awaitWaiters(n int) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(h.ctx, eventWait)
	defer cancel()
	require.NoError(h.t, h.clk.BlockUntilWaiters(ctx, n), "%d subscriptions waiting", n)
}

// at is a starting position of type typ at sequence number seq.
func at(typ types.ShardIteratorType, seq string) types.StartingPosition {
	return types.StartingPosition{Type: typ, SequenceNumber: &seq}
}

// from is a starting position of type typ without a sequence number.
func from(typ types.ShardIteratorType) types.StartingPosition {
	return types.StartingPosition{Type: typ}
}

// event waits for the next event; the stream must not end first.
func (s *subscriber) event() types.SubscribeToShardEvent {
	s.t.Helper()
	select {
	case ev, ok := <-s.stream.Events():
		require.True(s.t, ok, "the stream ended (err %v) where an event was due", s.stream.Err())
		member, isEvent := ev.(*types.SubscribeToShardEventStreamMemberSubscribeToShardEvent)
		require.True(s.t, isEvent, "unknown event %T", ev)
		return member.Value
	case <-time.After(eventWait):
		s.t.Fatalf("no event within %v", eventWait)
	}
	panic("unreachable")
}

// records waits for the next event that carries records, skipping the
// empty ones every 5 seconds of clock time brings.
func (s *subscriber) records() types.SubscribeToShardEvent {
	s.t.Helper()
	for {
		if ev := s.event(); len(ev.Records) > 0 {
			return ev
		}
	}
}

// endAfterIdle waits for the stream's end, skipping empty events; no event
// with records may come first.
func (s *subscriber) endAfterIdle() error {
	s.t.Helper()
	for {
		select {
		case ev, ok := <-s.stream.Events():
			if !ok {
				return s.stream.Err()
			}
			e := ev.(*types.SubscribeToShardEventStreamMemberSubscribeToShardEvent).Value
			require.Empty(s.t, e.Records, "records where the stream's end was due")
		case <-time.After(eventWait):
			s.t.Fatalf("the stream did not end within %v", eventWait)
		}
	}
}

// end waits for the stream to end, with no event first, and returns the
// error it ended with: nil for a clean end.
func (s *subscriber) end() error {
	s.t.Helper()
	select {
	case ev, ok := <-s.stream.Events():
		require.False(s.t, ok, "an event (%+v) where the stream's end was due", ev)
		return s.stream.Err()
	case <-time.After(eventWait):
		s.t.Fatalf("the stream did not end within %v", eventWait)
	}
	panic("unreachable")
}

// efoFixture is what most subscription tests start from: stream "s" of two
// shards and its ACTIVE consumer "app".
func efoFixture(h *harness) (streamARN, consumerARN string) {
	streamARN = h.stream("s", 2)
	return streamARN, h.consumer(streamARN, "app")
}

// sdkRecords compares the SDK's record structs by their exported fields.
var sdkRecords = cmpopts.IgnoreUnexported(types.Record{}, types.SubscribeToShardEvent{}, types.ChildShard{}, types.HashKeyRange{})

func TestSubscribeDeliversRecordsAsTheyArePut(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		_, app := efoFixture(h)
		h.putAt("s", lowKey, "a")
		h.putAt("s", highKey, "other shard")
		h.putAt("s", lowKey, "b")
		sub := h.subscribe(app, shardID(0), from(types.ShardIteratorTypeTrimHorizon))

		// What is there arrives at once, in one event, exactly as GetRecords
		// returns it.
		ev := sub.event()
		want := h.f.Records("s", shardID(0))
		assert.Empty(t, cmp.Diff(want, ev.Records, sdkRecords))
		assertContinuesAfter(t, ev.ContinuationSequenceNumber, *want[1].SequenceNumber)
		assert.Equal(t, int64(0), aws.ToInt64(ev.MillisBehindLatest))
		assert.Nil(t, ev.ChildShards)

		// Records put later arrive as they are put, in order, each once.
		h.clk.Advance(time.Second)
		c := h.putAt("s", lowKey, "c")
		ev = sub.event()
		assert.Equal(t, []string{"c"}, dataOf(ev.Records))
		assertContinuesAfter(t, ev.ContinuationSequenceNumber, c)
		h.putAt("s", lowKey, "d")
		h.putAt("s", highKey, "not this shard")
		e := h.putAt("s", lowKey, "e")
		var got []string
		for len(got) < 2 {
			ev = sub.event()
			got = append(got, dataOf(ev.Records)...)
		}
		assert.Equal(t, []string{"d", "e"}, got)
		assertContinuesAfter(t, ev.ContinuationSequenceNumber, e)
		assert.Equal(t, 1, h.f.CallCount("SubscribeToShard"), "the call log has the subscription")
	})
}

// TestSubscribeOneEventPerPutRecords: the records of one PutRecords made
// while subscribed arrive in one event with MillisBehindLatest 0, as
// recorded on AWS with five (LocalStack's test_subscribe_to_shard
// snapshot); 500 here, so that a reader woken midway would show.
func TestSubscribeOneEventPerPutRecords(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		_, app := efoFixture(h)
		sub := h.subscribe(app, shardID(0), from(types.ShardIteratorTypeTrimHorizon))
		// The reader waits at the shard's tip before the records come, so
		// a PutRecords storing them one by one would wake it midway.
		h.awaitWaiters(1)
		entries := make([]types.PutRecordsRequestEntry, 500)
		want := make([]string, len(entries))
		for i := range entries {
			want[i] = fmt.Sprint(i)
			entries[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String("k"), ExplicitHashKey: aws.String(lowKey), Data: []byte(want[i])}
		}
		_, err := h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: entries})
		require.NoError(t, err)
		ev := sub.event()
		assert.Equal(t, want, dataOf(ev.Records), "one event with the whole PutRecords")
		assert.Equal(t, int64(0), aws.ToInt64(ev.MillisBehindLatest))
		assert.Nil(t, ev.ChildShards)
	})
}

func TestSubscribeStartingPositions(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		streamARN := h.stream("s", 2)
		var seqs []string // records 1..3 of shard 0, one second apart
		for i := 1; i <= 3; i++ {
			seqs = append(seqs, h.putAt("s", lowKey, fmt.Sprint(i)))
			h.clk.Advance(time.Second)
		}
		second := harnessStart.Add(time.Second) // arrival of record 2
		startingSeq := aws.ToString(h.describeShard("s", 0).SequenceNumberRange.StartingSequenceNumber)
		tests := []struct {
			name string
			pos  types.StartingPosition
			want []string // the first event's records; nil: the first event comes with the next put
		}{
			{"TRIM_HORIZON", from(types.ShardIteratorTypeTrimHorizon), []string{"1", "2", "3"}},
			{"LATEST", from(types.ShardIteratorTypeLatest), nil},
			{"AT_SEQUENCE_NUMBER", at(types.ShardIteratorTypeAtSequenceNumber, seqs[1]), []string{"2", "3"}},
			{"AFTER_SEQUENCE_NUMBER", at(types.ShardIteratorTypeAfterSequenceNumber, seqs[1]), []string{"3"}},
			{"AFTER_SEQUENCE_NUMBER of the newest", at(types.ShardIteratorTypeAfterSequenceNumber, seqs[2]), nil},
			// AWS: an AT_SEQUENCE_NUMBER subscription at the shard's
			// StartingSequenceNumber receives records (LocalStack's snapshot).
			{"AT_SEQUENCE_NUMBER of the shard's start", at(types.ShardIteratorTypeAtSequenceNumber, startingSeq), []string{"1", "2", "3"}},
			{"AT_TIMESTAMP", types.StartingPosition{Type: types.ShardIteratorTypeAtTimestamp, Timestamp: &second}, []string{"2", "3"}},
			{"AT_TIMESTAMP before every record", types.StartingPosition{Type: types.ShardIteratorTypeAtTimestamp, Timestamp: aws.Time(harnessStart.Add(-time.Hour))}, []string{"1", "2", "3"}},
			{"AT_TIMESTAMP now", types.StartingPosition{Type: types.ShardIteratorTypeAtTimestamp, Timestamp: aws.Time(h.clk.Now())}, nil},
		}
		var subs []*subscriber
		for i, tt := range tests {
			subs = append(subs, h.subscribe(h.consumer(streamARN, fmt.Sprint("c", i)), shardID(0), tt.pos))
		}
		for i, tt := range tests {
			if tt.want != nil {
				assert.Equal(t, tt.want, dataOf(subs[i].event().Records), tt.name)
			}
		}
		h.putAt("s", lowKey, "4")
		for i, tt := range tests {
			assert.Equal(t, []string{"4"}, dataOf(subs[i].event().Records), tt.name)
		}
	})
}

// describeShard is shard n of stream as ListShards shows it.
func (h *harness) describeShard(stream string, n int) types.Shard {
	h.t.Helper()
	out, err := h.api.ListShards(h.ctx, &kinesis.ListShardsInput{StreamName: &stream})
	require.NoError(h.t, err)
	for _, sh := range out.Shards {
		if *sh.ShardId == shardID(n) {
			return sh
		}
	}
	h.t.Fatalf("no shard %d in %s", n, stream)
	return types.Shard{}
}

// TestSubscribeIdleEvents: a subscription with nothing to deliver still
// gets an event every 5 seconds, with no records and its position as
// ContinuationSequenceNumber (idle events 5 s apart in a real stream's
// frame dump, aws/aws-sdk-ruby#2779).
func TestSubscribeIdleEvents(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		_, app := efoFixture(h)
		startingSeq := aws.ToString(h.describeShard("s", 0).SequenceNumberRange.StartingSequenceNumber)
		sub := h.subscribe(app, shardID(0), from(types.ShardIteratorTypeLatest))

		// Nothing for 4.999 s: the record put then is the first event.
		h.clk.Advance(4999 * time.Millisecond)
		a := h.putAt("s", lowKey, "a")
		ev := sub.event()
		assert.Equal(t, []string{"a"}, dataOf(ev.Records))
		afterA := aws.ToString(ev.ContinuationSequenceNumber)

		// 5 s after that event, an empty one that keeps the position.
		h.clk.Advance(5 * time.Second)
		ev = sub.event()
		assert.Empty(t, ev.Records)
		assert.NotNil(t, ev.Records, "Records is required, [] when empty")
		assert.Equal(t, afterA, aws.ToString(ev.ContinuationSequenceNumber))
		assertContinuesAfter(t, ev.ContinuationSequenceNumber, a)
		assert.Equal(t, int64(0), aws.ToInt64(ev.MillisBehindLatest))

		// An idle shard from the start: the position is the shard's start.
		other := h.subscribe(h.consumer(h.f.streamARN("s"), "idle"), shardID(1), from(types.ShardIteratorTypeLatest))
		h.clk.Advance(5 * time.Second)
		ev = other.event()
		assert.Empty(t, ev.Records)
		assertContinuesAfter(t, ev.ContinuationSequenceNumber, aws.ToString(h.describeShard("s", 1).SequenceNumberRange.StartingSequenceNumber))
		assert.NotEqual(t, startingSeq, aws.ToString(ev.ContinuationSequenceNumber), "each shard its own")
	})
}

// TestSubscriptionEndsAfterFiveMinutes: after 5 minutes of clock time the
// stream ends cleanly, no exception (AWS's own integration test and users'
// logs), once the records that arrived before then are delivered; the
// consumer resumes after its ContinuationSequenceNumber and misses nothing.
func TestSubscriptionEndsAfterFiveMinutes(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		_, app := efoFixture(h)
		sub := h.subscribe(app, shardID(0), from(types.ShardIteratorTypeTrimHorizon))
		h.clk.Advance(time.Minute)
		h.putAt("s", lowKey, "a")
		assert.Equal(t, []string{"a"}, dataOf(sub.records().Records))

		// A record put in the subscription's last millisecond, then the clock
		// jumps past its end before the reader looks: it is still delivered.
		h.clk.Set(harnessStart.Add(subscriptionLifetime - time.Millisecond))
		h.putAt("s", lowKey, "b")
		h.clk.Advance(time.Hour)
		ev := sub.records()
		assert.Equal(t, []string{"b"}, dataOf(ev.Records))
		assert.NoError(t, sub.end(), "a clean end")

		h.putAt("s", lowKey, "c")
		next := h.subscribe(app, shardID(0), at(types.ShardIteratorTypeAfterSequenceNumber, *ev.ContinuationSequenceNumber))
		assert.Equal(t, []string{"c"}, dataOf(next.event().Records))
	})
}

// TestResumeFromContinuationLosesNothing: a consumer that re-subscribes
// after each end, from its last ContinuationSequenceNumber with
// AFTER_SEQUENCE_NUMBER (as the KCL does), gets every record exactly once
// in order, whether the ends come from the clock, from
// ExpireSubscriptions or from idle periods in between.
func TestResumeFromContinuationLosesNothing(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		_, app := efoFixture(h)
		var want, got []string
		pos := from(types.ShardIteratorTypeTrimHorizon)
		n := 0
		for round := range 4 {
			sub := h.subscribe(app, shardID(0), pos)
			for range 3 {
				n++
				want = append(want, fmt.Sprint(n))
				h.putAt("s", lowKey, fmt.Sprint(n))
			}
			var last string
			for len(got) < len(want) {
				ev := sub.event()
				got = append(got, dataOf(ev.Records)...)
				last = *ev.ContinuationSequenceNumber
			}
			h.clk.Advance(6 * time.Second) // an idle event keeps the same position
			ev := sub.event()
			assert.Empty(t, ev.Records)
			assert.Equal(t, last, *ev.ContinuationSequenceNumber)
			if round%2 == 0 {
				h.f.ExpireSubscriptions()
			} else {
				h.clk.Advance(subscriptionLifetime)
			}
			require.NoError(t, sub.endAfterIdle())
			pos = at(types.ShardIteratorTypeAfterSequenceNumber, last)
		}
		assert.Equal(t, want, got)
	})
}

// inUseText is AWS's text for a second subscription of a consumer to a
// shard, seen in real logs as the event that ends a taken-over stream
// (awslabs/amazon-kinesis-client#391).
func inUseText(shard, consumer string) string {
	return "Another active subscription exists for this consumer: 000000000000:s:" + shard + ":" + consumer
}

// TestSubscriptionTakeover: a second SubscribeToShard within 5 s of the
// first fails with ResourceInUseException; 5 s or more after it, the second
// takes over and the first ends with that exception (AWS's documentation of
// SubscribeToShard). Other shards and consumers are unaffected.
func TestSubscriptionTakeover(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		streamARN, app := efoFixture(h)
		first := h.subscribe(app, shardID(0), from(types.ShardIteratorTypeLatest))
		h.subscribe(app, shardID(1), from(types.ShardIteratorTypeLatest))
		h.subscribe(h.consumer(streamARN, "other"), shardID(0), from(types.ShardIteratorTypeLatest))

		h.clk.Advance(4999 * time.Millisecond) // AWS: a takeover needs 5 s
		_, err := h.trySubscribe(app, shardID(0), from(types.ShardIteratorTypeLatest))
		requireSDKError[*types.ResourceInUseException](t, err, "SubscribeToShard", inUseText(shardID(0), "app"))
		h.putAt("s", lowKey, "a")
		assert.Equal(t, []string{"a"}, dataOf(first.event().Records), "the failed call took nothing over")

		h.clk.Advance(time.Millisecond)
		second := h.subscribe(app, shardID(0), from(types.ShardIteratorTypeTrimHorizon))
		var inUse *types.ResourceInUseException
		require.ErrorAs(t, first.end(), &inUse)
		assert.Equal(t, inUseText(shardID(0), "app"), inUse.ErrorMessage())
		assert.Equal(t, []string{"a"}, dataOf(second.event().Records))
	})
}

// TestSubscriptionEndFreesTheSlot: once a subscription has ended (the
// client closed it, or it delivered its shard's end), a new one may start
// at once: the 5-second rule guards live subscriptions only.
func TestSubscriptionEndFreesTheSlot(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		_, app := efoFixture(h)
		sub := h.subscribe(app, shardID(0), from(types.ShardIteratorTypeLatest))
		require.NoError(t, sub.stream.Close())
		require.Eventually(t, func() bool {
			_, err := h.trySubscribe(app, shardID(0), from(types.ShardIteratorTypeLatest))
			return err == nil
		}, eventWait, time.Millisecond, "the server learns of the hang-up when the connection closes")
	})
}

// TestSubscribeToShardRate: at most one call per second per consumer and
// shard (AWS's documentation); over it, LimitExceededException before the
// stream opens. AWS's text was never recorded: kinesisfake's follows its
// other rate texts.
func TestSubscribeToShardRate(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		streamARN, app := efoFixture(h)
		h.subscribe(app, shardID(0), from(types.ShardIteratorTypeLatest))
		h.clk.Advance(999 * time.Millisecond)
		_, err := h.trySubscribe(app, shardID(0), from(types.ShardIteratorTypeLatest))
		requireSDKError[*types.LimitExceededException](t, err, "SubscribeToShard",
			"Rate exceeded for consumer "+app+" and shard shardId-000000000000 under account 000000000000.")
		h.subscribe(app, shardID(1), from(types.ShardIteratorTypeLatest))                            // another shard
		h.subscribe(h.consumer(streamARN, "other"), shardID(0), from(types.ShardIteratorTypeLatest)) // another consumer
		h.clk.Advance(time.Millisecond)
		_, err = h.trySubscribe(app, shardID(0), from(types.ShardIteratorTypeLatest))
		requireSDKError[*types.ResourceInUseException](t, err, "SubscribeToShard", inUseText(shardID(0), "app"))
	}, WithLimits(func(l *Limits) { l.SubscribeToShardPerSecond = 1 }))
}

// requireSDKError checks that err is the exception E with exactly the
// message msg, wrapped as the real client wraps a service error of op.
func requireSDKError[E smithy.APIError](t testing.TB, err error, op, msg string) {
	t.Helper()
	require.Error(t, err)
	var exc E
	require.ErrorAs(t, err, &exc, "got %v", err)
	assert.Equal(t, msg, exc.ErrorMessage())
	assert.Regexp(t, fmt.Sprintf(`^operation error Kinesis: %s, https response error StatusCode: \d+, RequestID: [0-9a-f-]+, %s: `, op, exc.ErrorCode()), err.Error())
}

// TestSubscriptionErrorsBeforeTheStreamOpens: what AWS refuses before the
// stream opens comes back as an ordinary error of the call, typed and
// wrapped as every other: an unknown or not-yet-ACTIVE consumer, a shard
// that does not exist, a bad starting position, an unusable KMS key, a
// fault aimed at the call.
func TestSubscriptionErrorsBeforeTheStreamOpens(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		streamARN, app := efoFixture(h)
		h.clk.Advance(time.Minute) // app is ACTIVE
		other := h.putAt("s", highKey, "x")
		young := h.consumer(streamARN, "young") // CREATING for a minute
		trim := from(types.ShardIteratorTypeTrimHorizon)
		errCase := func(name, consumer, shard string, pos types.StartingPosition, check func(error)) {
			t.Run(name, func(t *testing.T) {
				_, err := h.trySubscribe(consumer, shard, pos)
				check(err)
			})
		}
		want := func(code, msg string) func(error) {
			return func(err error) {
				require.Error(t, err)
				var apiErr smithy.APIError
				require.ErrorAs(t, err, &apiErr)
				assert.Equal(t, code, apiErr.ErrorCode())
				assert.Equal(t, msg, apiErr.ErrorMessage())
			}
		}
		errCase("consumer CREATING", young, shardID(0), trim, want("ResourceInUseException",
			fmt.Sprintf("Consumer young with creation timestamp %d under stream: s , account 000000000000. is not in ACTIVE status.", harnessStart.Unix()+60)))
		errCase("unknown consumer", streamARN+"/consumer/nope:1", shardID(0), trim, want("ResourceNotFoundException",
			"Consumer nope under stream s under account 000000000000 not found."))
		errCase("shard that does not exist", app, shardID(7), trim, want("ResourceNotFoundException",
			"Shard shardId-000000000007 in stream s under account 000000000000 does not exist"))
		errCase("sequence number of another shard", app, shardID(0), at(types.ShardIteratorTypeAtSequenceNumber, other), want("InvalidArgumentException",
			"Invalid StartingSequenceNumber. It encodes shardId-000000000001, while it was used in a call to a shard with shardId-000000000000"))
		errCase("starting position of the wrong shape", app, shardID(0), at(types.ShardIteratorTypeLatest, other), want("InvalidArgumentException",
			"Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified LATEST and also a StartingSequenceNumber."))
		errCase("shard id that does not parse", app, "foo", trim, want("ResourceNotFoundException",
			"Could not find shard foo in stream s under account 000000000000."))
		errCase("AT_SEQUENCE_NUMBER without a number", app, shardID(0), from(types.ShardIteratorTypeAtSequenceNumber), want("InvalidArgumentException",
			"Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber."))
		// The enum's values in AWS's order (FIDELITY.md, GetShardIterator's
		// shardIteratorType, the same enum).
		errCase("unknown starting position type", app, shardID(0), from("SOMEWHERE"), want("ValidationException",
			"1 validation error detected: Value 'SOMEWHERE' at 'startingPosition.type' failed to satisfy constraint: Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]"))
		errCase("model constraint", app, shardID(0), at(types.ShardIteratorTypeAtSequenceNumber, "x"), want("ValidationException",
			"1 validation error detected: Value 'x' at 'startingPosition.sequenceNumber' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128})"))

		t.Run("KMS key unusable", func(t *testing.T) {
			h.f.CreateStreamT(t, "enc", 1)
			_, err := h.api.StartStreamEncryption(h.ctx, &kinesis.StartStreamEncryptionInput{StreamName: aws.String("enc"), EncryptionType: types.EncryptionTypeKms, KeyId: aws.String("alias/enc")})
			require.NoError(t, err)
			encApp := h.consumer(h.f.streamARN("enc"), "app")
			h.clk.Advance(time.Minute) // ACTIVE
			h.f.SetKMSKeyState("alias/enc", KMSKeyNotFound)
			_, err = h.trySubscribe(encApp, shardID(0), trim)
			requireSDKError[*types.KMSNotFoundException](t, err, "SubscribeToShard",
				"The request was rejected because the specified KMS key arn:aws:kms:us-east-1:000000000000:alias/enc was not found.")
		})
		t.Run("fault aimed at the call", func(t *testing.T) {
			fault := h.f.InjectFault(Fault{Op: "SubscribeToShard", Err: ErrResourceInUse, Times: 1})
			_, err := h.trySubscribe(app, shardID(0), trim)
			var inUse *types.ResourceInUseException
			require.ErrorAs(t, err, &inUse)
			assert.Equal(t, 1, fault.Fired())
			_, err = h.trySubscribe(app, shardID(0), trim)
			require.NoError(t, err)
		})
		t.Run("missing required member", func(t *testing.T) {
			_, err := h.api.SubscribeToShard(h.ctx, &kinesis.SubscribeToShardInput{ConsumerARN: &app, ShardId: aws.String(shardID(0))})
			var invalid smithy.InvalidParamsError
			require.ErrorAs(t, err, &invalid)
		})
	}, WithStateDelays(StateDelays{Consumer: time.Minute}))
}
