package kinesisfake

import (
	"strings"
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

	out := &kinesis.GetRecordsOutput{
		Records:            page.records(sh),
		MillisBehindLatest: ptr(page.millisBehind(msOf(now))),
	}
	if sh.closedAt(msOf(now)) && page.atTip {
		// The end of a closed shard: no iterator, only the way on, and the
		// reader is as far behind as the shard's end is old.
		out.ChildShards = s.childShards(sh)
		out.MillisBehindLatest = ptr(shardEndBehind(sh, msOf(now)))
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

// page is what one GetRecords call read from a shard. Everything but the
// sequence numbers is copied out while the shard's lock is held, straight
// into the SDK records the response returns; records fills in the numbers
// afterwards, outside the lock.
type page struct {
	out           []types.Record
	firstOffset   uint64
	next          uint64 // offset the next call starts at
	atTip         bool   // no record is left after next
	nextArrivalMs int64  // arrival of the record at next, when !atTip
	bytes         int    // data and partition keys of the records read
}

// millisBehind is the page's MillisBehindLatest at nowMs: 0 when it reached
// the tip of the shard, else how long the next unread record has waited.
// GetRecords and SubscribeToShard events report it alike.
func (p page) millisBehind(nowMs int64) int64 {
	if p.atTip {
		return 0
	}
	return nowMs - p.nextArrivalMs
}

// shardEndBehind is MillisBehindLatest at the end of closed shard sh at
// nowMs: not 0, as AWS answers there (a real response on an old parent:
// {'MillisBehindLatest': 4358000, 'Records': []}, hampsterx/async-kinesis#29),
// but how long ago the shard closed: every record put since is in its
// children, still to be read. AWS's exact rule is not recorded.
func shardEndBehind(sh *shard, nowMs int64) int64 {
	return max(0, nowMs-sh.closedMs)
}

// readPage reads up to limit records from offset on, stopping before the
// response would pass maxBytes (but always taking at least one record). An
// offset before the trim horizon reads from the trim horizon.
//
// A page costs a fixed number of allocations whatever its length: one
// each for the records, their data, their timestamps, their string
// headers (partition keys, then sequence numbers, filled in by records)
// and the partition keys' bytes. The data is a copy, so a caller may change
// what it got without touching the stream.
func readPage(buf *ring, offset uint64, limit, maxBytes int, cutoffMs int64) page {
	buf.trimBefore(cutoffMs)
	start := max(offset, buf.first)
	end := buf.nextOffset()

	// First pass: how many records fit, and how many bytes they carry.
	n, bytes, keyBytes := 0, 0, 0
	for off := start; off < end && n < limit; off++ {
		r := buf.at(off)
		if n > 0 && bytes+r.size() > maxBytes {
			break
		}
		bytes += r.size()
		keyBytes += int(r.keyLen)
		n++
	}
	p := page{firstOffset: start, next: start + uint64(n), bytes: bytes}
	p.atTip = p.next >= end
	if !p.atTip {
		p.nextArrivalMs = buf.at(p.next).arrivalMs
	}
	if n == 0 {
		p.out = []types.Record{}
		return p
	}

	// Second pass: copy them out.
	p.out = make([]types.Record, n)
	data := make([]byte, 0, bytes-keyBytes)
	times := make([]time.Time, n)
	strs := make([]string, 2*n) // partition keys, then sequence numbers
	var keys strings.Builder
	keys.Grow(keyBytes)
	for i := range n {
		r := buf.at(start + uint64(i))
		keys.Write(buf.key(r))
		pos := len(data)
		data = append(data, buf.data(r)...)
		times[i] = timeOfMs(r.arrivalMs)
		// Field by field: cheaper than copying in a whole struct literal.
		out := &p.out[i]
		out.Data = data[pos:len(data):len(data)]
		out.PartitionKey = &strs[i]
		out.ApproximateArrivalTimestamp = &times[i]
		out.SequenceNumber = &strs[n+i]
		out.EncryptionType = encryptionOf(r)
	}
	all, pos := keys.String(), 0
	for i := range n {
		end := pos + int(buf.at(start+uint64(i)).keyLen)
		strs[i] = all[pos:end]
		pos = end
	}
	return p
}

// records completes the page's records, read from sh, with their sequence
// numbers and returns them. The numbers of a page are consecutive, so
// after the first each is the previous one plus a step (seqRun), and all
// share one string.
func (p page) records(sh *shard) []types.Record {
	n := len(p.out)
	if n == 0 {
		return p.out
	}
	var all strings.Builder
	all.Grow(n * seqLen)
	var run seqRun
	for i := range n {
		secs := seqClamp(p.out[i].ApproximateArrivalTimestamp.Unix()) // as seqSeconds of its ms
		if i == 0 {
			run.start(seqNum{created: sh.seqCreated, shard: sh.index, index: p.firstOffset, secs: secs})
		} else {
			run.next(secs)
		}
		all.Write(run.b[:])
	}
	seqs := all.String()
	for i := range p.out {
		*p.out[i].SequenceNumber = seqs[i*seqLen : (i+1)*seqLen]
	}
	return p.out
}

// encryptionOf is the EncryptionType GetRecords reports for r: KMS if it was
// stored while the stream was encrypted, else empty so the field is omitted.
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
