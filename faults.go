package kinesisfake

import (
	"context"
	"errors"
	"reflect"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
)

// Fault makes matching calls fail, or take longer, on purpose. The zero
// value of every matching field matches anything; a call must match all the
// fields that are set.
//
// A Fault fires after the request passed validation (a malformed request
// still gets AWS's validation error) and before the operation runs, so a
// failed call changes nothing. It fires through every door of the Fake.
type Fault struct {
	// Op is the operation name, as in the SDK: OpGetRecords, OpPutRecords
	// (the Op constants); "" matches every operation. InjectFault panics on
	// a name that is no operation.
	Op string
	// Stream is the stream name the call addresses (by StreamName, by
	// StreamARN, or through its shard iterator).
	Stream string
	// Shard is the shard id the call addresses: GetShardIterator's ShardId,
	// the iterator's shard for GetRecords, the shard a PutRecord routes to,
	// the shard a PutRecords entry routes to. "shardId-1" and
	// "shardId-000000000001" are the same shard.
	Shard string
	// PartitionKey matches PutRecord's partition key, or PutRecords entries
	// with that partition key.
	PartitionKey string
	// Match, if set, must also return true for the call's input (a
	// *kinesis.XxxInput).
	Match func(input any) bool

	// Err is what a firing call returns: one of the ready-made Err values
	// (ErrExpiredIterator, ErrProvisionedThroughputExceeded, ...), which the
	// Fake turns into the exception AWS would return with AWS's text for
	// that call; another AWS error (a *types.XxxException, a
	// smithy.GenericAPIError), returned as it is; or an error of the test's
	// own, which fails the call as an internal failure of the service with
	// its text (HTTP 500 InternalFailure: a smithy.GenericAPIError through
	// every door).
	// Nil with Latency set only delays the call.
	//
	// For PutRecords, a fault with Shard or PartitionKey set and Err
	// ErrProvisionedThroughputExceeded or ErrInternalFailure fails the
	// matching entries only (ErrorCode and ErrorMessage on each, counted in
	// FailedRecordCount); the other entries succeed, and Times and Nth count
	// entries. With any other Err, such a fault fails the whole PutRecords
	// call when at least one entry matches.
	Err error
	// Latency is added to the call on the Fake's clock: a *ManualClock is
	// advanced; on any other clock the call waits on a timer of the
	// caller's goroutine (instant inside a testing/synctest bubble), and
	// fails with the caller's context if that ends first, as a slow AWS
	// call would.
	Latency time.Duration

	// Event, for SubscribeToShard only, moves the fault into the event
	// stream: the call succeeds, events 1 to Event-1 are delivered as usual,
	// and in place of event number Event the subscriber gets Err as AWS
	// sends errors inside the stream (an exception event:
	// ResourceNotFoundException, ResourceInUseException, a KMS exception or,
	// for ErrInternalFailure, InternalFailureException; other errors as an
	// error message with their code), after which the stream ends. A fault
	// with Event set concerns SubscribeToShard calls only, whatever Op says.
	// Zero, the default, fails the call itself, before the stream opens.
	// Latency does not apply to events.
	Event int

	// Times makes the fault fire on the next Times matching calls, then
	// stop. Nth makes it fire on the Nth matching call only (1-based). With
	// neither, it fires on every matching call until removed.
	Times int
	Nth   int
}

// FaultHandle controls an injected fault.
type FaultHandle struct {
	f       *Fake
	fault   Fault
	matched atomic.Int64
	fired   atomic.Int64
}

// Remove stops the fault from firing again.
func (h *FaultHandle) Remove() { h.f.removeFault(h) }

// Fired reports how many times the fault has fired.
func (h *FaultHandle) Fired() int { return int(h.fired.Load()) }

// faultSet holds the injected faults. active lets calls skip all fault work
// with one atomic load when no fault is injected.
type faultSet struct {
	mu     sync.Mutex
	list   []*FaultHandle
	active atomic.Int32
}

// InjectFault adds a fault and returns a handle to remove it. Faults fire in
// the order they were injected; the first that fires decides the call. It
// panics if fault.Op is no operation (a typo would otherwise never fire).
func (f *Fake) InjectFault(fault Fault) *FaultHandle {
	checkOperation("Fault.Op", fault.Op)
	h := &FaultHandle{f: f, fault: fault}
	f.faults.mu.Lock()
	f.faults.list = append(f.faults.list, h)
	f.faults.active.Store(int32(len(f.faults.list)))
	f.faults.mu.Unlock()
	return h
}

// ClearFaults removes every injected fault.
func (f *Fake) ClearFaults() {
	f.faults.mu.Lock()
	f.faults.list = nil
	f.faults.active.Store(0)
	f.faults.mu.Unlock()
}

// removeFault drops h from the injected faults, keeping the others in order;
// removing it twice is harmless.
func (f *Fake) removeFault(h *FaultHandle) {
	f.faults.mu.Lock()
	defer f.faults.mu.Unlock()
	for i, x := range f.faults.list {
		if x == h {
			f.faults.list = append(f.faults.list[:i:i], f.faults.list[i+1:]...)
			break
		}
	}
	f.faults.active.Store(int32(len(f.faults.list)))
}

// ExpireIterators makes every shard iterator issued so far fail with
// ExpiredIteratorException on its next use, whatever its age. Iterators
// issued afterwards are unaffected.
func (f *Fake) ExpireIterators() {
	// Only ever raise the mark: a concurrent call that read an older
	// serial must not un-expire iterators.
	for {
		old, now := f.expiredThrough.Load(), f.iteratorSerial.Load()
		if now <= old || f.expiredThrough.CompareAndSwap(old, now) {
			return
		}
	}
}

// expiredByCommand reports whether ExpireIterators has expired tok.
func (f *Fake) expiredByCommand(tok iteratorToken) bool {
	return tok.serial <= f.expiredThrough.Load()
}

// callTarget is what a call addresses, for matching faults.
type callTarget struct {
	stream       string
	shard        string // normalized shard id, "" if none
	consumer     string // the consumer a ConsumerARN names, "" if none
	partitionKey string
	// iterator says the call is a GetRecords whose iterator decoded, and
	// issuedMs is when it was issued: a flag, not issuedMs 0 for "none",
	// as 0 is 1970-01-01, an instant like any other.
	iterator bool
	issuedMs int64
	// entries is what each PutRecords entry addresses: a PutRecords call
	// has no single shard or partition key of its own.
	entries []callTarget
}

// entryFaultFor reports whether the fault fails single entries of a call
// of op rather than the whole call: a PutRecords fault (Op "PutRecords" or
// any operation) aimed at entries, with an error AWS reports per entry.
func (fl *Fault) entryFaultFor(op string) bool {
	return op == OpPutRecords && (fl.Op == "" || fl.Op == op) &&
		(fl.Shard != "" || fl.PartitionKey != "") &&
		(fl.Err == ErrProvisionedThroughputExceeded || fl.Err == ErrInternalFailure)
}

// matches reports whether the fault applies to a call of op on t. A
// PutRecords call matches a fault naming a shard or partition key when
// any of its entries does.
func (fl *Fault) matches(op string, t callTarget, in any) bool {
	return fl.matchesTarget(op, t) && (fl.Match == nil || fl.Match(in))
}

// matchesTarget is matches without the predicate.
func (fl *Fault) matchesTarget(op string, t callTarget) bool {
	if (fl.Op != "" && fl.Op != op) || (fl.Stream != "" && fl.Stream != t.stream) {
		return false
	}
	hit := fl.matchesRecord(t)
	if op == OpPutRecords && t.entries != nil && (fl.Shard != "" || fl.PartitionKey != "") {
		hit = false
		for _, e := range t.entries {
			if fl.matchesRecord(e) {
				hit = true
				break
			}
		}
	}
	return hit
}

// matchesRecord reports whether the fault's shard and partition key, if
// set, are those t addresses.
func (fl *Fault) matchesRecord(t callTarget) bool {
	return (fl.Shard == "" || normalizeShardID(fl.Shard) == t.shard) &&
		(fl.PartitionKey == "" || fl.PartitionKey == t.partitionKey)
}

// take counts a match and reports whether the fault fires on it.
func (h *FaultHandle) take() bool {
	n := h.matched.Add(1)
	fire := true
	switch {
	case h.fault.Nth > 0:
		fire = n == int64(h.fault.Nth)
	case h.fault.Times > 0:
		fire = n <= int64(h.fault.Times)
	}
	if fire {
		h.fired.Add(1)
	}
	return fire
}

// fireCallFaults runs the faults that apply to a whole call: it adds their
// latency and returns the error of the first that fires with one.
func (f *Fake) fireCallFaults(ctx context.Context, op string, in any) error {
	f.faults.mu.Lock()
	list := append([]*FaultHandle(nil), f.faults.list...)
	f.faults.mu.Unlock()

	t := f.targetOf(op, in)
	for _, h := range list {
		if h.fault.entryFaultFor(op) || h.fault.Event > 0 || !h.fault.matches(op, t, in) || !h.take() {
			continue
		}
		if err := f.wait(ctx, h.fault.Latency); err != nil {
			return &callCanceled{err}
		}
		if h.fault.Err != nil {
			return f.faultError(h.fault.Err, op, t)
		}
	}
	return nil
}

// eventFaultFor returns the fault the SubscribeToShard call in delivers in
// place of one of its events: of the injected faults with Event set that
// match the call and fire, the one aimed at the earliest event (the first
// injected among equals). It runs before subscribeToShard takes any lock,
// since a fault's predicate is the test's code and may call the Fake.
func (f *Fake) eventFaultFor(in *kinesis.SubscribeToShardInput) *eventFault {
	if f.faults.active.Load() == 0 {
		return nil
	}
	f.faults.mu.Lock()
	list := append([]*FaultHandle(nil), f.faults.list...)
	f.faults.mu.Unlock()
	const op = OpSubscribeToShard
	t := f.targetOf(op, in)
	var first *eventFault
	for _, h := range list {
		if h.fault.Event <= 0 || !h.fault.matches(op, t, in) || !h.take() {
			continue
		}
		if first == nil || h.fault.Event < first.event {
			first = &eventFault{event: h.fault.Event, err: f.faultError(h.fault.Err, op, t)}
		}
	}
	return first
}

// entryFaults returns the faults that may fail single entries of the
// PutRecords call in, with their predicates already applied: a predicate
// is the test's code and may call the Fake, so it runs before putRecords
// takes any lock. It returns nil when no fault is injected.
func (f *Fake) entryFaults(in any) []*FaultHandle {
	if f.faults.active.Load() == 0 {
		return nil
	}
	f.faults.mu.Lock()
	list := append([]*FaultHandle(nil), f.faults.list...)
	f.faults.mu.Unlock()
	out := list[:0]
	for _, h := range list {
		if h.fault.entryFaultFor(OpPutRecords) && (h.fault.Match == nil || h.fault.Match(in)) {
			out = append(out, h)
		}
	}
	return out
}

// fireEntryFault returns the fault error for one PutRecords entry routed to
// shard, or nil. faults come from entryFaults.
func fireEntryFault(faults []*FaultHandle, stream, shard, partitionKey string) *FaultError {
	t := callTarget{stream: stream, shard: shard, partitionKey: partitionKey}
	for _, h := range faults {
		if h.fault.matchesTarget(OpPutRecords, t) && h.take() {
			return h.fault.Err.(*FaultError)
		}
	}
	return nil
}

// wait adds latency on the Fake's clock, returning ctx's error (ctx may be
// nil) if it ends first.
func (f *Fake) wait(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	if mc, ok := f.clock.(*ManualClock); ok {
		mc.Advance(d)
		return nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	return f.newClockWait().until(ctx, f.now().Add(d), nil, nil)
}

// targetOf works out which stream, shard and partition key a call
// addresses. It runs only when faults are injected, so it may use
// reflection over the input's StreamName, StreamARN and ShardId fields.
func (f *Fake) targetOf(op string, in any) callTarget {
	var t callTarget
	v := reflect.ValueOf(in).Elem()
	str := func(field string) string {
		fv := v.FieldByName(field)
		if fv.IsValid() && fv.Kind() == reflect.Pointer && !fv.IsNil() && fv.Elem().Kind() == reflect.String {
			return fv.Elem().String()
		}
		return ""
	}
	t.stream = str("StreamName")
	if arn := str("StreamARN"); t.stream == "" && arn != "" {
		_, _, t.stream, _ = parseStreamARN(arn)
	}
	if arn := str("ConsumerARN"); arn != "" {
		if streamARN, name, _, ok := parseConsumerARN(arn); ok {
			t.consumer = name
			if t.stream == "" {
				_, _, t.stream, _ = parseStreamARN(streamARN)
			}
		}
	}
	for _, field := range []string{"ShardId", "ShardToSplit", "ShardToMerge"} {
		if id := str(field); id != "" {
			t.shard = normalizeShardID(id)
			break
		}
	}
	switch in := in.(type) {
	case *kinesis.GetRecordsInput:
		// The iterator is required, but a call that lacked it is still in
		// the call log, which NewT describes.
		if in.ShardIterator == nil {
			break
		}
		if tok, err := f.tokens.decode(*in.ShardIterator); err == nil {
			t.stream, t.shard, t.iterator, t.issuedMs = tok.streamName, shardID(tok.shard), true, tok.issuedMs
		}
	case *kinesis.ListShardsInput:
		// A follow-up page names its stream only inside the NextToken; the
		// per-stream rate and Fault.Stream still apply to it.
		if t.stream == "" && in.NextToken != nil {
			if tok, err := f.decodePageToken(*in.NextToken, pageTokenListShards); err == nil {
				t.stream = tok.name
			}
		}
	case *kinesis.PutRecordInput:
		// The partition key is optional for streams with AUTO distribution.
		t.partitionKey = aws.ToString(in.PartitionKey)
		t.shard = f.routeForFault(t.stream, []types.PutRecordsRequestEntry{{PartitionKey: in.PartitionKey, ExplicitHashKey: in.ExplicitHashKey}})[0]
	case *kinesis.PutRecordsInput:
		shards := f.routeForFault(t.stream, in.Records)
		t.entries = make([]callTarget, len(in.Records))
		for i, e := range in.Records {
			t.entries[i] = callTarget{stream: t.stream, shard: shards[i], partitionKey: aws.ToString(e.PartitionKey)}
		}
	}
	return t
}

// routeForFault is the shard each record would go to now, or "" where
// that cannot be told.
func (f *Fake) routeForFault(streamName string, records []types.PutRecordsRequestEntry) []string {
	shards := make([]string, len(records))
	now := f.now()
	f.mu.RLock()
	defer f.mu.RUnlock()
	s := f.liveStream(streamName, now)
	if s == nil || s.distribution == types.RecordDistributionStrategyAuto {
		return shards // AUTO picks shards in turn: no way to tell in advance
	}
	for i, r := range records {
		if r.PartitionKey == nil {
			continue
		}
		key, err := routingKey(*r.PartitionKey, r.ExplicitHashKey)
		if err != nil {
			continue
		}
		if sh := s.shardForKey(key, now); sh != nil {
			shards[i] = sh.id
		}
	}
	return shards
}

// normalizeShardID writes a shard id the long way: "shardId-1" becomes
// "shardId-000000000001". Ids that do not parse are left alone.
func normalizeShardID(id string) string {
	if n, ok := parseShardID(id); ok {
		return shardID(n)
	}
	return id
}

// faultError turns a fault's Err into what the call returns.
func (f *Fake) faultError(err error, op string, t callTarget) error {
	var fe *FaultError
	if errors.As(err, &fe) {
		return fe.exception(f, op, t)
	}
	var apiErr smithy.APIError
	if errors.As(err, &apiErr) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	// An error of the test's own is a service's internal failure with its
	// text, the same through every door: 500 InternalFailure on the wire,
	// which is what the SDK then hands its caller.
	return &smithy.GenericAPIError{Code: "InternalFailure", Message: err.Error(), Fault: smithy.FaultServer}
}
