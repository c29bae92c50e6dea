package kinesisfake

import (
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// maxModeChangesPerDay is how many times a stream may switch capacity mode
// in a rolling 24-hour period ("twice within 24 hours").
const maxModeChangesPerDay = 2

// updateStreamMode implements UpdateStreamMode: the stream passes through
// UPDATING and keeps the shards it has, in either direction. The new mode
// applies at once (UpdateShardCount, for one, sees it while UPDATING).
//
// Switching to PROVISIONED drops the settings only ON_DEMAND streams have
// (warm throughput, the AUTO record distribution strategy). Switching to
// ON_DEMAND counts against the account's on-demand stream quota and may set
// warm throughput, which needs a billing commitment as with
// UpdateStreamWarmThroughput.
//
// AWS documents no answer for asking for the mode the stream already has;
// kinesisfake accepts it and changes nothing (no UPDATING, not counted
// against the daily limit).
func (f *Fake) updateStreamMode(in *kinesis.UpdateStreamModeInput) (*kinesis.UpdateStreamModeOutput, error) {
	mode := in.StreamModeDetails.StreamMode // required and an enum: invoke checked both
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	s, err := f.activeStream(streamRef{arn: in.StreamARN}, now)
	if err != nil {
		return nil, err
	}
	if in.WarmThroughputMiBps != nil {
		notOnDemand := invalidArgument("WarmThroughputMiBps can only be specified when updating the stream mode to ON_DEMAND.")
		if err := f.checkWarmThroughput(*in.WarmThroughputMiBps, mode, notOnDemand, now); err != nil {
			return nil, err
		}
	}
	if mode == s.mode {
		return &kinesis.UpdateStreamModeOutput{}, nil
	}
	recent := recentCalls(s.modeUpdatesMs, now)
	s.modeUpdatesMs = recent
	if len(recent) >= maxModeChangesPerDay {
		return nil, f.streamRateExceeded(s)
	}
	if mode == types.StreamModeOnDemand {
		if err := f.checkOnDemandQuota(now); err != nil {
			return nil, err
		}
	}

	s.transition(now, types.StreamStatusUpdating, types.StreamStatusActive, f.delays.Update)
	s.mode = mode
	switch {
	case mode == types.StreamModeProvisioned:
		s.warmMiBps, s.distribution = 0, ""
	case in.WarmThroughputMiBps != nil:
		s.warmMiBps = *in.WarmThroughputMiBps
	}
	s.modeUpdatesMs = append(recent, msOf(now))
	return &kinesis.UpdateStreamModeOutput{}, nil
}
