package kinesisfake

import (
	"fmt"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Seed is a record for SeedRecords: put into a stream as if it had arrived
// at At.
type Seed struct {
	PartitionKey    string    // routes the record (its MD5), as in PutRecord
	ExplicitHashKey string    // optional: routes the record instead, as in PutRecord
	Data            []byte    // the record's data, copied
	At              time.Time // when it arrived: its ApproximateArrivalTimestamp
}

// SeedRecords puts records into stream as if they had arrived at their
// At times, without moving the clock, so that tests of AT_TIMESTAMP,
// retention and MillisBehindLatest need no clock choreography. Each record
// goes to the shard that owned its hash key at At (a parent, if At is
// before a reshard), and gets the sequence number a put at At would have.
// It is test setup, like CreateStreamT: outside throughput limits, faults
// and the call log. Seed before reading: a reader that already passed a
// shard's end or tip does not go back for what is seeded behind it.
//
// The rules keep the stream one that real puts could have made: times are
// at most now and within the retention period, never before the shard
// existed or while the stream was CREATING (nor into a stream DELETING
// now), and never earlier than the shard's newest record (arrival times
// do not decrease within a shard), so seed in time order. The records
// before the first one that breaks a rule are stored; the error names that
// one. The results are in seed order, with ShardId and SequenceNumber.
func (f *Fake) SeedRecords(stream string, seeds ...Seed) ([]types.PutRecordsResultEntry, error) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	now := f.now()
	s := f.liveStream(stream, now)
	if s == nil {
		return nil, fmt.Errorf("kinesisfake: SeedRecords: stream %s does not exist", stream)
	}
	out := make([]types.PutRecordsResultEntry, 0, len(seeds))
	for i, seed := range seeds {
		entry, err := f.seed(s, seed, now)
		if err != nil {
			return out, fmt.Errorf("kinesisfake: SeedRecords: record %d (at %s): %w", i, seed.At.UTC().Format(time.RFC3339Nano), err)
		}
		out = append(out, entry)
	}
	return out, nil
}

// SeedRecordsT is SeedRecords for a test: it fails t on an error and
// returns the records' sequence numbers, in seed order.
func (f *Fake) SeedRecordsT(t testing.TB, stream string, seeds ...Seed) []string {
	t.Helper()
	entries, err := f.SeedRecords(stream, seeds...)
	if err != nil {
		t.Fatal(err)
	}
	seqs := make([]string, len(entries))
	for i, e := range entries {
		seqs[i] = aws.ToString(e.SequenceNumber)
	}
	return seqs
}

// seed stores one record at seed.At. The caller holds f.mu for reading.
func (f *Fake) seed(s *stream, seed Seed, now time.Time) (types.PutRecordsResultEntry, error) {
	at := seed.At.Truncate(time.Millisecond)
	atMs := msOf(at)
	switch {
	case at.After(now):
		return types.PutRecordsResultEntry{}, fmt.Errorf("after the clock's now (%s)", now.UTC().Format(time.RFC3339Nano))
	case atMs < s.retentionCutoffMs(now):
		return types.PutRecordsResultEntry{}, fmt.Errorf("older than the stream's retention period of %d hours", s.retentionHours)
	case !s.writableAt(now):
		return types.PutRecordsResultEntry{}, fmt.Errorf("the stream is %s: a put now fails with ResourceNotFoundException", s.statusAt(now))
	case !s.writableAt(at):
		return types.PutRecordsResultEntry{}, fmt.Errorf("the stream was %s then: a put fails with ResourceNotFoundException", s.statusAt(at))
	}
	var explicit *string
	if seed.ExplicitHashKey != "" {
		explicit = &seed.ExplicitHashKey
	}
	// PutRecord's own rules for its key, hash key and data (a key of 1 to
	// 256 characters, none needed on an AUTO stream), then the stream's
	// record size.
	if seed.PartitionKey != "" || s.distribution != types.RecordDistributionStrategyAuto {
		in := &kinesis.PutRecordInput{StreamName: &s.name, PartitionKey: &seed.PartitionKey, ExplicitHashKey: explicit, Data: seed.Data}
		if in.Data == nil {
			in.Data = []byte{} // no data is empty data, as in a put
		}
		if err := checkInput(directDoor, in); err != nil {
			return types.PutRecordsResultEntry{}, err
		}
	}
	if err := s.checkRecordSize("data", seed.Data); err != nil {
		return types.PutRecordsResultEntry{}, err
	}
	key, err := routingKey(seed.PartitionKey, explicit)
	if err != nil {
		return types.PutRecordsResultEntry{}, err
	}
	sh := s.route(key, at)
	if sh == nil {
		return types.PutRecordsResultEntry{}, fmt.Errorf("before the stream's shards existed")
	}
	if !f.roomFor(len(seed.Data) + len(seed.PartitionKey)) {
		return types.PutRecordsResultEntry{}, fmt.Errorf("over the Fake's cap on retained bytes (WithMaxRetainedBytes)")
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if last := sh.buf.lastArrivalMs(); sh.buf.n > 0 && atMs < last {
		return types.PutRecordsResultEntry{}, fmt.Errorf("earlier than the newest record of %s (%s): seed in time order",
			sh.id, time.UnixMilli(last).UTC().Format(time.RFC3339Nano))
	}
	offset := sh.buf.push(seed.PartitionKey, seed.Data, atMs, s.encryption == types.EncryptionTypeKms)
	seq := string(sh.putSeq(offset, atMs)[:])
	sh.notify()
	return types.PutRecordsResultEntry{ShardId: aws.String(sh.id), SequenceNumber: aws.String(seq)}, nil
}
