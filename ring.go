package kinesisfake

import (
	"bytes"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// record is the index entry of one stored record: when it arrived, and
// where its partition key and data lie in the shard's byteLog. Its sequence
// number is not stored either: it is derived from the shard, the record's
// offset and its arrival (seqnum.go). Holding no pointers, the index costs
// the garbage collector nothing however long it grows, and packed into 20
// bytes (five 32-bit words, no 64-bit field to align it to 24) it keeps a
// stream of ten million records under 32 bytes a record beyond their data
// and keys (TestScale): the arrival is a signed 48-bit count of
// milliseconds (about 4,000 years either side of 1970), and the encryption
// flag shares a word with the data's length, which is at most 10 MiB.
type record struct {
	arrivalLo uint32 // ApproximateArrivalTimestamp, ms since the epoch: low 32 bits
	chunk     uint32 // byteLog chunk holding the key, then the data
	off       uint32 // where the key starts in that chunk
	lenFlags  uint32 // data length, and recordEncrypted
	arrivalHi int16  // the arrival's high 16 bits
	keyLen    uint16 // partition keys are at most 256 characters
}

// recordEncrypted marks, in record.lenFlags, a record stored while its
// stream was KMS-encrypted.
const recordEncrypted = 1 << 31

// newRecord is the index entry of a record stored at arrivalMs.
func newRecord(arrivalMs int64, chunk, off uint32, dataLen, keyLen int, encrypted bool) record {
	r := record{
		arrivalLo: uint32(arrivalMs),
		arrivalHi: int16(arrivalMs >> 32),
		chunk:     chunk,
		off:       off,
		lenFlags:  uint32(dataLen),
		keyLen:    uint16(keyLen),
	}
	if encrypted {
		r.lenFlags |= recordEncrypted
	}
	return r
}

// arrivalMs is when the record arrived, in ms since the epoch.
func (r *record) arrivalMs() int64 { return int64(r.arrivalHi)<<32 | int64(r.arrivalLo) }

// dataLen is the length of the record's data blob.
func (r *record) dataLen() int { return int(r.lenFlags &^ recordEncrypted) }

// encrypted reports whether the record was stored while its stream was
// KMS-encrypted.
func (r *record) encrypted() bool { return r.lenFlags&recordEncrypted != 0 }

// size is what a record counts against GetRecords' response cap and the
// throughput limits: its data blob plus its partition key.
func (r *record) size() int { return r.dataLen() + int(r.keyLen) }

// ring is a growable ring buffer of records. Records are appended at the
// tail and dropped from the head as they age past retention; a record's
// offset (its position in the shard since creation, from 1) never changes.
//
// The index doubles while it is small, then grows by a quarter from
// ringGentleGrowth entries, so that it is never much larger than its
// records need (a quarter at most, an eighth on average): at 10,000 shards
// of about a thousand records each, doubling would leave a fifth of the
// shards' indexes half empty, and on 4 shards of 2.5 million records each
// it cost 40 bytes a record where growing by a quarter costs 24
// (BenchmarkScale). The extra copies are cheap next to the puts: growing
// by a quarter copies each entry four times over its life, doubling twice.
type ring struct {
	recs  []record // the index: a ring of any length, recs[head] the oldest
	head  int      // index in recs of the oldest record
	n     int      // number of records held
	first uint64   // offset of the oldest held record; next offset when empty
	// lastMs is the newest record's arrival, when n > 0: kept beside the
	// index, as every put reads it, so that a put need not reach into the
	// index's tail for it.
	lastMs int64
	log    byteLog // the records' keys and data
	// held, when the Fake caps the data it retains (WithMaxRetainedBytes),
	// is the Fake's count of data and partition-key bytes held by every
	// ring; nil otherwise, so that puts share no counter they do not need.
	held *atomic.Int64
}

// newRing returns an empty ring whose first record will get offset 1,
// counting what it holds in held (if not nil).
func newRing(held *atomic.Int64) ring { return ring{first: 1, held: held} }

// nextOffset is the offset the next appended record gets.
func (r *ring) nextOffset() uint64 { return r.first + uint64(r.n) }

// at returns the record at offset off, which must be held.
func (r *ring) at(off uint64) *record {
	return &r.recs[r.wrap(r.head+int(off-r.first))]
}

// key and data return a held record's partition key and data, as the log's
// own memory: callers copy from them.
func (r *ring) key(rec *record) []byte {
	return r.log.span(rec.chunk, rec.off, int(rec.keyLen))
}

// data returns a held record's data blob; see key.
func (r *ring) data(rec *record) []byte {
	return r.log.span(rec.chunk, rec.off+uint32(rec.keyLen), rec.dataLen())
}

// Sizes of a ring's index.
const (
	minRingSize      = 16
	ringGentleGrowth = 1 << 10
)

// grownCapacity is the length of the index that replaces a full one of n
// entries.
func grownCapacity(n int) int {
	if n < ringGentleGrowth {
		return max(2*n, minRingSize)
	}
	return n + n/4
}

// wrap is the index in recs of position i of the ring, for i < 2*len(recs).
func (r *ring) wrap(i int) int {
	if i >= len(r.recs) {
		i -= len(r.recs)
	}
	return i
}

// push stores a copy of a record and returns its offset.
func (r *ring) push(key string, data []byte, arrivalMs int64, encrypted bool) uint64 {
	if r.n == len(r.recs) {
		r.resize(grownCapacity(len(r.recs)))
	}
	chunk, off := r.log.add(key, data)
	r.recs[r.wrap(r.head+r.n)] = newRecord(arrivalMs, chunk, off, len(data), len(key), encrypted)
	r.n++
	r.lastMs = arrivalMs
	if r.held != nil {
		r.held.Add(int64(len(key) + len(data)))
	}
	return r.first + uint64(r.n) - 1
}

// trimBefore drops records that arrived before cutoffMs (Unix ms), and
// gives memory back: the log chunks that only dropped records used, and,
// when the buffer is mostly empty, the index too, in one step down to
// twice what is still held, because a shard that aged out all at once may
// not be touched again for a long time.
func (r *ring) trimBefore(cutoffMs int64) {
	if r.n > 0 && r.recs[r.head].arrivalMs() < cutoffMs {
		r.trim(cutoffMs)
	}
}

// trim is trimBefore once the oldest record is to go.
func (r *ring) trim(cutoffMs int64) {
	trimmed, freed := false, 0
	for r.n > 0 && r.recs[r.head].arrivalMs() < cutoffMs {
		freed += r.recs[r.head].size()
		r.head = r.wrap(r.head + 1)
		r.n--
		r.first++
		trimmed = true
	}
	if !trimmed {
		return
	}
	if r.held != nil {
		r.held.Add(-int64(freed))
	}
	if r.n == 0 {
		r.log.releaseAll()
	} else {
		r.log.releaseBefore(r.recs[r.head].chunk)
	}
	if len(r.recs) > minRingSize && r.n < len(r.recs)/4 {
		r.resize(max(minRingSize, 2*r.n))
	}
}

// resize moves the held records, oldest first, into a new index of capacity
// entries, no fewer than r.n.
func (r *ring) resize(capacity int) {
	recs := make([]record, capacity)
	if r.n > 0 {
		held := r.recs[r.head:min(r.head+r.n, len(r.recs))]
		copy(recs[copy(recs, held):], r.recs[:r.n-len(held)])
	}
	r.recs, r.head = recs, 0
}

// firstAtOrAfter returns the offset of the first held record that arrived at
// or after ms, or nextOffset when none did. Arrival times never decrease
// within a shard, so this is a binary search.
func (r *ring) firstAtOrAfter(ms int64) uint64 {
	i := sort.Search(r.n, func(i int) bool {
		return r.recs[r.wrap(r.head+i)].arrivalMs() >= ms
	})
	return r.first + uint64(i)
}

// lastArrivalMs is the arrival time of the newest record, or the engine's
// earliest instant if none is held: a record arrives when it is put, on a
// clock before 1970 too (only its sequence number counts such seconds as
// 1970's).
func (r *ring) lastArrivalMs() int64 {
	if r.n == 0 {
		return minInstantMs
	}
	return r.lastMs
}

// page is what one GetRecords call read from a shard. Everything but the
// sequence numbers is copied out while the shard's lock is held, straight
// into the SDK records the response returns; records fills in the numbers
// afterwards, outside the lock.
type page struct {
	out           []types.Record
	meta          []recordMeta // what out's pointers point to
	firstOffset   uint64
	next          uint64 // offset the next call starts at
	atTip         bool   // no record is left after next
	nextArrivalMs int64  // arrival of the record at next, when !atTip
	bytes         int    // data and partition keys of the records read
}

// recordMeta holds what a returned record's pointer fields point to.
type recordMeta struct {
	key, seq string
	at       time.Time
}

// millisBehind is the page's MillisBehindLatest at nowMs: 0 when it reached
// the tip of the shard, else how long the next unread record has waited
// (never below 0: after a manual clock was set back, records may have
// arrived "later" than now). GetRecords and SubscribeToShard events report
// it alike.
func (p page) millisBehind(nowMs int64) int64 {
	if p.atTip {
		return 0
	}
	return max(0, nowMs-p.nextArrivalMs)
}

// readPage reads up to limit records from offset on, stopping before the
// response would pass maxBytes (but always taking at least one record). An
// offset before the trim horizon reads from the trim horizon.
//
// A page costs three allocations whatever its length: the records, what
// their pointers point to (recordMeta), and one copy of their partition
// keys and data, made by copying the runs of the shard's byteLog they lie
// in (the keys and data of a shard's records are stored one after the
// other), without first zeroing the memory. The partition keys are
// strings over that copy; each record's Data is its own part of it, its
// capacity ending where the data does, so a caller may change what it got,
// or append to it, without touching the stream or another record.
// records adds a fourth, for the sequence numbers.
func readPage(buf *ring, offset uint64, limit, maxBytes int, cutoffMs int64) page {
	buf.trimBefore(cutoffMs)
	start := max(offset, buf.first)
	end := buf.nextOffset()

	// First pass: how many records fit, how many bytes they carry, and the
	// runs of the byteLog that hold them.
	var runsBuf [8][]byte
	runs := runsBuf[:0]
	var chunk, from, to uint32 // the run being gathered
	n, size := 0, 0
	for off := start; off < end && n < limit; off++ {
		r := buf.at(off)
		if n > 0 && size+r.size() > maxBytes {
			break
		}
		if n == 0 || r.chunk != chunk || r.off != to {
			if n > 0 {
				runs = append(runs, buf.log.run(chunk, from, to))
			}
			chunk, from = r.chunk, r.off
		}
		to = r.off + uint32(r.size())
		size += r.size()
		n++
	}
	p := page{firstOffset: start, next: start + uint64(n), bytes: size}
	p.atTip = p.next >= end
	if !p.atTip {
		p.nextArrivalMs = buf.at(p.next).arrivalMs()
	}
	if n == 0 {
		p.out = []types.Record{}
		return p
	}
	all := bytes.Join(append(runs, buf.log.run(chunk, from, to)), nil)
	if all == nil {
		all = []byte{} // empty keys and data: still non-nil Data
	}

	// Second pass: fill in the records.
	p.out = make([]types.Record, n)
	p.meta = make([]recordMeta, n)
	pos := 0
	for i := range n {
		r := buf.at(start + uint64(i))
		k, d := pos+int(r.keyLen), pos+r.size()
		m := &p.meta[i]
		m.key = frozenString(all[pos:k]) // no Data reaches these bytes
		m.at = timeOfMs(r.arrivalMs())
		// Field by field: cheaper than copying in a whole struct literal.
		out := &p.out[i]
		out.Data = all[k:d:d]
		out.PartitionKey = &m.key
		out.ApproximateArrivalTimestamp = &m.at
		out.SequenceNumber = &m.seq
		out.EncryptionType = encryptionOf(r)
		pos = d
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
		secs := sh.recordSecs(msOf(p.meta[i].at))
		if i == 0 {
			run.start(seqNum{created: sh.seqCreated, shard: sh.index, index: p.firstOffset, secs: secs})
		} else {
			run.next(secs)
		}
		all.Write(run.b[:])
	}
	seqs := all.String()
	for i := range p.meta {
		p.meta[i].seq = seqs[i*seqLen : (i+1)*seqLen]
	}
	return p.out
}

// encryptionOf is the EncryptionType GetRecords reports for r: KMS if it was
// stored while the stream was encrypted, else empty so the field is omitted.
func encryptionOf(r *record) types.EncryptionType {
	if r.encrypted() {
		return types.EncryptionTypeKms
	}
	return ""
}
