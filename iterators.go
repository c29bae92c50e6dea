package kinesisfake

import (
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// javaDate is how AWS's texts print times: like Java's Date.toString.
const javaDate = "Mon Jan 02 15:04:05 MST 2006"

// iteratorLifetime is how long a shard iterator stays valid after it was
// issued. An iterator exactly this old is still valid.
const iteratorLifetime = 300000 * time.Millisecond

// getShardIterator implements GetShardIterator.
func (f *Fake) getShardIterator(in *kinesis.GetShardIteratorInput) (*kinesis.GetShardIteratorOutput, error) {
	now := f.now()
	f.mu.RLock()
	defer f.mu.RUnlock()
	name, err := f.resolveStreamName(streamRef{name: in.StreamName, arn: in.StreamARN})
	if err != nil {
		return nil, err
	}
	s := f.liveStream(name, now)
	if s == nil || s.statusAt(now) == types.StreamStatusCreating {
		if n, ok := parseShardID(*in.ShardId); ok {
			return nil, f.shardNotFound(shardID(n), name)
		}
		return nil, f.couldNotFindShard(*in.ShardId, name)
	}
	sh, err := f.shardByID(s, *in.ShardId, now)
	if err != nil {
		return nil, err
	}
	start, err := f.checkIteratorRequest(in, s, sh, now)
	if err != nil {
		return nil, err
	}
	if err := dryRun(in.DryRun); err != nil {
		return nil, err
	}

	offset, ok := f.iteratorStart(s, sh, in.ShardIteratorType, start, in.Timestamp, now)
	if !ok {
		return nil, f.throughputError(OpGetShardIterator, s.name, sh.id)
	}

	token := f.tokens.encode(iteratorToken{
		serial:     f.iteratorSerial.Add(1),
		stream:     s.tag,
		shard:      sh.index,
		offset:     offset,
		issuedMs:   msOf(now),
		streamName: s.name,
	})
	return &kinesis.GetShardIteratorOutput{ShardIterator: &token}, nil
}

// iteratorStart finds where a new iterator starts in sh, within the
// shard's GetShardIterator limit; ok is false when the limit refuses it.
// The caller holds f.mu.
func (f *Fake) iteratorStart(s *stream, sh *shard, typ types.ShardIteratorType, start seqNum, ts *time.Time, now time.Time) (offset uint64, ok bool) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	// AWS limits GetShardIterator per open shard; a closed shard's
	// iterators are not rationed.
	if sh.openAt(msOf(now)) && !sh.tp.getIterator.allow(msOf(now), f.limits.GetShardIteratorPerSecond) {
		return 0, false
	}
	sh.buf.trimBefore(s.retentionCutoffMs(now))
	return sh.buf.startOffset(typ, start, ts), true
}

// startOffset is where an iterator of type typ starts in the shard: start
// is the checked sequence number for the *_SEQUENCE_NUMBER types, ts the
// timestamp for AT_TIMESTAMP. The caller holds the shard's lock and has
// trimmed it. GetShardIterator and SubscribeToShard both start here.
func (r *ring) startOffset(typ types.ShardIteratorType, start seqNum, ts *time.Time) uint64 {
	switch typ {
	case types.ShardIteratorTypeLatest:
		return r.nextOffset()
	case types.ShardIteratorTypeAtSequenceNumber:
		return start.at()
	case types.ShardIteratorTypeAfterSequenceNumber:
		return start.index + 1
	case types.ShardIteratorTypeAtTimestamp:
		// Millisecond precision, inclusive; a time before the trim horizon
		// finds the oldest retained record, as TRIM_HORIZON would.
		return r.firstAtOrAfter(msOf(ts.Truncate(time.Millisecond)))
	}
	return r.first // TRIM_HORIZON
}

// checkIteratorRequest applies GetShardIterator's rules about which
// parameters go with which iterator type, and checks a starting sequence
// number against the shard. It returns the decoded sequence number for the
// *_SEQUENCE_NUMBER types.
//
// The number's checks go in the order kinesalite's suite saw AWS apply
// them: a number AWS cannot decode is invalid; one that encodes another
// shard says so (even "5", which encodes shard 5); one of the oldest form
// for this shard is a bare 500 InternalFailure (as "0" is); one whose
// version or creation seconds are not the shard's did not come from this
// stream (creation seconds are unique within a Fake, so that catches every
// other stream and incarnation).
func (f *Fake) checkIteratorRequest(in *kinesis.GetShardIteratorInput, s *stream, sh *shard, now time.Time) (seqNum, error) {
	typ := in.ShardIteratorType
	switch typ {
	case types.ShardIteratorTypeAtSequenceNumber, types.ShardIteratorTypeAfterSequenceNumber:
		if in.StartingSequenceNumber == nil {
			return seqNum{}, invalidArgument("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified %s and no StartingSequenceNumber.", typ)
		}
	case types.ShardIteratorTypeTrimHorizon, types.ShardIteratorTypeLatest:
		if in.StartingSequenceNumber != nil {
			return seqNum{}, invalidArgument("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified %s and also a StartingSequenceNumber.", typ)
		}
		return seqNum{}, nil
	case types.ShardIteratorTypeAtTimestamp:
		if in.Timestamp == nil {
			return seqNum{}, invalidArgument("Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.")
		}
		if ts := msOf(*in.Timestamp); ts > msOf(now) {
			return seqNum{}, invalidArgument("The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: %d, currentTimestampInMillis: %d", ts, msOf(now))
		}
		return seqNum{}, nil
	}

	raw := *in.StartingSequenceNumber
	n, ok := parseSeqNum(raw)
	switch {
	case !ok:
		return seqNum{}, invalidArgument("StartingSequenceNumber %s used in GetShardIterator on shard %s in stream %s under account %s is invalid.", raw, sh.id, s.name, f.account)
	case n.shard != sh.index:
		return seqNum{}, invalidArgument("Invalid StartingSequenceNumber. It encodes %s, while it was used in a call to a shard with %s", shardID(n.shard), sh.id)
	case n.kind == seqShort:
		return seqNum{}, internalFailure()
	case n.kind == seqV1 || n.created != sh.seqCreated:
		return seqNum{}, invalidArgument("StartingSequenceNumber %s used in GetShardIterator on shard %s in stream %s under account %s is invalid because it did not come from this stream.", raw, sh.id, s.name, f.account)
	}
	if typ == types.ShardIteratorTypeAfterSequenceNumber && n.index == seqMaxIndex {
		return seqNum{}, invalidArgument("Invalid SequenceNumber for ShardIteratorType AFTER_SEQUENCE_NUMBER, SequenceNumber has reached max possible value for the shard.")
	}
	return n, nil
}

// openIterator decodes a shard iterator and checks that it is still valid
// and that its stream and shard still exist. The caller holds f.mu.
func (f *Fake) openIterator(token string, now time.Time) (iteratorToken, *stream, *shard, error) {
	tok, err := f.tokens.decode(token)
	if err != nil {
		return tok, nil, nil, invalidArgument("Invalid ShardIterator.")
	}
	if err := f.checkIteratorAge(tok, now); err != nil {
		return tok, nil, nil, err
	}
	s := f.liveStream(tok.streamName, now)
	if s == nil || s.tag != tok.stream || tok.shard >= len(s.shards) || !s.visible(s.shards[tok.shard], now) {
		return tok, nil, nil, f.shardNotFound(shardID(tok.shard), tok.streamName)
	}
	return tok, s, s.shards[tok.shard], nil
}

// outlived reports whether a token issued at issuedMs, valid for lifetime,
// has expired at now: shard iterators and ListShards/ListStreams NextTokens
// alike. Its age is taken in the engine's instants, as issuedMs is: past
// their range (year 6429) the clock stands still for tokens too.
func outlived(issuedMs int64, lifetime time.Duration, now time.Time) bool {
	return msOf(now)-issuedMs > lifetime.Milliseconds()
}

// checkIteratorAge fails an iterator older than iteratorLifetime with AWS's
// ExpiredIteratorException text, whose dates read like Java's Date.toString.
func (f *Fake) checkIteratorAge(tok iteratorToken, now time.Time) error {
	issued := timeOfMs(tok.issuedMs)
	if !outlived(tok.issuedMs, iteratorLifetime, now) && !f.expiredByCommand(tok) {
		return nil
	}
	msg := "Iterator expired. The iterator was created at time " + issued.UTC().Format(javaDate) +
		" while right now it is " + now.UTC().Format(javaDate) +
		" which is further in the future than the tolerated delay of 300000 milliseconds."
	return &types.ExpiredIteratorException{Message: &msg}
}
