package kinesisfake

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/smithy-go"
)

// lastCallsOnFailure is how many of the most recent calls NewT logs when
// its test fails.
const lastCallsOnFailure = 20

// NewT returns a Fake for the test t, as New(opts...) does, tied to t:
//
//   - when t ends, every open SubscribeToShard stream ends (as
//     ExpireSubscriptions), so readers blocked on one return;
//   - when t has failed, the last calls the Fake saw are logged through t,
//     oldest first, with the stream and shard each addressed and the error
//     it returned, so that a failure explains itself.
//
// Cleanups run last first: a server of f.Handler() that the test starts
// after NewT is closed before NewT's cleanup runs, and httptest.Server's
// Close waits for open event streams. A test that keeps subscriptions open
// over such a server ends them first (f.ExpireSubscriptions in a cleanup
// registered after the server's).
//
// Use New for a Fake that outlives a test (a server, a TestMain).
func NewT(t testing.TB, opts ...Option) *Fake {
	t.Helper()
	f := New(opts...)
	t.Cleanup(func() {
		f.ExpireSubscriptions()
		if t.Failed() {
			t.Log(f.lastCalls(lastCallsOnFailure))
		}
	})
	return f
}

// lastCalls describes the n most recent calls in the call log, one a line.
func (f *Fake) lastCalls(n int) string {
	calls := f.Calls("")
	total := f.CallCount("")
	var b strings.Builder
	switch {
	case total == 0:
		return "kinesisfake: the Fake saw no calls"
	case len(calls) == 0:
		return fmt.Sprintf("kinesisfake: the Fake saw %d calls; the call log keeps none (WithCallLogSize)", total)
	}
	if len(calls) > n {
		calls = calls[len(calls)-n:]
	}
	fmt.Fprintf(&b, "kinesisfake: the last %d of %d calls:", len(calls), total)
	for _, c := range calls {
		b.WriteString("\n  ")
		b.WriteString(f.describeCall(c))
	}
	return b.String()
}

// describeCall is one line of lastCalls: the call's time on the Fake's
// clock, its operation, what it addressed and how it ended.
func (f *Fake) describeCall(c Call) string {
	var b strings.Builder
	b.WriteString(c.Time.UTC().Format("15:04:05.000"))
	b.WriteString(" ")
	b.WriteString(c.Op)
	if c.Input != nil {
		t := f.targetOf(c.Op, c.Input)
		if t.stream != "" {
			b.WriteString(" " + t.stream)
		}
		// A put's shard is where the record would route now, not where it
		// went: leave it out.
		if t.shard != "" && c.Op != OpPutRecord && c.Op != OpPutRecords {
			b.WriteString("/" + t.shard)
		}
		if t.partitionKey != "" {
			fmt.Fprintf(&b, " key %q", t.partitionKey)
		}
		if n := len(t.entries); n > 0 {
			fmt.Fprintf(&b, " (%d entries)", n)
		}
	}
	switch {
	case c.Err == nil:
		b.WriteString(": ok")
	default:
		var apiErr smithy.APIError
		if errors.As(c.Err, &apiErr) {
			fmt.Fprintf(&b, ": %s: %s", apiErr.ErrorCode(), apiErr.ErrorMessage())
		} else {
			b.WriteString(": " + c.Err.Error())
		}
	}
	return b.String()
}
