package kinesisfake

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const mib = 1 << 20

// TestPutRecordOutput checks a PutRecord response field by field, naming
// the stream by name and by ARN.
func TestPutRecordOutput(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		arn := h.f.CreateStreamT(t, "s", 1)
		tests := []struct {
			name string
			in   kinesis.PutRecordInput
		}{
			{"by name", kinesis.PutRecordInput{StreamName: aws.String("s")}},
			{"by ARN", kinesis.PutRecordInput{StreamARN: aws.String(arn)}},
			{"by both", kinesis.PutRecordInput{StreamName: aws.String("s"), StreamARN: aws.String(arn)}},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := tt.in
				in.PartitionKey, in.Data = aws.String("k"), []byte("x")
				out, err := h.api.PutRecord(h.ctx, &in)
				require.NoError(t, err)
				want := &kinesis.PutRecordOutput{
					ShardId: aws.String("shardId-000000000000"),
					// AWS's layout: the shard's creation and the record's
					// second (both the clock's), index i+1, shard 0.
					SequenceNumber: aws.String(awsSeq(2, dpStart.Unix(), 0, uint64(i+1), dpStart.Unix(), 2)),
					// No EncryptionType on an unencrypted stream: kinesalite's
					// suite, run against production, matches the body exactly.
				}
				assert.Empty(t, cmp.Diff(want, out, sdkCmp))
			})
		}
	})
}

// TestPutRecordsResultsInInputOrder checks that each entry's result sits at
// the entry's index, names the shard its key routes to, and that the
// records stored per shard are those entries in input order with those
// numbers.
func TestPutRecordsResultsInInputOrder(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 3)
		keys := []string{"a", "b", "e", "f", "a", "e"}
		wantShards := []int{0, 1, 2, 1, 0, 2}
		var entries []types.PutRecordsRequestEntry
		for i, k := range keys {
			entries = append(entries, types.PutRecordsRequestEntry{PartitionKey: aws.String(k), Data: []byte(fmt.Sprint(i))})
		}
		out, err := h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: entries})
		require.NoError(t, err)
		require.NotNil(t, out.FailedRecordCount)
		assert.Equal(t, int32(0), *out.FailedRecordCount)
		assert.Empty(t, out.EncryptionType, "absent on an unencrypted stream (kinesalite's suite against production)")
		require.Len(t, out.Records, len(keys))

		perShard := map[string][]types.PutRecordsResultEntry{}
		offsets := map[int]uint64{}
		for i, r := range out.Records {
			offsets[wantShards[i]]++
			want := types.PutRecordsResultEntry{
				ShardId:        aws.String(shardID(wantShards[i])),
				SequenceNumber: aws.String(awsSeq(2, dpStart.Unix(), uint32(wantShards[i]), offsets[wantShards[i]], dpStart.Unix(), 2)),
			}
			assert.Empty(t, cmp.Diff(want, r, sdkCmp), "entry %d", i)
			perShard[*r.ShardId] = append(perShard[*r.ShardId], r)
		}
		for shard, results := range perShard {
			stored := h.f.Records("s", shard)
			require.Len(t, stored, len(results), shard)
			for i, rec := range stored {
				assert.Equal(t, *results[i].SequenceNumber, *rec.SequenceNumber)
			}
		}
		assert.Equal(t, []string{"0", "4"}, dataOf(h.f.Records("s", "shardId-000000000000")))
		assert.Equal(t, []string{"1", "3"}, dataOf(h.f.Records("s", "shardId-000000000001")))
		assert.Equal(t, []string{"2", "5"}, dataOf(h.f.Records("s", "shardId-000000000002")))
	})
}

// TestPutRecordsTotalSize checks the 5 MiB cap on a whole request, which
// counts partition keys as well as data, at and just past the limit.
func TestPutRecordsTotalSize(t *testing.T) {
	forDoorsIn(t, bulkDoors, func(t *testing.T, door testDoor) {
		// Five entries of 1 MiB - 1 byte of data and a 1-byte key: exactly 5 MiB.
		atLimit := func() []types.PutRecordsRequestEntry {
			var e []types.PutRecordsRequestEntry
			for range 5 {
				e = append(e, types.PutRecordsRequestEntry{PartitionKey: aws.String("k"), Data: make([]byte, mib-1)})
			}
			return e
		}
		tests := []struct {
			name    string
			entries func() []types.PutRecordsRequestEntry
			ok      bool
		}{
			{"exactly 5 MiB", atLimit, true},
			{"one byte of data over", func() []types.PutRecordsRequestEntry {
				e := atLimit()
				e[4].Data = make([]byte, mib)
				return e
			}, false},
			{"one byte of key over", func() []types.PutRecordsRequestEntry {
				e := atLimit()
				e[0].PartitionKey = aws.String("kk")
				return e
			}, false},
			{"six full records", func() []types.PutRecordsRequestEntry {
				return append(atLimit(), types.PutRecordsRequestEntry{PartitionKey: aws.String("k"), Data: []byte("x")})
			}, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := newDPOn(t, door)
				h.f.CreateStreamT(t, "s", 1)
				out, err := h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: tt.entries()})
				if tt.ok {
					require.NoError(t, err)
					assert.Len(t, out.Records, 5)
					assert.Len(t, h.f.Records("s", "shardId-000000000000"), 5)
					return
				}
				requireAWSError[*types.InvalidArgumentException](t, err, "PutRecords", "Records size exceeds 5 MB limit")
				assert.Empty(t, h.f.Records("s", "shardId-000000000000"), "a refused request stores nothing")
			})
		}
	})
}

// TestPutRecordTooLarge checks the per-record data limit of 1 MiB and the
// 1-based path PutRecords names in its ValidationException.
func TestPutRecordTooLarge(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 1)
		_, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: make([]byte, mib)})
		require.NoError(t, err, "exactly 1 MiB is allowed")

		violation := func(path string) string {
			return "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=1048577 cap=1048577]' at '" + path +
				"' failed to satisfy constraint: Member must have length less than or equal to 1048576"
		}
		_, err = h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: make([]byte, mib+1)})
		requireAWSError[*types.ValidationException](t, err, "PutRecord", violation("data"))

		_, err = h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: []types.PutRecordsRequestEntry{
			{PartitionKey: aws.String("k"), Data: []byte("fine")},
			{PartitionKey: aws.String("k"), Data: make([]byte, mib+1)},
		}})
		requireAWSError[*types.ValidationException](t, err, "PutRecords", violation("records.2.member.data"))
		assert.Len(t, h.f.Records("s", "shardId-000000000000"), 1, "only the 1 MiB PutRecord was stored")
	})
}

// TestSequenceNumberForOrdering checks that any number AWS's layout
// decodes is accepted without changing how records are numbered (the same
// puts without it give the same numbers), and that the numbers AWS refused
// in kinesalite's suite against production (test/putRecord.js) fail with
// AWS's text.
func TestSequenceNumberForOrdering(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		with, without := newDPOn(t, door), newDPOn(t, door)
		with.f.CreateStreamT(t, "s", 2)
		without.f.CreateStreamT(t, "s", 2)
		first := with.put("s", "a", []byte("0"))
		without.put("s", "a", []byte("0"))
		start := with.live("s").startingSeq(with.live("s").shards[1])
		old := *with.put("s", "a", []byte("x")).SequenceNumber
		without.put("s", "a", []byte("x"))
		_, err := with.api.DeleteStream(with.ctx, deleteInput("s"))
		require.NoError(t, err)
		_, err = without.api.DeleteStream(without.ctx, deleteInput("s"))
		require.NoError(t, err)
		with.f.CreateStreamT(t, "s", 2)
		without.f.CreateStreamT(t, "s", 2)
		accepted := []string{
			*first.SequenceNumber, start,
			// AWS accepted these (200), so it checks neither stream nor shard:
			fromHex("20000000000000000000000000000000000000000000002"), // all 0
			fromHex("20000000000000000000000000000000000000000000001"), // all 0 with version 1
			fromHex("20000000000000000000000000000000000000800000002"), // 8 near end
			old, // hence also a number of an earlier incarnation
			"5", // AWS decodes it (GetShardIterator: it encodes shard 5)
		}
		for i, ordering := range accepted {
			got, err := with.api.PutRecord(with.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("a"),
				Data: []byte{byte(i)}, SequenceNumberForOrdering: aws.String(ordering)})
			require.NoError(t, err, ordering)
			want := without.put("s", "a", []byte{byte(i)})
			assert.Equal(t, *want.SequenceNumber, *got.SequenceNumber, "put %d", i)
		}

		refused := []string{
			fromHex("20000000000000000000000000000000000000000000000"), // version 0
			fromHex("20000000000000000000000000000000000000000000004"), // version 4
			fromHex("20000000000000000000000000000000000000000000003"), // version 3
			fromHex("30000000000000000000000000000000000000000000001"), // initial 3
			fromHex("1ffffffffff7fffffffffffffff000000000007fffffff2"), // initial 1
			fromHex("20000000000800000000000000000000000000000000002"), // 8 in index
			"26227199374822427428162556223570313216",                   // large date (hex 13bb2cc3d8 and 22 zeros)
			fromHex("2ffffffffff7fffffffffffffff000000000007fffffff2"), // all f
			strings.Repeat("9", 56),                                    // no form's
		}
		for _, bad := range refused {
			_, err := with.api.PutRecord(with.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("a"),
				Data: []byte("x"), SequenceNumberForOrdering: aws.String(bad)})
			requireAWSError[*types.InvalidArgumentException](t, err, "PutRecord",
				"ExclusiveMinimumSequenceNumber "+bad+" used in PutRecord on stream s under account 000000000000 is invalid.")
		}
		assert.Len(t, with.f.Records("s", "shardId-000000000000"), len(accepted), "only the accepted puts were stored")
	})
}

// TestPutDryRun checks that DryRun answers DryRunOperationException and
// stores nothing, and that a request that would fail fails for its own
// reason first.
func TestPutDryRun(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		const dryText = "Request would have succeeded, but DryRun flag is set."
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 1)

		_, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("x"), DryRun: aws.Bool(true)})
		requireAWSError[*types.DryRunOperationException](t, err, "PutRecord", dryText)
		_, err = h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), DryRun: aws.Bool(true),
			Records: []types.PutRecordsRequestEntry{{PartitionKey: aws.String("k"), Data: []byte("x")}}})
		requireAWSError[*types.DryRunOperationException](t, err, "PutRecords", dryText)
		assert.Empty(t, h.f.Records("s", "shardId-000000000000"))

		_, err = h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("missing"), PartitionKey: aws.String("k"), Data: []byte("x"), DryRun: aws.Bool(true)})
		requireAWSError[*types.ResourceNotFoundException](t, err, "PutRecord", "Stream missing under account 000000000000 not found.")

		out, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("x"), DryRun: aws.Bool(false)})
		require.NoError(t, err)
		assert.NotNil(t, out.SequenceNumber)
		assert.Len(t, h.f.Records("s", "shardId-000000000000"), 1)
	})
}

// TestPutToUnavailableStream checks that puts to a stream that does not
// exist, is still CREATING, or is DELETING fail as AWS fails them, and
// succeed once the stream is ACTIVE.
func TestPutToUnavailableStream(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door, WithStateDelays(StateDelays{Create: 10 * time.Second, Delete: 5 * time.Second}))
		putBoth := func(name string) (error, error) {
			_, err1 := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String(name), PartitionKey: aws.String("k"), Data: []byte("x")})
			_, err2 := h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String(name),
				Records: []types.PutRecordsRequestEntry{{PartitionKey: aws.String("k"), Data: []byte("x")}}})
			return err1, err2
		}
		notFound := func(name string) {
			t.Helper()
			err1, err2 := putBoth(name)
			requireAWSError[*types.ResourceNotFoundException](t, err1, "PutRecord", "Stream "+name+" under account 000000000000 not found.")
			requireAWSError[*types.ResourceNotFoundException](t, err2, "PutRecords", "Stream "+name+" under account 000000000000 not found.")
		}

		notFound("missing")
		_, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamARN: aws.String(h.f.streamARN("missing")), PartitionKey: aws.String("k"), Data: []byte("x")})
		requireAWSError[*types.ResourceNotFoundException](t, err, "PutRecord", "Stream missing under account 000000000000 not found.")

		createStream(t, h.f, "s", 1)
		notFound("s") // CREATING
		h.clk.Advance(10*time.Second - time.Millisecond)
		notFound("s") // still CREATING, 1 ms before it settles
		h.clk.Advance(time.Millisecond)
		err1, err2 := putBoth("s")
		require.NoError(t, err1)
		require.NoError(t, err2)

		_, err = h.api.DeleteStream(h.ctx, deleteInput("s"))
		require.NoError(t, err)
		notFound("s") // DELETING
		h.clk.Advance(5 * time.Second)
		notFound("s") // gone
	})
}

// TestPutCopiesData checks that the fake keeps its own copy of a record's
// data, so a producer reusing its buffer does not change stored records.
func TestPutCopiesData(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 1)
		buf := []byte("first")
		h.put("s", "k", buf)
		copy(buf, "XXXXX")
		entries := []types.PutRecordsRequestEntry{{PartitionKey: aws.String("k"), Data: buf}}
		_, err := h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: entries})
		require.NoError(t, err)
		copy(buf, "YYYYY")
		assert.Equal(t, []string{"first", "XXXXX"}, dataOf(h.f.Records("s", "shardId-000000000000")))
	})
}

// TestGetCopiesData checks that records handed to a consumer are copies:
// changing or appending to one changes neither the stored record nor its
// neighbours in the same response.
func TestGetCopiesData(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 1)
		h.put("s", "k", []byte("one"))
		h.put("s", "k", []byte("two"))
		it := h.iter("s", "shardId-000000000000", types.ShardIteratorTypeTrimHorizon)
		first := h.get(it, 0)
		require.Len(t, first.Records, 2)
		copy(first.Records[0].Data, "ONE")
		_ = append(first.Records[0].Data, "!!!"...) // must not run into the next record's bytes
		assert.Equal(t, []string{"ONE", "two"}, dataOf(first.Records))
		assert.Equal(t, []string{"one", "two"}, dataOf(h.get(it, 0).Records))
		assert.Equal(t, []string{"one", "two"}, dataOf(h.f.Records("s", "shardId-000000000000")))
		assert.True(t, bytes.Equal([]byte("one"), h.f.Records("s", "shardId-000000000000")[0].Data))
	})
}

// TestPutResultsAreCopies checks that writing through the pointers of a
// put's response changes nothing inside the fake.
func TestPutResultsAreCopies(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 1)
		one := h.put("s", "k", []byte("x"))
		*one.ShardId, *one.SequenceNumber = "changed", "changed"
		many, err := h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"),
			Records: []types.PutRecordsRequestEntry{{PartitionKey: aws.String("k"), Data: []byte("y")}}})
		require.NoError(t, err)
		*many.Records[0].ShardId, *many.Records[0].SequenceNumber = "changed", "changed"

		again := h.put("s", "k", []byte("z"))
		assert.Equal(t, shard0, *again.ShardId)
		assert.Equal(t, shard0, h.live("s").shards[0].id)
		assert.Equal(t, []string{"x", "y", "z"}, dataOf(h.f.Records("s", shard0)))
	})
}

// TestPartitionKeyRequired checks that a record without a partition key is
// refused as AWS refuses a null member, while the stream routes by key.
func TestPartitionKeyRequired(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 1)
		_, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), Data: []byte("x")})
		requireAWSError[*types.ValidationException](t, err, "PutRecord",
			"1 validation error detected: Value null at 'partitionKey' failed to satisfy constraint: Member must not be null")
		_, err = h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: []types.PutRecordsRequestEntry{
			{PartitionKey: aws.String("k"), Data: []byte("x")},
			{Data: []byte("y")},
		}})
		requireAWSError[*types.ValidationException](t, err, "PutRecords",
			"1 validation error detected: Value null at 'records.2.member.partitionKey' failed to satisfy constraint: Member must not be null")
		assert.Empty(t, h.f.Records("s", shard0))
	})
}

// TestAutoDistributionIgnoresKeys checks puts to a stream with the AUTO
// record distribution strategy: the partition key is optional, and neither
// it nor ExplicitHashKey decides the shard.
func TestAutoDistributionIgnoresKeys(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := newDPOn(t, door)
		h.f.CreateStreamT(t, "s", 1)
		h.f.mu.Lock()
		h.f.streams["s"].distribution = types.RecordDistributionStrategyAuto
		h.f.mu.Unlock()
		_, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), Data: []byte("no key")})
		require.NoError(t, err)
		_, err = h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: []types.PutRecordsRequestEntry{
			{Data: []byte("no key either")},
			{PartitionKey: aws.String("k"), Data: []byte("keyed"), ExplicitHashKey: aws.String(overHashKeyDec)},
		}})
		require.NoError(t, err)
		recs := h.f.Records("s", shard0)
		assert.Equal(t, []string{"no key", "no key either", "keyed"}, dataOf(recs))
		assert.Equal(t, "", *recs[0].PartitionKey)
		assert.Equal(t, "k", *recs[2].PartitionKey)
	})
}
