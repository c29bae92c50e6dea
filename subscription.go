package kinesisfake

import (
	"context"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
)

// Enhanced fan-out subscriptions. SubscribeToShard opens a subscription
// (subscribeToShard); its events are not pushed by anything of the Fake's
// but pulled by whoever reads the response body, one at a time, through
// next: the SDK's event-stream reader in f.Client(), the HTTP handler's
// goroutine on the wire. next computes the next event from the shard's ring
// and the clock, the way GetRecords computes a page, and when there is
// nothing to deliver it blocks in the reader's goroutine until something
// that may change that happens: a put to the shard, the shard's close, a
// takeover or another end, the reader's context, or the clock reaching the
// next instant that matters (a ManualClock being moved, a timer of the
// reader's goroutine otherwise).

// Enhanced fan-out times, as AWS documents them.
const (
	// subscriptionLifetime: a subscription delivers events "for up to 5
	// minutes".
	subscriptionLifetime = 5 * time.Minute
	// takeoverAfter: a second SubscribeToShard for the same consumer and
	// shard within 5 seconds of a successful one fails; later, it takes
	// over.
	takeoverAfter = 5 * time.Second
	// idleEventInterval: a subscription with nothing to deliver still sends
	// an event (no records, the current ContinuationSequenceNumber) this
	// often.
	idleEventInterval = 5 * time.Second
)

// Caps on one event, which AWS does not document: the records of a
// GetRecords page at most, and no more data than a consumer's read budget
// holds in a second, so a consumer far behind gets many events rather than
// one huge one.
const (
	maxEventRecords = defaultGetRecordsLimit
	maxEventBytes   = 2 << 20
)

// subscriptionKey names one consumer's place on one shard: the unit of
// SubscribeToShard's call rate, its one-subscription rule and its read
// throughput.
type subscriptionKey struct {
	consumerARN string
	shardID     string // normalized (normalizeShardID)
}

// subscriptionSlot is what the Fake keeps per subscriptionKey.
type subscriptionSlot struct {
	current   *subscription // the newest subscription, live or ended; nil before the first
	calls     callWindow    // SubscribeToShard calls in the last second
	delivered amountWindow  // bytes delivered in the last second
}

// subscriptionTable holds every slot. Its mutex is a leaf: nothing else is
// locked while it is held.
type subscriptionTable struct {
	mu    sync.Mutex
	slots map[subscriptionKey]*subscriptionSlot
	// polls counts the looks subscriptions took at their shards, so tests
	// can tell that one waiting costs nothing.
	polls atomic.Int64
}

// slot returns the slot of key, making it on first use. The caller holds
// t.mu.
func (t *subscriptionTable) slot(key subscriptionKey) *subscriptionSlot {
	if t.slots == nil {
		t.slots = make(map[subscriptionKey]*subscriptionSlot)
	}
	sl := t.slots[key]
	if sl == nil {
		sl = &subscriptionSlot{}
		t.slots[key] = sl
	}
	return sl
}

// allowCall counts a SubscribeToShard call for key at nowMs and reports
// whether it is within limit calls per second (0: no limit).
func (t *subscriptionTable) allowCall(key subscriptionKey, nowMs int64, limit int) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.slot(key).calls.allow(nowMs, limit)
}

// subscription is one open SubscribeToShard event stream.
//
// What it delivers is a function of the shard's records, their arrival
// times and the clock, not of when its reader happens to read: each event
// has an instant on the clock at which AWS would push it (see poll), and a
// read delivers the next event once the clock has reached that instant.
// However the reader's goroutine is scheduled, the same puts and the same
// clock give the same events.
type subscription struct {
	f        *Fake
	table    *subscriptionTable
	slot     *subscriptionSlot
	stream   *stream
	shard    *shard
	consumer *consumer
	startMs  int64
	fault    *eventFault // an injected exception in place of one event, or nil

	// Owned by the goroutine reading the stream.
	offset      uint64 // offset of the next record to deliver
	lastEventMs int64  // the instant of the last event (startMs before any)
	events      int    // events delivered so far
	finished    bool   // the last message has been delivered

	// Guarded by table.mu.
	untilMs int64         // events due before this instant are delivered, then the stream ends
	endErr  error         // the exception the stream ends with; nil for a clean end
	stop    chan struct{} // closed when the stream is ended before its 5 minutes are up
	stopped bool          // stop is closed
}

// eventFault is a Fault aimed at an event of a subscription (Fault.Event).
type eventFault struct {
	event int   // 1-based number of the event it replaces
	err   error // the exception delivered instead
}

// open registers a new subscription of start's consumer on its shard at
// now, enforcing AWS's one-subscription rule: a live subscription younger
// than takeoverAfter refuses it, an older one is taken over and ends with
// ResourceInUseException. The caller holds f.mu for reading.
func (t *subscriptionTable) open(f *Fake, start subscriptionStart, fault *eventFault, now time.Time) (*subscription, error) {
	nowMs := msOf(now)
	key := subscriptionKey{consumerARN: start.consumer.arn, shardID: start.shard.id}
	t.mu.Lock()
	defer t.mu.Unlock()
	sl := t.slot(key)
	if old := sl.current; old != nil && old.liveAt(nowMs) {
		inUse := f.subscriptionInUse(start.stream.name, start.shard.id, start.consumer.name)
		if nowMs-old.startMs < takeoverAfter.Milliseconds() {
			return nil, inUse
		}
		old.endLocked(nowMs, inUse)
	}
	sub := &subscription{
		f: f, table: t, slot: sl,
		stream: start.stream, shard: start.shard, consumer: start.consumer,
		startMs: nowMs, fault: fault,
		offset: start.offset, lastEventMs: nowMs,
		untilMs: nowMs + subscriptionLifetime.Milliseconds(),
		stop:    make(chan struct{}),
	}
	sl.current = sub
	return sub, nil
}

// liveAt reports whether the subscription still delivers at nowMs. The
// caller holds table.mu.
func (s *subscription) liveAt(nowMs int64) bool { return nowMs < s.untilMs }

// end ends the subscription at nowMs from outside its reader: the events
// due before then are still delivered, then err as the last message (a
// takeover's ResourceInUseException) or, with nil, a clean end
// (ExpireSubscriptions, the reader hung up). A subscription already ended
// keeps its first end.
func (s *subscription) end(nowMs int64, err error) {
	s.table.mu.Lock()
	defer s.table.mu.Unlock()
	s.endLocked(nowMs, err)
}

// endLocked is end with table.mu held.
func (s *subscription) endLocked(nowMs int64, err error) {
	if s.stopped || nowMs >= s.untilMs {
		return
	}
	s.untilMs, s.endErr, s.stopped = nowMs, err, true
	close(s.stop)
}

// close ends the subscription because its reader is gone: the client closed
// the stream, or the HTTP request ended.
func (s *subscription) close() { s.end(msOf(s.f.now()), nil) }

// ending returns when the subscription ends, with what, and whether it
// was ended early (stop is closed).
func (s *subscription) ending() (untilMs int64, stopped bool, err error) {
	s.table.mu.Lock()
	defer s.table.mu.Unlock()
	return s.untilMs, s.stopped, s.endErr
}

// next returns the subscription's next event, waiting in the caller's
// goroutine until there is one. The stream ends with io.EOF (cleanly: the
// 5 minutes are up, the shard's end was delivered, the subscription was
// ended or closed), with an exception (an AWS error: the caller delivers it
// as the last message), or with ctx's error. Every call after the end
// returns io.EOF. Only one goroutine may call next.
func (s *subscription) next(ctx context.Context) (*types.SubscribeToShardEvent, error) {
	if s.finished {
		return nil, io.EOF
	}
	for {
		wait := s.f.newClockWait() // before reading the clock: a move after it wakes us
		ev, w, err := s.poll(s.f.now())
		if ev != nil || err != nil {
			if err != nil || ev.ContinuationSequenceNumber == nil {
				s.finish()
			}
			if err != io.EOF {
				s.events++
			}
			return ev, err
		}
		stop := s.stop
		if w.stopped {
			// Ended already, yet a ManualClock set back puts the end in
			// the future again: stop, closed for good, would wake the
			// wait at once, forever. The clock reaching the end does.
			stop = nil
		}
		if err := wait.until(ctx, w.deadline, w.changed, stop); err != nil {
			s.finish()
			return nil, err
		}
	}
}

// finish marks the stream delivered to its end, and frees the slot for the
// next subscription at once.
func (s *subscription) finish() {
	s.finished = true
	s.close()
}

// waitFor is what a poll that found nothing to deliver yet waits for: the
// shard to change, or the clock to reach deadline.
type waitFor struct {
	deadline time.Time
	changed  <-chan struct{}
	stopped  bool // the subscription was already ended early when polled
}

// poll works out the subscription's next event and the instant it is due,
// and returns it if the clock has reached that instant; if not, what to
// wait for. The next event is the earliest of:
//
//   - the records not yet delivered, due when the first of them arrived (or
//     at the previous event, for a backlog), carrying those that arrived by
//     then, up to the caps and the consumer's read budget (which, spent,
//     puts the event off until the budget frees up);
//   - with no record due, an empty event 5 seconds after the previous one;
//   - with every record of a closed shard delivered, the shard's end (no
//     ContinuationSequenceNumber, the ChildShards), due when it closed.
//
// Events due at or after the subscription's end are not delivered: the
// stream ends instead, with the exception it was ended with, if any.
func (s *subscription) poll(now time.Time) (*types.SubscribeToShardEvent, waitFor, error) {
	s.table.polls.Add(1)
	nowMs := msOf(now)
	if s.fault != nil && s.events+1 == s.fault.event {
		return nil, waitFor{}, s.fault.err
	}

	f := s.f
	f.mu.RLock()
	defer f.mu.RUnlock()
	// The end is read under f.mu: an end that a change of the streams
	// makes (Reset) is seen with that change, never the streams' change
	// without it.
	untilMs, stopped, endErr := s.ending()
	if nowMs < untilMs {
		if err := s.check(now); err != nil {
			return nil, waitFor{}, err
		}
	}
	sh := s.shard
	sh.mu.Lock()
	if sh.batching > 0 {
		// A PutRecords is storing records here: they come in one event
		// once it is done, which wakes this wait.
		w := waitFor{deadline: timeOfMs(untilMs), changed: sh.changedChan(), stopped: stopped}
		sh.mu.Unlock()
		return nil, w, nil
	}
	cutoffMs := s.stream.retentionCutoffMs(now)
	sh.buf.trimBefore(cutoffMs)
	from := max(s.offset, sh.buf.first)
	pending := from < sh.buf.nextOffset()
	idleMs := s.lastEventMs + idleEventInterval.Milliseconds()
	var dueMs int64
	maxBytes := maxEventBytes
	switch {
	case pending:
		dueMs = max(s.lastEventMs, sh.buf.at(from).arrivalMs())
		if dueMs > idleMs {
			dueMs, pending = idleMs, false // an empty event comes first
		} else {
			maxBytes, dueMs = s.budget(dueMs)
		}
	case sh.closing:
		dueMs = min(max(s.lastEventMs, sh.closedMs), idleMs)
	default:
		dueMs = idleMs
	}
	if dueMs >= untilMs && nowMs >= untilMs {
		sh.mu.Unlock()
		return nil, waitFor{}, orEOF(endErr)
	}
	if dueMs > nowMs || dueMs >= untilMs {
		w := waitFor{deadline: timeOfMs(min(dueMs, untilMs)), changed: sh.changedChan(), stopped: stopped}
		sh.mu.Unlock()
		return nil, w, nil
	}
	var p page
	shardEnd := false
	if pending {
		// The records that had arrived by the event's instant.
		n := min(sh.buf.firstAtOrAfter(dueMs+1)-from, maxEventRecords)
		p = readPage(&sh.buf, from, int(n), maxBytes, cutoffMs)
	} else {
		p = page{out: []types.Record{}, firstOffset: from, next: from, atTip: true}
		shardEnd = sh.closing && dueMs >= sh.closedMs
	}
	sh.mu.Unlock()

	behind := p.millisBehind(dueMs)
	ev := &types.SubscribeToShardEvent{
		Records:            p.records(sh),
		MillisBehindLatest: &behind,
	}
	if shardEnd {
		// The end of a closed shard: no continuation, only the way on, and
		// MillisBehindLatest as GetRecords reports it there.
		ev.ChildShards = s.stream.childShards(sh)
		behind = shardEndBehind(sh, dueMs)
	} else {
		// Not the last record's number, as on AWS, but one that resumes
		// right after it, with AFTER_SEQUENCE_NUMBER (as the KCL does) or
		// AT_SEQUENCE_NUMBER.
		ev.ContinuationSequenceNumber = ptr(sh.resumeSeq(p.next - 1).String())
	}
	s.offset, s.lastEventMs = p.next, dueMs
	s.spend(dueMs, p.bytes)
	return ev, waitFor{}, nil
}

// orEOF is err, or io.EOF for a clean end.
func orEOF(err error) error {
	if err == nil {
		return io.EOF
	}
	return err
}

// check fails a subscription whose stream, consumer or key no longer lets
// it read: the stream deleted, the consumer deregistered, the shard aged
// out, or the stream's KMS key unusable. The caller holds f.mu.
func (s *subscription) check(now time.Time) error {
	f, st := s.f, s.stream
	if f.liveStream(st.name, now) != st || st.statusAt(now) == types.StreamStatusDeleting {
		return f.streamNotFound(st.name)
	}
	if !st.visible(s.shard, now) {
		return f.shardNotFound(s.shard.id, st.name)
	}
	if c := st.liveConsumer(s.consumer.name, now); c != s.consumer || c.statusAt(now) != types.ConsumerStatusActive {
		return f.consumerNotFound(s.consumer.name, st.name)
	}
	return f.checkKMS(st, false)
}

// budget is how many bytes an event due at atMs may carry (maxEventBytes,
// and what FanOutReadBytesPerSecond leaves of the consumer's budget on the
// shard in the second before), and the instant it is due: atMs, or later
// if the budget is spent until then. The budget's window moves on event
// instants, so pacing follows the clock, not the reader. The caller holds
// the shard's lock.
func (s *subscription) budget(atMs int64) (maxBytes int, dueMs int64) {
	limit := s.f.limits.FanOutReadBytesPerSecond
	if limit <= 0 {
		return maxEventBytes, atMs
	}
	s.table.mu.Lock()
	defer s.table.mu.Unlock()
	w := &s.slot.delivered
	used := w.used(atMs)
	if used < limit {
		return min(limit-used, maxEventBytes), atMs
	}
	// Spent: due when enough of what the window holds has left it.
	for _, e := range w.entries {
		used -= e.amount
		if used < limit {
			return min(limit-used, maxEventBytes), e.ms + 1000
		}
	}
	return min(limit, maxEventBytes), atMs // unreachable: used reaches 0
}

// spend counts bytes delivered at the event instant atMs against the
// consumer's budget on the shard.
func (s *subscription) spend(atMs int64, bytes int) {
	if s.f.limits.FanOutReadBytesPerSecond <= 0 || bytes == 0 {
		return
	}
	s.table.mu.Lock()
	defer s.table.mu.Unlock()
	s.slot.delivered.add(atMs, bytes)
}

// ExpireSubscriptions ends every open SubscribeToShard event stream,
// cleanly, as the end of its 5 minutes does: at its reader's next read the
// stream ends (no exception), and a consumer re-subscribes from its last
// ContinuationSequenceNumber. A new subscription may follow at once: the
// 5-second rule applies only while the earlier one is live.
func (f *Fake) ExpireSubscriptions() {
	nowMs := msOf(f.now()) // before the table's lock: a leaf holds no other
	f.subs.mu.Lock()
	defer f.subs.mu.Unlock()
	f.subs.endAllLocked(nowMs)
}

// endAllLocked ends every live subscription at nowMs. The caller holds
// t.mu.
func (t *subscriptionTable) endAllLocked(nowMs int64) {
	for _, sl := range t.slots {
		if sl.current != nil {
			sl.current.endLocked(nowMs, nil)
		}
	}
}
