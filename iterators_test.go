package kinesisfake

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const shard0, shard1 = "shardId-000000000000", "shardId-000000000001"

// threeRecords makes a one-shard stream "s" holding r0, r1 and r2, put one
// second apart from dpStart, and moves the clock one more second on. It
// returns the records' sequence numbers.
func threeRecords(t *testing.T, door testDoor) (*dp, []string) {
	h := newDPOn(t, door)
	h.f.CreateStreamT(t, "s", 1)
	var seqs []string
	for i, d := range []string{"r0", "r1", "r2"} {
		if i > 0 {
			h.clk.Advance(time.Second)
		}
		seqs = append(seqs, *h.put("s", "k", []byte(d)).SequenceNumber)
	}
	h.clk.Advance(time.Second)
	return h, seqs
}

// TestIteratorTypes checks where each of the five iterator types starts,
// and that every iterator then goes on to records put after it was issued.
func TestIteratorTypes(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		type edit = func(*kinesis.GetShardIteratorInput)
		tests := []struct {
			name string
			typ  types.ShardIteratorType
			edit func(seqs []string, start string) edit
			want []string
		}{
			{"TRIM_HORIZON", types.ShardIteratorTypeTrimHorizon, nil, []string{"r0", "r1", "r2"}},
			{"LATEST", types.ShardIteratorTypeLatest, nil, []string{}},
			{"AT_SEQUENCE_NUMBER", types.ShardIteratorTypeAtSequenceNumber,
				func(s []string, _ string) edit { return atSeq(s[1]) }, []string{"r1", "r2"}},
			{"AT_SEQUENCE_NUMBER first", types.ShardIteratorTypeAtSequenceNumber,
				func(s []string, _ string) edit { return atSeq(s[0]) }, []string{"r0", "r1", "r2"}},
			{"AT_SEQUENCE_NUMBER shard start", types.ShardIteratorTypeAtSequenceNumber,
				func(_ []string, start string) edit { return atSeq(start) }, []string{"r0", "r1", "r2"}},
			{"AFTER_SEQUENCE_NUMBER", types.ShardIteratorTypeAfterSequenceNumber,
				func(s []string, _ string) edit { return atSeq(s[1]) }, []string{"r2"}},
			{"AFTER_SEQUENCE_NUMBER last", types.ShardIteratorTypeAfterSequenceNumber,
				func(s []string, _ string) edit { return atSeq(s[2]) }, []string{}},
			{"AFTER_SEQUENCE_NUMBER shard start", types.ShardIteratorTypeAfterSequenceNumber,
				func(_ []string, start string) edit { return atSeq(start) }, []string{"r0", "r1", "r2"}},
			{"AT_TIMESTAMP exact arrival", types.ShardIteratorTypeAtTimestamp,
				func([]string, string) edit { return atTime(dpStart.Add(time.Second)) }, []string{"r1", "r2"}},
			{"AT_TIMESTAMP 1 ms before arrival", types.ShardIteratorTypeAtTimestamp,
				func([]string, string) edit { return atTime(dpStart.Add(time.Second - time.Millisecond)) }, []string{"r1", "r2"}},
			{"AT_TIMESTAMP within the arrival ms", types.ShardIteratorTypeAtTimestamp,
				func([]string, string) edit { return atTime(dpStart.Add(time.Second + 999*time.Microsecond)) }, []string{"r1", "r2"}},
			{"AT_TIMESTAMP 1 ms after arrival", types.ShardIteratorTypeAtTimestamp,
				func([]string, string) edit { return atTime(dpStart.Add(time.Second + time.Millisecond)) }, []string{"r2"}},
			{"AT_TIMESTAMP before the trim horizon", types.ShardIteratorTypeAtTimestamp,
				func([]string, string) edit { return atTime(dpStart.Add(-48 * time.Hour)) }, []string{"r0", "r1", "r2"}},
			{"AT_TIMESTAMP now", types.ShardIteratorTypeAtTimestamp,
				func([]string, string) edit { return atTime(dpStart.Add(3 * time.Second)) }, []string{}},
			{"AT_TIMESTAMP now in another zone", types.ShardIteratorTypeAtTimestamp,
				func([]string, string) edit { return atTime(dpStart.Add(3 * time.Second).In(time.FixedZone("X", 3600))) }, []string{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h, seqs := threeRecords(t, door)
				var edits []func(*kinesis.GetShardIteratorInput)
				if tt.edit != nil {
					s := h.live("s")
					edits = append(edits, tt.edit(seqs, s.startingSeq(s.shards[0])))
				}
				it := h.iter("s", shard0, tt.typ, edits...)
				out := h.get(it, 0)
				assert.Equal(t, tt.want, dataOf(out.Records))
				require.NotNil(t, out.NextShardIterator)

				h.put("s", "k", []byte("later"))
				assert.Equal(t, []string{"later"}, dataOf(h.get(out.NextShardIterator, 0).Records))
			})
		}
	})
}

// TestAtTimestampErrors checks AT_TIMESTAMP's two failures with AWS's
// texts: no Timestamp, and a Timestamp after the clock's now (compared in
// whole milliseconds, so a time within the current millisecond is fine).
func TestAtTimestampErrors(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 1)
		_, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shard0), ShardIteratorType: types.ShardIteratorTypeAtTimestamp})
		requireAWSError[*types.InvalidArgumentException](t, err, "GetShardIterator",
			"Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.")

		h.clk.Advance(484 * time.Millisecond)
		h.iter("s", shard0, types.ShardIteratorTypeAtTimestamp, atTime(dpStart.Add(484*time.Millisecond+999*time.Microsecond)))
		_, err = h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shard0),
			ShardIteratorType: types.ShardIteratorTypeAtTimestamp, Timestamp: aws.Time(dpStart.Add(time.Hour))})
		requireAWSError[*types.InvalidArgumentException](t, err, "GetShardIterator",
			"The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: 1737512522000, currentTimestampInMillis: 1737508922484")
		_, err = h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shard0),
			ShardIteratorType: types.ShardIteratorTypeAtTimestamp, Timestamp: aws.Time(dpStart.Add(485 * time.Millisecond))})
		requireAWSError[*types.InvalidArgumentException](t, err, "GetShardIterator",
			"The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: 1737508922485, currentTimestampInMillis: 1737508922484")
	})
}

// TestAtTimestampAfterTrim checks that a timestamp older than the trim
// horizon starts at the oldest retained record once older ones are gone.
func TestAtTimestampAfterTrim(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 1)
		h.put("s", "k", []byte("old"))
		h.clk.Advance(12 * time.Hour)
		h.put("s", "k", []byte("kept"))
		h.clk.Advance(12*time.Hour + time.Millisecond) // "old" is now 24 h + 1 ms old
		for _, ts := range []time.Time{dpStart.Add(-time.Hour), dpStart, dpStart.Add(12 * time.Hour)} {
			it := h.iter("s", shard0, types.ShardIteratorTypeAtTimestamp, atTime(ts))
			assert.Equal(t, []string{"kept"}, dataOf(h.get(it, 0).Records), "at %v", ts)
		}
	})
}

// TestIteratorTypeNeedsMatchingSequenceNumber checks both variants of the
// "Must either specify" text.
func TestIteratorTypeNeedsMatchingSequenceNumber(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		const rule = "Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. "
		h, seqs := threeRecords(t, door)
		tests := []struct {
			typ  types.ShardIteratorType
			seq  *string
			want string
		}{
			{types.ShardIteratorTypeAtSequenceNumber, nil, "Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber."},
			{types.ShardIteratorTypeAfterSequenceNumber, nil, "Request specified AFTER_SEQUENCE_NUMBER and no StartingSequenceNumber."},
			{types.ShardIteratorTypeTrimHorizon, &seqs[0], "Request specified TRIM_HORIZON and also a StartingSequenceNumber."},
			{types.ShardIteratorTypeLatest, &seqs[0], "Request specified LATEST and also a StartingSequenceNumber."},
		}
		for _, tt := range tests {
			t.Run(string(tt.typ), func(t *testing.T) {
				_, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shard0),
					ShardIteratorType: tt.typ, StartingSequenceNumber: tt.seq})
				requireAWSError[*types.InvalidArgumentException](t, err, "GetShardIterator", rule+tt.want)
			})
		}
	})
}

// TestStartingSequenceNumberChecks checks that a number is refused when it
// belongs to another shard, another stream, or is not one AWS decodes, each
// with AWS's text, in AWS's order (kinesalite's suite against production,
// test/getShardIterator.js, for the numbers it sent).
func TestStartingSequenceNumberChecks(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 2)
		h.f.CreateStreamT(t, "other", 2)
		onShard0 := *h.put("s", "a", []byte("x")).SequenceNumber
		require.Equal(t, shard0, *h.put("s", "a", []byte("x")).ShardId)
		fromOther := *h.put("other", "a", []byte("x")).SequenceNumber
		notThisStream := func(seq, shard string) string {
			return "StartingSequenceNumber " + seq + " used in GetShardIterator on shard " + shard +
				" in stream s under account 000000000000 is invalid because it did not come from this stream."
		}
		invalid := func(seq, shard string) string {
			return "StartingSequenceNumber " + seq + " used in GetShardIterator on shard " + shard +
				" in stream s under account 000000000000 is invalid."
		}
		encodes := func(encoded, shard string) string {
			return "Invalid StartingSequenceNumber. It encodes " + encoded + ", while it was used in a call to a shard with " + shard
		}
		largeDate := "26227199374822427428162556223570313216" // hex 13bb2cc3d8 and 22 zeros
		eightInIndex := fromHex("20000000000800000000000000000000000000000000002")
		eightNearEnd := fromHex("20000000000000000000000000000000000000800000002")
		version1 := fromHex("20000000000000000000000000000000000000000000001")
		// A version-1 number naming shard 0 of s, created when it was: of
		// another layout all the same, so not of this stream.
		created, ok := parseSeqNum(onShard0)
		require.True(t, ok)
		version1Here := fromHex(fmt.Sprintf("2%09x0%035x1", created.created, 0))

		tests := []struct {
			name  string
			shard string
			seq   string
			want  string
		}{
			{"other shard", shard1, onShard0, encodes(shard0, shard1)},
			{"other stream", shard0, fromOther, notThisStream(fromOther, shard0)},
			// AWS:
			{"5", shard0, "5", encodes("shardId-000000000005", shard0)},
			{"large date", shard0, largeDate, invalid(largeDate, shard0)},
			{"8 in index", shard0, eightInIndex, invalid(eightInIndex, shard0)},
			{"8 near end", shard0, eightNearEnd, encodes("shardId--02147483648", shard0)},
			// Decoded as AWS decodes them:
			{"short", shard0, "12345", encodes("shardId-000000012345", shard0)},
			{"version 1", shard0, version1, notThisStream(version1, shard0)},
			{"version 1 of this shard", shard0, version1Here, notThisStream(version1Here, shard0)},
			{"56 nines", shard0, strings.Repeat("9", 56), invalid(strings.Repeat("9", 56), shard0)},
			{"57 digits", shard0, onShard0 + "1", invalid(onShard0+"1", shard0)},
			{"shard 6's", shard1, "49590338271490256608559692538361571095921575989136588898",
				encodes("shardId-000000000006", shard1)},
		}
		for _, tt := range tests {
			for _, typ := range []types.ShardIteratorType{types.ShardIteratorTypeAtSequenceNumber, types.ShardIteratorTypeAfterSequenceNumber} {
				t.Run(tt.name+"/"+string(typ), func(t *testing.T) {
					_, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(tt.shard),
						ShardIteratorType: typ, StartingSequenceNumber: aws.String(tt.seq)})
					requireAWSError[*types.InvalidArgumentException](t, err, "GetShardIterator", tt.want)
				})
			}
		}

		// "0" (and any number of AWS's oldest form for this shard, as 65536 is):
		// a bare 500 {"__type":"InternalFailure"}, as the fault
		// ErrInternalFailure is.
		for _, seq := range []string{"0", "65536"} {
			_, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shard0),
				ShardIteratorType: types.ShardIteratorTypeAtSequenceNumber, StartingSequenceNumber: aws.String(seq)})
			var generic *smithy.GenericAPIError
			require.ErrorAs(t, err, &generic, seq)
			assert.Equal(t, "InternalFailure", generic.Code)
			assert.Equal(t, "UnknownError", generic.Message, "no message")
			var resp *awshttp.ResponseError
			require.ErrorAs(t, err, &resp)
			assert.Equal(t, 500, resp.HTTPStatusCode())
		}
	})
}

// TestStartingSequenceNumberOfRecreatedStream checks that a number from a
// deleted stream is refused by a new stream of the same name.
func TestStartingSequenceNumberOfRecreatedStream(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 1)
		old := *h.put("s", "k", []byte("x")).SequenceNumber
		_, err := h.api.DeleteStream(h.ctx, deleteInput("s"))
		require.NoError(t, err)
		h.f.CreateStreamT(t, "s", 1)
		h.put("s", "k", []byte("x"))
		_, err = h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shard0),
			ShardIteratorType: types.ShardIteratorTypeAtSequenceNumber, StartingSequenceNumber: aws.String(old)})
		requireAWSError[*types.InvalidArgumentException](t, err, "GetShardIterator",
			"StartingSequenceNumber "+old+" used in GetShardIterator on shard shardId-000000000000 in stream s under account 000000000000 is invalid because it did not come from this stream.")
	})
}

// TestClosedShardIterators checks iterators on a shard closed by a split:
// they are still given, reading ends with the children instead of a next
// iterator, and AFTER_SEQUENCE_NUMBER refuses the EndingSequenceNumber.
func TestClosedShardIterators(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 1)
		h.put("s", "k", []byte("before"))
		parent, children := h.splitByHand("s")
		s := h.live("s")
		end := s.endingSeq(parent)

		_, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shard0),
			ShardIteratorType: types.ShardIteratorTypeAfterSequenceNumber, StartingSequenceNumber: aws.String(end)})
		requireAWSError[*types.InvalidArgumentException](t, err, "GetShardIterator",
			"Invalid SequenceNumber for ShardIteratorType AFTER_SEQUENCE_NUMBER, SequenceNumber has reached max possible value for the shard.")

		wantChildren := []types.ChildShard{
			{ShardId: aws.String(children[0].id), ParentShards: []string{shard0}, HashKeyRange: &types.HashKeyRange{
				StartingHashKey: aws.String("0"), EndingHashKey: aws.String("170141183460469231731687303715884105727")}},
			{ShardId: aws.String(children[1].id), ParentShards: []string{shard0}, HashKeyRange: &types.HashKeyRange{
				StartingHashKey: aws.String("170141183460469231731687303715884105728"), EndingHashKey: aws.String(maxHashKeyDec)}},
		}
		tests := []struct {
			name string
			typ  types.ShardIteratorType
			edit []func(*kinesis.GetShardIteratorInput)
			want []string
		}{
			{"TRIM_HORIZON", types.ShardIteratorTypeTrimHorizon, nil, []string{"before"}},
			{"LATEST", types.ShardIteratorTypeLatest, nil, []string{}},
			{"AT ending number", types.ShardIteratorTypeAtSequenceNumber, []func(*kinesis.GetShardIteratorInput){atSeq(end)}, []string{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				out := h.get(h.iter("s", shard0, tt.typ, tt.edit...), 0)
				assert.Equal(t, tt.want, dataOf(out.Records))
				assert.Nil(t, out.NextShardIterator, "the end of a closed shard has no next iterator")
				assert.Empty(t, cmp.Diff(wantChildren, out.ChildShards, sdkCmp))
			})
		}

		// New records go to the children.
		assert.Equal(t, children[1].id, *h.put("s", "b", []byte("after")).ShardId)
	})
}

// TestShardLookup checks how GetShardIterator finds a shard: ids are read
// leniently, and a shard or stream that is missing, CREATING or deleted
// gives AWS's texts.
func TestShardLookup(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door, WithStateDelays(StateDelays{Create: time.Minute}))
		h.f.CreateStreamT(t, "s", 2)
		h.f.CreateStreamT(t, "dropped", 1)
		h.clk.Advance(time.Minute)
		createStream(t, h.f, "creating", 1)
		_, err := h.api.DeleteStream(h.ctx, deleteInput("dropped"))
		require.NoError(t, err)
		h.put("s", "b", []byte("on shard 1"))

		notExist := func(shard, stream string) string {
			return "Shard " + shard + " in stream " + stream + " under account 000000000000 does not exist"
		}
		couldNotFind := func(shard, stream string) string {
			return "Could not find shard " + shard + " in stream " + stream + " under account 000000000000."
		}
		tests := []struct {
			stream, shard string
			want          string // "" when the iterator is given
		}{
			{"s", shard1, ""},
			{"s", "shardId-1", ""},
			{"s", "shardId-00000000000000000001", ""},
			{"s", "shardId-000000000009", notExist("shardId-000000000009", "s")},
			{"s", "shardId-9", notExist("shardId-000000000009", "s")},
			{"s", "foo", couldNotFind("foo", "s")},
			{"s", "shardId-", couldNotFind("shardId-", "s")},
			{"s", "shardId--1", couldNotFind("shardId--1", "s")},
			{"s", "shardId-x1", couldNotFind("shardId-x1", "s")},
			{"missing", shard0, notExist(shard0, "missing")},
			{"missing", "shardId-7", notExist("shardId-000000000007", "missing")},
			{"missing", "foo", couldNotFind("foo", "missing")},
			{"creating", shard0, notExist(shard0, "creating")},
			{"dropped", shard0, notExist(shard0, "dropped")},
		}
		for _, tt := range tests {
			t.Run(tt.stream+"/"+tt.shard, func(t *testing.T) {
				out, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String(tt.stream), ShardId: aws.String(tt.shard),
					ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
				if tt.want == "" {
					require.NoError(t, err)
					assert.Equal(t, []string{"on shard 1"}, dataOf(h.get(out.ShardIterator, 0).Records))
					return
				}
				requireAWSError[*types.ResourceNotFoundException](t, err, "GetShardIterator", tt.want)
			})
		}
	})
}

// TestGetShardIteratorByARNAndDryRun checks naming the stream by ARN, and
// that DryRun answers DryRunOperationException after the other checks.
func TestGetShardIteratorByARNAndDryRun(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		arn := h.f.CreateStreamT(t, "s", 1)
		h.put("s", "k", []byte("x"))
		out, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamARN: aws.String(arn), ShardId: aws.String(shard0),
			ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		require.NoError(t, err)
		assert.Equal(t, []string{"x"}, dataOf(h.get(out.ShardIterator, 0).Records))

		_, err = h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamARN: aws.String(arn), ShardId: aws.String(shard0),
			ShardIteratorType: types.ShardIteratorTypeTrimHorizon, DryRun: aws.Bool(true)})
		requireAWSError[*types.DryRunOperationException](t, err, "GetShardIterator", "Request would have succeeded, but DryRun flag is set.")
		_, err = h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamARN: aws.String(arn), ShardId: aws.String("shardId-5"),
			ShardIteratorType: types.ShardIteratorTypeTrimHorizon, DryRun: aws.Bool(true)})
		requireAWSError[*types.ResourceNotFoundException](t, err, "GetShardIterator", "Shard shardId-000000000005 in stream s under account 000000000000 does not exist")
	})
}

// TestIteratorTokenShape checks what is visible of an iterator: base64 of
// at least the fixed layout, starting with the bytes real iterators start
// with, and different for each call.
func TestIteratorTokenShape(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h, _ := threeRecords(t, door)
		a := *h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon)
		b := *h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon)
		assert.NotEqual(t, a, b)
		assert.True(t, strings.HasPrefix(a, "AAAAAAAAAAE"), a) // 00 00 00 00 00 00 00 01
		tok, err := h.f.tokens.decode(a)
		require.NoError(t, err)
		assert.Equal(t, "s", tok.streamName)
		assert.Equal(t, uint64(1), tok.offset)
		assert.Equal(t, h.nowMs(), tok.issuedMs)

		// Real iterators decode to 152 + 16k bytes (kinesalite's suite, run
		// against production, checks every one), for every stream name length
		// up to the longest, and stay within the model's 512 characters.
		for _, n := range []int{1, 16, 83, 84, 128} {
			name := strings.Repeat("n", n)
			text := h.f.tokens.encode(iteratorToken{streamName: name})
			raw, err := base64.StdEncoding.DecodeString(text)
			require.NoError(t, err)
			assert.Zero(t, (len(raw)-152)%16, "name of %d: %d bytes", n, len(raw))
			assert.GreaterOrEqual(t, len(raw), 152)
			assert.LessOrEqual(t, len(text), 512)
			back, err := h.f.tokens.decode(text)
			require.NoError(t, err)
			assert.Equal(t, name, back.streamName)
		}
	})
}

// TestQuotedIterator: an iterator wrapped in double quotes, as shells and
// the AWS CLI pass it, is accepted (LocalStack's AWS-validated tests, its PR
// #9884: "both the CLI and AWS allow this").
func TestQuotedIterator(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h, _ := threeRecords(t, door)
		it := *h.iter("s", shard0, types.ShardIteratorTypeTrimHorizon)
		out := h.get(aws.String(`"`+it+`"`), 10)
		assert.Len(t, out.Records, 3)
	})
}

// TestIteratorTokenCosts guards the token codec's cost: encoding allocates
// only the token string, decoding only the stream name.
func TestIteratorTokenCosts(t *testing.T) {
	signer := newTokenSigner(DefaultAccountID, DefaultRegion)
	tok := iteratorToken{serial: 7, stream: streamTag{createdMs: dpStart.UnixMilli(), serial: 2}, shard: 3, offset: 99, issuedMs: dpStart.UnixMilli(), streamName: strings.Repeat("n", 128)}
	text := signer.encode(tok)
	got, err := signer.decode(text)
	require.NoError(t, err)
	assert.Equal(t, tok, got)
	assert.Equal(t, 1.0, testing.AllocsPerRun(100, func() { _ = signer.encode(tok) }))
	assert.Equal(t, 1.0, testing.AllocsPerRun(100, func() { _, _ = signer.decode(text) }))
}
