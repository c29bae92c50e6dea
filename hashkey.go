package kinesisfake

import (
	"crypto/md5"
	"encoding/binary"
	"hash/maphash"
	"math/big"
	"math/bits"
	"strings"
	"sync/atomic"
)

// hashKey is a point in Kinesis's 128-bit hash-key space.
type hashKey struct{ hi, lo uint64 }

// maxHashKey is 2^128-1, the last key of the hash-key space.
var maxHashKey = hashKey{hi: ^uint64(0), lo: ^uint64(0)}

// less reports whether a < b as unsigned 128-bit integers.
func (a hashKey) less(b hashKey) bool {
	return a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo)
}

// cmp compares a and b as unsigned 128-bit integers: -1, 0 or +1.
func (a hashKey) cmp(b hashKey) int {
	switch {
	case a.less(b):
		return -1
	case b.less(a):
		return 1
	}
	return 0
}

// lessOrEqual reports whether a <= b.
func (a hashKey) lessOrEqual(b hashKey) bool { return !b.less(a) }

// hashKeyOf is the hash key Kinesis routes a partition key by: the MD5 of its
// UTF-8 bytes read as a big-endian unsigned 128-bit integer. Keys put
// again and again, as producers' keys are, are looked up in keyHashes
// instead of hashed anew: MD5 costs about 100 ns, a quarter of a
// PutRecord's cost, the lookup about 10.
func hashKeyOf(partitionKey string) hashKey {
	return keyHashes.of(partitionKey)
}

// md5HashKey is hashKeyOf computed.
func md5HashKey(partitionKey string) hashKey {
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
func (k hashKey) String() string {
	var b [39]byte
	return string(k.appendDecimal(b[:0]))
}

// appendDecimal appends k's decimal form to b: the value cut into three
// pieces of 19 digits by 128-bit divisions by 10^19, without math/big
// (ListShards and DescribeStream print two a shard), its leading zeros
// dropped.
func (k hashKey) appendDecimal(b []byte) []byte {
	var d [3 * 19]byte
	q1, r1 := bits.Div64(0, k.hi, 1e19)
	q0, low := bits.Div64(r1, k.lo, 1e19) // k = (q1*2^64 + q0)*10^19 + low
	top, middle := bits.Div64(q1, q0, 1e19)
	put19(d[0:], top)
	put19(d[19:], middle)
	put19(d[38:], low)
	i := 0
	for i < len(d)-1 && d[i] == '0' {
		i++
	}
	return append(b, d[i:]...)
}

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

// keyHashes caches the hash keys of partition keys for the whole process:
// a hash key depends on nothing but its partition key. It is a two-way
// set-associative table: a key may sit in either slot of its pair (in a
// direct-mapped table, two keys sharing a slot pushed each other out for
// good, and which keys shared one depended on the random seed, so a
// benchmark's cost changed from run to run). A key takes a free slot of
// its pair at once. Once the pair is full, a key that misses there again
// within its pair's next two misses replaces the older of the two keys
// held, so two keys that alternate on a full pair both settle in, while a
// stream of keys that never repeat costs a lookup and no allocation and
// pushes out nothing. Three or more keys busy on one pair still take turns.
// Slots are replaced whole (atomically), so concurrent puts share the
// table without a lock; whatever it holds, results are the same.
var keyHashes keyHashCache

// keyHashSlots is the size of keyHashes: 4096 slots in 2,048 pairs, 104
// KiB of pointers and fingerprints, enough for the keys of a test suite's
// producers.
const keyHashSlots = 1 << 12

// keyHashCache is the type of keyHashes.
type keyHashCache struct {
	slots [keyHashSlots]atomic.Pointer[keyHashEntry]
	// tags holds, per slot, the fingerprint of the key in it, so that a
	// lookup follows a slot's pointer only when the key is likely there:
	// a miss (a producer of many distinct keys misses nearly always)
	// then reads no entry. A tag and its slot are stored one after the
	// other, not together; a lookup that reads them in between compares
	// the entry's key, and at worst misses.
	tags [keyHashSlots]atomic.Uint64
	// seen holds, per pair, the fingerprints of the last two keys that
	// missed there while it was full, so that a key takes a slot when it
	// misses again soon.
	seen [keyHashSlots]atomic.Uint64
	// older holds, per pair, which of its two slots got its key first: the
	// one a newcomer replaces.
	older [keyHashSlots / 2]atomic.Uint32
}

// keyHashEntry is a cached partition key and its hash key.
type keyHashEntry struct {
	key  string // a copy: the caller's string may pin a large buffer
	hash hashKey
}

// keyHashSeed seeds the fingerprints that pick a partition key's slot.
var keyHashSeed = maphash.MakeSeed()

// of returns the hash key of partitionKey.
func (c *keyHashCache) of(partitionKey string) hashKey {
	fp := maphash.String(keyHashSeed, partitionKey)
	pair := fp % (keyHashSlots / 2)
	ways, tags := c.slots[2*pair:2*pair+2], c.tags[2*pair:2*pair+2]
	for i := range ways {
		if tags[i].Load() != fp {
			continue
		}
		if e := ways[i].Load(); e != nil && e.key == partitionKey {
			return e.hash
		}
	}
	k := md5HashKey(partitionKey)
	var way uint32 // the slot the key takes: a free one, else the older
	switch {
	case ways[0].Load() == nil:
		way = 0
	case ways[1].Load() == nil:
		way = 1
	default:
		seen := c.seen[2*pair : 2*pair+2]
		if seen[0].Load() != fp && seen[1].Load() != fp {
			seen[1].Store(seen[0].Load()) // remember it, and the miss before
			seen[0].Store(fp)
			return k
		}
		way = c.older[pair].Load()
	}
	ways[way].Store(&keyHashEntry{key: strings.Clone(partitionKey), hash: k})
	tags[way].Store(fp)
	c.older[pair].Store(1 - way)
	return k
}
