package kinesisfake

import (
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Limits are the throughput limits the Fake enforces, on the Fake's clock.
// Every "per second" is a sliding window of 1000 ms. A zero field turns that
// limit off.
type Limits struct {
	// Per shard, as AWS documents them.
	GetRecordsPerSecond       int // GetRecords calls; default 5
	ReadBytesPerSecond        int // bytes GetRecords returns; default 2 MiB
	GetShardIteratorPerSecond int // GetShardIterator calls; default 5
	WriteRecordsPerSecond     int // records put; default 1000
	WriteBytesPerSecond       int // data plus partition keys put; default 1 MiB

	// ReadPenalty: reads of more than ReadBytesPerSecond within one second
	// (one large GetRecords response or several) block the shard's reads
	// until the read rate has paid them off (a 10 MiB response: 5 seconds).
	// Set false to allow bursts.
	ReadPenalty bool

	// Enhanced fan-out, per consumer and shard, as AWS documents it: each
	// consumer has its own read throughput, apart from the shard's
	// GetRecords limits. SubscribeToShardPerSecond: calls; default 1.
	// FanOutReadBytesPerSecond: bytes its events deliver (data plus
	// partition keys), over a sliding second; default 2 MiB. A consumer
	// behind by more gets its records paced at that rate.
	SubscribeToShardPerSecond int
	FanOutReadBytesPerSecond  int

	// On-demand streams have no per-shard write limits. A new on-demand
	// stream takes OnDemandWriteBytesPerSecond and
	// OnDemandWriteRecordsPerSecond in all; it scales to double the peak
	// per-second write rate it has sustained once that peak is 15 minutes
	// old. Defaults 4 MiB and 4000.
	OnDemandWriteBytesPerSecond   int
	OnDemandWriteRecordsPerSecond int

	// ControlPlane is the call rate per second of each control-plane
	// operation, by name (the Op constants), per account or per stream as
	// AWS scopes it (see DefaultLimits). Operations not listed are not
	// limited; New panics on a key that is no operation.
	ControlPlane map[string]int
}

// DefaultLimits returns AWS's documented limits.
func DefaultLimits() Limits {
	return Limits{
		GetRecordsPerSecond:           5,
		ReadBytesPerSecond:            2 << 20,
		GetShardIteratorPerSecond:     5,
		WriteRecordsPerSecond:         1000,
		WriteBytesPerSecond:           1 << 20,
		ReadPenalty:                   true,
		SubscribeToShardPerSecond:     1,
		FanOutReadBytesPerSecond:      2 << 20,
		OnDemandWriteBytesPerSecond:   4 << 20,
		OnDemandWriteRecordsPerSecond: 4000,
		ControlPlane:                  defaultControlPlane(),
	}
}

// defaultControlPlane is AWS's documented control-plane rate of every
// operation that has one (the operations table's rate column).
func defaultControlPlane() map[string]int {
	m := make(map[string]int)
	for name, op := range operations {
		if op.rate > 0 {
			m[name] = op.rate
		}
	}
	return m
}

// WithLimits changes single limits: set is called with the limits so far
// (the defaults, unless an earlier option changed them) and changes what it
// wants, e.g.
//
//	kinesisfake.WithLimits(func(l *kinesisfake.Limits) { l.GetRecordsPerSecond = 10 })
//
// Options compose: after WithoutThroughputLimits, WithLimits turns on just
// the limits it sets, and a second WithLimits keeps the first one's changes.
func WithLimits(set func(*Limits)) Option {
	return func(f *Fake) {
		l := f.limits
		// The Fake owns its map: set may change it, and the caller's
		// copies must not alias it.
		cp := make(map[string]int, len(l.ControlPlane))
		for op, n := range l.ControlPlane {
			cp[op] = n
		}
		l.ControlPlane = cp
		set(&l)
		f.limits = l
	}
}

// WithoutThroughputLimits turns every throughput limit off, data plane and
// control plane.
func WithoutThroughputLimits() Option {
	return func(f *Fake) { f.limits = Limits{ControlPlane: map[string]int{}} }
}

// callWindow counts calls in a sliding window of one second.
type callWindow struct {
	times []int64 // ring of the most recent call times (ms), at most limit
	head  int
}

// allow records a call at nowMs and reports whether it stays within limit
// calls per second. A refused call is not recorded, as AWS does not count
// throttled calls against the limit.
func (w *callWindow) allow(nowMs int64, limit int) bool {
	if limit <= 0 {
		return true
	}
	if len(w.times) < limit {
		w.times = append(w.times, nowMs)
		return true
	}
	oldest := w.times[w.head]
	if nowMs-oldest < 1000 {
		return false
	}
	w.times[w.head] = nowMs
	w.head = (w.head + 1) % len(w.times)
	return true
}

// amountWindow sums amounts (bytes, records) over a sliding window of one
// second.
type amountWindow struct {
	entries []amountAt
	sum     int
}

// amountAt is the amount an amountWindow recorded in one millisecond.
type amountAt struct {
	ms     int64
	amount int
}

// used is the amount in the window ending at nowMs.
func (w *amountWindow) used(nowMs int64) int {
	i := 0
	for i < len(w.entries) && nowMs-w.entries[i].ms >= 1000 {
		w.sum -= w.entries[i].amount
		i++
	}
	if i > 0 {
		w.entries = append(w.entries[:0], w.entries[i:]...)
	}
	return w.sum
}

// add records an amount at nowMs.
func (w *amountWindow) add(nowMs int64, amount int) {
	if n := len(w.entries); n > 0 && w.entries[n-1].ms == nowMs {
		w.entries[n-1].amount += amount
	} else {
		w.entries = append(w.entries, amountAt{ms: nowMs, amount: amount})
	}
	w.sum += amount
}

// shardThroughput is one shard's throughput state, guarded by the shard's
// mutex.
type shardThroughput struct {
	getRecords    callWindow
	getIterator   callWindow
	readBytes     amountWindow
	readBlocked   bool  // reads fail until readBlockedMs, after an oversized response
	readBlockedMs int64 // (with a flag, not 0 for "never": before 1970 every instant is below 0)
	writeRecords  amountWindow
	writeBytes    amountWindow
}

// allowRead reports whether a GetRecords call may read the shard at nowMs.
func (t *shardThroughput) allowRead(l *Limits, nowMs int64) bool {
	if t.readBlocked && nowMs < t.readBlockedMs {
		return false
	}
	if l.ReadBytesPerSecond > 0 && t.readBytes.used(nowMs) >= l.ReadBytesPerSecond {
		return false
	}
	return t.getRecords.allow(nowMs, l.GetRecordsPerSecond)
}

// readDone records the bytes a GetRecords call returned. Over the rate
// within the window, the shard's reads stay blocked until the rate has paid
// for everything the window holds, counted from its first read: one 10 MiB
// response blocks for 5 s, and several responses just under the rate
// cannot together read at twice the rate.
func (t *shardThroughput) readDone(l *Limits, nowMs int64, bytes int) {
	if l.ReadBytesPerSecond <= 0 {
		return
	}
	t.readBytes.add(nowMs, bytes)
	if used := t.readBytes.used(nowMs); l.ReadPenalty && used > l.ReadBytesPerSecond {
		paidMs := t.readBytes.entries[0].ms + int64(used)*1000/int64(l.ReadBytesPerSecond)
		if !t.readBlocked || paidMs > t.readBlockedMs {
			t.readBlocked, t.readBlockedMs = true, paidMs
		}
	}
}

// allowWrite reports whether one more record of size bytes fits the shard's
// write limits at nowMs, and if so counts it.
func (t *shardThroughput) allowWrite(l *Limits, nowMs int64, size int) bool {
	if l.WriteRecordsPerSecond > 0 && t.writeRecords.used(nowMs)+1 > l.WriteRecordsPerSecond {
		return false
	}
	// A record larger than the whole per-second budget (streams allow
	// records up to 10 MiB) is taken by an idle shard, then holds it off
	// for the rest of the window.
	if used := t.writeBytes.used(nowMs); l.WriteBytesPerSecond > 0 && used+size > l.WriteBytesPerSecond && used > 0 {
		return false
	}
	if l.WriteRecordsPerSecond > 0 {
		t.writeRecords.add(nowMs, 1)
	}
	if l.WriteBytesPerSecond > 0 {
		t.writeBytes.add(nowMs, size)
	}
	return true
}

// onDemandThroughput is an on-demand stream's write capacity, which follows
// its traffic. Guarded by its own mutex, because puts hold f.mu only for
// reading.
type onDemandThroughput struct {
	mu      sync.Mutex
	records amountWindow
	bytes   amountWindow
	// peakBytes and peakRecords are the highest per-second write rates the
	// stream reached at least 15 minutes ago: it takes double them.
	peakBytes, peakRecords int
	// pending holds the higher rates reached since, oldest first, each with
	// the time it was reached; one becomes the peak once 15 minutes old.
	pending []onDemandPeak
}

// onDemandPeak is a per-second write rate an on-demand stream reached at
// ms. Rates reached within one calendar second share an entry dated by the
// last of them, so the list stays short (at most 900 entries) and no rate
// counts before it is 15 minutes old.
type onDemandPeak struct {
	ms             int64
	bytes, records int
}

// onDemandScaleDelayMs is how long an on-demand stream takes to scale to a
// new peak.
const onDemandScaleDelayMs = 15 * 60 * 1000

// allowWrite reports whether a record of size bytes fits the stream's
// current on-demand capacity at nowMs, and if so counts it.
func (t *onDemandThroughput) allowWrite(l *Limits, nowMs int64, size int) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.promote(nowMs)
	capBytes := max(l.OnDemandWriteBytesPerSecond, 2*t.peakBytes)
	capRecords := max(l.OnDemandWriteRecordsPerSecond, 2*t.peakRecords)
	usedBytes, usedRecords := t.bytes.used(nowMs), t.records.used(nowMs)
	if l.OnDemandWriteRecordsPerSecond > 0 && usedRecords+1 > capRecords {
		return false
	}
	if l.OnDemandWriteBytesPerSecond > 0 && usedBytes+size > capBytes && usedBytes > 0 {
		return false
	}
	t.records.add(nowMs, 1)
	t.bytes.add(nowMs, size)
	t.reached(nowMs, usedBytes+size, usedRecords+1)
	return true
}

// promote makes the pending rates that are 15 minutes old at nowMs the
// stream's peak.
func (t *onDemandThroughput) promote(nowMs int64) {
	i := 0
	for ; i < len(t.pending) && nowMs-t.pending[i].ms >= onDemandScaleDelayMs; i++ {
		t.peakBytes = max(t.peakBytes, t.pending[i].bytes)
		t.peakRecords = max(t.peakRecords, t.pending[i].records)
	}
	if i > 0 {
		t.pending = append(t.pending[:0], t.pending[i:]...)
	}
}

// reached notes the per-second rate at nowMs if it is higher than any seen
// so far. Pending entries hold the highest rates up to their time, so the
// last one is the highest yet.
func (t *onDemandThroughput) reached(nowMs int64, bytes, records int) {
	hiBytes, hiRecords := t.peakBytes, t.peakRecords
	n := len(t.pending)
	if n > 0 {
		hiBytes, hiRecords = t.pending[n-1].bytes, t.pending[n-1].records
	}
	if bytes <= hiBytes && records <= hiRecords {
		return
	}
	p := onDemandPeak{ms: nowMs, bytes: max(bytes, hiBytes), records: max(records, hiRecords)}
	if n > 0 && unixSecond(t.pending[n-1].ms) == unixSecond(nowMs) {
		t.pending[n-1] = p
		return
	}
	t.pending = append(t.pending, p)
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

// controlPlaneGate counts control-plane calls per operation and scope.
type controlPlaneGate struct {
	mu      sync.Mutex
	windows map[string]*callWindow // by op, or op + "/" + stream
}

// allowControlPlane applies the control-plane rate of op at nowMs. stream
// is the stream the call names, for the operations AWS limits per stream.
func (f *Fake) allowControlPlane(op, stream string, nowMs int64) error {
	limit := f.limits.ControlPlane[op]
	if limit <= 0 {
		return nil
	}
	key := op
	if operations[op].perStream {
		key += "/" + stream
	} else {
		stream = ""
	}
	g := &f.gate
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.windows == nil {
		g.windows = make(map[string]*callWindow)
	}
	w := g.windows[key]
	if w == nil {
		w = &callWindow{}
		g.windows[key] = w
	}
	if w.allow(nowMs, limit) {
		return nil
	}
	return f.rateError(stream)
}
