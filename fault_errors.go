package kinesisfake

import (
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesisfake/kinesisfake/internal/validation"
)

// FaultError is a ready-made error for Fault.Err. When a fault fires, the
// Fake turns it into the exception AWS returns in that situation, with
// AWS's text filled in for the call's stream, shard and account, wrapped as
// the real client wraps it.
type FaultError struct {
	code string
}

// Error names the exception the fault stands for.
func (e *FaultError) Error() string { return "kinesisfake fault: " + e.code }

// Code is the AWS error code the fault produces, e.g.
// "ExpiredIteratorException".
func (e *FaultError) Code() string { return e.code }

// The ready-made faults: one for every exception the Kinesis API documents.
var (
	ErrExpiredIterator               = &FaultError{"ExpiredIteratorException"}
	ErrProvisionedThroughputExceeded = &FaultError{"ProvisionedThroughputExceededException"}
	ErrKMSAccessDenied               = &FaultError{"KMSAccessDeniedException"}
	ErrKMSDisabled                   = &FaultError{"KMSDisabledException"}
	ErrKMSInvalidState               = &FaultError{"KMSInvalidStateException"}
	ErrKMSNotFound                   = &FaultError{"KMSNotFoundException"}
	ErrKMSOptInRequired              = &FaultError{"KMSOptInRequired"}
	ErrKMSThrottling                 = &FaultError{"KMSThrottlingException"}
	ErrLimitExceeded                 = &FaultError{"LimitExceededException"}
	ErrResourceInUse                 = &FaultError{"ResourceInUseException"}
	ErrResourceNotFound              = &FaultError{"ResourceNotFoundException"}
	ErrInvalidArgument               = &FaultError{"InvalidArgumentException"}
	ErrAccessDenied                  = &FaultError{"AccessDeniedException"}
	ErrInternalFailure               = &FaultError{"InternalFailure"}
	ErrExpiredNextToken              = &FaultError{"ExpiredNextTokenException"}
)

// AllFaultErrors lists every ready-made fault, for table-driven tests that
// walk all of a program's error paths.
var AllFaultErrors = []*FaultError{
	ErrExpiredIterator, ErrProvisionedThroughputExceeded,
	ErrKMSAccessDenied, ErrKMSDisabled, ErrKMSInvalidState, ErrKMSNotFound, ErrKMSOptInRequired, ErrKMSThrottling,
	ErrLimitExceeded, ErrResourceInUse, ErrResourceNotFound, ErrInvalidArgument, ErrAccessDenied,
	ErrInternalFailure, ErrExpiredNextToken,
}

// FaultErrorsFor lists the ready-made faults for the exceptions AWS's model
// documents for operation op (an Op constant), in the model's order, and
// ErrInternalFailure, which any operation can meet (the model's
// InternalFailureException, where it lists one, is what that fault stands
// for too: AWS answers an internal failure as HTTP 500 InternalFailure).
// Exceptions no fault produces, such as ValidationException, which comes
// from the input, are left out. It panics on a name that is no operation.
func FaultErrorsFor(op string) []*FaultError {
	checkOperation("FaultErrorsFor", op)
	var out []*FaultError
	for _, code := range validation.DocumentedErrors[op] {
		if code == "InternalFailureException" {
			continue // ErrInternalFailure comes last, for every operation
		}
		for _, e := range AllFaultErrors {
			if e.code == code {
				out = append(out, e)
			}
		}
	}
	return append(out, ErrInternalFailure)
}

// internalFailureText is what Kinesis says of an internal failure, in
// PutRecords entries and elsewhere.
const internalFailureText = "Internal Service Failure"

// exception builds the SDK exception for a fault firing on a call of op
// addressing t, with the text AWS gives for it there.
func (e *FaultError) exception(f *Fake, op string, t callTarget) error {
	stream := t.stream
	shard := t.shard
	if shard == "" {
		shard = shardID(0)
	}
	switch e {
	case ErrExpiredIterator:
		issued := t.issuedMs
		now := f.now()
		if !t.iterator || !outlived(issued, iteratorLifetime, now) {
			issued = msOf(now) - iteratorLifetime.Milliseconds() - 1
		}
		return f.checkIteratorAge(iteratorToken{issuedMs: issued}, now)
	case ErrProvisionedThroughputExceeded:
		return f.throughputError(op, stream, shard)
	case ErrKMSAccessDenied:
		return f.kmsError(KMSKeyAccessDenied, f.faultKMSKey(stream), stream, op != OpGetRecords && op != OpSubscribeToShard)
	case ErrKMSDisabled:
		return f.kmsError(KMSKeyDisabled, f.faultKMSKey(stream), stream, true)
	case ErrKMSInvalidState:
		return f.kmsError(KMSKeyPendingDeletion, f.faultKMSKey(stream), stream, true)
	case ErrKMSNotFound:
		return f.kmsError(KMSKeyNotFound, f.faultKMSKey(stream), stream, true)
	case ErrKMSOptInRequired:
		return f.kmsError(KMSKeyOptInRequired, f.faultKMSKey(stream), stream, true)
	case ErrKMSThrottling:
		return f.kmsError(KMSKeyThrottled, f.faultKMSKey(stream), stream, true)
	case ErrLimitExceeded:
		return f.rateError(stream)
	case ErrResourceInUse:
		if op == OpSubscribeToShard {
			return f.subscriptionInUse(stream, shard, t.consumer)
		}
		return f.streamNotActive(stream, types.StreamStatusUpdating)
	case ErrResourceNotFound:
		if op == OpGetRecords || op == OpGetShardIterator || op == OpSubscribeToShard {
			return f.shardNotFound(shard, stream)
		}
		return f.streamNotFound(stream)
	case ErrInvalidArgument:
		if op == OpGetRecords {
			return invalidArgument("Invalid ShardIterator.")
		}
		return invalidArgument("Invalid argument for %s on stream %s under account %s.", op, stream, f.account)
	case ErrAccessDenied:
		return &types.AccessDeniedException{Message: ptr(fmt.Sprintf(
			"User: %s is not authorized to perform: kinesis:%s on resource: %s because no identity-based policy allows the kinesis:%s action",
			f.kmsPrincipal(), op, f.streamARN(stream), op))}
	case ErrInternalFailure:
		return internalFailure()
	case ErrExpiredNextToken:
		now := f.now()
		return nextTokenExpired(now.Add(-nextTokenLifetime-time.Millisecond), now)
	}
	return fmt.Errorf("kinesisfake: unknown fault %s", e.code)
}

// faultKMSKey is the key a KMS fault's text names: the key the stream is
// encrypted with, as a real KMS failure would name it, else the key Kinesis
// owns (alias/aws/kinesis).
func (f *Fake) faultKMSKey(stream string) string {
	now := f.now()
	f.mu.RLock()
	defer f.mu.RUnlock()
	if s := f.liveStream(stream, now); s != nil && s.encryption == types.EncryptionTypeKms {
		return s.keyID
	}
	return "alias/aws/kinesis"
}

// throughputError is the ProvisionedThroughputExceededException an
// operation gets when a shard's limit is exceeded, in AWS's texts: reads
// name the shard as account/stream/shard, writes in a sentence.
func (f *Fake) throughputError(op, stream, shard string) error {
	var msg string
	switch op {
	case OpPutRecord, OpPutRecords:
		msg = f.writeThrottleText(stream, shard)
	default:
		msg = fmt.Sprintf("Rate exceeded for Shard - %s/%s/%s", f.account, stream, shard)
	}
	return &types.ProvisionedThroughputExceededException{Message: &msg}
}

// writeThrottleText is what a throttled write says, also as a PutRecords
// entry's ErrorMessage.
func (f *Fake) writeThrottleText(stream, shard string) string {
	return fmt.Sprintf("Rate exceeded for shard %s in stream %s under account %s.", shard, stream, f.account)
}

// rateError is the LimitExceededException of a control-plane call over its
// rate: per stream where the call names one, else per account.
func (f *Fake) rateError(stream string) error {
	if stream != "" {
		return limitExceeded("Rate exceeded for stream %s under account %s.", stream, f.account)
	}
	return limitExceeded("Rate exceeded for account %s.", f.account)
}
