package kinesisfake

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/aws/smithy-go/middleware"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Shared fixtures of the data-plane tests (put, iterators, GetRecords,
// errors, concurrency, benchmarks).

// dpStart is the ManualClock's starting time in data-plane tests: a fixed
// instant, so texts that print times are stable.
var dpStart = time.Date(2025, 1, 22, 1, 22, 2, 0, time.UTC)

// sdkCmp compares the SDK's structs by their exported fields, ignoring
// response metadata, which the real client fills and the fake leaves empty.
var sdkCmp = cmp.Options{
	cmpopts.IgnoreTypes(middleware.Metadata{}),
	cmpopts.IgnoreUnexported(
		kinesis.PutRecordOutput{}, kinesis.PutRecordsOutput{}, kinesis.GetRecordsOutput{},
		types.PutRecordsResultEntry{}, types.Record{}, types.ChildShard{}, types.HashKeyRange{},
	),
}

// dp is a harness plus helpers that call its door and fail the test on
// unexpected errors, so each test reads as the scenario it checks.
type dp struct {
	*harness
}

// newDP returns the fixture on the direct door, on a ManualClock set to
// dpStart. Throughput limits are off, as the harness leaves them: these
// tests put and read in bursts no real shard would take, and throttling has
// tests of its own.
func newDP(t testing.TB, opts ...Option) *dp {
	t.Helper()
	return newDPOn(t, directTestDoor, opts...)
}

// newDPOn is newDP through door.
func newDPOn(t testing.TB, door testDoor, opts ...Option) *dp {
	t.Helper()
	return &dp{newHarnessAt(t, dpStart, door, opts...)}
}

// bulkDoors name the doors of tests that move many MiB: direct and CBOR.
// Base64 in JSON makes such a test seconds slower per JSON door under
// -race; TestLargestRecordThroughEveryDoor covers big records on those.
var bulkDoors = []string{"direct", "cbor"}

// put stores one record and fails the test on error.
func (h *dp) put(stream, key string, data []byte) *kinesis.PutRecordOutput {
	h.t.Helper()
	out, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: &stream, PartitionKey: &key, Data: data})
	require.NoError(h.t, err)
	return out
}

// iter returns a shard iterator and fails the test on error. edit may set
// the optional members (StartingSequenceNumber, Timestamp).
func (h *dp) iter(stream, shard string, typ types.ShardIteratorType, edit ...func(*kinesis.GetShardIteratorInput)) *string {
	h.t.Helper()
	in := &kinesis.GetShardIteratorInput{StreamName: &stream, ShardId: &shard, ShardIteratorType: typ}
	for _, e := range edit {
		e(in)
	}
	out, err := h.api.GetShardIterator(h.ctx, in)
	require.NoError(h.t, err)
	require.NotNil(h.t, out.ShardIterator)
	return out.ShardIterator
}

// get runs GetRecords (limit 0 means the default) and fails the test on
// error.
func (h *dp) get(it *string, limit int32) *kinesis.GetRecordsOutput {
	h.t.Helper()
	in := &kinesis.GetRecordsInput{ShardIterator: it}
	if limit > 0 {
		in.Limit = &limit
	}
	out, err := h.api.GetRecords(h.ctx, in)
	require.NoError(h.t, err)
	return out
}

// live returns the engine's live stream of that name, for tests that check
// internal state. (It is not called stream: that is the harness's helper
// that creates one.)
func (h *dp) live(name string) *stream {
	h.t.Helper()
	h.f.mu.RLock()
	defer h.f.mu.RUnlock()
	s := h.f.liveStream(name, h.f.now())
	require.NotNil(h.t, s, "stream %s", name)
	return s
}

// atSeq sets an iterator request's StartingSequenceNumber.
func atSeq(seq string) func(*kinesis.GetShardIteratorInput) {
	return func(in *kinesis.GetShardIteratorInput) { in.StartingSequenceNumber = aws.String(seq) }
}

// atTime sets an iterator request's Timestamp.
func atTime(ts time.Time) func(*kinesis.GetShardIteratorInput) {
	return func(in *kinesis.GetShardIteratorInput) { in.Timestamp = aws.Time(ts) }
}

// requireAWSError checks that err is the exception E with exactly message
// msg, wrapped as the real client wraps a service error of operation op:
// every layer reachable with errors.As, and err.Error() in the production
// shape. It returns the exception.
func requireAWSError[E smithy.APIError](t testing.TB, err error, op, msg string) E {
	t.Helper()
	var exc E
	require.Error(t, err)
	require.ErrorAs(t, err, &exc, "got %v", err)
	assert.Equal(t, msg, exc.ErrorMessage())
	var resp *awshttp.ResponseError
	require.ErrorAs(t, err, &resp)
	status := resp.HTTPStatusCode()
	want := fmt.Sprintf("operation error Kinesis: %s, https response error StatusCode: %d, RequestID: %s, %s: %s",
		op, status, resp.RequestID, exc.ErrorCode(), msg)
	assert.Equal(t, want, err.Error())
	return exc
}

// errCode is the AWS error code of err, or "" when it is no AWS API error.
func errCode(err error) string {
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) {
		return apiErr.ErrorCode()
	}
	return ""
}

// deleteInput is a DeleteStream request for name.
func deleteInput(name string) *kinesis.DeleteStreamInput {
	return &kinesis.DeleteStreamInput{StreamName: &name}
}

// nowMs is the fake's current time in Unix ms.
func (h *dp) nowMs() int64 { return msOf(h.f.now()) }

// splitByHand closes shard 0 of a one-shard stream at now and gives it two
// children, the way a SplitShard at its middle would once complete. Tests of
// closed shards use it so they need no reshard operation.
func (h *dp) splitByHand(name string) (parent *shard, children []*shard) {
	h.t.Helper()
	h.f.mu.Lock()
	defer h.f.mu.Unlock()
	now := h.nowMs()
	s := h.f.liveStream(name, h.f.now())
	require.NotNil(h.t, s)
	parent = s.shards[0]
	halves := evenHashRanges(2)
	halves[0].start, halves[1].end = parent.keys.start, parent.keys.end
	for _, keys := range halves {
		child := newShard(len(s.shards), keys, now, nil)
		child.parent = parent.id
		s.shards = append(s.shards, child)
		parent.children = append(parent.children, child.index)
		children = append(children, child)
	}
	parent.closing, parent.closedMs = true, now
	return parent, children
}

// createStream creates a provisioned stream through CreateStream itself, so
// that WithStateDelays applies (CreateStreamT makes streams ACTIVE at once).
func createStream(t testing.TB, f *Fake, name string, shards int) {
	t.Helper()
	_, err := f.CreateStream(context.Background(), &kinesis.CreateStreamInput{StreamName: aws.String(name), ShardCount: aws.Int32(int32(shards))})
	require.NoError(t, err)
}
