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

// TestEveryRecordOnceInOrder runs the consumer through the real
// *kinesis.Client of a Fake on a ManualClock for 12 minutes of clock time,
// with a split after 4: every record is processed exactly once and in
// order per shard, though each subscription ended after 5 minutes and the
// consumer subscribed again from its ContinuationSequenceNumber.
func TestEveryRecordOnceInOrder(t *testing.T) {
	ctx, stop := context.WithCancel(t.Context())
	defer stop()
	clock := kinesisfake.NewManualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	kc := kinesisfake.NewT(t, kinesisfake.WithClock(clock), kinesisfake.WithStateDelays(kinesisfake.StateDelays{Consumer: 5 * time.Second}))
	streamARN := kc.CreateStreamT(t, "orders", 2)
	got := newRecords()
	c := &Consumer{
		Client: kc.Client(), StreamARN: streamARN, Name: "billing", Process: got.process, Sleep: advance(clock),
		// Concurrent subscriptions through one client need a codec each.
		SubscribeOptions: []func(*kinesis.Options){kinesisfake.OwnEventStreamCodec},
	}
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()

	n := 0
	for minute := range 12 {
		for range 25 {
			n++
			_, err := kc.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("orders"), PartitionKey: aws.String(fmt.Sprint("key-", n%17)), Data: []byte(fmt.Sprint(n))})
			require.NoError(t, err)
		}
		got.waitFor(t, n)
		if minute == 4 {
			kc.SplitShardT(t, "orders", "shardId-000000000000") // in half: children shardId-000000000002 and -3
		}
		clock.Advance(time.Minute)
	}
	stop()
	require.NoError(t, <-done)

	kc.CheckAllRead(t, "orders", got.all) // every record once, in order within its shard
	for _, child := range []string{"shardId-000000000002", "shardId-000000000003"} {
		assert.NotEmpty(t, kc.Records("orders", child), "records put to %s, a child of the split", child)
	}
	resubscribed := 0
	for _, call := range kc.Calls(kinesisfake.OpSubscribeToShard) {
		if call.Input.(*kinesis.SubscribeToShardInput).StartingPosition.Type == types.ShardIteratorTypeAfterSequenceNumber {
			resubscribed++
		}
	}
	// Shard 1 5 and 10 minutes after it was first subscribed to, each child
	// 5 minutes after the split.
	assert.Equal(t, 4, resubscribed, "subscriptions again after 5 minutes")
}

// TestDemo runs main's demo, so that it keeps working.
func TestDemo(t *testing.T) {
	var out strings.Builder
	require.NoError(t, demo(t.Context(), &out))
	assert.Contains(t, out.String(), "shardId-000000000000: subscription 2, AFTER_SEQUENCE_NUMBER")
	assert.Contains(t, out.String(), "processed shardId-000000000002: order-5")
}

// records are the records processed, in order.
type records struct {
	mu   sync.Mutex
	all  []types.Record
	grew chan struct{} // closed and replaced when all grows
}

func newRecords() *records {
	return &records{grew: make(chan struct{})}
}

// process is the Consumer's Process.
func (r *records) process(_ context.Context, _ string, batch []types.Record) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.all = append(r.all, batch...)
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
