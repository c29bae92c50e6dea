package wire

import (
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"
)

// Parse parses the body of a CBOR 1.1 request: cborWhole checks that the
// body is one whole item (lengths within the body, nothing after it), then
// smithy-go's encoding/cbor parses it, and it must be a map.
func (cborCodec) Parse(body []byte) (Body, bool) {
	if !cborWhole(body) {
		return nil, false
	}
	v, err := cbor.Decode(body)
	m, isMap := v.(cbor.Map)
	return cborBody(m), err == nil && isMap
}

// cborBody is a parsed CBOR request body.
type cborBody cbor.Map

// Decode fills in, a pointer to an SDK input struct, with the body's
// values by member name, as the JSON codec does, with the same leniencies
// (unknown members and nulls ignored, numbers truncated to integers) and
// the same SerializationException texts for values of the wrong type. A
// timestamp is epoch milliseconds, under tag 1 or not; a blob is a byte
// string.
func (b cborBody) Decode(in any) error {
	return cborObject(cbor.Map(b), reflect.ValueOf(in).Elem())
}

// cborKind is the kind of a decoded value, for mismatch texts.
func cborKind(v cbor.Value) valueKind {
	switch v.(type) {
	case cbor.Bool:
		return kindBool
	case cbor.Uint, cbor.NegInt, cbor.Float32, cbor.Float64:
		return kindNumber
	case cbor.String:
		return kindString
	case cbor.List:
		return kindList
	case cbor.Map:
		return kindMap
	}
	return kindOther
}

// cborValue stores v in target. A null or undefined leaves target as it is.
func cborValue(v cbor.Value, target reflect.Value) error {
	switch v.(type) {
	case *cbor.Nil, *cbor.Undefined:
		return nil
	}
	if target.Kind() == reflect.Pointer {
		p := reflect.New(target.Type().Elem())
		if err := cborFill(v, p.Elem()); err != nil {
			return err
		}
		target.Set(p)
		return nil
	}
	return cborFill(v, target)
}

// cborFill stores v (not null) in target.
func cborFill(v cbor.Value, target reflect.Value) error {
	t := target.Type()
	switch {
	case t == timeType:
		ms, ok := cborMillis(v)
		if !ok {
			return mismatch(cborKind(v), "milliseconds since epoch")
		}
		target.Set(reflect.ValueOf(time.UnixMilli(ms).UTC()))
	case t.Kind() == reflect.String:
		s, ok := v.(cbor.String)
		if !ok {
			return mismatch(cborKind(v), "an String")
		}
		setString(target, string(s))
	case t.Kind() == reflect.Bool:
		b, ok := v.(cbor.Bool)
		if !ok {
			if s, isString := v.(cbor.String); isString {
				return &SerializationError{Msg: "'" + strings.ToUpper(string(s)) + "' can not be converted to an Boolean"}
			}
			return mismatch(cborKind(v), "an Boolean")
		}
		target.SetBool(bool(b))
	case t.Kind() == reflect.Int32, t.Kind() == reflect.Int64:
		n, ok := cborInteger(v)
		if !ok {
			return mismatch(cborKind(v), javaIntType(t))
		}
		target.SetInt(saturate(n, t.Bits()))
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		b, ok := v.(cbor.Slice)
		if !ok {
			return mismatch(cborKind(v), "a Blob")
		}
		target.SetBytes([]byte(b))
	case t.Kind() == reflect.Slice:
		list, ok := v.(cbor.List)
		if !ok {
			return shapeMismatch(cborKind(v), "Expected list or null")
		}
		out := reflect.MakeSlice(t, 0, len(list)) // [] is present, if empty
		for _, item := range list {
			elem := reflect.New(t.Elem()).Elem()
			if err := cborValue(item, elem); err != nil {
				return err
			}
			out = reflect.Append(out, elem)
		}
		target.Set(out)
	case t.Kind() == reflect.Map:
		m, ok := v.(cbor.Map)
		if !ok {
			return shapeMismatch(cborKind(v), "Expected map or null")
		}
		out := reflect.MakeMapWithSize(t, len(m))
		for _, k := range sortedKeys(m) {
			item := m[k]
			val := reflect.New(t.Elem()).Elem()
			if err := cborValue(item, val); err != nil {
				return err
			}
			out.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), val)
		}
		target.Set(out)
	case t.Kind() == reflect.Struct:
		m, ok := v.(cbor.Map)
		if !ok {
			return shapeMismatch(cborKind(v), "Expected null")
		}
		return cborObject(m, target)
	default:
		// Unions and documents: no Kinesis input has one.
		return &SerializationError{Msg: "kinesisfake cannot decode a " + t.String()}
	}
	return nil
}

// cborObject stores a map's members in struct target, by member name.
func cborObject(m cbor.Map, target reflect.Value) error {
	fields := memberFields(target.Type())
	for _, name := range sortedKeys(m) {
		v := m[name]
		i, ok := fields[name]
		if !ok {
			continue
		}
		if err := cborValue(v, target.Field(i)); err != nil {
			return err
		}
	}
	return nil
}

// sortedKeys is m's keys in order. smithy-go decodes a CBOR map into a Go
// map, losing the order its members came in; reading them sorted makes
// the first mistyped member, whose error the request gets, the same on
// every run (JSON's is the first in the document).
func sortedKeys(m cbor.Map) []string {
	return slices.Sorted(maps.Keys(m))
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

// truncateFloat drops a float's fraction, saturating at the int64 bounds;
// NaN reads as 0.
func truncateFloat(f float64) int64 {
	switch {
	case math.IsNaN(f):
		return 0
	case f >= math.MaxInt64:
		return math.MaxInt64
	case f <= math.MinInt64:
		return math.MinInt64
	}
	return int64(f)
}

// maxEpochMillis bounds decoded timestamps as maxEpochSeconds does.
const maxEpochMillis = maxEpochSeconds * 1000

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
