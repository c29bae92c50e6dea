package wire

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"math/big"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/document"
	"github.com/aws/smithy-go/encoding/cbor"
	"github.com/aws/smithy-go/eventstream"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// The Go SDK speaks only JSON to Kinesis, so kinesisfake brings its own
// CBOR client: CBORClientProtocol, a smithyhttp.ClientProtocol a
// *kinesis.Client takes as Options.Protocol. Requests are written by the
// same cborWriter as the server's responses; responses are read by
// smithy-go's encoding/cbor and cborReader, driven by the SDK's own
// generated Deserialize methods, so what the server writes is checked by
// the SDK's model of every output, not by the code that wrote it. The tests
// run their behaviour suite through it.

// CBORClientProtocol returns the CBOR 1.1 protocol for a *kinesis.Client:
//
//	client := kinesis.New(kinesis.Options{..., Protocol: wire.CBORClientProtocol("Kinesis_20131202")})
//
// target is the prefix of X-Amz-Target. Each SubscribeToShard stream gets a
// codec of its own, so concurrent streams of one client do not share
// buffers.
func CBORClientProtocol(target string) smithyhttp.ClientProtocol {
	return &cborClient{target: target}
}

// cborClient is the protocol CBORClientProtocol returns.
type cborClient struct{ target string }

// ID names the protocol.
func (*cborClient) ID() smithy.ShapeID {
	return smithy.ShapeID{Namespace: "kinesisfake", Name: "awsCbor1_1"}
}

// SerializeRequest writes an operation's request: POST /, X-Amz-Target,
// the CBOR Content-Type, the input as a CBOR map.
func (p *cborClient) SerializeRequest(_ context.Context, schema *smithy.OperationSchema, in smithy.Serializable, req *smithyhttp.Request) error {
	req.Method = http.MethodPost
	if req.URL.Path == "" {
		req.URL.Path = "/"
	}
	req.Header.Set("X-Amz-Target", p.target+"."+schema.ID().Name)
	req.Header.Set("Content-Type", CBORContentType)
	w := &cborWriter{}
	in.Serialize(w)
	sreq, err := req.SetStream(bytes.NewReader(w.Bytes()))
	if err != nil {
		return err
	}
	*req = *sreq
	return nil
}

// DeserializeResponse reads an operation's response: a modeled exception
// of the registry (or a generic API error) for a status outside 2xx, else
// the output.
func (p *cborClient) DeserializeResponse(_ context.Context, schema *smithy.OperationSchema, types *smithy.TypeRegistry, resp *smithyhttp.Response, out smithy.Deserializable) error {
	failed := resp.StatusCode < 200 || resp.StatusCode >= 300
	if !failed && (schema.IsOutputEventStream() || schema.Output == nil) {
		return nil // an event stream is read on, message by message
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return &smithy.DeserializationError{Err: err}
	}
	if failed {
		return cborError(types, body)
	}
	if len(body) == 0 {
		return nil
	}
	d, err := newCBORReader(body)
	if err != nil {
		return &smithy.DeserializationError{Err: err, Snapshot: body}
	}
	if err := out.Deserialize(d); err != nil {
		return &smithy.DeserializationError{Err: err, Snapshot: body}
	}
	return nil
}

// cborError reads an error body: {"__type": code, "message": text}.
func cborError(types *smithy.TypeRegistry, body []byte) error {
	code, msg := "UnknownError", "UnknownError"
	if v, err := cbor.Decode(body); err == nil {
		if m, ok := v.(cbor.Map); ok {
			if s, ok := m["__type"].(cbor.String); ok {
				code = string(s)
			}
			for _, key := range []string{"message", "Message"} {
				if s, ok := m[key].(cbor.String); ok {
					msg = string(s)
				}
			}
		}
	}
	if i := strings.IndexByte(code, '#'); i >= 0 {
		code = code[i+1:]
	}
	perr, ok := types.DeserializableError(code)
	if !ok {
		return &smithy.GenericAPIError{Code: code, Message: msg}
	}
	if d, err := newCBORReader(body); err == nil {
		if err := perr.Deserialize(d); err != nil {
			return &smithy.DeserializationError{Err: err, Snapshot: body}
		}
	}
	return perr
}

// HasInitialEventMessage is true: the protocol is RPC, like JSON 1.1.
func (*cborClient) HasInitialEventMessage() bool { return true }

// SerializeEventMessage is not needed: Kinesis has no input event streams.
func (*cborClient) SerializeEventMessage(_, _ *smithy.Schema, _ smithy.Serializable, _ io.Writer) error {
	return fmt.Errorf("kinesisfake: the CBOR client writes no event streams")
}

// SerializeInitialRequest is not needed either.
func (*cborClient) SerializeInitialRequest(_ *smithy.Schema, _ smithy.Serializable, _ io.Writer) error {
	return fmt.Errorf("kinesisfake: the CBOR client writes no event streams")
}

// DeserializeInitialResponse reads the initial-response message.
func (*cborClient) DeserializeInitialResponse(_ *smithy.Schema, r io.Reader, out smithy.Deserializable) error {
	msg, err := eventstream.NewDecoder().Decode(r, nil)
	if err != nil {
		return fmt.Errorf("decode initial response: %w", err)
	}
	if t := msg.Headers.Get(eventstream.EventTypeHeader); t == nil || t.String() != "initial-response" {
		return fmt.Errorf("expected initial-response, got %v", t)
	}
	if len(msg.Payload) == 0 {
		return nil
	}
	d, err := newCBORReader(msg.Payload)
	if err != nil {
		return err
	}
	return out.Deserialize(d)
}

// DeserializeEventMessage reads the next message of a stream: an event of
// the union schema, or the exception or error that ends the stream.
func (*cborClient) DeserializeEventMessage(schema *smithy.Schema, types *smithy.TypeRegistry, r io.Reader) (smithy.Deserializable, error) {
	msg, err := eventstream.NewDecoder().Decode(r, nil)
	if err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil, io.EOF
		}
		return nil, fmt.Errorf("decode event: %w", err)
	}
	header := func(name string) string {
		if v := msg.Headers.Get(name); v != nil {
			return v.String()
		}
		return ""
	}
	switch header(eventstream.MessageTypeHeader) {
	case eventstream.EventMessageType:
		member := schema.Member(header(eventstream.EventTypeHeader))
		if member == nil {
			return nil, fmt.Errorf("unknown event %q", header(eventstream.EventTypeHeader))
		}
		entry, ok := types.LookupEntry(member.TargetID().String())
		if !ok {
			return nil, fmt.Errorf("no type for event %q", member.TargetID())
		}
		ev, ok := entry.New().(smithy.Deserializable)
		if !ok {
			return nil, fmt.Errorf("event type %s is not deserializable", member.TargetID())
		}
		d, err := newCBORReader(msg.Payload)
		if err != nil {
			return nil, err
		}
		if err := ev.Deserialize(eventstream.NewShapeDeserializer(&msg, d)); err != nil {
			return nil, err
		}
		return ev, nil
	case eventstream.ExceptionMessageType:
		code := header(eventstream.ExceptionTypeHeader)
		id := code
		if member := schema.Member(code); member != nil {
			id = member.TargetID().String()
		}
		perr, ok := types.DeserializableError(id)
		if !ok {
			return nil, &smithy.GenericAPIError{Code: code, Message: "UnknownError"}
		}
		d, err := newCBORReader(msg.Payload)
		if err != nil {
			return nil, err
		}
		if err := perr.Deserialize(d); err != nil {
			return nil, err
		}
		return nil, perr
	case eventstream.ErrorMessageType:
		return nil, &smithy.GenericAPIError{Code: header(eventstream.ErrorCodeHeader), Message: header(eventstream.ErrorMessageHeader)}
	}
	return nil, fmt.Errorf("unknown message type %q", header(eventstream.MessageTypeHeader))
}

// cborReader is a smithy.ShapeDeserializer over a CBOR document decoded by
// smithy-go's encoding/cbor: the SDK's generated Deserialize methods walk it
// member by member.
type cborReader struct {
	cur   cbor.Value // the value the next Read reads
	stack []cborFrame
}

// cborFrame is one open map or list of a cborReader.
type cborFrame struct {
	schema *smithy.Schema
	m      cbor.Map
	keys   []string // of m, sorted, so members are read in a stable order
	list   cbor.List
	next   int
}

var _ smithy.ShapeDeserializer = (*cborReader)(nil)

// newCBORReader decodes p for reading.
func newCBORReader(p []byte) (*cborReader, error) {
	v, err := cbor.Decode(p)
	if err != nil {
		return nil, err
	}
	return &cborReader{cur: v}, nil
}

// mismatch reports a value of the wrong kind.
func (d *cborReader) mismatch(want string) error {
	return fmt.Errorf("kinesisfake: CBOR %T where %s was expected", d.cur, want)
}

// ReadInt8 reads a byte.
func (d *cborReader) ReadInt8(s *smithy.Schema, v *int8) error { return readCBORInt(d, v) }

// ReadInt16 reads a short.
func (d *cborReader) ReadInt16(s *smithy.Schema, v *int16) error { return readCBORInt(d, v) }

// ReadInt32 reads an integer.
func (d *cborReader) ReadInt32(s *smithy.Schema, v *int32) error { return readCBORInt(d, v) }

// ReadInt64 reads a long.
func (d *cborReader) ReadInt64(s *smithy.Schema, v *int64) error { return readCBORInt(d, v) }

// readCBORInt reads an integer into v.
func readCBORInt[T int8 | int16 | int32 | int64](d *cborReader, v *T) error {
	n, ok := cborInteger(d.cur)
	if !ok {
		return d.mismatch("an integer")
	}
	*v = T(n)
	return nil
}

// ReadFloat32 reads a float.
func (d *cborReader) ReadFloat32(s *smithy.Schema, v *float32) error {
	f, err := cbor.AsFloat32(d.cur)
	*v = f
	return err
}

// ReadFloat64 reads a double.
func (d *cborReader) ReadFloat64(s *smithy.Schema, v *float64) error {
	f, err := cbor.AsFloat64(d.cur)
	*v = f
	return err
}

// ReadBool reads a boolean.
func (d *cborReader) ReadBool(s *smithy.Schema, v *bool) error {
	b, ok := d.cur.(cbor.Bool)
	if !ok {
		return d.mismatch("a boolean")
	}
	*v = bool(b)
	return nil
}

// ReadString reads a text string.
func (d *cborReader) ReadString(s *smithy.Schema, v *string) error {
	str, ok := d.cur.(cbor.String)
	if !ok {
		return d.mismatch("a text string")
	}
	*v = string(str)
	return nil
}

// ReadBlob reads a byte string.
func (d *cborReader) ReadBlob(s *smithy.Schema, v *[]byte) error {
	b, ok := d.cur.(cbor.Slice)
	if !ok {
		return d.mismatch("a byte string")
	}
	*v = slices.Clone([]byte(b))
	return nil
}

// ReadTime reads a timestamp: tag 1 around epoch milliseconds.
func (d *cborReader) ReadTime(s *smithy.Schema, v *time.Time) error {
	ms, ok := cborMillis(d.cur)
	if !ok {
		return d.mismatch("a timestamp")
	}
	*v = time.UnixMilli(ms).UTC()
	return nil
}

// ReadBigInt reads an integer as a big one (none in Kinesis).
func (d *cborReader) ReadBigInt(s *smithy.Schema, v *big.Int) error {
	n, err := cbor.AsBigInt(d.cur)
	if err == nil {
		v.Set(n)
	}
	return err
}

// ReadBigFloat reads a number as a big decimal (none in Kinesis).
func (d *cborReader) ReadBigFloat(s *smithy.Schema, v *big.Float) error {
	f, err := cbor.AsFloat64(d.cur)
	if err == nil {
		v.SetFloat64(f)
	}
	return err
}

// ReadNil reports whether the value is null or undefined.
func (d *cborReader) ReadNil(s *smithy.Schema) (bool, error) {
	switch d.cur.(type) {
	case *cbor.Nil, *cbor.Undefined:
		return true, nil
	}
	return false, nil
}

// ReadStruct opens a map as a structure.
func (d *cborReader) ReadStruct(s *smithy.Schema) error {
	m, ok := d.cur.(cbor.Map)
	if !ok {
		return d.mismatch("a map")
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	d.stack = append(d.stack, cborFrame{schema: s, m: m, keys: keys})
	return nil
}

// ReadStructMember moves to the structure's next member the schema knows
// and returns its schema, or closes the structure and returns nil.
func (d *cborReader) ReadStructMember() (*smithy.Schema, error) {
	top := &d.stack[len(d.stack)-1]
	for top.next < len(top.keys) {
		k := top.keys[top.next]
		top.next++
		if member := top.schema.Member(k); member != nil {
			d.cur = top.m[k]
			return member, nil
		}
	}
	d.stack = d.stack[:len(d.stack)-1]
	return nil, nil
}

// ReadUnion reads a one-member map as a union (none in Kinesis outputs).
func (d *cborReader) ReadUnion(s *smithy.Schema) (*smithy.Schema, error) {
	if err := d.ReadStruct(s); err != nil {
		return nil, err
	}
	return d.ReadStructMember()
}

// ReadDocument is not needed: Kinesis has no document members.
func (d *cborReader) ReadDocument(s *smithy.Schema, v *document.Value) error {
	return fmt.Errorf("kinesisfake: the CBOR client reads no documents")
}

// ReadList opens a list.
func (d *cborReader) ReadList(s *smithy.Schema) error {
	l, ok := d.cur.(cbor.List)
	if !ok {
		return d.mismatch("a list")
	}
	d.stack = append(d.stack, cborFrame{schema: s, list: l})
	return nil
}

// ReadListItem moves to the next item, or closes the list and returns false.
func (d *cborReader) ReadListItem(s *smithy.Schema) (bool, error) {
	top := &d.stack[len(d.stack)-1]
	if top.next < len(top.list) {
		d.cur = top.list[top.next]
		top.next++
		return true, nil
	}
	d.stack = d.stack[:len(d.stack)-1]
	return false, nil
}

// ReadMap opens a map.
func (d *cborReader) ReadMap(s *smithy.Schema) error { return d.ReadStruct(s) }

// ReadMapKey moves to the next entry and returns its key, or closes the
// map and returns false.
func (d *cborReader) ReadMapKey(s *smithy.Schema) (string, bool, error) {
	top := &d.stack[len(d.stack)-1]
	if top.next < len(top.keys) {
		k := top.keys[top.next]
		top.next++
		d.cur = top.m[k]
		return k, true, nil
	}
	d.stack = d.stack[:len(d.stack)-1]
	return "", false, nil
}

// cborInteger reads a number as an integer, truncating a fraction and
// saturating at the int64 bounds.
func cborInteger(v cbor.Value) (int64, bool) {
	switch n := v.(type) {
	case cbor.Uint:
		return int64(min(uint64(n), math.MaxInt64)), true
	case cbor.NegInt:
		// smithy-go's NegInt(k) stands for -k, and NegInt(0) for -2^64.
		if n == 0 || uint64(n) > math.MaxInt64 {
			return math.MinInt64, true
		}
		return -int64(n), true
	case cbor.Float32:
		return truncateFloat(float64(n)), true
	case cbor.Float64:
		return truncateFloat(float64(n)), true
	}
	return 0, false
}

// cborMillis reads a timestamp: epoch milliseconds, under tag 1 (AWS's
// form) or bare.
func cborMillis(v cbor.Value) (int64, bool) {
	if tag, ok := v.(*cbor.Tag); ok {
		if tag.ID != 1 {
			return 0, false
		}
		v = tag.Value
	}
	ms, ok := cborInteger(v)
	return min(max(ms, -maxEpochMillis), maxEpochMillis), ok
}
