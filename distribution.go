package kinesisfake

import (
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// updateStreamRecordDistributionStrategy implements
// UpdateStreamRecordDistributionStrategy. The change takes effect at once
// and the stream does not pass through UPDATING ("the change takes effect
// immediately without downtime"): put.go's route() spreads the records put
// from now on over the open shards in turn under AUTO, and by hash key
// under USER_PARTITION_KEY. Records already stored stay where they are.
//
// AWS allows the switch "at any time", so a stream that is UPDATING takes
// it too; one still CREATING or DELETING does not. AUTO on a PROVISIONED
// stream is an InvalidArgumentException, as AWS documents; kinesisfake
// accepts USER_PARTITION_KEY there, since it is what such a stream does
// anyway.
func (f *Fake) updateStreamRecordDistributionStrategy(in *kinesis.UpdateStreamRecordDistributionStrategyInput) (*kinesis.UpdateStreamRecordDistributionStrategyOutput, error) {
	strategy := in.RecordDistributionStrategy // required and an enum: invoke checked both
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	s, err := f.usableStream(streamRef{arn: in.StreamARN}, now)
	if err != nil {
		return nil, err
	}
	if err := f.checkDistribution(strategy, s.name, s.mode); err != nil {
		return nil, err
	}
	if s.distribution != strategy {
		// Start the turn afresh, so the same calls spread the same way.
		s.autoTurn.Store(0)
	}
	s.distribution = strategy
	return &kinesis.UpdateStreamRecordDistributionStrategyOutput{}, nil
}

// checkDistribution checks a record distribution strategy for stream name
// in mode, for CreateStream and UpdateStreamRecordDistributionStrategy:
// AUTO is "only supported for streams that use the on-demand capacity
// mode" (CreateStream's reference).
func (f *Fake) checkDistribution(strategy types.RecordDistributionStrategy, name string, mode types.StreamMode) error {
	if strategy == types.RecordDistributionStrategyAuto && mode != types.StreamModeOnDemand {
		return invalidArgument("Record distribution strategy AUTO is only supported for data streams with the on-demand capacity mode. Stream %s under account %s is in %s mode.", name, f.account, mode)
	}
	return nil
}
