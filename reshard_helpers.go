package kinesisfake

import (
	"math/big"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
)

// SplitShardT splits a shard of stream in half, as a test of a consumer
// that follows shard lineage wants: SplitShard at the middle of the shard's
// hash-key range (its starting key plus half the range, rounded up), so
// that neither test nor reader computes 128-bit midpoints. It returns the
// two children's ids, the lower half's first. Like CreateStreamT it is
// setup, not a call under test: it is not counted against SplitShard's
// rate limit, faults or the call log, and it fails the test where AWS would
// refuse the split (no such stream or shard, a stream not ACTIVE, a shard
// already closed or too small, the shard quota). The children open when
// the reshard completes: at once with the default StateDelays, after
// StateDelays.Update otherwise (advance the clock past it).
func (f *Fake) SplitShardT(t testing.TB, stream, shard string) (lower, upper string) {
	t.Helper()
	l, u, err := f.split(&kinesis.SplitShardInput{StreamName: &stream, ShardToSplit: &shard}, middleOf)
	if err != nil {
		t.Fatalf("kinesisfake: SplitShard %s of %s: %v", shard, stream, f.wrapError(OpSplitShard, err))
	}
	return l.id, u.id
}

// middleOf is where SplitShardT splits r: start + ceil((end-start)/2), so
// that the upper half is never the smaller.
func middleOf(r hashRange) hashKey {
	start := r.start.big()
	half := new(big.Int).Sub(r.end.big(), start)
	half.Add(half, big.NewInt(1)).Rsh(half, 1)
	return hashKeyFromBig(half.Add(half, start))
}

// MergeShardsT merges two adjacent shards of stream and returns the
// child's id. It is setup like SplitShardT, and fails the test where AWS
// would refuse the merge (shards not adjacent, closed, unknown).
func (f *Fake) MergeShardsT(t testing.TB, stream, shard, adjacent string) string {
	t.Helper()
	child, err := f.merge(&kinesis.MergeShardsInput{StreamName: &stream, ShardToMerge: &shard, AdjacentShardToMerge: &adjacent})
	if err != nil {
		t.Fatalf("kinesisfake: MergeShards %s and %s of %s: %v", shard, adjacent, stream, f.wrapError(OpMergeShards, err))
	}
	return child.id
}
