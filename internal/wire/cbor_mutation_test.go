package wire

import (
	"bytes"
	"math"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/smithy-go/encoding/cbor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCBORNotWellformed: bodies that are no well-formed CBOR (RFC 8949,
// appendix F: too little data for a head, a length or a break; additional
// information 28 to 30, which is reserved) are SerializationExceptions, and
// reading them panics nowhere. smithy-go's decoder refuses each too, but
// for a map of 2^63 pairs, which it reads as empty: no 12-byte body holds
// that many.
func TestCBORNotWellformed(t *testing.T) {
	zeros := make([]byte, 16)
	cases := []struct {
		name   string
		body   []byte
		smithy bool // whether smithy-go's decoder refuses it too
	}{
		{"a map of 2^63 pairs", []byte{0xa1, 0x61, 'a', 0xbb, 0x80, 0, 0, 0, 0, 0, 0, 0}, false},
		{"a map of 2^63+1 pairs", []byte{0xa1, 0x61, 'a', 0xbb, 0x80, 0, 0, 0, 0, 0, 0, 1}, false},
		{"an indefinite text without its break", []byte{0xa1, 0x61, 'a', 0x7f, 0x61, 'x'}, true},
		{"an indefinite byte string without its break", []byte{0xa1, 0x61, 'a', 0x5f}, true},
		{"an indefinite key without its break", []byte{0xbf, 0x7f, 0x61, 'a'}, true},
		{"info 28, sixteen bytes after", append(append([]byte{0xbf, 0x61, 'a', 0x1c}, zeros...), 0xff), true},
		{"info 29 on a byte string, sixteen bytes after", append(append([]byte{0xbf, 0x61, 'a', 0x5d}, zeros...), 0xff), true},
		{"info 30 on a list, sixteen bytes after", append(append([]byte{0xbf, 0x61, 'a', 0x9e}, zeros...), 0xff), true},
		{"info 28 on a float, sixteen bytes after", append(append([]byte{0xbf, 0x61, 'a', 0xfc}, zeros...), 0xff), true},
		{"a two-byte argument with one byte", []byte{0xa1, 0x61, 'a', 0x19, 0x01}, true},
		{"a four-byte argument with three bytes", []byte{0xa1, 0x61, 'a', 0x1a, 0, 0, 1}, true},
		{"an eight-byte list length with four bytes", []byte{0xa1, 0x61, 'a', 0x9b, 0, 0, 0, 1}, true},
		{"a half float with one byte", []byte{0xa1, 0x61, 'a', 0xf9, 0x3c}, true},
		{"a double with seven bytes", []byte{0xa1, 0x61, 'a', 0xfb, 0, 0, 0, 0, 0, 0, 0}, true},
		{"a key's two-byte length with one byte", []byte{0xa1, 0x79, 0x01}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.smithy {
				_, err := cbor.Decode(tc.body)
				require.Error(t, err, "smithy-go refuses it")
			}
			assert.False(t, Wellformed(CBOR, tc.body))
			var ser *SerializationError
			assert.ErrorAs(t, Decode(CBOR, tc.body, &kinesis.GetRecordsInput{}), &ser)
		})
	}
}

// TestCBORTagsCountTowardNesting: smithy-go's decoder counts a tag as a
// level of nesting, as it counts lists and maps (maxNestingDepth, 128):
// an unknown member holding 128 tags, one inside the other, is refused,
// and one holding 127 is read.
func TestCBORTagsCountTowardNesting(t *testing.T) {
	tags := func(n int) []byte {
		return cborMembers("Unknown", append(bytes.Repeat([]byte{0xc1}, n), 0x00), "Limit", cbor.Uint(5))
	}
	_, err := cbor.Decode(tags(128))
	require.Error(t, err, "smithy-go refuses 128 tags")
	var ser *SerializationError
	assert.ErrorAs(t, Decode(CBOR, tags(128), &kinesis.GetRecordsInput{}), &ser)

	_, err = cbor.Decode(tags(127))
	require.NoError(t, err, "smithy-go reads 127 tags")
	in := &kinesis.GetRecordsInput{}
	require.NoError(t, Decode(CBOR, tags(127), in))
	assert.Equal(t, aws.Int32(5), in.Limit)
}

// TestCBORValuesAsJSON: a CBOR value read into a member gives what the JSON
// value of the same number, boolean or list gives (README, "CBOR error
// texts" and "reading a CBOR body"), for the kinds of CBOR number JSON has
// no head for: negative integers, floats of each width, unsigned integers
// past int64, and a member after a boolean.
func TestCBORValuesAsJSON(t *testing.T) {
	half := func(bits uint16) []byte { return []byte{0xf9, byte(bits >> 8), byte(bits)} }
	cases := []struct {
		name string
		json string
		cbor []byte // the same members, in the same order
		into any
	}{
		{"a negative integer for a string", `{"StreamName":-1}`, cborMembers("StreamName", cbor.NegInt(1)), &kinesis.DescribeStreamInput{}},
		{"a double for a string", `{"StreamName":1.5}`, cborMembers("StreamName", cbor.Float64(1.5)), &kinesis.DescribeStreamInput{}},
		{"a single for a string", `{"StreamName":1.5}`, cborMembers("StreamName", cbor.Float32(1.5)), &kinesis.DescribeStreamInput{}},
		{"a half float for a string", `{"StreamName":1.5}`, cborMembers("StreamName", half(0x3e00)), &kinesis.DescribeStreamInput{}},
		{"a negative integer for a boolean", `{"EnforceConsumerDeletion":-1}`, cborMembers("EnforceConsumerDeletion", cbor.NegInt(1)), &kinesis.DeleteStreamInput{}},
		{"true for an integer", `{"Limit":true}`, cborMembers("Limit", cbor.Bool(true)), &kinesis.GetRecordsInput{}},
		{"false for an integer", `{"Limit":false}`, cborMembers("Limit", cbor.Bool(false)), &kinesis.GetRecordsInput{}},
		{"true, then another member", `{"EnforceConsumerDeletion":true,"StreamName":"s"}`,
			cborMembers("EnforceConsumerDeletion", cbor.Bool(true), "StreamName", cbor.String("s")), &kinesis.DeleteStreamInput{}},
		{"false, then another member", `{"EnforceConsumerDeletion":false,"StreamName":"s"}`,
			cborMembers("EnforceConsumerDeletion", cbor.Bool(false), "StreamName", cbor.String("s")), &kinesis.DeleteStreamInput{}},
		{"2^64-1, saturated", `{"Limit":18446744073709551615}`, cborMembers("Limit", cbor.Uint(math.MaxUint64)), &kinesis.GetRecordsInput{}},
		{"2^63, saturated", `{"Limit":9223372036854775808}`, cborMembers("Limit", cbor.Uint(1<<63)), &kinesis.GetRecordsInput{}},
		{"a double of 2^63, saturated", `{"Limit":9223372036854775808.0}`, cborMembers("Limit", cbor.Float64(1<<63)), &kinesis.GetRecordsInput{}},
		{"a double of -2^63, saturated", `{"Limit":-9223372036854775808.0}`, cborMembers("Limit", cbor.Float64(-(1 << 63))), &kinesis.GetRecordsInput{}},
		{"a single, truncated", `{"Limit":12.9}`, cborMembers("Limit", cbor.Float32(12.9)), &kinesis.GetRecordsInput{}},
		{"a negative single, truncated", `{"Limit":-12.9}`, cborMembers("Limit", cbor.Float32(-12.9)), &kinesis.GetRecordsInput{}},
		{"a negative half float, truncated", `{"Limit":-2.5}`, cborMembers("Limit", half(0xc100)), &kinesis.GetRecordsInput{}},
		{"a half float of -65504", `{"Limit":-65504}`, cborMembers("Limit", half(0xfbff)), &kinesis.GetRecordsInput{}},
		{"an empty list is present", `{"Records":[]}`, cborMembers("Records", cbor.List{}), &kinesis.PutRecordsInput{}},
		{"an empty list of strings is present", `{"TagKeys":[]}`, cborMembers("TagKeys", cbor.List{}), &kinesis.RemoveTagsFromStreamInput{}},
		{"an empty list in chunks is present", `{"TagKeys":[],"StreamName":"s"}`,
			cborMembers("TagKeys", []byte{0x9f, 0xff}, "StreamName", cbor.String("s")), &kinesis.RemoveTagsFromStreamInput{}},
		{"an indefinite list, then another member", `{"TagKeys":["a","b"],"StreamName":"s"}`,
			cborMembers("TagKeys", []byte{0x9f, 0x61, 'a', 0x61, 'b', 0xff}, "StreamName", cbor.String("s")), &kinesis.RemoveTagsFromStreamInput{}},
		{"an indefinite map, then another member", `{"Tags":{"k":"v"},"StreamName":"s"}`,
			cborMembers("Tags", []byte{0xbf, 0x61, 'k', 0x61, 'v', 0xff}, "StreamName", cbor.String("s")), &kinesis.AddTagsToStreamInput{}},
		// Timestamps: JSON's are epoch seconds, CBOR's milliseconds; both are
		// bounded at 10^15 seconds (maxEpochSeconds).
		{"a huge timestamp, bounded", `{"Timestamp":1e300}`, cborMembers("Timestamp", &cbor.Tag{ID: 1, Value: cbor.Float64(1e300)}), &kinesis.GetShardIteratorInput{}},
		{"a huge negative timestamp, bounded", `{"Timestamp":-1e300}`, cborMembers("Timestamp", &cbor.Tag{ID: 1, Value: cbor.Float64(-1e300)}), &kinesis.GetShardIteratorInput{}},
		{"the largest bare timestamp, bounded", `{"Timestamp":18446744073709551.615}`, cborMembers("Timestamp", cbor.Uint(math.MaxUint64)), &kinesis.GetShardIteratorInput{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fromJSON, fromCBOR := newOf(tc.into), newOf(tc.into)
			jsonErr := Decode(JSON, []byte(tc.json), fromJSON)
			cborErr := Decode(CBOR, tc.cbor, fromCBOR)
			assert.Equal(t, jsonErr, cborErr)
			assert.Equal(t, fromJSON, fromCBOR)
		})
	}
}

// TestCBORSpecialFloats: NaN and the infinities, which JSON cannot carry,
// read into an integer as Java's narrowing conversion (JLS 5.1.3) reads
// them, as AWS's Java front end would: NaN is 0, an infinity the bound of
// its sign; in each width a float comes in.
func TestCBORSpecialFloats(t *testing.T) {
	limit := func(item ...byte) []byte { return cborMembers("Limit", item) }
	cases := []struct {
		name string
		body []byte
		want int32
	}{
		{"half-float NaN", limit(0xf9, 0x7e, 0x00), 0},
		{"half-float NaN, other payload", limit(0xf9, 0x7c, 0x01), 0},
		{"half-float -infinity", limit(0xf9, 0xfc, 0x00), math.MinInt32},
		{"single NaN", limit(0xfa, 0x7f, 0xc0, 0, 0), 0},
		{"single -infinity", limit(0xfa, 0xff, 0x80, 0, 0), math.MinInt32},
		{"double NaN", limit(0xfb, 0x7f, 0xf8, 0, 0, 0, 0, 0, 0), 0},
		{"double infinity", limit(0xfb, 0x7f, 0xf0, 0, 0, 0, 0, 0, 0), math.MaxInt32},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkDecode(t, CBOR, tc.body, &kinesis.GetRecordsInput{Limit: aws.Int32(tc.want)}, nil, "")
		})
	}
}

// TestCBORUndefinedIsNull: undefined (simple value 23), which smithy-go's
// decoder takes, leaves a member as null does, for every kind of member,
// and the members after it are read.
func TestCBORUndefinedIsNull(t *testing.T) {
	undefined := []byte{0xf7}
	cases := []struct {
		name string
		body []byte
		want any
	}{
		{"an integer", cborMembers("Limit", undefined, "ShardIterator", cbor.String("i")), &kinesis.GetRecordsInput{ShardIterator: aws.String("i")}},
		{"a string", cborMembers("StreamName", undefined, "MaxResults", cbor.Uint(3)), &kinesis.ListShardsInput{MaxResults: aws.Int32(3)}},
		{"a timestamp", cborMembers("Timestamp", undefined), &kinesis.GetShardIteratorInput{}},
		{"a blob", cborMembers("Data", undefined), &kinesis.PutRecordInput{}},
		{"a list", cborMembers("TagKeys", undefined), &kinesis.RemoveTagsFromStreamInput{}},
		{"a structure", cborMembers("ShardFilter", undefined), &kinesis.ListShardsInput{}},
		{"a string after a member", cborMembers("StreamName", cbor.String("s"), "StreamName", undefined), &kinesis.DescribeStreamInput{StreamName: aws.String("s")}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := cbor.Decode(tc.body)
			require.NoError(t, err, "smithy-go takes undefined")
			checkDecode(t, CBOR, tc.body, tc.want, nil, "")
		})
	}
}

// TestCBORTagsOtherThanEpochTime: a blob is a byte string and a timestamp
// tag 1 (RFC 8949, 3.4.2: epoch-based date/time) or a bare number; any
// other tag is a value of the wrong type, whatever it holds, and fails
// with the texts JSON's wrong values get.
func TestCBORTagsOtherThanEpochTime(t *testing.T) {
	cases := []struct {
		name string
		body []byte
		into any
		text string // the end of the SerializationException's text
	}{
		{"tag 0 around a number, for a timestamp", cborMembers("Timestamp", &cbor.Tag{ID: 0, Value: cbor.Uint(1748779200123)}),
			&kinesis.GetShardIteratorInput{}, " can not be converted to milliseconds since epoch"},
		{"tag 2 around a number, for a timestamp", cborMembers("Timestamp", &cbor.Tag{ID: 2, Value: cbor.Uint(1)}),
			&kinesis.GetShardIteratorInput{}, " can not be converted to milliseconds since epoch"},
		{"tag 1 around a number, for a blob", cborMembers("Data", &cbor.Tag{ID: 1, Value: cbor.Uint(1)}),
			&kinesis.PutRecordInput{}, " can not be converted to a Blob"},
		{"tag 24 around bytes, for a blob", cborMembers("Data", &cbor.Tag{ID: 24, Value: cbor.Slice{1, 2}}),
			&kinesis.PutRecordInput{}, " can not be converted to a Blob"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := cbor.Decode(tc.body)
			require.NoError(t, err, "well formed")
			var ser *SerializationError
			require.ErrorAs(t, Decode(CBOR, tc.body, newOf(tc.into)), &ser)
			assert.Regexp(t, "^class .+"+tc.text+"$", ser.Msg)
		})
	}
	// Tag 1 around a float is a timestamp, as a bare float is.
	checkDecode(t, CBOR, cborMembers("Timestamp", &cbor.Tag{ID: 1, Value: cbor.Float64(1500.7)}),
		&kinesis.GetShardIteratorInput{Timestamp: aws.Time(time.UnixMilli(1500).UTC())}, nil, "")
}
