package kinesisfake

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tbRecorder is a testing.TB that records what a helper reports instead of
// failing the test, and runs its cleanups on demand.
type tbRecorder struct {
	testing.TB // nil: a method the helpers should not call panics
	errors     []string
	logs       []string
	cleanups   []func()
	failed     bool
}

func (r *tbRecorder) Helper()                   {}
func (r *tbRecorder) Error(args ...any)         { r.errors = append(r.errors, fmt.Sprint(args...)) }
func (r *tbRecorder) Errorf(f string, a ...any) { r.errors = append(r.errors, fmt.Sprintf(f, a...)) }
func (r *tbRecorder) Log(args ...any)           { r.logs = append(r.logs, fmt.Sprint(args...)) }
func (r *tbRecorder) Cleanup(f func())          { r.cleanups = append(r.cleanups, f) }
func (r *tbRecorder) Failed() bool              { return r.failed }

// end runs the cleanups, last first, as the testing package does.
func (r *tbRecorder) end() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
}

func TestCheckShardData(t *testing.T) {
	h := newHarness(t, directTestDoor)
	h.stream("s", 1)
	for _, d := range []string{"a", "b", "c"} {
		h.putAt("s", "0", d)
	}

	var ok tbRecorder
	assert.True(t, h.f.CheckShardData(&ok, "s", "shardId-000000000000", "a", "b", "c"))
	assert.Empty(t, ok.errors)

	var bad tbRecorder
	assert.False(t, h.f.CheckShardData(&bad, "s", "shardId-000000000000", "a", "x"))
	assert.Equal(t, []string{"kinesisfake: shard shardId-000000000000 of stream s holds 3 records, want 2:\n" +
		"     # want / got\n" +
		`     0 "a" / "a"` + "\n" +
		`     1 "x" / "b"   <- differs` + "\n" +
		`     2 - / "c"   <- differs`}, bad.errors)
}

// TestCheckKeyDataAcrossASplit: a key's records are in the order they were
// put, the parent's before the child's.
func TestCheckKeyDataAcrossASplit(t *testing.T) {
	h := newHarness(t, directTestDoor)
	h.stream("s", 1)
	put := func(key, data string) {
		_, err := h.api.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String(key), Data: []byte(data)})
		require.NoError(t, err)
	}
	put("k", "1")
	put("other", "x")
	put("k", "2")
	_, err := h.api.SplitShard(h.ctx, &kinesis.SplitShardInput{StreamName: aws.String("s"), ShardToSplit: aws.String("shardId-000000000000"), NewStartingHashKey: aws.String(rsMidKey)})
	require.NoError(t, err)
	h.clk.Advance(time.Second)
	put("k", "3")

	var ok tbRecorder
	assert.True(t, h.f.CheckKeyData(&ok, "s", "k", "1", "2", "3"), ok.errors)
	var bad tbRecorder
	assert.False(t, h.f.CheckKeyData(&bad, "s", "k", "1", "3"))
	require.Len(t, bad.errors, 1)
	assert.Contains(t, bad.errors[0], `partition key "k" of stream s holds 3 records, want 2`)
}

func TestCheckCallCount(t *testing.T) {
	h := newHarness(t, directTestDoor)
	h.stream("s", 1)
	h.putAt("s", "0", "a")
	h.putAt("s", "0", "b")

	var r tbRecorder
	assert.True(t, h.f.CheckCallCount(&r, OpPutRecord, 2))
	assert.True(t, h.f.CheckCallCount(&r, "", 2))
	assert.False(t, h.f.CheckCallCount(&r, OpGetRecords, 1))
	assert.False(t, h.f.CheckCallCount(&r, "", 3))
	assert.Equal(t, []string{
		"kinesisfake: GetRecords called 0 times, want 1",
		"kinesisfake: all operations called 2 times, want 3",
	}, r.errors)
}

func TestCheckAllRead(t *testing.T) {
	h := newHarness(t, directTestDoor)
	h.stream("s", 2)
	for i := range 3 {
		h.putAt("s", "0", fmt.Sprint("low", i))
		h.putAt("s", rsMidKey, fmt.Sprint("high", i))
	}
	low := h.f.Records("s", "shardId-000000000000")
	high := h.f.Records("s", "shardId-000000000001")
	require.Len(t, low, 3)
	require.Len(t, high, 3)
	stranger := types.Record{SequenceNumber: aws.String("1"), Data: []byte("?")}

	tests := []struct {
		name string
		read []types.Record
		want []string // the lines after the heading; nil: the check holds
	}{
		{"every record, shards interleaved", []types.Record{low[0], high[0], high[1], low[1], low[2], high[2]}, nil},
		{"one lost", []types.Record{low[0], low[1], low[2], high[0], high[2]},
			[]string{"shardId-000000000001: 1 records never read: 1 (" + *high[1].SequenceNumber + ")"}},
		{"one twice", []types.Record{low[0], low[1], low[1], low[2], high[0], high[1], high[2]},
			[]string{"read #2 (" + *low[1].SequenceNumber + ") repeats record 1 of shardId-000000000000"}},
		{"out of order", []types.Record{low[1], low[0], low[2], high[0], high[1], high[2]},
			[]string{"read #1 (" + *low[0].SequenceNumber + ") is record 0 of shardId-000000000000, read after record 1"}},
		{"a stranger", append([]types.Record{stranger}, append(low, high...)...),
			[]string{"read #0 (1) is no record the stream retains"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r tbRecorder
			held := h.f.CheckAllRead(&r, "s", tt.read)
			if tt.want == nil {
				assert.True(t, held)
				assert.Empty(t, r.errors)
				return
			}
			assert.False(t, held)
			require.Len(t, r.errors, 1)
			heading := "kinesisfake: what was read of stream s is not every record it retains, once, in order:"
			want := heading
			for _, line := range tt.want {
				want += "\n  " + line
			}
			assert.Equal(t, want, r.errors[0])
		})
	}
}

// TestNewTLogsTheLastCallsOfAFailedTest: a failing test's log shows what the
// Fake was asked and answered; a passing one logs nothing.
func TestNewTLogsTheLastCallsOfAFailedTest(t *testing.T) {
	for _, failed := range []bool{false, true} {
		t.Run(fmt.Sprint("failed=", failed), func(t *testing.T) {
			r := &tbRecorder{failed: failed}
			f := NewT(r, WithClock(NewManualClock(harnessStart)))
			f.CreateStreamT(t, "s", 1)
			ctx := context.Background()
			_, err := f.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("x")})
			require.NoError(t, err)
			_, err = f.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000009"), ShardIteratorType: types.ShardIteratorTypeLatest})
			require.Error(t, err)
			_, err = f.GetRecords(ctx, &kinesis.GetRecordsInput{}) // refused by validation, still logged
			require.Error(t, err)
			r.end()
			if !failed {
				assert.Empty(t, r.logs)
				return
			}
			assert.Equal(t, []string{"kinesisfake: the last 3 of 3 calls:\n" +
				`  10:00:00.000 PutRecord s key "k": ok` + "\n" +
				"  10:00:00.000 GetShardIterator s/shardId-000000000009: ResourceNotFoundException: Shard shardId-000000000009 in stream s under account 000000000000 does not exist\n" +
				"  10:00:00.000 GetRecords: operation error Kinesis: GetRecords, 1 validation error(s) found.\n- missing required field, GetRecordsInput.ShardIterator.\n"}, r.logs)
		})
	}
}

// TestNewTEndsSubscriptions: a subscription still open when the test ends
// is ended by NewT's cleanup, so its reader returns.
func TestNewTEndsSubscriptions(t *testing.T) {
	r := &tbRecorder{}
	f := NewT(r, WithClock(NewManualClock(harnessStart)), WithoutThroughputLimits())
	arn := f.CreateStreamT(t, "s", 1)
	ctx := context.Background()
	reg, err := f.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: &arn, ConsumerName: aws.String("c")})
	require.NoError(t, err)
	out, err := f.SubscribeToShard(ctx, &kinesis.SubscribeToShardInput{
		ConsumerARN: reg.Consumer.ConsumerARN, ShardId: aws.String("shardId-000000000000"),
		StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeLatest},
	})
	require.NoError(t, err)
	stream := out.GetStream()
	defer stream.Close()
	done := make(chan struct{})
	go func() {
		for range stream.Events() {
		}
		close(done)
	}()
	r.end()
	<-done
	assert.NoError(t, stream.Err())
}

// TestCheckAllReadAcrossASplit: a child's records read before its parent's
// are reported, as the KCL's parents-first rule requires; reading the
// parent first holds.
func TestCheckAllReadAcrossASplit(t *testing.T) {
	h := newHarness(t, directTestDoor)
	h.stream("s", 1)
	h.putAt("s", "0", "parent")
	_, err := h.api.SplitShard(h.ctx, &kinesis.SplitShardInput{StreamName: aws.String("s"), ShardToSplit: aws.String(shardID(0)), NewStartingHashKey: aws.String(rsMidKey)})
	require.NoError(t, err)
	h.putAt("s", "0", "child")
	parent := h.f.Records("s", shardID(0))
	child := h.f.Records("s", shardID(1))
	require.Len(t, parent, 1)
	require.Len(t, child, 1)

	var ok tbRecorder
	assert.True(t, h.f.CheckAllRead(&ok, "s", append(parent, child...)), ok.errors)
	var bad tbRecorder
	assert.False(t, h.f.CheckAllRead(&bad, "s", append(child, parent...)))
	require.Len(t, bad.errors, 1)
	assert.Contains(t, bad.errors[0], "read #0 ("+*child[0].SequenceNumber+") is of shardId-000000000001, read while 1 records of its parent shardId-000000000000 were not")
}

// TestCheckAllReadListsTenOfAKind: a consumer that re-reads a whole shard
// gets ten lines and a note, not one line a record.
func TestCheckAllReadListsTenOfAKind(t *testing.T) {
	h := newHarness(t, directTestDoor)
	h.stream("s", 1)
	for i := range 30 {
		h.putAt("s", "0", fmt.Sprint(i))
	}
	recs := h.f.Records("s", shardID(0))
	var r tbRecorder
	assert.False(t, h.f.CheckAllRead(&r, "s", append(recs, recs...)))
	require.Len(t, r.errors, 1)
	assert.Equal(t, 10, strings.Count(r.errors[0], "repeats record"))
	assert.Contains(t, r.errors[0], "(more problems of this kind: repeated)")
}

// TestNewTLogsAtMostTheLast20Calls: a failed test's log is capped at the
// last 20 calls, and says how many there were.
func TestNewTLogsAtMostTheLast20Calls(t *testing.T) {
	r := &tbRecorder{failed: true}
	f := NewT(r, WithClock(NewManualClock(harnessStart)))
	f.CreateStreamT(t, "s", 1)
	for i := range 25 {
		_, err := f.PutRecord(context.Background(), &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String(fmt.Sprint("k", i)), Data: []byte("x")})
		require.NoError(t, err)
	}
	r.end()
	require.Len(t, r.logs, 1)
	lines := strings.Split(strings.TrimSuffix(r.logs[0], "\n"), "\n")
	assert.Equal(t, "kinesisfake: the last 20 of 25 calls:", lines[0])
	require.Len(t, lines, 21)
	assert.Equal(t, `  10:00:00.000 PutRecord s key "k5": ok`, lines[1], "the oldest shown is the sixth")
	assert.Equal(t, `  10:00:00.000 PutRecord s key "k24": ok`, lines[20])
}
