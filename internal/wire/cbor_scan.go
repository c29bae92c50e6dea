package wire

import "encoding/binary"

// cborMaxDepth bounds the nesting cborWellformed follows: a list, map or
// tag at this depth is refused, as smithy-go's decoder refuses one.
const cborMaxDepth = 128

// cborWellformed reports whether body is exactly one CBOR data item that a
// request may be: its heads well formed, every length within what is left
// of the body, nothing after its end, map keys all text strings, no simple
// value but false, true, null and undefined, and no deeper than
// cborMaxDepth. These are the bodies smithy-go's encoding/cbor decodes
// whole, less two it reads wrongly (it ignores bytes after the first item,
// and reads an array or map length of 2^63 or more as empty): a body AWS
// could not read whole is a SerializationException, not a request with
// parts missing. The codec's reader then trusts the body's structure.
func cborWellformed(body []byte) bool {
	n, ok := cborItem(body, 0)
	return ok && n == len(body)
}

// cborItem returns the length of the data item at the start of b, at the
// given depth of nesting.
func cborItem(b []byte, depth int) (int, bool) {
	major, arg, head, indefinite, ok := cborHeadOf(b)
	if !ok {
		return 0, false
	}
	rest := uint64(len(b) - head)
	switch major {
	case cborMajorUint, cborMajorNegInt:
		if indefinite {
			return 0, false
		}
		return head, true
	case cborMajorBytes, cborMajorText:
		if !indefinite {
			if arg > rest {
				return 0, false
			}
			return head + int(arg), true
		}
		return cborChunks(b, head, major)
	case cborMajorList, cborMajorMap:
		if depth >= cborMaxDepth {
			return 0, false
		}
		items := arg
		if major == cborMajorMap && !indefinite {
			if items > rest/2 {
				return 0, false
			}
			items *= 2
		}
		if !indefinite && items > rest { // every item takes a byte at least
			return 0, false
		}
		at := head
		for i := uint64(0); indefinite || i < items; i++ {
			if indefinite && at < len(b) && b[at] == 0xff {
				if major == cborMajorMap && i%2 == 1 {
					return 0, false // a key without its value
				}
				return at + 1, true
			}
			if major == cborMajorMap && i%2 == 0 && (at >= len(b) || b[at]>>5 != cborMajorText) {
				return 0, false // a key that is no text
			}
			n, ok := cborItem(b[at:], depth+1)
			if !ok {
				return 0, false
			}
			at += n
		}
		return at, true
	case cborMajorTag:
		if indefinite || depth >= cborMaxDepth {
			return 0, false
		}
		n, ok := cborItem(b[head:], depth+1)
		return head + n, ok
	default: // simple values and floats; a break here is out of place
		switch b[0] & 0x1f {
		case cborFalse, cborTrue, cborNull, cborUndefined, cborFloat16, cborFloat32, cborFloat64:
			return head, true
		}
		return 0, false
	}
}

// cborChunks is the length of an indefinite-length string whose head is
// head bytes long: definite strings of the same major type up to a break.
func cborChunks(b []byte, head int, major byte) (int, bool) {
	at := head
	for at < len(b) {
		if b[at] == 0xff {
			return at + 1, true
		}
		if b[at]>>5 != major || b[at]&0x1f == 31 { // chunks are definite
			return 0, false
		}
		n, ok := cborItem(b[at:], 0)
		if !ok {
			return 0, false
		}
		at += n
	}
	return 0, false
}

// cborHeadOf decodes the head at the start of b: its major type, its
// argument, its length in bytes, and whether it opens an indefinite-length
// item (argument 31).
func cborHeadOf(b []byte) (major byte, arg uint64, n int, indefinite, ok bool) {
	if len(b) == 0 {
		return 0, 0, 0, false, false
	}
	major, info := b[0]>>5, b[0]&0x1f
	switch {
	case info < 24:
		return major, uint64(info), 1, false, true
	case info == 31:
		return major, 0, 1, true, major >= 2 && major != 6
	case info > 27:
		return 0, 0, 0, false, false
	}
	size := 1 << (info - 24) // 1, 2, 4 or 8 bytes
	if len(b) < 1+size {
		return 0, 0, 0, false, false
	}
	var v [8]byte
	copy(v[8-size:], b[1:1+size])
	return major, binary.BigEndian.Uint64(v[:]), 1 + size, false, true
}
