package kinesisfake

import (
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
	now := f.now()
	f.mu.RLock()
	defer f.mu.RUnlock()
	s, err := f.writableStream(streamRef{name: in.StreamName, arn: in.StreamARN}, now)
	if err != nil {
		return nil, err
	}
	if err := s.checkRecordSize("data", in.Data); err != nil {
		return nil, err
	}
	partitionKey, key, err := s.recordKey(in.PartitionKey, in.ExplicitHashKey, func() string { return "partitionKey" })
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
	sh := s.route(key, now)
	off := s.append(sh, in.Data, partitionKey, now)
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
	now := f.now()
	f.mu.RLock()
	defer f.mu.RUnlock()
	s, err := f.writableStream(streamRef{name: in.StreamName, arn: in.StreamARN}, now)
	if err != nil {
		return nil, err
	}
	n := len(in.Records)
	total := 0
	type route struct {
		partitionKey string
		hash         hashKey
	}
	routes := make([]route, n)
	for i, e := range in.Records {
		if err := s.checkEntrySize(i, e.Data); err != nil {
			return nil, err
		}
		r := &routes[i]
		if r.partitionKey, r.hash, err = s.recordKey(e.PartitionKey, e.ExplicitHashKey, func() string {
			return fmt.Sprintf("records.%d.member.partitionKey", i+1)
		}); err != nil {
			return nil, err
		}
		total += len(e.Data) + len(r.partitionKey)
	}
	if total > putRecordsMaxBytes {
		return nil, invalidArgument("Records size exceeds 5 MB limit")
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	// A fixed number of allocations per request, whatever its length: the
	// response's strings (shard ids, then sequence numbers) share one slice
	// and one string.
	results := make([]types.PutRecordsResultEntry, n)
	strs := make([]string, 2*n)
	var seqs strings.Builder
	seqs.Grow(n * seqLen)
	var digits [seqLen]byte
	for i, e := range in.Records {
		sh := s.route(routes[i].hash, now)
		off := s.append(sh, e.Data, routes[i].partitionKey, now)
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

// writableStream finds a stream that accepts records at now. The caller
// holds f.mu.
func (f *Fake) writableStream(ref streamRef, now time.Time) (*stream, error) {
	s, err := f.lookupStream(ref)
	if err != nil {
		return nil, err
	}
	if st := s.statusAt(now); st == types.StreamStatusCreating || st == types.StreamStatusDeleting {
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

// recordKey returns the partition key a record is stored with and the hash
// key it is routed by. Under the AUTO distribution strategy AWS documents
// the partition key as optional and ignores it and ExplicitHashKey for
// routing (a record put without one is stored with an empty key);
// otherwise the partition key is required, and its absence is reported at
// path, as AWS reports a null member. The caller holds f.mu.
func (s *stream) recordKey(partitionKey, explicit *string, path func() string) (string, hashKey, error) {
	if s.distribution == types.RecordDistributionStrategyAuto {
		if partitionKey == nil {
			return "", hashKey{}, nil
		}
		return *partitionKey, hashKey{}, nil
	}
	if partitionKey == nil {
		return "", hashKey{}, validationError([]string{"Value null at '" + path() + "' failed to satisfy constraint: Member must not be null"})
	}
	k, err := routingKey(*partitionKey, explicit)
	return *partitionKey, k, err
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

// append stores a record in sh and returns its offset. The shard keeps a
// copy of the data, so the caller may reuse its buffer. The caller holds
// f.mu for reading at least. Arrival times never go backwards within a
// shard (a manual clock may be set back), so AT_TIMESTAMP can binary-search
// them.
func (s *stream) append(sh *shard, data []byte, partitionKey string, now time.Time) uint64 {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	sh.buf.trimBefore(s.retentionCutoffMs(now))
	arrival := max(msOf(now), sh.buf.lastArrivalMs())
	return sh.buf.push(partitionKey, data, arrival, s.encryption == types.EncryptionTypeKms)
}

// dryRun stops a request that asked only whether it would succeed. AWS's
// text for this is not documented; kinesisfake uses the one EC2 gives.
func dryRun(flag *bool) error {
	if flag != nil && *flag {
		return &types.DryRunOperationException{Message: ptr("Request would have succeeded, but DryRun flag is set.")}
	}
	return nil
}
