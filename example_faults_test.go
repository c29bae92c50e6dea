package kinesisfake_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"

	"github.com/kinesisfake/kinesisfake"
)

// poller is production code under test: a consumer that reads a shard
// call after call and backs off for a second when it is throttled. Its
// sleep is injected, so a test can back off on a fake clock.
type poller struct {
	kc    shardReader
	sleep func(time.Duration)
	log   func(format string, args ...any)
}

// poll reads from iter on until calls GetRecords calls have succeeded.
func (p *poller) poll(ctx context.Context, iter *string, calls int) error {
	for call := 1; call <= calls; {
		page, err := p.kc.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iter})
		var throttled *types.ProvisionedThroughputExceededException
		switch {
		case errors.As(err, &throttled):
			p.log("call %d: throttled (%s), backing off", call, throttled.ErrorMessage())
			p.sleep(time.Second)
			continue
		case err != nil:
			return err
		}
		p.log("call %d: %d record(s)", call, len(page.Records))
		iter = page.NextShardIterator
		call++
	}
	return nil
}

// Deterministic throttling: a shard serves 5 GetRecords calls per second
// (AWS's limit, on by default), so the consumer's 6th call within one
// second is throttled; it backs off one second on the manual clock and goes
// on. No real time passes.
func Example_throttling() {
	ctx := context.Background()
	start := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	clock := kinesisfake.NewManualClock(start)
	f := kinesisfake.New(kinesisfake.WithClock(clock))
	_, _ = f.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("events"), ShardCount: aws.Int32(1)})
	_, _ = f.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("events"), PartitionKey: aws.String("k"), Data: []byte("hello")})
	it, _ := f.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{
		StreamName:        aws.String("events"),
		ShardId:           aws.String("shardId-000000000000"),
		ShardIteratorType: types.ShardIteratorTypeTrimHorizon,
	})

	p := &poller{
		kc:    f,
		sleep: clock.Advance, // in production: time.Sleep
		log: func(format string, args ...any) {
			fmt.Printf("+%v "+format+"\n", append([]any{clock.Now().Sub(start)}, args...)...)
		},
	}
	err := p.poll(ctx, it.ShardIterator, 6)
	fmt.Println("err:", err)
	// Output:
	// +0s call 1: 1 record(s)
	// +0s call 2: 0 record(s)
	// +0s call 3: 0 record(s)
	// +0s call 4: 0 record(s)
	// +0s call 5: 0 record(s)
	// +0s call 6: throttled (Rate exceeded for Shard - 000000000000/events/shardId-000000000000), backing off
	// +1s call 6: 0 record(s)
	// err: <nil>
}

// onReadError is production code under test: what a consumer decides when
// GetRecords fails.
func onReadError(err error) string {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return "fail"
	}
	code := apiErr.ErrorCode()
	switch {
	case code == "ExpiredIteratorException":
		return "get a new iterator"
	case code == "ProvisionedThroughputExceededException", code == "LimitExceededException", code == "KMSThrottlingException":
		return "back off and retry"
	case code == "InternalFailure":
		return "retry"
	case code == "ResourceNotFoundException":
		return "stop: the stream is gone"
	case strings.HasPrefix(code, "KMS"), code == "AccessDeniedException":
		return "stop and alert: no access"
	default:
		return "fail"
	}
}

// A table-driven error-path test across every exception the Kinesis API
// documents: each ready-made fault fails one GetRecords call with the
// exception AWS would return there, and the test sees what the production
// code decides for it.
func Example_faultTable() {
	ctx := context.Background()
	clock := kinesisfake.NewManualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	f := kinesisfake.New(kinesisfake.WithClock(clock))
	_, _ = f.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("events"), ShardCount: aws.Int32(1)})
	it, _ := f.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{
		StreamName:        aws.String("events"),
		ShardId:           aws.String("shardId-000000000000"),
		ShardIteratorType: types.ShardIteratorTypeLatest,
	})

	for _, fault := range kinesisfake.AllFaultErrors {
		f.InjectFault(kinesisfake.Fault{Op: "GetRecords", Stream: "events", Err: fault, Times: 1})
		_, err := f.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
		var apiErr smithy.APIError
		errors.As(err, &apiErr)
		fmt.Println(apiErr.ErrorCode(), "->", onReadError(err))
	}
	// Output:
	// ExpiredIteratorException -> get a new iterator
	// ProvisionedThroughputExceededException -> back off and retry
	// KMSAccessDeniedException -> stop and alert: no access
	// KMSDisabledException -> stop and alert: no access
	// KMSInvalidStateException -> stop and alert: no access
	// KMSNotFoundException -> stop and alert: no access
	// KMSOptInRequired -> stop and alert: no access
	// KMSThrottlingException -> back off and retry
	// LimitExceededException -> back off and retry
	// ResourceInUseException -> fail
	// ResourceNotFoundException -> stop: the stream is gone
	// InvalidArgumentException -> fail
	// AccessDeniedException -> stop and alert: no access
	// InternalFailure -> retry
	// ExpiredNextTokenException -> fail
}
