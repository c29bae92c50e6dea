package kinesisfake

import (
	"bytes"
	"fmt"
	"strings"
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
	// The output and the strings it points to share one allocation.
	res := &putRecordResult{seq: seqNum{shard: sh.index, offset: off, tag: s.tag}.String(), shardID: sh.id}
	res.out = kinesis.PutRecordOutput{SequenceNumber: &res.seq, ShardId: &res.shardID, EncryptionType: s.encryption}
	return &res.out, nil
}

// putRecordResult is a PutRecord response together with the strings its
// pointers point to, so that a put allocates one object for its answer.
// The strings are copies: a caller that writes through the pointers
// changes nothing in the stream.
type putRecordResult struct {
	out          kinesis.PutRecordOutput
	seq, shardID string
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
	n := len(in.Records)
	total, dataSize := 0, 0
	keys := make([]hashKey, n)
	for i, e := range in.Records {
		total += len(e.Data) + len(*e.PartitionKey)
		dataSize += len(e.Data)
		if err := s.checkEntrySize(i, e.Data); err != nil {
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
	// A fixed number of allocations per request, whatever its length: the
	// records' data is copied into one buffer, and the response's strings
	// (shard ids, then sequence numbers) share one slice and one string.
	data := make([]byte, 0, dataSize)
	results := make([]types.PutRecordsResultEntry, n)
	strs := make([]string, 2*n)
	var seqs strings.Builder
	seqs.Grow(n * seqLen)
	var digits [seqLen]byte
	for i, e := range in.Records {
		pos := len(data)
		data = append(data, e.Data...)
		sh := s.route(keys[i], now)
		off := s.store(sh, data[pos:len(data):len(data)], *e.PartitionKey, now)
		seqNum{shard: sh.index, offset: off, tag: s.tag}.put(digits[:])
		seqs.Write(digits[:])
		strs[i] = sh.id
	}
	all := seqs.String()
	for i := range results {
		strs[n+i] = all[i*seqLen : (i+1)*seqLen]
		results[i].ShardId = &strs[i]
		results[i].SequenceNumber = &strs[n+i]
	}
	return &kinesis.PutRecordsOutput{
		Records:           results,
		FailedRecordCount: ptr(int32(0)),
		EncryptionType:    s.encryption,
	}, nil
}

// checkEntrySize is checkRecordSize for entry i of a PutRecords request;
// it formats the entry's path only when the entry is too large.
func (s *stream) checkEntrySize(i int, data []byte) error {
	if len(data) <= int(s.maxRecordKiB)*1024 {
		return nil
	}
	return s.checkRecordSize(fmt.Sprintf("records.%d.member.data", i+1), data)
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

// append stores a copy of a record's data in sh and returns its offset.
// The caller holds f.mu for reading at least.
func (s *stream) append(sh *shard, data []byte, partitionKey string, now time.Time) uint64 {
	return s.store(sh, bytes.Clone(data), partitionKey, now)
}

// store stores a record in sh and returns its offset. data becomes the
// stream's: the caller must not keep or change it. The caller holds f.mu
// for reading at least. Arrival times never go backwards within a shard (a
// manual clock may be set back), so AT_TIMESTAMP can binary-search them.
func (s *stream) store(sh *shard, data []byte, partitionKey string, now time.Time) uint64 {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.buf.trimBefore(s.retentionCutoffMs(now))
	arrival := max(msOf(now), sh.buf.lastArrivalMs())
	return sh.buf.push(record{
		data:         data,
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
