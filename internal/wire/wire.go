// Package wire holds the wire protocols of Kinesis Data Streams that
// kinesisfake's HTTP door speaks, each a Codec: JSON 1.1
// (application/x-amz-json-1.1, the AWS CLI's, boto3's and the Go SDK's) and
// CBOR 1.1 (application/x-amz-cbor-1.1, the Java SDK's and the KCL's
// default). Both carry the same operations (X-Amz-Target names one) and the
// same shapes; they differ in how a body is written.
//
// Outputs are encoded by the SDK's own generated Serialize methods into a
// codec's smithy.ShapeSerializer, so member names, nesting and which members
// are present come from AWS's model exactly as the SDK reads them back.
// Inputs are decoded by reflection over the SDK's input structs (the SDK
// generates no Deserialize for inputs), by Go field name, which is the
// model's member name for every Kinesis shape. Type mismatches fail with a
// *SerializationError carrying the text AWS's front end (Coral, in Java)
// gives.
//
// The root package's HTTP handler picks a Codec by Content-Type and uses it
// for the request, the response, errors and SubscribeToShard's event
// payloads (Events); the in-memory SDK transport goes through that handler.
package wire

import (
	"mime"
	"reflect"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
)

// Content types of the protocols.
const (
	JSONContentType = "application/x-amz-json-1.1"
	CBORContentType = "application/x-amz-cbor-1.1"
)

// Codec is one wire protocol: how request bodies become SDK inputs, and
// outputs and errors become bodies. A Codec is safe for concurrent use.
type Codec interface {
	// ContentType is the media type of the codec's bodies.
	ContentType() string
	// Parse parses a request body, whatever the operation; ok is false
	// unless it is one map (an object) in the codec's format and nothing
	// else: AWS refuses such a body before it looks at the target. The
	// door parses each body once and decodes what Parse returns.
	Parse(body []byte) (b Body, ok bool)
	// Encode encodes an operation's output as a response body. It returns
	// nil for an operation the model gives no output shape: AWS answers
	// those with an empty body.
	Encode(out smithy.Serializable) []byte
	// Error encodes an error body: the exception's code as __type and its
	// text under messageKey ("message" for modeled exceptions, "Message"
	// for the front end's own); an empty text is left out, as AWS does.
	Error(code, messageKey, msg string) []byte

	// Writer returns a fresh writer of the codec's format, into which the
	// SDK's Serialize methods write a shape: a client's request body, an
	// event's payload.
	Writer() ShapeWriter
}

// Body is a request body a Codec has parsed.
type Body interface {
	// Decode fills in, a pointer to an SDK input struct, from the body. A
	// member of the wrong type is a *SerializationError.
	Decode(in any) error
}

// Decode parses body with c and decodes it into in, a pointer to an SDK
// input struct. A body that does not parse is a *SerializationError
// without a text, as AWS answers it.
func Decode(c Codec, body []byte, in any) error {
	b, ok := c.Parse(body)
	if !ok {
		return &SerializationError{}
	}
	return b.Decode(in)
}

// Wellformed reports whether c parses body (see Codec.Parse).
func Wellformed(c Codec, body []byte) bool {
	_, ok := c.Parse(body)
	return ok
}

// ShapeWriter is a smithy.ShapeSerializer that also hands back what it
// wrote.
type ShapeWriter interface {
	smithy.ShapeSerializer
	Bytes() []byte
	// noOutputShape reports whether what was written is the output of an
	// operation the model gives no output shape (a top-level structure
	// without a schema).
	noOutputShape() bool
}

// encodeOutput serializes an operation's output with w; nil for an
// operation without an output shape, which AWS answers with an empty body.
func encodeOutput(w ShapeWriter, v smithy.Serializable) []byte {
	v.Serialize(w)
	if w.noOutputShape() {
		return nil
	}
	return w.Bytes()
}

// JSON and CBOR are the two codecs.
var (
	JSON Codec = jsonCodec{}
	CBOR Codec = cborCodec{}
)

// ForContentType returns the codec of a Content-Type header, parsed as
// leniently as AWS parses it (spaces and parameters are ignored), or nil
// for any other type.
func ForContentType(header string) Codec {
	switch header {
	case JSONContentType: // as the SDKs send it, which parses to itself
		return JSON
	case CBORContentType:
		return CBOR
	}
	mediaType, _, err := mime.ParseMediaType(header)
	if err != nil {
		mediaType, _, _ = strings.Cut(header, ";")
		mediaType = strings.ToLower(strings.TrimSpace(mediaType))
	}
	switch mediaType {
	case JSONContentType:
		return JSON
	case CBORContentType:
		return CBOR
	}
	return nil
}

// EmptyEnum is what Decode stores in an enum member given as "": Go's
// empty string would read as a member left out, while AWS checks "" as a
// value (`Value ” at 'shardIteratorType' failed to satisfy constraint:
// Member must satisfy enum value set: [...]`). No enum has this value, so
// the model's enum check refuses it, and the checks' texts print it as ”.
const EmptyEnum = "\x00empty"

// setString stores s in target, a string or an enum member.
func setString(target reflect.Value, s string) {
	if s == "" && isEnum(target.Type()) {
		s = EmptyEnum
	}
	target.SetString(s)
}

// isEnum reports whether t is one of the SDK's enum types: a named string
// type with a Values method listing its values.
func isEnum(t reflect.Type) bool {
	_, ok := t.MethodByName("Values")
	return ok && t.Kind() == reflect.String && t.PkgPath() != ""
}

// nextElem grows slice v by one zeroed element and returns it, for a
// decoder to read the next element of a list into in place.
func nextElem(v reflect.Value) reflect.Value {
	n := v.Len()
	v.Grow(1)
	v.SetLen(n + 1)
	elem := v.Index(n)
	elem.SetZero()
	return elem
}

// mapMember reads the member of map m named name with read, and stores it.
func mapMember(m reflect.Value, name []byte, read func(reflect.Value) error) error {
	t := m.Type()
	key := reflect.New(t.Key()).Elem()
	key.SetString(string(name))
	val := reflect.New(t.Elem()).Elem()
	if err := read(val); err != nil {
		return err
	}
	m.SetMapIndex(key, val)
	return nil
}

// memberFieldsOf caches memberFields by struct type.
var memberFieldsOf sync.Map // reflect.Type → map[string]int

// memberFields maps the member names of struct type t to the indexes of its
// fields: its exported fields by Go name, which is the model's member name
// (fields promoted from embedded structs are no members). Decoding looks a
// member up by the bytes of its name, without allocating; the map is
// built once a type, where reflect's FieldByName would search the struct
// at every member.
func memberFields(t reflect.Type) map[string]int {
	if m, ok := memberFieldsOf.Load(t); ok {
		return m.(map[string]int)
	}
	m := map[string]int{}
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() {
			m[f.Name] = i
		}
	}
	memberFieldsOf.Store(t, m)
	return m
}

// SerializationError is AWS's SerializationException: a request body that
// does not decode, or a member of the wrong type. Msg is AWS's text, empty
// where AWS sends none (a body that does not parse).
type SerializationError struct{ Msg string }

// Error names the exception, as the SDK's exceptions do.
func (e *SerializationError) Error() string {
	return "SerializationException: " + e.Msg
}

// sizeHint guesses how many bytes v's encoding takes, so that the writer
// allocates its buffer once: for outputs with records, their data (times
// blobScale quarters, for base64's growth) and keys and a fixed cost a
// record; small otherwise.
func sizeHint(v smithy.Serializable, blobScale int) int {
	var records []types.Record
	switch out := v.(type) {
	case *kinesis.GetRecordsOutput:
		records = out.Records
	case *types.SubscribeToShardEvent:
		records = out.Records
	case *kinesis.PutRecordsOutput:
		return 256 + 160*len(out.Records)
	}
	n := 512
	for i := range records {
		n += len(records[i].Data)*blobScale/3 + len(aws.ToString(records[i].PartitionKey)) + 160
	}
	return n
}
