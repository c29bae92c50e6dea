package kinesisfake

import (
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
)

// splitShard implements SplitShard: the parent closes and two children take
// its range, [start, NewStartingHashKey-1] and [NewStartingHashKey, end].
//
// The checks run in the order AWS's answers show: the shard id's form, the
// stream, its status, the shard's existence, then (kinesisfake's choice of
// place) the capacity mode, whether the shard is still open, the account's
// shard quota for the one extra open shard, and the hash key.
func (f *Fake) splitShard(in *kinesis.SplitShardInput) (*kinesis.SplitShardOutput, error) {
	if _, _, err := f.split(in, nil); err != nil {
		return nil, err
	}
	return &kinesis.SplitShardOutput{}, nil
}

// split is SplitShard, returning the children. With middle set, the shard
// is split where middle says for its range, and in.NewStartingHashKey is
// ignored (SplitShardT).
func (f *Fake) split(in *kinesis.SplitShardInput, middle func(hashRange) hashKey) (lower, upper *shard, err error) {
	ref := streamRef{name: in.StreamName, arn: in.StreamARN}
	name, err := f.resolveStreamName(ref)
	if err != nil {
		return nil, nil, err
	}
	n, err := f.parseReshardShardID(in.ShardToSplit, name)
	if err != nil {
		return nil, nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	s, err := f.activeStream(ref, now)
	if err != nil {
		return nil, nil, err
	}
	if err := f.checkProvisioned("SplitShard", s); err != nil {
		return nil, nil, err
	}
	parent, err := f.reshardShard(s, n, now)
	if err != nil {
		return nil, nil, err
	}
	if err := f.checkReshardable(s, parent); err != nil {
		return nil, nil, err
	}
	if err := f.checkShardQuota(f.accountOpenShards(now), 1); err != nil {
		return nil, nil, err
	}
	if middle != nil {
		in.NewStartingHashKey = ptr(middle(parent.keys).String())
	}
	key, ok := parseHashKey(*in.NewStartingHashKey)
	if !ok || !splitKeyInside(parent.keys, key) {
		return nil, nil, invalidArgument("NewStartingHashKey %s used in SplitShard() on shard %s in stream %s under account %s is not both greater than one plus the shard's StartingHashKey %s and less than the shard's EndingHashKey %s.",
			*in.NewStartingHashKey, parent.id, s.name, f.account, parent.keys.start, parent.keys.end)
	}

	lower, upper = s.splitShardAt(parent, key, f.beginReshard(s, now))
	return lower, upper, nil
}

// splitKeyInside reports whether key may split r, by the rule AWS's text
// states and its answers confirm: key > start+1 and key < end, so that each
// child gets at least two hash keys. (Splitting [0, 2^128-1] at 2 works; at 1,
// or at the ending hash key, it does not.)
func splitKeyInside(r hashRange, key hashKey) bool {
	return r.start.less(key) && r.start.add(1).less(key) && key.less(r.end)
}
