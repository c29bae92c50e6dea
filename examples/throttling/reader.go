package main

import (
	"context"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Kinesis is what the reader needs of the client. *kinesis.Client has these
// methods, and so does *kinesisfake.Fake.
type Kinesis interface {
	GetShardIterator(ctx context.Context, in *kinesis.GetShardIteratorInput, optFns ...func(*kinesis.Options)) (*kinesis.GetShardIteratorOutput, error)
	GetRecords(ctx context.Context, in *kinesis.GetRecordsInput, optFns ...func(*kinesis.Options)) (*kinesis.GetRecordsOutput, error)
}

// Reader reads a shard from its oldest record to its tip, as fast as the
// shard lets it: Kinesis serves 5 GetRecords calls a second per shard and
// throttles the rest (ProvisionedThroughputExceededException). A throttled
// reader backs off, 250ms at first and twice as long each time it is
// throttled again, and goes on.
type Reader struct {
	Client Kinesis
	Stream string
	Shard  string
	Limit  int32 // records per GetRecords call (0: AWS's default, 10000)
	// Sleep waits for d or until ctx is done; nil sleeps on real time
	// (which inside a testing/synctest bubble is the bubble's).
	Sleep func(ctx context.Context, d time.Duration) error
	Logf  func(format string, args ...any) // nil: silent

	Throttled int // calls throttled so far, for metrics
}

// ReadAll returns the records of the shard, oldest first, up to its tip.
func (r *Reader) ReadAll(ctx context.Context) ([]types.Record, error) {
	it, err := r.Client.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: &r.Stream, ShardId: &r.Shard, ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
	if err != nil {
		return nil, err
	}
	iter := it.ShardIterator
	var records []types.Record
	backoff := 250 * time.Millisecond
	for {
		out, err := r.Client.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iter, Limit: r.limit()})
		var throttled *types.ProvisionedThroughputExceededException
		if errors.As(err, &throttled) {
			r.Throttled++
			r.logf("throttled, backing off %v", backoff)
			if err := r.sleep(ctx, backoff); err != nil {
				return records, err
			}
			backoff *= 2
			continue
		} else if err != nil {
			return records, err
		}
		backoff = 250 * time.Millisecond
		r.logf("%d records", len(out.Records))
		records = append(records, out.Records...)
		if out.NextShardIterator == nil || len(out.Records) == 0 && aws.ToInt64(out.MillisBehindLatest) == 0 {
			return records, nil // the shard's end, or its tip
		}
		iter = out.NextShardIterator
	}
}

func (r *Reader) limit() *int32 {
	if r.Limit == 0 {
		return nil
	}
	return &r.Limit
}

func (r *Reader) sleep(ctx context.Context, d time.Duration) error {
	if r.Sleep != nil {
		return r.Sleep(ctx, d)
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

func (r *Reader) logf(format string, args ...any) {
	if r.Logf != nil {
		r.Logf(format, args...)
	}
}
