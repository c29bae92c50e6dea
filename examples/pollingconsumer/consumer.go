package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Kinesis is what the consumer needs of the client. *kinesis.Client has
// these methods, and so does *kinesisfake.Fake.
type Kinesis interface {
	ListShards(ctx context.Context, in *kinesis.ListShardsInput, optFns ...func(*kinesis.Options)) (*kinesis.ListShardsOutput, error)
	GetShardIterator(ctx context.Context, in *kinesis.GetShardIteratorInput, optFns ...func(*kinesis.Options)) (*kinesis.GetShardIteratorOutput, error)
	GetRecords(ctx context.Context, in *kinesis.GetRecordsInput, optFns ...func(*kinesis.Options)) (*kinesis.GetRecordsOutput, error)
}

// ShardEnd is the checkpoint of a shard read to its end.
const ShardEnd = "SHARD_END"

// Checkpoints remembers how far each shard has been processed, so that a
// consumer that restarts goes on where it stopped. Production keeps them in
// a table (DynamoDB, as the KCL does, or a database).
type Checkpoints interface {
	// Checkpoint is the sequence number of the last record processed from
	// the shard, ShardEnd, or "" if nothing has been processed yet.
	Checkpoint(ctx context.Context, shardID string) (string, error)
	SetCheckpoint(ctx context.Context, shardID, checkpoint string) error
}

// MemoryCheckpoints is a Checkpoints in memory, safe for concurrent use.
type MemoryCheckpoints struct {
	mu sync.Mutex
	m  map[string]string
}

// Checkpoint implements Checkpoints.
func (c *MemoryCheckpoints) Checkpoint(_ context.Context, shardID string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[shardID], nil
}

// SetCheckpoint implements Checkpoints.
func (c *MemoryCheckpoints) SetCheckpoint(_ context.Context, shardID, checkpoint string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]string{}
	}
	c.m[shardID] = checkpoint
	return nil
}

// Consumer reads every shard of a stream with GetRecords, one goroutine per
// shard, and checkpoints after each batch it has processed. A shard is read
// only once all its parents have been read to their ends, so the records of
// a partition key are processed in order across splits and merges.
type Consumer struct {
	Client      Kinesis
	Stream      string
	Checkpoints Checkpoints
	// Process handles a batch of records of one shard. An error stops the
	// consumer; the batch is not checkpointed.
	Process func(ctx context.Context, shardID string, records []types.Record) error

	Limit        int32         // records per GetRecords call (0: AWS's default, 10000)
	PollInterval time.Duration // the wait between GetRecords calls (0: 1s)
	// Sleep waits for d or until ctx is done; nil sleeps on real time.
	// Tests pass one that moves a fake clock.
	Sleep func(ctx context.Context, d time.Duration) error
	Logf  func(format string, args ...any) // nil: silent
}

// Run reads the stream until ctx is done (then it returns nil) or a shard
// fails with an error it cannot handle, which it returns.
func (c *Consumer) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	r := &run{Consumer: c, cancel: cancel, parents: map[string][]string{}, started: map[string]bool{}, finished: map[string]bool{}}

	shards, err := c.listShards(ctx)
	if err != nil {
		return err
	}
	for _, sh := range shards {
		var parents []string
		for _, p := range []*string{sh.ParentShardId, sh.AdjacentParentShardId} {
			if p != nil {
				parents = append(parents, *p)
			}
		}
		cp, err := c.Checkpoints.Checkpoint(ctx, *sh.ShardId)
		if err != nil {
			return err
		}
		r.parents[*sh.ShardId] = parents
		r.finished[*sh.ShardId] = cp == ShardEnd
	}
	r.mu.Lock()
	r.startReady(ctx)
	r.mu.Unlock()

	<-ctx.Done()
	r.wg.Wait()
	return r.err
}

// run is the state of one Run: which shards there are, with their parents,
// and which are being read or finished.
type run struct {
	*Consumer
	cancel context.CancelFunc
	wg     sync.WaitGroup

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
		if r.started[shard] || r.finished[shard] {
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
			r.logf("%s: reading (parents %v done)", shard, parents)
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
	ids := make([]string, len(children))
	for i, child := range children {
		ids[i] = *child.ShardId
		if _, known := r.parents[*child.ShardId]; !known {
			r.parents[*child.ShardId] = child.ParentShards
		}
	}
	r.logf("%s: shard end, children %v", shard, ids)
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

// read reads one shard from its checkpoint to its end.
func (r *run) read(ctx context.Context, shard string) error {
	iter, err := r.iterator(ctx, shard)
	if err != nil {
		return err
	}
	backoff := backoffs{}
	for {
		out, err := r.Client.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iter, Limit: r.limit()})
		var expired *types.ExpiredIteratorException
		var throttled *types.ProvisionedThroughputExceededException
		switch {
		case errors.As(err, &expired): // not used for 5 minutes: start again from the checkpoint
			r.logf("%s: iterator expired, getting a new one", shard)
			if iter, err = r.iterator(ctx, shard); err != nil {
				return err
			}
			continue
		case errors.As(err, &throttled):
			if err := r.sleep(ctx, backoff.next()); err != nil {
				return err
			}
			continue
		case err != nil:
			return err
		}
		backoff.reset()
		if n := len(out.Records); n > 0 {
			if err := r.Process(ctx, shard, out.Records); err != nil {
				return err
			}
			last := *out.Records[n-1].SequenceNumber
			if err := r.Checkpoints.SetCheckpoint(ctx, shard, last); err != nil {
				return err
			}
			r.logf("%s: processed %d records, checkpoint %s", shard, n, last)
		}
		if out.NextShardIterator == nil { // a closed shard, read to its end
			if err := r.Checkpoints.SetCheckpoint(ctx, shard, ShardEnd); err != nil {
				return err
			}
			r.finish(ctx, shard, out.ChildShards)
			return nil
		}
		iter = out.NextShardIterator
		if err := r.sleep(ctx, cmp.Or(r.PollInterval, time.Second)); err != nil {
			return err
		}
	}
}

// iterator is a shard iterator just after the shard's checkpoint, or at
// its oldest record if it has none.
func (r *run) iterator(ctx context.Context, shard string) (*string, error) {
	cp, err := r.Checkpoints.Checkpoint(ctx, shard)
	if err != nil {
		return nil, err
	}
	in := &kinesis.GetShardIteratorInput{StreamName: &r.Stream, ShardId: &shard, ShardIteratorType: types.ShardIteratorTypeTrimHorizon}
	if cp != "" {
		in.ShardIteratorType, in.StartingSequenceNumber = types.ShardIteratorTypeAfterSequenceNumber, aws.String(cp)
	}
	backoff := backoffs{}
	for {
		out, err := r.Client.GetShardIterator(ctx, in)
		var throttled *types.ProvisionedThroughputExceededException
		if !errors.As(err, &throttled) {
			if err != nil {
				return nil, err
			}
			return out.ShardIterator, nil
		}
		if err := r.sleep(ctx, backoff.next()); err != nil {
			return nil, err
		}
	}
}

// listShards lists every shard the stream retains, open or closed.
func (c *Consumer) listShards(ctx context.Context) ([]types.Shard, error) {
	var shards []types.Shard
	in := &kinesis.ListShardsInput{StreamName: &c.Stream}
	for {
		out, err := c.Client.ListShards(ctx, in)
		if err != nil {
			return nil, err
		}
		shards = append(shards, out.Shards...)
		if out.NextToken == nil {
			return shards, nil
		}
		in = &kinesis.ListShardsInput{NextToken: out.NextToken} // NextToken excludes StreamName
	}
}

func (c *Consumer) limit() *int32 {
	if c.Limit == 0 {
		return nil
	}
	return &c.Limit
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

// backoffs are the waits after throttled calls: 100ms, doubling up to 5s.
type backoffs struct{ last time.Duration }

func (b *backoffs) next() time.Duration {
	b.last = min(max(2*b.last, 100*time.Millisecond), 5*time.Second)
	return b.last
}

func (b *backoffs) reset() { b.last = 0 }
