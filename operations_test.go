package kinesisfake

import (
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOperationsAreKinesisAPI: the operations table has exactly the methods
// of KinesisAPI but Options (which a reflection test pins to
// *kinesis.Client), each named by its constant and decoding on the wire
// into the input type of the client's method.
func TestOperationsAreKinesisAPI(t *testing.T) {
	api := reflect.TypeFor[KinesisAPI]()
	for i := 0; i < api.NumMethod(); i++ {
		m := api.Method(i)
		if m.Name == "Options" {
			continue
		}
		op, ok := operations[m.Name]
		if assert.True(t, ok, "operations lacks %s", m.Name) {
			assert.Equal(t, m.Name, op.name)
			assert.Equal(t, m.Type.In(1), op.wire.input, m.Name)
		}
	}
	assert.Len(t, operations, api.NumMethod()-1)
}

// TestMisspeltOperationsPanic: a name that is no operation, in a fault, a
// call-log query or a limit, is an error the test author sees at once,
// with the name they probably meant.
func TestMisspeltOperationsPanic(t *testing.T) {
	f := New()
	tests := []struct {
		name string
		call func()
		want string
	}{
		{"Fault.Op", func() { f.InjectFault(Fault{Op: "GetRecord", Err: ErrExpiredIterator}) },
			`kinesisfake: Fault.Op "GetRecord" is no Kinesis operation (did you mean "GetRecords"?)`},
		{"Calls", func() { f.Calls("putrecords") },
			`kinesisfake: Calls "putrecords" is no Kinesis operation (did you mean "PutRecords"?)`},
		{"CallCount", func() { f.CallCount("Nothing") },
			`kinesisfake: CallCount "Nothing" is no Kinesis operation`},
		{"Limits.ControlPlane", func() {
			New(WithLimits(func(l *Limits) { l.ControlPlane["DescribeStreams"] = 1 }))
		}, `kinesisfake: Limits.ControlPlane key "DescribeStreams" is no Kinesis operation (did you mean "DescribeStream"?)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.PanicsWithValue(t, tt.want, tt.call)
		})
	}
	// The names that mean "every operation" and the constants are fine.
	require.NotPanics(t, func() {
		f.InjectFault(Fault{Err: ErrExpiredIterator}).Remove()
		f.Calls("")
		f.CallCount(OpUpdateStreamWarmThroughput)
		New(WithLimits(func(l *Limits) { l.ControlPlane[OpListShards] = 1 }))
	})
}
