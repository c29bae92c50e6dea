package kinesisfake

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/document"
	"github.com/aws/smithy-go/encoding"
	smithytime "github.com/aws/smithy-go/time"
	"github.com/aws/smithy-go/traits"
)

// The JSON 1.1 codec of the wire door (http.go), both ways:
//
//   - outputs are encoded by the SDK's own generated Serialize methods into
//     jsonWriter, a smithy.ShapeSerializer: member names, nesting and which
//     members are present come from AWS's model exactly as the SDK's
//     client-side codec reads them back;
//   - inputs are decoded by reflection over the SDK's input structs (the SDK
//     generates no Deserialize for inputs), by Go field name, which is the
//     model's member name for every Kinesis shape (a test round-trips every
//     input through its generated Serialize to prove it). Type mismatches
//     fail with the SerializationException texts AWS's JSON front end
//     (Coral, in Java) gives.
//
// Neither is on the hot path, so neither tries to avoid allocations.

// encodeJSON encodes an operation output as the body of a JSON 1.1
// response. It returns nil for operations the model gives no output shape:
// AWS answers those with an empty body.
func encodeJSON(v smithy.Serializable) []byte {
	w := &jsonWriter{}
	v.Serialize(w)
	if w.noOutput {
		return nil
	}
	return w.buf
}

// jsonWriter is a smithy.ShapeSerializer writing JSON, as AWS's JSON 1.1
// protocol lays shapes out: structures and maps as objects keyed by member
// name or map key, lists as arrays, blobs in base64, timestamps in epoch
// seconds.
type jsonWriter struct {
	buf      []byte
	stack    []jsonFrame // the objects and arrays open at this point
	noKey    bool        // the next value follows a key already written (map entry, union)
	noOutput bool        // the top-level structure has no schema: the operation has no output shape
}

// jsonFrame is one open object or array.
type jsonFrame struct {
	object bool // values here are written after a key
	comma  bool // a value was written, so the next needs a comma
}

var _ smithy.ShapeSerializer = (*jsonWriter)(nil)

// prefix writes what precedes a value: a comma after an earlier value, and
// in an object the member name the schema gives.
func (w *jsonWriter) prefix(s *smithy.Schema) {
	if w.noKey {
		w.noKey = false
		return
	}
	if len(w.stack) == 0 {
		return
	}
	top := &w.stack[len(w.stack)-1]
	if top.comma {
		w.buf = append(w.buf, ',')
	}
	top.comma = true
	if top.object && s != nil && s.MemberName() != "" {
		w.buf = appendJSONString(w.buf, s.MemberName())
		w.buf = append(w.buf, ':')
	}
}

// open starts an object or array as the value of member s.
func (w *jsonWriter) open(s *smithy.Schema, delim byte, object bool) {
	w.prefix(s)
	w.buf = append(w.buf, delim)
	w.stack = append(w.stack, jsonFrame{object: object})
}

// close ends the innermost object or array.
func (w *jsonWriter) close(delim byte) {
	w.buf = append(w.buf, delim)
	w.stack = w.stack[:len(w.stack)-1]
}

// Bytes returns the JSON written so far.
func (w *jsonWriter) Bytes() []byte { return w.buf }

// WriteInt8 writes a byte member.
func (w *jsonWriter) WriteInt8(s *smithy.Schema, v int8) { w.WriteInt64(s, int64(v)) }

// WriteInt16 writes a short member.
func (w *jsonWriter) WriteInt16(s *smithy.Schema, v int16) { w.WriteInt64(s, int64(v)) }

// WriteInt32 writes an integer member.
func (w *jsonWriter) WriteInt32(s *smithy.Schema, v int32) { w.WriteInt64(s, int64(v)) }

// WriteInt64 writes a long member.
func (w *jsonWriter) WriteInt64(s *smithy.Schema, v int64) {
	w.prefix(s)
	w.buf = strconv.AppendInt(w.buf, v, 10)
}

// WriteFloat32 writes a float member.
func (w *jsonWriter) WriteFloat32(s *smithy.Schema, v float32) { w.writeFloat(s, float64(v), 32) }

// WriteFloat64 writes a double member.
func (w *jsonWriter) WriteFloat64(s *smithy.Schema, v float64) { w.writeFloat(s, v, 64) }

// writeFloat writes a number as the SDK does; JSON has no NaN or
// infinities, so Smithy sends those as strings.
func (w *jsonWriter) writeFloat(s *smithy.Schema, v float64, bits int) {
	w.prefix(s)
	switch {
	case math.IsNaN(v):
		w.buf = append(w.buf, `"NaN"`...)
	case math.IsInf(v, 1):
		w.buf = append(w.buf, `"Infinity"`...)
	case math.IsInf(v, -1):
		w.buf = append(w.buf, `"-Infinity"`...)
	default:
		w.buf = encoding.EncodeFloat(w.buf, v, bits)
	}
}

// WriteBool writes a boolean member.
func (w *jsonWriter) WriteBool(s *smithy.Schema, v bool) {
	w.prefix(s)
	w.buf = strconv.AppendBool(w.buf, v)
}

// WriteString writes a string or enum member.
func (w *jsonWriter) WriteString(s *smithy.Schema, v string) {
	w.prefix(s)
	w.buf = appendJSONString(w.buf, v)
}

// WriteBigInt writes an arbitrary-precision integer (none in Kinesis).
func (w *jsonWriter) WriteBigInt(s *smithy.Schema, v *big.Int) {
	w.prefix(s)
	w.buf = v.Append(w.buf, 10)
}

// WriteBigFloat writes an arbitrary-precision decimal (none in Kinesis).
func (w *jsonWriter) WriteBigFloat(s *smithy.Schema, v *big.Float) {
	w.prefix(s)
	w.buf = v.Append(w.buf, 'g', -1)
}

// WriteBlob writes a blob in standard base64 with padding.
func (w *jsonWriter) WriteBlob(s *smithy.Schema, v []byte) {
	w.prefix(s)
	if v == nil {
		w.buf = append(w.buf, "null"...)
		return
	}
	w.buf = append(w.buf, '"')
	w.buf = base64.StdEncoding.AppendEncode(w.buf, v)
	w.buf = append(w.buf, '"')
}

// WriteTime writes a timestamp in the format its schema names, epoch
// seconds unless a trait says otherwise (no Kinesis timestamp does).
func (w *jsonWriter) WriteTime(s *smithy.Schema, v time.Time) {
	if t, ok := smithy.SchemaTrait[*traits.TimestampFormat](s); ok {
		switch t.Format {
		case "date-time":
			w.WriteString(s, smithytime.FormatDateTime(v))
			return
		case "http-date":
			w.WriteString(s, smithytime.FormatHTTPDate(v))
			return
		}
	}
	// Milliseconds as seconds, exactly as the SDK writes its own: read back
	// by the SDK (which rounds the product to 53 bits) or by parseEpochSeconds,
	// they give the same millisecond for any time of this era.
	w.writeFloat(s, smithytime.FormatEpochSeconds(v), 64)
}

// WriteUnion opens a union written as a one-member object (none in Kinesis
// outside the SubscribeToShard event stream).
func (w *jsonWriter) WriteUnion(schema, variant *smithy.Schema) {
	w.open(schema, '{', true)
	w.prefix(variant)
	w.noKey = true
}

// CloseUnion closes a union.
func (w *jsonWriter) CloseUnion() {
	w.noKey = false
	w.close('}')
}

// WriteDocument writes a document value (none in Kinesis).
func (w *jsonWriter) WriteDocument(s *smithy.Schema, v document.Value) {
	switch v := v.(type) {
	case document.Boolean:
		w.WriteBool(s, bool(v))
	case document.Number:
		w.prefix(s)
		w.buf = append(w.buf, v...)
	case document.String:
		w.WriteString(s, string(v))
	case document.List:
		w.WriteList(s)
		for _, item := range v {
			w.WriteDocument(nil, item)
		}
		w.CloseList()
	case document.Map:
		w.WriteMap(s)
		for k, item := range v {
			w.WriteKey(nil, k)
			w.WriteDocument(nil, item)
		}
		w.CloseMap()
	default:
		w.WriteNil(s)
	}
}

// WriteNil writes null.
func (w *jsonWriter) WriteNil(s *smithy.Schema) {
	w.prefix(s)
	w.buf = append(w.buf, "null"...)
}

// WriteStruct opens a structure. A top-level structure without a schema is
// how the SDK serializes the output of an operation the model gives no
// output shape.
func (w *jsonWriter) WriteStruct(s *smithy.Schema) {
	if s == nil && len(w.stack) == 0 {
		w.noOutput = true
	}
	w.open(s, '{', true)
}

// CloseStruct closes a structure.
func (w *jsonWriter) CloseStruct() { w.close('}') }

// WriteList opens a list.
func (w *jsonWriter) WriteList(s *smithy.Schema) { w.open(s, '[', false) }

// CloseList closes a list.
func (w *jsonWriter) CloseList() { w.close(']') }

// WriteMap opens a map.
func (w *jsonWriter) WriteMap(s *smithy.Schema) { w.open(s, '{', true) }

// WriteKey writes a map key; the value written next belongs to it.
func (w *jsonWriter) WriteKey(_ *smithy.Schema, key string) {
	top := &w.stack[len(w.stack)-1]
	if top.comma {
		w.buf = append(w.buf, ',')
	}
	top.comma = true
	w.buf = appendJSONString(w.buf, key)
	w.buf = append(w.buf, ':')
	w.noKey = true
}

// CloseMap closes a map.
func (w *jsonWriter) CloseMap() { w.close('}') }

// appendJSONString appends s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

// serializationError is AWS's SerializationException: a request body that is
// not JSON, or a member of the wrong JSON type. Its message is AWS's text,
// empty where AWS sends none (a body that does not parse).
type serializationError struct{ msg string }

// Error names the exception, as the SDK's exceptions do.
func (e *serializationError) Error() string {
	return "SerializationException: " + e.msg
}

// decodeJSON decodes the body of a JSON 1.1 request into in, a pointer to an
// SDK input struct, the way AWS's JSON front end reads it: members by exact
// name, unknown members and nulls ignored, numbers truncated to integers,
// timestamps in epoch seconds, blobs in padded standard base64, and a
// *serializationError for anything of the wrong JSON type.
func decodeJSON(body []byte, in any) error {
	if !json.Valid(body) {
		return &serializationError{}
	}
	d := jsonReader{dec: json.NewDecoder(bytes.NewReader(body))}
	d.dec.UseNumber()
	tok, _ := d.dec.Token()
	if delim, ok := tok.(json.Delim); !ok || delim != '{' {
		return &serializationError{}
	}
	return d.object(reflect.ValueOf(in).Elem())
}

// jsonReader walks a valid JSON document token by token, filling Go values.
type jsonReader struct{ dec *json.Decoder }

// timeType is time.Time, the one struct the codec treats as a scalar.
var timeType = reflect.TypeFor[time.Time]()

// next returns the next token; the document was validated before reading.
func (d *jsonReader) next() json.Token {
	tok, _ := d.dec.Token()
	return tok
}

// value reads the next value into v. null leaves v as it is.
func (d *jsonReader) value(v reflect.Value) error {
	tok := d.next()
	if tok == nil {
		return nil
	}
	if v.Kind() == reflect.Pointer {
		p := reflect.New(v.Type().Elem())
		if err := d.fill(tok, p.Elem()); err != nil {
			return err
		}
		v.Set(p)
		return nil
	}
	return d.fill(tok, v)
}

// fill stores the value starting with token tok (not null) in v.
func (d *jsonReader) fill(tok json.Token, v reflect.Value) error {
	t := v.Type()
	switch {
	case t == timeType:
		n, ok := tok.(json.Number)
		if !ok {
			return mismatch(tok, "milliseconds since epoch")
		}
		ts, err := parseEpochSeconds(string(n))
		if err != nil {
			return &serializationError{msg: err.Error()}
		}
		v.Set(reflect.ValueOf(ts))
	case t.Kind() == reflect.String:
		s, ok := tok.(string)
		if !ok {
			return mismatch(tok, "an String")
		}
		v.SetString(s)
	case t.Kind() == reflect.Bool:
		b, ok := tok.(bool)
		if !ok {
			if s, isString := tok.(string); isString {
				return &serializationError{msg: "'" + strings.ToUpper(s) + "' can not be converted to an Boolean"}
			}
			return mismatch(tok, "an Boolean")
		}
		v.SetBool(b)
	case t.Kind() == reflect.Int32, t.Kind() == reflect.Int64:
		n, ok := tok.(json.Number)
		if !ok {
			javaType := "an Integer"
			if t.Kind() == reflect.Int64 {
				javaType = "an Long"
			}
			return mismatch(tok, javaType)
		}
		v.SetInt(truncateNumber(string(n), t.Bits()))
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		s, ok := tok.(string)
		if !ok {
			return mismatch(tok, "a Blob")
		}
		b, err := decodeBlob(s)
		if err != nil {
			return err
		}
		v.SetBytes(b)
	case t.Kind() == reflect.Slice:
		if tok != json.Delim('[') {
			return shapeMismatch(tok, "Expected list or null")
		}
		for d.dec.More() {
			elem := reflect.New(t.Elem()).Elem()
			if err := d.value(elem); err != nil {
				return err
			}
			v.Set(reflect.Append(v, elem))
		}
		d.next() // ]
		if v.IsNil() {
			v.Set(reflect.MakeSlice(t, 0, 0)) // [] is present, if empty
		}
	case t.Kind() == reflect.Map:
		if tok != json.Delim('{') {
			return shapeMismatch(tok, "Expected map or null")
		}
		m := reflect.MakeMap(t)
		for d.dec.More() {
			key := reflect.New(t.Key()).Elem()
			key.SetString(d.next().(string))
			val := reflect.New(t.Elem()).Elem()
			if err := d.value(val); err != nil {
				return err
			}
			m.SetMapIndex(key, val)
		}
		d.next() // }
		v.Set(m)
	case t.Kind() == reflect.Struct:
		if tok != json.Delim('{') {
			return shapeMismatch(tok, "Expected null")
		}
		return d.object(v)
	default:
		// Unions and documents: no Kinesis input has one.
		return &serializationError{msg: "kinesisfake cannot decode a " + t.String()}
	}
	return nil
}

// object reads the members of an object whose '{' was read into struct v.
func (d *jsonReader) object(v reflect.Value) error {
	for d.dec.More() {
		name := d.next().(string)
		field, ok := v.Type().FieldByName(name)
		if !ok || !field.IsExported() || len(field.Index) != 1 {
			d.skip()
			continue
		}
		if err := d.value(v.FieldByIndex(field.Index)); err != nil {
			return err
		}
	}
	d.next() // }
	return nil
}

// skip reads past the next value.
func (d *jsonReader) skip() {
	depth := 0
	for {
		switch d.next() {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return
		}
	}
}

// mismatch is AWS's text for a scalar member given a value of another JSON
// type: Coral names the Java class it decoded the value into.
func mismatch(tok json.Token, want string) error {
	switch tok.(type) {
	case bool:
		return &serializationError{msg: "class java.lang.Boolean can not be converted to " + want}
	case json.Number:
		return &serializationError{msg: "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to " + want}
	case string:
		return &serializationError{msg: "class java.lang.String can not be converted to " + want}
	}
	return shapeMismatch(tok, "")
}

// shapeMismatch is AWS's text for an aggregate member given another JSON
// type, or a scalar member given an object or array (scalarText empty).
func shapeMismatch(tok json.Token, scalarText string) error {
	switch tok {
	case json.Delim('['):
		return &serializationError{msg: "Start of list found where not expected"}
	case json.Delim('{'):
		return &serializationError{msg: "Start of structure or map found where not expected."}
	}
	return &serializationError{msg: scalarText}
}

// truncateNumber reads a JSON number as an integer of the given bits the way
// Coral does: the fraction is dropped, and values beyond the type's range
// stop at its bounds.
func truncateNumber(n string, bits int) int64 {
	x, err := strconv.ParseInt(n, 10, bits)
	if err == nil {
		return x
	}
	f, _, perr := big.ParseFloat(n, 10, 256, big.ToZero)
	if perr != nil {
		return 0 // unreachable: the JSON was validated
	}
	x, _ = f.Int64() // truncates toward zero; saturates at the int64 bounds
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if bits == 32 {
		lo, hi = math.MinInt32, math.MaxInt32
	}
	return min(max(x, lo), hi)
}

// maxEpochSeconds bounds decoded timestamps: some 31 million years either
// way, beyond any time Kinesis accepts yet still a valid time.Time, so a
// huge number fails the engine's checks instead of overflowing.
const maxEpochSeconds = 1e15

// parseEpochSeconds reads a JSON number of seconds since the epoch,
// fraction included, without going through float64, so 1748779200.123 is
// exactly that millisecond.
func parseEpochSeconds(n string) (time.Time, error) {
	f, _, err := big.ParseFloat(n, 10, 256, big.ToNearestEven)
	if err != nil {
		return time.Time{}, err
	}
	if abs := new(big.Float).Abs(f); abs.Cmp(big.NewFloat(maxEpochSeconds)) > 0 {
		f.SetFloat64(float64(f.Sign()) * maxEpochSeconds)
	}
	sec, _ := f.Int64() // toward zero
	frac := new(big.Float).Sub(f, new(big.Float).SetInt64(sec))
	nanos, _ := frac.Mul(frac, big.NewFloat(1e9)).Float64()
	return time.Unix(sec, int64(math.Round(nanos))).UTC(), nil
}

// decodeBlob decodes a blob member as AWS does, with AWS's texts for the
// three ways base64 can be wrong.
func decodeBlob(s string) ([]byte, error) {
	fail := func(why string) error {
		return &serializationError{msg: "'" + s + "' can not be converted to a Blob: " + why}
	}
	if len(s)%4 != 0 {
		return nil, fail("Base64 encoded length is expected a multiple of 4 bytes but found: " + strconv.Itoa(len(s)))
	}
	for i, c := range s {
		alphabet := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
		pad := c == '=' && (i+1 == len(s) || s[i+1] == '=')
		if !alphabet && !pad {
			return nil, fail("Invalid Base64 character: '" + string(c) + "'")
		}
	}
	b, err := base64.StdEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, fail("Invalid last non-pad Base64 character dectected") // sic: AWS's spelling
	}
	return b, nil
}
