package kinesisfake

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// The fuzz targets feed arbitrary text to the two places where callers hand
// the engine opaque strings it must parse: shard iterators and sequence
// numbers. `go test` runs them over their seeds only; run
// `go test -fuzz FuzzIteratorToken` (or FuzzSequenceNumber) to explore.

// iteratorErrorCodes are the answers GetRecords may give to a string that is
// not a usable iterator: malformed or forged, too old, of a stream that is
// gone, or refused by the model's length constraint.
var iteratorErrorCodes = map[string]bool{
	"InvalidArgumentException":  true,
	"ExpiredIteratorException":  true,
	"ResourceNotFoundException": true,
	"ValidationException":       true,
}

// FuzzIteratorToken checks that GetRecords never panics on any iterator
// string and refuses every unusable one with an AWS exception. The seeds
// include real iterators that are valid, expired and of a deleted stream, so
// mutations start from each kind.
func FuzzIteratorToken(f *testing.F) {
	h := newDP(f)
	h.f.CreateStreamT(f, "s", 2)
	h.f.CreateStreamT(f, "gone", 1)
	for _, k := range []string{"a", "b", "c"} {
		h.put("s", k, []byte(k))
	}
	expired := *h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon)
	h.clk.Advance(iteratorLifetime + time.Millisecond)
	valid := *h.iter("s", shard1, types.ShardIteratorTypeTrimHorizon)
	next := *h.get(&valid, 1).NextShardIterator
	ofGone := *h.iter("gone", shard0, types.ShardIteratorTypeLatest)
	if _, err := h.f.DeleteStream(h.ctx, deleteInput("gone")); err != nil {
		f.Fatal(err)
	}

	for _, seed := range []string{
		valid, next, expired, ofGone,
		valid[:len(valid)-2] + "==",
		valid[:40] + "\n" + valid[40:], // base64 decoding skips newlines
		strings.ToLower(valid),
		"AAAAAAAAAAE=", "AAAAAAAAAAEAAAAAAAAAAQ==",
		"garbage", "!", "=", "====", "", strings.Repeat("A", 700),
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, token string) {
		out, err := h.f.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String(token)})
		if err != nil {
			if code := errCode(err); !iteratorErrorCodes[code] {
				t.Fatalf("iterator %q: unexpected error %v", token, err)
			}
			return
		}
		if out.NextShardIterator == nil && len(out.ChildShards) == 0 {
			t.Fatalf("iterator %q: neither a next iterator nor child shards", token)
		}
		if out.MillisBehindLatest == nil {
			t.Fatalf("iterator %q: no MillisBehindLatest", token)
		}
	})
}

// FuzzSequenceNumber checks that GetShardIterator never panics on any
// StartingSequenceNumber and answers with an AWS exception or an iterator
// that GetRecords accepts.
func FuzzSequenceNumber(f *testing.F) {
	h := newDP(f)
	h.f.CreateStreamT(f, "s", 2)
	h.f.CreateStreamT(f, "closed", 1)
	var seeds []string
	for _, k := range []string{"a", "b", "c", "d"} {
		seeds = append(seeds, *h.put("s", k, []byte(k)).SequenceNumber)
	}
	parent, _ := h.splitByHand("closed")
	s, c := h.live("s"), h.live("closed")
	seeds = append(seeds,
		s.startingSeq(s.shards[0]), s.startingSeq(s.shards[1]),
		c.startingSeq(parent), c.endingSeq(parent),
		s.shards[0].recordSeq(seqMaxIndex-1, 0).String(),
		s.shards[0].recordSeq(1<<40, 0).String(),
		s.shards[0].resumeSeq(seqMaxIndex).String(),
		"0", "1", "5", "-1", "49", strings.Repeat("9", 56), strings.Repeat("0", 56), strings.Repeat("9", 200),
		"49590338271490256608559692538361571095921575989136588898", "abc", "", " 1",
		// kinesalite's suite against production (test/getShardIterator.js):
		fromHex("13bb2cc3d80000000000000000000000"),
		fromHex("20000000000800000000000000000000000000000000002"),
		fromHex("20000000000000000000000000000000000000800000002"),
	)
	for _, seed := range seeds {
		for _, stream := range []string{"s", "closed"} {
			f.Add(seed, stream, false)
			f.Add(seed, stream, true)
		}
	}
	f.Fuzz(func(t *testing.T, seq, stream string, after bool) {
		typ := types.ShardIteratorTypeAtSequenceNumber
		if after {
			typ = types.ShardIteratorTypeAfterSequenceNumber
		}
		out, err := h.f.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String(stream), ShardId: aws.String(shard0),
			ShardIteratorType: typ, StartingSequenceNumber: aws.String(seq)})
		if err != nil {
			if errCode(err) == "" {
				t.Fatalf("%s %q on %q: not an AWS exception: %v", typ, seq, stream, err)
			}
			return
		}
		if _, err := h.f.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: out.ShardIterator}); err != nil {
			t.Fatalf("%s %q on %q: iterator refused: %v", typ, seq, stream, err)
		}
	})
}
