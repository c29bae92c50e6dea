package wire

import (
	"encoding/binary"
	"math"
	"math/big"
	"sync"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/document"
	"github.com/aws/smithy-go/encoding/cbor"
)

// cborCodec is the CBOR 1.1 protocol (application/x-amz-cbor-1.1), the Java
// SDK's and the KCL's default for Kinesis: the JSON 1.1 protocol with CBOR
// bodies. Strings are text strings, blobs byte strings, numbers integers,
// and timestamps tag 1 holding an integer epoch in milliseconds, both ways
// (aws-sdk-java-v2#979; FIDELITY.md). A request is read straight from its
// bytes (Parse, cborInputReader), once checked as smithy-go's encoding/cbor
// would decode it (cborWellformed); smithy-go decodes only the responses
// CBORClientProtocol reads. Items are encoded by smithy-go, except the
// items a response is made of by the hundred (strings, blobs, integers,
// timestamps): their heads are appended to the response directly
// (cborHead), byte for byte as smithy-go writes them
// (TestCBORHeadsAsSmithy), because its Encode allocates twice an item (the
// boxed Value and the bytes it returns), which made a GetRecords(100)
// response 900 allocations.
type cborCodec struct{}

// ContentType returns CBORContentType.
func (cborCodec) ContentType() string { return CBORContentType }

// Encode encodes an output as a CBOR map.
func (cborCodec) Encode(v smithy.Serializable) []byte {
	return encodeOutput(&cborWriter{buf: make([]byte, 0, sizeHint(v, 3))}, v)
}

// Error encodes an error as AWS's CBOR protocol does: a map of __type and,
// when there is a text, its message.
func (cborCodec) Error(code, messageKey, msg string) []byte {
	w := &cborWriter{}
	w.open(nil, cborIndefiniteMap, true)
	w.key("__type")
	w.item(cbor.String(code))
	if msg != "" {
		w.key(messageKey)
		w.item(cbor.String(msg))
	}
	w.close()
	return w.buf
}

// Writer returns a CBOR writer.
func (cborCodec) Writer() ShapeWriter { return &cborWriter{} }

// The initial bytes of RFC 8949's indefinite-length containers (§3.2.2)
// and the "break" that ends them. AWS writes its CBOR maps so
// (FIDELITY.md: `bf 66 "__type" ... ff`); smithy-go's encoding/cbor has no
// type for them, and its definite-length Map, a Go map, would write
// members in a random order.
const (
	cborIndefiniteArray byte = 0x9f
	cborIndefiniteMap   byte = 0xbf
	cborBreak           byte = 0xff
)

// cborWriter is a smithy.ShapeSerializer writing CBOR: structures and maps
// as indefinite-length maps in the order the SDK writes their members,
// lists as indefinite-length arrays, every key and value a data item of
// smithy-go's encoding/cbor.
type cborWriter struct {
	buf      []byte
	stack    []bool // the open containers: true for a map
	noKey    bool   // the next value follows a key already written (map entry, union)
	noOutput bool   // the top-level structure has no schema: the operation has no output shape
}

var _ smithy.ShapeSerializer = (*cborWriter)(nil)

// cborKeys caches the encoding of member names: there are few, and every
// structure written repeats them.
var cborKeys sync.Map // string -> []byte

// key writes a map key.
func (w *cborWriter) key(name string) {
	enc, ok := cborKeys.Load(name)
	if !ok {
		enc, _ = cborKeys.LoadOrStore(name, cbor.Encode(cbor.String(name)))
	}
	w.buf = append(w.buf, enc.([]byte)...)
}

// prefix writes the key that precedes a value in a structure: the member
// name the schema gives.
func (w *cborWriter) prefix(s *smithy.Schema) {
	if w.noKey {
		w.noKey = false
		return
	}
	if n := len(w.stack); n > 0 && w.stack[n-1] && s != nil && s.MemberName() != "" {
		w.key(s.MemberName())
	}
}

// CBOR's major types (RFC 8949 §3.1) that cborHead writes.
const (
	cborUint   byte = 0
	cborNegInt byte = 1
	cborBytes  byte = 2
	cborText   byte = 3
	cborTag    byte = 6
)

// cborHead appends the head of a data item of major type major and
// argument arg (RFC 8949 §3): the argument in the initial byte below 24,
// else in the fewest of 1, 2, 4 or 8 bytes that follow, as smithy-go's
// encoder and AWS write it.
func cborHead(b []byte, major byte, arg uint64) []byte {
	switch m := major << 5; {
	case arg < 24:
		return append(b, m|byte(arg))
	case arg <= math.MaxUint8:
		return append(b, m|24, byte(arg))
	case arg <= math.MaxUint16:
		return binary.BigEndian.AppendUint16(append(b, m|25), uint16(arg))
	case arg <= math.MaxUint32:
		return binary.BigEndian.AppendUint32(append(b, m|26), uint32(arg))
	default:
		return binary.BigEndian.AppendUint64(append(b, m|27), arg)
	}
}

// appendCBORInt appends v as a CBOR integer: major type 1 holds -1-v.
func appendCBORInt(b []byte, v int64) []byte {
	if v < 0 {
		return cborHead(b, cborNegInt, uint64(-1-v))
	}
	return cborHead(b, cborUint, uint64(v))
}

// text writes member s's string value as a text string.
func (w *cborWriter) text(s *smithy.Schema, v string) {
	w.prefix(s)
	w.buf = append(cborHead(w.buf, cborText, uint64(len(v))), v...)
}

// integer writes member s's integer value.
func (w *cborWriter) integer(s *smithy.Schema, v int64) {
	w.prefix(s)
	w.buf = appendCBORInt(w.buf, v)
}

// item writes one data item.
func (w *cborWriter) item(v cbor.Value) {
	w.buf = append(w.buf, cbor.Encode(v)...)
}

// value writes member s's value.
func (w *cborWriter) value(s *smithy.Schema, v cbor.Value) {
	w.prefix(s)
	w.item(v)
}

// open starts a map or array as the value of member s.
func (w *cborWriter) open(s *smithy.Schema, initial byte, isMap bool) {
	w.prefix(s)
	w.buf = append(w.buf, initial)
	w.stack = append(w.stack, isMap)
}

// close ends the innermost container.
func (w *cborWriter) close() {
	w.buf = append(w.buf, cborBreak)
	w.stack = w.stack[:len(w.stack)-1]
}

// Bytes returns the CBOR written so far.
func (w *cborWriter) Bytes() []byte { return w.buf }

// noOutputShape reports whether an operation without an output shape was written.
func (w *cborWriter) noOutputShape() bool { return w.noOutput }

// WriteInt8 writes a byte member.
func (w *cborWriter) WriteInt8(s *smithy.Schema, v int8) { w.integer(s, int64(v)) }

// WriteInt16 writes a short member.
func (w *cborWriter) WriteInt16(s *smithy.Schema, v int16) { w.integer(s, int64(v)) }

// WriteInt32 writes an integer member.
func (w *cborWriter) WriteInt32(s *smithy.Schema, v int32) { w.integer(s, int64(v)) }

// WriteInt64 writes a long member.
func (w *cborWriter) WriteInt64(s *smithy.Schema, v int64) { w.integer(s, v) }

// WriteFloat32 writes a float member.
func (w *cborWriter) WriteFloat32(s *smithy.Schema, v float32) { w.value(s, cbor.Float32(v)) }

// WriteFloat64 writes a double member.
func (w *cborWriter) WriteFloat64(s *smithy.Schema, v float64) { w.value(s, cbor.Float64(v)) }

// WriteBool writes a boolean member.
func (w *cborWriter) WriteBool(s *smithy.Schema, v bool) { w.value(s, cbor.Bool(v)) }

// WriteString writes a string or enum member as a text string.
func (w *cborWriter) WriteString(s *smithy.Schema, v string) { w.text(s, v) }

// WriteBigInt writes an arbitrary-precision integer (none in Kinesis) as a
// 64-bit one when it fits, else as a double.
func (w *cborWriter) WriteBigInt(s *smithy.Schema, v *big.Int) {
	if v.IsInt64() {
		w.integer(s, v.Int64())
		return
	}
	f, _ := new(big.Float).SetInt(v).Float64()
	w.value(s, cbor.Float64(f))
}

// WriteBigFloat writes an arbitrary-precision decimal (none in Kinesis) as
// a double.
func (w *cborWriter) WriteBigFloat(s *smithy.Schema, v *big.Float) {
	f, _ := v.Float64()
	w.value(s, cbor.Float64(f))
}

// WriteBlob writes a blob as a byte string.
func (w *cborWriter) WriteBlob(s *smithy.Schema, v []byte) {
	if v == nil {
		w.WriteNil(s)
		return
	}
	w.prefix(s)
	w.buf = append(cborHead(w.buf, cborBytes, uint64(len(v))), v...)
}

// WriteTime writes a timestamp as tag 1 around its epoch milliseconds, as
// AWS's CBOR protocol does (not RFC 8949's seconds).
func (w *cborWriter) WriteTime(s *smithy.Schema, v time.Time) {
	w.prefix(s)
	w.buf = appendCBORInt(cborHead(w.buf, cborTag, 1), v.UnixMilli())
}

// WriteUnion opens a union written as a one-member map (none in Kinesis
// outside the SubscribeToShard event stream).
func (w *cborWriter) WriteUnion(schema, variant *smithy.Schema) {
	w.open(schema, cborIndefiniteMap, true)
	w.prefix(variant)
	w.noKey = true
}

// CloseUnion closes a union.
func (w *cborWriter) CloseUnion() {
	w.noKey = false
	w.close()
}

// WriteDocument writes a document value (none in Kinesis).
func (w *cborWriter) WriteDocument(s *smithy.Schema, v document.Value) {
	writeDocument(w, s, v, func(s *smithy.Schema, n document.Number) {
		if i, err := n.Int64(); err == nil {
			w.WriteInt64(s, i)
		} else if f, err := n.Float64(); err == nil {
			w.WriteFloat64(s, f)
		} else {
			w.WriteFloat64(s, math.NaN())
		}
	})
}

// WriteNil writes null.
func (w *cborWriter) WriteNil(s *smithy.Schema) { w.value(s, &cbor.Nil{}) }

// WriteStruct opens a structure. A top-level structure without a schema is
// how the SDK serializes the output of an operation the model gives no
// output shape.
func (w *cborWriter) WriteStruct(s *smithy.Schema) {
	if s == nil && len(w.stack) == 0 {
		w.noOutput = true
	}
	w.open(s, cborIndefiniteMap, true)
}

// CloseStruct closes a structure.
func (w *cborWriter) CloseStruct() { w.close() }

// WriteList opens a list.
func (w *cborWriter) WriteList(s *smithy.Schema) { w.open(s, cborIndefiniteArray, false) }

// CloseList closes a list.
func (w *cborWriter) CloseList() { w.close() }

// WriteMap opens a map.
func (w *cborWriter) WriteMap(s *smithy.Schema) { w.open(s, cborIndefiniteMap, true) }

// WriteKey writes a map key; the value written next belongs to it.
func (w *cborWriter) WriteKey(_ *smithy.Schema, key string) {
	w.buf = append(cborHead(w.buf, cborText, uint64(len(key))), key...)
	w.noKey = true
}

// CloseMap closes a map.
func (w *cborWriter) CloseMap() { w.close() }
