package kinesisfake

import (
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// UpdateShardCount's default limits.
const (
	// maxShardCountUpdates is how many UpdateShardCount calls a stream takes
	// per rolling shardCountUpdateWindow.
	maxShardCountUpdates   = 10
	shardCountUpdateWindow = 24 * time.Hour
	// maxShardsPerStream is the most open shards UpdateShardCount makes.
	maxShardsPerStream = 10000
)

// updateShardCount implements UpdateShardCount with UNIFORM_SCALING: it
// leaves TargetShardCount open shards of equal size, laid out exactly as
// CreateStream lays out a stream of that many shards.
//
// Like AWS, it gets there by ordinary splits and merges, so every new shard
// has one parent (a split) or two adjacent ones (a merge) and consumers
// follow the lineage through ChildShards as after SplitShard and
// MergeShards. Where a target range needs more than two pieces merged, the
// intermediate merges make short-lived shards that are created and closed
// at the same instant (AWS documents such shards too); they hold no records.
// See reshardUniformly.
func (f *Fake) updateShardCount(in *kinesis.UpdateShardCountInput) (*kinesis.UpdateShardCountOutput, error) {
	if in.TargetShardCount == nil {
		return nil, missingMember("targetShardCount")
	}
	if in.ScalingType != types.ScalingTypeUniformScaling {
		return nil, validationErrorf("1 validation error detected: Value '%s' at 'scalingType' failed to satisfy constraint: Member must satisfy enum value set: [UNIFORM_SCALING]", in.ScalingType)
	}
	target := int(*in.TargetShardCount)

	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	s, err := f.activeStream(streamRef{name: in.StreamName, arn: in.StreamARN}, now)
	if err != nil {
		return nil, err
	}
	if err := f.checkProvisioned("UpdateShardCount", s); err != nil {
		return nil, err
	}
	if s.pruneShardCountUpdates(now) >= maxShardCountUpdates {
		return nil, limitExceeded("Stream %s under account %s has already been scaled %d times in the last 24 hours; UpdateShardCount allows at most %d per rolling 24-hour period.",
			s.name, f.account, maxShardCountUpdates, maxShardCountUpdates)
	}
	layout := s.unclosedShards()
	open := len(layout)
	switch {
	case target > maxShardsPerStream:
		return nil, limitExceeded("Target shard count or number of open shards cannot be greater than %d. Current open shard count: %d Target shard count: %d", maxShardsPerStream, open, target)
	case target > 2*open:
		return nil, limitExceeded("UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: %d Target shard count: %d", open, target)
	case 2*target < open:
		return nil, limitExceeded("UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: %d Target shard count: %d", open, target)
	}
	if target > open {
		if err := f.checkShardQuota(f.accountOpenShards(now), target-open); err != nil {
			return nil, err
		}
	}

	s.shardCountUpdatesMs = append(s.shardCountUpdatesMs, msOf(now))
	s.reshardUniformly(layout, target, f.beginReshard(s, now))
	return &kinesis.UpdateShardCountOutput{
		CurrentShardCount: ptr(int32(open)),
		TargetShardCount:  ptr(int32(target)),
		StreamName:        ptr(s.name),
		StreamARN:         ptr(s.arn),
	}, nil
}

// pruneShardCountUpdates forgets UpdateShardCount calls older than the
// rolling window and returns how many remain. The caller holds f.mu for
// writing.
func (s *stream) pruneShardCountUpdates(now time.Time) int {
	cutoff := msOf(now) - shardCountUpdateWindow.Milliseconds()
	s.shardCountUpdatesMs = slices.DeleteFunc(s.shardCountUpdatesMs, func(ms int64) bool { return ms <= cutoff })
	return len(s.shardCountUpdatesMs)
}

// unclosedShards returns the shards no reshard has closed or is closing,
// in hash-key order. They partition the key space at every moment, because
// each split or merge closes shards and adds children covering exactly their
// ranges; on an ACTIVE stream they are the open shards. The caller holds
// f.mu.
func (s *stream) unclosedShards() []*shard {
	var out []*shard
	for _, sh := range s.shards {
		if sh.closedMs == 0 {
			out = append(out, sh)
		}
	}
	slices.SortFunc(out, func(a, b *shard) int {
		switch {
		case a.keys.start.less(b.keys.start):
			return -1
		case b.keys.start.less(a.keys.start):
			return 1
		}
		return 0
	})
	return out
}

// reshardUniformly turns layout (unclosedShards) into target equal shards
// (evenHashRanges' layout), effective at doneMs, in two passes over layout:
//
//  1. Split every shard that a target boundary falls strictly inside, at
//     that boundary, so that every target boundary is a shard boundary.
//  2. Merge, left to right, the consecutive pieces that make up each target
//     range; a range already covered by one piece keeps that shard open.
//
// Every new shard therefore descends from exactly the shards whose ranges it
// overlaps, through one-parent splits and two-parent merges, and each closed
// shard's children are the shards its range went to. The caller holds f.mu
// for writing.
func (s *stream) reshardUniformly(layout []*shard, target int, doneMs int64) {
	ranges := evenHashRanges(target)

	// Pass 1: cut at every target boundary (each range's start but the first).
	pieces := make([]*shard, 0, len(layout)+target)
	next := 1
	for _, sh := range layout {
		for ; next < len(ranges) && ranges[next].start.lessOrEqual(sh.keys.end); next++ {
			if b := ranges[next].start; sh.keys.start.less(b) {
				var lower *shard
				lower, sh = s.splitShardAt(sh, b, doneMs)
				pieces = append(pieces, lower)
			}
		}
		pieces = append(pieces, sh)
	}

	// Pass 2: join the pieces of each target range.
	i := 0
	for _, r := range ranges {
		acc := pieces[i]
		for i++; i < len(pieces) && pieces[i].keys.end.lessOrEqual(r.end); i++ {
			acc = s.mergeShardPair(acc, pieces[i], doneMs)
		}
	}
}
