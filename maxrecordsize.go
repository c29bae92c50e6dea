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
	f.mu.Lock() // the model's range (1024..10240) was checked by invoke
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
