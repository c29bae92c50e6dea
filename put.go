package kinesisfake

import (
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
	// Read under the lock, so no stream or shard made later is in our past.
	now := f.now()
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
		// AWS accepts any number its layout decodes, of this stream or not
		// (all fields 0, version 1, a negative shard: kinesalite's suite
		// against production), and refuses the rest.
		if _, ok := parseSeqNum(*in.SequenceNumberForOrdering); !ok {
			return nil, invalidArgument("ExclusiveMinimumSequenceNumber %s used in PutRecord on stream %s under account %s is invalid.",
				*in.SequenceNumberForOrdering, s.name, f.account)
		}
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	if err := f.checkKMS(s, true); err != nil {
		return nil, err
	}
	// The output, the strings it points to and the sequence number's digits
	// are one allocation, the call's only one.
	res := new(putRecordResult)
	sh, ok := f.store(s, key, in.Data, partitionKey, now, &res.digits, nil)
	if !ok {
		return nil, f.throughputError(OpPutRecord, s.name, sh.id)
	}
	res.seq, res.shardID = frozenString(res.digits[:]), sh.id
	res.out = kinesis.PutRecordOutput{SequenceNumber: &res.seq, ShardId: &res.shardID, EncryptionType: s.putEncryption()}
	return &res.out, nil
}

// putRecordResult is a PutRecord response together with the strings its
// pointers point to and the digits of its sequence number, so that a put
// allocates one object for its answer. The strings are copies: a caller
// that writes through the pointers changes nothing in the stream.
type putRecordResult struct {
	out          kinesis.PutRecordOutput
	seq, shardID string
	digits       [seqLen]byte // seq's bytes, never written once seq is set
}

// putRecords implements PutRecords. Without throughput limits every entry
// succeeds; results come back in input order.
func (f *Fake) putRecords(in *kinesis.PutRecordsInput) (*kinesis.PutRecordsOutput, error) {
	entryFaults := f.entryFaults(in)
	f.mu.RLock()
	defer f.mu.RUnlock()
	now := f.now()
	s, err := f.writableStream(streamRef{name: in.StreamName, arn: in.StreamARN}, now)
	if err != nil {
		return nil, err
	}
	scratch := putScratchPool.Get().(*putScratch)
	defer putScratchPool.Put(scratch)
	hashes := scratch.hashesFor(len(in.Records))
	total := 0
	for i, e := range in.Records {
		if err := s.checkEntrySize(i, e.Data); err != nil {
			return nil, err
		}
		partitionKey, hash, err := s.recordKey(e.PartitionKey, e.ExplicitHashKey, func() string {
			return fmt.Sprintf("records.%d.member.partitionKey", i+1)
		})
		if err != nil {
			return nil, err
		}
		hashes[i] = hash
		total += len(e.Data) + len(partitionKey)
	}
	if total > putRecordsMaxBytes {
		return nil, invalidArgument("Records size exceeds 5 MB limit")
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}
	if err := f.checkKMS(s, true); err != nil {
		return nil, err
	}
	c := newPutCall(f, s, now, in.Records, scratch)
	// The request's records reach subscriptions together, as AWS delivers
	// a PutRecords in one event: see putBatch.
	defer c.batch.end()
	if len(entryFaults) > 0 || !c.storeByShard() {
		c.storeEach(entryFaults)
	}
	return c.answer(), nil
}

// putEncryption is the EncryptionType a put's answer carries: KMS on an
// encrypted stream, and on an unencrypted one no member at all, not NONE
// (kinesalite's suite against production matches the bodies exactly:
// {"SequenceNumber","ShardId"} and {"FailedRecordCount","Records"};
// LocalStack's AWS-validated test notes "PutRecord does not return
// EncryptionType").
func (s *stream) putEncryption() types.EncryptionType {
	if s.encryption == types.EncryptionTypeKms {
		return types.EncryptionTypeKms
	}
	return ""
}

// store routes a record and appends it within the write limits and the
// Fake's cap on retained data, writing its sequence number into seq. ok is
// false when the shard (or on-demand stream, or the Fake) is over its
// limit; sh is then the shard that refused it. batch is the PutRecords
// call the record belongs to, or nil for PutRecord. The caller holds f.mu
// for reading.
func (f *Fake) store(s *stream, key hashKey, data []byte, partitionKey string, now time.Time, seq *[seqLen]byte, batch *putBatch) (sh *shard, ok bool) {
	for {
		if sh = s.route(key, now); sh == nil {
			// Only a clock set back to before the stream's newest shards
			// were made finds no open shard: route as of their creation,
			// when open shards cover the key space.
			now = timeOfMs(s.newestShardMs(now))
			if sh = s.route(key, now); sh == nil {
				panic("kinesisfake: no open shard at the stream's newest shard creation")
			}
		}
		if !f.roomFor(len(data) + len(partitionKey)) {
			return sh, false // the Fake's cap on retained data: throttled
		}
		ok, closed := f.append(s, sh, data, partitionKey, now, seq, batch)
		if !closed {
			return sh, ok
		}
		// The shard closed (its reshard completed) between routing and
		// taking its lock: route again at the later time.
		now = f.now()
	}
}

// checkEntrySize is checkRecordSize for entry i of a PutRecords request;
// it formats the entry's path only when the entry is too large.
func (s *stream) checkEntrySize(i int, data []byte) error {
	if s.fitsRecordSize(data) {
		return nil
	}
	return s.checkRecordSize(fmt.Sprintf("records.%d.member.data", i+1), data)
}

// writableStream finds a stream that accepts records at now. The caller
// holds f.mu.
func (f *Fake) writableStream(ref streamRef, now time.Time) (*stream, error) {
	s, err := f.lookupStreamAt(ref, now)
	if err != nil {
		return nil, err
	}
	if !s.writableAt(now) {
		return nil, f.streamNotFound(s.name)
	}
	return s, nil
}

// writableAt reports whether the stream takes records at t: not while
// CREATING or DELETING, when AWS answers puts with ResourceNotFound.
func (s *stream) writableAt(t time.Time) bool {
	st := s.statusAt(t)
	return st != types.StreamStatusCreating && st != types.StreamStatusDeleting
}

// checkRecordSize refuses a data blob larger than the stream's maximum
// record size with the ValidationException AWS gives for the default 1 MiB
// limit, naming the stream's limit instead. path is where the blob sits in
// the request, as AWS names it.
func (s *stream) checkRecordSize(path string, data []byte) error {
	if s.fitsRecordSize(data) {
		return nil
	}
	return validationError([]string{fmt.Sprintf(
		"Value 'java.nio.HeapByteBuffer[pos=0 lim=%d cap=%d]' at '%s' failed to satisfy constraint: Member must have length less than or equal to %d",
		len(data), len(data), path, int(s.maxRecordKiB)*1024)})
}

// fitsRecordSize reports whether data is within the stream's maximum
// record size.
func (s *stream) fitsRecordSize(data []byte) bool { return len(data) <= int(s.maxRecordKiB)*1024 }

// dryRun stops a request that asked only whether it would succeed. AWS's
// text for this is not documented; kinesisfake uses the one EC2 gives.
func dryRun(flag *bool) error {
	if flag != nil && *flag {
		return &types.DryRunOperationException{Message: ptr("Request would have succeeded, but DryRun flag is set.")}
	}
	return nil
}
