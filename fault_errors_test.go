package kinesisfake

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kinesisfake/kinesisfake/internal/validation"
)

// TestFaultErrorsFor: the faults of an operation follow AWS's model (for
// GetRecords: botocore's kinesis 2013-12-02 service-2.json lists these
// exceptions, InternalFailureException last), and every documented
// exception of every operation is one a fault can produce.
func TestFaultErrorsFor(t *testing.T) {
	assert.Equal(t, []*FaultError{
		ErrResourceNotFound, ErrInvalidArgument, ErrProvisionedThroughputExceeded, ErrExpiredIterator,
		ErrKMSDisabled, ErrKMSInvalidState, ErrKMSAccessDenied, ErrKMSNotFound, ErrKMSOptInRequired, ErrKMSThrottling,
		ErrAccessDenied, ErrInternalFailure,
	}, FaultErrorsFor(OpGetRecords))
	assert.Equal(t, []*FaultError{ErrResourceNotFound, ErrInvalidArgument, ErrResourceInUse, ErrLimitExceeded, ErrAccessDenied, ErrInternalFailure},
		FaultErrorsFor(OpSubscribeToShard))
	for op := range operations {
		for _, code := range validation.DocumentedErrors[op] {
			if code == "ValidationException" || code == "InternalFailureException" {
				continue
			}
			assert.True(t, slices.ContainsFunc(FaultErrorsFor(op), func(e *FaultError) bool { return e.Code() == code }), "%s documents %s", op, code)
		}
	}
	assert.Panics(t, func() { FaultErrorsFor("GetRecord") })
}
