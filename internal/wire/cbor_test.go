package wire

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/encoding/cbor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCBORTimestampBytes: a timestamp is tag 1 around the epoch
// milliseconds as a 64-bit integer, the bytes AWS sends
// (aws-sdk-java-v2#979, in FIDELITY.md: c1 1b 000001a013accc38).
func TestCBORTimestampBytes(t *testing.T) {
	w := &cborWriter{}
	w.WriteTime(nil, time.UnixMilli(0x1a013accc38))
	assert.Equal(t, "c11b000001a013accc38", hex.EncodeToString(w.Bytes()))
}

// TestCBORErrorBody: errors are maps of indefinite length, as AWS writes
// them (bf 66 "__type" ... ff), with the text under the key given.
func TestCBORErrorBody(t *testing.T) {
	body := CBOR.Error("ResourceNotFoundException", "message", "Stream s under account 000000000000 not found.")
	assert.Equal(t, "bf665f5f74797065", hex.EncodeToString(body[:8]))
	assert.Equal(t, byte(0xff), body[len(body)-1])
	v, err := cbor.Decode(body)
	require.NoError(t, err)
	assert.Equal(t, cbor.Map{"__type": cbor.String("ResourceNotFoundException"), "message": cbor.String("Stream s under account 000000000000 not found.")}, v)

	v, err = cbor.Decode(CBOR.Error("SerializationException", "Message", ""))
	require.NoError(t, err)
	assert.Equal(t, cbor.Map{"__type": cbor.String("SerializationException")}, v, "no text, no member")
}

// TestDecodeCBOR checks how request members are read from CBOR: the same
// leniencies and texts as JSON, CBOR's own kinds of value.
func TestDecodeCBOR(t *testing.T) {
	str := func(s string) cbor.Value { return cbor.String(s) }
	cases := []struct {
		name string
		body cbor.Map
		want any    // the decoded input, when decoding succeeds
		into any    // else an input of the type to decode into
		err  string // and the SerializationException text
	}{
		{"timestamp under tag 1, in milliseconds", cbor.Map{"Timestamp": &cbor.Tag{ID: 1, Value: cbor.Uint(1748779200123)}},
			&kinesis.GetShardIteratorInput{Timestamp: aws.Time(time.UnixMilli(1748779200123).UTC())}, nil, ""},
		{"bare timestamp", cbor.Map{"Timestamp": cbor.Uint(1748779200123)},
			&kinesis.GetShardIteratorInput{Timestamp: aws.Time(time.UnixMilli(1748779200123).UTC())}, nil, ""},
		{"negative timestamp", cbor.Map{"Timestamp": &cbor.Tag{ID: 1, Value: cbor.NegInt(1000)}},
			&kinesis.GetShardIteratorInput{Timestamp: aws.Time(time.UnixMilli(-1000).UTC())}, nil, ""},
		{"integers saturate and truncate", cbor.Map{"Limit": cbor.Uint(1 << 40), "ShardIterator": str("i")},
			&kinesis.GetRecordsInput{Limit: aws.Int32(2147483647), ShardIterator: aws.String("i")}, nil, ""},
		{"float for integer", cbor.Map{"Limit": cbor.Float64(12.9)}, &kinesis.GetRecordsInput{Limit: aws.Int32(12)}, nil, ""},
		{"blobs are byte strings", cbor.Map{"Records": cbor.List{cbor.Map{"Data": cbor.Slice{0, 1, 255}, "PartitionKey": str("a")}}},
			&kinesis.PutRecordsInput{Records: []types.PutRecordsRequestEntry{{Data: []byte{0, 1, 255}, PartitionKey: aws.String("a")}}}, nil, ""},
		{"nulls and unknown members ignored", cbor.Map{"Limit": &cbor.Nil{}, "Bogus": cbor.List{str("x")}, "ShardIterator": str("i")},
			&kinesis.GetRecordsInput{ShardIterator: aws.String("i")}, nil, ""},
		{"map and boolean", cbor.Map{"Tags": cbor.Map{"k": str("v")}, "StreamName": str("s")},
			&kinesis.AddTagsToStreamInput{Tags: map[string]string{"k": "v"}, StreamName: aws.String("s")}, nil, ""},

		{"text for blob", cbor.Map{"Data": str("AAAA")}, nil, &kinesis.PutRecordInput{}, "class java.lang.String can not be converted to a Blob"},
		{"bytes for string", cbor.Map{"StreamName": cbor.Slice("s")}, nil, &kinesis.PutRecordInput{}, "class [B can not be converted to an String"},
		{"text for integer", cbor.Map{"Limit": str("5")}, nil, &kinesis.GetRecordsInput{}, "class java.lang.String can not be converted to an Integer"},
		{"text for boolean", cbor.Map{"EnforceConsumerDeletion": str("yes")}, nil, &kinesis.DeleteStreamInput{}, "'YES' can not be converted to an Boolean"},
		{"other tag for timestamp", cbor.Map{"Timestamp": &cbor.Tag{ID: 0, Value: str("2025-01-01T00:00:00Z")}}, nil, &kinesis.GetShardIteratorInput{}, "class [B can not be converted to milliseconds since epoch"},
		{"scalar for list", cbor.Map{"Records": str("x")}, nil, &kinesis.PutRecordsInput{}, "Expected list or null"},
		{"list for structure", cbor.Map{"ShardFilter": cbor.List{}}, nil, &kinesis.ListShardsInput{}, "Start of list found where not expected"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkDecode(t, CBOR, cbor.Encode(tc.body), tc.want, tc.into, tc.err)
		})
	}

	t.Run("not CBOR, or not a map", func(t *testing.T) {
		for _, body := range [][]byte{{0xbf}, {0x9f, 0xff}, {}} {
			var ser *SerializationError
			assert.ErrorAs(t, Decode(CBOR, body, &kinesis.GetRecordsInput{}), &ser, "%x", body)
		}
		assert.False(t, Wellformed(CBOR, []byte{0xbf, 0x61}))
		assert.True(t, Wellformed(CBOR, []byte{0xbf, 0xff}))
	})

	// What smithy-go's decoder lets through: bytes after the item, and
	// lengths no body could hold, which it reads as empty.
	t.Run("not one whole item", func(t *testing.T) {
		tagKeys := []byte{0xa1, 0x67, 'T', 'a', 'g', 'K', 'e', 'y', 's'}
		for name, body := range map[string][]byte{
			"bytes after the map":           {0xa0, 0xff, 0x00, 'x'},
			"a list of 2^64-1 items":        append(slices.Clone(tagKeys), 0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
			"a list longer than the body":   append(slices.Clone(tagKeys), 0x83, 0x61, 'a'),
			"a string longer than the body": append(slices.Clone(tagKeys), 0x81, 0x65, 'a'),
			"a map missing a value":         {0xbf, 0x61, 'a', 0xff},
			"a stray break":                 {0xa1, 0x61, 'a', 0xff},
			"a reserved head":               {0xa1, 0x61, 'a', 0x1c},
		} {
			var ser *SerializationError
			assert.ErrorAs(t, Decode(CBOR, body, &kinesis.RemoveTagsFromStreamInput{}), &ser, name)
			assert.False(t, Wellformed(CBOR, body), name)
		}
		// Well formed, every kind of head: integers of each size, negative,
		// floats, simple values, tags, indefinite strings, lists and maps.
		ok := []byte{0xbf,
			0x61, 'a', 0x9f, 0x00, 0x18, 0xff, 0x19, 0x01, 0x00, 0x1a, 0, 0, 1, 0, 0x1b, 0, 0, 0, 0, 0, 0, 1, 0, 0x20, 0xff,
			0x61, 'b', 0x83, 0xf9, 0x3c, 0x00, 0xfa, 0, 0, 0, 0, 0xfb, 0, 0, 0, 0, 0, 0, 0, 0,
			0x61, 'c', 0x84, 0xf4, 0xf5, 0xf6, 0xf7,
			0x61, 'd', 0xc1, 0x1a, 0x65, 0x5e, 0x1e, 0x00,
			0x61, 'e', 0x7f, 0x61, 'x', 0x62, 'y', 'z', 0xff,
			0x61, 'f', 0x5f, 0x41, 0x01, 0xff,
			0x61, 'g', 0xa1, 0x61, 'k', 0x80,
			0xff}
		assert.True(t, cborWellformed(ok))
		assert.True(t, Wellformed(CBOR, ok))
	})
}

// TestCBORAndJSONCarryTheSameOutputs encodes a fully populated output of
// every operation in both codecs, reads each back with a decoder of its own
// format that knows nothing of the SDK (smithy-go's encoding/cbor,
// encoding/json), and compares the two trees: CBOR carries exactly what
// JSON does, which the SDK's own deserializer checks (TestOutputsReachTheSDK),
// with blobs as byte strings and timestamps as tagged milliseconds.
func TestCBORAndJSONCarryTheSameOutputs(t *testing.T) {
	for _, op := range sdkOperations() {
		t.Run(op.name, func(t *testing.T) {
			out := populated(op.output).Interface().(smithy.Serializable)
			var fromJSON any
			require.NoError(t, json.Unmarshal(orEmptyObject(JSON.Encode(out)), &fromJSON))
			body := CBOR.Encode(out)
			if body == nil {
				assert.Nil(t, JSON.Encode(out), "both empty for an operation without output")
				return
			}
			fromCBOR, err := cbor.Decode(body)
			require.NoError(t, err)
			assert.Equal(t, fromJSON, plainCBOR(fromCBOR))
		})
	}
}

// orEmptyObject is b, or {} for an empty body.
func orEmptyObject(b []byte) []byte {
	if len(b) == 0 {
		return []byte("{}")
	}
	return b
}

// plainCBOR turns a decoded CBOR value into what encoding/json decodes the
// same output's JSON to: numbers as float64, blobs in base64, timestamps in
// epoch seconds.
func plainCBOR(v cbor.Value) any {
	switch v := v.(type) {
	case cbor.Map:
		m := map[string]any{}
		for k, item := range v {
			m[k] = plainCBOR(item)
		}
		return m
	case cbor.List:
		l := []any{}
		for _, item := range v {
			l = append(l, plainCBOR(item))
		}
		return l
	case cbor.String:
		return string(v)
	case cbor.Slice:
		return base64.StdEncoding.EncodeToString(v)
	case cbor.Bool:
		return bool(v)
	case *cbor.Tag:
		ms, _ := cborMillis(v)
		return float64(ms) / 1000
	case *cbor.Nil:
		return nil
	}
	n, _ := cborInteger(v)
	return float64(n)
}

// TestCBORHeadsAsSmithy checks that the items the CBOR writer encodes
// itself are the bytes smithy-go's encoder writes for them, at every
// boundary of the head's argument sizes.
func TestCBORHeadsAsSmithy(t *testing.T) {
	lengths := []int{0, 1, 23, 24, 255, 256, 65535, 65536}
	for _, n := range lengths {
		text := strings.Repeat("k", n)
		w := &cborWriter{}
		w.WriteString(nil, text)
		assert.Equal(t, cbor.Encode(cbor.String(text)), w.Bytes(), "text of %d bytes", n)
		blob := bytes.Repeat([]byte{7}, n)
		w = &cborWriter{}
		w.WriteBlob(nil, blob)
		assert.Equal(t, cbor.Encode(cbor.Slice(blob)), w.Bytes(), "blob of %d bytes", n)
	}
	ints := []int64{0, 1, 23, 24, 255, 256, 65535, 65536, 1<<32 - 1, 1 << 32, math.MaxInt64,
		-1, -24, -25, -256, -257, -65536, -65537, -1 << 32, -1<<32 - 1, math.MinInt64}
	for _, v := range ints {
		w := &cborWriter{}
		w.WriteInt64(nil, v)
		var want cbor.Value = cbor.Uint(uint64(v))
		if v < 0 {
			want = cbor.NegInt(uint64(-v)) // smithy-go's NegInt(k) is -k
		}
		assert.Equal(t, cbor.Encode(want), w.Bytes(), "integer %d", v)
	}
	for _, ms := range []int64{0, 1_700_000_000_123, -1} {
		w := &cborWriter{}
		w.WriteTime(nil, time.UnixMilli(ms))
		var inner cbor.Value = cbor.Uint(uint64(ms))
		if ms < 0 {
			inner = cbor.NegInt(uint64(-ms))
		}
		assert.Equal(t, cbor.Encode(&cbor.Tag{ID: 1, Value: inner}), w.Bytes(), "timestamp %d", ms)
	}
}

// TestCBORFirstMismatchInDocumentOrder: with several mistyped members, a
// CBOR request gets the error of the first in the body, as a JSON one does.
func TestCBORFirstMismatchInDocumentOrder(t *testing.T) {
	members := []struct {
		name  string
		value cbor.Value
		err   string
	}{
		{"StreamName", cbor.Uint(1), "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String"},
		{"ShardCount", cbor.String("x"), "class java.lang.String can not be converted to an Integer"},
		{"Tags", cbor.Map{"k": cbor.Uint(1)}, "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String"},
		{"StreamModeDetails", cbor.String("ON_DEMAND"), "Expected null"}, // a String for a structure
	}
	for first := range members {
		var pairs []any
		for i := range members {
			m := members[(first+i)%len(members)]
			pairs = append(pairs, m.name, m.value)
		}
		err := Decode(CBOR, cborMembers(pairs...), &kinesis.CreateStreamInput{})
		var se *SerializationError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, members[first].err, se.Msg, "%s first", members[first].name)
	}
}

// TestCBORReadsAsJSONDoes: what a JSON document and a CBOR body with the
// same members in the same order decode to is the same, for what only a
// streaming reader sees: members given twice, and their order.
func TestCBORReadsAsJSONDoes(t *testing.T) {
	cases := []struct {
		name string
		json string
		cbor []byte // the same members, in the same order
		into any
	}{
		{"a list given twice: the elements of both",
			`{"TagKeys":["a"],"StreamName":"s","TagKeys":["b","c"]}`,
			cborMembers("TagKeys", cbor.List{cbor.String("a")}, "StreamName", cbor.String("s"), "TagKeys", cbor.List{cbor.String("b"), cbor.String("c")}),
			&kinesis.RemoveTagsFromStreamInput{}},
		{"a string given twice: the last",
			`{"StreamName":"a","StreamName":"b"}`,
			cborMembers("StreamName", cbor.String("a"), "StreamName", cbor.String("b")),
			&kinesis.DescribeStreamInput{}},
		{"a map given twice: the last",
			`{"Tags":{"a":"1"},"Tags":{"b":"2"}}`,
			cborMembers("Tags", cbor.Map{"a": cbor.String("1")}, "Tags", cbor.Map{"b": cbor.String("2")}),
			&kinesis.AddTagsToStreamInput{}},
		{"a member then null: the member",
			`{"Limit":5,"Limit":null}`,
			cborMembers("Limit", cbor.Uint(5), "Limit", &cbor.Nil{}),
			&kinesis.GetRecordsInput{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fromJSON, fromCBOR := newOf(tc.into), newOf(tc.into)
			require.NoError(t, Decode(JSON, []byte(tc.json), fromJSON))
			require.NoError(t, Decode(CBOR, tc.cbor, fromCBOR))
			assert.Equal(t, fromJSON, fromCBOR)
		})
	}
}

// cborMembers is a CBOR map of the given name and value pairs, in order,
// duplicates kept (a cbor.Map can hold neither order nor duplicates). A
// value is a cbor.Value, or []byte for an item's bytes as they are.
func cborMembers(pairs ...any) []byte {
	body := []byte{0xa0 + byte(len(pairs)/2)}
	for i := 0; i < len(pairs); i += 2 {
		body = append(body, cbor.Encode(cbor.String(pairs[i].(string)))...)
		switch v := pairs[i+1].(type) {
		case []byte:
			body = append(body, v...)
		case cbor.Value:
			body = append(body, cbor.Encode(v)...)
		}
	}
	return body
}

// TestCBORHeadsSmithyCannotWrite: request items smithy-go's encoder never
// writes, which other clients may send: half-precision floats, strings in
// chunks (keys too), tags other than 1, extreme integers.
func TestCBORHeadsSmithyCannotWrite(t *testing.T) {
	limit := func(item ...byte) []byte { return cborMembers("ShardIterator", cbor.String("x"), "Limit", item) }
	cases := []struct {
		name string
		body []byte
		want any    // the decoded input, when decoding succeeds
		into any    // else an input of the type to decode into
		err  string // and the SerializationException text
	}{
		{"a half float, truncated", limit(0xf9, 0x41, 0x00), // 2.5
			&kinesis.GetRecordsInput{ShardIterator: aws.String("x"), Limit: aws.Int32(2)}, nil, ""},
		{"a negative half float, toward zero", limit(0xf9, 0xb8, 0x00), // -0.5
			&kinesis.GetRecordsInput{ShardIterator: aws.String("x"), Limit: aws.Int32(0)}, nil, ""},
		{"the largest half float", limit(0xf9, 0x7b, 0xff), // 65504
			&kinesis.GetRecordsInput{ShardIterator: aws.String("x"), Limit: aws.Int32(65504)}, nil, ""},
		{"a half-float subnormal", limit(0xf9, 0x00, 0x01),
			&kinesis.GetRecordsInput{ShardIterator: aws.String("x"), Limit: aws.Int32(0)}, nil, ""},
		{"half-float infinity, saturated", limit(0xf9, 0x7c, 0x00),
			&kinesis.GetRecordsInput{ShardIterator: aws.String("x"), Limit: aws.Int32(math.MaxInt32)}, nil, ""},
		{"-2^64, saturated", limit(0x3b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff),
			&kinesis.GetRecordsInput{ShardIterator: aws.String("x"), Limit: aws.Int32(math.MinInt32)}, nil, ""},
		{"a key in chunks", []byte{0xbf, 0x7f, 0x62, 'L', 'i', 0x63, 'm', 'i', 't', 0xff, 0x05, 0xff},
			&kinesis.GetRecordsInput{Limit: aws.Int32(5)}, nil, ""},
		{"a blob in chunks", cborMembers("Data", []byte{0x5f, 0x41, 0x01, 0x42, 0x02, 0x03, 0xff}),
			&kinesis.PutRecordInput{Data: []byte{1, 2, 3}}, nil, ""},
		{"an empty blob in chunks", cborMembers("Data", []byte{0x5f, 0xff}),
			&kinesis.PutRecordInput{Data: []byte{}}, nil, ""},
		{"a timestamp under tag 0", cborMembers("Timestamp", &cbor.Tag{ID: 0, Value: cbor.String("2025-06-01T12:00:00Z")}),
			nil, &kinesis.GetShardIteratorInput{}, "class [B can not be converted to milliseconds since epoch"},
		{"a timestamp of text under tag 1", cborMembers("Timestamp", &cbor.Tag{ID: 1, Value: cbor.String("1")}),
			nil, &kinesis.GetShardIteratorInput{}, "class [B can not be converted to milliseconds since epoch"},
		{"a bare timestamp", cborMembers("Timestamp", cbor.Uint(1748779200123)),
			&kinesis.GetShardIteratorInput{Timestamp: aws.Time(time.UnixMilli(1748779200123).UTC())}, nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkDecode(t, CBOR, tc.body, tc.want, tc.into, tc.err)
		})
	}
}

// TestCBORRefusedAsSmithyRefuses: bodies smithy-go's decoder refuses (keys
// that are no text, simple values a request has no use for, nesting past
// 128 levels) are SerializationExceptions, though unknown members hold
// them, and nesting up to the bound is read.
func TestCBORRefusedAsSmithyRefuses(t *testing.T) {
	nested := func(lists int) []byte {
		return cborMembers("Unknown", append(bytes.Repeat([]byte{0x81}, lists-1), 0x80))
	}
	for name, body := range map[string][]byte{
		"a number for a key":            {0xa1, 0x01, 0x02},
		"a byte string for a key":       {0xa1, 0x41, 'a', 0x02},
		"simple value 0":                cborMembers("Unknown", []byte{0xe0}),
		"a one-byte simple value":       cborMembers("Unknown", []byte{0xf8, 0x20}),
		"a list 128 levels down":        nested(128),
		"a text key in chunks of bytes": {0xbf, 0x7f, 0x41, 'a', 0xff, 0x01, 0xff},
		"a chunk of indefinite length":  cborMembers("Unknown", []byte{0x7f, 0x7f, 0xff, 0xff}),
	} {
		_, err := cbor.Decode(body)
		require.Error(t, err, "smithy-go refuses %s", name)
		var ser *SerializationError
		assert.ErrorAs(t, Decode(CBOR, body, &kinesis.GetRecordsInput{}), &ser, name)
	}
	_, err := cbor.Decode(nested(127))
	require.NoError(t, err)
	assert.NoError(t, Decode(CBOR, nested(127), &kinesis.GetRecordsInput{}), "a list 127 levels down")
}

// FuzzCBORDecode: no body makes the CBOR decoder panic, and every failure
// is a SerializationError; a body it accepts is one whole item, and a map
// to smithy-go's decoder too.
func FuzzCBORDecode(f *testing.F) {
	f.Add([]byte{0xbf, 0xff})
	f.Add([]byte{0xa1, 0x67, 'R', 'e', 'c', 'o', 'r', 'd', 's', 0x81, 0xa1, 0x64, 'D', 'a', 't', 'a', 0x41, 0x01})
	f.Add([]byte{0xa0, 0xff, 0x00})
	f.Fuzz(func(t *testing.T, body []byte) {
		err := Decode(CBOR, body, &kinesis.PutRecordsInput{})
		if err != nil {
			var ser *SerializationError
			if !errors.As(err, &ser) {
				t.Fatalf("%x: %T %v", body, err, err)
			}
			return
		}
		if !cborWellformed(body) {
			t.Fatalf("%x accepted, not one whole item", body)
		}
		if v, err := cbor.Decode(body); err != nil {
			t.Fatalf("%x accepted, refused by smithy-go: %v", body, err)
		} else if _, ok := v.(cbor.Map); !ok {
			t.Fatalf("%x accepted, no map to smithy-go: %T", body, v)
		}
	})
}
