package kinesisfake_test

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake"
)

// methodSet maps a type's exported method names to their signatures.
func methodSet(t reflect.Type) map[string]reflect.Type {
	out := make(map[string]reflect.Type, t.NumMethod())
	for i := 0; i < t.NumMethod(); i++ {
		m := t.Method(i)
		out[m.Name] = m.Type
	}
	return out
}

// stripReceiver drops the receiver from a method's function type, so that
// methods of different types can be compared.
func stripReceiver(ft reflect.Type) string {
	in := make([]reflect.Type, 0, ft.NumIn())
	for i := 1; i < ft.NumIn(); i++ {
		in = append(in, ft.In(i))
	}
	out := make([]reflect.Type, 0, ft.NumOut())
	for i := 0; i < ft.NumOut(); i++ {
		out = append(out, ft.Out(i))
	}
	return reflect.FuncOf(in, out, ft.IsVariadic()).String()
}

// TestMethodSetsMatchTheClient proves that KinesisAPI, *kinesis.Client and
// *Fake have exactly the same methods with the same signatures, so a program
// that declares an interface over the client accepts the fake, and an SDK
// upgrade that adds an operation fails here until the fake has it.
func TestMethodSetsMatchTheClient(t *testing.T) {
	api := reflect.TypeFor[kinesisfake.KinesisAPI]()
	client := methodSet(reflect.TypeFor[*kinesis.Client]())
	fake := methodSet(reflect.TypeFor[*kinesisfake.Fake]())

	want := make(map[string]string, api.NumMethod())
	for i := 0; i < api.NumMethod(); i++ {
		m := api.Method(i)
		want[m.Name] = m.Type.String()
	}
	clientSigs := make(map[string]string, len(client))
	for name, ft := range client {
		clientSigs[name] = stripReceiver(ft)
	}
	assert.Equal(t, want, clientSigs, "KinesisAPI must list exactly the methods of *kinesis.Client")

	for name, sig := range want {
		ft, ok := fake[name]
		if assert.True(t, ok, "*Fake lacks %s", name) {
			assert.Equal(t, sig, stripReceiver(ft), "signature of (*Fake).%s", name)
		}
	}
	require.Len(t, want, 46, "45 operations and Options at the pinned SDK version")
}
