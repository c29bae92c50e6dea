package kinesisfake

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ack is a record as its producer saw it acknowledged.
type ack struct {
	shard, seq, data string
}

// TestConcurrentProducersAndConsumers runs many producers (PutRecord and
// PutRecords) against a 4-shard stream while one consumer per shard reads
// it, and the clock moves. Under -race it shows the locking is sound; the
// checks show that every acknowledged record is read exactly once, on its
// shard, that each shard returns records in sequence-number order, and that
// each partition key's records come back in the order they were put.
func TestConcurrentProducersAndConsumers(t *testing.T) {
	const (
		producers   = 8
		opsEach     = 300
		keysEach    = 10
		shardCount  = 4
		consumerMax = 37 // an odd page size, so pages end mid-batch
	)
	f, clk := fakeAt(t, dpStart)
	f.CreateStreamT(t, "s", shardCount)
	ctx := context.Background()

	// Producers: each owns its partition keys, so their put order is known.
	// A record's data is "key/n": the n-th record of that key.
	acks := make([][]ack, producers)
	var producing sync.WaitGroup
	for p := range producers {
		producing.Go(func() {
			counters := make([]int, keysEach)
			next := func(i int) (string, []byte) {
				k := i % keysEach
				key := fmt.Sprintf("p%d-k%d", p, k)
				data := fmt.Sprintf("%s/%d", key, counters[k])
				counters[k]++
				return key, []byte(data)
			}
			for op := range opsEach {
				if op%50 == 0 {
					clk.Advance(time.Millisecond)
				}
				if op%2 == 0 {
					key, data := next(op)
					out, err := f.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: &key, Data: data})
					if !assert.NoError(t, err) {
						return
					}
					acks[p] = append(acks[p], ack{*out.ShardId, *out.SequenceNumber, string(data)})
					continue
				}
				batch := make([]types.PutRecordsRequestEntry, 1+op%5)
				for i := range batch {
					key, data := next(op + i)
					batch[i] = types.PutRecordsRequestEntry{PartitionKey: &key, Data: data}
				}
				out, err := f.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: batch})
				if !assert.NoError(t, err) || !assert.Equal(t, int32(0), *out.FailedRecordCount) {
					return
				}
				for i, r := range out.Records {
					acks[p] = append(acks[p], ack{*r.ShardId, *r.SequenceNumber, string(batch[i].Data)})
				}
			}
		})
	}

	// Consumers: one per shard, reading until the producers are done and a
	// read that started afterwards found nothing more.
	var done atomic.Bool
	read := make([][]types.Record, shardCount)
	var consuming sync.WaitGroup
	for sh := range shardCount {
		consuming.Go(func() {
			out, err := f.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shardID(sh)),
				ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
			if !assert.NoError(t, err) {
				return
			}
			it := out.ShardIterator
			for {
				finished := done.Load()
				page, err := f.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it, Limit: aws.Int32(consumerMax)})
				if !assert.NoError(t, err) {
					return
				}
				read[sh] = append(read[sh], page.Records...)
				it = page.NextShardIterator
				if len(page.Records) == 0 {
					if finished {
						return
					}
					runtime.Gosched()
				}
			}
		})
	}
	producing.Wait()
	done.Store(true)
	consuming.Wait()
	require.False(t, t.Failed())

	// Every acknowledged record read exactly once, on its shard, unchanged.
	acked := map[string]ack{}
	for _, list := range acks {
		for _, a := range list {
			_, dup := acked[a.seq]
			require.False(t, dup, "sequence number %s acknowledged twice", a.seq)
			acked[a.seq] = a
		}
	}
	seen := map[string]bool{}
	total := 0
	for sh, recs := range read {
		total += len(recs)
		for i, r := range recs {
			seq := *r.SequenceNumber
			a, ok := acked[seq]
			require.True(t, ok, "read %s, never acknowledged", seq)
			require.False(t, seen[seq], "read %s twice", seq)
			seen[seq] = true
			assert.Equal(t, shardID(sh), a.shard)
			assert.Equal(t, a.data, string(r.Data))
			if i > 0 {
				require.True(t, seqLess(t, *recs[i-1].SequenceNumber, seq), "shard %d out of order at %d", sh, i)
			}
		}
	}
	assert.Equal(t, len(acked), total)
	assert.Len(t, seen, len(acked))

	// Per partition key, the order of put.
	for sh, recs := range read {
		nextN := map[string]int{}
		for _, r := range recs {
			key, n, ok := strings.Cut(string(r.Data), "/")
			require.True(t, ok)
			assert.Equal(t, key, *r.PartitionKey)
			assert.Equal(t, strconv.Itoa(nextN[key]), n, "shard %d key %s", sh, key)
			nextN[key]++
		}
	}
	var perShard []int
	for _, recs := range read {
		perShard = append(perShard, len(recs))
	}
	t.Logf("records per shard: %v", perShard)
}

// TestConcurrentControlAndDataPlane creates, uses and deletes streams while
// other goroutines put to and read from a long-lived stream, so the
// registry lock and the shard locks are exercised together under -race.
func TestConcurrentControlAndDataPlane(t *testing.T) {
	h := newDP(t)
	h.f.CreateStreamT(t, "steady", 2)
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 50 {
			name := fmt.Sprintf("tmp-%d", i%3)
			if _, err := h.f.CreateStream(h.ctx, &kinesis.CreateStreamInput{StreamName: &name, ShardCount: aws.Int32(1)}); err != nil {
				assert.Equal(t, "ResourceInUseException", errCode(err))
			}
			_, _ = h.f.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: &name, PartitionKey: aws.String("k"), Data: []byte("x")})
			_, _ = h.f.DeleteStream(h.ctx, &kinesis.DeleteStreamInput{StreamName: &name})
		}
	})
	for range 4 {
		wg.Go(func() {
			for i := range 200 {
				_, err := h.f.PutRecord(h.ctx, &kinesis.PutRecordInput{StreamName: aws.String("steady"), PartitionKey: aws.String(strconv.Itoa(i)), Data: []byte("x")})
				assert.NoError(t, err)
			}
		})
	}
	wg.Go(func() {
		for range 100 {
			out, err := h.f.GetShardIterator(h.ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("steady"), ShardId: aws.String(shard0),
				ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
			if assert.NoError(t, err) {
				_, err = h.f.GetRecords(h.ctx, &kinesis.GetRecordsInput{ShardIterator: out.ShardIterator, Limit: aws.Int32(100)})
				assert.NoError(t, err)
			}
			_ = h.f.Records("steady", shard1)
		}
	})
	wg.Wait()
	assert.Equal(t, 800, len(h.f.Records("steady", shard0))+len(h.f.Records("steady", shard1)))
}
