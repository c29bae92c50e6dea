package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Kinesis is what the consumer needs of the client. *kinesis.Client has
// these methods, and so does *kinesisfake.Fake.
type Kinesis interface {
	RegisterStreamConsumer(ctx context.Context, in *kinesis.RegisterStreamConsumerInput, optFns ...func(*kinesis.Options)) (*kinesis.RegisterStreamConsumerOutput, error)
	DescribeStreamConsumer(ctx context.Context, in *kinesis.DescribeStreamConsumerInput, optFns ...func(*kinesis.Options)) (*kinesis.DescribeStreamConsumerOutput, error)
	ListShards(ctx context.Context, in *kinesis.ListShardsInput, optFns ...func(*kinesis.Options)) (*kinesis.ListShardsOutput, error)
	SubscribeToShard(ctx context.Context, in *kinesis.SubscribeToShardInput, optFns ...func(*kinesis.Options)) (*kinesis.SubscribeToShardOutput, error)
}

// Consumer reads a stream through enhanced fan-out: it registers a stream
// consumer, waits until it is ACTIVE, and subscribes to every shard whose
// parents are finished, each on a goroutine of its own. A subscription
// lasts 5 minutes; when it ends the consumer subscribes again after the
// last event's ContinuationSequenceNumber. At a closed shard's end (an
// event without ContinuationSequenceNumber, with ChildShards) it moves on
// to the children whose parents are all finished.
//
// It keeps its positions in memory; a consumer that must survive restarts
// checkpoints them as examples/pollingconsumer does.
type Consumer struct {
	Client    Kinesis
	StreamARN string
	Name      string // the stream consumer's name
	// Process handles the records of one event. An error stops the consumer.
	Process func(ctx context.Context, shardID string, records []types.Record) error
	// SubscribeOptions are passed to every SubscribeToShard call. The SDK
	// (smithy-go v1.28) decodes every event stream of a client with one
	// shared codec, so concurrent subscriptions through one client race;
	// pass an option that gives each call its own, against AWS too:
	// kinesisfake.OwnEventStreamCodec, which sets
	// o.Protocol = awsjson.New11(schemas.Kinesis_20131202).
	SubscribeOptions []func(*kinesis.Options)
	// Sleep waits for d or until ctx is done; nil sleeps on real time.
	// Tests pass one that moves a fake clock.
	Sleep func(ctx context.Context, d time.Duration) error
	Logf  func(format string, args ...any) // nil: silent
}

// Run reads the stream until ctx is done (then it returns nil) or it meets
// an error it cannot handle, which it returns.
func (c *Consumer) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	consumerARN, err := c.register(ctx)
	if err != nil {
		return err
	}
	r := &run{Consumer: c, consumerARN: consumerARN, cancel: cancel, parents: map[string][]string{}, started: map[string]bool{}, finished: map[string]bool{}}
	out, err := c.Client.ListShards(ctx, &kinesis.ListShardsInput{StreamARN: &c.StreamARN})
	if err != nil {
		return err
	}
	if out.NextToken != nil {
		return errors.New("more than 1000 shards: page through ListShards")
	}
	r.mu.Lock()
	for _, sh := range out.Shards {
		var parents []string
		for _, p := range []*string{sh.ParentShardId, sh.AdjacentParentShardId} {
			if p != nil {
				parents = append(parents, *p)
			}
		}
		r.parents[*sh.ShardId] = parents
	}
	r.startReady(ctx)
	r.mu.Unlock()

	<-ctx.Done()
	r.wg.Wait()
	return r.err
}

// register registers the stream consumer, or finds it registered, and
// waits until it is ACTIVE.
func (c *Consumer) register(ctx context.Context) (consumerARN string, err error) {
	_, err = c.Client.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: &c.StreamARN, ConsumerName: &c.Name})
	var inUse *types.ResourceInUseException
	if err != nil && !errors.As(err, &inUse) { // ResourceInUseException: registered before
		return "", err
	}
	for {
		in := &kinesis.DescribeStreamConsumerInput{StreamARN: &c.StreamARN, ConsumerName: &c.Name}
		out, err := c.Client.DescribeStreamConsumer(ctx, in)
		if err != nil {
			return "", err
		}
		d := out.ConsumerDescription
		c.logf("consumer %s is %s", c.Name, d.ConsumerStatus)
		if d.ConsumerStatus == types.ConsumerStatusActive {
			return *d.ConsumerARN, nil
		}
		if err := c.sleep(ctx, time.Second); err != nil {
			return "", err
		}
	}
}

// run is the state of one Run: which shards there are, with their parents,
// and which are being read or finished.
type run struct {
	*Consumer
	consumerARN string
	cancel      context.CancelFunc
	wg          sync.WaitGroup

	mu       sync.Mutex
	parents  map[string][]string
	started  map[string]bool
	finished map[string]bool
	err      error
}

// startReady starts a reader on every shard not yet started whose parents
// are all finished. A parent the stream no longer lists (past retention)
// counts as finished. The caller holds r.mu.
func (r *run) startReady(ctx context.Context) {
	for shard, parents := range r.parents {
		if r.started[shard] {
			continue
		}
		ready := true
		for _, p := range parents {
			if _, listed := r.parents[p]; listed && !r.finished[p] {
				ready = false
			}
		}
		if ready {
			r.started[shard] = true
			r.wg.Go(func() {
				if err := r.read(ctx, shard); err != nil && ctx.Err() == nil {
					r.fail(fmt.Errorf("shard %s: %w", shard, err))
				}
			})
		}
	}
}

// finish marks shard as read to its end and starts those of its children
// whose parents are now all finished.
func (r *run) finish(ctx context.Context, shard string, children []types.ChildShard) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.finished[shard] = true
	for _, child := range children {
		if _, known := r.parents[*child.ShardId]; !known {
			r.parents[*child.ShardId] = child.ParentShards
		}
	}
	r.startReady(ctx)
}

// fail stops the run with its first error.
func (r *run) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.err == nil {
		r.err = err
	}
	r.cancel()
}

// read reads one shard to its end, subscribing as often as it takes.
func (r *run) read(ctx context.Context, shard string) error {
	pos := types.StartingPosition{Type: types.ShardIteratorTypeTrimHorizon}
	for subscriptions := 1; ; subscriptions++ {
		at := string(pos.Type)
		if pos.SequenceNumber != nil {
			at += " " + *pos.SequenceNumber
		}
		r.logf("%s: subscription %d, %s", shard, subscriptions, at)
		out, err := r.Client.SubscribeToShard(ctx, &kinesis.SubscribeToShardInput{ConsumerARN: &r.consumerARN, ShardId: &shard, StartingPosition: &pos}, r.SubscribeOptions...)
		if retry(err) { // the previous subscription is still live, or we subscribed too often
			if err := r.sleep(ctx, time.Second); err != nil {
				return err
			}
			continue
		} else if err != nil {
			return err
		}
		stream := out.GetStream()
		ended, err := r.events(ctx, shard, stream, &pos)
		stream.Close()
		switch {
		case ended:
			return nil
		case retry(err):
			if err := r.sleep(ctx, time.Second); err != nil {
				return err
			}
		case err != nil:
			return err
		}
		// The subscription's 5 minutes are up: subscribe again after the
		// last event.
	}
}

// events processes a subscription's events until the stream ends, moving
// pos past each. It reports whether the shard has ended.
func (r *run) events(ctx context.Context, shard string, stream *kinesis.SubscribeToShardEventStream, pos *types.StartingPosition) (shardEnded bool, err error) {
	for event := range stream.Events() {
		ev, ok := event.(*types.SubscribeToShardEventStreamMemberSubscribeToShardEvent)
		if !ok {
			continue // an event type newer than this code
		}
		if len(ev.Value.Records) > 0 {
			if err := r.Process(ctx, shard, ev.Value.Records); err != nil {
				return false, err
			}
		}
		if ev.Value.ContinuationSequenceNumber == nil { // the shard's end
			r.logf("%s: shard end, %d children", shard, len(ev.Value.ChildShards))
			r.finish(ctx, shard, ev.Value.ChildShards)
			return true, nil
		}
		*pos = types.StartingPosition{Type: types.ShardIteratorTypeAfterSequenceNumber, SequenceNumber: ev.Value.ContinuationSequenceNumber}
	}
	return false, stream.Err()
}

// retry tells whether a subscription failed for a reason that passes:
// another subscription of this consumer to the shard is still live
// (ResourceInUseException), or subscriptions came too often
// (LimitExceededException, more than one a second).
func retry(err error) bool {
	var inUse *types.ResourceInUseException
	var limit *types.LimitExceededException
	return errors.As(err, &inUse) || errors.As(err, &limit)
}

func (c *Consumer) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (c *Consumer) logf(format string, args ...any) {
	if c.Logf != nil {
		c.Logf(format, args...)
	}
}
