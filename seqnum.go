package kinesisfake

import (
	"encoding/binary"
	"math/bits"
)

// Sequence numbers have AWS's layout, the one kinesalite's db/index.js
// decodes and its suite, run against production, relies on. A number of
// version 2 is 47 hexadecimal digits, written in decimal (56 digits):
//
//	2 | shard creation seconds (9) | low digit of the shard index (1) |
//	sequence index (16) | 00 | record seconds (9) | shard index (8) | 2
//
// A real one, 49629634598228923384296766558693603250810567226740965378, is
// 2 062855ff7 0 000000000fc770f0 00 062878252 00000000 2: shard 0, created
// 2022-05-18 21:07:03, a record of 2022-05-20 11:58:10.
//
// Within a shard only the sequence index (the record's offset, from 1)
// and the record seconds change, and the index dominates: numbers strictly
// increase. A shard's StartingSequenceNumber has index 0 and its
// EndingSequenceNumber AWS's 7fffffffffffffff, so they sort before and
// after every record. The creation seconds lead: a child, created after its
// parents (seqClock makes that strictly later), numbers its records above
// theirs, so a partition key's numbers keep increasing across resharding.
//
// AWS tells a number of another stream by its creation seconds (the shard
// index is checked first). So that the fake can always tell, seqClock
// gives the shards of every CreateStream, split and merge creation seconds
// no shard of the Fake had before: the clock's second, or the one after the
// last handed out. The shards one call makes share them (a new stream's, a
// split's two children), as on AWS.
//
// AWS decodes other forms as well, and so does parseSeqNum: a version-1
// number (final digit 1), and any number below 2^128 (AWS's oldest layout:
// "5" encodes shard 5). ContinuationSequenceNumber is the fake's own form
// of version 2 with a leading 1 instead of 2 (AWS's real ones start with a
// 1 where records start with a 2): it names a position between two
// records, after the record of its index.
const (
	seqLen = 56
	// seqMaxIndex is the sequence index of a closed shard's
	// EndingSequenceNumber, AWS's 7fffffffffffffff: no record reaches it.
	seqMaxIndex = 1<<63 - 1
	// seqDateLimit is where AWS stops decoding creation seconds: a number
	// created at 16025175000 (in 2477) or later is invalid.
	seqDateLimit = 16025175000
	// seqTimeLimit (2400-01-01T00:00:00Z) bounds the clock times numbers
	// carry: a clock before 1970 gives 0 seconds, one after 2400 the last
	// second before it. Creation seconds above it remain for seqClock to
	// hand out.
	seqTimeLimit = 13569465600

	seqField36 = 1<<36 - 1
)

// seqKind is which of the forms AWS decodes a number has.
type seqKind uint8

const (
	seqRecord seqKind = iota // version 2: records, StartingSequenceNumber, EndingSequenceNumber
	seqResume                // version 2 led by 1: ContinuationSequenceNumber
	seqV1                    // version 1, an older layout
	seqShort                 // below 2^128, AWS's oldest layout
)

// seqNum is a decoded sequence number.
type seqNum struct {
	kind    seqKind
	created int64  // the shard's creation, Unix seconds
	shard   int    // shard index; AWS reads a top digit of 8 or more as negative
	index   uint64 // sequence index: a record's offset in its shard
	secs    int64  // record seconds (version 2 only)
}

// seqSeconds is a clock time in Unix ms as numbers carry it: whole
// seconds, within [0, seqTimeLimit).
func seqSeconds(ms int64) int64 { return seqClamp(unixSecond(ms)) }

// seqClamp is Unix seconds s within [0, seqTimeLimit).
func seqClamp(s int64) int64 { return min(max(s, 0), seqTimeLimit-1) }

// seqClock hands out the creation seconds of a Fake's shards: the clock's
// second, unless an earlier shard already has that one or a later one; then
// the second after the last handed out. No two streams of a Fake, in any
// incarnation, and no two reshards share creation seconds, and a child's
// are above its parents'. Tests that make many streams within one second of a manual
// clock get creation seconds a little ahead of it. Guarded by Fake.mu,
// held for writing.
type seqClock struct{ last int64 }

// next hands out creation seconds for a shard made at ms. A nil clock (a
// stream built by hand in a test) gives the clock's second.
func (c *seqClock) next(ms int64) int64 {
	if c == nil {
		return seqSeconds(ms)
	}
	c.last = min(max(seqSeconds(ms), c.last+1), seqDateLimit-1)
	return c.last
}

// recordSeq is the number of sh's record at offset, which arrived at
// arrivalMs.
func (sh *shard) recordSeq(offset uint64, arrivalMs int64) seqNum {
	return seqNum{created: sh.seqCreated, shard: sh.index, index: offset, secs: sh.recordSecs(arrivalMs)}
}

// recordSecs is the record seconds the number of sh's record that arrived
// at arrivalMs carries: its arrival's second, but never one before the
// shard's creation seconds. On AWS a record's seconds are never below its
// shard's (kinesalite's suite against production); a split's or merge's
// children carry the second after their parents' end, which the clock
// reaches up to a second after the children take records.
func (sh *shard) recordSecs(arrivalMs int64) int64 {
	return max(seqSeconds(arrivalMs), sh.seqCreated)
}

// putSeq is the number of the record just put at offset, which arrived at
// arrivalMs: a step from the previous put's number (puts take consecutive
// offsets), formatted afresh for the shard's first. The caller holds
// sh.mu while it uses the digits.
func (sh *shard) putSeq(offset uint64, arrivalMs int64) *[seqLen]byte {
	r, secs := &sh.lastSeq, sh.recordSecs(arrivalMs)
	if r.b[0] != 0 && offset == r.n.index+1 {
		r.next(secs)
	} else {
		r.start(sh.recordSeq(offset, arrivalMs))
	}
	return &r.b
}

// resumeSeq is the ContinuationSequenceNumber of a subscription to sh that
// has delivered the records up to offset (0: none): a number that is no
// record's, decodes to sh, and from which AT_SEQUENCE_NUMBER and
// AFTER_SEQUENCE_NUMBER both start at the next record. It depends on the
// position alone, so idle events repeat it.
func (sh *shard) resumeSeq(offset uint64) seqNum {
	return seqNum{kind: seqResume, created: sh.seqCreated, shard: sh.index, index: offset, secs: sh.seqCreated}
}

// at is the offset AT_SEQUENCE_NUMBER starts at: the record of that index
// (the StartingSequenceNumber's 0 meaning the first), or the one after a
// continuation's.
func (n seqNum) at() uint64 {
	if n.kind == seqResume {
		return n.index + 1
	}
	return max(n.index, 1)
}

// String formats the number: 56 decimal digits.
func (n seqNum) String() string {
	var b [seqLen]byte
	n.put(&b)
	return string(b[:])
}

// limbs is the number as a 192-bit integer, high limb first. Only the
// version-2 forms are ever formatted.
func (n seqNum) limbs() (hi, mid, lo uint64) {
	lead := uint64(2)
	if n.kind == seqResume {
		lead = 1
	}
	shard := uint64(uint32(n.shard))
	secs := uint64(n.secs) & seqField36
	lo = 2 | shard<<4 | secs<<36
	mid = secs>>28 | n.index<<16
	hi = n.index>>48 | (shard&0xf)<<16 | (uint64(n.created)&seqField36)<<20 | lead<<56
	return hi, mid, lo
}

// put writes the 56 digits into b: the 192-bit value cut into three
// 19-digit pieces by divisions by 10^19, each written eight digits at a
// time.
func (n seqNum) put(b *[seqLen]byte) {
	hi, mid, lo := n.limbs()
	q1, r := div1e19(hi, mid) // hi < 2^60 < 10^19
	q0, low := div1e19(r, lo)
	top, middle := div1e19(q1, q0) // q1 < 2^61; top < 10^18
	put19(b[37:], low)
	put19(b[18:], middle)
	b[0], b[1] = digitPairs[top/1e16*2], digitPairs[top/1e16*2+1]
	put16(b[2:], top%1e16)
}

// div1e19 divides u1*2^64 + u0 (u1 < 10^19) by 10^19 with two
// multiplications by a precomputed reciprocal instead of a division
// instruction, which costs several times as much: Möller and Granlund,
// "Improved division by invariant integers" (2011), algorithm 4; 10^19 is
// above 2^63, as it requires.
func div1e19(u1, u0 uint64) (q, r uint64) {
	const d = 1e19
	q1, q0 := bits.Mul64(seqInv1e19, u1)
	q0, c := bits.Add64(q0, u0, 0)
	q1, _ = bits.Add64(q1, u1, c)
	q1++
	r = u0 - q1*d
	if r > q0 {
		q1--
		r += d
	}
	if r >= d {
		q1++
		r -= d
	}
	return q1, r
}

// seqInv1e19 is floor((2^128-1) / 10^19) - 2^64, div1e19's reciprocal.
var seqInv1e19, _ = bits.Div64(^uint64(1e19), ^uint64(0), 1e19)

// put19 writes v < 10^19 as 19 digits.
func put19(b []byte, v uint64) {
	top := v / 1e16
	b[0] = byte('0' + top/100)
	b[1], b[2] = digitPairs[top%100*2], digitPairs[top%100*2+1]
	put16(b[3:], v%1e16)
}

// put16 writes v < 10^16 as 16 digits.
func put16(b []byte, v uint64) {
	binary.BigEndian.PutUint64(b, digits8(v/1e8)|asciiZeros)
	binary.BigEndian.PutUint64(b[8:], digits8(v%1e8)|asciiZeros)
}

// asciiZeros is eight '0' bytes, turning digits8's digits into text.
const asciiZeros = 0x3030303030303030

// digits8 spreads v < 10^8 into eight bytes of 0 to 9, the most
// significant digit in the top byte: the halves of each 4-digit, then each
// 2-digit lane are computed for all lanes at once, dividing by
// multiplication (x*10486>>20 is x/100 for x < 10^4, x*103>>10 is x/10 for
// x < 100; no lane's product reaches the next lane).
func digits8(v uint64) uint64 {
	hi := v / 1e4
	x := hi<<32 | (v - hi*1e4)
	q := x * 10486 >> 20 & 0x0000007f0000007f
	x = x - q*100 | q<<16
	t := x * 103 >> 10 & 0x000f000f000f000f
	return x - t*10 | t<<8
}

// digitPairs holds "00" to "99".
const digitPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

// seqRun formats the consecutive numbers of one shard, as a GetRecords
// page or a shard's puts have them, without dividing: the next number is
// the previous one plus 2^80 (one more in the sequence index) plus the
// change of the record seconds times 2^36, an addition done on the decimal
// text itself, eight digits at a time.
type seqRun struct {
	b    [seqLen]byte
	n    seqNum
	step [4]uint64 // the last 32 digits of the addend for a change of k seconds
	k    int64
}

// seqUnitStep is the addend for an unchanged record second: 2^80.
var seqUnitStep = seqStep(0)

// start formats n as the run's first number.
func (r *seqRun) start(n seqNum) {
	r.n = n
	r.n.put(&r.b)
}

// next makes the run's number the next record's, which arrived in second
// secs (never before the previous record's).
func (r *seqRun) next(secs int64) {
	r.n.index++
	k := secs - r.n.secs
	switch {
	case k == 0:
		addDecimal(&r.b, &seqUnitStep)
		return
	case k < 0:
		r.n.secs = secs
		r.n.put(&r.b) // only if arrival times went backwards
		return
	case k != r.k:
		r.step, r.k = seqStep(uint64(k)), k
	}
	r.n.secs = secs
	addDecimal(&r.b, &r.step)
}

// seqStep is 2^80 + k*2^36 (k < 2^36, so below 10^25) as the four 8-digit
// words ending the 56 digits, in addDecimal's form.
func seqStep(k uint64) [4]uint64 {
	q, r := bits.Div64(1<<16+k>>28, k<<36, 1e16)
	return [4]uint64{
		digits8(q/1e8) + decimalBias, digits8(q%1e8) + decimalBias,
		digits8(r/1e8) + decimalBias, digits8(r%1e8) + decimalBias,
	}
}

// decimalBias is 0xc6 in every byte: added to a byte of 0 to 9 (the
// addend's digit) and to an ASCII digit of the text ('0' + d), it makes
// their sum overflow the byte exactly when the digits' sum, with the carry
// from the byte below, reaches 10.
const decimalBias = 0xc6c6c6c6c6c6c6c6

// addDecimal adds step, the last 32 of 56 digits, to the decimal text b,
// eight digits at a time (addDigits8), carrying further only when needed.
func addDecimal(b *[seqLen]byte, step *[4]uint64) {
	c := addDigits8(b[48:], step[3], 0)
	c = addDigits8(b[40:], step[2], c)
	c = addDigits8(b[32:], step[1], c)
	if addDigits8(b[24:], step[0], c) != 0 {
		carryDecimal(b)
	}
}

// carryDecimal adds the carry out of the last 32 digits to the 24 before.
func carryDecimal(b *[seqLen]byte) {
	for w, c := 16, uint64(1); c != 0 && w >= 0; w -= 8 {
		c = addDigits8(b[w:], decimalBias, c)
	}
}

// addDigits8 adds d, eight digits in addDecimal's form, and the carry c to
// the eight ASCII digits at the start of b, returning the carry out. It is
// one 64-bit addition, the byte carries being decimal carries: bytes that
// did not carry hold 0xf6 plus their digit and lose the 0xf6, those that
// did already hold their digit.
func addDigits8(b []byte, d, c uint64) uint64 {
	s, c := bits.Add64(binary.BigEndian.Uint64(b), d, c)
	s -= (s >> 7 & 0x0101010101010101) * 0xf6
	binary.BigEndian.PutUint64(b, s|asciiZeros)
	return c
}

// parseSeqNum decodes a number as AWS does; ok is false for one AWS
// refuses as invalid: not digits, not one of the forms, a creation second
// from seqDateLimit on, or a version-2 index of 8 or more in its top digit.
func parseSeqNum(s string) (n seqNum, ok bool) {
	if s == "" || len(s) > seqLen {
		return seqNum{}, false // 57 digits are above every form
	}
	// Three pieces of up to 19 digits, c2*10^38 + c1*10^19 + c0.
	var c [3]uint64
	for i, end := 0, len(s); end > 0; i, end = i+1, end-19 {
		v, ok := readDigits(s[max(end-19, 0):end])
		if !ok {
			return seqNum{}, false
		}
		c[i] = v
	}
	h, l := bits.Mul64(c[2], 1e19)
	l, carry := bits.Add64(l, c[1], 0)
	h += carry // (h, l) < 10^37
	hl, lo := bits.Mul64(l, 1e19)
	hi, ml := bits.Mul64(h, 1e19)
	mid, carry := bits.Add64(hl, ml, 0)
	hi += carry
	lo, carry = bits.Add64(lo, c[0], 0)
	mid, carry = bits.Add64(mid, 0, carry)
	hi += carry
	return decodeSeq(hi, mid, lo)
}

// decodeSeq takes a number apart, as kinesalite's parseSequence shows AWS
// doing.
func decodeSeq(hi, mid, lo uint64) (seqNum, bool) {
	var n seqNum
	switch lead, version := hi>>56, lo&0xf; {
	case hi == 0:
		// Below 2^128 (AWS adds 2^124 to what is below that, which leaves
		// the fields alone): creation seconds in the hex digits 1 to 9 of
		// 32, the shard index in the last four.
		n = seqNum{kind: seqShort, created: int64(mid >> 24 & seqField36), shard: int(lo & 0xffff)}
	case lead == 2 && version == 1:
		n = seqNum{kind: seqV1, created: int64(hi >> 20 & seqField36), shard: int(uint32(lo >> 4)), index: lo >> 36 & 0xff}
	case (lead == 2 || lead == 1) && version == 2:
		n = seqNum{
			created: int64(hi >> 20 & seqField36),
			shard:   int(int32(uint32(lo >> 4))),
			index:   hi&0xffff<<48 | mid>>16,
			secs:    int64(lo>>36 | mid&0xff<<28),
		}
		if lead == 1 {
			n.kind = seqResume
		}
		if n.index > seqMaxIndex {
			return seqNum{}, false
		}
	default:
		return seqNum{}, false
	}
	if n.created >= seqDateLimit {
		return seqNum{}, false
	}
	return n, true
}

// readDigits parses up to 19 decimal digits, refusing anything else.
func readDigits(s string) (uint64, bool) {
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	return v, true
}
