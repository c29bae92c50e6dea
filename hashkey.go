package kinesisfake

import (
	"crypto/md5"
	"encoding/binary"
	"math/big"
	"math/bits"
)

// hashKey is a point in Kinesis's 128-bit hash-key space.
type hashKey struct{ hi, lo uint64 }

// maxHashKey is 2^128-1, the last key of the hash-key space.
var maxHashKey = hashKey{hi: ^uint64(0), lo: ^uint64(0)}

// less reports whether a < b as unsigned 128-bit integers.
func (a hashKey) less(b hashKey) bool {
	return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo)
}

// lessOrEqual reports whether a <= b.
func (a hashKey) lessOrEqual(b hashKey) bool { return !b.less(a) }

// hashKeyOf is the hash key Kinesis routes a partition key by: the MD5 of its
// UTF-8 bytes read as a big-endian unsigned 128-bit integer.
func hashKeyOf(partitionKey string) hashKey {
	// Hash from a stack copy: converting a key longer than 32 bytes to
	// []byte would allocate on every put.
	var buf [256]byte
	var sum [md5.Size]byte
	if len(partitionKey) <= len(buf) {
		n := copy(buf[:], partitionKey)
		sum = md5.Sum(buf[:n])
	} else {
		sum = md5.Sum([]byte(partitionKey))
	}
	return hashKey{hi: binary.BigEndian.Uint64(sum[:8]), lo: binary.BigEndian.Uint64(sum[8:])}
}

// parseHashKey reads a decimal hash key. ok is false when s is not a
// non-negative decimal integer or does not fit in 128 bits.
func parseHashKey(s string) (k hashKey, ok bool) {
	if s == "" {
		return hashKey{}, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return hashKey{}, false
		}
		// k = k*10 + digit, refusing overflow past 2^128-1.
		hiHi, hiLo := bits.Mul64(k.hi, 10)
		loHi, loLo := bits.Mul64(k.lo, 10)
		if hiHi != 0 {
			return hashKey{}, false
		}
		hi, carry := bits.Add64(hiLo, loHi, 0)
		if carry != 0 {
			return hashKey{}, false
		}
		lo, carry := bits.Add64(loLo, uint64(c-'0'), 0)
		hi, carry = bits.Add64(hi, 0, carry)
		if carry != 0 {
			return hashKey{}, false
		}
		k = hashKey{hi: hi, lo: lo}
	}
	return k, true
}

// big returns k as a new big.Int, for arithmetic and printing off the hot
// path.
func (k hashKey) big() *big.Int {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], k.hi)
	binary.BigEndian.PutUint64(b[8:], k.lo)
	return new(big.Int).SetBytes(b[:])
}

// hashKeyFromBig is the inverse of big. b must lie in [0, 2^128-1]; FillBytes
// panics on a larger value.
func hashKeyFromBig(b *big.Int) hashKey {
	var buf [16]byte
	b.FillBytes(buf[:])
	return hashKey{hi: binary.BigEndian.Uint64(buf[:8]), lo: binary.BigEndian.Uint64(buf[8:])}
}

// String is the decimal form Kinesis uses in HashKeyRange.
func (k hashKey) String() string { return k.big().String() }

// add returns k+d for a small non-negative or negative d, wrapping is the
// caller's problem (callers stay inside [0, 2^128-1]).
func (k hashKey) add(d int64) hashKey {
	if d >= 0 {
		lo, carry := bits.Add64(k.lo, uint64(d), 0)
		return hashKey{hi: k.hi + carry, lo: lo}
	}
	lo, borrow := bits.Sub64(k.lo, uint64(-d), 0)
	return hashKey{hi: k.hi - borrow, lo: lo}
}

// hashRange is an inclusive range of hash keys owned by one shard.
type hashRange struct{ start, end hashKey }

// contains reports whether k lies in r, both ends included.
func (r hashRange) contains(k hashKey) bool {
	return r.start.lessOrEqual(k) && k.lessOrEqual(r.end)
}

// evenHashRanges splits the whole key space into n ranges the way
// CreateStream does: range i starts at i*floor(2^128/n); the last range ends
// at 2^128-1.
func evenHashRanges(n int) []hashRange {
	space := new(big.Int).Lsh(big.NewInt(1), 128)
	width := new(big.Int).Div(space, big.NewInt(int64(n)))
	ranges := make([]hashRange, n)
	for i := range ranges {
		start := new(big.Int).Mul(width, big.NewInt(int64(i)))
		end := new(big.Int).Add(start, width)
		end.Sub(end, big.NewInt(1))
		if i == n-1 {
			end.Sub(space, big.NewInt(1))
		}
		ranges[i] = hashRange{start: hashKeyFromBig(start), end: hashKeyFromBig(end)}
	}
	return ranges
}
