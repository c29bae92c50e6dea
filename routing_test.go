package kinesisfake

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRoutingIndexMatchesScan checks the routing index against the
// definition it replaces, a scan of every shard the stream ever had: after
// random splits and merges completing 10 s after each call (UPDATING in
// between), at every instant a shard opened or closed and the milliseconds
// around it, visited forwards and then backwards as a manual clock set back
// visits them, the index picks the same shard for every key, counts the
// same open shards, and takes AUTO's turns over the same shards.
func TestRoutingIndexMatchesScan(t *testing.T) {
	clk := NewManualClock(dpStart)
	f := New(WithClock(clk), WithoutThroughputLimits(), WithStateDelays(StateDelays{Update: 10 * time.Second}))
	f.CreateStreamT(t, "s", 3)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	for range 40 {
		f.mu.RLock()
		s := f.streams["s"]
		layout := s.unclosedShards()
		f.mu.RUnlock()
		i := rng.IntN(len(layout))
		if sh := layout[i]; rng.IntN(2) == 0 || len(layout) < 3 {
			mid := sh.keys.start.big()
			mid.Add(mid, sh.keys.end.big()).Rsh(mid, 1)
			_, err := f.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: aws.String("s"), ShardToSplit: &sh.id, NewStartingHashKey: aws.String(mid.String())})
			require.NoError(t, err)
		} else {
			i = min(i, len(layout)-2)
			_, err := f.MergeShards(ctx, &kinesis.MergeShardsInput{StreamName: aws.String("s"), ShardToMerge: &layout[i].id, AdjacentShardToMerge: &layout[i+1].id})
			require.NoError(t, err)
		}
		clk.Advance(5 * time.Second)
		putAll(t, f, rng) // puts while UPDATING go to the parents
		clk.Advance(5*time.Second + time.Duration(rng.IntN(3))*time.Millisecond)
	}

	f.mu.RLock()
	defer f.mu.RUnlock()
	s := f.streams["s"]
	var instants []int64
	for _, sh := range s.shards {
		for _, ms := range []int64{sh.createdMs, sh.closedMs} {
			if ms != 0 {
				instants = append(instants, ms-1, ms, ms+1)
			}
		}
	}
	instants = append(instants, msOf(dpStart)-1000) // before the stream's shards
	slices.Sort(instants)
	instants = slices.Compact(instants)
	keys := []hashKey{{}, maxHashKey}
	for range 300 {
		keys = append(keys, hashKey{hi: rng.Uint64(), lo: rng.Uint64()})
	}
	for _, sh := range s.shards {
		keys = append(keys, sh.keys.start, sh.keys.end)
	}
	check := func(ms int64) {
		now := timeOfMs(ms)
		for _, k := range keys {
			want := s.scanForKey(k, ms)
			require.Same(t, want, s.shardForKey(k, now), "key %v at %d", k, ms)
			if r := s.routesAt(ms); r.partition {
				// The index alone, without shardForKey's fallback to a scan.
				require.Same(t, want, r.byKey[r.search(k)], "the index's search for key %v at %d", k, ms)
			}
		}
		var open []*shard
		for _, sh := range s.shards {
			if sh.openAt(ms) {
				open = append(open, sh)
			}
		}
		require.Equal(t, len(open), s.openShardCount(now), "at %d", ms)
		if len(open) > 0 {
			s.distribution = types.RecordDistributionStrategyAuto
			for range 2 * len(open) {
				turn := s.autoTurn.Load()
				require.Same(t, open[turn%uint64(len(open))], s.route(hashKey{}, now), "AUTO at %d", ms)
			}
			s.distribution = ""
		}
	}
	for _, ms := range instants {
		check(ms)
	}
	slices.Reverse(instants)
	for _, ms := range instants {
		check(ms)
	}
	assert.Greater(t, len(s.shards), 60, "the stream has a history")
	assert.Equal(t, len(s.unclosedShards()), len(s.routesAt(msOf(clk.Now())).byKey), "the index holds the open shards only")
}

// putAll puts a record with each of 50 random keys through PutRecords.
func putAll(t *testing.T, f *Fake, rng *rand.Rand) {
	t.Helper()
	entries := make([]types.PutRecordsRequestEntry, 50)
	for i := range entries {
		entries[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String(string(rune('a' + rng.IntN(26)))), Data: []byte("x")}
	}
	out, err := f.PutRecords(context.Background(), &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: entries})
	require.NoError(t, err)
	require.Zero(t, *out.FailedRecordCount)
}

// TestHashKeyString checks the decimal form against math/big's, at the
// edges of each 19-digit piece and at random.
func TestHashKeyString(t *testing.T) {
	keys := []hashKey{{}, {lo: 9}, {lo: 10}, {lo: 1e19 - 1}, {lo: 1e19}, {lo: ^uint64(0)}, {hi: 1}, maxHashKey, maxHashKey.add(-1)}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 1000 {
		keys = append(keys, hashKey{hi: rng.Uint64() >> rng.IntN(64), lo: rng.Uint64() >> rng.IntN(64)})
	}
	for _, k := range keys {
		require.Equal(t, k.big().String(), k.String())
	}
}
