package kinesisfake

import (
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Defaults and bounds Kinesis applies to every stream.
const (
	defaultRetentionHours = 24
	minRetentionHours     = 24
	maxRetentionHours     = 8760
	defaultMaxRecordKiB   = 1024
	onDemandShardCount    = 4 // shards of a new ON_DEMAND stream
)

// stream is one stream and everything the control plane knows of it. All
// fields are guarded by Fake.mu; a shard's records by the shard's own mutex.
type stream struct {
	name      string
	arn       string
	tag       streamTag // this incarnation, as iterators and tokens carry it
	createdMs int64
	// seqClock is the Fake's, for the creation seconds of the shards that
	// resharding adds (nil in streams built by hand in tests).
	seqClock *seqClock

	// life is the status, and the transition under way: see statusAt.
	life timeline[types.StreamStatus]
	// deletedUnsettled records that DeleteStream came while the stream was
	// still CREATING or UPDATING: while DELETING it then lists no shards.
	deletedUnsettled bool

	retentionHours int32
	mode           types.StreamMode
	maxRecordKiB   int32
	encryption     types.EncryptionType
	keyID          string
	tags           map[string]string

	// Settings of the rest of the control plane.
	enhancedMetrics []types.MetricsName
	distribution    types.RecordDistributionStrategy
	autoTurn        atomic.Uint64 // next shard in turn under AUTO distribution
	warmMiBps       int32
	// History of rate-limited changes, as Unix ms of each call, for the
	// rolling 24-hour limits.
	shardCountUpdatesMs []int64
	modeUpdatesMs       []int64
	encryptionUpdatesMs []int64
	encryptionStopsMs   []int64 // StopStreamEncryption has its own limit

	consumers map[string]*consumer // enhanced fan-out consumers, by name

	onDemand onDemandThroughput // write capacity while ON_DEMAND

	// shards holds every shard ever made, indexed by shard number; shards
	// that aged out of retention stay here (as nil-free entries) so shard
	// numbers keep meaning the same thing, and are filtered on read.
	shards []*shard
	// routes indexes the shards open now, for routing (routing.go).
	routes atomic.Pointer[routes]
}

// streamTag identifies one incarnation of a stream inside shard iterators
// and pagination tokens: a stream deleted and created again under the same
// name, even in the same millisecond, has another serial.
type streamTag struct {
	createdMs int64
	serial    uint64
}

// streamARN is the ARN AWS gives a stream.
func (f *Fake) streamARN(name string) string {
	return fmt.Sprintf("arn:aws:kinesis:%s:%s:stream/%s", f.region, f.account, name)
}

// parseStreamARN returns the region, account and stream name an ARN names.
// The model's pattern has already refused malformed ARNs, so this only has
// to take well-formed ones apart.
func parseStreamARN(arn string) (region, account, name string, ok bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" || parts[2] != "kinesis" {
		return "", "", "", false
	}
	name, found := strings.CutPrefix(parts[5], "stream/")
	if !found || name == "" || strings.Contains(name, "/") {
		return "", "", "", false
	}
	return parts[3], parts[4], name, true
}

// streamRef is how a request names a stream: by StreamName, StreamARN or both.
type streamRef struct {
	name *string
	arn  *string
}

// resolveStreamName resolves a reference to a stream name without looking it
// up. Naming the stream twice is allowed only when both names agree; AWS's
// text for a mismatch is not documented, so kinesisfake's says plainly what
// is wrong.
func (f *Fake) resolveStreamName(ref streamRef) (string, error) {
	switch {
	case ref.name == nil && ref.arn == nil:
		return "", invalidArgument("Either StreamName or StreamARN must be provided.")
	case ref.arn == nil:
		return *ref.name, nil
	}
	region, account, name, ok := parseStreamARN(*ref.arn)
	if !ok {
		return "", invalidArgument("StreamARN %s is not a valid Kinesis stream ARN.", *ref.arn)
	}
	if ref.name != nil && *ref.name != name {
		return "", invalidArgument("StreamARN %s and StreamName %s do not name the same stream.", *ref.arn, *ref.name)
	}
	if region != f.region || account != f.account {
		return "", resourceNotFound("Stream %s under account %s not found.", name, account)
	}
	return name, nil
}

// lookupStream finds the stream a request names. The caller holds f.mu.
func (f *Fake) lookupStream(ref streamRef) (*stream, error) {
	return f.lookupStreamAt(ref, f.now())
}

// lookupStreamAt is lookupStream at now, for operations that have read the
// clock already. The caller holds f.mu.
func (f *Fake) lookupStreamAt(ref streamRef, now time.Time) (*stream, error) {
	name, err := f.resolveStreamName(ref)
	if err != nil {
		return nil, err
	}
	s := f.liveStream(name, now)
	if s == nil {
		return nil, f.streamNotFound(name)
	}
	return s, nil
}

// streamNotFound is the ResourceNotFoundException for a stream name that
// names no live stream in the Fake's account.
func (f *Fake) streamNotFound(name string) error {
	return resourceNotFound("Stream %s under account %s not found.", name, f.account)
}

// shardNotFound is the ResourceNotFoundException GetShardIterator and
// GetRecords give for a shard that does not exist, also when its stream
// does not.
func (f *Fake) shardNotFound(shardID, streamName string) error {
	return resourceNotFound("Shard %s in stream %s under account %s does not exist", shardID, streamName, f.account)
}

// couldNotFindShard is the ResourceNotFoundException for a shard id that
// does not parse (GetShardIterator) or a shard SplitShard and MergeShards
// cannot use; id is named as given.
func (f *Fake) couldNotFindShard(id, streamName string) error {
	return resourceNotFound("Could not find shard %s in stream %s under account %s.", id, streamName, f.account)
}

// parseShardID reads a shard number the lenient way Kinesis does: only the
// digits after the first '-' count, so "shardId-1" and "shard-1" are shard 1
// just as "shardId-000000000001" is, and a bare number is taken as is.
func parseShardID(id string) (int, bool) {
	digits := id
	if i := strings.IndexByte(id, '-'); i >= 0 {
		digits = id[i+1:]
	}
	if digits == "" || digits[0] == '+' {
		return 0, false
	}
	n, err := strconv.ParseUint(digits, 10, 31)
	if err != nil {
		return 0, false
	}
	return int(n), true
}

// shardByID finds a shard that is still visible (not aged out of
// retention). The caller holds f.mu.
func (f *Fake) shardByID(s *stream, id string, now time.Time) (*shard, error) {
	n, ok := parseShardID(id)
	if !ok {
		return nil, f.couldNotFindShard(id, s.name)
	}
	if n >= len(s.shards) || !s.visible(s.shards[n], now) {
		return nil, f.shardNotFound(shardID(n), s.name)
	}
	return s.shards[n], nil
}

// retentionCutoffMs is the arrival time (Unix ms) before which records of
// the stream are past retention at now.
func (s *stream) retentionCutoffMs(now time.Time) int64 {
	return msOf(now) - int64(s.retentionHours)*int64(time.Hour/time.Millisecond)
}

// visible reports whether a shard is still listed: open shards always are,
// closed ones until they have been closed for longer than the retention
// period (by then all their records are gone).
func (s *stream) visible(sh *shard, now time.Time) bool {
	ms := msOf(now)
	return sh.existsAt(ms) && !sh.agedOut && (!sh.closedAt(ms) || sh.closedMs >= s.retentionCutoffMs(now))
}

// startSeqNum is a shard's StartingSequenceNumber: sequence index 0, which
// no record has, so it sorts before every record of the shard; its record
// seconds are the creation's, as in AWS's.
func startSeqNum(sh *shard) seqNum {
	return seqNum{created: sh.seqCreated, shard: sh.index, secs: sh.seqCreated}
}

// endSeqNum is a closed shard's EndingSequenceNumber: AWS's largest
// sequence index, above every record's, and the close's record seconds.
func endSeqNum(sh *shard) seqNum {
	return seqNum{created: sh.seqCreated, shard: sh.index, index: seqMaxIndex, secs: seqSeconds(sh.closedMs)}
}

// describeShard is a shard as DescribeStream and ListShards show it at now.
// What its pointers point to, the strings' bytes included, is one
// allocation (shardView): a page of ListShards makes a thousand.
func (s *stream) describeShard(sh *shard, now time.Time) types.Shard {
	v := &shardView{id: sh.id, parent: sh.parent, adjacent: sh.adjacentParent}
	text := v.text[:0]
	text = sh.keys.start.appendDecimal(text)
	start := len(text)
	text = sh.keys.end.appendDecimal(text)
	end := len(text)
	text = text[:end+seqLen]
	startSeqNum(sh).put((*[seqLen]byte)(text[end:]))
	closed := sh.closedAt(msOf(now))
	if closed {
		text = text[:end+2*seqLen]
		endSeqNum(sh).put((*[seqLen]byte)(text[end+seqLen:]))
	}
	all := frozenString(text) // v.text is not written again
	v.start, v.end, v.startSeq = all[:start], all[start:end], all[end:end+seqLen]
	v.keys = types.HashKeyRange{StartingHashKey: &v.start, EndingHashKey: &v.end}
	v.seqs = types.SequenceNumberRange{StartingSequenceNumber: &v.startSeq}
	out := types.Shard{ShardId: &v.id, HashKeyRange: &v.keys, SequenceNumberRange: &v.seqs}
	if closed {
		v.endSeq = all[end+seqLen:]
		v.seqs.EndingSequenceNumber = &v.endSeq
	}
	if sh.parent != "" {
		out.ParentShardId = &v.parent
	}
	if sh.adjacentParent != "" {
		out.AdjacentParentShardId = &v.adjacent
	}
	return out
}

// shardView is what a described shard's pointers point to.
type shardView struct {
	keys                                               types.HashKeyRange
	seqs                                               types.SequenceNumberRange
	id, parent, adjacent, start, end, startSeq, endSeq string
	// text holds the bytes of start, end, startSeq and endSeq: two hash
	// keys of at most 39 digits and two sequence numbers.
	text [2*39 + 2*seqLen]byte
}

// ptr returns a pointer to a copy of v, for the SDK's optional fields.
func ptr[T any](v T) *T { return &v }
