package validation

import (
	"regexp"
	"regexp/syntax"
	"unicode/utf8"
)

// modelPattern is a model pattern: its Java text, which messages quote, and the
// equivalent compiled RE2. Patterns that are one character class repeated
// (a stream or consumer name's [a-zA-Z0-9_.-]+) are matched by class
// instead: the regexp engine costs about 60 ns a name, a sixth of a
// PutRecord, where a table lookup per byte costs a few.
type modelPattern struct {
	java  string
	re    *regexp.Regexp
	class *repeatedClass // nil unless the pattern is one class repeated
}

// newModelPattern compiles a generated pattern once, at package initialisation.
func newModelPattern(java, re2 string) *modelPattern {
	return &modelPattern{java: java, re: regexp.MustCompile(re2), class: repeatedClassOf(re2)}
}

// matches reports whether s matches the whole pattern.
func (p *modelPattern) matches(s string) bool {
	if p.class != nil {
		return p.class.matches(s)
	}
	return p.re.MatchString(s)
}

// repeatedClass is a pattern ^(?:[class]+)$ or ^(?:[class]*)$.
type repeatedClass struct {
	ascii    [utf8.RuneSelf]bool
	ranges   []rune // the class as syntax gives it: pairs of inclusive bounds
	nonEmpty bool   // + rather than *
}

// repeatedClassOf returns the repeatedClass the RE2 pattern re2 is, or nil
// if it is anything else.
func repeatedClassOf(re2 string) *repeatedClass {
	re, err := syntax.Parse(re2, syntax.Perl)
	if err != nil {
		return nil
	}
	re = re.Simplify()
	if re.Op != syntax.OpConcat || len(re.Sub) != 3 ||
		re.Sub[0].Op != syntax.OpBeginText || re.Sub[2].Op != syntax.OpEndText {
		return nil
	}
	rep := re.Sub[1]
	for rep.Op == syntax.OpCapture {
		rep = rep.Sub[0]
	}
	if (rep.Op != syntax.OpPlus && rep.Op != syntax.OpStar) || rep.Sub[0].Op != syntax.OpCharClass {
		return nil
	}
	c := &repeatedClass{ranges: rep.Sub[0].Rune, nonEmpty: rep.Op == syntax.OpPlus}
	for r := range rune(utf8.RuneSelf) {
		c.ascii[r] = c.holds(r)
	}
	return c
}

// holds reports whether the class holds r.
func (c *repeatedClass) holds(r rune) bool {
	for i := 0; i+1 < len(c.ranges); i += 2 {
		if c.ranges[i] <= r && r <= c.ranges[i+1] {
			return true
		}
	}
	return false
}

// matches reports whether s is made of the class's characters only, as
// the regexp would: invalid UTF-8 is read as U+FFFD, one byte at a time.
func (c *repeatedClass) matches(s string) bool {
	if c.nonEmpty && s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if b := s[i]; b < utf8.RuneSelf {
			if !c.ascii[b] {
				return false
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !c.holds(r) {
			return false
		}
		i += size - 1
	}
	return true
}
