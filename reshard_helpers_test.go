package kinesisfake

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The middle of the whole hash-key space, 2^127: where AWS's documentation
// and every example split a single shard in half.
const (
	keyMiddle       = "170141183460469231731687303715884105728"
	keyBelowMiddle  = "170141183460469231731687303715884105727"
	keyQuarterAbove = "255211775190703847597530955573826158592" // 2^127 + 2^126
	keyMax          = "340282366920938463463374607431768211455"
)

// TestSplitAndMergeShardsT checks the reshard helpers: halves at the
// range's middle, children in ListShards as AWS lists them, a merge of
// the two back into one, and nothing in the call log.
func TestSplitAndMergeShardsT(t *testing.T) {
	h := newHarness(t, directTestDoor)
	h.stream("s", 1)
	lower, upper := h.f.SplitShardT(t, "s", shard0)
	assert.Equal(t, "shardId-000000000001", lower)
	assert.Equal(t, "shardId-000000000002", upper)
	second, third := h.f.SplitShardT(t, "s", upper) // the upper half's middle: 2^127 + 2^126
	merged := h.f.MergeShardsT(t, "s", second, third)
	assert.Equal(t, "shardId-000000000005", merged)

	out, err := h.f.ListShards(h.ctx, &kinesis.ListShardsInput{StreamName: aws.String("s")})
	require.NoError(t, err)
	ranges := map[string][2]string{}
	for _, sh := range out.Shards {
		ranges[*sh.ShardId] = [2]string{*sh.HashKeyRange.StartingHashKey, *sh.HashKeyRange.EndingHashKey}
	}
	assert.Equal(t, map[string][2]string{
		shard0:                 {"0", keyMax},
		"shardId-000000000001": {"0", keyBelowMiddle},
		"shardId-000000000002": {keyMiddle, keyMax},
		"shardId-000000000003": {keyMiddle, "255211775190703847597530955573826158591"},
		"shardId-000000000004": {keyQuarterAbove, keyMax},
		"shardId-000000000005": {keyMiddle, keyMax},
	}, ranges)
	assert.Zero(t, h.f.CallCount(OpSplitShard)+h.f.CallCount(OpMergeShards), "setup is not a call under test")
}

// TestReshardHelpersTakeShortShardIDs: as SplitShard and MergeShards do,
// the helpers take a shard id in any form AWS accepts ("shardId-1", "1").
func TestReshardHelpersTakeShortShardIDs(t *testing.T) {
	h := newHarness(t, directTestDoor)
	h.stream("s", 2)
	lower, upper := h.f.SplitShardT(t, "s", "shardId-0")
	assert.Equal(t, []string{"shardId-000000000002", "shardId-000000000003"}, []string{lower, upper})
	assert.Equal(t, "shardId-000000000004", h.f.MergeShardsT(t, "s", "3", "shardId-1"))
}

// TestSplitShardTWithUpdateDelay: with StateDelays.Update the children
// open when the clock passes it, as after SplitShard.
func TestSplitShardTWithUpdateDelay(t *testing.T) {
	clk := NewManualClock(dpStart)
	f := New(WithClock(clk), WithStateDelays(StateDelays{Update: time.Second}))
	f.CreateStreamT(t, "s", 1)
	lower, _ := f.SplitShardT(t, "s", shard0)
	out, err := f.PutRecord(t.Context(), &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("x")})
	require.NoError(t, err)
	assert.Equal(t, shard0, *out.ShardId, "the parent takes records until the reshard completes")
	clk.Advance(time.Second)
	out, err = f.PutRecord(t.Context(), &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), ExplicitHashKey: aws.String("0"), Data: []byte("x")})
	require.NoError(t, err)
	assert.Equal(t, lower, *out.ShardId)
}

// fatalRecorder is a tbRecorder whose Fatalf records and stops the
// goroutine, as testing's does.
type fatalRecorder struct{ tbRecorder }

func (r *fatalRecorder) Fatalf(f string, a ...any) {
	r.errors = append(r.errors, fmt.Sprintf(f, a...))
	runtime.Goexit()
}

// fatalOf runs fn with a fatalRecorder in a goroutine of its own and
// returns what it reported.
func fatalOf(fn func(t testing.TB)) []string {
	var r fatalRecorder
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(&r)
	}()
	<-done
	return r.errors
}

// TestReshardHelpersFailAsAWSRefuses: the helpers fail the test with the
// error AWS would give.
func TestReshardHelpersFailAsAWSRefuses(t *testing.T) {
	h := newHarness(t, directTestDoor)
	h.stream("s", 2)
	for _, tc := range []struct {
		name string
		call func(t testing.TB)
		want string // the AWS error the client's wrapping ends with
	}{
		{"no such stream", func(t testing.TB) { h.f.SplitShardT(t, "nope", shard0) },
			"ResourceNotFoundException: Stream nope under account 000000000000 not found."},
		{"no such shard", func(t testing.TB) { h.f.SplitShardT(t, "s", "shardId-000000000009") },
			"ResourceNotFoundException: Could not find shard shardId-000000000009 in stream s under account 000000000000."},
		{"not adjacent", func(t testing.TB) { h.f.MergeShardsT(t, "s", shard0, shard0) },
			"InvalidArgumentException: Shards shardId-000000000000 and shardId-000000000000 in stream s under account 000000000000 are not an adjacent pair of shards eligible for merging"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := fatalOf(tc.call)
			require.Len(t, got, 1)
			assert.True(t, strings.HasPrefix(got[0], "kinesisfake: "), got[0])
			assert.Contains(t, got[0], "operation error Kinesis: ", "wrapped as the client wraps")
			assert.True(t, strings.HasSuffix(got[0], tc.want), got[0])
		})
	}
}
