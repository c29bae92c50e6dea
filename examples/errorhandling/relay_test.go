package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake"
)

// documented are the exceptions AWS's service model lists for each call
// the relay makes (InternalFailureException is kinesisfake's
// ErrInternalFailure).
var documented = map[string][]*kinesisfake.FaultError{
	kinesisfake.OpGetShardIterator: {
		kinesisfake.ErrResourceNotFound, kinesisfake.ErrInvalidArgument, kinesisfake.ErrProvisionedThroughputExceeded,
		kinesisfake.ErrAccessDenied, kinesisfake.ErrInternalFailure,
	},
	kinesisfake.OpGetRecords: {
		kinesisfake.ErrResourceNotFound, kinesisfake.ErrInvalidArgument, kinesisfake.ErrProvisionedThroughputExceeded,
		kinesisfake.ErrExpiredIterator, kinesisfake.ErrKMSDisabled, kinesisfake.ErrKMSInvalidState, kinesisfake.ErrKMSAccessDenied,
		kinesisfake.ErrKMSNotFound, kinesisfake.ErrKMSOptInRequired, kinesisfake.ErrKMSThrottling, kinesisfake.ErrAccessDenied,
		kinesisfake.ErrInternalFailure,
	},
	kinesisfake.OpPutRecord: {
		kinesisfake.ErrResourceNotFound, kinesisfake.ErrInvalidArgument, kinesisfake.ErrProvisionedThroughputExceeded,
		kinesisfake.ErrKMSDisabled, kinesisfake.ErrKMSInvalidState, kinesisfake.ErrKMSAccessDenied, kinesisfake.ErrKMSNotFound,
		kinesisfake.ErrKMSOptInRequired, kinesisfake.ErrKMSThrottling, kinesisfake.ErrAccessDenied, kinesisfake.ErrInternalFailure,
	},
}

// reactions is the relay's specification: what it does about each
// exception kinesisfake can raise.
var reactions = map[*kinesisfake.FaultError]Reaction{
	kinesisfake.ErrExpiredIterator:               Reiterate,
	kinesisfake.ErrProvisionedThroughputExceeded: Retry,
	kinesisfake.ErrKMSThrottling:                 Retry,
	kinesisfake.ErrLimitExceeded:                 Retry,
	kinesisfake.ErrInternalFailure:               Retry,
	kinesisfake.ErrKMSAccessDenied:               Fatal,
	kinesisfake.ErrKMSDisabled:                   Fatal,
	kinesisfake.ErrKMSInvalidState:               Fatal,
	kinesisfake.ErrKMSNotFound:                   Fatal,
	kinesisfake.ErrKMSOptInRequired:              Fatal,
	kinesisfake.ErrResourceInUse:                 Fatal,
	kinesisfake.ErrResourceNotFound:              Fatal,
	kinesisfake.ErrInvalidArgument:               Fatal,
	kinesisfake.ErrAccessDenied:                  Fatal,
	kinesisfake.ErrExpiredNextToken:              Fatal,
}

// TestReactions fails each call of a Drain once with each exception
// documented for it, and checks the relay's reaction: a retry backs off
// once and relays every record once; a new iterator goes on after the last
// record relayed; a fatal error stops the relay with that exception, after
// what it relayed before.
func TestReactions(t *testing.T) {
	// Without faults, a Drain of 3 records, 2 a page, calls GetShardIterator
	// once, GetRecords 3 times (2 records, 1, none at the tip) and PutRecord
	// 3 times. Each fault fires on call number nth of its operation, after
	// relayed records were relayed.
	calls := map[string]int{kinesisfake.OpGetShardIterator: 1, kinesisfake.OpGetRecords: 3, kinesisfake.OpPutRecord: 3}
	nth := map[string]int{kinesisfake.OpGetShardIterator: 1, kinesisfake.OpGetRecords: 2, kinesisfake.OpPutRecord: 2}
	relayed := map[string]int{kinesisfake.OpGetShardIterator: 0, kinesisfake.OpGetRecords: 2, kinesisfake.OpPutRecord: 1}
	records := []string{"order-1", "order-2", "order-3"}

	for op, faults := range documented {
		for _, fault := range faults {
			t.Run(op+"/"+fault.Code(), func(t *testing.T) {
				ctx := t.Context()
				clock := kinesisfake.NewManualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
				kc := kinesisfake.NewT(t, kinesisfake.WithClock(clock))
				kc.CreateStreamT(t, "orders", 1)
				kc.CreateStreamT(t, "orders-copy", 1)
				for _, d := range records {
					_, err := kc.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("orders"), PartitionKey: aws.String(d), Data: []byte(d)})
					require.NoError(t, err)
				}
				kc.ResetCalls()
				h := kc.InjectFault(kinesisfake.Fault{Op: op, Err: fault, Nth: nth[op]})
				var sleeps []time.Duration
				r := &Relay{Client: kc, From: "orders", Shard: "shardId-000000000000", To: "orders-copy", PageLimit: 2,
					Sleep: func(ctx context.Context, d time.Duration) error {
						sleeps = append(sleeps, d)
						return advance(clock)(ctx, d)
					}}

				err := r.Drain(ctx)

				require.Equal(t, 1, h.Fired(), "the fault fired")
				want := reactions[fault]
				faulted := kc.Calls(op)[nth[op]-1].Err // the exception the relay met
				assert.Equal(t, want, Classify(faulted), "Classify(%v)", faulted)
				switch want {
				case Retry:
					assert.NoError(t, err)
					kc.CheckShardData(t, "orders-copy", "shardId-000000000000", records...) // every record once
					assert.Equal(t, []time.Duration{100 * time.Millisecond}, sleeps, "one back-off")
					kc.CheckCallCount(t, op, calls[op]+1) // the call again
				case Reiterate:
					assert.NoError(t, err)
					kc.CheckShardData(t, "orders-copy", "shardId-000000000000", records...)
					assert.Empty(t, sleeps)
					its := kc.Calls(kinesisfake.OpGetShardIterator)
					require.Len(t, its, 2, "a new iterator")
					again := its[1].Input.(*kinesis.GetShardIteratorInput)
					assert.Equal(t, types.ShardIteratorTypeAfterSequenceNumber, again.ShardIteratorType)
					assert.Equal(t, *kc.Records("orders", "shardId-000000000000")[1].SequenceNumber, aws.ToString(again.StartingSequenceNumber),
						"after the last record relayed")
				case Fatal:
					var apiErr smithy.APIError
					if assert.ErrorAs(t, err, &apiErr) {
						assert.Equal(t, fault.Code(), apiErr.ErrorCode())
					}
					kc.CheckShardData(t, "orders-copy", "shardId-000000000000", records[:relayed[op]]...) // what was relayed before
					assert.Empty(t, sleeps)
					kc.CheckCallCount(t, op, nth[op]) // not again
				}
			})
		}
	}
}

// TestEveryFaultHasAReaction keeps the specification complete: an
// exception kinesisfake learns to raise needs a decision here.
func TestEveryFaultHasAReaction(t *testing.T) {
	for _, fault := range kinesisfake.AllFaultErrors {
		assert.Contains(t, reactions, fault, "no reaction decided for %s", fault.Code())
	}
	assert.Equal(t, Fatal, Classify(context.Canceled), "an error that is no answer of Kinesis")
	assert.Equal(t, Fatal, Classify(fmt.Errorf("wrapped: %w", &types.ResourceNotFoundException{Message: aws.String("gone")})))
	assert.Equal(t, Reiterate, Classify(fmt.Errorf("wrapped: %w", &types.ExpiredIteratorException{Message: aws.String("old")})))
}

// TestGivesUp: an error that is retried but never passes stops the relay
// after MaxAttempts calls, with the error.
func TestGivesUp(t *testing.T) {
	clock := kinesisfake.NewManualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	kc := kinesisfake.NewT(t, kinesisfake.WithClock(clock))
	kc.CreateStreamT(t, "orders", 1)
	kc.InjectFault(kinesisfake.Fault{Op: kinesisfake.OpGetShardIterator, Err: kinesisfake.ErrProvisionedThroughputExceeded})
	r := &Relay{Client: kc, From: "orders", Shard: "shardId-000000000000", To: "orders-copy", MaxAttempts: 4, Sleep: advance(clock)}

	err := r.Drain(t.Context())

	var throttled *types.ProvisionedThroughputExceededException
	assert.ErrorAs(t, err, &throttled)
	assert.ErrorContains(t, err, "giving up after 4 attempts")
	kc.CheckCallCount(t, kinesisfake.OpGetShardIterator, 4)
}

// TestDemo runs main's demo, so that it keeps working.
func TestDemo(t *testing.T) {
	var out strings.Builder
	require.NoError(t, demo(t.Context(), &out))
	assert.Contains(t, out.String(), "orders-copy has order-3")
	assert.Contains(t, out.String(), "KMSDisabledException")
}
