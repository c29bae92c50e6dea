package kinesisfake

import (
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Bounds of a stream's maximum record size, in KiB (1 to 10 MiB).
const (
	minRecordSizeLimitKiB = 1024
	maxRecordSizeLimitKiB = 10240
)

// updateMaxRecordSize implements UpdateMaxRecordSize. The new limit applies
// to puts at once (put.go's checkRecordSize reads it). Like the other
// settings changes, it needs an ACTIVE stream and passes through UPDATING:
// AWS documents ResourceInUseException for it.
func (f *Fake) updateMaxRecordSize(in *kinesis.UpdateMaxRecordSizeInput) (*kinesis.UpdateMaxRecordSizeOutput, error) {
	if err := checkMaxRecordSize(*in.MaxRecordSizeInKiB); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	s, err := f.activeStream(streamRef{arn: in.StreamARN}, now)
	if err != nil {
		return nil, err
	}
	s.transition(now, types.StreamStatusUpdating, types.StreamStatusActive, f.delays.Update)
	s.maxRecordKiB = *in.MaxRecordSizeInKiB
	return &kinesis.UpdateMaxRecordSizeOutput{}, nil
}

// checkMaxRecordSize refuses a size outside 1024..10240 KiB with the
// ValidationException of the model's range (AWS: "If you specify a value
// that is out of this range, UpdateMaxRecordSize sends back an
// ValidationException"). The model checks in call normally catch it first.
func checkMaxRecordSize(kib int32) error {
	switch {
	case kib < minRecordSizeLimitKiB:
		return validationErrorf("1 validation error detected: Value '%d' at 'maxRecordSizeInKiB' failed to satisfy constraint: Member must have value greater than or equal to %d", kib, minRecordSizeLimitKiB)
	case kib > maxRecordSizeLimitKiB:
		return validationErrorf("1 validation error detected: Value '%d' at 'maxRecordSizeInKiB' failed to satisfy constraint: Member must have value less than or equal to %d", kib, maxRecordSizeLimitKiB)
	}
	return nil
}
