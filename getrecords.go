package kinesisfake

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// GetRecords limits.
const (
	defaultGetRecordsLimit = 10000
	maxGetRecordsBytes     = 10 << 20 // a response carries at most 10 MiB
)

// getRecords implements GetRecords.
func (f *Fake) getRecords(in *kinesis.GetRecordsInput) (*kinesis.GetRecordsOutput, error) {
	now := f.now()
	f.mu.RLock()
	defer f.mu.RUnlock()
	tok, s, sh, err := f.openIterator(*in.ShardIterator, now)
	if err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	if err := f.checkKMS(s, false); err != nil {
		return nil, err
	}
	limit := defaultGetRecordsLimit
	if in.Limit != nil {
		limit = int(*in.Limit)
	}

	page, ok := f.readShard(s, sh, tok.offset, limit, now)
	if !ok {
		return nil, f.throughputError(OpGetRecords, s.name, sh.id)
	}

	// The output and what its pointers point to are one allocation.
	res := &getRecordsResult{behind: page.millisBehind(msOf(now))}
	out := &res.out
	out.Records, out.MillisBehindLatest = page.records(sh), &res.behind
	if sh.closedAt(msOf(now)) && page.atTip {
		// The end of a closed shard: no iterator, only the way on, and the
		// reader is as far behind as the shard's end is old.
		out.ChildShards = s.childShards(sh)
		res.behind = shardEndBehind(sh, msOf(now))
		return out, nil
	}
	res.next = f.tokens.encode(iteratorToken{
		serial:     f.iteratorSerial.Add(1),
		stream:     s.tag,
		shard:      sh.index,
		offset:     page.next,
		issuedMs:   msOf(now),
		streamName: s.name,
	})
	out.NextShardIterator = &res.next
	return out, nil
}

// getRecordsResult is a GetRecords response together with what its
// MillisBehindLatest and NextShardIterator point to.
type getRecordsResult struct {
	out    kinesis.GetRecordsOutput
	behind int64
	next   string
}

// readShard reads one page from sh within the shard's read limits; ok is
// false when the limits refuse the read.
func (f *Fake) readShard(s *stream, sh *shard, offset uint64, limit int, now time.Time) (p page, ok bool) {
	nowMs := msOf(now)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if !sh.tp.allowRead(&f.limits, nowMs) {
		return page{}, false
	}
	p = readPage(&sh.buf, offset, limit, maxGetRecordsBytes, s.retentionCutoffMs(now))
	sh.tp.readDone(&f.limits, nowMs, p.bytes)
	return p, true
}

// shardEndBehind is MillisBehindLatest at the end of closed shard sh at
// nowMs: not 0, as AWS answers there (a real response on an old parent:
// {'MillisBehindLatest': 4358000, 'Records': []}, hampsterx/async-kinesis#29),
// but how long ago the shard closed: every record put since is in its
// children, still to be read. AWS's exact rule is not recorded.
func shardEndBehind(sh *shard, nowMs int64) int64 {
	return max(0, nowMs-sh.closedMs)
}

// childShards lists the children of a closed shard as GetRecords reports
// them at the shard's end. The caller holds f.mu.
func (s *stream) childShards(sh *shard) []types.ChildShard {
	out := make([]types.ChildShard, 0, len(sh.children))
	for _, c := range sh.children {
		child := s.shards[c]
		parents := []string{child.parent}
		if child.adjacentParent != "" {
			parents = append(parents, child.adjacentParent)
		}
		out = append(out, types.ChildShard{
			ShardId:      ptr(child.id),
			ParentShards: parents,
			HashKeyRange: &types.HashKeyRange{
				StartingHashKey: ptr(child.keys.start.String()),
				EndingHashKey:   ptr(child.keys.end.String()),
			},
		})
	}
	return out
}
