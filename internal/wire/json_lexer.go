package wire

import (
	"errors"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonLexer reads a JSON document from its bytes, checking the grammar as
// it goes, so a body is parsed once rather than validated by json.Valid and
// then read again. It accepts exactly what json.Valid accepts (nesting to
// maxNestingDepth levels included) and reads strings exactly as
// encoding/json does, so the codec's answers are those it gave when it was
// built on encoding/json.
//
// Its methods start at the lexer's position, past any whitespace, and leave
// it after what they read; any of them fails with errMalformed where the
// document breaks the grammar.
type jsonLexer struct {
	data    []byte
	pos     int    // the next byte to read
	depth   int    // the arrays and objects open at pos
	scratch []byte // the text of the last string that needed unescaping
}

// errMalformed is a document that is not JSON: the lexer's only error,
// which the codec answers with a SerializationException without a message.
var errMalformed = errors.New("malformed JSON")

// maxNestingDepth is how deeply json.Valid lets arrays and objects nest.
const maxNestingDepth = 10000

// jsonValid reports whether body is one JSON value, as json.Valid does.
func jsonValid(body []byte) bool {
	l := jsonLexer{data: body}
	return l.skip() == nil && l.end() == nil
}

// peek skips whitespace and returns the byte there without reading it, 0
// at the end of the document (no value starts with a NUL byte either).
func (l *jsonLexer) peek() byte {
	for ; l.pos < len(l.data); l.pos++ {
		switch c := l.data[l.pos]; c {
		case ' ', '\t', '\r', '\n':
		default:
			return c
		}
	}
	return 0
}

// end checks that nothing but whitespace is left.
func (l *jsonLexer) end() error {
	if l.peek(); l.pos != len(l.data) {
		return errMalformed
	}
	return nil
}

// skip reads past a value of any kind.
func (l *jsonLexer) skip() error {
	switch l.peek() {
	case '{', '[':
		return l.each(func([]byte) error { return l.skip() })
	case '"':
		_, err := l.str()
		return err
	case 't', 'f':
		_, err := l.boolean()
		return err
	case 'n':
		return l.word("null")
	}
	_, err := l.number()
	return err
}

// each reads an array or an object, the lexer at its '[' or '{', calling
// read for each element or member with the lexer at its value: for a
// member, after its name (given as name, which is valid until the next
// string is read) and colon; for an element, with a nil name. read must
// read the value; an error it returns ends the walk.
func (l *jsonLexer) each(read func(name []byte) error) error {
	object := l.data[l.pos] == '{'
	end := byte(']')
	if object {
		end = '}'
	}
	l.pos++
	if l.depth++; l.depth > maxNestingDepth {
		return errMalformed
	}
	for i := 0; ; i++ {
		c := l.peek()
		if c == end {
			l.pos++
			l.depth--
			return nil
		}
		if i > 0 {
			// After the comma a value must follow, which a closing
			// delimiter is not: read (or the name) refuses it.
			if c != ',' {
				return errMalformed
			}
			l.pos++
		}
		var name []byte
		if object {
			var err error
			if name, err = l.name(); err != nil {
				return err
			}
		}
		if err := read(name); err != nil {
			return err
		}
	}
}

// name reads a member's name and the colon after it.
func (l *jsonLexer) name() ([]byte, error) {
	if l.peek() != '"' {
		return nil, errMalformed
	}
	name, err := l.str()
	if err != nil {
		return nil, err
	}
	if l.peek() != ':' {
		return nil, errMalformed
	}
	l.pos++
	return name, nil
}

// word reads the literal w (true, false or null).
func (l *jsonLexer) word(w string) error {
	if len(l.data)-l.pos < len(w) || string(l.data[l.pos:l.pos+len(w)]) != w {
		return errMalformed
	}
	l.pos += len(w)
	return nil
}

// boolean reads true or false.
func (l *jsonLexer) boolean() (bool, error) {
	if l.peek() == 't' {
		return true, l.word("true")
	}
	return false, l.word("false")
}

// number reads a number and returns its text, as json.Number keeps it:
// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?. What may follow it (a
// digit after a leading 0 may not) is for the caller's grammar to check.
func (l *jsonLexer) number() ([]byte, error) {
	l.peek()
	start := l.pos
	l.accept('-')
	if !l.accept('0') && l.digits() == 0 {
		return nil, errMalformed
	}
	if l.accept('.') && l.digits() == 0 {
		return nil, errMalformed
	}
	if l.accept('e') || l.accept('E') {
		_ = l.accept('+') || l.accept('-')
		if l.digits() == 0 {
			return nil, errMalformed
		}
	}
	return l.data[start:l.pos], nil
}

// accept reads c if it comes next.
func (l *jsonLexer) accept(c byte) bool {
	if l.pos < len(l.data) && l.data[l.pos] == c {
		l.pos++
		return true
	}
	return false
}

// digits reads decimal digits and returns how many.
func (l *jsonLexer) digits() int {
	start := l.pos
	for l.pos < len(l.data) && '0' <= l.data[l.pos] && l.data[l.pos] <= '9' {
		l.pos++
	}
	return l.pos - start
}

// str reads a string and returns its text as encoding/json reads it:
// escapes replaced, and made valid UTF-8, each byte that does not begin a
// valid UTF-8 sequence and each unpaired surrogate escape read as U+FFFD.
// The text is the document's own bytes where it has nothing to replace (a
// PutRecord's names and base64 data), or else the lexer's scratch buffer;
// either way it is valid only until the next string is read.
func (l *jsonLexer) str() ([]byte, error) {
	l.pos++ // the opening quote
	start := l.pos
	for l.pos < len(l.data) && plainJSON[l.data[l.pos]] {
		l.pos++
	}
	if l.pos < len(l.data) && l.data[l.pos] == '"' {
		l.pos++
		return l.data[start : l.pos-1], nil
	}
	buf := append(l.scratch[:0], l.data[start:l.pos]...)
	for l.pos < len(l.data) {
		switch c := l.data[l.pos]; {
		case c == '"':
			l.pos++
			l.scratch = buf
			return buf, nil
		case c == '\\':
			r, err := l.escape()
			if err != nil {
				return nil, err
			}
			buf = utf8.AppendRune(buf, r)
		case c < ' ':
			return nil, errMalformed
		case c < utf8.RuneSelf:
			buf = append(buf, c)
			l.pos++
		default:
			// Invalid UTF-8 is one byte of RuneError: encoding/json's
			// U+FFFD a byte. A sequence cannot run past the closing quote,
			// which is no continuation byte.
			r, size := utf8.DecodeRune(l.data[l.pos:])
			buf = utf8.AppendRune(buf, r)
			l.pos += size
		}
	}
	return nil, errMalformed
}

// unescaped maps the letters of JSON's two-character escapes to the
// characters they stand for; 0 for any other byte.
var unescaped = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// escape reads an escape, the lexer at its backslash, and returns the
// character it stands for. A surrogate escape followed by the escape of
// the other half of a pair is the pair's character; any other surrogate
// is U+FFFD, and what follows it is read on its own, as encoding/json does.
func (l *jsonLexer) escape() (rune, error) {
	if l.pos+1 < len(l.data) {
		if c := unescaped[l.data[l.pos+1]]; c != 0 {
			l.pos += 2
			return rune(c), nil
		}
	}
	r := l.hex4()
	if r < 0 {
		return 0, errMalformed
	}
	l.pos += 6
	if utf16.IsSurrogate(r) {
		if r = utf16.DecodeRune(r, l.hex4()); r != unicode.ReplacementChar {
			l.pos += 6
		}
	}
	return r, nil
}

// hex4 returns the code unit of the \uXXXX escape at the lexer's position
// without reading it, or -1 if no such escape is there.
func (l *jsonLexer) hex4() rune {
	if len(l.data)-l.pos < 6 || l.data[l.pos] != '\\' || l.data[l.pos+1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range l.data[l.pos+2 : l.pos+6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}
