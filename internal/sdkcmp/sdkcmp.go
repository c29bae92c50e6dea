// Package sdkcmp compares the SDK's structs in tests: by their exported
// fields, with go-cmp, ignoring the response metadata only the real client
// fills.
package sdkcmp

import (
	"reflect"

	"github.com/aws/smithy-go/middleware"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// Structs is the go-cmp option that compares v's SDK structs, and every
// struct reachable from them, by their exported fields.
func Structs(v any) cmp.Option {
	seen := map[reflect.Type]bool{}
	var structs []any
	var walk func(reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] || t.PkgPath() == "time" {
			return
		}
		seen[t] = true
		structs = append(structs, reflect.New(t).Elem().Interface())
		for i := 0; i < t.NumField(); i++ {
			walk(t.Field(i).Type)
		}
	}
	walk(reflect.TypeOf(v))
	return cmp.Options{cmpopts.IgnoreTypes(middleware.Metadata{}), cmpopts.IgnoreUnexported(structs...)}
}
