package kinesisfake

import (
	"math"
	"slices"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Routing: which shard of a stream takes a record, by its hash key (the
// hash-key ranges are hashkey.go) or, under AUTO, in turn.

// routes is a stream's routing index: the shards open throughout
// [fromMs, toMs), in hash-key order for routing by key and in shard-number
// order for AUTO's turns. The open shards change only at a shard's
// createdMs or closedMs, so one index serves every put until the clock
// reaches the next of those instants (a reshard's completion), or is set
// back before the last one; the next put then builds another, with one
// scan of the stream's shards. Routing itself costs a binary search over
// the open shards, whatever the stream's history.
//
// An index is never changed once built. Puts build and replace it holding
// Fake.mu for reading (racing puts may each build the same one); a
// reshard, holding it for writing, drops it (stream.reshaped).
type routes struct {
	fromMs, toMs int64
	shards       int      // len(stream.shards) when built
	byKey        []*shard // open shards by starting hash key
	starts       []hashKey
	byNumber     []*shard // open shards by shard number
	// partition reports that byKey covers the key space exactly, as the
	// open shards of a stream always do once its shards exist.
	partition bool
	newestMs  int64 // when the stream's newest shards were made
}

// routesAt returns the stream's routing index for nowMs, building it if the
// one at hand is for another interval or predates a shard. The caller
// holds f.mu.
func (s *stream) routesAt(nowMs int64) *routes {
	if r := s.routes.Load(); r != nil && r.fromMs <= nowMs && nowMs < r.toMs && r.shards == len(s.shards) {
		return r
	}
	r := buildRoutes(s.shards, nowMs)
	s.routes.Store(r)
	return r
}

// reshaped drops the routing index after the stream's shards changed. The
// caller holds f.mu for writing.
func (s *stream) reshaped() { s.routes.Store(nil) }

// buildRoutes indexes the shards open at nowMs, with one scan of shards
// and a sort of the open ones.
func buildRoutes(shards []*shard, nowMs int64) *routes {
	// newestMs starts below every instant, not at 0: before 1970 every
	// shard is made below 0.
	r := &routes{fromMs: math.MinInt64, toMs: math.MaxInt64, shards: len(shards), newestMs: math.MinInt64}
	for _, sh := range shards {
		r.bound(sh.createdMs, nowMs)
		if sh.closing {
			r.bound(sh.closedMs, nowMs)
		}
		r.newestMs = max(r.newestMs, sh.createdMs)
		if sh.openAt(nowMs) {
			r.byNumber = append(r.byNumber, sh)
		}
	}
	r.byKey = slices.Clone(r.byNumber)
	slices.SortFunc(r.byKey, func(a, b *shard) int { return a.keys.start.cmp(b.keys.start) })
	r.starts = make([]hashKey, len(r.byKey))
	r.partition = len(r.byKey) > 0 && r.byKey[0].keys.start == (hashKey{}) && r.byKey[len(r.byKey)-1].keys.end == maxHashKey
	for i, sh := range r.byKey {
		r.starts[i] = sh.keys.start
		if i > 0 && (r.byKey[i-1].keys.end == maxHashKey || r.byKey[i-1].keys.end.add(1) != sh.keys.start) {
			r.partition = false
		}
	}
	return r
}

// bound narrows the index's interval around nowMs to exclude ms, an
// instant at which a shard opens or closes.
func (r *routes) bound(ms, nowMs int64) {
	if ms <= nowMs {
		r.fromMs = max(r.fromMs, ms)
	} else {
		r.toMs = min(r.toMs, ms)
	}
}

// shardForKey returns the shard open at now whose hash-key range holds k:
// a binary search of the routing index.
func (s *stream) shardForKey(k hashKey, now time.Time) *shard {
	ms := msOf(now)
	r := s.routesAt(ms)
	if sh := r.lookup(k, ms); sh != nil {
		return sh
	}
	if r.partition {
		// Only shards changed by hand (in tests) without a reshard get
		// here; the scan below answers, and the next call rebuilds.
		s.routes.CompareAndSwap(r, nil)
	}
	return s.scanForKey(k, ms)
}

// lookup is the shard open at ms whose hash-key range holds k, as the
// index knows it, or nil when the index cannot tell (shardForKey then
// looks further). A caller routing many keys at one instant gets the index
// once (routesAt) and looks each key up.
func (r *routes) lookup(k hashKey, ms int64) *shard {
	if !r.partition {
		return nil
	}
	if sh := r.byKey[r.search(k)]; sh.openAt(ms) && sh.keys.contains(k) {
		return sh
	}
	return nil
}

// search returns the index in byKey of the last shard starting at or
// before k (the first starts at 0, so there is one).
func (r *routes) search(k hashKey) int {
	lo, hi := 0, len(r.starts) // starts[lo] <= k < starts[hi]
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if s := r.starts[mid]; k.hi > s.hi || k.hi == s.hi && k.lo >= s.lo {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// scanForKey is shardForKey by looking at every shard, for streams whose
// open shards do not cover the key space: before its shards exist (a clock
// set back), or shards made by hand in tests.
func (s *stream) scanForKey(k hashKey, ms int64) *shard {
	for _, sh := range s.shards {
		if sh.openAt(ms) && sh.keys.contains(k) {
			return sh
		}
	}
	return nil // only before the stream's shards exist (a clock set back)
}

// openShardCount counts the shards open at now.
func (s *stream) openShardCount(now time.Time) int {
	return len(s.routesAt(msOf(now)).byNumber)
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

// route picks the shard a record goes to at now. With the default
// record distribution strategy that is the open shard whose hash-key range
// holds key. With AUTO, records are spread evenly over the open shards in
// turn, in shard-number order, ignoring their keys: round-robin rather
// than random, so the same puts land on the same shards every run.
func (s *stream) route(key hashKey, now time.Time) *shard {
	if s.distribution != types.RecordDistributionStrategyAuto {
		return s.shardForKey(key, now)
	}
	ms := msOf(now)
	r := s.routesAt(ms)
	if len(r.byNumber) == 0 {
		return nil
	}
	turn := s.autoTurn.Add(1) - 1
	if sh := r.byNumber[turn%uint64(len(r.byNumber))]; sh.openAt(ms) {
		return sh
	}
	// Shards changed by hand (in tests): count them out the long way.
	s.routes.CompareAndSwap(r, nil)
	var open []*shard
	for _, sh := range s.shards {
		if sh.openAt(ms) {
			open = append(open, sh)
		}
	}
	if len(open) == 0 {
		return nil
	}
	return open[turn%uint64(len(open))]
}

// newestShardMs is when the stream's newest shards were made: at that time
// the shards open cover the whole key space. The caller holds f.mu.
func (s *stream) newestShardMs(now time.Time) int64 {
	return s.routesAt(msOf(now)).newestMs
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
