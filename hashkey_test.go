package kinesisfake

import (
	"crypto/md5"
	"fmt"
	"hash/maphash"
	"math/big"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Hash-key space bounds as decimal strings, as Kinesis prints them.
const (
	maxHashKeyDec  = "340282366920938463463374607431768211455" // 2^128-1
	overHashKeyDec = "340282366920938463463374607431768211456" // 2^128
)

// TestHashKeyOfIsMD5 checks the routing hash against MD5 values computed
// outside Go (Python's hashlib), so a change of byte order or hash breaks it.
func TestHashKeyOfIsMD5(t *testing.T) {
	tests := []struct{ key, want string }{
		{"a", "16955237001963240173058271559858726497"},
		{"b", "195289424170611159128911017612795795343"},
		{"e", "299611584147932843547128611849858313266"},
		{"f", "190917122200326810055233066464581373159"},
		{"partition-ü", "98192963878263216194950322885039080135"}, // UTF-8 bytes
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			assert.Equal(t, tt.want, hashKeyOf(tt.key).String())
			sum := md5.Sum([]byte(tt.key))
			assert.Equal(t, new(big.Int).SetBytes(sum[:]).String(), hashKeyOf(tt.key).String())
		})
	}
}

// TestEvenHashRanges checks CreateStream's split of the key space: the
// exact 2- and 3-shard ranges, and for other counts that the ranges are
// contiguous, cover [0, 2^128-1] and start at i*floor(2^128/n).
func TestEvenHashRanges(t *testing.T) {
	exact := map[int][][2]string{
		1: {{"0", maxHashKeyDec}},
		2: {
			{"0", "170141183460469231731687303715884105727"},
			{"170141183460469231731687303715884105728", maxHashKeyDec},
		},
		3: {
			{"0", "113427455640312821154458202477256070484"},
			{"113427455640312821154458202477256070485", "226854911280625642308916404954512140969"},
			{"226854911280625642308916404954512140970", maxHashKeyDec},
		},
	}
	for n, want := range exact {
		var got [][2]string
		for _, r := range evenHashRanges(n) {
			got = append(got, [2]string{r.start.String(), r.end.String()})
		}
		assert.Equal(t, want, got, "%d shards", n)
	}

	space := new(big.Int).Lsh(big.NewInt(1), 128)
	for _, n := range []int{4, 5, 7, 10, 64, 500} {
		ranges := evenHashRanges(n)
		require.Len(t, ranges, n)
		width := new(big.Int).Div(space, big.NewInt(int64(n)))
		for i, r := range ranges {
			assert.Equal(t, new(big.Int).Mul(width, big.NewInt(int64(i))).String(), r.start.String(), "n=%d i=%d", n, i)
			if i > 0 {
				assert.Equal(t, ranges[i-1].end.add(1), r.start, "n=%d i=%d contiguous", n, i)
			}
		}
		assert.Equal(t, maxHashKey, ranges[n-1].end, "n=%d", n)
	}
}

// TestRoutingByPartitionKey checks that PutRecord sends a partition key to
// the shard whose range holds its MD5, with FIDELITY.md's 3-shard examples.
func TestRoutingByPartitionKey(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s3", 3)
		for key, shard := range map[string]string{
			"a": "shardId-000000000000",
			"b": "shardId-000000000001",
			"e": "shardId-000000000002",
			"f": "shardId-000000000001",
		} {
			assert.Equal(t, shard, *h.put("s3", key, []byte(key)).ShardId, "key %q", key)
		}
	})
}

// TestRoutingByExplicitHashKey checks that ExplicitHashKey overrides the
// partition key, at both edges of each range of a 2-shard stream, and that a
// key past 2^128-1 fails with AWS's text.
func TestRoutingByExplicitHashKey(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s2", 2)
		tests := []struct {
			explicit string
			shard    string // "" when the put must fail
		}{
			{"0", "shardId-000000000000"},
			{"170141183460469231731687303715884105727", "shardId-000000000000"},
			{"170141183460469231731687303715884105728", "shardId-000000000001"},
			{maxHashKeyDec, "shardId-000000000001"},
			{overHashKeyDec, ""},
			{"999999999999999999999999999999999999999", ""},
		}
		for _, tt := range tests {
			t.Run(tt.explicit, func(t *testing.T) {
				// "b" alone would go to shard 1; the explicit key decides.
				in := &kinesis.PutRecordInput{StreamName: aws.String("s2"), PartitionKey: aws.String("b"), Data: []byte("x"), ExplicitHashKey: aws.String(tt.explicit)}
				out, err := h.api.PutRecord(h.ctx, in)
				if tt.shard != "" {
					require.NoError(t, err)
					assert.Equal(t, tt.shard, *out.ShardId)
					return
				}
				requireAWSError[*types.InvalidArgumentException](t, err, "PutRecord",
					"Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was "+tt.explicit)
			})
		}

		// PutRecords checks every entry's key before storing any.
		h.f.CreateStreamT(t, "fresh", 2)
		_, err := h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("fresh"), Records: []types.PutRecordsRequestEntry{
			{PartitionKey: aws.String("k"), Data: []byte("ok")},
			{PartitionKey: aws.String("k"), Data: []byte("bad"), ExplicitHashKey: aws.String(overHashKeyDec)},
		}})
		requireAWSError[*types.InvalidArgumentException](t, err, "PutRecords",
			"Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was "+overHashKeyDec)
		assert.Empty(t, h.f.Records("fresh", "shardId-000000000000"))
		assert.Empty(t, h.f.Records("fresh", "shardId-000000000001"))
	})
}

// TestParseHashKey covers the decimal parser on its own, including inputs
// the model's pattern refuses before the engine sees them.
func TestParseHashKey(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when invalid
	}{
		{"0", "0"},
		{"1", "1"},
		{"18446744073709551615", "18446744073709551615"}, // 2^64-1: the low word full
		{"18446744073709551616", "18446744073709551616"}, // 2^64: carry into the high word
		{"000123", "123"},
		{maxHashKeyDec, maxHashKeyDec},
		{overHashKeyDec, ""},
		{"3402823669209384634633746074317682114550", ""}, // 2^128-1 times ten
		{"99999999999999999999999999999999999999999999999999", ""},
		{"", ""},
		{"-1", ""},
		{"+1", ""},
		{"1.0", ""},
		{" 1", ""},
		{"0x10", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			k, ok := parseHashKey(tt.in)
			if tt.want == "" {
				assert.False(t, ok)
				return
			}
			require.True(t, ok)
			assert.Equal(t, tt.want, k.String())
		})
	}
}

// TestHashKeyArithmetic covers ordering and the small additions used to
// build adjacent ranges, across the 64-bit word boundary.
func TestHashKeyArithmetic(t *testing.T) {
	lowFull := hashKey{lo: ^uint64(0)}
	highOne := hashKey{hi: 1}
	assert.Equal(t, highOne, lowFull.add(1))
	assert.Equal(t, lowFull, highOne.add(-1))
	assert.Equal(t, hashKey{lo: 5}, hashKey{lo: 2}.add(3))
	assert.True(t, lowFull.less(highOne))
	assert.False(t, highOne.less(lowFull))
	assert.True(t, highOne.lessOrEqual(highOne))
	assert.False(t, highOne.less(highOne))

	r := hashRange{start: hashKey{lo: 10}, end: hashKey{hi: 1}}
	assert.True(t, r.contains(hashKey{lo: 10}))
	assert.True(t, r.contains(hashKey{hi: 1}))
	assert.False(t, r.contains(hashKey{lo: 9}))
	assert.False(t, r.contains(hashKey{hi: 1, lo: 1}))

	b, _ := new(big.Int).SetString(maxHashKeyDec, 10)
	assert.Equal(t, maxHashKey, hashKeyFromBig(b))
	assert.Equal(t, maxHashKeyDec, maxHashKey.String())
}

// TestHashKeyOfLongKeys checks keys past the stack buffer's size and that
// hashing a key allocates nothing.
func TestHashKeyOfLongKeys(t *testing.T) {
	for _, n := range []int{32, 33, 256, 257, 1024} {
		key := strings.Repeat("ü", n/2) + strings.Repeat("x", n%2)
		sum := md5.Sum([]byte(key))
		assert.Equal(t, new(big.Int).SetBytes(sum[:]).String(), hashKeyOf(key).String(), "%d bytes", len(key))
	}
	key := strings.Repeat("k", 200)
	assert.Zero(t, testing.AllocsPerRun(100, func() { _ = hashKeyOf(key) }))
}

// TestKeyHashCacheKeepsCollidingKeys checks the partition-key cache on
// keys that land on the same pair of slots: each gets its MD5 hash key
// always; the first two stay cached side by side however they alternate;
// a third takes a slot (the older key's) only when it misses again soon;
// and two newcomers alternating on the full pair both settle in, where
// one-off keys push nothing out.
func TestKeyHashCacheKeepsCollidingKeys(t *testing.T) {
	pairOf := func(k string) uint64 { return maphash.String(keyHashSeed, k) % (keyHashSlots / 2) }
	var same []string // keys of one pair, whatever the seed
	for i := 0; len(same) < 4+20; i++ {
		k := fmt.Sprintf("key-%d", i)
		if len(same) == 0 || pairOf(k) == pairOf(same[0]) {
			same = append(same, k)
		}
	}
	cached := func(c *keyHashCache, k string) bool {
		for i := range 2 {
			if e := c.slots[2*pairOf(k)+uint64(i)].Load(); e != nil && e.key == k {
				return true
			}
		}
		return false
	}
	check := func(c *keyHashCache, k string) {
		t.Helper()
		sum := md5.Sum([]byte(k))
		assert.Equal(t, new(big.Int).SetBytes(sum[:]).String(), c.of(k).String(), k)
	}
	var c keyHashCache
	a, b, third, fourth, oneOffs := same[0], same[1], same[2], same[3], same[4:]
	check(&c, a)
	check(&c, b)
	assert.True(t, cached(&c, a) && cached(&c, b), "each took a free slot at once")
	for range 3 {
		check(&c, a)
		check(&c, b)
	}
	assert.True(t, cached(&c, a) && cached(&c, b), "two keys of a pair alternating both stay")
	check(&c, third)
	assert.False(t, cached(&c, third), "a key seen once takes no taken slot")
	check(&c, third)
	assert.True(t, cached(&c, third), "a key missing again soon does")
	assert.False(t, cached(&c, a), "in the older key's place")
	assert.True(t, cached(&c, b))

	for range 3 {
		check(&c, a)
		check(&c, fourth)
	}
	assert.True(t, cached(&c, a) && cached(&c, fourth), "two newcomers alternating on a full pair both settle in")
	for _, k := range oneOffs {
		check(&c, k)
	}
	assert.True(t, cached(&c, a) && cached(&c, fourth), "keys seen once push nothing out")
}
