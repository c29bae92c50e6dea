package wire

import (
	"math"
	"reflect"
	"time"
)

// Parse checks the body of a CBOR 1.1 request (cborWellformed): one map
// and nothing else, every length within the body, keys all text. Its
// members are read only when the body is decoded, straight from its bytes
// into the input struct, with no tree built in between.
func (cborCodec) Parse(body []byte) (Body, bool) {
	ok := len(body) > 0 && body[0]>>5 == cborMajorMap && cborWellformed(body)
	return cborBody(body), ok
}

// cborBody is a CBOR request body that Parse checked.
type cborBody []byte

// Decode fills in, a pointer to an SDK input struct, from the body, member
// by member in the order they come, exactly as the JSON codec reads a
// document: the same leniencies (unknown members and nulls ignored,
// numbers truncated to integers, a member given twice read twice) and the
// same SerializationException texts for values of the wrong type. A
// timestamp is epoch milliseconds, under tag 1 or not; a blob is a byte
// string.
func (b cborBody) Decode(in any) error {
	r := cborInputReader{b: b}
	return r.object(reflect.ValueOf(in).Elem())
}

// The major types of CBOR (RFC 8949, 3.1).
const (
	cborMajorUint   = 0
	cborMajorNegInt = 1
	cborMajorBytes  = 2
	cborMajorText   = 3
	cborMajorList   = 4
	cborMajorMap    = 5
	cborMajorTag    = 6
	cborMajorSimple = 7
)

// The simple values and float heads of major type 7 that a request may
// hold (smithy-go's decoder refuses the others).
const (
	cborFalse     = 20
	cborTrue      = 21
	cborNull      = 22
	cborUndefined = 23
	cborFloat16   = 25
	cborFloat32   = 26
	cborFloat64   = 27
)

// cborInputReader reads a body that cborWellformed accepted into Go values: it
// trusts the body's structure, so each read is one step, never a check.
type cborInputReader struct {
	b   []byte
	pos int
}

// head decodes the head of the item at the reader, without moving it.
func (r *cborInputReader) head() (major byte, arg uint64, n int, indefinite bool) {
	major, arg, n, indefinite, _ = cborHeadOf(r.b[r.pos:])
	return major, arg, n, indefinite
}

// kind is the kind of the item at the reader, for mismatch texts; null is
// true for null and undefined, which leave a member as it is.
func (r *cborInputReader) kind() (kind valueKind, null bool) {
	switch major, info := r.b[r.pos]>>5, r.b[r.pos]&0x1f; major {
	case cborMajorUint, cborMajorNegInt:
		return kindNumber, false
	case cborMajorText:
		return kindString, false
	case cborMajorList:
		return kindList, false
	case cborMajorMap:
		return kindMap, false
	case cborMajorSimple:
		switch info {
		case cborFalse, cborTrue:
			return kindBool, false
		case cborNull, cborUndefined:
			return kindOther, true
		}
		return kindNumber, false // a float: cborWellformed let no other through
	}
	return kindOther, false // a byte string, or a tag
}

// skip moves the reader past the item at it.
func (r *cborInputReader) skip() {
	n, _ := cborItem(r.b[r.pos:], 0)
	r.pos += n
}

// value reads the next item into v. A null or undefined leaves v as it is.
func (r *cborInputReader) value(v reflect.Value) error {
	if _, null := r.kind(); null {
		r.pos++
		return nil
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

// fill reads the next item (not null) into v.
func (r *cborInputReader) fill(v reflect.Value) error {
	kind, _ := r.kind()
	t := v.Type()
	switch {
	case t == timeType:
		ms, ok := r.millis()
		if !ok {
			return mismatch(kind, "milliseconds since epoch")
		}
		v.Set(reflect.ValueOf(time.UnixMilli(ms).UTC()))
	case t.Kind() == reflect.String:
		if kind != kindString {
			return mismatch(kind, "an String")
		}
		setString(v, string(r.str()))
	case t.Kind() == reflect.Bool:
		switch kind {
		case kindBool:
			v.SetBool(r.b[r.pos]&0x1f == cborTrue)
			r.pos++
		case kindString:
			return booleanMismatch(r.str())
		default:
			return mismatch(kind, "an Boolean")
		}
	case t.Kind() == reflect.Int32, t.Kind() == reflect.Int64:
		n, ok := r.integer()
		if !ok {
			return mismatch(kind, javaIntType(t))
		}
		v.SetInt(saturate(n, t.Bits()))
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		if r.b[r.pos]>>5 != cborMajorBytes {
			return mismatch(kind, "a Blob")
		}
		v.SetBytes(r.str())
	case t.Kind() == reflect.Slice:
		if kind != kindList {
			return shapeMismatch(kind, "Expected list or null")
		}
		if v.IsNil() {
			v.Set(reflect.MakeSlice(t, 0, 0)) // [] is present, if empty
		}
		return r.each(func([]byte) error {
			// As JSON's: a duplicate member's elements follow the first's.
			return r.value(nextElem(v))
		})
	case t.Kind() == reflect.Map:
		if kind != kindMap {
			return shapeMismatch(kind, "Expected map or null")
		}
		m := reflect.MakeMap(t)
		err := r.each(func(name []byte) error { return mapMember(m, name, r.value) })
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

// object reads a map into struct v, member by member.
func (r *cborInputReader) object(v reflect.Value) error {
	fields := memberFields(v.Type())
	return r.each(func(name []byte) error {
		i, ok := fields[string(name)]
		if !ok {
			r.skip()
			return nil
		}
		return r.value(v.Field(i))
	})
}

// each reads the list or map at the reader, calling item for each element
// or member with the reader at its value (and, for a map, the member's
// name), and moves the reader past the list or map.
func (r *cborInputReader) each(item func(name []byte) error) error {
	major, arg, n, indefinite := r.head()
	r.pos += n
	for i := uint64(0); indefinite || i < arg; i++ {
		if indefinite && r.b[r.pos] == 0xff {
			r.pos++
			break
		}
		var name []byte
		if major == cborMajorMap {
			name = r.str() // a key: cborWellformed let only text through
		}
		if err := item(name); err != nil {
			return err
		}
	}
	return nil
}

// str reads the byte or text string at the reader: the body's own bytes,
// or, for one of indefinite length, its chunks joined.
func (r *cborInputReader) str() []byte {
	_, arg, n, indefinite := r.head()
	r.pos += n
	if !indefinite {
		s := r.b[r.pos : r.pos+int(arg) : r.pos+int(arg)]
		r.pos += int(arg)
		return s
	}
	s := []byte{}
	for r.b[r.pos] != 0xff {
		s = append(s, r.str()...)
	}
	r.pos++
	return s
}

// integer reads a number as an integer, truncating a fraction and
// saturating at the int64 bounds; false, and the reader unmoved, for an
// item that is no number.
func (r *cborInputReader) integer() (int64, bool) {
	major, arg, n, _ := r.head()
	var x int64
	switch {
	case major == cborMajorUint:
		x = int64(min(arg, math.MaxInt64))
	case major == cborMajorNegInt: // -1 - arg
		x = math.MinInt64
		if arg < math.MaxInt64 {
			x = -1 - int64(arg)
		}
	case major == cborMajorSimple && n > 1:
		x = truncateFloat(cborFloat(r.b[r.pos]&0x1f, arg))
	default:
		return 0, false
	}
	r.pos += n
	return x, true
}

// cborFloat is the value of a float head's argument: half, single or
// double precision (info 25, 26, 27).
func cborFloat(info byte, bits uint64) float64 {
	switch info {
	case cborFloat16:
		return float16(uint16(bits))
	case cborFloat32:
		return float64(math.Float32frombits(uint32(bits)))
	}
	return math.Float64frombits(bits)
}

// float16 is the value of an IEEE 754 half-precision float.
func float16(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp, frac := int(h>>10&0x1f), float64(h&0x3ff)
	switch exp {
	case 0: // zero and subnormals
		return sign * math.Ldexp(frac, -24)
	case 0x1f:
		if frac != 0 {
			return math.NaN()
		}
		return math.Inf(int(sign))
	}
	return sign * math.Ldexp(1024+frac, exp-25)
}

// millis reads a timestamp: epoch milliseconds, under tag 1 (AWS's form)
// or bare; false, and the reader unmoved, for anything else.
func (r *cborInputReader) millis() (int64, bool) {
	start := r.pos
	if major, id, n, _ := r.head(); major == cborMajorTag {
		if id != 1 {
			return 0, false
		}
		r.pos += n
	}
	ms, ok := r.integer()
	if !ok {
		r.pos = start
		return 0, false
	}
	return min(max(ms, -maxEpochMillis), maxEpochMillis), true
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
