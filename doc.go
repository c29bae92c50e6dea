// Package kinesisfake is an in-memory fake of Amazon Kinesis Data Streams for
// Go tests that use github.com/aws/aws-sdk-go-v2/service/kinesis.
//
// A *Fake has exactly the methods of *kinesis.Client (see KinesisAPI), so any
// interface a program declares over the client accepts it. Behind those
// methods each stream is a set of shards and each shard a ring buffer of
// records, driven by a Clock the test controls: iterator expiry, retention,
// stream states, throughput limits and MillisBehindLatest all follow it.
// Errors are the SDK's own exception types with AWS's codes and texts,
// wrapped as the real client wraps them.
//
// # Quick start
//
//	func TestConsumer(t *testing.T) {
//		ctx := context.Background()
//		clock := kinesisfake.NewManualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
//		kc := kinesisfake.NewT(t, kinesisfake.WithClock(clock))
//		kc.CreateStreamT(t, "orders", 2) // ACTIVE at once
//
//		runConsumer(ctx, kc) // code written against an interface over *kinesis.Client
//
//		clock.Advance(5*time.Minute + time.Millisecond) // iterators issued before are now expired
//		kc.CheckKeyData(t, "orders", "alice", "created", "paid")
//	}
//
// NewT ties the Fake to the test (open subscriptions end with it; a failing
// test logs the Fake's last calls); New makes one that outlives a test.
// CreateStreamT, SplitShardT and MergeShardsT, SeedRecords (records dated
// in the past) and the Check helpers (CheckShardData, CheckKeyData,
// CheckCallCount, CheckAllRead) are test setup and assertions that fill or
// read the Fake directly, outside limits, faults and the call log.
//
// # Doors
//
// One engine, three ways in, all taking the same path (validation, faults,
// rates, the operation, the call log):
//
//   - The *Fake's own methods: the fastest (microseconds), and every error
//     at once, as a client with retries off would see it. SDK waiters and
//     retries are not involved; a test that calls the Fake in a tight loop
//     meets the control-plane rates, so use WithoutThroughputLimits for
//     such loops (and for the SDK's waiters on a bare *Fake).
//   - f.Client(): a real *kinesis.Client served in memory, for code that
//     needs a *kinesis.Client or the SDK's own retries, waiters, paginators
//     and middleware. Its retries back off on real time: pass a retryer of
//     your own, or run the test in testing/synctest.
//   - f.Handler() (or cmd/kinesisfake-server): the HTTP endpoint in JSON
//     1.1 and CBOR 1.1, for other languages, the AWS CLI and programs in
//     another process.
//
// Under testing/synctest use the in-memory doors (the methods, f.Client()):
// a loopback listener's I/O is outside the bubble.
//
// # Clock
//
// The default clock is the system clock (time.Now), so a Fake made inside a
// testing/synctest bubble follows the bubble's time. WithClock(ManualClock)
// gives the test the clock: Advance and Set move it, and everything that
// depends on time is computed from it when read. StateDelays make streams
// and consumers stay CREATING, UPDATING or DELETING for a while of that
// clock. The Fake starts no goroutines and no timers of its own: a
// SubscribeToShard reader with nothing to deliver waits in its own
// goroutine, woken by a put, a reshard or the clock moving (on a clock
// other than a ManualClock, by a timer of that goroutine). ManualClock.BlockUntilWaiters waits until
// that many readers wait, having handed the SDK all they may deliver, so
// that a test moves the clock only then.
//
// # Faults and limits
//
// InjectFault makes matching calls fail or take longer, deterministically:
// by operation (the Op constants), stream, shard, partition key or a
// predicate, for the next Times calls, the Nth, or until removed. The Err
// values (AllFaultErrors) are every exception the API documents, each with
// AWS's text for the call it fails. A fault with Event fires inside a
// SubscribeToShard stream. ExpireIterators and ExpireSubscriptions end
// what tests need ended now.
//
// Throughput limits are AWS's, on by default (DefaultLimits): per shard for
// reads and writes, per stream or account for the control plane, per
// consumer and shard for enhanced fan-out. WithLimits changes single
// limits; WithoutThroughputLimits turns them all off.
//
// # Enhanced fan-out
//
// RegisterStreamConsumer, then SubscribeToShard through any door: the
// events arrive as records are put, with ContinuationSequenceNumber and
// MillisBehindLatest, the stream ends after 5 minutes of the Fake's clock,
// and at a closed shard's end the last event lists the ChildShards. A
// *kinesis.Client reading several subscriptions at once needs
// OwnEventStreamCodec per call (a race in the SDK itself; see the README).
//
// # Locking
//
// Locks are taken in this order, never the other way round:
//
//  1. Fake.mu (a RWMutex) guards the stream registry and every stream's
//     metadata: status and its transitions, retention, tags, consumers,
//     channels, policies, the list of shards and their open or closed
//     state. Control-plane changes take it for writing; puts, reads and
//     subscriptions take it for reading, so producers and a consumer per
//     shard run in parallel.
//  2. A shard's mutex (shard.mu) guards its records, its read and write
//     windows and its wake-up channel. It is taken under Fake.mu (read or
//     write), one shard at a time.
//  3. Leaves, taken last, each holding nothing else while held: the
//     subscription table's mutex (slots, the one-subscription rule, each
//     consumer's call and read windows, each subscription's end; taken
//     under a shard's mutex by a reading subscription), a stream's
//     on-demand write window, the control-plane rate gate, the fault list,
//     the call log and a ManualClock's mutex.
//
// What is read without locks is atomic: request and iterator serials, the
// expiry mark of ExpireIterators, the count of retained bytes (under
// WithMaxRetainedBytes), the count of injected faults, a stream's routing
// index and its AUTO distribution's turn, and the process-wide cache of
// partition keys' hash keys. A Clock's Now is called with locks held, so a Clock
// must not call the Fake. The test's own code (fault predicates and
// Fault.Match) runs with no lock held.
//
// # The clock rule
//
// An operation reads the clock once and computes everything it checks,
// changes and answers at that instant. Operations that change state read
// it after taking Fake.mu for writing, so a change is never dated before
// one already applied (a reshard never precedes the state change it
// follows). Operations that only read read it before taking their locks:
// a read dated a moment early sees a state that existed then. A put reads
// it under Fake.mu and dates its record under the shard's mutex, never
// before the shard's newest record; if the shard closed in between, it
// reads the clock again and routes anew. A waiting subscription reads the
// clock each time it wakes.
package kinesisfake
