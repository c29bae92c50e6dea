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
	limit := defaultGetRecordsLimit
	if in.Limit != nil {
		limit = int(*in.Limit)
	}

	sh.mu.Lock()
	page := readPage(&sh.buf, tok.offset, limit, maxGetRecordsBytes, s.retentionCutoffMs(now))
	sh.mu.Unlock()

	out := &kinesis.GetRecordsOutput{Records: page.records(sh.index, s.tag)}
	if page.atTip {
		out.MillisBehindLatest = ptr(int64(0))
	} else {
		out.MillisBehindLatest = ptr(msOf(now) - page.nextArrivalMs)
	}
	if sh.closedAt(msOf(now)) && page.atTip {
		// The end of a closed shard: no iterator, only the way on.
		out.ChildShards = s.childShards(sh)
		return out, nil
	}
	next := f.tokens.encode(iteratorToken{
		serial:     f.iteratorSerial.Add(1),
		stream:     s.tag,
		shard:      sh.index,
		offset:     page.next,
		issuedMs:   msOf(now),
		streamName: s.name,
	})
	out.NextShardIterator = &next
	return out, nil
}

// page is what one GetRecords call read from a shard, copied out while the
// shard's lock was held.
type page struct {
	recs          []record
	firstOffset   uint64
	next          uint64 // offset the next call starts at
	atTip         bool   // no record is left after next
	nextArrivalMs int64  // arrival of the record at next, when !atTip
}

// readPage reads up to limit records from offset on, stopping before the
// response would pass maxBytes (but always taking at least one record). An
// offset before the trim horizon reads from the trim horizon.
func readPage(buf *ring, offset uint64, limit, maxBytes int, cutoffMs int64) page {
	buf.trimBefore(cutoffMs)
	start := max(offset, buf.first)
	end := buf.nextOffset()
	p := page{firstOffset: start, recs: make([]record, 0, min(uint64(limit), end-start))}
	bytes := 0
	off := start
	for ; off < end && len(p.recs) < limit; off++ {
		r := buf.at(off)
		if len(p.recs) > 0 && bytes+r.size() > maxBytes {
			break
		}
		bytes += r.size()
		p.recs = append(p.recs, *r)
	}
	p.next = max(off, start)
	p.atTip = p.next >= end
	if !p.atTip {
		p.nextArrivalMs = buf.at(p.next).arrivalMs
	}
	return p
}

// records converts a page to the SDK's records. Sequence numbers, data,
// partition keys and timestamps each share one allocation per page, and the
// data is a copy, so a caller may change what it got without touching the
// stream.
func (p page) records(shardIndex int, tag streamTag) []types.Record {
	if len(p.recs) == 0 {
		return []types.Record{}
	}
	n := len(p.recs)
	out := make([]types.Record, n)
	seqBuf := make([]byte, n*seqLen)
	size := 0
	for i := range p.recs {
		size += len(p.recs[i].data)
	}
	data := make([]byte, 0, size)
	times := make([]time.Time, n)
	keys := make([]string, n)
	for i := range p.recs {
		r := &p.recs[i]
		seqNum{shard: shardIndex, offset: p.firstOffset + uint64(i), tag: tag}.put(seqBuf[i*seqLen:])
		data = append(data, r.data...)
		times[i] = timeOfMs(r.arrivalMs)
		keys[i] = r.partitionKey
	}
	seqs := string(seqBuf)
	pos := 0
	for i := range p.recs {
		r := &p.recs[i]
		seq := seqs[i*seqLen : (i+1)*seqLen]
		out[i] = types.Record{
			SequenceNumber:              &seq,
			Data:                        data[pos : pos+len(r.data) : pos+len(r.data)],
			PartitionKey:                &keys[i],
			ApproximateArrivalTimestamp: &times[i],
			EncryptionType:              encryptionOf(r),
		}
		pos += len(r.data)
	}
	return out
}

func encryptionOf(r *record) types.EncryptionType {
	if r.encrypted {
		return types.EncryptionTypeKms
	}
	return ""
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
