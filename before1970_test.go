package kinesisfake

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The engine's instants are Unix ms, negative before 1970. Nothing may read
// 0 (or a zero time.Time) as "never": a clock may start before 1970
// (NewManualClock(time.Time{}), year 1), or cross 1970-01-01T00:00:00Z
// itself. Only sequence numbers count seconds before 1970 as 1970's (the
// README's Behaviour table, "clock range of sequence numbers"), and they
// are opaque; nothing else depends on the year.

// epoch is 1970-01-01T00:00:00Z, the engine's instant 0.
var epoch = time.Unix(0, 0).UTC()

// scenarioDelays are the state delays of yearScenario: a minute each.
var scenarioDelays = StateDelays{Create: time.Minute, Update: time.Minute, Delete: time.Minute, Consumer: time.Minute}

// yearScenario runs one realistic life of a stream on a ManualClock that
// starts at start, through door, and returns what it saw, in words that do
// not name the year: statuses, error codes, counts, shard states and
// MillisBehindLatest. Every delay, lifetime and limit is the scenario's own
// (a minute per state change, AWS's 5-minute iterators and event streams,
// 5 GetRecords calls a second per shard, 1000 records a second per shard,
// 24 hours of retention).
func yearScenario(t *testing.T, start time.Time, door testDoor) []string {
	h := &dp{newHarnessAt(t, start, door, WithStateDelays(scenarioDelays), WithLimits(func(l *Limits) {
		l.GetRecordsPerSecond, l.WriteRecordsPerSecond, l.SubscribeToShardPerSecond = 5, 1000, 1
	}))}
	var seen []string
	note := func(format string, args ...any) { seen = append(seen, fmt.Sprintf(format, args...)) }
	code := func(err error) string {
		if err == nil {
			return "ok"
		}
		return errCode(err)
	}
	status := func() string {
		out, err := h.api.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("s")})
		if err != nil {
			return errCode(err)
		}
		return string(out.StreamDescriptionSummary.StreamStatus)
	}
	shards := func() string {
		out, err := h.api.ListShards(h.ctx, &kinesis.ListShardsInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		var b strings.Builder
		for _, sh := range out.Shards {
			fmt.Fprintf(&b, "%s(parent %s, closed %t) ", *sh.ShardId, aws.ToString(sh.ParentShardId), sh.SequenceNumberRange.EndingSequenceNumber != nil)
		}
		return b.String()
	}
	put := func(hashKey, data string) string {
		out, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), ExplicitHashKey: &hashKey, Data: []byte(data)})
		require.NoError(t, err)
		return *out.ShardId
	}
	read := func(shard string) (out *kinesis.GetRecordsOutput) {
		out = h.get(h.iter("s", shard, types.ShardIteratorTypeTrimHorizon), 0)
		note("read %s: %q, next iterator %t, children %d", shard, dataOf(out.Records), out.NextShardIterator != nil, len(out.ChildShards))
		return out
	}

	// CreateStream: CREATING for its minute, then ACTIVE.
	_, err := h.api.CreateStream(h.ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(2)})
	note("create: %s, %s", code(err), status())
	h.clk.Advance(time.Minute - time.Millisecond)
	note("a minute less 1 ms: %s", status())
	h.clk.Advance(time.Millisecond)
	note("a minute on: %s, shards %s", status(), shards())

	// Records into both shards, read back.
	note("put a to %s, b to %s", put(lowKey, "a"), put(highKey, "b"))
	h.clk.Advance(10 * time.Second)
	out := read(shardID(0))
	note("at the tip: MillisBehindLatest %d", *out.MillisBehindLatest)

	// An iterator lasts exactly 5 minutes.
	it := h.iter("s", shardID(1), types.ShardIteratorTypeTrimHorizon)
	h.clk.Advance(5 * time.Minute)
	_, err = h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it})
	note("iterator 5 min old: %s", code(err))
	h.clk.Advance(time.Millisecond)
	_, err = h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it})
	note("iterator 5 min 1 ms old: %s", code(err))

	// 5 GetRecords a second per shard; the sixth within the second is
	// refused, and a second later reads go on.
	h.clk.Advance(time.Second)
	it = h.iter("s", shardID(1), types.ShardIteratorTypeTrimHorizon)
	for i := range 6 {
		_, err = h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it})
		note("GetRecords %d within a second: %s", i+1, code(err))
	}
	h.clk.Advance(time.Second)
	_, err = h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it})
	note("a second later: %s", code(err))

	// 1000 records a second per shard.
	entries := make([]types.PutRecordsRequestEntry, 500)
	for i := range entries {
		entries[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String("k"), ExplicitHashKey: aws.String(highKey), Data: []byte("w")}
	}
	for i := range 3 {
		out, err := h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: entries})
		require.NoError(t, err)
		note("PutRecords %d of 500 within a second: %d failed", i+1, *out.FailedRecordCount)
	}

	// SplitShard: the stream is UPDATING for a minute, the parent takes
	// records until the split completes, its children after.
	h.clk.Advance(time.Second)
	_, err = h.api.SplitShard(h.ctx, &kinesis.SplitShardInput{StreamName: aws.String("s"), ShardToSplit: aws.String(shardID(0)), NewStartingHashKey: aws.String("1000")})
	note("split: %s, %s, shards %s", code(err), status(), shards())
	note("put c to %s", put(lowKey, "c"))
	h.clk.Advance(time.Minute)
	note("a minute on: %s, shards %s", status(), shards())
	note("put d to %s", put(lowKey, "d"))
	h.clk.Advance(30 * time.Second)
	out = read(shardID(0))
	note("at the parent's end: MillisBehindLatest %d", *out.MillisBehindLatest)

	// MergeShards puts the children together again.
	_, err = h.api.MergeShards(h.ctx, &kinesis.MergeShardsInput{StreamName: aws.String("s"), ShardToMerge: aws.String(shardID(2)), AdjacentShardToMerge: aws.String(shardID(3))})
	note("merge: %s, %s", code(err), status())
	h.clk.Advance(time.Minute)
	note("a minute on: %s, shards %s", status(), shards())
	note("put e to %s", put(lowKey, "e"))

	// An enhanced fan-out consumer: CREATING for its minute, then it
	// subscribes, reads, and its event stream ends after 5 minutes.
	arn := h.live("s").arn
	reg, err := h.api.RegisterStreamConsumer(h.ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: &arn, ConsumerName: aws.String("c")})
	require.NoError(t, err)
	consumer := *reg.Consumer.ConsumerARN
	_, err = h.api.DescribeStreamConsumer(h.ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: &consumer})
	note("register: %s, describe by ARN: %s", reg.Consumer.ConsumerStatus, code(err))
	_, err = h.trySubscribe(consumer, shardID(4), from(types.ShardIteratorTypeTrimHorizon))
	note("subscribe while CREATING: %s", code(err))
	h.clk.Advance(time.Minute)
	// The JSON clients cannot read the timestamp before 1678 (smithy-go's
	// ParseEpochSeconds goes through int64 nanoseconds): ask the Fake.
	desc, err := h.f.DescribeStreamConsumer(h.ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: &consumer})
	require.NoError(t, err)
	note("a minute on: %s, created %v before now", desc.ConsumerDescription.ConsumerStatus, h.clk.Now().Sub(*desc.ConsumerDescription.ConsumerCreationTimestamp))
	sub := h.subscribe(consumer, shardID(4), from(types.ShardIteratorTypeTrimHorizon))
	_, err = h.trySubscribe(consumer, shardID(4), from(types.ShardIteratorTypeLatest))
	note("subscribe again within the second: %s", code(err))
	note("subscribed: %q", dataOf(sub.records().Records))
	put(lowKey, "f")
	note("event: %q", dataOf(sub.records().Records))
	h.awaitWaiters(1)
	h.clk.Advance(5 * time.Minute)
	note("after 5 minutes the event stream ends: %v", sub.endAfterIdle())

	// Retention: a day on, the closed shards are gone, and so are the
	// records.
	h.clk.Advance(24 * time.Hour)
	note("a day on: shards %s", shards())
	it = h.iter("s", shardID(1), types.ShardIteratorTypeTrimHorizon)
	note("a day on, shard 1 holds %d records", len(h.get(it, 0).Records))

	// DeleteStream: DELETING for its minute, then gone.
	_, err = h.api.DeleteStream(h.ctx, &kinesis.DeleteStreamInput{StreamName: aws.String("s"), EnforceConsumerDeletion: aws.Bool(true)})
	note("delete: %s, %s", code(err), status())
	h.clk.Advance(time.Minute)
	note("a minute on: %s", status())
	return seen
}

// TestScenarioOnAnyClock runs yearScenario from 2025, from year 1
// (NewManualClock(time.Time{})), from a minute before 1970 (its stream
// settles at the instant 0) and from 1970-01-01 itself, and expects the
// same from each.
func TestScenarioOnAnyClock(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		want := yearScenario(t, harnessStart, door)
		for _, start := range []time.Time{{}, epoch.Add(-time.Minute), epoch} {
			t.Run(start.Format(time.RFC3339), func(t *testing.T) {
				assert.Equal(t, want, yearScenario(t, start, door))
			})
		}
	})
}

// TestStateChangesAtTheEpoch: state changes that complete at exactly
// 1970-01-01T00:00:00Z complete there, as at any other instant: a stream
// created, split or deleted a minute before, and a consumer registered then
// (StateDelays of a minute each).
func TestStateChangesAtTheEpoch(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := &dp{newHarnessAt(t, epoch.Add(-time.Minute), door, WithStateDelays(scenarioDelays))}
		status := func(name string) string {
			out, err := h.api.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: &name})
			if err != nil {
				return errCode(err)
			}
			return string(out.StreamDescriptionSummary.StreamStatus)
		}
		consumerStatus := func(arn string) types.ConsumerStatus {
			out, err := h.api.DescribeStreamConsumer(h.ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: &arn})
			require.NoError(t, err)
			return out.ConsumerDescription.ConsumerStatus
		}
		parentClosed := func() bool {
			return h.describeShard("split", 0).SequenceNumberRange.EndingSequenceNumber != nil
		}
		_, err := h.api.CreateStream(h.ctx, &kinesis.CreateStreamInput{StreamName: aws.String("created"), ShardCount: aws.Int32(1)})
		require.NoError(t, err)
		arn := h.stream("split", 1)
		_, err = h.api.SplitShard(h.ctx, &kinesis.SplitShardInput{StreamName: aws.String("split"), ShardToSplit: aws.String(shardID(0)), NewStartingHashKey: aws.String("1000")})
		require.NoError(t, err)
		consumer := h.consumer(arn, "c")
		h.stream("deleted", 1)
		_, err = h.api.DeleteStream(h.ctx, deleteInput("deleted"))
		require.NoError(t, err)

		h.clk.Set(epoch.Add(-time.Millisecond))
		assert.Equal(t, "CREATING", status("created"))
		assert.Equal(t, "UPDATING", status("split"))
		assert.False(t, parentClosed(), "the split's parent before it completes")
		assert.Equal(t, types.ConsumerStatusCreating, consumerStatus(consumer))
		assert.Equal(t, "DELETING", status("deleted"))

		h.clk.Set(epoch)
		assert.Equal(t, "ACTIVE", status("created"))
		assert.Equal(t, "ACTIVE", status("split"))
		assert.True(t, parentClosed(), "the split's parent once it completed")
		assert.Equal(t, types.ConsumerStatusActive, consumerStatus(consumer))
		assert.Equal(t, "ResourceNotFoundException", status("deleted"))
	})
}

// TestReshardBefore1970TakesEffectAtOnce: with no Update delay a split on
// a clock before 1970 (NewManualClock(time.Time{})) or at
// 1970-01-01T00:00:00Z (NewManualClock(time.Unix(0, 0))) takes effect at
// once, as at any other time: the parent is closed and its children take
// the records.
func TestReshardBefore1970TakesEffectAtOnce(t *testing.T) {
	for _, start := range []time.Time{{}, epoch} {
		t.Run(start.Format(time.RFC3339), func(t *testing.T) {
			forDoors(t, func(t *testing.T, door testDoor) {
				h := &dp{newHarnessAt(t, start, door)}
				h.stream("s", 1)
				_, err := h.api.SplitShard(h.ctx, &kinesis.SplitShardInput{StreamName: aws.String("s"), ShardToSplit: aws.String(shardID(0)), NewStartingHashKey: aws.String("1000")})
				require.NoError(t, err)
				out, err := h.api.ListShards(h.ctx, &kinesis.ListShardsInput{StreamName: aws.String("s")})
				require.NoError(t, err)
				require.Len(t, out.Shards, 3, "the parent and its two children")
				assert.NotNil(t, out.Shards[0].SequenceNumberRange.EndingSequenceNumber, "the parent is closed")
				put, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), ExplicitHashKey: aws.String("0"), Data: []byte("x")})
				require.NoError(t, err)
				assert.Equal(t, shardID(1), *put.ShardId, "the lower child takes the record")
			})
		})
	}
}

// TestConsumerBefore1970: a consumer registered on a clock before 1970
// (NewManualClock(time.Time{}), year 1) has an ARN that AWS's model takes,
// with 0 for its creation seconds as no digits can say a negative number,
// so that every call that names it by ARN finds it; its creation timestamp
// is the clock's.
func TestConsumerBefore1970(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newHarnessAt(t, time.Time{}, door)
		stream := h.stream("s", 1)
		h.clk.Advance(90 * time.Second)
		arn := h.consumer(stream, "c")
		assert.Equal(t, stream+"/consumer/c:0", arn)

		// The JSON clients cannot read a timestamp before 1678 (smithy-go's
		// ParseEpochSeconds goes through int64 nanoseconds): ask the Fake.
		desc, err := h.f.DescribeStreamConsumer(h.ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: &arn})
		require.NoError(t, err)
		assert.Equal(t, time.Time{}.Add(90*time.Second), *desc.ConsumerDescription.ConsumerCreationTimestamp)

		_, err = h.api.DescribeStreamConsumer(h.ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: &arn})
		require.NoError(t, err)
		sub := h.subscribe(arn, shardID(0), from(types.ShardIteratorTypeLatest))
		h.awaitWaiters(1)
		h.clk.Advance(5 * time.Second) // "at least 1 event every 5 seconds" (FIDELITY.md)
		assert.Empty(t, sub.event().Records, "the idle event 5 s on")
		_, err = h.api.DeregisterStreamConsumer(h.ctx, &kinesis.DeregisterStreamConsumerInput{ConsumerARN: &arn})
		require.NoError(t, err)
	})
}

// TestPutOnAClockSetBackBefore1970: a put on a clock set back to before
// the stream was created is stored as of the stream's creation, before 1970
// as after: a record seeded at that time stays, within retention.
func TestPutOnAClockSetBackBefore1970(t *testing.T) {
	for _, start := range []time.Time{harnessStart, {}} {
		t.Run(start.Format(time.RFC3339), func(t *testing.T) {
			forDoors(t, func(t *testing.T, door testDoor) {
				h := &dp{newHarnessAt(t, start, door)}
				h.stream("s", 1)
				h.f.SeedRecordsT(t, "s", Seed{PartitionKey: "k", Data: []byte("seeded"), At: start})
				h.clk.Set(start.Add(-time.Hour))
				h.put("s", "k", []byte("set back"))
				h.clk.Set(start.Add(time.Minute))
				assert.Equal(t, []string{"seeded", "set back"}, dataOf(h.f.Records("s", shardID(0))))
			})
		})
	}
}

// TestExpiredIteratorFaultAtTheEpoch: an injected ExpiredIteratorException
// on GetRecords with an iterator that has expired names the time the
// iterator was issued, also one issued at 1970-01-01T00:00:00Z.
func TestExpiredIteratorFaultAtTheEpoch(t *testing.T) {
	for _, tc := range []struct {
		start time.Time
		want  string
	}{
		{harnessStart, "Iterator expired. The iterator was created at time Sun Jun 01 10:00:00 UTC 2025 while right now it is Sun Jun 01 10:06:00 UTC 2025 which is further in the future than the tolerated delay of 300000 milliseconds."},
		{epoch, "Iterator expired. The iterator was created at time Thu Jan 01 00:00:00 UTC 1970 while right now it is Thu Jan 01 00:06:00 UTC 1970 which is further in the future than the tolerated delay of 300000 milliseconds."},
	} {
		t.Run(tc.start.Format(time.RFC3339), func(t *testing.T) {
			forDoors(t, func(t *testing.T, door testDoor) {
				h := &dp{newHarnessAt(t, tc.start, door)}
				h.stream("s", 1)
				it := h.iter("s", shardID(0), types.ShardIteratorTypeTrimHorizon)
				h.clk.Advance(6 * time.Minute)
				h.f.InjectFault(Fault{Op: OpGetRecords, Err: ErrExpiredIterator})
				_, err := h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it})
				requireAWSError[*types.ExpiredIteratorException](t, err, OpGetRecords, tc.want)
			})
		})
	}
}

// shiftedClock is the system clock moved years years and then by d: in a
// testing/synctest bubble, a clock of the test's choosing that is not a
// ManualClock.
type shiftedClock struct {
	years int
	d     time.Duration
}

// Now returns time.Now() shifted.
func (c shiftedClock) Now() time.Time { return time.Now().AddDate(c.years, 0, 0).Add(c.d) }

// TestLatencyUpToYearOne: on a clock that is no ManualClock, a fault's
// latency that ends at exactly time.Time{} (year 1, from a clock in year 0)
// ends there, as it would at any other instant.
func TestLatencyUpToYearOne(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// The bubble starts at 2000-01-01T00:00:00Z: the clock at a
		// second before year 1.
		clk := shiftedClock{years: -1999, d: -time.Second}
		require.Equal(t, time.Time{}.Add(-time.Second), clk.Now().UTC())
		f := New(WithClock(clk))
		f.InjectFault(Fault{Op: OpListStreams, Latency: time.Second})
		_, err := f.ListStreams(context.Background(), &kinesis.ListStreamsInput{})
		require.NoError(t, err)
		assert.Equal(t, time.Time{}, clk.Now().UTC(), "a second later")
	})
}
