package kinesisfake

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fanOutConsumer is an enhanced fan-out consumer written the way the KCL's
// fan-out mode and the SDK's documentation describe one, against nothing
// but KinesisAPI: register the consumer and wait for it to be ACTIVE,
// subscribe to every shard that has no unfinished parent, process each
// event's records, re-subscribe after ContinuationSequenceNumber with
// AFTER_SEQUENCE_NUMBER whenever a stream ends (its 5 minutes are up), and
// at a shard's end (no continuation, ChildShards) move on to the children
// whose parents are all done.
type fanOutConsumer struct {
	api         KinesisAPI
	subscribe   func(*kinesis.Options) // SubscribeToShard's per-call option
	stream      string
	consumerARN string

	mu       sync.Mutex
	got      map[string][]string // data read, by shard, in order
	done     map[string]bool     // shards read to their end
	started  map[string]bool
	parents  map[string][]string // of the shards announced as children
	wg       sync.WaitGroup
	failures []error
}

// newFanOutConsumer registers consumer name on the stream and waits until it
// is ACTIVE (the caller moves the clock if the consumer takes time).
func newFanOutConsumer(ctx context.Context, api KinesisAPI, subscribe func(*kinesis.Options), streamARN, stream, name string) (*fanOutConsumer, error) {
	out, err := api.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: &streamARN, ConsumerName: &name})
	if err != nil {
		return nil, err
	}
	for {
		d, err := api.DescribeStreamConsumer(ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: out.Consumer.ConsumerARN})
		if err != nil {
			return nil, err
		}
		if d.ConsumerDescription.ConsumerStatus == types.ConsumerStatusActive {
			break
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Millisecond):
		}
	}
	return &fanOutConsumer{
		api: api, subscribe: subscribe, stream: stream, consumerARN: *out.Consumer.ConsumerARN,
		got: map[string][]string{}, done: map[string]bool{}, started: map[string]bool{}, parents: map[string][]string{},
	}, nil
}

// start subscribes to every shard without a parent still to be read.
func (c *fanOutConsumer) start(ctx context.Context) error {
	out, err := c.api.ListShards(ctx, &kinesis.ListShardsInput{StreamName: &c.stream})
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, sh := range out.Shards {
		var parents []string
		for _, p := range []*string{sh.ParentShardId, sh.AdjacentParentShardId} {
			if p != nil {
				parents = append(parents, *p)
			}
		}
		c.parents[*sh.ShardId] = parents
	}
	c.startReadyLocked(ctx)
	return nil
}

// startReadyLocked starts a reader on each known shard whose parents are
// all done (or were never listed: aged out). The caller holds c.mu.
func (c *fanOutConsumer) startReadyLocked(ctx context.Context) {
	for shard, parents := range c.parents {
		if c.started[shard] {
			continue
		}
		ready := true
		for _, p := range parents {
			if _, known := c.parents[p]; known && !c.done[p] {
				ready = false
			}
		}
		if ready {
			c.started[shard] = true
			c.wg.Add(1)
			go c.read(ctx, shard)
		}
	}
}

// read reads one shard to its end, re-subscribing as often as it takes.
func (c *fanOutConsumer) read(ctx context.Context, shard string) {
	defer c.wg.Done()
	pos := types.StartingPosition{Type: types.ShardIteratorTypeTrimHorizon}
	for {
		out, err := c.api.SubscribeToShard(ctx, &kinesis.SubscribeToShardInput{ConsumerARN: &c.consumerARN, ShardId: &shard, StartingPosition: &pos}, c.subscribe)
		if err != nil {
			c.fail(fmt.Errorf("subscribe %s: %w", shard, err))
			return
		}
		stream := out.GetStream()
		for ev := range stream.Events() {
			e := ev.(*types.SubscribeToShardEventStreamMemberSubscribeToShardEvent).Value
			c.mu.Lock()
			for _, r := range e.Records {
				c.got[shard] = append(c.got[shard], string(r.Data))
			}
			if e.ContinuationSequenceNumber == nil { // the shard's end
				c.done[shard] = true
				for _, child := range e.ChildShards {
					if _, known := c.parents[*child.ShardId]; !known {
						c.parents[*child.ShardId] = child.ParentShards
					}
				}
				c.startReadyLocked(ctx)
			} else {
				pos = types.StartingPosition{Type: types.ShardIteratorTypeAfterSequenceNumber, SequenceNumber: e.ContinuationSequenceNumber}
			}
			c.mu.Unlock()
		}
		err = stream.Err()
		stream.Close()
		c.mu.Lock()
		finished := c.done[shard]
		c.mu.Unlock()
		switch {
		case err != nil && !errors.Is(err, context.Canceled):
			c.fail(fmt.Errorf("stream of %s: %w", shard, err))
			return
		case finished, ctx.Err() != nil:
			return
		}
	}
}

// fail records a failure of the consumer.
func (c *fanOutConsumer) fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.failures = append(c.failures, err)
}

// count is how many records the consumer has read.
func (c *fanOutConsumer) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, recs := range c.got {
		n += len(recs)
	}
	return n
}

// TestFanOutConsumerReadsEveryRecordOnce is the promise of the fake's
// enhanced fan-out: a consumer written for production EFO reads every
// record of a stream exactly once, in order per shard, across a split and
// a merge during the run and many re-subscriptions, through every door.
// The clock is a ManualClock moved by the producer, so the whole run takes
// milliseconds.
func TestFanOutConsumerReadsEveryRecordOnce(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		started := time.Now()
		streamARN := h.stream("s", 2)
		ctx, cancel := context.WithCancel(h.ctx)
		defer cancel()
		c, err := newFanOutConsumer(ctx, h.api, h.door.subscribeOpt, streamARN, "s", "app")
		require.NoError(t, err)
		require.NoError(t, c.start(ctx))

		want := map[string][]string{} // by shard, as PutRecord reported
		n := 0
		put := func(count int) {
			for range count {
				n++
				out, err := h.api.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String(fmt.Sprint("key-", n%17)), Data: []byte(fmt.Sprint(n))})
				require.NoError(t, err)
				want[*out.ShardId] = append(want[*out.ShardId], fmt.Sprint(n))
			}
		}
		for round := range 12 {
			put(25)
			h.clk.Advance(time.Minute) // subscriptions expire every 5 rounds
			switch round {
			case 3:
				_, err := h.api.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: aws.String("s"), ShardToSplit: aws.String(shardID(0)), NewStartingHashKey: aws.String(midKey)})
				require.NoError(t, err)
			case 7:
				_, err := h.api.MergeShards(ctx, &kinesis.MergeShardsInput{StreamName: aws.String("s"), ShardToMerge: aws.String(shardID(3)), AdjacentShardToMerge: aws.String(shardID(1))})
				require.NoError(t, err)
			}
		}
		require.Eventually(t, func() bool { return c.count() >= n }, eventWait, time.Millisecond, "the consumer read %d of %d records", c.count(), n)
		cancel()
		c.wg.Wait()

		assert.Empty(t, c.failures)
		c.mu.Lock()
		defer c.mu.Unlock()
		assert.Equal(t, want, c.got, "every record once, in order per shard")
		ids := make([]string, 0, len(c.got))
		for id := range c.got {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		assert.Equal(t, []string{shardID(0), shardID(1), shardID(2), shardID(3), shardID(4)}, ids, "parents, children of the split, child of the merge")
		assert.True(t, c.done[shardID(0)] && c.done[shardID(1)] && c.done[shardID(3)], "closed shards read to their end")
		t.Logf("%d records over 12 minutes of clock in %v", n, time.Since(started).Round(time.Millisecond))
	})
}
