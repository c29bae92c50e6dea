package kinesisfake

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/kinesis"

	"github.com/kinesisfake/kinesisfake/internal/sigv4"
	"github.com/kinesisfake/kinesisfake/internal/validation"
)

// Default identity of a Fake, as ARNs and error texts show it.
const (
	DefaultAccountID = "000000000000"
	DefaultRegion    = "us-east-1"
)

// Fake is an in-memory Kinesis Data Streams service. Create one with New. It
// is safe for concurrent use by many goroutines.
type Fake struct {
	clock   Clock
	account string
	region  string
	tokens  *tokenSigner

	requests       atomic.Uint64 // numbers request ids
	iteratorSerial atomic.Uint64 // numbers shard iterators
	expiredThrough atomic.Uint64 // iterators numbered up to this are expired (ExpireIterators)

	delays     StateDelays
	shardLimit int

	mu           sync.RWMutex
	streams      map[string]*stream // by name
	streamSerial uint64             // last stream serial handed out
	seqClock     seqClock           // shard creation seconds in sequence numbers; kept by Reset

	channels        map[string]*channel // by name
	policies        map[string]string   // resource policies, by resource ARN
	accountSettings accountSettings
	kmsKeys         map[string]KMSKeyState // by kmsKeyName; absent means enabled

	faults faultSet
	log    callLog
	limits Limits
	gate   controlPlaneGate
	subs   subscriptionTable // enhanced fan-out subscriptions

	retained retainedCap     // WithMaxRetainedBytes
	verifier *sigv4.Verifier // WithSignatureVerification; nil: inspect only

	directOnce   sync.Once
	directClient *kinesis.Client // serves the direct door's SubscribeToShard
}

// Option configures a Fake.
type Option func(*Fake)

// WithClock makes the Fake read time from c instead of time.Now. Use a
// *ManualClock to move time by hand.
func WithClock(c Clock) Option {
	return func(f *Fake) { f.clock = c }
}

// WithAccountID sets the 12-digit account id that ARNs and error texts
// name. The default is DefaultAccountID.
func WithAccountID(id string) Option {
	return func(f *Fake) { f.account = id }
}

// WithRegion sets the region that ARNs name. The default is DefaultRegion.
func WithRegion(region string) Option {
	return func(f *Fake) { f.region = region }
}

// WithShardLimit sets the account's shard quota: how many open shards all
// streams together may have. The default is AWS's current default quota:
// 20000 in us-east-1, us-west-2 and eu-west-1, 1000 in other regions.
func WithShardLimit(n int) Option {
	return func(f *Fake) { f.shardLimit = n }
}

// defaultShardLimit is AWS's default shard quota for region, used unless
// WithShardLimit sets one.
func defaultShardLimit(region string) int {
	switch region {
	case "us-east-1", "us-west-2", "eu-west-1":
		return 20000
	}
	return 1000
}

// New returns an empty Fake: no streams, the system clock, account
// DefaultAccountID in DefaultRegion.
func New(opts ...Option) *Fake {
	f := &Fake{
		clock:    systemClock{},
		account:  DefaultAccountID,
		region:   DefaultRegion,
		limits:   DefaultLimits(),
		log:      callLog{limit: defaultCallLogSize},
		streams:  make(map[string]*stream),
		channels: make(map[string]*channel),
		policies: make(map[string]string),
	}
	for _, opt := range opts {
		opt(f)
	}
	for op := range f.limits.ControlPlane {
		checkOperation("Limits.ControlPlane key", op)
	}
	if f.shardLimit == 0 {
		f.shardLimit = defaultShardLimit(f.region)
	}
	f.tokens = newTokenSigner(f.account, f.region)
	return f
}

// now is the clock's time, truncated to the millisecond precision Kinesis
// keeps for every timestamp it reports.
func (f *Fake) now() time.Time { return f.clock.Now().Truncate(time.Millisecond) }

// nextRequestID returns a request id in the UUID shape AWS uses, numbered so
// that the same calls through the same door give the same ids. The wire
// doors draw one for every response, as AWS sends one with each; the
// direct door only for errors, the one place its caller sees an id.
func (f *Fake) nextRequestID() string {
	n := f.requests.Add(1)
	return fmt.Sprintf("00000000-0000-4000-8000-%012x", n)
}

// door is the way a call came into the Fake. Every door runs the same path
// (invoke); doors differ only in what a request went through before it
// arrived.
type door uint8

const (
	// directDoor is the *Fake's own methods. They stand for a real client,
	// whose validation middleware refuses a request that lacks a required
	// member before sending it (smithy.InvalidParamsError).
	directDoor door = iota
	// wireDoor is an HTTP request (Handler, and the SDK transport of
	// Options). No client validated it, so a missing required member is
	// the server's ValidationException ("Value null at ...").
	wireDoor
)

// call runs one operation of the direct door through invoke, then logs it
// and wraps any error as the real client would (finish).
//
// run is a method expression, not a closure, so a call allocates nothing
// beyond what the operation itself needs.
func call[I, O any](ctx context.Context, f *Fake, op string, in *I, run func(*Fake, *I) (*O, error)) (*O, error) {
	if in == nil {
		in = new(I) // the SDK does the same with nil params
	}
	arrived := f.now()
	out, err := invoke(ctx, f, directDoor, op, in, run)
	return finish(f, op, in, arrived, out, err)
}

// invoke is the single path of every operation through every door: the
// client-side required checks (direct door only), the model constraints
// (with missing required members on the wire door), faults, control-plane
// rates, then the engine's implementation. It returns the engine's error
// unwrapped; the door decides how it travels. in must not be nil.
func invoke[I, O any](ctx context.Context, f *Fake, d door, op string, in *I, run func(*Fake, *I) (*O, error)) (*O, error) {
	if ctx != nil {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	if err := checkInput(d, in); err != nil {
		return nil, err
	}
	if f.faults.active.Load() != 0 {
		if err := f.fireCallFaults(ctx, op, in); err != nil {
			return nil, err
		}
	}
	if limit := f.limits.ControlPlane[op]; limit > 0 {
		stream := ""
		if operations[op].perStream {
			stream = f.targetOf(op, in).stream
		}
		if err := f.allowControlPlane(op, stream, msOf(f.now())); err != nil {
			return nil, err
		}
	}
	return run(f, in)
}

// checkInput checks an input as a request through door d is checked
// before the engine sees it: the SDK client's required members (the
// direct door's, which plays the client's part), then AWS's model
// constraints (with missing required members on the wire door, which no
// client validated).
func checkInput(d door, in any) error {
	if d == directDoor {
		if err := validation.Required(in); err != nil {
			return err
		}
	}
	if v := validation.Constraints(in, d == wireDoor); v != nil {
		return validationError(v)
	}
	return nil
}

// finish logs a call that arrived at arrived and wraps its error.
func finish[O any](f *Fake, op string, in any, arrived time.Time, out *O, err error) (*O, error) {
	err = f.wrapError(op, err)
	f.log.record(Call{Op: op, Input: in, Err: err, Time: arrived})
	if err != nil {
		return nil, err
	}
	return out, nil
}
