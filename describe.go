package kinesisfake

import (
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// describeStreamMaxShards is both DescribeStream's default Limit and the most
// shards one page carries, whatever Limit asks for.
const describeStreamMaxShards = 100

// describeStream implements DescribeStream: the stream's settings and one
// page of the shards visible at the clock's now, in shard-id order.
func (f *Fake) describeStream(in *kinesis.DescribeStreamInput) (*kinesis.DescribeStreamOutput, error) {
	now := f.now()
	f.mu.RLock()
	defer f.mu.RUnlock()
	s, err := f.lookupStream(streamRef{name: in.StreamName, arn: in.StreamARN})
	if err != nil {
		return nil, err
	}
	limit := describeStreamMaxShards
	if in.Limit != nil {
		limit = min(int(*in.Limit), describeStreamMaxShards)
	}
	status := s.statusAt(now)

	shards := []types.Shard{}
	more := false
	if s.showsShards(now) {
		after := -1
		if in.ExclusiveStartShardId != nil {
			after = s.indexBefore(*in.ExclusiveStartShardId)
		}
		for _, sh := range s.shards[after+1:] {
			if !s.visible(sh, now) {
				continue
			}
			if len(shards) == limit {
				more = true
				break
			}
			shards = append(shards, s.describeShard(sh, now))
		}
	}

	return &kinesis.DescribeStreamOutput{StreamDescription: &types.StreamDescription{
		StreamName:              ptr(s.name),
		StreamARN:               ptr(s.arn),
		StreamStatus:            status,
		StreamModeDetails:       &types.StreamModeDetails{StreamMode: s.mode},
		Shards:                  shards,
		HasMoreShards:           ptr(more),
		RetentionPeriodHours:    ptr(s.retentionHours),
		StreamCreationTimestamp: ptr(creationTime(s.createdMs)),
		EnhancedMonitoring:      s.enhancedMonitoring(),
		EncryptionType:          s.encryption,
		KeyId:                   s.keyIDOrNil(),
	}}, nil
}

// describeStreamSummary implements DescribeStreamSummary: DescribeStream's
// settings without the shard list, plus counts.
func (f *Fake) describeStreamSummary(in *kinesis.DescribeStreamSummaryInput) (*kinesis.DescribeStreamSummaryOutput, error) {
	now := f.now()
	f.mu.RLock()
	defer f.mu.RUnlock()
	s, err := f.lookupStream(streamRef{name: in.StreamName, arn: in.StreamARN})
	if err != nil {
		return nil, err
	}
	status := s.statusAt(now)
	open := 0
	if s.showsShards(now) { // consistent with DescribeStream
		open = s.openShardCount(now)
	}
	sum := &types.StreamDescriptionSummary{
		StreamName:              ptr(s.name),
		StreamARN:               ptr(s.arn),
		StreamStatus:            status,
		StreamModeDetails:       &types.StreamModeDetails{StreamMode: s.mode},
		RetentionPeriodHours:    ptr(s.retentionHours),
		StreamCreationTimestamp: ptr(creationTime(s.createdMs)),
		EnhancedMonitoring:      s.enhancedMonitoring(),
		EncryptionType:          s.encryption,
		KeyId:                   s.keyIDOrNil(),
		OpenShardCount:          ptr(int32(open)),
		ConsumerCount:           ptr(int32(s.consumerCount(now))),
		ChannelCount:            ptr(int32(f.streamChannelCount(s, now))),
		MaxRecordSizeInKiB:      ptr(s.maxRecordKiB),
	}
	// AWS documents the distribution strategy as present only for on-demand
	// streams, and warm throughput only where one has been configured.
	if s.mode == types.StreamModeOnDemand && s.distribution != "" {
		sum.RecordDistributionStrategy = s.distribution
	}
	if s.warmMiBps > 0 {
		sum.WarmThroughput = &types.WarmThroughputObject{
			TargetMiBps:  ptr(s.warmMiBps),
			CurrentMiBps: ptr(s.warmMiBps),
		}
	}
	return &kinesis.DescribeStreamSummaryOutput{StreamDescriptionSummary: sum}, nil
}

// enhancedMonitoring is the EnhancedMonitoring list of DescribeStream and
// DescribeStreamSummary. AWS always sends one entry, whose ShardLevelMetrics
// is an empty list (not absent) when no enhanced metrics are enabled, so a
// caller may index [0] unconditionally. The caller holds f.mu.
func (s *stream) enhancedMonitoring() []types.EnhancedMetrics {
	metrics := slices.Clone(s.enhancedMetrics)
	if metrics == nil {
		metrics = []types.MetricsName{}
	}
	return []types.EnhancedMetrics{{ShardLevelMetrics: metrics}}
}

// keyIDOrNil is the stream's KeyId as the descriptions show it: absent
// unless the stream is encrypted.
func (s *stream) keyIDOrNil() *string {
	if s.encryption != types.EncryptionTypeKms || s.keyID == "" {
		return nil
	}
	return ptr(s.keyID)
}

// indexBefore turns an exclusive start shard id into the number of the last
// shard to skip: listing resumes at the next number. Kinesis parses shard ids
// leniently ("shardId-1" is shard 1); an id that does not parse is placed by
// comparing it with the canonical ids as strings, which for zero-padded ids
// is shard-id order. The id need not name an existing shard. The caller
// holds f.mu.
func (s *stream) indexBefore(id string) int {
	if n, ok := parseShardID(id); ok {
		return min(n, len(s.shards)-1)
	}
	last := -1
	for i, sh := range s.shards {
		if sh.id <= id {
			last = i
		}
	}
	return last
}

// trimHorizonMs is the earliest time (Unix ms) whose shards and records are
// still retained at now: the retention cutoff, but never before the stream
// existed.
func (s *stream) trimHorizonMs(now time.Time) int64 {
	return max(s.retentionCutoffMs(now), s.createdMs)
}
