package kinesisfake

import (
	"bytes"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// setMaxRecordSize sets a stream's maximum record size through the door.
func (h *sc) setMaxRecordSize(arn *string, kib int32) error {
	_, err := h.api.UpdateMaxRecordSize(h.ctx, &kinesis.UpdateMaxRecordSizeInput{StreamARN: arn, MaxRecordSizeInKiB: aws.Int32(kib)})
	return err
}

func TestUpdateMaxRecordSize(t *testing.T) {
	const delay = 2 * time.Second
	tests := []struct {
		name  string
		setup func(t *testing.T, h *sc)
		arn   *string // default: the stream's
		kib   int32
		want  scErrCheck
		after int32
	}{
		{name: "raise", kib: 2048, after: 2048},
		{name: "the minimum", kib: 1024, after: 1024},
		{name: "the maximum", kib: 10240, after: 10240},
		{name: "lower again", kib: 1024, after: 1024,
			setup: func(t *testing.T, h *sc) {
				require.NoError(t, h.setMaxRecordSize(aws.String(h.f.streamARN("s")), 4096))
				h.clk.Advance(delay)
			}},

		{name: "below the range", kib: 1023, after: defaultMaxRecordKiB,
			want: scWant[types.ValidationException]("1 validation error detected: Value '1023' at 'maxRecordSizeInKiB' failed to satisfy constraint: Member must have value greater than or equal to 1024")},
		{name: "above the range", kib: 10241, after: defaultMaxRecordKiB,
			want: scWant[types.ValidationException]("1 validation error detected: Value '10241' at 'maxRecordSizeInKiB' failed to satisfy constraint: Member must have value less than or equal to 10240")},
		{name: "missing stream", arn: aws.String("arn:aws:kinesis:us-east-1:" + scAccount + ":stream/missing"), kib: 2048, after: defaultMaxRecordKiB,
			want: scWant[types.ResourceNotFoundException]("Stream missing under account " + scAccount + " not found.")},
		{name: "no StreamARN", arn: new(string), kib: 2048, after: defaultMaxRecordKiB,
			want: scWant[types.InvalidArgumentException]("Either StreamName or StreamARN must be provided.")},
		{name: "stream UPDATING", kib: 2048, after: 4096,
			setup: func(t *testing.T, h *sc) {
				require.NoError(t, h.setMaxRecordSize(aws.String(h.f.streamARN("s")), 4096))
			},
			want: scWant[types.ResourceInUseException]("Stream s under account " + scAccount + " not ACTIVE, instead in state UPDATING")},
	}
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := scFakeOn(t, door, WithStateDelays(StateDelays{Update: delay}))
				h.stream("s", 1)
				if tt.setup != nil {
					tt.setup(t, h)
				}
				arn := aws.String(h.f.streamARN("s"))
				switch {
				case tt.arn != nil && *tt.arn == "":
					arn = nil
				case tt.arn != nil:
					arn = tt.arn
				}
				scCheck(t, tt.want, "UpdateMaxRecordSize", h.setMaxRecordSize(arn, tt.kib))
				assert.Equal(t, tt.after, scStream(t, h.f, "s").maxRecordKiB)
				if tt.want != nil {
					return
				}
				assert.Equal(t, types.StreamStatusUpdating, scStatus(t, h.f, "s"))
				h.clk.Advance(delay)
				assert.Equal(t, types.StreamStatusActive, scStatus(t, h.f, "s"))
			})
		}
	})
}

// TestMaxRecordSizeGovernsPuts checks that the limit is what puts are held
// to: a 2 MiB record is refused at the default 1 MiB and taken once the
// limit is raised (also while the stream is still UPDATING), and refused
// again once it is lowered. It moves five 2 MiB records, so it runs on the
// bulk doors (base64 in JSON costs seconds per JSON door under -race);
// TestPutRecordTooLarge checks the too-large text through every door and
// TestLargestRecordThroughEveryDoor a raised limit.
func TestMaxRecordSizeGovernsPuts(t *testing.T) {
	forDoorsIn(t, bulkDoors, func(t *testing.T, door testDoor) {
		// Two 2 MiB puts in one millisecond would pass a shard's 1 MiB/s
		// write limit; this test is about record size only.
		h := scFakeOn(t, door, WithStateDelays(StateDelays{Update: time.Second}), WithoutThroughputLimits())
		arn := h.stream("s", 1)
		data := make([]byte, 2<<20)
		put := func() error {
			_, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: data})
			return err
		}
		putBatch := func() error {
			_, err := h.api.PutRecords(h.ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: []types.PutRecordsRequestEntry{{PartitionKey: aws.String("k"), Data: data}}})
			return err
		}
		tooLarge := func(path string) scErrCheck {
			return scWant[types.ValidationException]("1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=2097152 cap=2097152]' at '" + path +
				"' failed to satisfy constraint: Member must have length less than or equal to 1048576")
		}

		tooLarge("data")(t, "PutRecord", put())
		tooLarge("records.1.member.data")(t, "PutRecords", putBatch())

		require.NoError(t, h.setMaxRecordSize(aws.String(arn), 2048))
		require.Equal(t, types.StreamStatusUpdating, scStatus(t, h.f, "s"))
		require.NoError(t, put())
		require.NoError(t, putBatch())
		h.clk.Advance(time.Second)

		recs := h.f.Records("s", "shardId-000000000000")
		require.Len(t, recs, 2)
		assert.Len(t, recs[0].Data, 2<<20)

		require.NoError(t, h.setMaxRecordSize(aws.String(arn), 1024))
		tooLarge("data")(t, "PutRecord", put())
	})
}

// TestLargestRecordThroughEveryDoor: a record of 10 MiB, the largest
// UpdateMaxRecordSize allows, is put and read back through every door (the
// wire doors' body limit must not be smaller than what the engine takes).
func TestLargestRecordThroughEveryDoor(t *testing.T) {
	if testing.Short() {
		t.Skip("moves 10 MiB records through each door")
	}
	eachDoor(t, func(t *testing.T, h *harness) {
		arn := h.stream("s", 1)
		_, err := h.api.UpdateMaxRecordSize(h.ctx, &kinesis.UpdateMaxRecordSizeInput{StreamARN: &arn, MaxRecordSizeInKiB: aws.Int32(10240)})
		require.NoError(t, err)
		data := bytes.Repeat([]byte{0xfe}, 10<<20)
		_, err = h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: data})
		require.NoError(t, err)
		it, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shard0), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		require.NoError(t, err)
		out, err := h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator})
		require.NoError(t, err)
		require.Len(t, out.Records, 1)
		assert.True(t, bytes.Equal(data, out.Records[0].Data), "the record read back is the one put")
	})
}
