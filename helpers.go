package kinesisfake

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// CreateStreamT creates a provisioned stream with the given number of
// shards and returns its ARN. It is test setup, not a call under test: the
// stream is ACTIVE at once whatever WithStateDelays says, and the call is
// not counted against CreateStream's rate limit, faults or the call log. It
// fails the test if AWS would refuse the stream (a bad name, a taken name,
// the shard quota).
func (f *Fake) CreateStreamT(t testing.TB, name string, shards int) string {
	t.Helper()
	arn, err := f.CreateStreamNow(name, shards)
	if err != nil {
		t.Fatalf("kinesisfake: CreateStream %s: %v", name, err)
	}
	return arn
}

// CreateStreamNow is CreateStreamT for setup outside a test (a server's
// streams at start): it returns the error, wrapped as the real client
// wraps CreateStream's, instead of failing a test.
func (f *Fake) CreateStreamNow(name string, shards int) (arn string, err error) {
	in := &kinesis.CreateStreamInput{StreamName: &name, ShardCount: aws.Int32(int32(shards))}
	err = checkInput(directDoor, in)
	if err == nil {
		_, err = f.createStream(in)
	}
	if err != nil {
		return "", f.wrapError("CreateStream", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.streams[name].transition(f.now(), types.StreamStatusActive, types.StreamStatusActive, 0)
	return f.streamARN(name), nil
}

// Reset forgets every stream (with its records, consumers and
// subscriptions, which end), channel, resource policy, account setting, KMS
// key state and fault, the call log and the rate limits' windows: the Fake
// is as New made it, with the same options and clock. Iterators and
// sequence numbers it issued before stay invalid, even for streams created
// again under the same names.
func (f *Fake) Reset() {
	f.ClearFaults()
	f.ResetCalls()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.streams = make(map[string]*stream)
	f.channels = make(map[string]*channel)
	f.policies = make(map[string]string)
	f.accountSettings = accountSettings{}
	f.kmsKeys = nil
	if f.retained.held != nil {
		f.retained.held.Store(0)
	}
	f.gate.mu.Lock()
	f.gate.windows = nil
	f.gate.mu.Unlock()
	// Subscriptions end under f.mu, so that none opening meanwhile is
	// dropped from the table without being ended (nothing could end it).
	nowMs := msOf(f.now())
	f.subs.mu.Lock()
	f.subs.endAllLocked(nowMs)
	f.subs.slots = nil
	f.subs.mu.Unlock()
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
	return p.records(sh)
}
