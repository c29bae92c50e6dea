package kinesisfake

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// CreateStreamT creates a provisioned stream with the given number of
// shards, ready for use (ACTIVE), and returns its ARN. It fails the test if
// the stream cannot be created.
func (f *Fake) CreateStreamT(t testing.TB, name string, shards int) string {
	t.Helper()
	n := int32(shards)
	if _, err := f.CreateStream(context.Background(), &kinesis.CreateStreamInput{StreamName: &name, ShardCount: &n}); err != nil {
		t.Fatalf("kinesisfake: CreateStream %s: %v", name, err)
	}
	return f.streamARN(name)
}

// Records returns every record a shard still retains, oldest first, as
// GetRecords would return them, without iterators, throughput limits or
// faults. It returns nil if the stream or shard does not exist.
func (f *Fake) Records(streamName, shardID string) []types.Record {
	now := f.now()
	f.mu.RLock()
	defer f.mu.RUnlock()
	s := f.liveStream(streamName, now)
	if s == nil {
		return nil
	}
	sh, err := f.shardByID(s, shardID, now)
	if err != nil {
		return nil
	}
	sh.mu.Lock()
	p := readPage(&sh.buf, 0, sh.buf.n, int(^uint(0)>>1), s.retentionCutoffMs(now))
	sh.mu.Unlock()
	return p.records(sh.index, s.tag)
}
