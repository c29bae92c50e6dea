package kinesisfake

import (
	"fmt"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// UpdateShardCount's choreography, checked against what AWS was seen to do.
// Helpers here start with usc; the rs helpers are reshard_test.go's and the
// ln ones lineage_test.go's.

// TestUpdateShardCountAWSTotals checks the shards AWS leaves after
// UpdateShardCount on a new stream: how many DescribeStream and ListShards
// list once the stream is ACTIVE again, open and closed, intermediate shards
// included, and what that count says of the splits and merges made.
//
// Sources: moto's test_update_shard_count (getmoto/moto,
// tests/test_kinesis/test_kinesis_boto3.py, whose docstring says "These
// numbers have been verified against AWS"), as FIDELITY.md's UpdateShardCount
// paragraph records them; and 4->3 from risingwavelabs/risingwave#9961, a
// real stream of 4 shards scaled to 3: "Kinesis will split shards 1 and 2,
// and merge them with shards 0 and 3, resulting in each shard having 1.33
// times the original hash key range", with "only shards 6, 9, and 10" open.
func TestUpdateShardCountAWSTotals(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tc := range []struct {
			from, to, total int
			split, open     []string // the shards split and left open, where recorded
			// equal: AWS's open shards are equal, as recorded (4->3) or as the
			// API reference says of UNIFORM_SCALING ("creates shards of equal
			// size") where the total leaves room for it. 10->13 and 5->3 leave
			// none: 13 equal shards need 12 boundaries that 10 equal shards do
			// not have, and a split makes one (the total allows 10); 3 equal
			// shards out of 5 need two, and 5->3 splits nothing.
			equal bool
		}{
			{from: 2, to: 4, total: 6, equal: true},
			{from: 4, to: 5, total: 15, equal: true},
			{from: 10, to: 13, total: 37},
			{from: 4, to: 2, total: 6, equal: true},
			{from: 5, to: 3, total: 7},
			{from: 4, to: 3, total: 11, equal: true,
				split: []string{"shardId-000000000001", "shardId-000000000002"},
				open:  []string{"shardId-000000000006", "shardId-000000000009", "shardId-000000000010"}},
		} {
			t.Run(fmt.Sprintf("%d to %d", tc.from, tc.to), func(t *testing.T) {
				h := rsFakeOn(t, door, tc.from)
				before := h.list("s")
				out, err := h.update(int32(tc.to))
				require.NoError(t, err)
				assert.Equal(t, int32(tc.from), aws.ToInt32(out.CurrentShardCount))
				assert.Equal(t, int32(tc.to), aws.ToInt32(out.TargetShardCount))
				assert.Equal(t, types.StreamStatusActive, h.status("s"))

				assert.Len(t, h.describeShards(), tc.total, "DescribeStream")
				listed := h.list("s")
				require.Len(t, listed, tc.total, "ListShards")
				open := rsOpen(listed)
				assert.Len(t, open, tc.to, "open shards")
				summary, err := h.api.DescribeStreamSummary(h.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("s")})
				require.NoError(t, err)
				assert.Equal(t, int32(tc.to), aws.ToInt32(summary.StreamDescriptionSummary.OpenShardCount))

				// A split adds two shards and a merge one, so the total and the
				// open count fix how many of each AWS made.
				splits := (tc.total + tc.to - 2*tc.from) / 3
				merges := tc.from + splits - tc.to
				var splitParents []string
				mergeChildren := 0
				for _, sh := range listed {
					switch {
					case sh.Adjacent != "":
						mergeChildren++
					case sh.Parent != "" && !slices.Contains(splitParents, sh.Parent):
						splitParents = append(splitParents, sh.Parent)
					}
				}
				assert.Len(t, splitParents, splits, "splits")
				assert.Equal(t, merges, mergeChildren, "merges")
				if tc.split != nil {
					assert.Equal(t, tc.split, splitParents, "shards split")
				}
				if tc.open != nil {
					assert.Equal(t, tc.open, uscIDs(open), "open shards")
				}

				uscCheckOpenLayout(t, open, tc.from, tc.to, tc.equal)
				rsCheckLineage(t, listed, rsOpen(before), true)
				uscCheckHandover(t, h, listed)
			})
		}
	})
}

// uscLayout is what a test expects of the open shards' ranges.
type uscLayout int

const (
	// uscEqual: equal shards, to within CreateStream's rounding.
	uscEqual uscLayout = iota
	// uscNear: no shard under half or over twice an equal share, the
	// bound kinesisfake keeps to where AWS's counts rule out equal shards.
	uscNear
	// uscAny: only that the open shards partition the key space (from an
	// uneven layout, whose old boundaries bound what one round can do).
	uscAny
)

// TestUpdateShardCountLineage checks, for counts beyond AWS's recorded ones
// and from uneven layouts, that UpdateShardCount leaves exact lineage: open
// shards that partition the key space, splits into two halves of their
// parent, merges only of adjacent shards, every new shard descending from
// exactly the old shards it overlaps, and every closed shard's ChildShards
// (what GetRecords reports at its end) covering exactly its range.
//
// Equal shards are expected where the API reference promises them and AWS's
// counts leave room: doubling and halving ("double or halve the shard count,
// as this results in the fewest number of splits or merges", in the older
// reference), and scaling up where a split of each shard, as AWS makes in
// every recorded case, reaches them.
func TestUpdateShardCountLineage(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		lowQuarter := func(t *testing.T, h *rs) { // [0, 2^126) and [2^126, max]
			require.NoError(t, h.split("shardId-000000000000", "85070591730234615865843651857942052864"))
		}
		mergeMiddle := func(t *testing.T, h *rs) { // 4 shards to [1/4, 1/2, 1/4]
			require.NoError(t, h.merge("shardId-000000000001", "shardId-000000000002"))
		}
		for _, tc := range []struct {
			name     string
			from, to int
			before   func(t *testing.T, h *rs) // reshapes the stream first
			layout   uscLayout
		}{
			{name: "1 to 2", from: 1, to: 2},
			{name: "3 to 6", from: 3, to: 6},
			{name: "6 to 3", from: 6, to: 3},
			{name: "10 to 20", from: 10, to: 20},
			{name: "20 to 10", from: 20, to: 10},
			{name: "2 to 3", from: 2, to: 3},
			{name: "3 to 4", from: 3, to: 4},
			{name: "8 to 10", from: 8, to: 10},
			{name: "3 to 2", from: 3, to: 2},
			{name: "3 to 5", from: 3, to: 5, layout: uscNear},
			{name: "4 to 7", from: 4, to: 7, layout: uscNear},
			{name: "7 to 13", from: 7, to: 13, layout: uscNear},
			{name: "13 to 10", from: 13, to: 10, layout: uscNear},
			{name: "9 to 5", from: 9, to: 5, layout: uscNear},
			{name: "a quarter and the rest to 3", from: 1, to: 3, before: lowQuarter},
			{name: "a quarter and the rest to 4", from: 1, to: 4, before: lowQuarter},
			{name: "a quarter and the rest to 2", from: 1, to: 2, before: lowQuarter},
			{name: "after a merge, 3 to 4", from: 4, to: 4, before: mergeMiddle},
			{name: "after a merge, 3 to 6", from: 4, to: 6, layout: uscAny, before: mergeMiddle},
			{name: "a sliver and the rest to 4", from: 1, to: 4, layout: uscAny, before: func(t *testing.T, h *rs) {
				require.NoError(t, h.split("shardId-000000000000", "1000"))
			}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				h := rsFakeOn(t, door, tc.from)
				if tc.before != nil {
					tc.before(t, h)
				}
				oldOpen := rsOpen(h.list("s"))
				_, err := h.update(int32(tc.to))
				require.NoError(t, err)
				listed := h.list("s")
				open := rsOpen(listed)
				assert.Len(t, open, tc.to, "open shards")
				if tc.layout != uscAny {
					uscCheckOpenLayout(t, open, len(oldOpen), tc.to, tc.layout == uscEqual)
				} else {
					uscCheckPartition(t, open)
				}
				rsCheckLineage(t, listed, oldOpen, true)
				uscCheckHandover(t, h, listed)
			})
		}
	})
}

// TestUpdateShardCountOneRound checks, for every count from 1 to 16 and
// every target the double/half rule allows, that UpdateShardCount on a new
// stream makes the splits and merges the AWS cases show, in one round: no
// shard it made is split again or merged twice over. Scaling up, each open
// shard is split once and 2n-m merges follow (2->4, 4->5, 10->13); scaling
// down, 2m-n splits and m merges where n-m divides m (4->2, 4->3), else n-m
// merges and no split (5->3). The counts beyond those cases are those cases'
// pattern carried over.
func TestUpdateShardCountOneRound(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		for n := 1; n <= 16; n++ {
			for m := (n + 1) / 2; m <= 2*n; m++ {
				var splits, merges int
				switch {
				case m == n: // nothing to do
				case m > n:
					splits, merges = n, 2*n-m
				case m%(n-m) == 0:
					splits, merges = 2*m-n, m
				default:
					splits, merges = 0, n-m
				}
				h := rsFakeOn(t, door, n)
				_, err := h.update(int32(m))
				require.NoError(t, err, "%d to %d", n, m)
				listed := h.list("s")
				require.Len(t, listed, n+2*splits+merges, "%d to %d: total", n, m)
				assert.Len(t, rsOpen(listed), m, "%d to %d", n, m)
				// In one round, a shard the update made is a parent only as a
				// split child merged at once.
				byID := map[string]rsShard{}
				for _, sh := range listed {
					byID[sh.ID] = sh
				}
				for _, sh := range listed[n:] {
					for _, p := range []rsShard{byID[sh.Parent], byID[sh.Adjacent]} {
						if p.Parent != "" {
							assert.True(t, p.Adjacent == "" && sh.Adjacent != "", "%d to %d: %s is %s's child", n, m, sh.ID, p.ID)
						}
					}
				}
			}
		}
	})
}

// TestUpdateShardCountRecordContinuity reshards under a producer and a
// KCL-style reader (lineage_test.go's: parents read to their ends before
// their children, following ChildShards), with a minute of UPDATING in which
// puts still go to the old shards: the reader gets every record once, in
// order per partition key, and the intermediate shards, made and closed at
// the completion time, hold none.
func TestUpdateShardCountRecordContinuity(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		for _, tc := range []struct {
			name       string
			from, to   int
			lowQuarter bool // split shard 0 at 2^126 first: an uneven layout
			// intermediates is how many shards the update makes and closes at
			// once: the split children that merges take. By AWS's counts
			// (TestUpdateShardCountAWSTotals): 4->3, shards 4, 5, 7 and 8, the
			// new ones other than 6, 9 and 10; scaling up, where every shard is
			// split, two a merge; none where nothing is split or merged.
			intermediates int
		}{
			{name: "2 to 4", from: 2, to: 4},
			{name: "4 to 3", from: 4, to: 3, intermediates: 4},
			{name: "4 to 5", from: 4, to: 5, intermediates: 6},
			{name: "10 to 13", from: 10, to: 13, intermediates: 14},
			{name: "5 to 3", from: 5, to: 3},
			// An uneven layout (kinesisfake's choice): 1/3 and 2/3 both fall in
			// the upper shard, so its lower piece merges with the lower shard
			// and its upper piece splits again.
			{name: "a quarter and the rest to 3", from: 1, to: 3, lowQuarter: true, intermediates: 2},
		} {
			t.Run(tc.name, func(t *testing.T) {
				h := rsFakeOn(t, door, tc.from, WithStateDelays(StateDelays{Update: time.Minute}))
				p := newLnProducer(t, h)
				c := newLnConsumer(t, h, 7)
				if tc.lowQuarter {
					p.put(30)
					require.NoError(t, h.split("shardId-000000000000", "85070591730234615865843651857942052864"))
					p.put(30)
					h.clk.Advance(time.Minute)
					c.poll()
				}
				p.put(40)
				c.poll()
				existing := len(h.list("s"))
				_, err := h.update(int32(tc.to))
				require.NoError(t, err)
				p.put(40) // to the old shards: the stream is UPDATING
				h.clk.Advance(30 * time.Second)
				c.poll()
				p.put(20)
				h.clk.Advance(30 * time.Second) // the update completes
				p.put(40)                       // to the new shards
				c.poll()
				c.drain()
				c.check(p)
				assert.Len(t, c.iters, tc.to, "reading every open shard")

				listed := h.list("s")
				var intermediates []string
				for _, sh := range listed[existing:] {
					if sh.Closed {
						intermediates = append(intermediates, sh.ID)
						assert.Empty(t, h.f.Records("s", sh.ID), "%s holds records", sh.ID)
					}
				}
				assert.Len(t, intermediates, tc.intermediates, "intermediate shards")
			})
		}
	})
}

// describeShards lists stream "s"'s shards with DescribeStream, every
// page.
func (h *rs) describeShards() []types.Shard {
	h.t.Helper()
	var all []types.Shard
	in := &kinesis.DescribeStreamInput{StreamName: aws.String("s")}
	for {
		out, err := h.api.DescribeStream(h.ctx, in)
		require.NoError(h.t, err)
		all = append(all, out.StreamDescription.Shards...)
		if !aws.ToBool(out.StreamDescription.HasMoreShards) {
			return all
		}
		in.ExclusiveStartShardId = all[len(all)-1].ShardId
	}
}

// uscIDs is the shards' ids.
func uscIDs(shards []rsShard) []string {
	var ids []string
	for _, sh := range shards {
		ids = append(ids, sh.ID)
	}
	return ids
}

// uscCheckPartition checks that the open shards cover the key space without
// gaps or overlaps, and returns their sizes in hash-key order.
func uscCheckPartition(t *testing.T, open []rsShard) []*big.Int {
	t.Helper()
	open = slices.Clone(open)
	slices.SortFunc(open, func(a, b rsShard) int { return rsBig(t, a.Start).Cmp(rsBig(t, b.Start)) })
	next := big.NewInt(0)
	var sizes []*big.Int
	for _, sh := range open {
		require.Zero(t, next.Cmp(rsBig(t, sh.Start)), "%s starts at %s, not %s", sh.ID, sh.Start, next)
		end := rsBig(t, sh.End).Add(rsBig(t, sh.End), big.NewInt(1)) // exclusive
		sizes = append(sizes, new(big.Int).Sub(end, next))
		next = end
	}
	assert.Equal(t, rsMaxKey, new(big.Int).Sub(next, big.NewInt(1)).String(), "the last shard ends at the last key")
	return sizes
}

// uscCheckOpenLayout checks that the open shards partition the key space
// and are equal, to within the n+m keys CreateStream's rounding of n old
// shards and m new ones leaves, or, not equal, within half and twice an
// equal share.
func uscCheckOpenLayout(t *testing.T, open []rsShard, n, m int, equal bool) {
	t.Helper()
	share := new(big.Int).Lsh(big.NewInt(1), 128)
	share.Div(share, big.NewInt(int64(m)))
	for i, size := range uscCheckPartition(t, open) {
		if equal {
			diff := new(big.Int).Sub(size, share)
			assert.LessOrEqual(t, diff.Abs(diff).Cmp(big.NewInt(int64(n+m))), 0, "shard %d of %d: %s keys, not %s", i, m, size, share)
			continue
		}
		twice := new(big.Int).Lsh(size, 1)
		assert.True(t, twice.Cmp(share) >= 0 && size.Cmp(new(big.Int).Lsh(share, 1)) <= 0, "shard %d of %d: %s keys, an equal share is %s", i, m, size, share)
	}
}

// uscCheckHandover reads every closed shard of the listing to its end and
// checks what GetRecords reports there: ChildShards naming exactly the
// shards the listing gives the shard as a parent, with their ranges and
// parents, and covering exactly its range: the two halves of a split, or a
// merge child that is the shard and its adjacent partner.
func uscCheckHandover(t *testing.T, h *rs, listed []rsShard) {
	t.Helper()
	byID := map[string]rsShard{}
	want := map[string][]types.ChildShard{}
	for _, sh := range listed {
		byID[sh.ID] = sh
		parents := []string{sh.Parent}
		if sh.Adjacent != "" {
			parents = append(parents, sh.Adjacent)
		}
		for _, p := range parents {
			if p != "" {
				want[p] = append(want[p], types.ChildShard{ShardId: aws.String(sh.ID), ParentShards: parents,
					HashKeyRange: &types.HashKeyRange{StartingHashKey: aws.String(sh.Start), EndingHashKey: aws.String(sh.End)}})
			}
		}
	}
	for _, sh := range listed {
		if !sh.Closed {
			continue
		}
		it, err := h.api.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"),
			ShardId: aws.String(sh.ID), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		require.NoError(t, err, sh.ID)
		var got []types.ChildShard
		for iter := it.ShardIterator; iter != nil; {
			out, err := h.api.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: iter})
			require.NoError(t, err, sh.ID)
			iter, got = out.NextShardIterator, out.ChildShards
		}
		assert.Empty(t, cmp.Diff(want[sh.ID], got, cmpopts.IgnoreUnexported(types.ChildShard{}, types.HashKeyRange{})), "ChildShards of %s", sh.ID)

		switch len(got) {
		case 1: // a merge: the child is this shard and its partner
			kid := byID[aws.ToString(got[0].ShardId)]
			lower, upper := byID[kid.Parent], byID[kid.Adjacent]
			assert.Contains(t, []string{lower.ID, upper.ID}, sh.ID)
			assert.Zero(t, new(big.Int).Add(rsBig(t, lower.End), big.NewInt(1)).Cmp(rsBig(t, upper.Start)), "%s: parents not adjacent", kid.ID)
			assert.Equal(t, []string{lower.Start, upper.End}, []string{kid.Start, kid.End}, "%s: merge child", sh.ID)
		case 2: // a split: the two children are its halves
			lower, upper := byID[aws.ToString(got[0].ShardId)], byID[aws.ToString(got[1].ShardId)]
			assert.Zero(t, new(big.Int).Add(rsBig(t, lower.End), big.NewInt(1)).Cmp(rsBig(t, upper.Start)), "%s: halves not adjacent", sh.ID)
			assert.Equal(t, []string{sh.Start, sh.End}, []string{lower.Start, upper.End}, "%s: split children", sh.ID)
		default:
			t.Errorf("%s: %d ChildShards", sh.ID, len(got))
		}
	}
}
