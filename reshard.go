package kinesisfake

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Resharding (SplitShard, MergeShards, UpdateShardCount) shares the
// mechanics in this file: finding the stream and the shards a request names
// with AWS's texts, and closing parents and making children on the clock.
//
// A reshard is recorded as data, like every other change of state: the
// stream moves to UPDATING until now + StateDelays.Update, and at that
// instant (the completion time) the parents close and the children open.
// Until then puts are routed to the parents (shard.openAt), so a consumer
// reading a parent to its end and then its children sees every record once,
// and the children's sequence numbers sort above the parents' (seqnum.go puts
// the shard's creation seconds first, and seqClock makes a child's later).

// checkProvisioned refuses a reshard of an ON_DEMAND stream: AWS documents
// SplitShard, MergeShards and UpdateShardCount as supported only in
// PROVISIONED mode, where on-demand streams scale by themselves. Its text
// is not documented; kinesisfake's names the operation, stream and mode.
func (f *Fake) checkProvisioned(op string, s *stream) error {
	if s.mode != types.StreamModeOnDemand {
		return nil
	}
	return validationErrorf("%s is only supported for streams in PROVISIONED capacity mode. Stream %s under account %s is in ON_DEMAND mode.", op, s.name, f.account)
}

// parseReshardShardID reads a shard id of SplitShard or MergeShards before
// the stream is looked up: AWS refuses an id it cannot parse with "Could not
// find shard" even when the stream does not exist either, and names the id
// as given.
func (f *Fake) parseReshardShardID(id *string, streamName string) (int, error) {
	n, ok := parseShardID(*id)
	if !ok {
		return 0, f.couldNotFindShard(*id, streamName)
	}
	return n, nil
}

// reshardShard returns shard n of s for a split or merge. Unlike
// GetShardIterator's "does not exist", SplitShard and MergeShards say "Could
// not find shard", naming the id in its canonical form. A shard that aged
// out of retention is not found either.
func (f *Fake) reshardShard(s *stream, n int, now time.Time) (*shard, error) {
	if n >= len(s.shards) || !s.visible(s.shards[n], now) {
		return nil, f.couldNotFindShard(shardID(n), s.name)
	}
	return s.shards[n], nil
}

// checkReshardable refuses a shard that a split or merge has already closed
// (or is closing).
func (f *Fake) checkReshardable(s *stream, sh *shard) error {
	if sh.closing {
		return invalidArgument("Shard %s in stream %s under account %s has already been merged or split, and thus is not eligible for merging or splitting.", sh.id, s.name, f.account)
	}
	return nil
}

// accountOpenShards counts the open shards of every live stream of the
// account at now, as the shard quota counts them. The caller holds f.mu.
func (f *Fake) accountOpenShards(now time.Time) int {
	n := 0
	for _, s := range f.streams {
		if s.statusAt(now) != statusGone {
			n += s.openShardCount(now)
		}
	}
	return n
}

// beginReshard puts the stream in UPDATING and returns the completion time
// in Unix ms: when the parents close and the children open. With no Update
// delay that is now, so the change is visible at once. The caller holds f.mu
// for writing.
func (f *Fake) beginReshard(s *stream, now time.Time) int64 {
	return msOf(s.transition(now, types.StreamStatusUpdating, types.StreamStatusActive, f.delays.Update))
}

// splitShardAt closes parent at doneMs and adds its two children, which
// take the next shard numbers: the lower one gets [start, key-1], the upper
// one [key, end]. key must lie in (start, end]. Both children's numbers
// carry the same creation seconds (see childSeqCreated). The caller holds
// f.mu for writing.
func (s *stream) splitShardAt(parent *shard, key hashKey, doneMs int64) (lower, upper *shard) {
	created := s.childSeqCreated(doneMs)
	lower = s.addChild(hashRange{start: parent.keys.start, end: key.add(-1)}, parent, nil, doneMs, created)
	upper = s.addChild(hashRange{start: key, end: parent.keys.end}, parent, nil, doneMs, created)
	s.closeShard(parent, doneMs, lower, upper)
	return lower, upper
}

// mergeShardPair closes two adjacent shards at doneMs and adds the child
// that covers both: its ParentShardId is lower (whose range ends just before
// upper's begins) and its AdjacentParentShardId is upper. The caller holds
// f.mu for writing.
func (s *stream) mergeShardPair(lower, upper *shard, doneMs int64) *shard {
	child := s.addChild(hashRange{start: lower.keys.start, end: upper.keys.end}, lower, upper, doneMs, s.childSeqCreated(doneMs))
	s.closeShard(lower, doneMs, child)
	s.closeShard(upper, doneMs, child)
	return child
}

// childSeqCreated hands out the creation seconds that the numbers of the
// children of a split or merge completing at doneMs carry: the second after
// the one the parents' EndingSequenceNumber carries, as AWS's do (kinesalite's
// suite against production: a child's creation is the parent's end plus
// 1000 ms, and the two children of a split share it), or later when the
// seqClock has handed that one out already.
func (s *stream) childSeqCreated(doneMs int64) int64 {
	return s.seqClock.next(doneMs + 1000)
}

// addChild appends a shard created at doneMs with the given parents
// (adjacent may be nil), whose numbers carry the creation seconds created.
func (s *stream) addChild(keys hashRange, parent, adjacent *shard, doneMs, created int64) *shard {
	sh := newShard(len(s.shards), keys, doneMs, parent.buf.held)
	sh.seqCreated = created // after the parents'
	sh.parent = parent.id
	if adjacent != nil {
		sh.adjacentParent = adjacent.id
	}
	s.shards = append(s.shards, sh)
	s.reshaped()
	return sh
}

// closeShard closes sh at doneMs and records its children, which GetRecords
// reports as ChildShards at the shard's end.
func (s *stream) closeShard(sh *shard, doneMs int64, children ...*shard) {
	sh.closing, sh.closedMs = true, doneMs
	s.reshaped()
	for _, c := range children {
		sh.children = append(sh.children, c.index)
	}
	// An event stream waiting at the shard's tip must learn of its end (at
	// once, or at doneMs when the stream is UPDATING until then).
	sh.mu.Lock()
	sh.notify()
	sh.mu.Unlock()
}
