package kinesisfake

import (
	"bytes"
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
	sh := s.shardForKey(key)
	off := s.append(sh, in.Data, *in.PartitionKey, f.now())
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
		sh := s.shardForKey(keys[i])
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
	if s.status == types.StreamStatusCreating || s.status == types.StreamStatusDeleting {
		return nil, f.streamNotFound(s.name)
	}
	return s, nil
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
