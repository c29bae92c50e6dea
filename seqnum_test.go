package kinesisfake

import (
	"fmt"
	"math/big"
	"math/bits"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
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

// fromHex is a number given in hexadecimal, as kinesalite's suite writes
// the numbers it sent to AWS, in the decimal a request carries.
func fromHex(hex string) string {
	n, ok := new(big.Int).SetString(hex, 16)
	if !ok {
		panic(hex)
	}
	return n.String()
}

// awsSeq spells a version-2 number field by field, as the layout
// kinesalite decodes has them (the test's own oracle, by hex digits and
// math/big): lead | creation seconds | low digit of the shard index |
// sequence index | 00 | record seconds | shard index | version.
func awsSeq(lead int, created int64, shard uint32, index uint64, secs int64, version int) string {
	return fromHex(fmt.Sprintf("%x%09x%x%016x00%09x%08x%x", lead, created, shard&0xf, index, secs, shard, version))
}

// TestSeqNumDecodesAsAWS decodes numbers AWS gave, and numbers whose
// answers in kinesalite's suite against production (test/getShardIterator.js,
// test/putRecord.js) show that AWS decoded them, with the fields the layout
// assigns them; those of version 2 format back to the same digits.
func TestSeqNumDecodesAsAWS(t *testing.T) {
	tests := []struct {
		name string
		seq  string
		want seqNum
	}{
		// A record's number from AWS, checked by the project against
		// kinesalite's decoding: hex 2 062855ff7 0 000000000fc770f0 00
		// 062878252 00000000 2 (shard created 2022-05-18 21:07:03, record
		// of 2022-05-20 11:58:10).
		{"a record", "49629634598228923384296766558693603250810567226740965378",
			seqNum{created: 0x062855ff7, shard: 0, index: 0xfc770f0, secs: 0x062878252}},
		// A StartingSequenceNumber from AWS's Developer Guide (the
		// describe-stream output of its AWS CLI tutorial): index 0, record
		// seconds the creation's (2015-01-14 23:47:10).
		{"a StartingSequenceNumber", "49546986683135544286507457935754639466300920667981217794",
			seqNum{created: 0x54b6fffe, shard: 0, index: 0, secs: 0x54b6fffe}},
		// The number earlier versions of these tests called a real AWS one:
		// it decodes consistently (the low digit 6 matches shard 6).
		{"shard 6", "49590338271490256608559692538361571095921575989136588898",
			seqNum{created: 0x05bf4e5c2, shard: 6, index: 0x67648a17, secs: 0x05c181eea}},
		// StartingSequenceNumber "5": "It encodes shardId-000000000005".
		{"5", "5", seqNum{kind: seqShort, shard: 5}},
		// "0": a 500 InternalFailure, so AWS decoded it (to shard 0).
		{"0", "0", seqNum{kind: seqShort}},
		// SequenceNumberForOrdering "all 0" and "all 0 with version 1":
		// accepted.
		{"all 0", fromHex("20000000000000000000000000000000000000000000002"), seqNum{}},
		{"all 0, version 1", fromHex("20000000000000000000000000000000000000000000001"), seqNum{kind: seqV1}},
		// Version 1's fields where kinesalite's parseSequence finds them:
		// creation seconds in hex digits 1-9, then a byte, the record's
		// seconds (9 digits), 14 digits of its own, the index in 2 digits
		// and the shard in 8.
		{"version 1", fromHex("2" + "0623a1b2c" + "0" + "ab" + "062878252" + "0123456789abcd" + "2a" + "00000007" + "1"),
			seqNum{kind: seqV1, created: 0x0623a1b2c, shard: 7, index: 42}},
		{"version 1, a shard past 16 bits", fromHex("2" + "0623a1b2c" + "0" + "ab" + "062878252" + "0123456789abcd" + "2a" + "7fff0123" + "1"),
			seqNum{kind: seqV1, created: 0x0623a1b2c, shard: 0x7fff0123, index: 42}},
		// "8 near end": "It encodes shardId--02147483648" in
		// GetShardIterator, accepted by PutRecord.
		{"8 near end", fromHex("20000000000000000000000000000000000000800000002"), seqNum{shard: -2147483648}},
		// The fake's ContinuationSequenceNumber: led by 1, as AWS's are.
		{"continuation", fromHex("10000000011000000000000000700000000001000000012"), seqNum{kind: seqResume, created: 1, shard: 1, index: 7, secs: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseSeqNum(tt.seq)
			require.True(t, ok)
			assert.Equal(t, tt.want, got)
			if got.kind == seqRecord || got.kind == seqResume {
				assert.Equal(t, tt.seq, tt.want.String())
			}
		})
	}
	assert.Equal(t, "shardId--02147483648", shardID(-2147483648), "AWS's spelling of the shard it decoded")
}

// TestSeqNumRefuses covers numbers AWS refuses as invalid ("... is
// invalid." in GetShardIterator and PutRecord, kinesalite's suite against
// production), and others no form covers.
func TestSeqNumRefuses(t *testing.T) {
	valid := awsSeq(2, 1737508922, 1, 1, 1737508922, 2)
	tests := map[string]string{
		// kinesalite's suite against production:
		"large date":         fromHex("13bb2cc3d80000000000000000000000"), // creation 16025175000
		"8 in index":         fromHex("20000000000800000000000000000000000000000000002"),
		"version 0":          fromHex("20000000000000000000000000000000000000000000000"),
		"version 3":          fromHex("20000000000000000000000000000000000000000000003"),
		"version 4":          fromHex("20000000000000000000000000000000000000000000004"),
		"initial 3":          fromHex("30000000000000000000000000000000000000000000001"),
		"initial 1 (date)":   fromHex("1ffffffffff7fffffffffffffff000000000007fffffff2"),
		"all f (date)":       fromHex("2ffffffffff7fffffffffffffff000000000007fffffff2"),
		"the last bad date":  awsSeq(2, 0xfffffffff, 0, 1, 0, 2),
		"the first bad date": awsSeq(2, seqDateLimit, 0, 1, 0, 2),
		// Outside every form:
		"2^128":           fromHex("100000000000000000000000000000000"),
		"2^184 - 1":       fromHex(strings.Repeat("f", 46)),
		"3 * 2^184":       fromHex("3" + strings.Repeat("0", 46)),
		"56 nines":        strings.Repeat("9", 56),
		"57 digits":       valid + "0",
		"empty":           "",
		"letter":          valid[:20] + "x" + valid[21:],
		"sign":            "-1",
		"not ascii":       valid[:54] + "é",
		"continuation v1": fromHex("10000000011000000000000000700000000001000000011"),
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			_, ok := parseSeqNum(in)
			assert.False(t, ok, in)
		})
	}
	_, ok := parseSeqNum(awsSeq(2, seqDateLimit-1, 0, seqMaxIndex, 0xfffffffff, 2))
	assert.True(t, ok, "the last good date and index")
}

// TestSeqNumFormatFollowsLayout formats numbers at the edges of every field
// and at random, against the layout spelled in hex, and parses them back.
func TestSeqNumFormatFollowsLayout(t *testing.T) {
	tests := []seqNum{
		{},
		{created: dpStart.Unix(), shard: 0, index: 1, secs: dpStart.Unix()},
		{created: 1, shard: 15, index: 123456789, secs: 7},
		{created: 2, shard: 16, index: 1 << 48, secs: 1 << 28},
		{created: seqDateLimit - 1, shard: 1<<31 - 1, index: seqMaxIndex, secs: 1<<36 - 1},
		{created: 3, shard: -2147483648, index: seqMaxIndex - 1, secs: seqTimeLimit - 1},
		{kind: seqResume, created: seqDateLimit - 1, shard: 1<<31 - 1, index: seqMaxIndex, secs: 1<<36 - 1},
		{kind: seqResume},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		n := seqNum{
			created: rng.Int64N(seqDateLimit),
			shard:   int(int32(rng.Uint32())),
			index:   rng.Uint64N(seqMaxIndex + 1),
			secs:    rng.Int64N(1 << 36),
		}
		if rng.IntN(2) == 0 {
			n.kind = seqResume
		}
		tests = append(tests, n)
	}
	for _, n := range tests {
		lead := 2
		if n.kind == seqResume {
			lead = 1
		}
		want := awsSeq(lead, n.created, uint32(n.shard), n.index, n.secs, 2)
		s := n.String()
		require.Equal(t, want, s, "%+v", n)
		require.Regexp(t, seqDigits, s)
		got, ok := parseSeqNum(s)
		require.True(t, ok, s)
		require.Equal(t, n, got)
	}
}

// TestDiv1e19 checks the division by reciprocal against the division
// instruction, at the edges and at random.
func TestDiv1e19(t *testing.T) {
	const d = 1e19
	edges := []uint64{0, 1, d - 1, d, d + 1, 1 << 63, ^uint64(0) - 1, ^uint64(0)}
	check := func(u1, u0 uint64) {
		wq, wr := bits.Div64(u1, u0, d)
		if q, r := div1e19(u1, u0); q != wq || r != wr {
			t.Fatalf("div1e19(%d, %d) = %d, %d, want %d, %d", u1, u0, q, r, wq, wr)
		}
	}
	for _, u1 := range []uint64{0, 1, d / 2, d - 2, d - 1} {
		for _, u0 := range edges {
			check(u1, u0)
		}
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 200000 {
		check(rng.Uint64N(d), rng.Uint64())
	}
}

// TestDigits8 checks the 8-digit spreading against plain division, over
// every 4-digit half and at random.
func TestDigits8(t *testing.T) {
	check := func(v uint64) {
		want := uint64(0)
		for i, x := 0, v; i < 8; i, x = i+1, x/10 {
			want |= x % 10 << (8 * i)
		}
		if got := digits8(v); got != want {
			t.Fatalf("digits8(%d) = %016x, want %016x", v, got, want)
		}
	}
	for v := range uint64(10000) {
		check(v)
		check(v * 10000)
		check(v*10000 + 9999 - v)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 100000 {
		check(rng.Uint64N(1e8))
	}
}

// TestSeqRunMatchesFormatting checks the additions GetRecords uses for
// consecutive numbers against formatting each number afresh: across
// decimal carries of every length, record seconds that stay, step by one
// and jump, and a clock set back (never seen within a shard, but safe).
func TestSeqRunMatchesFormatting(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	starts := []seqNum{
		{created: dpStart.Unix(), shard: 0, index: 0, secs: dpStart.Unix()},
		{created: 1, shard: 3, index: 99999999, secs: 0},
		{created: seqDateLimit - 1, shard: 1<<31 - 1, index: 1<<48 - 3, secs: seqTimeLimit - 5},
		{created: 7, shard: 12, index: 9999999999999999999 - 2, secs: 9999},
	}
	for range 50 {
		starts = append(starts, seqNum{created: rng.Int64N(seqDateLimit), shard: rng.IntN(1 << 31), index: rng.Uint64N(1 << 50), secs: rng.Int64N(seqTimeLimit / 2)})
	}
	for _, start := range starts {
		var run seqRun
		run.start(start)
		n := start
		for i := range 300 {
			var secs int64
			switch i % 7 {
			case 0, 1, 2:
				secs = n.secs
			case 3:
				secs = n.secs + 1
			case 4:
				secs = n.secs + rng.Int64N(1<<20)
			case 5:
				secs = n.secs + rng.Int64N(10)
			case 6:
				secs = max(n.secs-1, 0) // backwards
			}
			secs = min(secs, seqTimeLimit-1)
			run.next(secs)
			n.index++
			n.secs = secs
			require.Equal(t, n.String(), string(run.b[:]), "%+v", n)
		}
	}
}

// TestSeqSeconds checks the clock range numbers carry: whole seconds from
// 1970 until 2400, clamped outside it.
func TestSeqSeconds(t *testing.T) {
	tests := []struct {
		at   time.Time
		want int64
	}{
		{time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), 0},
		{time.UnixMilli(-1), 0},
		{time.Unix(0, 0), 0},
		{time.UnixMilli(1999), 1},
		{dpStart, dpStart.Unix()},
		{time.UnixMilli(9999999999999), 9999999999}, // past 2286
		{time.Date(2399, 12, 31, 23, 59, 59, 0, time.UTC), seqTimeLimit - 1},
		{time.Date(2400, 1, 1, 0, 0, 0, 0, time.UTC), seqTimeLimit - 1},
		{time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), seqTimeLimit - 1},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, seqSeconds(msOf(tt.at)), "%s", tt.at)
	}
	assert.Equal(t, int64(seqTimeLimit), time.Date(2400, 1, 1, 0, 0, 0, 0, time.UTC).Unix())
}

// TestSeqClock checks that creation seconds are never handed out twice and
// never go back, also at the ends of the range.
func TestSeqClock(t *testing.T) {
	var c seqClock
	ms := msOf(dpStart)
	assert.Equal(t, dpStart.Unix(), c.next(ms))
	assert.Equal(t, dpStart.Unix()+1, c.next(ms), "the same second again")
	assert.Equal(t, dpStart.Unix()+2, c.next(ms-3600000), "a clock set back")
	assert.Equal(t, dpStart.Unix()+3600, c.next(ms+3600000), "the clock's second when later")

	year3000 := msOf(time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC))
	assert.Equal(t, int64(seqTimeLimit-1), c.next(year3000), "clamped to the clock range")
	assert.Equal(t, int64(seqTimeLimit), c.next(year3000), "and beyond it, one by one")
	c.last = seqDateLimit - 2
	assert.Equal(t, int64(seqDateLimit-1), c.next(0))
	assert.Equal(t, int64(seqDateLimit-1), c.next(0), "AWS's last second is the last")

	var byHand *seqClock
	assert.Equal(t, dpStart.Unix(), byHand.next(ms))
	assert.Equal(t, int64(0), byHand.next(-1))
}

// TestSeqNumOrder checks the order of a shard's numbers and of its
// children's, as big integers.
func TestSeqNumOrder(t *testing.T) {
	parent := &shard{index: 15, seqCreated: dpStart.Unix()}
	child := &shard{index: 16, seqCreated: dpStart.Unix() + 1} // seqClock: a later second, whatever the clock
	start := seqNum{created: parent.seqCreated, shard: 15, secs: parent.seqCreated}
	end := seqNum{created: parent.seqCreated, shard: 15, index: seqMaxIndex, secs: parent.seqCreated}
	ordered := []seqNum{
		start,
		parent.recordSeq(1, msOf(dpStart)),
		parent.recordSeq(9, msOf(dpStart)+5000),
		parent.recordSeq(10, msOf(dpStart)+1000), // the index decides, not the seconds
		parent.recordSeq(1<<40, msOf(dpStart)),
		end,
		{created: child.seqCreated, shard: 16, secs: child.seqCreated}, // low digit 0 after the parent's f
		child.recordSeq(1, msOf(dpStart)),
	}
	for i := 1; i < len(ordered); i++ {
		a, b := ordered[i-1].String(), ordered[i].String()
		assert.True(t, seqLess(t, a, b), "%s < %s", a, b)
		assert.Less(t, a, b, "as strings too: all have 56 digits")
	}
	// A continuation is no record's number and sorts below them all, led
	// by 1 as AWS's are.
	resume := parent.resumeSeq(9).String()
	assert.True(t, seqLess(t, resume, start.String()))
	assert.Equal(t, uint64(10), must(parseSeqNum(resume)).at())
	assert.Equal(t, uint64(9), must(parseSeqNum(parent.recordSeq(9, 0).String())).at())
	assert.Equal(t, uint64(1), must(parseSeqNum(start.String())).at())
}

// must is v, failing when ok is false.
func must[T any](v T, ok bool) T {
	if !ok {
		panic("must")
	}
	return v
}

// TestSequenceNumbersFromPuts checks what producers see: 56 digits,
// strictly increasing within each shard, above the shard's
// StartingSequenceNumber and below its EndingSequenceNumber, and decodable
// to the shard that stored the record.
func TestSequenceNumbersFromPuts(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 3)
		last := map[string]string{}
		for i := range 300 {
			if i%40 == 0 {
				h.clk.Advance(time.Second + 7*time.Millisecond) // record seconds change within a page
			}
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
			assert.Equal(t, h.clk.Now().Unix(), n.secs, "the record's second")
			assert.Equal(t, dpStart.Unix(), n.created, "the shard's creation")
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
			// GetRecords numbers a page as the puts were numbered.
			for i, r := range recs {
				assert.Equal(t, sh.recordSeq(uint64(i+1), msOf(*r.ApproximateArrivalTimestamp)).String(), *r.SequenceNumber)
			}
		}
	})
}

// TestSequenceNumbersTellStreamsApart checks that every stream, and a
// stream deleted and created again under the same name in the same
// millisecond, has shards of other creation seconds, so that
// GetShardIterator can refuse another's numbers.
func TestSequenceNumbersTellStreamsApart(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 1)
		h.f.CreateStreamT(t, "other", 1)
		old := *h.put("s", "k", []byte("x")).SequenceNumber
		other := *h.put("other", "k", []byte("x")).SequenceNumber
		_, err := h.api.DeleteStream(h.ctx, deleteInput("s"))
		require.NoError(t, err)
		h.f.CreateStreamT(t, "s", 1)
		fresh := *h.put("s", "k", []byte("x")).SequenceNumber
		a, b, c := must(parseSeqNum(old)), must(parseSeqNum(other)), must(parseSeqNum(fresh))
		assert.Equal(t, a.index, c.index)
		assert.Equal(t, []int64{dpStart.Unix(), dpStart.Unix() + 1, dpStart.Unix() + 2}, []int64{a.created, b.created, c.created})
		for _, seq := range []string{old, other} {
			_, err = h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shard0),
				ShardIteratorType: types.ShardIteratorTypeAfterSequenceNumber, StartingSequenceNumber: aws.String(seq)})
			requireAWSError[*types.InvalidArgumentException](t, err, "GetShardIterator",
				"StartingSequenceNumber "+seq+" used in GetShardIterator on shard shardId-000000000000 in stream s under account 000000000000 is invalid because it did not come from this stream.")
		}

		// Reset keeps the creation seconds handed out: old numbers stay
		// another stream's.
		h.f.Reset()
		h.f.CreateStreamT(t, "s", 1)
		assert.Equal(t, dpStart.Unix()+3, must(parseSeqNum(*h.put("s", "k", []byte("x")).SequenceNumber)).created)
	})
}

// TestSequenceNumbersAcrossTheClockRange runs a stream's life on clocks
// before 1970, past 2286 (where the fake's earlier layout ran out of
// digits), past 2400 and past AWS's last creation second (2477): the
// fake's numbers stay 56 digits, ordered, children above parents, and
// GetShardIterator takes them all.
func TestSequenceNumbersAcrossTheClockRange(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, at := range []time.Time{
			time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC),
			time.UnixMilli(-1500),
			time.UnixMilli(9999999999999 + 1),
			time.Date(2400, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Date(2500, 1, 1, 0, 0, 0, 0, time.UTC),
		} {
			t.Run(at.Format(time.RFC3339), func(t *testing.T) {
				h := &dp{newHarnessAt(t, at, door)}
				h.f.CreateStreamT(t, "s", 1)
				var seqs []string
				for i := range 3 {
					seqs = append(seqs, *h.put("s", "k", []byte(fmt.Sprint(i))).SequenceNumber)
					h.clk.Advance(time.Second)
				}
				_, err := h.api.SplitShard(h.ctx, &kinesis.SplitShardInput{StreamName: aws.String("s"), ShardToSplit: aws.String(shard0),
					NewStartingHashKey: aws.String("170141183460469231731687303715884105728")})
				require.NoError(t, err)
				child := h.put("s", "k", []byte("child"))
				s := h.live("s")
				require.Len(t, s.shards, 3)
				parent := s.shards[0]
				chain := []string{s.startingSeq(parent), seqs[0], seqs[1], seqs[2], s.endingSeq(parent)}
				for _, c := range s.shards[1:] {
					chain := append(chain, s.startingSeq(c))
					if c.id == *child.ShardId {
						chain = append(chain, *child.SequenceNumber)
					}
					for i, seq := range chain {
						require.Regexp(t, seqDigits, seq)
						if i > 0 {
							assert.True(t, seqLess(t, chain[i-1], seq), "%s: %d: %s < %s", c.id, i, chain[i-1], seq)
						}
					}
				}
				for i, seq := range seqs {
					out := h.get(h.iter("s", shard0, types.ShardIteratorTypeAtSequenceNumber, atSeq(seq)), 1)
					assert.Equal(t, []string{fmt.Sprint(i)}, dataOf(out.Records))
					assert.Equal(t, seq, *out.Records[0].SequenceNumber)
				}
				out := h.get(h.iter("s", *child.ShardId, types.ShardIteratorTypeAtSequenceNumber, atSeq(*child.SequenceNumber)), 0)
				assert.Equal(t, []string{"child"}, dataOf(out.Records))
				_, err = h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shard0),
					ShardIteratorType: types.ShardIteratorTypeAfterSequenceNumber, StartingSequenceNumber: aws.String(s.endingSeq(parent))})
				requireAWSError[*types.InvalidArgumentException](t, err, "GetShardIterator",
					"Invalid SequenceNumber for ShardIteratorType AFTER_SEQUENCE_NUMBER, SequenceNumber has reached max possible value for the shard.")
			})
		}
	})
}

// assertContinuesAfter checks a ContinuationSequenceNumber against last,
// the number of the last record delivered before it (the shard's
// StartingSequenceNumber when none was): as on AWS it is not that number
// (it is led by 1 where records' are led by 2), and it decodes to the same
// shard and position.
func assertContinuesAfter(t testing.TB, cont *string, last string) {
	t.Helper()
	require.NotNil(t, cont)
	assert.NotEqual(t, last, *cont)
	assert.Regexp(t, seqDigits, *cont)
	c, ok := parseSeqNum(*cont)
	require.True(t, ok, *cont)
	l := must(parseSeqNum(last))
	assert.Equal(t, seqResume, c.kind)
	assert.Equal(t, []any{l.created, l.shard, l.index}, []any{c.created, c.shard, c.index}, "the same shard and position")
}

// TestContinuationResumesAfterTheLastRecord subscribes, reads the records
// there are, and resumes from the last event's ContinuationSequenceNumber
// with AFTER_SEQUENCE_NUMBER (as the KCL does), with AT_SEQUENCE_NUMBER,
// and through GetShardIterator: each time exactly the records put after
// the last one delivered, none lost, none repeated. The continuation is no
// record's number and encodes the subscribed shard.
func TestContinuationResumesAfterTheLastRecord(t *testing.T) {
	eachDoor(t, func(t *testing.T, h *harness) {
		_, app := efoFixture(h)
		h.putAt("s", lowKey, "a")
		h.clk.Advance(1500 * time.Millisecond)
		last := h.putAt("s", lowKey, "b")
		sub := h.subscribe(app, shardID(0), from(types.ShardIteratorTypeTrimHorizon))
		ev := sub.event()
		require.Equal(t, []string{"a", "b"}, dataOf(ev.Records))
		cont := aws.ToString(ev.ContinuationSequenceNumber)
		assertContinuesAfter(t, ev.ContinuationSequenceNumber, last)
		for _, r := range h.f.Records("s", shardID(0)) {
			assert.NotEqual(t, *r.SequenceNumber, cont)
		}
		h.putAt("s", lowKey, "c")
		h.putAt("s", lowKey, "d")
		for i, typ := range []types.ShardIteratorType{types.ShardIteratorTypeAfterSequenceNumber, types.ShardIteratorTypeAtSequenceNumber} {
			next := h.subscribe(h.consumer(h.f.streamARN("s"), fmt.Sprint("resume", i)), shardID(0), at(typ, cont))
			assert.Equal(t, []string{"c", "d"}, dataOf(next.event().Records), "%s", typ)
			it, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shardID(0)),
				ShardIteratorType: typ, StartingSequenceNumber: &cont})
			require.NoError(t, err)
			out, err := h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
			require.NoError(t, err)
			assert.Equal(t, []string{"c", "d"}, dataOf(out.Records), "%s", typ)
		}
		// On another shard it is refused as AWS refuses another shard's
		// number.
		_, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shardID(1)),
			ShardIteratorType: types.ShardIteratorTypeAfterSequenceNumber, StartingSequenceNumber: &cont})
		assert.ErrorContains(t, err, "Invalid StartingSequenceNumber. It encodes shardId-000000000000, while it was used in a call to a shard with shardId-000000000001")
	})
}

// startingSeq is a shard's StartingSequenceNumber, as DescribeStream shows
// it (startSeqNum), for tests that build numbers around it.
func (s *stream) startingSeq(sh *shard) string { return startSeqNum(sh).String() }

// endingSeq is a closed shard's EndingSequenceNumber (endSeqNum).
func (s *stream) endingSeq(sh *shard) string { return endSeqNum(sh).String() }
