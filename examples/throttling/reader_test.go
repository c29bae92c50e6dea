package main

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

	"github.com/kinesisfake/kinesisfake"
)

// TestSixthCallWithinASecond: the limit itself. Five GetRecords calls on
// one shard within a second succeed, the sixth is throttled, and once the
// clock has moved a second on the next succeeds.
func TestSixthCallWithinASecond(t *testing.T) {
	ctx := t.Context()
	clock := kinesisfake.NewManualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	kc := kinesisfake.NewT(t, kinesisfake.WithClock(clock))
	kc.CreateStreamT(t, "events", 1)
	it, err := kc.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("events"),
		ShardId: aws.String("shardId-000000000000"), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
	require.NoError(t, err)
	getRecords := func() error {
		_, err := kc.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
		return err
	}

	for call := 1; call <= 5; call++ {
		require.NoError(t, getRecords(), "call %d", call)
		clock.Advance(100 * time.Millisecond) // 5 calls within 400ms
	}
	var throttled *types.ProvisionedThroughputExceededException
	assert.ErrorAs(t, getRecords(), &throttled, "the sixth call within a second")
	clock.Advance(499 * time.Millisecond) // 999ms after the first call: still within its second
	assert.ErrorAs(t, getRecords(), &throttled)
	clock.Advance(time.Millisecond) // the first call's second is over
	assert.NoError(t, getRecords())
}

// TestReaderOnAManualClock: the reader, backing off on a ManualClock
// through its injected Sleep.
func TestReaderOnAManualClock(t *testing.T) {
	clock := kinesisfake.NewManualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	testReader(t, kinesisfake.NewT(t, kinesisfake.WithClock(clock)), clock.Now, advance(clock))
}

// TestReaderInASynctestBubble: the same test in a testing/synctest
// bubble. The Fake reads the system clock, which in the bubble is the
// bubble's, and the reader backs off with a real timer, which in the bubble
// fires as soon as every goroutine waits: the 1.75s of back-off take no
// real time.
func TestReaderInASynctestBubble(t *testing.T) {
	started := time.Now()
	synctest.Test(t, func(t *testing.T) {
		testReader(t, kinesisfake.NewT(t), time.Now, nil)
	})
	assert.Less(t, time.Since(started), 1750*time.Millisecond, "real time taken")
}

// testReader reads 12 records, 2 a call, from a shard of kc: five calls
// pass, the sixth is throttled, and the reader backs off 250ms, 500ms and
// 1s before its calls pass again. now is kc's clock; sleep the reader's.
func testReader(t *testing.T, kc *kinesisfake.Fake, now func() time.Time, sleep func(context.Context, time.Duration) error) {
	ctx := t.Context()
	kc.CreateStreamT(t, "events", 1)
	var want []string
	for i := range 12 {
		want = append(want, fmt.Sprint("event-", i))
		_, err := kc.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("events"), PartitionKey: aws.String("k"), Data: []byte(want[i])})
		require.NoError(t, err)
	}
	r := &Reader{Client: kc, Stream: "events", Shard: "shardId-000000000000", Limit: 2, Sleep: sleep}
	start := now()

	records, err := r.ReadAll(ctx)

	require.NoError(t, err)
	var got []string
	for _, rec := range records {
		got = append(got, string(rec.Data))
	}
	assert.Equal(t, want, got)
	assert.Equal(t, 3, r.Throttled, "throttled calls")
	assert.Equal(t, 1750*time.Millisecond, now().Sub(start), "clock time taken")
	kc.CheckCallCount(t, kinesisfake.OpGetRecords, 7+3) // 7 pages (the last one empty, at the tip) and 3 throttled calls
}

// TestDemo runs main's demo, so that it keeps working.
func TestDemo(t *testing.T) {
	var out strings.Builder
	require.NoError(t, demo(t.Context(), &out))
	assert.Contains(t, out.String(), "read 12 records in 1.75s of clock time, throttled 3 times")
}
