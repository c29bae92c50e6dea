// Package validation checks Kinesis operation inputs as the SDK client and
// AWS do, in two layers generated from AWS's service model into
// validation_gen.go:
//
//   - Required mirrors the Go SDK client's own validation middleware
//     (missing required members), so a caller fails exactly where a real
//     client fails before sending anything;
//   - Constraints reproduces AWS's server-side (Coral) validation: the
//     ValidationException texts for lengths, ranges, patterns and enums, and,
//     for requests no SDK validated, missing required members.
//
// Message joins Constraints' violations into the ValidationException's text.
// Nothing uses reflection: validating a valid PutRecord allocates nothing.
package validation

// This file holds the hand-written runtime support: the violation collector,
// the renderings of values the way Coral (Java) prints them, and Message.
// The generator is ./gen; go generate runs it.

//go:generate go run ./gen

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/kinesisfake/kinesisfake/internal/validation/javahash"
	"github.com/kinesisfake/kinesisfake/internal/wire"
)

// maxViolations is how many violations AWS reports at most: with 501 invalid
// PutRecords entries it answers "10 validation errors detected" and lists the
// first ten (recorded by kinesalite against real AWS).
const maxViolations = 10

// Bounds that stand for "no bound" in generated checks.
const (
	noMaxLen   = math.MaxInt
	noMinValue = math.MinInt64
	noMaxValue = math.MaxInt64
)

// constraintChecker collects violation messages in the order they are found.
type constraintChecker struct {
	msgs   []string
	server bool // report missing required members too
}

// full reports whether AWS's cap on reported violations is reached, so the
// remaining checks can be skipped.
func (c *constraintChecker) full() bool { return len(c.msgs) >= maxViolations }

// fail records that value (unquoted; quoted here as AWS does) at member of
// the structure at p breaks constraint.
func (c *constraintChecker) fail(p *memberPath, member, value, constraint string) {
	if c.full() {
		return
	}
	if value == wire.EmptyEnum {
		value = "" // an enum given as "" on the wire: AWS names it ''
	}
	c.msgs = append(c.msgs, "Value '"+value+"' at '"+memberPathString(p, member)+"' failed to satisfy constraint: "+constraint)
}

// null records a missing required member; AWS prints null without quotes.
func (c *constraintChecker) null(p *memberPath, member string) {
	if c.full() {
		return
	}
	c.msgs = append(c.msgs, "Value null at '"+memberPathString(p, member)+"' failed to satisfy constraint: Member must not be null")
}

// str checks a string member: pattern first, then length, the order AWS
// reports them in (an empty stream name gets the pattern message, then the
// length one). Lengths count UTF-16 code units, as Java's String.length does.
func (c *constraintChecker) str(p *memberPath, member, s string, re *modelPattern, min, max int) {
	if re != nil && !re.matches(s) {
		c.fail(p, member, s, "Member must satisfy regular expression pattern: "+re.java)
	}
	// A byte count within bounds means the unit count is too, unless the lower
	// bound exceeds 1: never fewer bytes than UTF-16 units, and a non-empty
	// string has at least one unit. This skips counting on the hot path.
	if n := len(s); n < min || n > max || min > 1 {
		if n = javaStringLen(s); n < min {
			c.fail(p, member, s, "Member must have length greater than or equal to "+strconv.Itoa(min))
		} else if n > max {
			c.fail(p, member, s, "Member must have length less than or equal to "+strconv.Itoa(max))
		}
	}
}

// blob checks a blob's length in bytes; AWS shows the blob as the
// java.nio.ByteBuffer it decoded it into. It is small enough to inline: a
// PutRecords checks 500 blobs.
func (c *constraintChecker) blob(p *memberPath, member string, n, min, max int) {
	if n < min || n > max {
		c.blobFail(p, member, n, min, max)
	}
}

// blobFail is blob for a length out of bounds.
func (c *constraintChecker) blobFail(p *memberPath, member string, n, min, max int) {
	if n < min {
		c.fail(p, member, coralBlob(n), "Member must have length greater than or equal to "+strconv.Itoa(min))
	} else {
		c.fail(p, member, coralBlob(n), "Member must have length less than or equal to "+strconv.Itoa(max))
	}
}

// num checks an integer or long against its range.
func (c *constraintChecker) num(p *memberPath, member string, x, min, max int64) {
	if x < min {
		c.fail(p, member, strconv.FormatInt(x, 10), "Member must have value greater than or equal to "+strconv.FormatInt(min, 10))
	} else if x > max {
		c.fail(p, member, strconv.FormatInt(x, 10), "Member must have value less than or equal to "+strconv.FormatInt(max, 10))
	}
}

// length records a list's or map's size violation; the caller renders the
// value only once it knows there is one.
func (c *constraintChecker) length(p *memberPath, member, value string, n, min, max int) {
	if n < min {
		c.fail(p, member, value, "Member must have length greater than or equal to "+strconv.Itoa(min))
	} else if n > max {
		c.fail(p, member, value, "Member must have length less than or equal to "+strconv.Itoa(max))
	}
}

// stringOK reports whether a list element or map key/value meets its shape's
// constraints; AWS reports such violations once for the whole collection.
func stringOK(s string, re *modelPattern, min, max int) bool {
	if re != nil && !re.matches(s) {
		return false
	}
	if n := len(s); n < min || n > max || min > 1 {
		n = javaStringLen(s)
		return n >= min && n <= max
	}
	return true
}

// memberPath is the path of a structure inside a request, built on the stack as
// the checkers descend and rendered only when a violation is reported.
type memberPath struct {
	parent *memberPath
	name   string // lowerCamel member name (Coral lowercases the first letter only)
	index  int    // 1-based position when this is a list element, else 0
}

// appendTo renders the path as AWS does: members joined by dots, a list
// element as "list.N.member" (1-based), e.g. "records.1.member".
func (p *memberPath) appendTo(b []byte) []byte {
	if p.parent != nil {
		b = p.parent.appendTo(b)
		b = append(b, '.')
	}
	b = append(b, p.name...)
	if p.index > 0 {
		b = append(b, '.')
		b = strconv.AppendInt(b, int64(p.index), 10)
		b = append(b, ".member"...)
	}
	return b
}

// memberPathString is the AWS path of a member of the structure at p.
func memberPathString(p *memberPath, member string) string {
	if p == nil {
		return member
	}
	return string(append(append(p.appendTo(nil), '.'), member...))
}

// Message joins violations, as Constraints reports them, into the message
// of AWS's ValidationException: "1 validation error detected: X" or
// "N validation errors detected: X; Y". It returns "" for none.
func Message(violations []string) string {
	switch len(violations) {
	case 0:
		return ""
	case 1:
		return "1 validation error detected: " + violations[0]
	}
	return strconv.Itoa(len(violations)) + " validation errors detected: " + strings.Join(violations, "; ")
}

// coralBlob renders a blob of n bytes as Java's ByteBuffer.toString.
func coralBlob(n int) string {
	return "java.nio.HeapByteBuffer[pos=0 lim=" + strconv.Itoa(n) + " cap=" + strconv.Itoa(n) + "]"
}

// coralList renders a list of strings as Java's List.toString: "[a, b]".
func coralList[E ~string](l []E) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, e := range l {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(e))
	}
	b.WriteByte(']')
	return b.String()
}

// coralStructList renders a list of n structures as Java's List.toString of
// Coral model objects, "[com.amazonaws.kinesis.v20131202.Shape@hash, ...]",
// hash being the element's Java hashCode in hex.
func coralStructList(shape string, n int, hash func(i int) int32) string {
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("com.amazonaws.kinesis.v20131202.")
		b.WriteString(shape)
		b.WriteByte('@')
		b.WriteString(strconv.FormatUint(uint64(uint32(hash(i))), 16))
	}
	b.WriteByte(']')
	return b.String()
}

// coralMap renders a map as Java's Map.toString, "{k=v, k2=v2}", in the
// iteration order of the Java HashMap AWS decodes it into. Go maps keep no
// wire order, so keys are taken as inserted in sorted order; only keys that
// share a bucket depend on that.
func coralMap(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('{')
	order, _ := javahash.HashMapOrder(keys)
	for i, k := range order {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(m[k])
	}
	b.WriteByte('}')
	return b.String()
}

// javaStringLen is the length of s in UTF-16 code units, as Java's String.length
// counts it: one per character, two for characters beyond U+FFFF (which take
// four bytes in UTF-8). It looks only at lead bytes, so it does not decode.
func javaStringLen(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b < 0x80, b >= 0xC0 && b < 0xF0:
			n++
		case b >= 0xF0:
			n += 2
		}
	}
	return n
}

// javaBytesHash is Java's ByteBuffer.hashCode for a buffer holding b: it
// walks the bytes backwards, as signed values.
func javaBytesHash(b []byte) int32 {
	h := int32(1)
	for i := len(b) - 1; i >= 0; i-- {
		h = 31*h + int32(int8(b[i]))
	}
	return h
}

// javaLongHash is Java's Long.hashCode (also Date.hashCode of milliseconds).
func javaLongHash(x int64) int32 { return int32(x ^ int64(uint64(x)>>32)) }

// javaBoolHash is Java's Boolean.hashCode.
func javaBoolHash(b bool) int32 {
	if b {
		return 1231
	}
	return 1237
}

// javaListHash is Java's List.hashCode of n elements.
func javaListHash(n int, hash func(i int) int32) int32 {
	h := int32(1)
	for i := 0; i < n; i++ {
		h = 31*h + hash(i)
	}
	return h
}

// javaMapHash is Java's Map.hashCode of a string map.
func javaMapHash(m map[string]string) int32 {
	var h int32
	for k, v := range m {
		h += javahash.String(k) ^ javahash.String(v)
	}
	return h
}
