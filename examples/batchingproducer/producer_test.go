package main

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake"
)

// TestRetriesFailedEntries injects faults into PutRecords, on entries and
// on whole calls, and checks what the producer does: how often it calls,
// how long it backs off, and that every record it reports written was
// written exactly once.
func TestRetriesFailedEntries(t *testing.T) {
	const ms = time.Millisecond
	tests := []struct {
		name      string
		fault     kinesisfake.Fault // Op is OpPutRecords
		calls     int
		sleeps    []time.Duration
		unwritten []string // the records Flush gives up on
	}{
		// The two records with key user-3 fail in the first call, one of
		// them again in the second.
		{"throttled entries", kinesisfake.Fault{PartitionKey: "user-3", Err: kinesisfake.ErrProvisionedThroughputExceeded, Times: 3},
			3, []time.Duration{100 * ms, 200 * ms}, nil},
		{"an entry failing internally", kinesisfake.Fault{PartitionKey: "user-7", Err: kinesisfake.ErrInternalFailure, Times: 1},
			2, []time.Duration{100 * ms}, nil},
		{"the whole call throttled", kinesisfake.Fault{Err: kinesisfake.ErrProvisionedThroughputExceeded, Times: 2},
			3, []time.Duration{100 * ms, 200 * ms}, nil},
		{"the whole call failing internally", kinesisfake.Fault{Err: kinesisfake.ErrInternalFailure, Times: 1},
			2, []time.Duration{100 * ms}, nil},
		{"entries that never get through", kinesisfake.Fault{PartitionKey: "user-5", Err: kinesisfake.ErrProvisionedThroughputExceeded},
			4, []time.Duration{100 * ms, 200 * ms, 400 * ms}, []string{"event-5", "event-15"}},
		{"an error not worth retrying", kinesisfake.Fault{Err: kinesisfake.ErrAccessDenied, Times: 1},
			1, nil, data(0, 20)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := t.Context()
			clock := kinesisfake.NewManualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
			kc := kinesisfake.NewT(t, kinesisfake.WithClock(clock))
			kc.CreateStreamT(t, "events", 1)
			tt.fault.Op = kinesisfake.OpPutRecords
			kc.InjectFault(tt.fault)
			var sleeps []time.Duration
			p := &Producer{Client: kc, Stream: "events", MaxAttempts: 4, Sleep: func(ctx context.Context, d time.Duration) error {
				sleeps = append(sleeps, d)
				return advance(clock)(ctx, d)
			}}

			sent := data(0, 20)
			for i, d := range sent {
				require.NoError(t, p.Add(ctx, fmt.Sprint("user-", i%10), []byte(d)))
			}
			err := p.Flush(ctx)

			var failed *FailedError
			if tt.unwritten == nil {
				assert.NoError(t, err)
			} else if assert.ErrorAs(t, err, &failed) {
				assert.Equal(t, tt.unwritten, dataOf(failed.Records))
			}
			kc.CheckCallCount(t, kinesisfake.OpPutRecords, tt.calls)
			assert.Equal(t, tt.sleeps, sleeps, "back-off")
			written := slices.DeleteFunc(slices.Clone(sent), func(d string) bool { return slices.Contains(tt.unwritten, d) })
			// Each once; a retried entry lands after the others of its call.
			assert.ElementsMatch(t, written, recordData(kc.Records("events", "shardId-000000000000")))
		})
	}
}

// TestThrottledShard writes 2,500 records to one shard, which takes 1,000
// records a second: the shard throttles whole batches until the back-off
// has moved the clock on, and every record is written once, in order.
func TestThrottledShard(t *testing.T) {
	ctx := t.Context()
	start := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	clock := kinesisfake.NewManualClock(start)
	kc := kinesisfake.NewT(t, kinesisfake.WithClock(clock))
	kc.CreateStreamT(t, "events", 1)
	p := &Producer{Client: kc, Stream: "events", Sleep: advance(clock)}

	sent := data(0, 2500)
	for i, d := range sent {
		require.NoError(t, p.Add(ctx, fmt.Sprint("user-", i%100), []byte(d)))
	}
	require.NoError(t, p.Flush(ctx))

	kc.CheckShardData(t, "events", "shardId-000000000000", sent...) // every record once, in order
	assert.Greater(t, kc.CallCount(kinesisfake.OpPutRecords), 5, "throttled batches of 500 sent again")
	assert.GreaterOrEqual(t, clock.Now().Sub(start), 2*time.Second, "2,500 records at 1,000 a second")
}

// TestDemo runs main's demo, so that it keeps working.
func TestDemo(t *testing.T) {
	var out strings.Builder
	require.NoError(t, demo(t.Context(), &out))
	assert.Contains(t, out.String(), "the shard holds 2500 records")
}

// data is "event-from" to "event-(to-1)".
func data(from, to int) []string {
	var out []string
	for i := from; i < to; i++ {
		out = append(out, fmt.Sprint("event-", i))
	}
	return out
}

func dataOf(entries []types.PutRecordsRequestEntry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, string(e.Data))
	}
	return out
}

func recordData(records []types.Record) []string {
	var out []string
	for _, r := range records {
		out = append(out, string(r.Data))
	}
	return out
}
