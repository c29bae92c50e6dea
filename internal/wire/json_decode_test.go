package wire

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake/internal/sdkcmp"
)

// nested is depth arrays, one inside the other, as an unknown member's
// value in an object: depth+1 levels of nesting in all.
func nested(depth int) string {
	return `{"x":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `}`
}

// digits is a number of n digits.
func digits(n int) string { return "1" + strings.Repeat("0", n-1) }

// malformed marks a case whose body does not parse: AWS answers it with a
// SerializationException without a message.
const malformed = ""

// TestDecodeJSONEdges pins the JSON reader's behaviour on the inputs a
// hand-written lexer gets wrong most easily, with the results
// encoding/json's Decoder gave the earlier reader: strings unescaped and
// coerced to UTF-8 as encoding/json does (each invalid byte and each lone
// surrogate a U+FFFD), numbers kept as their text, nesting to 10,000
// levels, nothing but whitespace after the object, and a body that does
// not parse refused as such even where a member of the wrong type comes
// first.
func TestDecodeJSONEdges(t *testing.T) {
	type tagsIn = kinesis.AddTagsToStreamInput
	type putIn = kinesis.PutRecordInput
	type recordsIn = kinesis.PutRecordsInput
	type getIn = kinesis.GetRecordsInput
	cases := []struct {
		name string
		body string
		want any    // the decoded input, when decoding succeeds
		into any    // else an input of the type to decode into
		err  string // and the SerializationException text (malformed for none)
	}{
		// Strings.
		{"short escapes", `{"StreamName":"a\"b\\c\/d\b\f\n\r\te"}`, &putIn{StreamName: aws.String("a\"b\\c/d\b\f\n\r\te")}, nil, ""},
		{"unicode escapes", `{"StreamName":"\u00e9\u4E2d\u0000\uffff"}`, &putIn{StreamName: aws.String("é中\x00\uffff")}, nil, ""},
		{"surrogate pair", `{"StreamName":"\ud83d\ude00!"}`, &putIn{StreamName: aws.String("😀!")}, nil, ""},
		{"highest pair", `{"StreamName":"\uDBFF\uDFFF"}`, &putIn{StreamName: aws.String("\U0010FFFF")}, nil, ""},
		{"lone high surrogate", `{"StreamName":"\ud83dx"}`, &putIn{StreamName: aws.String("\ufffdx")}, nil, ""},
		{"high surrogate at the end", `{"StreamName":"\ud83d"}`, &putIn{StreamName: aws.String("\ufffd")}, nil, ""},
		{"lone low surrogate", `{"StreamName":"\ude00"}`, &putIn{StreamName: aws.String("\ufffd")}, nil, ""},
		{"high surrogate then a letter", `{"StreamName":"\ud83d\u0041"}`, &putIn{StreamName: aws.String("\ufffdA")}, nil, ""},
		{"two highs then a low", `{"StreamName":"\ud83d\ud83d\ude00"}`, &putIn{StreamName: aws.String("\ufffd😀")}, nil, ""},
		{"pair reversed", `{"StreamName":"\ude00\ud83d"}`, &putIn{StreamName: aws.String("\ufffd\ufffd")}, nil, ""},
		{"high surrogate then a bad escape", `{"StreamName":"\ud83d\u00G0"}`, nil, &putIn{}, malformed},
		{"UTF-8 kept", `{"StreamName":"é😀"}`, &putIn{StreamName: aws.String("é😀")}, nil, ""},
		{"invalid byte", "{\"StreamName\":\"a\xffb\"}", &putIn{StreamName: aws.String("a\ufffdb")}, nil, ""},
		{"truncated sequence", "{\"StreamName\":\"\xe2\x82\"}", &putIn{StreamName: aws.String("\ufffd\ufffd")}, nil, ""},
		{"surrogate in UTF-8", "{\"StreamName\":\"\xed\xa0\x80\"}", &putIn{StreamName: aws.String("\ufffd\ufffd\ufffd")}, nil, ""},
		{"overlong", "{\"StreamName\":\"\xc0\xaf\"}", &putIn{StreamName: aws.String("\ufffd\ufffd")}, nil, ""},
		{"DEL and high bytes kept", "{\"StreamName\":\"\x7f\"}", &putIn{StreamName: aws.String("\x7f")}, nil, ""},
		{"escaped member name", `{"Stream\u004eame":"s"}`, &putIn{StreamName: aws.String("s")}, nil, ""},
		{"invalid byte in a key", "{\"Tags\":{\"\xff\":\"v\"}}", &tagsIn{Tags: map[string]string{"\ufffd": "v"}}, nil, ""},
		{"escaped blob", `{"Data":"AA\u003d\u003d"}`, &putIn{Data: []byte{0}}, nil, ""},
		{"escaped boolean text", `{"EnforceConsumerDeletion":"y\u00e9s"}`, nil, &kinesis.DeleteStreamInput{}, "'YÉS' can not be converted to an Boolean"},
		{"blob with non-ASCII", `{"Data":"Aé="}`, nil, &putIn{}, "'Aé=' can not be converted to a Blob: Invalid Base64 character: 'é'"},
		{"unknown escape", `{"StreamName":"\x"}`, nil, &putIn{}, malformed},
		{"single quote escape", `{"StreamName":"\'"}`, nil, &putIn{}, malformed},
		{"short unicode escape", `{"StreamName":"\u12"}`, nil, &putIn{}, malformed},
		{"bad hex", `{"StreamName":"\u12G4"}`, nil, &putIn{}, malformed},
		{"control character", "{\"StreamName\":\"a\x01\"}", nil, &putIn{}, malformed},
		{"raw newline", "{\"StreamName\":\"a\nb\"}", nil, &putIn{}, malformed},
		{"unterminated", `{"StreamName":"abc`, nil, &putIn{}, malformed},
		{"backslash at the end", `{"StreamName":"abc\`, nil, &putIn{}, malformed},
		{"unterminated in an unknown member", `{"Bogus":"abc`, nil, &putIn{}, malformed},
		{"empty enum", `{"ShardIteratorType":""}`, &kinesis.GetShardIteratorInput{ShardIteratorType: EmptyEnum}, nil, ""},
		{"empty enum in a list", `{"ShardLevelMetrics":["",null]}`, &kinesis.EnableEnhancedMonitoringInput{ShardLevelMetrics: []types.MetricsName{EmptyEnum, ""}}, nil, ""},

		// Numbers.
		{"negative zero", `{"Limit":-0}`, &getIn{Limit: aws.Int32(0)}, nil, ""},
		{"exponent with sign", `{"Limit":1E+2}`, &getIn{Limit: aws.Int32(100)}, nil, ""},
		{"tiny", `{"Limit":1e-400}`, &getIn{Limit: aws.Int32(0)}, nil, ""},
		{"fraction below one", `{"Limit":-0.999}`, &getIn{Limit: aws.Int32(0)}, nil, ""},
		{"huge", `{"Limit":1e400}`, &getIn{Limit: aws.Int32(2147483647)}, nil, ""},
		{"huge negative", `{"Limit":-1e400}`, &getIn{Limit: aws.Int32(-2147483648)}, nil, ""},
		{"1000 digits", `{"Limit":` + digits(1000) + `}`, &getIn{Limit: aws.Int32(2147483647)}, nil, ""},
		{"1001 digits", `{"Limit":` + digits(1001) + `}`, nil, &getIn{}, "Number value length (1001) exceeds the maximum allowed (1000)"},
		{"1001 digits unknown", `{"Bogus":` + digits(1001) + `}`, &getIn{}, nil, ""},
		{"timestamp beyond any era", `{"Timestamp":1e400}`, &kinesis.GetShardIteratorInput{Timestamp: aws.Time(time.Unix(1e15, 0).UTC())}, nil, ""},
		{"leading zero", `{"Limit":01}`, nil, &getIn{}, malformed},
		{"point without digits", `{"Limit":1.}`, nil, &getIn{}, malformed},
		{"point first", `{"Limit":.5}`, nil, &getIn{}, malformed},
		{"plus sign", `{"Limit":+1}`, nil, &getIn{}, malformed},
		{"exponent without digits", `{"Limit":1e}`, nil, &getIn{}, malformed},
		{"exponent sign only", `{"Limit":1e+}`, nil, &getIn{}, malformed},
		{"minus only", `{"Limit":-}`, nil, &getIn{}, malformed},
		{"two minuses", `{"Limit":--1}`, nil, &getIn{}, malformed},
		{"hex", `{"Limit":0x10}`, nil, &getIn{}, malformed},
		{"bad number unknown", `{"Bogus":1.e5}`, nil, &getIn{}, malformed},

		// Literals.
		{"false", `{"EnforceConsumerDeletion":false}`, &kinesis.DeleteStreamInput{EnforceConsumerDeletion: aws.Bool(false)}, nil, ""},
		{"short true", `{"EnforceConsumerDeletion":tru}`, nil, &kinesis.DeleteStreamInput{}, malformed},
		{"capital true", `{"EnforceConsumerDeletion":True}`, nil, &kinesis.DeleteStreamInput{}, malformed},
		{"short null", `{"Limit":nul}`, nil, &getIn{}, malformed},
		{"null then letters", `{"Limit":nullx}`, nil, &getIn{}, malformed},
		{"bare word", `{"Limit":x}`, nil, &getIn{}, malformed},

		// Nulls.
		{"null members", `{"StreamName":null,"Data":null,"Records":null}`, &putIn{}, nil, ""},
		{"null in a list", `{"Records":[null,{"PartitionKey":"k"}]}`, &recordsIn{Records: []types.PutRecordsRequestEntry{{}, {PartitionKey: aws.String("k")}}}, nil, ""},
		{"null string in a list", `{"TagKeys":["a",null]}`, &kinesis.RemoveTagsFromStreamInput{TagKeys: []string{"a", ""}}, nil, ""},
		{"null in a map", `{"Tags":{"k":null}}`, &tagsIn{Tags: map[string]string{"k": ""}}, nil, ""},

		// Duplicate members.
		{"duplicate string", `{"StreamName":"a","StreamName":"b"}`, &putIn{StreamName: aws.String("b")}, nil, ""},
		{"duplicate then null", `{"StreamName":"a","StreamName":null}`, &putIn{StreamName: aws.String("a")}, nil, ""},
		{"duplicate list", `{"TagKeys":["a"],"TagKeys":["b"]}`, &kinesis.RemoveTagsFromStreamInput{TagKeys: []string{"a", "b"}}, nil, ""},
		{"duplicate map", `{"Tags":{"a":"1"},"Tags":{"b":"2"}}`, &tagsIn{Tags: map[string]string{"b": "2"}}, nil, ""},
		{"duplicate map key", `{"Tags":{"a":"1","a":"2"}}`, &tagsIn{Tags: map[string]string{"a": "2"}}, nil, ""},
		{"duplicate structure", `{"ShardFilter":{"Type":"AT_LATEST"},"ShardFilter":{"ShardId":"s"}}`,
			&kinesis.ListShardsInput{ShardFilter: &types.ShardFilter{ShardId: aws.String("s")}}, nil, ""},

		// Layout.
		{"whitespace everywhere", " \t\r\n{ \t\r\n\"StreamName\" \t\r\n: \t\r\n\"s\" \t\r\n, \"TagKeys\" : [ \"a\" , \"b\" ] , \"Bogus\" : { \"x\" : [ 1 , true ] } \t\r\n} \t\r\n",
			&kinesis.RemoveTagsFromStreamInput{StreamName: aws.String("s"), TagKeys: []string{"a", "b"}}, nil, ""},
		{"other whitespace", "{\f}", nil, &putIn{}, malformed},
		{"empty body", ``, nil, &putIn{}, malformed},
		{"whitespace only", " \n", nil, &putIn{}, malformed},
		{"null body", `null`, nil, &putIn{}, malformed},
		{"array body", `[]`, nil, &putIn{}, malformed},
		{"string body", `"x"`, nil, &putIn{}, malformed},
		{"number body", `1`, nil, &putIn{}, malformed},
		{"byte order mark", "\xef\xbb\xbf{}", nil, &putIn{}, malformed},
		{"NUL", "{}\x00", nil, &putIn{}, malformed},
		{"trailing letter", `{}x`, nil, &putIn{}, malformed},
		{"trailing brace", `{}}`, nil, &putIn{}, malformed},
		{"trailing comma after", `{},`, nil, &putIn{}, malformed},
		{"second object", `{} {}`, nil, &putIn{}, malformed},
		{"unclosed", `{"StreamName":"s"`, nil, &putIn{}, malformed},
		{"unclosed list", `{"TagKeys":["a"}`, nil, &kinesis.RemoveTagsFromStreamInput{}, malformed},
		{"trailing comma", `{"StreamName":"s",}`, nil, &putIn{}, malformed},
		{"trailing comma in a list", `{"TagKeys":["a",]}`, nil, &kinesis.RemoveTagsFromStreamInput{}, malformed},
		{"trailing comma unknown", `{"Bogus":[1,]}`, nil, &putIn{}, malformed},
		{"leading comma", `{,"StreamName":"s"}`, nil, &putIn{}, malformed},
		{"leading comma in a list", `{"TagKeys":[,"a"]}`, nil, &kinesis.RemoveTagsFromStreamInput{}, malformed},
		{"missing comma", `{"StreamName":"s" "Data":"AA=="}`, nil, &putIn{}, malformed},
		{"missing colon", `{"StreamName" "s"}`, nil, &putIn{}, malformed},
		{"number key", `{1:2}`, nil, &putIn{}, malformed},
		{"mismatched close", `{"Bogus":[}`, nil, &putIn{}, malformed},
		{"10,000 levels", nested(9999), &putIn{}, nil, ""},
		{"10,001 levels", nested(10000), nil, &putIn{}, malformed},

		// Which error wins.
		{"mismatch, then not JSON", `{"Limit":"5",`, nil, &getIn{}, malformed},
		{"mismatch, then garbage", `{"Limit":"5"} x`, nil, &getIn{}, malformed},
		{"mismatch, then too deep", `{"Limit":"5","x":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}`, nil, &getIn{}, malformed},
		{"first mismatch", `{"Limit":"5","ShardIterator":5}`, nil, &getIn{}, "class java.lang.String can not be converted to an Integer"},
		{"mismatch on a bad value", `{"ShardIterator":-x}`, nil, &getIn{}, malformed},
		{"unknown members unchecked", `{"Bogus":{"Limit":"x"}}`, &getIn{}, nil, ""},
		{"list in a list", `{"Records":[[]]}`, nil, &recordsIn{}, "Start of list found where not expected"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			checkDecode(t, JSON, []byte(tc.body), tc.want, tc.into, tc.err)
		})
	}
}

// checkDecode decodes body with codec and checks the result: the input
// want, if not nil, or else a SerializationException with the text msg
// decoding into an input of into's type.
func checkDecode(t *testing.T, codec Codec, body []byte, want, into any, msg string) {
	t.Helper()
	in := want
	if in == nil {
		in = into
	}
	in = newOf(in)
	err := Decode(codec, body, in)
	if want != nil {
		require.NoError(t, err)
		assert.Empty(t, cmp.Diff(want, in, sdkcmp.Structs(in)))
		return
	}
	var ser *SerializationError
	require.ErrorAs(t, err, &ser)
	assert.Equal(t, msg, ser.Msg)
}

// newOf returns a pointer to a new zero value of the type v points to.
func newOf(v any) any {
	return reflect.New(reflect.TypeOf(v).Elem()).Interface()
}

// TestWellformedJSON: a body is well formed if it is one JSON object, as
// json.Valid and a look at its first byte told.
func TestWellformedJSON(t *testing.T) {
	cases := map[string]bool{
		`{}`: true, " \t\r\n{ } \t\r\n": true, `{"a":[1,{"b":null}],"c":"\ud800"}`: true, nested(9999): true,
		``: false, ` `: false, `[]`: false, `"{}"`: false, `null`: false, `{} {}`: false, `{`: false,
		`{"a":}`: false, `{"a":1,}`: false, "\xef\xbb\xbf{}": false, nested(10000): false, `{"a":"\q"}`: false,
	}
	for body, want := range cases {
		assert.Equal(t, want, Wellformed(JSON, []byte(body)), "%.40q", body)
		assert.Equal(t, want, json.Valid([]byte(body)) && strings.HasPrefix(strings.TrimLeft(body, " \t\r\n"), "{"), "%.40q: json.Valid disagrees with the case", body)
	}
}

// FuzzJSONDecode checks the JSON reader against encoding/json: it never
// panics; it refuses a body as not parsing (a SerializationException
// without a message, which no member of the wrong type gives) exactly when
// json.Valid does or the body is no object, and Wellformed agrees; and a
// string member reads as encoding/json reads it:
//
//	go test -run '^$' -fuzz FuzzJSONDecode -fuzztime 60s ./internal/wire
func FuzzJSONDecode(f *testing.F) {
	for _, seed := range []string{
		`{"StreamName":"s","PartitionKey":"k","Data":"MDEyMzQ1Njc4OWFiY2RlZg=="}`,
		`{"Records":[{"Data":"AA==","PartitionKey":"k"},null],"StreamName":"s"}`,
		`{"Tags":{"a":"b","\u00e9":null}}`, `{"Limit":-1.5e3,"ShardIterator":"x"}`, `{"Timestamp":1748779200.123}`,
		`{"ShardFilter":{"Type":"AT_TIMESTAMP","Timestamp":12}}`, `{"EnforceConsumerDeletion":"tr\ud800ue"}`,
		`{"TagKeys":["a",null,"\ud83d\ude00"]}`, `{"x":[[{"y":[true,false,null]}]]}`, "{\"a\":\"\xff\\u00\"}",
		` {"a" : 1 , } `, `{} x`, `[]`, ``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		object := json.Valid(body) && strings.HasPrefix(strings.TrimLeft(string(body), " \t\r\n"), "{")
		require.Equal(t, object, Wellformed(JSON, body), "Wellformed")
		require.Equal(t, json.Valid(body), jsonValid(body), "jsonValid")
		for _, in := range []any{&kinesis.PutRecordsInput{}, &kinesis.AddTagsToStreamInput{}, &kinesis.GetShardIteratorInput{}, &kinesis.ListShardsInput{}} {
			err := Decode(JSON, body, newOf(in))
			var ser *SerializationError
			if err != nil {
				require.ErrorAs(t, err, &ser)
			}
			require.Equal(t, !object, ser != nil && ser.Msg == "", "%T: %v", in, err)
		}

		// The body as a string member's text (where it makes one member
		// of a string).
		member := []byte(`{"StreamName":"` + string(body) + `"}`)
		var members map[string]any
		if json.Unmarshal(member, &members) != nil || len(members) != 1 {
			return
		}
		want, ok := members["StreamName"].(string)
		if !ok {
			return
		}
		var got kinesis.PutRecordInput
		require.NoError(t, Decode(JSON, member, &got))
		require.Equal(t, want, aws.ToString(got.StreamName))
	})
}

// TestForContentType: the SDKs' exact content types, and the spellings
// AWS's lenient parsing also accepts.
func TestForContentType(t *testing.T) {
	cases := map[string]Codec{
		JSONContentType: JSON, CBORContentType: CBOR,
		"Application/X-Amz-JSON-1.1; charset=utf-8": JSON, " application/x-amz-cbor-1.1 ": CBOR, "application/x-amz-json-1.1;;": JSON,
		"application/json": nil, "application/x-amz-json-1.0": nil, "": nil,
	}
	for header, want := range cases {
		assert.Equal(t, want, ForContentType(header), "%q", header)
	}
}
