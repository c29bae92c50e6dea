package kinesisfake

import (
	"bytes"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// putRecordsMaxBytes is PutRecords' cap on the whole request: data blobs plus
// partition keys.
const putRecordsMaxBytes = 5 << 20

// putRecord implements PutRecord.
func (f *Fake) putRecord(in *kinesis.PutRecordInput) (*kinesis.PutRecordOutput, error) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	s, err := f.writableStream(streamRef{name: in.StreamName, arn: in.StreamARN})
	if err != nil {
		return nil, err
	}
	if err := s.checkRecordSize("data", in.Data); err != nil {
		return nil, err
	}
	key, err := routingKey(*in.PartitionKey, in.ExplicitHashKey)
	if err != nil {
		return nil, err
	}
	if in.SequenceNumberForOrdering != nil {
		if n, ok := parseSeqNum(*in.SequenceNumberForOrdering); !ok || n.tag != s.tag || n.shard >= len(s.shards) {
			return nil, invalidArgument("ExclusiveMinimumSequenceNumber %s used in PutRecord on stream %s under account %s is invalid.",
				*in.SequenceNumberForOrdering, s.name, f.account)
		}
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	now := f.now()
	sh := s.route(key, now)
	off := s.append(sh, in.Data, *in.PartitionKey, now)
	return &kinesis.PutRecordOutput{
		SequenceNumber: ptr(seqNum{shard: sh.index, offset: off, tag: s.tag}.String()),
		ShardId:        ptr(sh.id),
		EncryptionType: s.encryption,
	}, nil
}

// putRecords implements PutRecords. Without throughput limits every entry
// succeeds; results come back in input order.
func (f *Fake) putRecords(in *kinesis.PutRecordsInput) (*kinesis.PutRecordsOutput, error) {
	f.mu.RLock()
	defer f.mu.RUnlock()
	s, err := f.writableStream(streamRef{name: in.StreamName, arn: in.StreamARN})
	if err != nil {
		return nil, err
	}
	total := 0
	keys := make([]hashKey, len(in.Records))
	for i, e := range in.Records {
		total += len(e.Data) + len(*e.PartitionKey)
		if err := s.checkRecordSize(fmt.Sprintf("records.%d.member.data", i+1), e.Data); err != nil {
			return nil, err
		}
		if keys[i], err = routingKey(*e.PartitionKey, e.ExplicitHashKey); err != nil {
			return nil, err
		}
	}
	if total > putRecordsMaxBytes {
		return nil, invalidArgument("Records size exceeds 5 MB limit")
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	now := f.now()
	results := make([]types.PutRecordsResultEntry, len(in.Records))
	// One buffer holds every sequence number of the response.
	seqs := make([]byte, 0, seqLen*len(in.Records))
	for i, e := range in.Records {
		sh := s.route(keys[i], now)
		off := s.append(sh, e.Data, *e.PartitionKey, now)
		seqs = seqs[:len(seqs)+seqLen]
		seqNum{shard: sh.index, offset: off, tag: s.tag}.put(seqs[len(seqs)-seqLen:])
		results[i].ShardId = &sh.id
	}
	all := string(seqs)
	for i := range results {
		seq := all[i*seqLen : (i+1)*seqLen]
		results[i].SequenceNumber = &seq
	}
	return &kinesis.PutRecordsOutput{
		Records:           results,
		FailedRecordCount: ptr(int32(0)),
		EncryptionType:    s.encryption,
	}, nil
}

// writableStream finds a stream that accepts records. The caller holds f.mu.
func (f *Fake) writableStream(ref streamRef) (*stream, error) {
	s, err := f.lookupStream(ref)
	if err != nil {
		return nil, err
	}
	if st := s.statusAt(f.now()); st == types.StreamStatusCreating || st == types.StreamStatusDeleting {
		return nil, f.streamNotFound(s.name)
	}
	return s, nil
}

// checkRecordSize refuses a data blob larger than the stream's maximum
// record size with the ValidationException AWS gives for the default 1 MiB
// limit, naming the stream's limit instead. path is where the blob sits in
// the request, as AWS names it.
func (s *stream) checkRecordSize(path string, data []byte) error {
	limit := int(s.maxRecordKiB) * 1024
	if len(data) <= limit {
		return nil
	}
	return validationError([]string{fmt.Sprintf(
		"Value 'java.nio.HeapByteBuffer[pos=0 lim=%d cap=%d]' at '%s' failed to satisfy constraint: Member must have length less than or equal to %d",
		len(data), len(data), path, limit)})
}

// route picks the shard a record goes to at now. With the default
// record distribution strategy that is the open shard whose hash-key range
// holds key. With AUTO, records are spread evenly over the open shards in
// turn, ignoring their keys: round-robin rather than random, so the same
// puts land on the same shards every run.
func (s *stream) route(key hashKey, now time.Time) *shard {
	if s.distribution != types.RecordDistributionStrategyAuto {
		return s.shardForKey(key, now)
	}
	ms := msOf(now)
	open := 0
	for _, sh := range s.shards {
		if sh.openAt(ms) {
			open++
		}
	}
	turn := int(s.autoTurn.Add(1)-1) % open
	for _, sh := range s.shards {
		if sh.openAt(ms) {
			if turn == 0 {
				return sh
			}
			turn--
		}
	}
	return nil // unreachable: a stream always has an open shard
}

// routingKey is the hash key a record is routed by: ExplicitHashKey when
// given, else the MD5 of the partition key.
func routingKey(partitionKey string, explicit *string) (hashKey, error) {
	if explicit == nil {
		return hashKeyOf(partitionKey), nil
	}
	k, ok := parseHashKey(*explicit)
	if !ok {
		return hashKey{}, invalidArgument("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was %s", *explicit)
	}
	return k, nil
}

// append stores a record in sh and returns its offset. The caller holds
// f.mu for reading at least. Arrival times never go backwards within a shard
// (a manual clock may be set back), so AT_TIMESTAMP can binary-search them.
func (s *stream) append(sh *shard, data []byte, partitionKey string, now time.Time) uint64 {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.buf.trimBefore(s.retentionCutoffMs(now))
	arrival := max(msOf(now), sh.buf.lastArrivalMs())
	return sh.buf.push(record{
		data:         bytes.Clone(data),
		partitionKey: partitionKey,
		arrivalMs:    arrival,
		encrypted:    s.encryption == types.EncryptionTypeKms,
	})
}

// dryRun stops a request that asked only whether it would succeed. AWS's
// text for this is not documented; kinesisfake uses the one EC2 gives.
func dryRun(flag *bool) error {
	if flag != nil && *flag {
		return &types.DryRunOperationException{Message: ptr("Request would have succeeded, but DryRun flag is set.")}
	}
	return nil
}
