package kinesisfake

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSeededRecordsReadAsIfPutInThePast: records seeded at past times read
// back with those arrival times, AT_TIMESTAMP finds them, and
// MillisBehindLatest counts from them, all without moving the clock.
func TestSeededRecordsReadAsIfPutInThePast(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		h.stream("s", 1)
		h.clk.Advance(3 * time.Hour)
		now := h.clk.Now()
		seqs := h.f.SeedRecordsT(t, "s",
			Seed{PartitionKey: "k", Data: []byte("3h ago"), At: now.Add(-3 * time.Hour)},
			Seed{PartitionKey: "k", Data: []byte("2h ago"), At: now.Add(-2 * time.Hour)},
			Seed{PartitionKey: "k", Data: []byte("1h ago"), At: now.Add(-time.Hour)},
		)
		require.Len(t, seqs, 3)
		assert.Equal(t, now, h.clk.Now(), "seeding does not move the clock")
		assert.Zero(t, h.f.CallCount(""), "seeding is not a call")

		it, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{
			StreamName: aws.String("s"), ShardId: aws.String(shardID(0)),
			ShardIteratorType: types.ShardIteratorTypeAtTimestamp, Timestamp: aws.Time(now.Add(-150 * time.Minute)),
		})
		require.NoError(t, err)
		out, err := h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator, Limit: aws.Int32(1)})
		require.NoError(t, err)
		require.Len(t, out.Records, 1)
		assert.Equal(t, "2h ago", string(out.Records[0].Data))
		assert.Equal(t, seqs[1], aws.ToString(out.Records[0].SequenceNumber))
		assert.True(t, now.Add(-2*time.Hour).Equal(aws.ToTime(out.Records[0].ApproximateArrivalTimestamp)))
		// The next unread record arrived an hour ago.
		assert.Equal(t, time.Hour.Milliseconds(), aws.ToInt64(out.MillisBehindLatest))
	})
}

// TestSeedRoutesByTheShardsOfItsTime: a record seeded before a split goes
// to the parent, one after it to the child that owns its key then.
func TestSeedRoutesByTheShardsOfItsTime(t *testing.T) {
	h := newHarness(t, directTestDoor)
	h.stream("s", 1)
	h.clk.Advance(time.Minute)
	split := h.clk.Now()
	_, err := h.api.SplitShard(h.ctx, &kinesis.SplitShardInput{StreamName: aws.String("s"), ShardToSplit: aws.String(shardID(0)), NewStartingHashKey: aws.String(rsMidKey)})
	require.NoError(t, err)
	h.clk.Advance(time.Minute)

	h.f.SeedRecordsT(t, "s",
		Seed{PartitionKey: "k", ExplicitHashKey: "1", Data: []byte("before"), At: split.Add(-time.Second)},
		Seed{PartitionKey: "k", ExplicitHashKey: "1", Data: []byte("after"), At: split.Add(time.Second)},
	)
	h.f.CheckShardData(t, "s", shardID(0), "before")
	h.f.CheckShardData(t, "s", shardID(1), "after")
	h.f.CheckKeyData(t, "s", "k", "before", "after")
}

// TestSeedRefusesWhatPutsCouldNotHaveMade: the rules that keep a seeded
// stream one real puts could have made, each with its reason.
func TestSeedRefusesWhatPutsCouldNotHaveMade(t *testing.T) {
	h := newHarness(t, directTestDoor)
	h.stream("s", 1)
	h.clk.Advance(48 * time.Hour)
	now := h.clk.Now()
	h.f.SeedRecordsT(t, "s", Seed{PartitionKey: "k", Data: []byte("1h ago"), At: now.Add(-time.Hour)})

	tests := []struct {
		name   string
		stream string
		seed   Seed
		want   string
	}{
		{"in the future", "s", Seed{PartitionKey: "k", At: now.Add(time.Millisecond)},
			"kinesisfake: SeedRecords: record 0 (at 2025-06-03T10:00:00.001Z): after the clock's now (2025-06-03T10:00:00Z)"},
		{"beyond retention", "s", Seed{PartitionKey: "k", At: now.Add(-25 * time.Hour)},
			"kinesisfake: SeedRecords: record 0 (at 2025-06-02T09:00:00Z): older than the stream's retention period of 24 hours"},
		{"out of order", "s", Seed{PartitionKey: "k", At: now.Add(-2 * time.Hour)},
			"kinesisfake: SeedRecords: record 0 (at 2025-06-03T08:00:00Z): earlier than the newest record of shardId-000000000000 (2025-06-03T09:00:00Z): seed in time order"},
		{"no such stream", "nope", Seed{PartitionKey: "k", At: now},
			"kinesisfake: SeedRecords: stream nope does not exist"},
		// PutRecord's own texts for its key and hash key (kinesalite's
		// suite against production for the ExplicitHashKey ones).
		{"a hash key past 2^128-1", "s", Seed{PartitionKey: "k", ExplicitHashKey: "340282366920938463463374607431768211456", At: now},
			"kinesisfake: SeedRecords: record 0 (at 2025-06-03T10:00:00Z): InvalidArgumentException: Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was 340282366920938463463374607431768211456"},
		{"a hash key not a number", "s", Seed{PartitionKey: "k", ExplicitHashKey: "-1", At: now},
			`kinesisfake: SeedRecords: record 0 (at 2025-06-03T10:00:00Z): ValidationException: 1 validation error detected: Value '-1' at 'explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\d{0,38})`},
		{"a key of 257 characters", "s", Seed{PartitionKey: strings.Repeat("k", 257), At: now},
			"kinesisfake: SeedRecords: record 0 (at 2025-06-03T10:00:00Z): ValidationException: 1 validation error detected: Value '" + strings.Repeat("k", 257) + "' at 'partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256"},
		{"no key", "s", Seed{At: now},
			"kinesisfake: SeedRecords: record 0 (at 2025-06-03T10:00:00Z): ValidationException: 1 validation error detected: Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.f.SeedRecords(tt.stream, tt.seed)
			assert.EqualError(t, err, tt.want)
		})
	}
	h.f.CheckShardData(t, "s", shardID(0), "1h ago")

	// Before the stream's shards existed.
	h.clk.Set(now)
	h.stream("young", 1)
	_, err := h.f.SeedRecords("young", Seed{PartitionKey: "k", At: now.Add(-time.Minute)})
	assert.EqualError(t, err, "kinesisfake: SeedRecords: record 0 (at 2025-06-03T09:59:00Z): before the stream's shards existed")
}

// TestSeedRefusesStreamStates: no seed into a stream that a put would find
// missing (ResourceNotFoundException): one CREATING at the seed's time, or
// one DELETING now.
func TestSeedRefusesStreamStates(t *testing.T) {
	clk := NewManualClock(dpStart)
	f := New(WithClock(clk), WithStateDelays(StateDelays{Create: time.Minute, Delete: time.Minute}))
	_, err := f.CreateStream(t.Context(), &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(1)})
	require.NoError(t, err)
	clk.Advance(2 * time.Minute)
	_, err = f.SeedRecords("s", Seed{PartitionKey: "k", At: dpStart.Add(30 * time.Second)})
	assert.EqualError(t, err, "kinesisfake: SeedRecords: record 0 (at 2025-01-22T01:22:32Z): the stream was CREATING then: a put fails with ResourceNotFoundException")
	f.SeedRecordsT(t, "s", Seed{PartitionKey: "k", Data: []byte("ok"), At: dpStart.Add(90 * time.Second)})

	_, err = f.DeleteStream(t.Context(), &kinesis.DeleteStreamInput{StreamName: aws.String("s")})
	require.NoError(t, err)
	_, err = f.SeedRecords("s", Seed{PartitionKey: "k", At: clk.Now()})
	assert.EqualError(t, err, "kinesisfake: SeedRecords: record 0 (at 2025-01-22T01:24:02Z): the stream is DELETING: a put now fails with ResourceNotFoundException")
}

// TestSeededRecordsAgeOut: retention counts from a seeded record's time.
func TestSeededRecordsAgeOut(t *testing.T) {
	h := newHarness(t, directTestDoor)
	h.stream("s", 1)
	h.clk.Advance(30 * time.Hour)
	now := h.clk.Now()
	h.f.SeedRecordsT(t, "s",
		Seed{PartitionKey: "k", Data: []byte("old"), At: now.Add(-24*time.Hour + time.Minute)},
		Seed{PartitionKey: "k", Data: []byte("new"), At: now},
	)
	h.f.CheckShardData(t, "s", shardID(0), "old", "new")
	h.clk.Advance(time.Minute + time.Millisecond)
	h.f.CheckShardData(t, "s", shardID(0), "new")
}
