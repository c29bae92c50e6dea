package main

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake"
)

// TestEveryRecordOnceInOrder runs the consumer on a stream split before it
// starts and merged while it runs, stops it, puts more and starts a new one
// on the same checkpoints: every record is processed exactly once, in order
// within each shard and within each partition key, no shard before its
// parents are finished, and the second consumer goes on after the first
// one's checkpoints.
func TestEveryRecordOnceInOrder(t *testing.T) {
	ctx := t.Context()
	clock := kinesisfake.NewManualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	kc := kinesisfake.NewT(t, kinesisfake.WithClock(clock))
	kc.CreateStreamT(t, "orders", 2)
	store := &MemoryCheckpoints{}
	got := newRecords()
	n, wantByKey := 0, map[string][]string{}
	put := func(count int) {
		for range count {
			n++
			key, data := fmt.Sprint("key-", n%10), fmt.Sprint(n)
			_, err := kc.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("orders"), PartitionKey: &key, Data: []byte(data)})
			require.NoError(t, err)
			wantByKey[key] = append(wantByKey[key], data)
		}
	}
	parents := map[string][]string{
		"shardId-000000000002": {"shardId-000000000000"},
		"shardId-000000000003": {"shardId-000000000000"},
		"shardId-000000000004": {"shardId-000000000003", "shardId-000000000001"},
	}
	process := func(ctx context.Context, shard string, batch []types.Record) error {
		for _, p := range parents[shard] {
			cp, _ := store.Checkpoint(ctx, p)
			assert.Equal(t, ShardEnd, cp, "%s processed before its parent %s was finished", shard, p)
		}
		return got.process(ctx, shard, batch)
	}

	// A split before the consumer starts: it finds the closed parent and
	// its children in ListShards.
	put(40)
	require.NoError(t, splitInHalf(ctx, kc, "orders", "shardId-000000000000")) // children 2 and 3
	put(40)
	stop := consume(t, kc, clock, store, process, 0)
	got.waitFor(t, 50)
	// A merge while it runs: it finds the child in ChildShards.
	require.NoError(t, merge(ctx, kc, "orders", "shardId-000000000003", "shardId-000000000001")) // child 4
	put(40)
	got.waitFor(t, 100)
	stop()

	// The restart: a new consumer on the same checkpoints.
	checkpointed := map[string]string{}
	for _, shard := range []string{"shardId-000000000000", "shardId-000000000001", "shardId-000000000002", "shardId-000000000003", "shardId-000000000004"} {
		checkpointed[shard], _ = store.Checkpoint(ctx, shard)
	}
	kc.ResetCalls()
	put(40)
	stop = consume(t, kc, clock, store, process, 0)
	got.waitFor(t, n)
	stop()

	kc.CheckAllRead(t, "orders", got.all) // every record once, in order within its shard
	assert.Equal(t, wantByKey, got.byKey, "in order within each partition key, across the reshards")
	for _, shard := range []string{"shardId-000000000000", "shardId-000000000001", "shardId-000000000003"} {
		cp, _ := store.Checkpoint(ctx, shard)
		assert.Equal(t, ShardEnd, cp, "%s is closed and was read to its end", shard)
	}
	// The second consumer started each shard it had a checkpoint of after
	// that checkpoint, and read no finished shard again.
	first := map[string]*kinesis.GetShardIteratorInput{}
	for _, call := range kc.Calls(kinesisfake.OpGetShardIterator) {
		in := call.Input.(*kinesis.GetShardIteratorInput)
		if first[*in.ShardId] == nil {
			first[*in.ShardId] = in
		}
	}
	for shard, in := range first {
		switch cp := checkpointed[shard]; cp {
		case ShardEnd:
			t.Errorf("the second consumer read %s, finished before it started", shard)
		case "":
			assert.Equal(t, types.ShardIteratorTypeTrimHorizon, in.ShardIteratorType, shard)
		default:
			assert.Equal(t, types.ShardIteratorTypeAfterSequenceNumber, in.ShardIteratorType, shard)
			assert.Equal(t, cp, aws.ToString(in.StartingSequenceNumber), shard)
		}
	}
}

// TestPollInterval: the consumer waits its PollInterval between GetRecords
// calls on a shard, 1s when it is not set (as its doc says). On a stream of
// one shard, whose reader alone moves the clock, the calls are exactly that
// far apart.
func TestPollInterval(t *testing.T) {
	for _, tc := range []struct {
		configured time.Duration // Consumer.PollInterval
		want       time.Duration
	}{
		{configured: 0, want: time.Second},
		{configured: 3 * time.Second, want: 3 * time.Second},
	} {
		t.Run(fmt.Sprint("PollInterval=", tc.configured), func(t *testing.T) {
			clock := kinesisfake.NewManualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
			kc := kinesisfake.NewT(t, kinesisfake.WithClock(clock))
			kc.CreateStreamT(t, "orders", 1)
			for i := range 12 {
				_, err := kc.PutRecord(t.Context(), &kinesis.PutRecordInput{StreamName: aws.String("orders"), PartitionKey: aws.String("k"), Data: fmt.Append(nil, i)})
				require.NoError(t, err)
			}
			got := newRecords()
			stop := consume(t, kc, clock, &MemoryCheckpoints{}, got.process, tc.configured)
			got.waitFor(t, 12)
			stop()

			calls := kc.Calls(kinesisfake.OpGetRecords)
			require.GreaterOrEqual(t, len(calls), 3, "12 records, 5 a call")
			for i := 1; i < len(calls); i++ {
				require.NoError(t, calls[i-1].Err, "call %d", i-1)
				if !assert.Equal(t, tc.want, calls[i].Time.Sub(calls[i-1].Time), "from GetRecords call %d to call %d", i-1, i) {
					break // the first is enough
				}
			}
		})
	}
}

// TestDemo runs main's demo, so that it keeps working.
func TestDemo(t *testing.T) {
	var out strings.Builder
	require.NoError(t, demo(t.Context(), &out))
	assert.Contains(t, out.String(), "shardId-000000000004: reading (parents [shardId-000000000003 shardId-000000000001] done)")
}

// consume runs a Consumer of 5 records a call, polling every pollInterval
// (0: the Consumer's default), until the returned stop is called (or the
// test ends).
func consume(t *testing.T, kc *kinesisfake.Fake, clock *kinesisfake.ManualClock, store Checkpoints, process func(context.Context, string, []types.Record) error, pollInterval time.Duration) (stop func()) {
	ctx, cancel := context.WithCancel(t.Context())
	c := &Consumer{Client: kc, Stream: "orders", Checkpoints: store, Limit: 5, PollInterval: pollInterval, Sleep: advance(clock), Process: process}
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			assert.NoError(t, <-done, "Run")
		})
	}
	t.Cleanup(stop)
	return stop
}

// records are the records processed, in order, and their data by
// partition key.
type records struct {
	mu    sync.Mutex
	all   []types.Record
	byKey map[string][]string
	grew  chan struct{} // closed and replaced when all grows
}

func newRecords() *records {
	return &records{byKey: map[string][]string{}, grew: make(chan struct{})}
}

// process is the Consumer's Process.
func (r *records) process(_ context.Context, _ string, batch []types.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.all = append(r.all, batch...)
	for _, rec := range batch {
		r.byKey[*rec.PartitionKey] = append(r.byKey[*rec.PartitionKey], string(rec.Data))
	}
	close(r.grew)
	r.grew = make(chan struct{})
	return nil
}

// waitFor waits until at least n records have been added.
func (r *records) waitFor(t *testing.T, n int) {
	t.Helper()
	for {
		r.mu.Lock()
		got, grew := len(r.all), r.grew
		r.mu.Unlock()
		if got >= n {
			return
		}
		select {
		case <-grew:
		case <-time.After(10 * time.Second): // only if the consumer is stuck
			t.Fatalf("the consumer processed %d records, want %d", got, n)
		}
	}
}
