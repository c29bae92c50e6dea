// Package conformance is a suite of Kinesis Data Streams behaviours that can
// be pointed at any endpoint: real Kinesis, LocalStack, kinesalite,
// kinesis-mock or kinesisfake itself.
//
// Each Scenario encodes one fact about real Kinesis, with the evidence it
// comes from (FIDELITY.md, a test of kinesalite's or LocalStack's that ran
// against production, AWS's service model), plays it through a real
// *kinesis.Client and compares what it observes with what AWS answered.
// The expectations are written down from that evidence, never computed from
// the fake, so the suite checks the fake as it checks any other endpoint.
// No scenario needs a fake clock: they observe texts, shapes and orderings,
// and where a stream must become ACTIVE or disappear they poll for it, which
// against a fake without state delays settles at the first look.
//
//	KINESIS_ENDPOINT=http://localhost:4567 go test -tags conformance -v ./conformance/
//
// plays them against an endpoint and logs a table of expected against
// observed (README.md in this directory: real AWS, costs, the table). The
// untagged tests play every scenario against kinesisfake through its HTTP
// and SDK-transport doors on every `go test ./...`.
package conformance

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Scenario is one behaviour of real Kinesis: a short sequence of calls and
// what AWS answered to it.
type Scenario struct {
	// Name names the subtest; KINESIS_CONFORMANCE_SKIP matches it.
	Name string
	// Evidence says where Want comes from.
	Evidence string
	// Want is AWS's answer, as recorded in Evidence. Placeholders stand for
	// what differs between runs: {S}, {S1}, ... the scenario's own streams,
	// {F} the run's shared fixture stream, {A} the account, {R} the region,
	// and any other {KEY} a value the scenario noted while it ran (a
	// sequence number it was given, say).
	Want Observation

	// play makes the calls and reports what it saw. A failed precondition
	// (a stream that could not be created) fails the subtest through r.t.
	play func(r *run) Observation
	// knownFakeGap, when set, is why kinesisfake does not yet answer as
	// AWS does: the fake's own tests skip the scenario with this reason
	// (their table lists it), while runs against other endpoints still
	// play it. A gap is a fidelity bug to fix, never a reason to weaken
	// Want; none is open.
	knownFakeGap string
	// needsCreating marks a scenario that watches a new stream while it is
	// CREATING. Real endpoints take seconds to create a stream; a fake
	// without state delays makes it ACTIVE at once, so its tests play
	// these scenarios on a fake that keeps streams CREATING.
	needsCreating bool
}

// Observation is what a scenario saw: the error of the call it is about,
// and selected facts of the answers.
type Observation struct {
	// Err is the error as "Code: message", or "" when the call succeeded.
	Err string
	// Fields are further facts by name: an output member, the outcome of
	// another step ("ok", or an error as in Err), a count or an order.
	Fields map[string]string
}

// String is the observation on one line, as the table shows it.
func (o Observation) String() string {
	var parts []string
	if o.Err != "" {
		parts = append(parts, o.Err)
	}
	for _, k := range slices.Sorted(maps.Keys(o.Fields)) {
		parts = append(parts, k+": "+o.Fields[k])
	}
	if len(parts) == 0 {
		return "ok"
	}
	return strings.Join(parts, "; ")
}

// Result is the outcome of one scenario in a Run.
type Result struct {
	// Name and Evidence are the scenario's.
	Name, Evidence string
	// Want and Got are as compared: placeholders filled in, several
	// validation errors of one message in a fixed order.
	Want, Got Observation
	// Skipped is why the scenario did not play; Want and Got are then
	// empty.
	Skipped string

	names *strings.Replacer // the run's stream names back to placeholders, for Table
}

// Match reports whether the scenario played and saw what AWS answered.
func (r Result) Match() bool {
	return r.Skipped == "" && gocmp.Equal(r.Want, r.Got, cmpopts.EquateEmpty())
}

// notFinished is what Result.Got says of a scenario stopped by a failed
// precondition before it observed anything.
var notFinished = Observation{Err: "(did not finish: a precondition failed, see the log)"}

// Scenarios returns the suite, in the order Run plays it.
func Scenarios() []Scenario { return slices.Clone(scenarios) }

// Run plays every scenario of the suite against c, one at a time, each as a
// subtest of t, and returns their results in order. skip, if not nil, is
// asked first about each scenario and returns why to skip it, or "".
//
// Before the first scenario Run creates the run's shared fixture, a
// two-shard stream that scenarios describe, read, put a few records to and
// ask for changes AWS refuses, and learns the account from its ARN; t's
// cleanup deletes it. Every stream is named kfconf-<unix nanos at
// start>-<n>, so runs never collide and leftovers of an interrupted run
// are easy to find. A scenario deletes its own streams when it ends.
func Run(t *testing.T, c *kinesis.Client, skip func(Scenario) string) []Result {
	return play(t, c, scenarios, skip)
}

// play is Run with a list of scenarios of the suite.
func play(t *testing.T, c *kinesis.Client, list []Scenario, skip func(Scenario) string) []Result {
	s := newSuite(t, c)
	var results []Result
	for _, sc := range list {
		t.Run(sc.Name, func(t *testing.T) {
			res := Result{Name: sc.Name, Evidence: sc.Evidence}
			var r *run
			defer func() {
				// Also after a failed precondition or a skip, both of
				// which leave the subtest through runtime.Goexit.
				if r != nil {
					res.Want = normalize(r.expand(sc.Want))
					res.names = r.placeholders()
				}
				results = append(results, res)
			}()
			if skip != nil {
				if res.Skipped = skip(sc); res.Skipped != "" {
					t.Skip(res.Skipped)
				}
			}
			r = s.start(t)
			res.Got = notFinished
			res.Got = normalize(sc.play(r))
			if diff := gocmp.Diff(normalize(r.expand(sc.Want)), res.Got, cmpopts.EquateEmpty()); diff != "" {
				assert.Fail(t, "the endpoint does not answer as AWS did",
					"evidence: %s\n(-AWS +observed):\n%s", sc.Evidence, diff)
			}
		})
	}
	return results
}

// Table is results as a Markdown table, scenario | expected | observed |
// match, with the run's stream names shown as their placeholders so that
// tables of different runs and endpoints compare line by line, and a count
// at the end. A matching row's observed column says "=", a differing row
// shows only what differs.
func Table(results []Result) string {
	var b strings.Builder
	b.WriteString("| scenario | expected (AWS) | observed | match |\n|---|---|---|---|\n")
	var match, differ, skipped int
	for _, r := range results {
		show := func(o Observation) string {
			text := o.String()
			if r.names != nil {
				text = r.names.Replace(text)
			}
			return strings.NewReplacer("|", `\|`, "\n", `\n`).Replace(text)
		}
		switch {
		case r.Skipped != "":
			skipped++
			fmt.Fprintf(&b, "| %s | | skipped: %s | - |\n", r.Name, strings.ReplaceAll(r.Skipped, "|", `\|`))
		case r.Match():
			match++
			fmt.Fprintf(&b, "| %s | %s | = | yes |\n", r.Name, show(r.Want))
		default:
			differ++
			want, got := differences(r.Want, r.Got)
			fmt.Fprintf(&b, "| %s | %s | %s | **no** |\n", r.Name, show(want), show(got))
		}
	}
	fmt.Fprintf(&b, "\n%d scenarios: %d match, %d differ, %d skipped\n", len(results), match, differ, skipped)
	return b.String()
}

// notObserved stands in a table row for a field one side lacks.
const notObserved = "(not observed)"

// differences keeps of two observations only what differs, so that a row
// of the table shows the difference and not the agreement around it.
func differences(want, got Observation) (Observation, Observation) {
	if want.Err == got.Err {
		want.Err, got.Err = "", ""
	}
	w, g := map[string]string{}, map[string]string{}
	for k := range maps.Keys(want.Fields) {
		if _, ok := got.Fields[k]; !ok {
			w[k], g[k] = want.Fields[k], notObserved
		}
	}
	for k, gv := range got.Fields {
		wv, ok := want.Fields[k]
		if !ok {
			wv = notObserved
		}
		if wv != gv {
			w[k], g[k] = wv, gv
		}
	}
	return Observation{Err: want.Err, Fields: w}, Observation{Err: got.Err, Fields: g}
}

// multipleViolations matches a ValidationException's text for several
// violations, whose order AWS does not fix (kinesalite's suite, run against
// production, accepts them in any order).
var multipleViolations = regexp.MustCompile(`^(ValidationException: \d+ validation errors detected: )(.*)$`)

// normalize puts the violations of a multiple-violation ValidationException
// in sorted order, so that only their content is compared.
func normalize(o Observation) Observation {
	if m := multipleViolations.FindStringSubmatch(o.Err); m != nil {
		parts := strings.Split(m[2], "; ")
		slices.Sort(parts)
		o.Err = m[1] + strings.Join(parts, "; ")
	}
	return o
}

// Timing of a run against a real endpoint. A fake without state delays
// never waits: its streams are ACTIVE, and gone, at the first look.
const (
	scenarioTimeout = 5 * time.Minute // AWS creates a stream in tens of seconds
	cleanupTimeout  = time.Minute     // for one DeleteStream, retries included
	firstPause      = 100 * time.Millisecond
	longestPause    = 3 * time.Second
	maxReads        = 20 // GetRecords calls to collect a few records; AWS may answer empty pages first
)

// suite is the state of one Run: the client, the naming, the fixture and
// the identity the expectations name.
type suite struct {
	c       *kinesis.Client
	prefix  string // kfconf-<unix nanos>-
	next    int    // number of the next stream name
	region  string
	account string
	fixture string // the shared stream, created by newSuite
	active  bool   // the fixture has been seen ACTIVE
}

// newSuite names the run, creates its fixture stream (without waiting for
// it) and learns the account from the fixture's ARN: AWS names the account
// in its error texts, and a local endpoint has one of its own.
func newSuite(t *testing.T, c *kinesis.Client) *suite {
	s := &suite{c: c, prefix: "kfconf-" + strconv.FormatInt(time.Now().UnixNano(), 10) + "-", region: c.Options().Region}
	s.fixture = s.newName()
	ctx, cancel := context.WithTimeout(t.Context(), scenarioTimeout)
	defer cancel()
	_, err := c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: &s.fixture, ShardCount: aws.Int32(2)})
	require.NoError(t, err, "creating the run's fixture stream %s", s.fixture)
	deleteAtCleanup(t, c, s.fixture)
	// DescribeStreamSummary answers while the stream is CREATING.
	out, err := c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: &s.fixture})
	require.NoError(t, err, "describing the run's fixture stream %s", s.fixture)
	arn := strings.Split(aws.ToString(out.StreamDescriptionSummary.StreamARN), ":")
	require.Len(t, arn, 6, "the fixture's StreamARN %q is not arn:aws:kinesis:R:A:stream/S", aws.ToString(out.StreamDescriptionSummary.StreamARN))
	s.account = arn[4]
	return s
}

// newName returns the next unused stream name of the run.
func (s *suite) newName() string {
	name := s.prefix + strconv.Itoa(s.next)
	s.next++
	return name
}

// start begins one scenario in subtest t.
func (s *suite) start(t *testing.T) *run {
	ctx, cancel := context.WithTimeout(t.Context(), scenarioTimeout)
	t.Cleanup(cancel)
	return &run{t: t, ctx: ctx, c: s.c, s: s, vars: map[string]string{}}
}

// deleteAtCleanup deletes the stream when t ends, consumers and all, and
// does not mind that it is gone already. It uses a context of its own: t's
// is cancelled before cleanups run.
func deleteAtCleanup(t testing.TB, c *kinesis.Client, name string) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
		defer cancel()
		_, err := c.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: &name, EnforceConsumerDeletion: aws.Bool(true)})
		if err != nil && !isNotFound(err) {
			t.Logf("could not delete stream %s, delete it by hand: %v", name, err)
		}
	})
}

// isNotFound reports whether err is a ResourceNotFoundException.
func isNotFound(err error) bool {
	var nf *types.ResourceNotFoundException
	return errors.As(err, &nf)
}

// run is one scenario being played: its subtest, its streams and the values
// its expectation names.
type run struct {
	t     *testing.T
	ctx   context.Context
	c     *kinesis.Client
	s     *suite
	names []string          // the scenario's streams: {S}, {S1}, ...
	vars  map[string]string // values noted while playing: {KEY}
}

// stream is the name of the scenario's i-th stream ({S} for 0, {S1} for 1,
// ...), whether or not it exists.
func (r *run) stream(i int) string {
	for len(r.names) <= i {
		r.names = append(r.names, r.s.newName())
	}
	return r.names[i]
}

// note records a value of this run that the expectation names as {key}.
func (r *run) note(key, value string) { r.vars[key] = value }

// placeholder names the scenario's i-th stream in Want.
func placeholder(i int) string {
	if i == 0 {
		return "{S}"
	}
	return "{S" + strconv.Itoa(i) + "}"
}

// expand fills the placeholders of an expectation in with this run's
// values.
func (r *run) expand(o Observation) Observation {
	pairs := []string{"{F}", r.s.fixture, "{A}", r.s.account, "{R}", r.s.region}
	for i, name := range r.names {
		pairs = append(pairs, placeholder(i), name)
	}
	for k, v := range r.vars {
		pairs = append(pairs, "{"+k+"}", v)
	}
	rep := strings.NewReplacer(pairs...)
	out := Observation{Err: rep.Replace(o.Err)}
	if o.Fields != nil {
		out.Fields = make(map[string]string, len(o.Fields))
		for k, v := range o.Fields {
			out.Fields[k] = rep.Replace(v)
		}
	}
	return out
}

// placeholders maps this run's stream names back to their placeholders,
// longest name first, so that -10 is not read as -1 followed by 0.
func (r *run) placeholders() *strings.Replacer {
	type pair struct{ name, ph string }
	ps := []pair{{r.s.fixture, "{F}"}}
	for i, name := range r.names {
		ps = append(ps, pair{name, placeholder(i)})
	}
	slices.SortFunc(ps, func(a, b pair) int { return cmp.Compare(len(b.name), len(a.name)) })
	var args []string
	for _, p := range ps {
		args = append(args, p.name, p.ph)
	}
	return strings.NewReplacer(args...)
}

// fixture is the run's shared two-shard stream, ACTIVE.
func (r *run) fixture() string {
	if !r.s.active {
		r.waitActive(r.s.fixture)
		r.s.active = true
	}
	return r.s.fixture
}

// createStream creates the scenario's i-th stream with that many shards
// (deleted when the scenario ends) and returns its name, without waiting
// for it to become ACTIVE.
func (r *run) createStream(i, shards int) string {
	name := r.stream(i)
	_, err := r.c.CreateStream(r.ctx, &kinesis.CreateStreamInput{StreamName: &name, ShardCount: aws.Int32(int32(shards))})
	require.NoError(r.t, err, "CreateStream %s", name)
	deleteAtCleanup(r.t, r.c, name)
	return name
}

// activeStream is createStream, then waits until the stream is ACTIVE.
func (r *run) activeStream(i, shards int) string {
	name := r.createStream(i, shards)
	r.waitActive(name)
	return name
}

// waitActive polls until the stream is ACTIVE.
func (r *run) waitActive(name string) {
	r.poll("stream "+name+" to become ACTIVE", func() bool {
		out, err := r.c.DescribeStreamSummary(r.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: &name})
		require.NoError(r.t, err, "DescribeStreamSummary %s", name)
		return out.StreamDescriptionSummary.StreamStatus == types.StreamStatusActive
	})
}

// waitGone polls until describing the stream is ResourceNotFoundException.
func (r *run) waitGone(name string) {
	r.poll("stream "+name+" to be deleted", func() bool {
		_, err := r.c.DescribeStreamSummary(r.ctx, &kinesis.DescribeStreamSummaryInput{StreamName: &name})
		if err != nil && !isNotFound(err) {
			require.NoError(r.t, err, "DescribeStreamSummary %s", name)
		}
		return err != nil
	})
}

// poll calls done at once and then after growing pauses until it reports
// true, failing the scenario when its time is up.
func (r *run) poll(what string, done func() bool) {
	for pause := firstPause; !done(); pause = min(2*pause, longestPause) {
		select {
		case <-r.ctx.Done():
			require.FailNow(r.t, "gave up waiting for "+what, "%v", r.ctx.Err())
		case <-time.After(pause):
		}
	}
}

// put puts one record, failing the scenario if the put fails. An
// explicitHashKey of "" routes by the partition key.
func (r *run) put(stream, partitionKey, data, explicitHashKey string) *kinesis.PutRecordOutput {
	in := &kinesis.PutRecordInput{StreamName: &stream, PartitionKey: &partitionKey, Data: []byte(data)}
	if explicitHashKey != "" {
		in.ExplicitHashKey = &explicitHashKey
	}
	out, err := r.c.PutRecord(r.ctx, in)
	require.NoError(r.t, err, "PutRecord to %s", stream)
	return out
}

// iterator returns a shard iterator, failing the scenario if it cannot.
func (r *run) iterator(stream, shardID string, typ types.ShardIteratorType, seq *string) *string {
	out, err := r.c.GetShardIterator(r.ctx, &kinesis.GetShardIteratorInput{
		StreamName: &stream, ShardId: &shardID, ShardIteratorType: typ, StartingSequenceNumber: seq,
	})
	require.NoError(r.t, err, "GetShardIterator %s %s %s", stream, shardID, typ)
	return out.ShardIterator
}

// read reads from it until it has at least n records, its shard ends, or
// maxReads calls have passed. AWS may answer empty pages before data it
// has (FIDELITY.md, GetRecords), so an empty page is followed by a pause;
// the fake answers everything at once and never pauses.
func (r *run) read(it *string, n int) []types.Record {
	var recs []types.Record
	pause := firstPause
	for range maxReads {
		if it == nil || len(recs) >= n {
			break
		}
		out, err := r.c.GetRecords(r.ctx, &kinesis.GetRecordsInput{ShardIterator: it})
		require.NoError(r.t, err, "GetRecords")
		recs = append(recs, out.Records...)
		it = out.NextShardIterator
		if len(out.Records) == 0 && len(recs) < n {
			select {
			case <-r.ctx.Done():
				require.FailNow(r.t, "gave up reading", "%v", r.ctx.Err())
			case <-time.After(pause):
			}
			pause = min(2*pause, longestPause)
		}
	}
	return recs
}

// errText is how an error shows in an observation: "Code: message" for an
// error of the service, "" for none.
func errText(err error) string {
	if err == nil {
		return ""
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	return "(not a service error) " + err.Error()
}

// outcome is a step's result as a field shows it: "ok" or the error.
func outcome(err error) string {
	if err == nil {
		return "ok"
	}
	return errText(err)
}

// absent is how a field shows a member missing from the answer.
const absent = "(absent)"

// orAbsent is the value of an optional member, or absent.
func orAbsent[T ~string](p *T) string {
	if p == nil {
		return absent
	}
	return string(*p)
}

// enumOrAbsent is an enum member, which the SDK leaves "" when the answer
// has none.
func enumOrAbsent[T ~string](v T) string {
	if v == "" {
		return absent
	}
	return string(v)
}

// sequenceNumber matches AWS's sequence numbers: 56 decimal digits.
var sequenceNumber = regexp.MustCompile(`^\d{56}$`)

// seqShape describes a sequence number by its shape: "56 digits" as AWS's,
// or the value itself.
func seqShape(p *string) string {
	switch {
	case p == nil:
		return absent
	case sequenceNumber.MatchString(*p):
		return "56 digits"
	}
	return fmt.Sprintf("%q (not 56 digits)", *p)
}
