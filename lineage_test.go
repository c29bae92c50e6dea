package kinesisfake

import (
	"errors"
	"fmt"
	"math/big"
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

// The tests here read a stream the way the KCL does while it is resharded
// under them: every shard from TRIM_HORIZON, following ChildShards at the end
// of each closed shard, and starting a child only once all of its parents
// have been read to their ends. Whatever the resharding, such a consumer
// must get every acknowledged record exactly once, in order per partition
// key.

// lnProducer puts records and remembers what was acknowledged.
type lnProducer struct {
	t     *testing.T
	h     *rs
	next  map[string]int      // partition key -> number of its next record
	acked map[string]string   // sequence number -> data
	byKey map[string][]string // partition key -> data, in put order
}

func newLnProducer(t *testing.T, h *rs) *lnProducer {
	return &lnProducer{t: t, h: h, next: map[string]int{}, acked: map[string]string{}, byKey: map[string][]string{}}
}

// put puts n records spread over 12 partition keys.
func (p *lnProducer) put(n int) {
	p.t.Helper()
	for i := 0; i < n; i++ {
		key := fmt.Sprintf("key-%d", (len(p.acked)+i)%12)
		data := fmt.Sprintf("%s#%d", key, p.next[key])
		out, err := p.h.api.PutRecord(p.h.ctx, &kinesis.PutRecordInput{
			StreamName: aws.String("s"), PartitionKey: aws.String(key), Data: []byte(data)})
		require.NoError(p.t, err)
		p.next[key]++
		p.acked[*out.SequenceNumber] = data
		p.byKey[key] = append(p.byKey[key], data)
	}
}

// lnConsumer follows the lineage of a stream on one goroutine.
type lnConsumer struct {
	t       *testing.T
	h       *rs
	limit   int32
	iters   map[string]*string  // shards being read -> next iterator
	done    map[string]bool     // shards read to their end
	parents map[string][]string // child -> its parents, as ChildShards name them
	started map[string]bool
	// children is what each closed shard's end reported, for comparison
	// with the listings.
	children map[string][]string
	seen     []types.Record
	roots    []rsShard // the shards the consumer started with
}

// newLnConsumer starts at TRIM_HORIZON of every shard that has no parent
// among the listed shards.
func newLnConsumer(t *testing.T, h *rs, limit int32) *lnConsumer {
	c := &lnConsumer{t: t, h: h, limit: limit, iters: map[string]*string{}, done: map[string]bool{},
		parents: map[string][]string{}, started: map[string]bool{}, children: map[string][]string{}}
	for _, sh := range h.list("s") {
		if sh.Parent == "" {
			c.start(sh.ID)
			c.roots = append(c.roots, sh)
		}
	}
	return c
}

func (c *lnConsumer) start(shardID string) {
	c.t.Helper()
	out, err := c.h.api.GetShardIterator(c.h.ctx, &kinesis.GetShardIteratorInput{
		StreamName: aws.String("s"), ShardId: aws.String(shardID), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
	require.NoError(c.t, err, shardID)
	c.iters[shardID] = out.ShardIterator
	c.started[shardID] = true
}

// poll makes one GetRecords call on every shard being read, in shard-id
// order, and returns how many records it got and whether any shard ended.
func (c *lnConsumer) poll() (records int, ended bool) {
	c.t.Helper()
	ids := make([]string, 0, len(c.iters))
	for id := range c.iters {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		out, err := c.h.api.GetRecords(c.h.ctx, &kinesis.GetRecordsInput{ShardIterator: c.iters[id], Limit: aws.Int32(c.limit)})
		require.NoError(c.t, err, id)
		c.seen = append(c.seen, out.Records...)
		records += len(out.Records)
		if out.NextShardIterator != nil {
			require.Empty(c.t, out.ChildShards, "%s: ChildShards before the end", id)
			c.iters[id] = out.NextShardIterator
			continue
		}
		// The end of a closed shard: the way on is in ChildShards.
		require.NotEmpty(c.t, out.ChildShards, "%s: no iterator and no ChildShards", id)
		ended = true
		delete(c.iters, id)
		c.done[id] = true
		for _, child := range out.ChildShards {
			cid := aws.ToString(child.ShardId)
			c.children[id] = append(c.children[id], cid)
			c.parents[cid] = child.ParentShards
		}
		c.startReadyChildren()
	}
	return records, ended
}

// startReadyChildren starts every known child whose parents are all done.
func (c *lnConsumer) startReadyChildren() {
	c.t.Helper()
	var ready []string
	for child, parents := range c.parents {
		if c.started[child] {
			continue
		}
		all := true
		for _, p := range parents {
			all = all && c.done[p]
		}
		if all {
			ready = append(ready, child)
		}
	}
	slices.Sort(ready)
	for _, child := range ready {
		c.start(child)
	}
}

// drain polls until a whole round brings nothing new.
func (c *lnConsumer) drain() {
	c.t.Helper()
	for i := 0; ; i++ {
		require.Less(c.t, i, 10000, "consumer does not settle")
		if n, ended := c.poll(); n == 0 && !ended {
			return
		}
	}
}

// check compares what the consumer saw with what the producer was told.
func (c *lnConsumer) check(p *lnProducer) {
	c.t.Helper()
	got := map[string]string{}
	byKey := map[string][]string{}
	for _, r := range c.seen {
		seq := aws.ToString(r.SequenceNumber)
		_, dup := got[seq]
		assert.False(c.t, dup, "record %s read twice", seq)
		got[seq] = string(r.Data)
		byKey[aws.ToString(r.PartitionKey)] = append(byKey[aws.ToString(r.PartitionKey)], string(r.Data))
	}
	assert.Equal(c.t, p.acked, got, "every acknowledged record, exactly once")
	assert.Equal(c.t, p.byKey, byKey, "in order per partition key")

	// What each closed shard's end reported is what the listing says: the
	// shards naming it as a parent, that is the shards its range went to.
	listed := c.h.list("s")
	want := map[string][]string{}
	for _, sh := range listed {
		for _, parent := range []string{sh.Parent, sh.Adjacent} {
			if parent != "" {
				want[parent] = append(want[parent], sh.ID)
			}
		}
		if sh.Closed {
			assert.True(c.t, c.done[sh.ID], "closed shard %s was read to its end", sh.ID)
		} else {
			assert.Contains(c.t, c.iters, sh.ID, "open shard %s is being read", sh.ID)
		}
	}
	assert.Equal(c.t, want, c.children, "ChildShards")
	rsCheckLineage(c.t, listed, c.roots, false)
}

// TestLineageThroughTwoGenerations reshards a stream twice over, by
// SplitShard, MergeShards and UpdateShardCount, each taking a minute of
// UPDATING during which records keep arriving, while a consumer that reads
// a few records per call lags behind and catches up.
func TestLineageThroughTwoGenerations(t *testing.T) {
	forDoors(t, func(t *testing.T, door testDoor) {
		h := rsFakeOn(t, door, 2, WithStateDelays(StateDelays{Update: time.Minute}))
		p := newLnProducer(t, h)
		c := newLnConsumer(t, h, 7)
		ok := func(err error) { t.Helper(); require.NoError(t, err) }
		update := func(n int32) error { _, err := h.update(n); return err }
		// reshard runs one change with records put before, during and after the
		// UPDATING minute, and the consumer reading a little in between.
		reshard := func(change func() error) {
			t.Helper()
			p.put(25)
			c.poll()
			ok(change())
			p.put(25) // to the parents
			h.clk.Advance(30 * time.Second)
			c.poll()
			p.put(10)
			h.clk.Advance(30 * time.Second)
			p.put(25) // to the children
			c.poll()
		}

		// Generation 1: 0 [0, h) and 1 [h, max], h = 2^127.
		reshard(func() error { return h.split("shardId-000000000000", "85070591730234615865843651857942052864") }) // 2 [0, h/2), 3 [h/2, h)
		reshard(func() error { return h.merge("shardId-000000000003", "shardId-000000000001") })                   // 4 [h/2, max]
		reshard(func() error { return update(3) })                                                                 // 2 and 4 -> three equal shards
		require.Len(t, rsOpen(h.list("s")), 3)

		// Generation 2, on the shards UpdateShardCount made, with the consumer
		// falling behind for a while.
		open := rsOpen(h.list("s"))
		slices.SortFunc(open, func(a, b rsShard) int { return rsBig(t, a.Start).Cmp(rsBig(t, b.Start)) })
		mid := new(big.Int).Rsh(new(big.Int).Add(rsBig(t, open[1].Start), rsBig(t, open[1].End)), 1).String()
		ok(h.split(open[1].ID, mid))
		p.put(40)
		h.clk.Advance(time.Minute)
		p.put(40)
		var lowerHalf string // the split's lower child, adjacent to open[0]
		for _, sh := range rsOpen(h.list("s")) {
			if sh.Start == open[1].Start {
				lowerHalf = sh.ID
			}
		}
		reshard(func() error { return h.merge(open[0].ID, lowerHalf) })
		reshard(func() error { return update(2) })
		reshard(func() error { return update(4) })

		c.drain()
		c.check(p)
		assert.Len(t, c.iters, 4)
	})
}

// lnRandomDoors name the doors of TestLineageRandomReshards: the direct one
// and f.Client(), the SDK's client and JSON codec in memory. Its some ten
// thousand calls (six seeds) cost each wire door about 5 (in memory) to 10
// (HTTP JSON, CBOR) seconds of CPU under -race, and the deterministic lineage
// tests (TestLineageThroughTwoGenerations,
// TestUpdateShardCountRecordContinuity, TestPutsDuringUpdating) read the
// same calls through every door.
var lnRandomDoors = []string{"direct", "client"}

// TestLineageRandomReshards drives seeded random sequences of puts, reads,
// splits, merges, shard-count updates and clock steps, and checks the
// consumer's view after each sequence. Requests refused because the stream
// is UPDATING or over a limit are part of the game.
//
// It runs through lnRandomDoors only.
func TestLineageRandomReshards(t *testing.T) {
	forDoorsIn(t, lnRandomDoors, func(t *testing.T, door testDoor) {
		for seed := uint64(1); seed <= 6; seed++ {
			t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(seed, 42))
				delay := []time.Duration{0, 5 * time.Second, 20 * time.Second}[rng.IntN(3)] // of UPDATING
				h := rsFakeOn(t, door, 1+rng.IntN(4), WithStateDelays(StateDelays{Update: delay}))
				p := newLnProducer(t, h)
				c := newLnConsumer(t, h, int32(1+rng.IntN(20)))
				for step := 0; step < 200; step++ {
					var err error
					// The driver's own view, on the Fake: the calls it makes
					// go through the door.
					open := rsOpen(h.listVia(h.f, "s"))
					slices.SortFunc(open, func(a, b rsShard) int { return rsBig(t, a.Start).Cmp(rsBig(t, b.Start)) })
					switch rng.IntN(8) {
					case 0, 1:
						p.put(1 + rng.IntN(30))
					case 2, 3:
						c.poll()
					case 4:
						sh := open[rng.IntN(len(open))]
						mid := new(big.Int).Rsh(new(big.Int).Add(rsBig(t, sh.Start), rsBig(t, sh.End)), 1)
						err = h.split(sh.ID, mid.String())
					case 5:
						if len(open) > 1 {
							i := rng.IntN(len(open) - 1)
							err = h.merge(open[i].ID, open[i+1].ID)
						}
					case 6:
						// Anything from half to double, kept small so that the
						// stream stays readable in a failure message.
						n := len(open)
						lo, hi := (n+1)/2, max(min(2*n, 24), (n+1)/2)
						_, err = h.update(int32(lo + rng.IntN(hi-lo+1)))
					case 7:
						// Short steps: the consumer's iterators must not expire
						// between its polls.
						h.clk.Advance(time.Duration(1+rng.IntN(10)) * time.Second)
					}
					var inUse *types.ResourceInUseException
					var limit *types.LimitExceededException
					if err != nil && !errors.As(err, &inUse) && !errors.As(err, &limit) {
						require.NoError(t, err, "step %d", step)
					}
				}
				h.clk.Advance(delay) // let the last change complete
				c.drain()
				c.check(p)
			})
		}
	})
}
