package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
)

// Kinesis is what the producer needs of the client. *kinesis.Client has
// this method, and so does *kinesisfake.Fake.
type Kinesis interface {
	PutRecords(ctx context.Context, in *kinesis.PutRecordsInput, optFns ...func(*kinesis.Options)) (*kinesis.PutRecordsOutput, error)
}

// PutRecords' limits per call.
const (
	maxBatchRecords = 500
	maxBatchBytes   = 5 << 20 // data and partition keys
)

// Producer collects records into PutRecords calls of up to 500 records and
// 5 MiB, and retries what fails with exponential back-off: the entries a
// call reports failed (ProvisionedThroughputExceededException or
// InternalFailure on the entry), or the whole call when it fails with a
// retryable error. Kinesis writes no entry it reports failed, so a retry
// never duplicates one; it may reorder a partition key's records, since an
// entry retried is written after the entries of its call that succeeded.
//
// The SDK's own retryer retries whole calls that are throttled or fail
// with a 5xx, but never the failed entries of a call that succeeded.
//
// A Producer is not safe for concurrent use.
type Producer struct {
	Client Kinesis
	Stream string

	MaxAttempts int           // calls per record before giving up (0: 8)
	BaseDelay   time.Duration // the first back-off, doubling on each retry (0: 100ms)
	MaxDelay    time.Duration // the longest back-off (0: 5s)
	// Sleep waits for d or until ctx is done; nil sleeps on real time.
	// Tests pass one that moves a fake clock.
	Sleep func(ctx context.Context, d time.Duration) error
	Logf  func(format string, args ...any) // nil: silent

	batch []types.PutRecordsRequestEntry
	bytes int
}

// Add adds a record to the batch, sending the batch first if the record
// would not fit in it.
func (p *Producer) Add(ctx context.Context, partitionKey string, data []byte) error {
	size := len(partitionKey) + len(data)
	if len(p.batch) == maxBatchRecords || p.bytes+size > maxBatchBytes {
		if err := p.Flush(ctx); err != nil {
			return err
		}
	}
	p.batch = append(p.batch, types.PutRecordsRequestEntry{PartitionKey: &partitionKey, Data: data})
	p.bytes += size
	return nil
}

// Flush sends the batch, retrying until every record is written. If some
// still fail after MaxAttempts calls, or a call fails with an error that
// is not worth retrying, it returns a *FailedError with the records not
// written.
func (p *Producer) Flush(ctx context.Context) error {
	pending := p.batch
	p.batch, p.bytes = nil, 0
	delay := cmp.Or(p.BaseDelay, 100*time.Millisecond)
	for attempt := 1; len(pending) > 0; attempt++ {
		if attempt > 1 {
			if err := p.sleep(ctx, delay); err != nil {
				return err
			}
			delay = min(2*delay, cmp.Or(p.MaxDelay, 5*time.Second))
		}
		out, err := p.Client.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: &p.Stream, Records: pending})
		switch {
		case err != nil && !retryable(err):
			return &FailedError{Records: pending, Last: err}
		case err != nil:
			p.logf("PutRecords of %d failed as a whole (%v), retrying in %v", len(pending), errorCode(err), delay)
		default:
			var failed []types.PutRecordsRequestEntry
			for i, r := range out.Records {
				if r.ErrorCode != nil {
					failed = append(failed, pending[i])
					err = &smithy.GenericAPIError{Code: *r.ErrorCode, Message: *r.ErrorMessage}
				}
			}
			if len(failed) > 0 {
				p.logf("PutRecords: %d of %d failed (%v), retrying them in %v", len(failed), len(pending), errorCode(err), delay)
			} else {
				p.logf("PutRecords: all %d written", len(pending))
			}
			pending = failed
		}
		if len(pending) > 0 && attempt == cmp.Or(p.MaxAttempts, 8) {
			return &FailedError{Records: pending, Last: err}
		}
	}
	return nil
}

// FailedError is the records a Flush could not write, and the last error
// they failed with: the call's, or an entry's ErrorCode and ErrorMessage
// as a smithy.APIError.
type FailedError struct {
	Records []types.PutRecordsRequestEntry
	Last    error
}

func (e *FailedError) Error() string {
	return fmt.Sprintf("%d records not written: %v", len(e.Records), e.Last)
}

func (e *FailedError) Unwrap() error { return e.Last }

// retryable tells whether a failed PutRecords call may succeed if sent again.
func retryable(err error) bool {
	switch errorCode(err) {
	case "ProvisionedThroughputExceededException", "KMSThrottlingException", "InternalFailure", "InternalFailureException", "ServiceUnavailable":
		return true
	}
	return false
}

// errorCode is an AWS error's code, or "" for other errors.
func errorCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

func (p *Producer) sleep(ctx context.Context, d time.Duration) error {
	if p.Sleep != nil {
		return p.Sleep(ctx, d)
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

func (p *Producer) logf(format string, args ...any) {
	if p.Logf != nil {
		p.Logf(format, args...)
	}
}
