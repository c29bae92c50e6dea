package wire

import (
	"context"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	smithytime "github.com/aws/smithy-go/time"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake/internal/sdkcmp"
)

// codecTime is a millisecond whose nearest float64 in seconds lies below
// it, so a reader that truncates carelessly gets the millisecond before.
var codecTime = time.UnixMilli(1748779200123).UTC()

// populate sets every exported field of the struct v points to, and of the
// structs inside it, to a value that is not the zero value, so a codec that
// drops or misnames any member fails a round trip.
func populate(v reflect.Value, depth int) {
	for i := 0; i < v.NumField(); i++ {
		sf := v.Type().Field(i)
		if !sf.IsExported() || sf.Type == reflect.TypeFor[middleware.Metadata]() {
			continue
		}
		populateValue(v.Field(i), sf.Name, depth)
	}
}

// populateValue sets one value; name makes strings differ between members.
func populateValue(v reflect.Value, name string, depth int) {
	t := v.Type()
	switch {
	case t == timeType:
		v.Set(reflect.ValueOf(codecTime.Add(time.Duration(depth) * time.Millisecond)))
	case t.Kind() == reflect.Pointer:
		p := reflect.New(t.Elem())
		populateValue(p.Elem(), name, depth)
		v.Set(p)
	case t.Kind() == reflect.String:
		v.SetString(name + "-value")
	case t.Kind() == reflect.Bool:
		v.SetBool(true)
	case t.Kind() == reflect.Int32, t.Kind() == reflect.Int64:
		v.SetInt(int64(7 + depth))
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		v.SetBytes([]byte{0, 1, 2, 0xfe, 0xff})
	case t.Kind() == reflect.Slice:
		s := reflect.MakeSlice(t, 2, 2)
		for i := 0; i < 2; i++ {
			populateValue(s.Index(i), fmt.Sprintf("%s%d", name, i), depth+1)
		}
		v.Set(s)
	case t.Kind() == reflect.Map:
		m := reflect.MakeMap(t)
		for i := 0; i < 2; i++ {
			val := reflect.New(t.Elem()).Elem()
			populateValue(val, fmt.Sprintf("%s%d", name, i), depth+1)
			m.SetMapIndex(reflect.ValueOf(fmt.Sprintf("key%d", i)).Convert(t.Key()), val)
		}
		v.Set(m)
	case t.Kind() == reflect.Struct && depth < 6:
		populate(v, depth+1)
	}
}

// populated returns a new *T with every member set.
func populated(t reflect.Type) reflect.Value {
	v := reflect.New(t.Elem())
	populate(v.Elem(), 0)
	return v
}

// sdkOperation is one operation of *kinesis.Client: its name and the
// types of its input and output.
type sdkOperation struct {
	name          string
	input, output reflect.Type
}

// sdkOperations lists every operation of *kinesis.Client, read off its
// methods: all of them take (context, *Input, ...optFns) and return
// (*Output, error).
func sdkOperations() []sdkOperation {
	var ops []sdkOperation
	client := reflect.TypeFor[*kinesis.Client]()
	for i := range client.NumMethod() {
		m := client.Method(i)
		if m.Type.NumIn() != 4 || m.Type.NumOut() != 2 {
			continue // Options
		}
		ops = append(ops, sdkOperation{name: m.Name, input: m.Type.In(2), output: m.Type.Out(0)})
	}
	return ops
}

// TestSDKOperations: every operation of the client is listed, 45 of them.
func TestSDKOperations(t *testing.T) {
	assert.Len(t, sdkOperations(), 45)
}

// TestInputsRoundTrip encodes a fully populated input of every operation
// with the SDK's own generated Serialize (model member names) in each codec
// and decodes it with the codec's Decode (Go field names): equality proves
// the two name every member alike, nested ones included, and that every
// kind of value survives both formats.
func TestInputsRoundTrip(t *testing.T) {
	for _, codec := range []Codec{JSON, CBOR} {
		for _, op := range sdkOperations() {
			t.Run(codec.ContentType()+"/"+op.name, func(t *testing.T) {
				in := populated(op.input)
				w := codec.Writer()
				in.Interface().(smithy.Serializable).Serialize(w)
				body := w.Bytes()
				require.NotEmpty(t, body)
				require.True(t, Wellformed(codec, body))
				got := reflect.New(op.input.Elem())
				require.NoError(t, Decode(codec, body, got.Interface()), "%x", body)
				assert.Empty(t, cmp.Diff(in.Interface(), got.Interface(), sdkcmp.Structs(in.Interface())), "%x", body)
			})
		}
	}
}

// TestOutputsReachTheSDK serves a fully populated output of every operation
// to a real client and checks the SDK's own deserializer reads back every
// member: the output encoding is what the SDK expects, timestamps to the
// millisecond.
func TestOutputsReachTheSDK(t *testing.T) {
	for _, op := range sdkOperations() {
		if op.name == "SubscribeToShard" {
			continue // an event stream, not a JSON body
		}
		t.Run(op.name, func(t *testing.T) {
			want := populated(op.output)
			serve := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", JSONContentType)
				_, _ = w.Write(JSON.Encode(want.Interface().(smithy.Serializable)))
			})
			client := kinesis.New(kinesis.Options{
				Region: "us-east-1", Credentials: aws.AnonymousCredentials{}, BaseEndpoint: aws.String("http://kinesisfake.invalid"),
				HTTPClient: handlerClient{serve}, Retryer: aws.NopRetryer{},
			})
			res := reflect.ValueOf(client).MethodByName(op.name).Call([]reflect.Value{
				reflect.ValueOf(context.Background()), populated(op.input),
			})
			require.Nil(t, res[1].Interface())
			assert.Empty(t, cmp.Diff(want.Interface(), res[0].Interface(), sdkcmp.Structs(want.Interface())))
		})
	}
}

// handlerClient is an SDK HTTPClient that serves each request with a
// handler in memory, through net/http's own response recorder.
type handlerClient struct{ h http.Handler }

// Do serves req.
func (c handlerClient) Do(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	c.h.ServeHTTP(rec, req)
	return rec.Result(), nil
}

// TestOutputWithoutShapeIsEmptyBody: AWS answers an operation the model
// gives no output shape with an empty body, not {}.
func TestOutputWithoutShapeIsEmptyBody(t *testing.T) {
	assert.Nil(t, JSON.Encode(&kinesis.AddTagsToStreamOutput{}))
	assert.Equal(t, `{}`, string(JSON.Encode(&kinesis.ListStreamsOutput{})))
	assert.Equal(t, `{"StreamNames":[]}`, string(JSON.Encode(&kinesis.ListStreamsOutput{StreamNames: []string{}})))
}

// TestTimestampsReadBackExactly: for every millisecond of a second, the
// seconds jsonWriter writes read back to the same millisecond, through the
// SDK's parsing (float64, then big.Float) and through decodeJSON's.
func TestTimestampsReadBackExactly(t *testing.T) {
	for ms := int64(1748779200000); ms < 1748779201000; ms++ {
		w := &jsonWriter{}
		w.WriteTime(nil, time.UnixMilli(ms))
		text := string(w.Bytes())
		f, err := strconv.ParseFloat(text, 64) // as the SDK's JSON reader
		require.NoError(t, err)
		require.Equal(t, ms, smithytime.ParseEpochSeconds(f).UnixMilli(), text)
		require.Equal(t, ms, parseEpochSeconds(text).UnixMilli(), text)
	}
}

// TestDecodeJSON checks how request members are read, AWS's leniencies
// and its SerializationException texts.
func TestDecodeJSON(t *testing.T) {
	cases := []struct {
		name string
		body string
		want any    // the decoded input, when decoding succeeds
		into any    // else an input of the type to decode into
		err  string // and the SerializationException text ("" for none)
	}{
		{"every scalar kind", `{"StreamName":"s","ShardId":"1","ShardIteratorType":"AT_TIMESTAMP","Timestamp":1748779200.123}`,
			&kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("1"), ShardIteratorType: "AT_TIMESTAMP", Timestamp: aws.Time(codecTime)}, nil, ""},
		{"timestamp in exponent form", `{"Timestamp":1.748779200123E9}`,
			&kinesis.GetShardIteratorInput{Timestamp: aws.Time(codecTime)}, nil, ""},
		{"timestamp in whole seconds", `{"Timestamp":1748779200}`,
			&kinesis.GetShardIteratorInput{Timestamp: aws.Time(time.Unix(1748779200, 0).UTC())}, nil, ""},
		{"timestamp beyond any era", `{"Timestamp":-1e300}`,
			&kinesis.GetShardIteratorInput{Timestamp: aws.Time(time.Unix(-1e15, 0).UTC())}, nil, ""},
		{"unknown members, nulls and other spellings ignored", `{"Limit":null,"ShardIterator":"i","shardIterator":"x","Bogus":{"a":[1,{"b":2}]}}`,
			&kinesis.GetRecordsInput{ShardIterator: aws.String("i")}, nil, ""},
		{"numbers truncated", `{"ShardIterator":"i","Limit":12.9}`,
			&kinesis.GetRecordsInput{ShardIterator: aws.String("i"), Limit: aws.Int32(12)}, nil, ""},
		{"integers saturate", `{"Limit":1e20}`,
			&kinesis.GetRecordsInput{Limit: aws.Int32(2147483647)}, nil, ""},
		{"blob, empty blob, list and map", `{"Records":[{"Data":"AAH/","PartitionKey":"a"},{"Data":"","PartitionKey":"b"}]}`,
			&kinesis.PutRecordsInput{Records: []types.PutRecordsRequestEntry{{Data: []byte{0, 1, 255}, PartitionKey: aws.String("a")}, {Data: []byte{}, PartitionKey: aws.String("b")}}}, nil, ""},
		{"empty list is present", `{"Records":[]}`, &kinesis.PutRecordsInput{Records: []types.PutRecordsRequestEntry{}}, nil, ""},
		{"map", `{"Tags":{"k":"v"}}`, &kinesis.AddTagsToStreamInput{Tags: map[string]string{"k": "v"}}, nil, ""},
		{"boolean", `{"EnforceConsumerDeletion":true}`, &kinesis.DeleteStreamInput{EnforceConsumerDeletion: aws.Bool(true)}, nil, ""},

		{"not JSON", `{"Limit":`, nil, &kinesis.GetRecordsInput{}, ""},
		{"not an object", `[1]`, nil, &kinesis.GetRecordsInput{}, ""},
		{"trailing garbage", `{} {}`, nil, &kinesis.GetRecordsInput{}, ""},
		{"string for integer", `{"Limit":"5"}`, nil, &kinesis.GetRecordsInput{}, "class java.lang.String can not be converted to an Integer"},
		{"boolean for long", `{"Timestamp":true}`, nil, &kinesis.GetShardIteratorInput{}, "class java.lang.Boolean can not be converted to milliseconds since epoch"},
		{"number for string", `{"ShardIterator":5}`, nil, &kinesis.GetRecordsInput{}, "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String"},
		{"object for string", `{"ShardIterator":{}}`, nil, &kinesis.GetRecordsInput{}, "Start of structure or map found where not expected."},
		{"list for string", `{"ShardIterator":[]}`, nil, &kinesis.GetRecordsInput{}, "Start of list found where not expected"},
		{"string for boolean", `{"EnforceConsumerDeletion":"yes"}`, nil, &kinesis.DeleteStreamInput{}, "'YES' can not be converted to an Boolean"},
		{"number for boolean", `{"EnforceConsumerDeletion":1}`, nil, &kinesis.DeleteStreamInput{}, "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an Boolean"},
		{"string for timestamp", `{"Timestamp":"2025-01-01"}`, nil, &kinesis.GetShardIteratorInput{}, "class java.lang.String can not be converted to milliseconds since epoch"},
		{"number for blob", `{"Data":1}`, nil, &kinesis.PutRecordInput{}, "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to a Blob"},
		{"blob length", `{"Data":"abc"}`, nil, &kinesis.PutRecordInput{}, "'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3"},
		{"blob character", `{"Data":"ab.c"}`, nil, &kinesis.PutRecordInput{}, "'ab.c' can not be converted to a Blob: Invalid Base64 character: '.'"},
		{"blob padding inside", `{"Data":"a=bc"}`, nil, &kinesis.PutRecordInput{}, "'a=bc' can not be converted to a Blob: Invalid Base64 character: '='"},
		{"blob last character", `{"Data":"YR=="}`, nil, &kinesis.PutRecordInput{}, "'YR==' can not be converted to a Blob: Invalid last non-pad Base64 character dectected"},
		{"scalar for list", `{"Records":"x"}`, nil, &kinesis.PutRecordsInput{}, "Expected list or null"},
		{"object for list", `{"Records":{}}`, nil, &kinesis.PutRecordsInput{}, "Start of structure or map found where not expected."},
		{"scalar for map", `{"Tags":1}`, nil, &kinesis.AddTagsToStreamInput{}, "Expected map or null"},
		{"list for map", `{"Tags":[]}`, nil, &kinesis.AddTagsToStreamInput{}, "Start of list found where not expected"},
		{"scalar for structure", `{"ShardFilter":"x"}`, nil, &kinesis.ListShardsInput{}, "Expected null"},
		{"list for structure", `{"ShardFilter":[]}`, nil, &kinesis.ListShardsInput{}, "Start of list found where not expected"},
		{"nested mismatch", `{"Records":[{"Data":"AA==","PartitionKey":7}]}`, nil, &kinesis.PutRecordsInput{}, "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkDecode(t, JSON, []byte(tc.body), tc.want, tc.into, tc.err)
		})
	}
}

// TestTruncateNumber checks integer reading at the edges.
func TestTruncateNumber(t *testing.T) {
	cases := []struct {
		text string
		bits int
		want int64
	}{
		{"5", 32, 5}, {"-5.9", 32, -5}, {"2147483648", 32, 2147483647}, {"-1e30", 32, -2147483648},
		{"9223372036854775808", 64, 9223372036854775807}, {"1.5e3", 64, 1500}, {"1e-9", 64, 0},
		// Exponents past big.Float's: bounded as smaller huge ones are.
		{"1e99999999999999999999", 32, 2147483647}, {"-1e99999999999999999999", 32, -2147483648},
		{"1e-99999999999999999999", 64, 0}, {"0e99999999999999999999", 64, 0}, {"-0.0E+99999999999999999999", 32, 0},
		{"1e2147483647", 64, 9223372036854775807},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, truncateNumber(tc.text, tc.bits), tc.text)
	}
}

// TestEpochSecondsOfHugeExponents: a timestamp whose exponent big.Float
// cannot hold is bounded as a merely huge one is (maxEpochSeconds), or is
// 0, rather than failing with Go's parser text.
func TestEpochSecondsOfHugeExponents(t *testing.T) {
	bound := time.Unix(maxEpochSeconds, 0).UTC()
	assert.Equal(t, bound, parseEpochSeconds("1e99999999999999999999"))
	assert.Equal(t, bound, parseEpochSeconds("1e999999999"), "the same as a huge exponent big.Float holds")
	assert.Equal(t, time.Unix(-maxEpochSeconds, 0).UTC(), parseEpochSeconds("-1e2147483647"))
	assert.Equal(t, time.Unix(0, 0).UTC(), parseEpochSeconds("1e-99999999999999999999"))
}

// TestJSONWriterShapes covers the writer's paths no Kinesis output takes:
// unions, documents, big numbers and non-finite floats.
func TestJSONWriterShapes(t *testing.T) {
	w := &jsonWriter{}
	w.WriteList(nil)
	w.WriteFloat64(nil, 1.5)
	w.WriteFloat32(nil, float32(posInf()))
	w.WriteBigInt(nil, big.NewInt(-12))
	w.WriteBigFloat(nil, big.NewFloat(0.25))
	w.WriteNil(nil)
	w.WriteInt8(nil, 1)
	w.WriteInt16(nil, 2)
	w.CloseList()
	assert.Equal(t, `[1.5,"Infinity",-12,0.25,null,1,2]`, string(w.Bytes()))
}

// posInf is +Inf without a constant expression the compiler would reject.
func posInf() float64 { x := 0.0; return 1 / x }
