package wire

import (
	"encoding/base64"
	"math"
	"math/big"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/document"
	"github.com/aws/smithy-go/encoding"
	smithytime "github.com/aws/smithy-go/time"
	"github.com/aws/smithy-go/traits"
)

// jsonCodec is the JSON 1.1 protocol: blobs in base64, timestamps in epoch
// seconds with a fraction.
type jsonCodec struct{}

// ContentType returns JSONContentType.
func (jsonCodec) ContentType() string { return JSONContentType }

// Encode encodes an output as a JSON object.
func (jsonCodec) Encode(v smithy.Serializable) []byte {
	return encodeOutput(&jsonWriter{buf: make([]byte, 0, sizeHint(v, 4))}, v)
}

// Error encodes an error as AWS's JSON 1.1 protocol does.
func (jsonCodec) Error(code, messageKey, msg string) []byte {
	b := []byte(`{"__type":`)
	b = appendJSONString(b, code)
	if msg != "" {
		b = append(b, ',')
		b = appendJSONString(b, messageKey)
		b = append(b, ':')
		b = appendJSONString(b, msg)
	}
	return append(b, '}')
}

// Writer returns a JSON writer.
func (jsonCodec) Writer() ShapeWriter { return &jsonWriter{} }

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
		w.buf = appendMemberName(w.buf, s.MemberName())
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

// noOutputShape reports whether an operation without an output shape was written.
func (w *jsonWriter) noOutputShape() bool { return w.noOutput }

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
	// Epoch seconds with the milliseconds as a fraction, written from the
	// integer: the decimal a float formatter would give, without one. Read
	// back by the SDK (as a float64) or by parseEpochSeconds, it is the same
	// millisecond.
	w.prefix(s)
	ms := v.UnixMilli()
	sec, frac := ms/1000, ms%1000
	if frac < 0 {
		sec, frac = sec-1, frac+1000
	}
	if sec < 0 && frac != 0 {
		// -1.5 s is written -1.5, not -2 and a positive fraction.
		w.buf = append(w.buf, '-')
		sec, frac = -sec-1, 1000-frac
	}
	w.buf = strconv.AppendInt(w.buf, sec, 10)
	if frac != 0 {
		digits := [4]byte{'.', byte('0' + frac/100), byte('0' + frac/10%10), byte('0' + frac%10)}
		n := 4
		for digits[n-1] == '0' {
			n--
		}
		w.buf = append(w.buf, digits[:n]...)
	}
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
	writeDocument(w, s, v, func(s *smithy.Schema, n document.Number) {
		w.prefix(s)
		w.buf = append(w.buf, n...)
	})
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

// appendJSONString appends s as a JSON string, as encoding/json writes it
// but without its HTML escapes: control characters, quotes and backslashes
// escaped, invalid UTF-8 as U+FFFD, everything else as it is.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	i := 0
	for i < len(s) && plainJSON[s[i]] {
		i++ // the common case: nothing to escape
	}
	if i == len(s) {
		b = append(b, s...)
		return append(b, '"')
	}
	start := 0
	for i < len(s) {
		c := s[i]
		if plainJSON[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, "\\ufffd"...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			// As encoding/json: JavaScript reads these as line ends.
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendMemberName appends a member name as an object key and its colon.
// Smithy member names are identifiers, which need no escapes; anything else
// takes the general path.
func appendMemberName(b []byte, name string) []byte {
	for i := 0; i < len(name); i++ {
		if c := name[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return append(appendJSONString(b, name), ':')
		}
	}
	b = append(b, '"')
	b = append(b, name...)
	return append(b, '"', ':')
}

// plainJSON marks the bytes a JSON string holds as they are: ASCII but
// control characters, the quote and the backslash.
var plainJSON = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// hexDigits are the digits of \u escapes.
const hexDigits = "0123456789abcdef"

// writeDocument writes a document value with w's methods; number writes a
// number, which each format spells its own way.
func writeDocument(w smithy.ShapeSerializer, s *smithy.Schema, v document.Value, number func(*smithy.Schema, document.Number)) {
	switch v := v.(type) {
	case document.Boolean:
		w.WriteBool(s, bool(v))
	case document.Number:
		number(s, v)
	case document.String:
		w.WriteString(s, string(v))
	case document.List:
		w.WriteList(s)
		for _, item := range v {
			writeDocument(w, nil, item, number)
		}
		w.CloseList()
	case document.Map:
		w.WriteMap(s)
		for k, item := range v {
			w.WriteKey(nil, k)
			writeDocument(w, nil, item, number)
		}
		w.CloseMap()
	default:
		w.WriteNil(s)
	}
}
