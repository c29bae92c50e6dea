package kinesisfake

import (
	"fmt"
	"slices"
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
	var seq [seqLen]byte
	sh, ok := f.store(s, key, in.Data, partitionKey, now, &seq, nil)
	if !ok {
		return nil, f.throughputError(OpPutRecord, s.name, sh.id)
	}
	// The output and the strings it points to share one allocation.
	res := &putRecordResult{seq: string(seq[:]), shardID: sh.id}
	res.out = kinesis.PutRecordOutput{SequenceNumber: &res.seq, ShardId: &res.shardID, EncryptionType: s.putEncryption()}
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
	entryFaults := f.entryFaults(in)
	f.mu.RLock()
	defer f.mu.RUnlock()
	now := f.now()
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
	if err := f.checkKMS(s, true); err != nil {
		return nil, err
	}
	// A fixed number of allocations per request, whatever its length: the
	// response's strings (shard ids, then sequence numbers) share one slice
	// and one string. Entries fail one by one, over a shard's write limit
	// or by an injected fault, and the rest still succeed.
	results := make([]types.PutRecordsResultEntry, n)
	strs := make([]string, 2*n)
	stored := make([]bool, n)
	var seqs strings.Builder
	seqs.Grow(n * seqLen)
	var seq [seqLen]byte
	failed := 0
	// The request's records reach subscriptions together, as AWS delivers
	// a PutRecords in one event: see putBatch.
	var batch putBatch
	defer batch.end()
	for i, e := range in.Records {
		if entryFaults != nil {
			shard := s.peekShard(routes[i].hash, now)
			if fault := fireEntryFault(entryFaults, s.name, shard, routes[i].partitionKey); fault != nil {
				f.failEntry(&results[i], fault, s.name, shard)
				failed++
				continue
			}
		}
		sh, ok := f.store(s, routes[i].hash, e.Data, routes[i].partitionKey, now, &seq, &batch)
		if !ok {
			f.failEntry(&results[i], ErrProvisionedThroughputExceeded, s.name, sh.id)
			failed++
			continue
		}
		seqs.Write(seq[:])
		strs[i] = sh.id
		stored[i] = true
	}
	all := seqs.String()
	for i, j := 0, 0; i < n; i++ {
		if !stored[i] {
			continue
		}
		strs[n+i] = all[j*seqLen : (j+1)*seqLen]
		j++
		results[i].ShardId = &strs[i]
		results[i].SequenceNumber = &strs[n+i]
	}
	return &kinesis.PutRecordsOutput{
		Records:           results,
		FailedRecordCount: ptr(int32(failed)),
		EncryptionType:    s.putEncryption(),
	}, nil
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

// failEntry marks a PutRecords entry as failed, with the error code and
// message AWS gives for it: throttled or an internal failure.
func (f *Fake) failEntry(e *types.PutRecordsResultEntry, fault *FaultError, stream, shard string) {
	if fault == ErrInternalFailure {
		e.ErrorCode, e.ErrorMessage = ptr("InternalFailure"), ptr(internalFailureText)
		return
	}
	e.ErrorCode, e.ErrorMessage = ptr(fault.Code()), ptr(f.writeThrottleText(stream, shard))
}

// peekShard is the id of the shard a record with hash key k would go to,
// for matching faults, without taking an AUTO turn. It is only called when
// faults are injected.
func (s *stream) peekShard(k hashKey, now time.Time) string {
	if s.distribution == types.RecordDistributionStrategyAuto {
		return ""
	}
	if sh := s.shardForKey(k, now); sh != nil {
		return sh.id
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
			now = timeOfMs(s.newestShardMs())
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
	if open == 0 {
		return nil
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
	return nil
}

// newestShardMs is when the stream's newest shards were made: at that time
// the shards open cover the whole key space. The caller holds f.mu.
func (s *stream) newestShardMs() int64 {
	var ms int64
	for _, sh := range s.shards {
		ms = max(ms, sh.createdMs)
	}
	return ms
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

// append stores a record in sh and writes its sequence number into seq,
// unless the write limits refuse it (ok false) or the shard has closed
// since it was routed (closed true). The shard keeps a copy of the data, so
// the caller may reuse its buffer. It wakes the shard's waiting readers,
// unless the record is part of batch, which wakes them at its end. The
// caller holds f.mu for reading at least. Arrival
// times never go backwards within a shard (a manual clock may be set back),
// so AT_TIMESTAMP can binary-search them.
func (f *Fake) append(s *stream, sh *shard, data []byte, partitionKey string, now time.Time, seq *[seqLen]byte, batch *putBatch) (ok, closed bool) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.closedMs != 0 && !sh.openAt(msOf(f.now())) {
		// A reader that saw the shard's end after it closed must not miss
		// this record: it goes to a child instead. Reading the clock under
		// the shard's lock orders this put after any such reader.
		return false, true
	}
	sh.buf.trimBefore(s.retentionCutoffMs(now))
	nowMs := msOf(now)
	if !f.allowWrite(s, sh, nowMs, len(data)+len(partitionKey)) {
		return false, false
	}
	arrivalMs := max(nowMs, sh.buf.lastArrivalMs())
	offset := sh.buf.push(partitionKey, data, arrivalMs, s.encryption == types.EncryptionTypeKms)
	*seq = *sh.putSeq(offset, arrivalMs)
	if batch == nil {
		sh.notify() // event streams waiting at the tip deliver it
	} else {
		batch.join(sh)
	}
	return true, false
}

// putBatch is one PutRecords call's hold on the shards it writes: while it
// stores its entries, subscriptions of those shards wait (shard.batching),
// and when it ends they wake and see every record the call stored, in one
// event, as AWS delivers the records of one PutRecords (LocalStack's
// AWS-validated test_subscribe_to_shard: five records, one event).
// GetRecords is not held back: AWS documents nothing of the kind for it.
type putBatch struct {
	few  [4]*shard // the first shards, without allocating
	n    int       // how many of few are used
	more []*shard  // the shards after those
}

// join holds sh for the batch, once. The caller holds sh.mu.
func (b *putBatch) join(sh *shard) {
	if slices.Contains(b.few[:b.n], sh) || slices.Contains(b.more, sh) {
		return
	}
	sh.batching++
	if b.n < len(b.few) {
		b.few[b.n] = sh
		b.n++
		return
	}
	b.more = append(b.more, sh)
}

// end releases every shard the batch holds and wakes its readers. The
// caller holds f.mu for reading, as when the records were stored.
func (b *putBatch) end() {
	for _, sh := range append(b.few[:b.n:b.n], b.more...) {
		sh.mu.Lock()
		sh.batching--
		sh.notify()
		sh.mu.Unlock()
	}
}

// allowWrite applies the write limits to one record of size bytes: per
// shard for provisioned streams, per stream for on-demand ones. The caller
// holds sh.mu.
func (f *Fake) allowWrite(s *stream, sh *shard, nowMs int64, size int) bool {
	l := &f.limits
	if s.mode == types.StreamModeOnDemand {
		if l.OnDemandWriteBytesPerSecond <= 0 && l.OnDemandWriteRecordsPerSecond <= 0 {
			return true
		}
		return s.onDemand.allowWrite(l, nowMs, size)
	}
	if l.WriteBytesPerSecond <= 0 && l.WriteRecordsPerSecond <= 0 {
		return true
	}
	return sh.tp.allowWrite(l, nowMs, size)
}

// dryRun stops a request that asked only whether it would succeed. AWS's
// text for this is not documented; kinesisfake uses the one EC2 gives.
func dryRun(flag *bool) error {
	if flag != nil && *flag {
		return &types.DryRunOperationException{Message: ptr("Request would have succeeded, but DryRun flag is set.")}
	}
	return nil
}
