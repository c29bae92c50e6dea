package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
)

// Kinesis is what the relay needs of the client. *kinesis.Client has these
// methods, and so does *kinesisfake.Fake.
type Kinesis interface {
	GetShardIterator(ctx context.Context, in *kinesis.GetShardIteratorInput, optFns ...func(*kinesis.Options)) (*kinesis.GetShardIteratorOutput, error)
	GetRecords(ctx context.Context, in *kinesis.GetRecordsInput, optFns ...func(*kinesis.Options)) (*kinesis.GetRecordsOutput, error)
	PutRecord(ctx context.Context, in *kinesis.PutRecordInput, optFns ...func(*kinesis.Options)) (*kinesis.PutRecordOutput, error)
}

// Reaction is what the relay does about a failed call.
type Reaction int

const (
	// Fatal: stop and report; trying again cannot help (no access, a key
	// that is unusable, a stream or shard that is gone, a bad request).
	Fatal Reaction = iota
	// Retry: back off, then make the same call again (throttling, a
	// failure on AWS's side).
	Retry
	// Reiterate: the shard iterator is no good any more; get a new one
	// after the last record relayed and go on.
	Reiterate
)

func (r Reaction) String() string {
	return [...]string{"fatal", "retry", "reiterate"}[r]
}

// Classify decides the reaction to an error of GetShardIterator,
// GetRecords or PutRecord. It goes by the AWS error code, so it sees the
// same through every layer the SDK wraps an exception in.
func Classify(err error) Reaction {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return Fatal // not an answer of Kinesis: a cancelled context, a network failure the SDK gave up on
	}
	switch apiErr.ErrorCode() {
	case "ExpiredIteratorException":
		return Reiterate
	case "ProvisionedThroughputExceededException", "KMSThrottlingException", "LimitExceededException",
		"InternalFailure", "InternalFailureException", "ServiceUnavailable":
		return Retry
	}
	return Fatal // AccessDenied, KMS*, ResourceNotFound, InvalidArgument, ...
}

// Relay copies the records of one shard to another stream, each with its
// partition key: the consume-and-produce step of a pipeline.
type Relay struct {
	Client    Kinesis
	From      string // the stream read
	Shard     string // the shard of From read
	To        string // the stream written
	PageLimit int32  // records per GetRecords (0: AWS's default, 10000)

	MaxAttempts int // calls before a retryable error is fatal (0: 5)
	// Sleep waits for d or until ctx is done; nil sleeps on real time.
	// Tests pass one that moves a fake clock.
	Sleep func(ctx context.Context, d time.Duration) error
	Logf  func(format string, args ...any) // nil: silent

	after string // the sequence number of the last record relayed
}

// Drain relays the records of the shard not yet relayed, up to its tip,
// then returns nil; or the first error it cannot handle.
func (r *Relay) Drain(ctx context.Context) error {
	iter, err := r.iterator(ctx)
	if err != nil {
		return err
	}
	for {
		var out *kinesis.GetRecordsOutput
		err := r.retrying(ctx, "GetRecords", func() (err error) {
			out, err = r.Client.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iter, Limit: r.limit()})
			return err
		})
		if err != nil && Classify(err) == Reiterate {
			r.logf("GetRecords: %v; new iterator after %q", errorCode(err), r.after)
			if iter, err = r.iterator(ctx); err != nil {
				return err
			}
			continue
		} else if err != nil {
			return err
		}
		for _, rec := range out.Records {
			err := r.retrying(ctx, "PutRecord", func() error {
				_, err := r.Client.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: &r.To, PartitionKey: rec.PartitionKey, Data: rec.Data})
				return err
			})
			if err != nil {
				return err
			}
			r.after = *rec.SequenceNumber
		}
		if out.NextShardIterator == nil || len(out.Records) == 0 && aws.ToInt64(out.MillisBehindLatest) == 0 {
			return nil // the shard's end, or its tip
		}
		iter = out.NextShardIterator
	}
}

// iterator is a shard iterator after the last record relayed, or at the
// shard's oldest record.
func (r *Relay) iterator(ctx context.Context) (*string, error) {
	in := &kinesis.GetShardIteratorInput{StreamName: &r.From, ShardId: &r.Shard, ShardIteratorType: types.ShardIteratorTypeTrimHorizon}
	if r.after != "" {
		in.ShardIteratorType, in.StartingSequenceNumber = types.ShardIteratorTypeAfterSequenceNumber, aws.String(r.after)
	}
	var out *kinesis.GetShardIteratorOutput
	err := r.retrying(ctx, "GetShardIterator", func() (err error) {
		out, err = r.Client.GetShardIterator(ctx, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out.ShardIterator, nil
}

// retrying makes a call until it succeeds or fails with an error that is
// not Retry, backing off exponentially from 100ms between attempts, and
// returns its last error.
func (r *Relay) retrying(ctx context.Context, op string, call func() error) error {
	delay := 100 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := call()
		if err == nil || Classify(err) != Retry {
			return err
		}
		if attempt == cmp.Or(r.MaxAttempts, 5) {
			return fmt.Errorf("%s: giving up after %d attempts: %w", op, attempt, err)
		}
		r.logf("%s: %v; retrying in %v", op, errorCode(err), delay)
		if err := r.sleep(ctx, delay); err != nil {
			return err
		}
		delay = min(2*delay, 5*time.Second)
	}
}

// errorCode is an AWS error's code, or the error itself for other errors.
func errorCode(err error) any {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return err
}

func (r *Relay) limit() *int32 {
	if r.PageLimit == 0 {
		return nil
	}
	return &r.PageLimit
}

func (r *Relay) sleep(ctx context.Context, d time.Duration) error {
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

func (r *Relay) logf(format string, args ...any) {
	if r.Logf != nil {
		r.Logf(format, args...)
	}
}
