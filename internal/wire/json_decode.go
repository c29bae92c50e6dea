package wire

import (
	"encoding/base64"
	"math"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Parse checks that the body of a JSON 1.1 request is one JSON object and
// nothing else. Its members are read only when the body is decoded: the
// lexer reads the document again then, which costs less than building a
// tree of it here.
func (jsonCodec) Parse(body []byte) (Body, bool) {
	l := jsonLexer{data: body}
	return jsonBody(body), l.peek() == '{' && jsonValid(body)
}

// jsonBody is a JSON request body that Parse checked.
type jsonBody []byte

// Decode fills in, a pointer to an SDK input struct, from the body, the
// way AWS's JSON front end reads it: members by exact name, unknown
// members and nulls ignored, numbers truncated to integers, timestamps in
// epoch seconds, blobs in padded standard base64, and a *SerializationError
// for anything of the wrong JSON type.
func (b jsonBody) Decode(in any) error {
	r := jsonReader{lex: jsonLexer{data: b}}
	err := r.document(reflect.ValueOf(in).Elem())
	if err == errMalformed {
		// Not on a body Parse accepted; should the reader ever disagree
		// with the lexer, the body is refused as one that does not parse.
		return &SerializationError{}
	}
	return err
}

// jsonReader reads a JSON document into Go values as it lexes it.
type jsonReader struct{ lex jsonLexer }

// timeType is time.Time, the one struct the codec treats as a scalar.
var timeType = reflect.TypeFor[time.Time]()

// document reads the whole body, an object, into struct v.
func (r *jsonReader) document(v reflect.Value) error {
	if r.lex.peek() != '{' {
		return errMalformed
	}
	if err := r.object(v); err != nil {
		return err
	}
	return r.lex.end()
}

// value reads the next value into v. null leaves v as it is.
func (r *jsonReader) value(v reflect.Value) error {
	if r.lex.peek() == 'n' {
		return r.lex.word("null")
	}
	if v.Kind() == reflect.Pointer {
		p := reflect.New(v.Type().Elem())
		if err := r.fill(p.Elem()); err != nil {
			return err
		}
		v.Set(p)
		return nil
	}
	return r.fill(v)
}

// fill reads the next value (not null) into v.
func (r *jsonReader) fill(v reflect.Value) error {
	kind, ok := jsonKind(r.lex.peek())
	if !ok {
		return errMalformed
	}
	t := v.Type()
	switch {
	case t == timeType:
		if kind != kindNumber {
			return mismatch(kind, "milliseconds since epoch")
		}
		n, err := r.number()
		if err != nil {
			return err
		}
		v.Set(reflect.ValueOf(parseEpochSeconds(n)))
	case t.Kind() == reflect.String:
		if kind != kindString {
			return mismatch(kind, "an String")
		}
		s, err := r.lex.str()
		if err != nil {
			return err
		}
		setString(v, string(s))
	case t.Kind() == reflect.Bool:
		switch kind {
		case kindBool:
			b, err := r.lex.boolean()
			if err != nil {
				return err
			}
			v.SetBool(b)
		case kindString:
			s, err := r.lex.str()
			if err != nil {
				return err
			}
			return booleanMismatch(s)
		default:
			return mismatch(kind, "an Boolean")
		}
	case t.Kind() == reflect.Int32, t.Kind() == reflect.Int64:
		if kind != kindNumber {
			return mismatch(kind, javaIntType(t))
		}
		n, err := r.number()
		if err != nil {
			return err
		}
		v.SetInt(truncateNumber(n, t.Bits()))
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		if kind != kindString {
			return mismatch(kind, "a Blob")
		}
		s, err := r.lex.str()
		if err != nil {
			return err
		}
		b, err := decodeBlob(s)
		if err != nil {
			return err
		}
		v.SetBytes(b)
	case t.Kind() == reflect.Slice:
		if kind != kindList {
			return shapeMismatch(kind, "Expected list or null")
		}
		if v.IsNil() {
			v.Set(reflect.MakeSlice(t, 0, 0)) // [] is present, if empty
		}
		return r.lex.each(func([]byte) error {
			// Each element is decoded in place at the end of the slice; a
			// duplicate member's elements follow the first one's.
			return r.value(nextElem(v))
		})
	case t.Kind() == reflect.Map:
		if kind != kindMap {
			return shapeMismatch(kind, "Expected map or null")
		}
		m := reflect.MakeMap(t)
		err := r.lex.each(func(name []byte) error { return mapMember(m, name, r.value) })
		if err != nil {
			return err
		}
		v.Set(m)
	case t.Kind() == reflect.Struct:
		if kind != kindMap {
			return shapeMismatch(kind, "Expected null")
		}
		return r.object(v)
	default:
		return undecodable(t)
	}
	return nil
}

// object reads an object into struct v, member by member.
func (r *jsonReader) object(v reflect.Value) error {
	fields := memberFields(v.Type())
	return r.lex.each(func(name []byte) error {
		i, ok := fields[string(name)]
		if !ok {
			return r.lex.skip()
		}
		return r.value(v.Field(i))
	})
}

// number reads a number for an integer or timestamp member, refusing one
// too long to parse.
func (r *jsonReader) number() (string, error) {
	n, err := r.lex.number()
	if err != nil {
		return "", err
	}
	if len(n) > maxNumberLength {
		return "", &SerializationError{Msg: "Number value length (" + strconv.Itoa(len(n)) + ") exceeds the maximum allowed (" + strconv.Itoa(maxNumberLength) + ")"}
	}
	return string(n), nil
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

// jsonKind is the kind of the value that starts with byte c; false for a
// byte no value but null starts with.
func jsonKind(c byte) (valueKind, bool) {
	switch {
	case c == '"':
		return kindString, true
	case c == 't' || c == 'f':
		return kindBool, true
	case c == '-' || '0' <= c && c <= '9':
		return kindNumber, true
	case c == '[':
		return kindList, true
	case c == '{':
		return kindMap, true
	}
	return 0, false
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

// booleanMismatch is AWS's text for a boolean member given the string s:
// Coral reads the string, upper-cased, as the boolean it is not.
func booleanMismatch(s []byte) error {
	return &SerializationError{Msg: "'" + strings.ToUpper(string(s)) + "' can not be converted to an Boolean"}
}

// undecodable is the error for a member of a type neither reader reads:
// unions and documents, which no Kinesis input has.
func undecodable(t reflect.Type) error {
	return &SerializationError{Msg: "kinesisfake cannot decode a " + t.String()}
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
		// An exponent past big.Float's range: the number is beyond every
		// bound, or below 1, as 1e999999999 and 1e-999999999 are.
		switch overflowSign(n) {
		case 1:
			return saturate(math.MaxInt64, bits)
		case -1:
			return saturate(math.MinInt64, bits)
		}
		return 0
	}
	x, _ = f.Int64() // truncates toward zero; saturates at the int64 bounds
	return saturate(x, bits)
}

// overflowSign is, for a JSON number whose exponent big.ParseFloat cannot
// hold, the sign of what it stands for once bounded: 1 or -1 for a
// nonzero mantissa and a positive exponent (huge), 0 for a zero mantissa
// or a negative exponent (0, or all but 0).
func overflowSign(n string) int {
	mantissa, exp, _ := strings.Cut(strings.ToLower(n), "e")
	if strings.HasPrefix(exp, "-") || strings.Trim(mantissa, "-0.") == "" {
		return 0
	}
	if strings.HasPrefix(mantissa, "-") {
		return -1
	}
	return 1
}

// maxEpochSeconds bounds decoded timestamps: some 31 million years either
// way, beyond any time Kinesis accepts yet still a valid time.Time, so a
// huge number fails the engine's checks instead of overflowing.
const maxEpochSeconds = 1e15

// parseEpochSeconds reads a JSON number of seconds since the epoch,
// fraction included, without going through float64, so 1748779200.123 is
// exactly that millisecond.
func parseEpochSeconds(n string) time.Time {
	f, _, err := big.ParseFloat(n, 10, 256, big.ToNearestEven)
	if err != nil {
		// An exponent past big.Float's range: bounded as a huge one is.
		f = big.NewFloat(float64(overflowSign(n)) * maxEpochSeconds)
	}
	if abs := new(big.Float).Abs(f); abs.Cmp(big.NewFloat(maxEpochSeconds)) > 0 {
		f.SetFloat64(float64(f.Sign()) * maxEpochSeconds)
	}
	sec, _ := f.Int64() // toward zero
	frac := new(big.Float).Sub(f, new(big.Float).SetInt64(sec))
	nanos, _ := frac.Mul(frac, big.NewFloat(1e9)).Float64()
	return time.Unix(sec, int64(math.Round(nanos))).UTC()
}

// decodeBlob decodes a blob member, the text of a JSON string, as AWS
// does, with AWS's texts for the three ways base64 can be wrong.
func decodeBlob(s []byte) ([]byte, error) {
	fail := func(why string) error {
		return &SerializationError{Msg: "'" + string(s) + "' can not be converted to a Blob: " + why}
	}
	if len(s)%4 != 0 {
		return nil, fail("Base64 encoded length is expected a multiple of 4 bytes but found: " + strconv.Itoa(len(s)))
	}
	for i, c := range string(s) {
		alphabet := c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
		pad := c == '=' && (i+1 == len(s) || s[i+1] == '=')
		if !alphabet && !pad {
			return nil, fail("Invalid Base64 character: '" + string(c) + "'")
		}
	}
	b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
	n, err := base64.StdEncoding.Strict().Decode(b, s)
	if err != nil {
		return nil, fail("Invalid last non-pad Base64 character dectected") // sic: AWS's spelling
	}
	return b[:n], nil
}
