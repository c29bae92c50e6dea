package kinesisfake

import (
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
)

// mergeShards implements MergeShards: two adjacent open shards close and one
// child takes their joint range, with ParentShardId = ShardToMerge and
// AdjacentParentShardId = AdjacentShardToMerge.
//
// The order matters as AWS has it: ShardToMerge's range must end just
// before AdjacentShardToMerge's begins; the same pair named the other way
// round is "not an adjacent pair". Checks run in the order AWS's answers
// show (ids' form, stream, status, existence of ShardToMerge then of the
// other, adjacency), with kinesisfake's choice of placing the capacity-mode
// check after the status and the closed-shard check before adjacency.
func (f *Fake) mergeShards(in *kinesis.MergeShardsInput) (*kinesis.MergeShardsOutput, error) {
	if _, err := f.merge(in); err != nil {
		return nil, err
	}
	return &kinesis.MergeShardsOutput{}, nil
}

// merge is MergeShards, returning the child.
func (f *Fake) merge(in *kinesis.MergeShardsInput) (*shard, error) {
	ref := streamRef{name: in.StreamName, arn: in.StreamARN}
	name, err := f.resolveStreamName(ref)
	if err != nil {
		return nil, err
	}
	n, err := f.parseReshardShardID(in.ShardToMerge, name)
	if err != nil {
		return nil, err
	}
	m, err := f.parseReshardShardID(in.AdjacentShardToMerge, name)
	if err != nil {
		return nil, err
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	s, err := f.activeStream(ref, now)
	if err != nil {
		return nil, err
	}
	if err := f.checkProvisioned("MergeShards", s); err != nil {
		return nil, err
	}
	lower, err := f.reshardShard(s, n, now)
	if err != nil {
		return nil, err
	}
	upper, err := f.reshardShard(s, m, now)
	if err != nil {
		return nil, err
	}
	for _, sh := range []*shard{lower, upper} {
		if err := f.checkReshardable(s, sh); err != nil {
			return nil, err
		}
	}
	if lower.keys.end == maxHashKey || lower.keys.end.add(1) != upper.keys.start {
		return nil, invalidArgument("Shards %s and %s in stream %s under account %s are not an adjacent pair of shards eligible for merging",
			lower.id, upper.id, s.name, f.account)
	}

	return s.mergeShardPair(lower, upper, f.beginReshard(s, now)), nil
}
