package validation

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestRepeatedClassMatchesAsRegexp checks the class matcher against the
// regexp it stands in for, on the model's repeated-class patterns and
// strings at their edges: empty, non-ASCII, invalid UTF-8, and U+FFFD.
func TestRepeatedClassMatchesAsRegexp(t *testing.T) {
	patterns := map[string]bool{ // RE2 -> whether it is a repeated class
		`^(?:[a-zA-Z0-9_.-]+)$`:            true,
		`^(?:[^:*]*)$`:                     true,
		`^(?:[\.\-_/#A-Za-z0-9]+)$`:        true,
		`^(?:[0-9a-z_]+)$`:                 true,
		`^(?:\d{12})$`:                     false,
		`^(?:[a-z0-9]{20}-[a-z0-9]{3})$`:   false,
		`^(?:0|([1-9]\d{0,38}))$`:          false,
		`^(?:arn:aws.*:kinesis:.*stream/)`: false,
	}
	inputs := []string{"", "a", "my-stream_1.0", "a b", "a:b", "*", "ünïcode", "\xff", "a\xffb", "\uFFFD", "日本", "#/x", "UPPER", "tab\t"}
	for pattern, isClass := range patterns {
		c := repeatedClassOf(pattern)
		assert.Equal(t, isClass, c != nil, pattern)
		if c == nil {
			continue
		}
		re := regexp.MustCompile(pattern)
		for _, s := range inputs {
			assert.Equal(t, re.MatchString(s), c.matches(s), "%s on %q", pattern, s)
		}
	}
}

// BenchmarkStreamNamePattern is the stream-name pattern's check, by class
// and, as the floor it replaces, by the regexp.
func BenchmarkStreamNamePattern(b *testing.B) {
	p := newModelPattern("[a-zA-Z0-9_.-]+", `^(?:[a-zA-Z0-9_.-]+)$`)
	name := "orders-stream.v2_eu"
	b.Run("class", func(b *testing.B) {
		for b.Loop() {
			if !p.matches(name) {
				b.Fatal("no match")
			}
		}
	})
	b.Run("floor=regexp", func(b *testing.B) {
		for b.Loop() {
			if !p.re.MatchString(name) {
				b.Fatal("no match")
			}
		}
	})
}
