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
	f.mu.RLock()
	s := f.liveStream(stream, f.now())
	var mid string
	if s != nil {
		for _, sh := range s.shards {
			if sh.id == shard {
				start, end := sh.keys.start.big(), sh.keys.end.big()
				half := new(big.Int).Sub(end, start)
				half.Add(half, big.NewInt(1)).Rsh(half, 1)
				mid = half.Add(half, start).String()
			}
		}
	}
	f.mu.RUnlock()
	if mid == "" {
		mid = "0" // no such stream or shard: splitShard says so, as AWS would
	}
	if _, err := f.splitShard(&kinesis.SplitShardInput{StreamName: &stream, ShardToSplit: &shard, NewStartingHashKey: &mid}); err != nil {
		t.Fatalf("kinesisfake: SplitShard %s of %s: %v", shard, stream, f.wrapError(OpSplitShard, err))
	}
	children := f.childrenOf(stream, shard)
	return shardID(children[0]), shardID(children[1]) // lower first, as splitShardAt adds them
}

// MergeShardsT merges two adjacent shards of stream and returns the
// child's id. It is setup like SplitShardT, and fails the test where AWS
// would refuse the merge (shards not adjacent, closed, unknown).
func (f *Fake) MergeShardsT(t testing.TB, stream, shard, adjacent string) string {
	t.Helper()
	if _, err := f.mergeShards(&kinesis.MergeShardsInput{StreamName: &stream, ShardToMerge: &shard, AdjacentShardToMerge: &adjacent}); err != nil {
		t.Fatalf("kinesisfake: MergeShards %s and %s of %s: %v", shard, adjacent, stream, f.wrapError(OpMergeShards, err))
	}
	return shardID(f.childrenOf(stream, shard)[0])
}

// childrenOf is the shard numbers of the children a reshard just gave a
// shard of a live stream.
func (f *Fake) childrenOf(stream, id string) []int {
	f.mu.RLock()
	defer f.mu.RUnlock()
	for _, sh := range f.liveStream(stream, f.now()).shards {
		if sh.id == id {
			return sh.children
		}
	}
	return nil
}
