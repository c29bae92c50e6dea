package kinesisfake

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// maxWarmThroughputMiBps is the most warm throughput an on-demand stream
// may have by default ("Scale to more than 10 GiBps for an on-demand
// stream" is not allowed).
const maxWarmThroughputMiBps = 10 * 1024

// updateStreamWarmThroughput implements UpdateStreamWarmThroughput. AWS
// supports it only for ON_DEMAND streams in accounts with a minimum
// throughput billing commitment; the stream passes through UPDATING. A
// value at or below the current one releases capacity, as AWS describes.
func (f *Fake) updateStreamWarmThroughput(in *kinesis.UpdateStreamWarmThroughputInput) (*kinesis.UpdateStreamWarmThroughputOutput, error) {
	mibps := *in.WarmThroughputMiBps
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	s, err := f.activeStream(streamRef{name: in.StreamName, arn: in.StreamARN}, now)
	if err != nil {
		return nil, err
	}
	notOnDemand := validationErrorf("UpdateStreamWarmThroughput is only supported for data streams with the on-demand capacity mode. Stream %s under account %s is in %s mode.", s.name, f.account, s.mode)
	if err := f.checkWarmThroughput(mibps, s.mode, notOnDemand, now); err != nil {
		return nil, err
	}
	current := s.warmMiBps
	if current == 0 {
		// Nothing configured yet: the stream is scaled for what its open
		// shards take, 1 MiB/s each.
		current = int32(s.openShardCount(now))
	}
	s.transition(now, types.StreamStatusUpdating, types.StreamStatusActive, f.delays.Update)
	s.warmMiBps = mibps
	return &kinesis.UpdateStreamWarmThroughputOutput{
		StreamARN:      ptr(s.arn),
		StreamName:     ptr(s.name),
		WarmThroughput: &types.WarmThroughputObject{CurrentMiBps: ptr(current), TargetMiBps: ptr(mibps)},
	}, nil
}

// checkWarmThroughput checks a requested warm throughput for a stream in
// mode, for CreateStream, UpdateStreamMode and UpdateStreamWarmThroughput:
// only an ON_DEMAND stream takes it (else notOnDemand, each operation's own
// error), allowed by the account's settings at now, and within the default
// limit (the model's range, not negative, was checked by invoke). The
// caller holds f.mu.
func (f *Fake) checkWarmThroughput(mibps int32, mode types.StreamMode, notOnDemand error, now time.Time) error {
	switch {
	case mode != types.StreamModeOnDemand:
		return notOnDemand
	case !f.accountSettings.commitmentEnabledAt(now):
		return invalidArgument("Warm throughput can only be configured in accounts with MinimumThroughputBillingCommitment enabled. Account %s does not have MinimumThroughputBillingCommitment enabled.", f.account)
	case mibps > maxWarmThroughputMiBps:
		return limitExceeded("Requested warm throughput of %d MiBps exceeds the limit of %d MiBps for an on-demand stream.", mibps, maxWarmThroughputMiBps)
	}
	return nil
}
