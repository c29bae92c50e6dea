package kinesisfake

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// seqDigits is the shape of every sequence number Kinesis gives.
var seqDigits = regexp.MustCompile(`^[0-9]{56}$`)

// seqLess compares two sequence numbers as Kinesis does: as big integers.
func seqLess(t testing.TB, a, b string) bool {
	t.Helper()
	x, ok1 := new(big.Int).SetString(a, 10)
	y, ok2 := new(big.Int).SetString(b, 10)
	require.True(t, ok1 && ok2, "%q %q", a, b)
	return x.Cmp(y) < 0
}

// TestSeqNumRoundTrip formats and parses numbers at the edges of every
// field.
func TestSeqNumRoundTrip(t *testing.T) {
	tests := []seqNum{
		{},
		{shard: 0, offset: 1, tag: streamTag{createdMs: dpStart.UnixMilli(), serial: 1}},
		{shard: 7, offset: 123456789, tag: streamTag{createdMs: 1, serial: 42}},
		{shard: 999999999999, offset: maxOffset, tag: streamTag{createdMs: 9999999999999, serial: 999999999}},
	}
	for _, n := range tests {
		s := n.String()
		assert.Regexp(t, seqDigits, s)
		got, ok := parseSeqNum(s)
		require.True(t, ok, s)
		assert.Equal(t, n, got)
	}
}

// TestParseSeqNumRefuses covers numbers the fake did not issue.
func TestParseSeqNumRefuses(t *testing.T) {
	valid := seqNum{shard: 1, offset: 2, tag: streamTag{createdMs: 3, serial: 4}}.String()
	tests := map[string]string{
		"empty":           "",
		"short":           valid[:55],
		"long":            valid + "0",
		"other prefix":    "50" + valid[2:],
		"letter":          valid[:20] + "x" + valid[21:],
		"offset overflow": valid[:14] + "99999999999999999999" + valid[34:], // > 2^64-1
		"not ascii":       valid[:54] + "é",
		"real AWS number": "49590338271490256608559692538361571095921575989136588898",
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			_, ok := parseSeqNum(in)
			assert.False(t, ok)
		})
	}
}

// TestSeqNumOrderFollowsFields checks that string order, big-integer order
// and (shard, offset) order agree, which is what lets numbers be compared.
func TestSeqNumOrderFollowsFields(t *testing.T) {
	tag := streamTag{createdMs: dpStart.UnixMilli(), serial: 3}
	ordered := []seqNum{
		{shard: 0, offset: 0, tag: tag}, // shard 0's StartingSequenceNumber
		{shard: 0, offset: 1, tag: tag},
		{shard: 0, offset: 9, tag: tag},
		{shard: 0, offset: 10, tag: tag},
		{shard: 0, offset: maxOffset, tag: tag}, // shard 0's EndingSequenceNumber
		{shard: 1, offset: 0, tag: tag},         // a child's numbers exceed its parent's
		{shard: 1, offset: 1, tag: tag},
	}
	for i := 1; i < len(ordered); i++ {
		a, b := ordered[i-1].String(), ordered[i].String()
		assert.True(t, seqLess(t, a, b), "%s < %s", a, b)
		assert.Less(t, a, b)
	}
}

// TestSequenceNumbersFromPuts checks what producers see: 56 digits,
// strictly increasing within each shard, above the shard's
// StartingSequenceNumber and below its EndingSequenceNumber, and decodable
// to the shard that stored the record.
func TestSequenceNumbersFromPuts(t *testing.T) {
	h := newDP(t)
	h.f.CreateStreamT(t, "s", 3)
	last := map[string]string{}
	for i := range 300 {
		key := strings.Repeat("k", 1+i%7) + string(rune('a'+i%26))
		out := h.put("s", key, []byte{byte(i)})
		seq, shard := *out.SequenceNumber, *out.ShardId
		require.Regexp(t, seqDigits, seq)
		if prev, ok := last[shard]; ok {
			require.True(t, seqLess(t, prev, seq), "%s then %s on %s", prev, seq, shard)
		}
		last[shard] = seq
		n, ok := parseSeqNum(seq)
		require.True(t, ok)
		assert.Equal(t, shard, shardID(n.shard))
	}
	require.Len(t, last, 3, "300 keys reach every shard")

	s := h.live("s")
	for _, sh := range s.shards {
		start, end := s.startingSeq(sh), s.endingSeq(sh)
		assert.Regexp(t, seqDigits, start)
		assert.Regexp(t, seqDigits, end)
		recs := h.f.Records("s", sh.id)
		require.NotEmpty(t, recs)
		assert.True(t, seqLess(t, start, *recs[0].SequenceNumber), "start %s before first record", start)
		assert.True(t, seqLess(t, *recs[len(recs)-1].SequenceNumber, end), "end %s after last record", end)
	}
}

// TestSequenceNumbersTellStreamsApart checks that a stream deleted and
// created again under the same name, in the same millisecond, numbers its
// records differently, so old numbers can be recognised.
func TestSequenceNumbersTellStreamsApart(t *testing.T) {
	h := newDP(t)
	h.f.CreateStreamT(t, "s", 1)
	old := *h.put("s", "k", []byte("x")).SequenceNumber
	_, err := h.f.DeleteStream(h.ctx, deleteInput("s"))
	require.NoError(t, err)
	h.f.CreateStreamT(t, "s", 1)
	fresh := *h.put("s", "k", []byte("x")).SequenceNumber
	assert.NotEqual(t, old, fresh)
	a, _ := parseSeqNum(old)
	b, _ := parseSeqNum(fresh)
	assert.Equal(t, a.offset, b.offset)
	assert.NotEqual(t, a.tag, b.tag)
}

// TestIncrementOffset checks the in-place increment GetRecords uses for
// consecutive numbers against formatting each number afresh, across
// carries.
func TestIncrementOffset(t *testing.T) {
	tag := streamTag{createdMs: dpStart.UnixMilli(), serial: 12}
	for _, off := range []uint64{0, 1, 8, 9, 99, 1999, 999999999, 9999999999999999999, maxOffset - 1} {
		var b [seqLen]byte
		seqNum{shard: 3, offset: off, tag: tag}.put(b[:])
		incrementOffset(&b)
		assert.Equal(t, seqNum{shard: 3, offset: off + 1, tag: tag}.String(), string(b[:]), "after %d", off)
	}
}

// TestPutDigits checks the field formatter against fmt for every width the
// layout uses and values around powers of ten, including values too wide
// for their field (only the low digits are kept).
func TestPutDigits(t *testing.T) {
	values := []uint64{0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 123456789, 1 << 40, 9999999999999, maxOffset}
	for _, width := range []int{1, 2, 3, 9, 12, 13, 20} {
		for _, v := range values {
			b := make([]byte, width)
			putDigits(b, v)
			want := fmt.Sprintf("%020d", v)
			want = want[len(want)-width:]
			assert.Equal(t, want, string(b), "width %d value %d", width, v)
		}
	}
}
