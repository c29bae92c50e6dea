package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kinesisfake/kinesisfake"
)

// streamsEnv is the environment variable that names the streams to create
// at start when -streams is not given, for containers configured by
// environment.
const streamsEnv = "KINESISFAKE_STREAMS"

// defaultConsumerDelay is how long a registered consumer stays CREATING on
// the server unless -consumer-delay says otherwise: short, but long enough
// that a client in another language meets CREATING, as against AWS.
const defaultConsumerDelay = 500 * time.Millisecond

// config is the server's configuration, from its flags.
type config struct {
	addr     string
	region   string
	account  string
	noLimits bool
	shardCap int
	delays   kinesisfake.StateDelays
	callLog  int
	maxBytes int64
	streams  []streamSpec
	manual   bool
	start    time.Time // of the manual clock
	verbose  bool
	grace    time.Duration     // for requests in flight at shutdown
	secrets  map[string]string // -verify-sigv4: secret access keys by id; nil: no verification
}

// streamSpec is a stream to create at start.
type streamSpec struct {
	name   string
	shards int
}

// parseFlags reads the server's flags from args into fs, with getenv for
// the environment's defaults.
func parseFlags(fs *flag.FlagSet, args []string, getenv func(string) string) (*config, error) {
	cfg := &config{}
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:4566", "address to listen on (port 0 picks a free port)")
	fs.StringVar(&cfg.region, "region", kinesisfake.DefaultRegion, "region that ARNs name")
	fs.StringVar(&cfg.account, "account", kinesisfake.DefaultAccountID, "12-digit account id that ARNs and error texts name")
	fs.BoolVar(&cfg.noLimits, "no-limits", false, "turn every throughput and control-plane rate limit off")
	fs.IntVar(&cfg.shardCap, "shard-limit", 0, "the account's shard quota (0: AWS's default for the region)")
	delays := fs.Duration("delays", 0, "how long streams stay CREATING, UPDATING and DELETING (the three flags below override it)")
	var create, update, del optionalDuration
	fs.Var(&create, "create-delay", "how long a new stream stays CREATING (default: -delays)")
	fs.Var(&update, "update-delay", "how long a stream stays UPDATING after a reshard or another change (default: -delays)")
	fs.Var(&del, "delete-delay", "how long a deleted stream, consumer or channel stays DELETING (default: -delays)")
	fs.DurationVar(&cfg.delays.Consumer, "consumer-delay", defaultConsumerDelay, "how long a registered enhanced fan-out consumer stays CREATING")
	fs.IntVar(&cfg.callLog, "call-log", 0, "how many calls to keep in the call log, with their inputs (0: none, only counts; for debugging)")
	fs.Int64Var(&cfg.maxBytes, "max-bytes", 0, "cap on the record data and partition keys all streams retain together; puts past it are throttled (0: no cap)")
	streams := fs.String("streams", "", "streams to create at start, ACTIVE at once: name:shards[,name:shards...] (default: $"+streamsEnv+")")
	fs.BoolVar(&cfg.manual, "manual-clock", false, "run on a clock that moves only through POST /_kinesisfake/clock/advance and /set")
	clockStart := fs.String("clock-start", "", "with -manual-clock, where the clock starts, as RFC 3339 (default: the time of start)")
	fs.BoolVar(&cfg.verbose, "v", false, "log every request: protocol, operation, status, duration")
	verify := fs.String("verify-sigv4", "", "verify every request's SigV4 signature against these keys, ACCESS_KEY_ID:SECRET[,...] (kinesisfake.TestCredentials always count); without it, requests must be signed, but with any key")
	fs.DurationVar(&cfg.grace, "shutdown-grace", defaultTimeouts.shutdown, "on SIGINT or SIGTERM, how long requests in flight may take to finish before they are cut off")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), `kinesisfake-server serves an in-memory Kinesis Data Streams (JSON 1.1 and CBOR 1.1,
HTTP/1.1 and h2c) for the AWS CLI, SDKs of any language and their tests.

Admin routes (not part of the Kinesis API):
  GET  %[1]shealth                 {"status":"ok"}
  POST %[1]sreset                  drop every stream, consumer, fault and the call log
  GET  %[1]sclock                  the fake's time
  POST %[1]sclock/advance?by=90s   move the clock (needs -manual-clock)
  POST %[1]sclock/set?to=RFC3339   set the clock (needs -manual-clock)

Flags:
`, kinesisfake.AdminPrefix)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}

	cfg.delays.Create, cfg.delays.Update, cfg.delays.Delete = create.or(*delays), update.or(*delays), del.or(*delays)
	spec := *streams
	if spec == "" {
		spec = getenv(streamsEnv)
	}
	var err error
	if cfg.streams, err = parseStreams(spec); err != nil {
		return nil, err
	}
	if *verify != "" {
		cfg.secrets = map[string]string{}
		for _, pair := range strings.Split(*verify, ",") {
			id, secret, ok := strings.Cut(strings.TrimSpace(pair), ":")
			if !ok || id == "" || secret == "" {
				return nil, fmt.Errorf("-verify-sigv4: %q is not ACCESS_KEY_ID:SECRET", pair)
			}
			cfg.secrets[id] = secret
		}
	}
	cfg.start = time.Now()
	if *clockStart != "" {
		if !cfg.manual {
			return nil, fmt.Errorf("-clock-start needs -manual-clock")
		}
		if cfg.start, err = time.Parse(time.RFC3339Nano, *clockStart); err != nil {
			return nil, fmt.Errorf("-clock-start: %v", err)
		}
	}
	return cfg, nil
}

// optionalDuration is a duration flag that may be left unset.
type optionalDuration struct {
	d   time.Duration
	set bool
}

// String is the flag's value, "" while unset.
func (o *optionalDuration) String() string {
	if o == nil || !o.set {
		return ""
	}
	return o.d.String()
}

// Set parses the flag's value.
func (o *optionalDuration) Set(v string) error {
	d, err := time.ParseDuration(v)
	o.d, o.set = d, err == nil
	return err
}

// or is the duration, or def when unset.
func (o *optionalDuration) or(def time.Duration) time.Duration {
	if o.set {
		return o.d
	}
	return def
}

// parseStreams reads a list of streams: name:shards, comma-separated.
func parseStreams(spec string) ([]streamSpec, error) {
	var out []streamSpec
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		name, count, ok := strings.Cut(item, ":")
		shards, err := strconv.Atoi(count)
		if !ok || name == "" || err != nil || shards < 1 {
			return nil, fmt.Errorf("-streams: %q is not name:shards", item)
		}
		out = append(out, streamSpec{name: name, shards: shards})
	}
	return out, nil
}

// newFake makes the Fake the configuration describes, and its manual clock
// if it has one.
func (c *config) newFake() *kinesisfake.Fake {
	opts := []kinesisfake.Option{
		kinesisfake.WithRegion(c.region),
		kinesisfake.WithAccountID(c.account),
		kinesisfake.WithStateDelays(c.delays),
		kinesisfake.WithCallLogSize(c.callLog),
	}
	if c.shardCap > 0 {
		opts = append(opts, kinesisfake.WithShardLimit(c.shardCap))
	}
	if c.noLimits {
		opts = append(opts, kinesisfake.WithoutThroughputLimits())
	}
	if c.maxBytes > 0 {
		opts = append(opts, kinesisfake.WithMaxRetainedBytes(c.maxBytes))
	}
	if c.secrets != nil {
		opts = append(opts, kinesisfake.WithSignatureVerification(c.secrets))
	}
	if c.manual {
		opts = append(opts, kinesisfake.WithClock(kinesisfake.NewManualClock(c.start)))
	}
	return kinesisfake.New(opts...)
}

// createStreams creates the streams of -streams.
func (c *config) createStreams(f *kinesisfake.Fake) error {
	for _, s := range c.streams {
		if _, err := f.CreateStreamNow(s.name, s.shards); err != nil {
			return fmt.Errorf("-streams %s:%d: %w", s.name, s.shards, err)
		}
	}
	return nil
}
