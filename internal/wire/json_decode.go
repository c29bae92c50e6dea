package wire

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
)

// Wellformed reports whether body is a JSON object.
func (jsonCodec) Wellformed(body []byte) bool {
	return json.Valid(body) && bytes.HasPrefix(bytes.TrimLeft(body, " \t\r\n"), []byte("{"))
}

// Decode decodes the body of a JSON 1.1 request into in, a pointer to an
// SDK input struct, the way AWS's JSON front end reads it: members by exact
// name, unknown members and nulls ignored, numbers truncated to integers,
// timestamps in epoch seconds, blobs in padded standard base64, and a
// *SerializationError for anything of the wrong JSON type.
func (jsonCodec) Decode(body []byte, in any) error {
	if !json.Valid(body) {
		return &SerializationError{}
	}
	d := jsonReader{dec: json.NewDecoder(bytes.NewReader(body))}
	d.dec.UseNumber()
	tok, _ := d.dec.Token()
	if delim, ok := tok.(json.Delim); !ok || delim != '{' {
		return &SerializationError{}
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
			return mismatch(jsonKind(tok), "milliseconds since epoch")
		}
		if err := checkNumberLength(string(n)); err != nil {
			return err
		}
		ts, err := parseEpochSeconds(string(n))
		if err != nil {
			return &SerializationError{Msg: err.Error()}
		}
		v.Set(reflect.ValueOf(ts))
	case t.Kind() == reflect.String:
		s, ok := tok.(string)
		if !ok {
			return mismatch(jsonKind(tok), "an String")
		}
		setString(v, s)
	case t.Kind() == reflect.Bool:
		b, ok := tok.(bool)
		if !ok {
			if s, isString := tok.(string); isString {
				return &SerializationError{Msg: "'" + strings.ToUpper(s) + "' can not be converted to an Boolean"}
			}
			return mismatch(jsonKind(tok), "an Boolean")
		}
		v.SetBool(b)
	case t.Kind() == reflect.Int32, t.Kind() == reflect.Int64:
		n, ok := tok.(json.Number)
		if !ok {
			return mismatch(jsonKind(tok), javaIntType(t))
		}
		if err := checkNumberLength(string(n)); err != nil {
			return err
		}
		v.SetInt(truncateNumber(string(n), t.Bits()))
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		s, ok := tok.(string)
		if !ok {
			return mismatch(jsonKind(tok), "a Blob")
		}
		b, err := decodeBlob(s)
		if err != nil {
			return err
		}
		v.SetBytes(b)
	case t.Kind() == reflect.Slice:
		if tok != json.Delim('[') {
			return shapeMismatch(jsonKind(tok), "Expected list or null")
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
			return shapeMismatch(jsonKind(tok), "Expected map or null")
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
			return shapeMismatch(jsonKind(tok), "Expected null")
		}
		return d.object(v)
	default:
		// Unions and documents: no Kinesis input has one.
		return &SerializationError{Msg: "kinesisfake cannot decode a " + t.String()}
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

// valueKind is what a member's value was, in the terms of AWS's mismatch
// texts: Coral names the Java class it decoded a scalar into, and says where
// it met an aggregate.
type valueKind int

// The kinds of value of the mismatch texts.
const (
	kindBool valueKind = iota
	kindNumber
	kindString
	kindList
	kindMap
	kindOther // a CBOR byte string or tag where none is expected
)

// jsonKind is the kind of the value that starts with tok.
func jsonKind(tok json.Token) valueKind {
	switch tok.(type) {
	case bool:
		return kindBool
	case json.Number:
		return kindNumber
	case string:
		return kindString
	}
	if tok == json.Delim('[') {
		return kindList
	}
	return kindMap
}

// mismatch is AWS's text for a scalar member given a value of another kind.
func mismatch(kind valueKind, want string) error {
	switch kind {
	case kindBool:
		return &SerializationError{Msg: "class java.lang.Boolean can not be converted to " + want}
	case kindNumber:
		return &SerializationError{Msg: "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to " + want}
	case kindString:
		return &SerializationError{Msg: "class java.lang.String can not be converted to " + want}
	case kindOther:
		return &SerializationError{Msg: "class [B can not be converted to " + want}
	}
	return shapeMismatch(kind, "")
}

// shapeMismatch is AWS's text for an aggregate member given another kind,
// or a scalar member given an object or array (scalarText empty).
func shapeMismatch(kind valueKind, scalarText string) error {
	switch kind {
	case kindList:
		return &SerializationError{Msg: "Start of list found where not expected"}
	case kindMap:
		return &SerializationError{Msg: "Start of structure or map found where not expected."}
	}
	return &SerializationError{Msg: scalarText}
}

// javaIntType names an integer member's Java type in mismatch texts.
func javaIntType(t reflect.Type) string {
	if t.Kind() == reflect.Int64 {
		return "an Long"
	}
	return "an Integer"
}

// saturate clamps x to the range of a signed integer of the given bits.
func saturate(x int64, bits int) int64 {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if bits == 32 {
		lo, hi = math.MinInt32, math.MaxInt32
	}
	return min(max(x, lo), hi)
}

// maxNumberLength is the longest number a request may carry: AWS's limit
// is not known; this one (Jackson's default) refuses a number of thousands
// of digits before anything spends time parsing it.
const maxNumberLength = 1000

// checkNumberLength refuses a number longer than maxNumberLength.
func checkNumberLength(n string) error {
	if len(n) <= maxNumberLength {
		return nil
	}
	return &SerializationError{Msg: "Number value length (" + strconv.Itoa(len(n)) + ") exceeds the maximum allowed (" + strconv.Itoa(maxNumberLength) + ")"}
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
	return saturate(x, bits)
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
		return &SerializationError{Msg: "'" + s + "' can not be converted to a Blob: " + why}
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
