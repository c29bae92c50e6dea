package kinesisfake

import (
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// ListShards limits.
const (
	listShardsDefaultMax = 1000 // default MaxResults, and the most shards a page carries
	// nextTokenLifetime is how long a NextToken of ListShards or ListStreams
	// stays valid after it was issued; a token exactly this old is still
	// valid, as with shard iterators.
	nextTokenLifetime = 300000 * time.Millisecond
)

// listShards implements ListShards: one page of the shards visible at the
// clock's now that pass the shard filter, in shard-id order.
func (f *Fake) listShards(in *kinesis.ListShardsInput) (*kinesis.ListShardsOutput, error) {
	now := f.now()
	f.mu.RLock()
	defer f.mu.RUnlock()

	var (
		s     *stream
		query shardQuery
		err   error
	)
	if in.NextToken != nil {
		s, query, err = f.resumeShardQuery(in, now)
	} else {
		s, query, err = f.newShardQuery(in)
	}
	if err != nil {
		return nil, err
	}
	if err := f.requireActive(s, now, true); err != nil {
		return nil, err
	}

	limit := listShardsDefaultMax
	if in.MaxResults != nil {
		limit = min(int(*in.MaxResults), listShardsDefaultMax)
	}
	out := &kinesis.ListShardsOutput{Shards: []types.Shard{}}
	last := query.after
	for _, sh := range s.shards[query.after+1:] {
		if !s.visible(sh, now) || !query.matches(s, sh, now) {
			continue
		}
		if len(out.Shards) == limit {
			// More shards qualify: hand out a token that resumes after the
			// last one listed, with the same filter.
			out.NextToken = ptr(f.encodePageToken(pageToken{
				kind:     pageTokenListShards,
				issuedMs: msOf(now),
				stream:   s.tag,
				name:     s.name,
				after:    last,
				filter:   query.filter,
				filterMs: query.filterMs,
			}))
			break
		}
		out.Shards = append(out.Shards, s.describeShard(sh, now))
		last = sh.index
	}
	return out, nil
}

// shardQuery is what ListShards lists: the shards numbered after after that
// pass filter. A NextToken carries it from page to page.
type shardQuery struct {
	after    int                   // number of the last shard to skip; -1 for none
	filter   types.ShardFilterType // "" for none, which lists like FROM_TRIM_HORIZON
	filterMs int64                 // the filter's Timestamp, for AT_ and FROM_TIMESTAMP
}

// newShardQuery reads a first-page request: the stream it names and what to
// list of it. The caller holds f.mu.
func (f *Fake) newShardQuery(in *kinesis.ListShardsInput) (*stream, shardQuery, error) {
	q := shardQuery{after: -1}
	if in.StreamName == nil && in.StreamARN == nil {
		return nil, q, invalidArgument("Either NextToken or StreamName should be provided.")
	}
	if err := checkShardFilter(in.ShardFilter); err != nil {
		return nil, q, err
	}
	s, err := f.lookupStream(streamRef{name: in.StreamName, arn: in.StreamARN})
	if err != nil {
		return nil, q, err
	}
	// StreamCreationTimestamp tells apart streams that had the same name: one
	// that does not match names a stream that no longer exists.
	if in.StreamCreationTimestamp != nil && !createdIn(*in.StreamCreationTimestamp, s.createdMs) {
		return nil, q, f.streamNotFound(s.name)
	}
	if in.ExclusiveStartShardId != nil {
		q.after = s.indexBefore(*in.ExclusiveStartShardId)
	}
	if sf := in.ShardFilter; sf != nil {
		q.filter = sf.Type
		switch sf.Type {
		case types.ShardFilterTypeAfterShardId:
			// The same as ExclusiveStartShardId; with both, the later wins.
			q.after = max(q.after, s.indexBefore(*sf.ShardId))
		case types.ShardFilterTypeAtTimestamp, types.ShardFilterTypeFromTimestamp:
			q.filterMs = msOf(*sf.Timestamp)
		}
	}
	return s, q, nil
}

// resumeShardQuery reads a request that continues with a NextToken, which
// names the stream and the query by itself. The caller holds f.mu.
func (f *Fake) resumeShardQuery(in *kinesis.ListShardsInput, now time.Time) (*stream, shardQuery, error) {
	var q shardQuery
	// AWS refuses anything that would compete with the token's own idea of
	// the stream and position.
	for _, c := range []struct {
		name  string
		given bool
	}{
		{"StreamName", in.StreamName != nil},
		{"StreamARN", in.StreamARN != nil},
		{"ExclusiveStartShardId", in.ExclusiveStartShardId != nil},
		{"ShardFilter", in.ShardFilter != nil},
		{"StreamCreationTimestamp", in.StreamCreationTimestamp != nil},
	} {
		if c.given {
			return nil, q, invalidArgument("NextToken and %s cannot be provided together.", c.name)
		}
	}
	tok, err := f.openPageToken(*in.NextToken, pageTokenListShards, now)
	if err != nil {
		return nil, q, err
	}
	// A token outlives neither its stream nor that stream's incarnation.
	s := f.liveStream(tok.name, now)
	if s == nil || s.tag != tok.stream {
		return nil, q, f.streamNotFound(tok.name)
	}
	return s, shardQuery{after: min(tok.after, len(s.shards)-1), filter: tok.filter, filterMs: tok.filterMs}, nil
}

// checkShardFilter applies the rules of ShardFilter the model cannot
// express: which types need ShardId or Timestamp, and that neither may come
// with a type that does not use it. AWS's texts for these are not
// documented; kinesisfake's say plainly what is wrong.
func checkShardFilter(sf *types.ShardFilter) error {
	if sf == nil {
		return nil
	}
	switch sf.Type {
	case types.ShardFilterTypeAfterShardId:
		if sf.ShardId == nil {
			return invalidArgument("ShardId must be provided when the ShardFilter type is AFTER_SHARD_ID.")
		}
	case types.ShardFilterTypeAtTimestamp, types.ShardFilterTypeFromTimestamp:
		if sf.Timestamp == nil {
			return invalidArgument("Timestamp must be provided when the ShardFilter type is %s.", sf.Type)
		}
	case types.ShardFilterTypeAtTrimHorizon, types.ShardFilterTypeFromTrimHorizon, types.ShardFilterTypeAtLatest:
	default:
		return invalidArgument("ShardFilter type %s is not valid. Valid types are AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP and FROM_TIMESTAMP.", sf.Type)
	}
	if sf.ShardId != nil && sf.Type != types.ShardFilterTypeAfterShardId {
		return invalidArgument("ShardId can only be provided when the ShardFilter type is AFTER_SHARD_ID.")
	}
	if sf.Timestamp != nil && sf.Type != types.ShardFilterTypeAtTimestamp && sf.Type != types.ShardFilterTypeFromTimestamp {
		return invalidArgument("Timestamp can only be provided when the ShardFilter type is AT_TIMESTAMP or FROM_TIMESTAMP.")
	}
	return nil
}

// matches reports whether a visible shard passes the query's filter at now.
// Times are compared in milliseconds, the precision Kinesis keeps. A
// timestamp before the trim horizon reads as the trim horizon, as the
// FROM_TIMESTAMP documentation says and as AT_TIMESTAMP iterators behave.
// The caller holds f.mu.
func (q shardQuery) matches(s *stream, sh *shard, now time.Time) bool {
	nowMs := msOf(now)
	switch q.filter {
	case types.ShardFilterTypeAtLatest:
		return sh.openAt(nowMs)
	case types.ShardFilterTypeAtTrimHorizon:
		return sh.liveAt(s.trimHorizonMs(now))
	case types.ShardFilterTypeAtTimestamp:
		return sh.liveAt(max(q.filterMs, s.trimHorizonMs(now)))
	case types.ShardFilterTypeFromTimestamp:
		return !sh.closedAt(nowMs) || sh.closedMs >= max(q.filterMs, s.trimHorizonMs(now))
	default: // FROM_TRIM_HORIZON, AFTER_SHARD_ID, none: every visible shard
		return true
	}
}

// liveAt reports whether the shard was open at ms in the inclusive sense of
// ListShards' AT_TIMESTAMP filter: created at or before ms, and not closed
// before ms (a shard that closed exactly at ms counts, as does its child
// created at ms).
func (sh *shard) liveAt(ms int64) bool {
	return sh.createdMs <= ms && (!sh.closing || sh.closedMs >= ms)
}

// A NextToken of ListShards or ListStreams is opaque to callers and stateless
// here: it carries everything needed to resume, and a MAC, so that a garbled
// or hand-edited token fails as InvalidArgumentException instead of listing
// from somewhere random. It uses the Fake's iterator key; the leading kind
// byte keeps it from ever decoding as a shard iterator (whose first byte is
// 0), or as the token of the other operation.
//
// Layout before base64 (integers big-endian):
//
//	1  kind ('S' ListShards, 'L' ListStreams)
//	8  issue time, Unix ms
//	8  stream serial          } ListShards: which incarnation of the stream
//	8  stream creation, ms    }
//	4  ListShards: number of the last shard listed, plus one
//	1  ListShards: shard filter type, as an index into pageTokenFilters
//	8  ListShards: the filter's timestamp, Unix ms
//	1  length of the name, then the name: ListShards the stream's,
//	   ListStreams the last stream listed
//	16 MAC over all of the above
type pageToken struct {
	kind     byte
	issuedMs int64
	stream   streamTag
	after    int
	filter   types.ShardFilterType
	filterMs int64
	name     string
}

// Kinds of page token.
const (
	pageTokenListShards  byte = 'S'
	pageTokenListStreams byte = 'L'
)

// pageTokenFixedLen is the length of a page token's payload up to and
// including the name's length byte.
const pageTokenFixedLen = 1 + 8 + 8 + 8 + 4 + 1 + 8 + 1

// pageTokenFilters numbers the filter types inside a token; index 0 is no
// filter.
var pageTokenFilters = []types.ShardFilterType{
	"",
	types.ShardFilterTypeAfterShardId,
	types.ShardFilterTypeAtTrimHorizon,
	types.ShardFilterTypeFromTrimHorizon,
	types.ShardFilterTypeAtLatest,
	types.ShardFilterTypeAtTimestamp,
	types.ShardFilterTypeFromTimestamp,
}

// errInvalidPageToken is decodePageToken's one error; openPageToken reports
// it to callers as "Invalid NextToken.".
var errInvalidPageToken = errors.New("invalid page token")

// encodePageToken returns the base64 NextToken for t.
func (f *Fake) encodePageToken(t pageToken) string {
	filter := 0
	for i, typ := range pageTokenFilters {
		if typ == t.filter {
			filter = i
		}
	}
	name := t.name
	if len(name) > 255 {
		name = name[:255] // stream names are at most 128 characters
	}
	b := make([]byte, 0, pageTokenFixedLen+len(name)+tokenMACLen)
	b = append(b, t.kind)
	b = binary.BigEndian.AppendUint64(b, uint64(t.issuedMs))
	b = binary.BigEndian.AppendUint64(b, t.stream.serial)
	b = binary.BigEndian.AppendUint64(b, uint64(t.stream.createdMs))
	b = binary.BigEndian.AppendUint32(b, uint32(t.after+1))
	b = append(b, byte(filter))
	b = binary.BigEndian.AppendUint64(b, uint64(t.filterMs))
	b = append(b, byte(len(name)))
	b = append(b, name...)
	sum := f.tokens.mac(b)
	b = append(b, sum[:tokenMACLen]...)
	return base64.StdEncoding.EncodeToString(b)
}

// decodePageToken checks and decodes a NextToken of the given kind. Any
// malformed, tampered or foreign token gives errInvalidPageToken.
func (f *Fake) decodePageToken(token string, kind byte) (pageToken, error) {
	b, err := base64.StdEncoding.DecodeString(token)
	if err != nil || len(b) < pageTokenFixedLen+tokenMACLen {
		return pageToken{}, errInvalidPageToken
	}
	payload, mac := b[:len(b)-tokenMACLen], b[len(b)-tokenMACLen:]
	sum := f.tokens.mac(payload)
	if subtle.ConstantTimeCompare(sum[:tokenMACLen], mac) != 1 || payload[0] != kind {
		return pageToken{}, errInvalidPageToken
	}
	nameLen := int(payload[pageTokenFixedLen-1])
	filter := int(payload[29])
	if len(payload) != pageTokenFixedLen+nameLen || filter >= len(pageTokenFilters) {
		return pageToken{}, errInvalidPageToken
	}
	be := binary.BigEndian
	return pageToken{
		kind:     kind,
		issuedMs: int64(be.Uint64(payload[1:])),
		stream:   streamTag{serial: be.Uint64(payload[9:]), createdMs: int64(be.Uint64(payload[17:]))},
		after:    int(be.Uint32(payload[25:])) - 1,
		filter:   pageTokenFilters[filter],
		filterMs: int64(be.Uint64(payload[30:])),
		name:     string(payload[pageTokenFixedLen:]),
	}, nil
}

// openPageToken decodes a NextToken and checks that it has not expired.
// AWS's texts for a garbled or an expired token are not documented;
// kinesisfake's follow the style of its shard-iterator texts.
func (f *Fake) openPageToken(token string, kind byte, now time.Time) (pageToken, error) {
	tok, err := f.decodePageToken(token, kind)
	if err != nil {
		return tok, invalidArgument("Invalid NextToken.")
	}
	if outlived(tok.issuedMs, nextTokenLifetime, now) {
		return tok, nextTokenExpired(timeOfMs(tok.issuedMs), now)
	}
	return tok, nil
}

// nextTokenExpired is the ExpiredNextTokenException for a token issued at
// issued and used at now.
func nextTokenExpired(issued, now time.Time) error {
	return expiredNextToken("NextToken expired. The token was created at time %s while right now it is %s which is further in the future than the tolerated delay of 300000 milliseconds.",
		issued.UTC().Format(javaDate), now.UTC().Format(javaDate))
}
