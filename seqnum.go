package kinesisfake

// A sequence number is a 56-digit decimal string. Real Kinesis numbers encode
// the shard and the shard's creation; kinesisfake's encode enough to give the
// same answers, in fixed-width decimal fields so that comparing two numbers as
// big integers is comparing them as strings:
//
//	49 | shard number (12) | record offset in shard (20) | stream tag (22)
//
// The shard number leads, so the children of a split or merge (which take the
// next shard numbers) number their records above every record of their
// parents: a partition key's sequence numbers keep increasing across
// resharding. The stream tag (creation time in ms, then the stream's serial
// within the Fake) tells a number from a deleted stream of the same name
// apart from one of the live stream.
const (
	seqLen        = 56
	seqPrefix     = "49"
	seqShardLen   = 12
	seqOffsetLen  = 20
	seqTagTimeLen = 13
	seqTagIDLen   = 9
)

// maxOffset is the offset of a closed shard's EndingSequenceNumber: no record
// can ever have it.
const maxOffset = ^uint64(0)

// streamTag identifies one incarnation of a stream inside sequence numbers.
type streamTag struct {
	createdMs int64
	serial    uint64
}

// seqNum is a decoded sequence number.
type seqNum struct {
	shard  int
	offset uint64
	tag    streamTag
}

// String formats the number as Kinesis does: exactly 56 decimal digits.
func (s seqNum) String() string {
	var b [seqLen]byte
	s.put(b[:])
	return string(b[:])
}

// put writes the 56 digits into b, which must be at least seqLen long. It
// lets GetRecords format a whole page of numbers into one buffer.
func (s seqNum) put(b []byte) {
	copy(b, seqPrefix)
	i := len(seqPrefix)
	putDigits(b[i:i+seqShardLen], uint64(s.shard))
	i += seqShardLen
	putDigits(b[i:i+seqOffsetLen], s.offset)
	i += seqOffsetLen
	ms := s.tag.createdMs
	if ms < 0 {
		ms = 0
	}
	putDigits(b[i:i+seqTagTimeLen], uint64(ms))
	i += seqTagTimeLen
	putDigits(b[i:i+seqTagIDLen], s.tag.serial)
}

// incrementOffset adds one to the offset field of a formatted sequence
// number in place, as decimal digits: the next record's number, without
// formatting all 56 digits again.
func incrementOffset(b *[seqLen]byte) {
	for i := len(seqPrefix) + seqShardLen + seqOffsetLen - 1; i >= len(seqPrefix)+seqShardLen; i-- {
		if b[i] != '9' {
			b[i]++
			return
		}
		b[i] = '0'
	}
}

// putDigits writes v right-aligned and zero-padded into b. Digits that do not
// fit are dropped from the left; callers size fields so that never happens
// for real values. It writes two digits per division and stops dividing
// once only zeros are left, since most fields are mostly leading zeros:
// formatting numbers is much of what a put costs.
func putDigits(b []byte, v uint64) {
	i := len(b)
	for v >= 10 && i >= 2 {
		q := v / 100
		d := (v - q*100) * 2
		i -= 2
		b[i], b[i+1] = digitPairs[d], digitPairs[d+1]
		v = q
	}
	if i > 0 && v > 0 {
		i--
		b[i] = byte('0' + v%10)
	}
	for i > 0 {
		i--
		b[i] = '0'
	}
}

// digitPairs holds "00" to "99", for putDigits.
const digitPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

// parseSeqNum decodes a number this fake issued. ok is false for anything
// else: wrong length, not digits, or fields out of range.
func parseSeqNum(s string) (n seqNum, ok bool) {
	if len(s) != seqLen || s[:len(seqPrefix)] != seqPrefix {
		return seqNum{}, false
	}
	i := len(seqPrefix)
	shard, ok1 := readDigits(s[i : i+seqShardLen])
	i += seqShardLen
	offset, ok2 := readDigits(s[i : i+seqOffsetLen])
	i += seqOffsetLen
	ms, ok3 := readDigits(s[i : i+seqTagTimeLen])
	i += seqTagTimeLen
	serial, ok4 := readDigits(s[i : i+seqTagIDLen])
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return seqNum{}, false
	}
	return seqNum{shard: int(shard), offset: offset, tag: streamTag{createdMs: int64(ms), serial: serial}}, true
}

// readDigits parses a decimal field, refusing non-digits and uint64 overflow.
func readDigits(s string) (uint64, bool) {
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		d := uint64(c - '0')
		if v > (^uint64(0)-d)/10 {
			return 0, false
		}
		v = v*10 + d
	}
	return v, true
}
