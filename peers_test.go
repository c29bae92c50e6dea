//go:build peers

package kinesisfake_test

// A developer-only side-by-side fidelity check: one table of scenarios
// (short sequences of SDK calls) played against the fake, kinesalite and
// kinesis-mock, compared after normalizing what legitimately differs.
// It is behind the build tag "peers" because it needs the two emulators
// running; plain `go test ./...` and CI never build it.
//
//	bash ../shared/tools/peers.sh start
//	go test -tags peers -run Peers -count=1 -v .
//
// (-count=1 because go test would otherwise replay a cached result: it
// cannot see that the peers changed.)
//
// Every difference is logged as a table. The test fails only where the
// fake disagrees with a peer, FIDELITY.md does not list that as the peer's
// known defect, and the two peers agree with each other: both emulators
// are imperfect (FIDELITY.md, "Known defects of the emulators"), so a
// difference the peers do not share is a lead to check against AWS's
// documentation, not a verdict.

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake"
)

// peerStartHint tells a developer how to bring up an unreachable peer.
const peerStartHint = "start the peers with `bash ../shared/tools/peers.sh start` (from the repository root)"

// The peers' endpoints, as peers.sh starts them.
const (
	peerKinesaliteURL  = "http://127.0.0.1:4567"
	peerKinesisMockURL = "http://127.0.0.1:4568"
)

// Column indexes of the three clients in every comparison.
const (
	peerColFake = iota
	peerColKinesalite
	peerColKinesisMock
	peerNumCols
)

// peerColNames are the column headings, in column order.
var peerColNames = [peerNumCols]string{"fake", "kinesalite", "kinesis-mock"}

// TestPeers plays peerScenarios against the fake and both peers and
// compares the outcomes step by step.
func TestPeers(t *testing.T) {
	// Streams live on in the peers between runs, so each run names its
	// streams afresh; normalization maps the names back.
	runID := strconv.FormatInt(time.Now().UnixNano()/int64(time.Millisecond)%1e10, 36)
	var results [peerNumCols][][]peerOutcome
	var ran [peerNumCols]bool
	for col := range peerNumCols {
		t.Run(peerColNames[col], func(t *testing.T) {
			c := peerClient(t, col)
			results[col] = peerPlayScenarios(t, col, c, runID)
			ran[col] = true
		})
	}
	if !ran[peerColKinesalite] && !ran[peerColKinesisMock] {
		t.Skip("no peer reachable: " + peerStartHint)
	}
	rows, agreeing := peerCompare(peerScenarios, results, ran)
	t.Logf("%d steps in %d scenarios; %d agree everywhere, %d differ somewhere:\n%s",
		agreeing+len(rows), len(peerScenarios), agreeing, len(rows), peerFormatRows(rows))
	for _, r := range rows {
		if r.fail {
			t.Errorf("%s / %s: the fake says %q, both peers say %q, and FIDELITY.md lists no such defect",
				r.scenario, r.step, r.out[peerColFake], r.out[peerColKinesalite])
		}
	}
}

// TestPeersVerdicts pins the verdict rule on made-up outcomes: the check
// fails only where the fake stands alone against two agreeing peers and
// FIDELITY.md explains neither peer's difference.
func TestPeersVerdicts(t *testing.T) {
	okShard := func(id string) peerOutcome { return peerOK("shard", id) }
	invalid := func(msg string) peerOutcome { return peerOutcome{code: "InvalidArgumentException", msg: msg} }
	cases := []struct {
		name       string
		op         string
		fake, k, m peerOutcome
		ran        [peerNumCols]bool
		wantRow    bool
		wantFail   bool
		wantCite   string
	}{
		{name: "all agree", op: "PutRecord", fake: okShard("s0"), k: okShard("s0"), m: okShard("s0"), ran: [peerNumCols]bool{true, true, true}},
		{name: "fake alone", op: "PutRecord", fake: okShard("s0"), k: okShard("s1"), m: okShard("s1"), ran: [peerNumCols]bool{true, true, true},
			wantRow: true, wantFail: true, wantCite: "FAKE DISAGREES WITH BOTH PEERS"},
		{name: "fake alone, one peer unreachable", op: "PutRecord", fake: okShard("s0"), k: okShard("s1"), ran: [peerNumCols]bool{true, true, false},
			wantRow: true, wantCite: "kinesalite differs: no listed defect"},
		{name: "peers disagree", op: "PutRecord", fake: okShard("s0"), k: okShard("s1"), m: okShard("s2"), ran: [peerNumCols]bool{true, true, true},
			wantRow: true, wantCite: "no two agree: check AWS"},
		{name: "kinesis-mock's own text", op: "GetShardIterator", fake: invalid("AWS text"), k: invalid("AWS text"), m: invalid("mock text"), ran: [peerNumCols]bool{true, true, true},
			wantRow: true, wantCite: "kinesis-mock defect: its own error texts"},
		{name: "kinesalite splits a closed shard", op: "SplitShard", fake: invalid("Shard x has already been merged or split, and thus ..."), k: peerOK(), m: invalid("Shard x has already been merged or split, and thus ..."),
			ran: [peerNumCols]bool{true, true, true}, wantRow: true, wantCite: "kinesalite defect: allows splitting a closed shard"},
		{name: "both peers skip a check only one is known to skip", op: "GetShardIterator", fake: invalid("Invalid StartingSequenceNumber. It encodes shardId-000000000000, ..."), k: peerOK("iterator", "present"), m: peerOK("iterator", "present"),
			ran: [peerNumCols]bool{true, true, true}, wantRow: true, wantFail: true, wantCite: "kinesis-mock defect: no cross-shard sequence check"},
		{name: "an earlier difference", op: "GetRecords", fake: peerOK("records", "[]"), k: peerOutcome{code: peerCodeNA, msg: "no it from an earlier step"}, m: peerOutcome{code: peerCodeNA, msg: "no it from an earlier step"},
			ran: [peerNumCols]bool{true, true, true}, wantRow: true, wantCite: "kinesalite: no it from an earlier step"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sc := []peerScenario{{name: "s", steps: []peerStep{{name: tc.op, op: tc.op}}}}
			results := [peerNumCols][][]peerOutcome{{{tc.fake}}, {{tc.k}}, {{tc.m}}}
			rows, agreeing := peerCompare(sc, results, tc.ran)
			if !tc.wantRow {
				assert.Empty(t, rows)
				assert.Equal(t, 1, agreeing)
				return
			}
			require.Len(t, rows, 1)
			assert.Equal(t, tc.wantFail, rows[0].fail)
			assert.Contains(t, rows[0].verdict, tc.wantCite)
		})
	}
}

// peerClient returns the client of a column: the fake's own client, or a
// real *kinesis.Client pointed at a peer, skipping t when the peer does not
// answer. Retries are off everywhere so every error is seen at once.
func peerClient(t *testing.T, col int) *kinesis.Client {
	noRetry := func(o *kinesis.Options) { o.Retryer = aws.NopRetryer{} }
	if col == peerColFake {
		return kinesisfake.New(kinesisfake.WithoutThroughputLimits()).Client(noRetry)
	}
	endpoint := peerKinesaliteURL
	if col == peerColKinesisMock {
		endpoint = peerKinesisMockURL
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.DialTimeout("tcp", u.Host, time.Second)
	if err != nil {
		t.Skipf("%s is not reachable at %s (%v): %s", peerColNames[col], endpoint, err, peerStartHint)
	}
	conn.Close()
	// Both peers answer an unsigned request (anonymous credentials) with
	// MissingAuthenticationTokenException: they want a SigV4 Authorization
	// header but do not check its signature, so dummy keys do.
	return kinesis.New(kinesis.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(endpoint),
		Credentials:  aws.CredentialsProviderFunc(peerDummyCredentials),
		Retryer:      aws.NopRetryer{},
	})
}

// peerDummyCredentials are keys no service accepts, enough for a local peer
// that only wants a well-formed signature.
func peerDummyCredentials(context.Context) (aws.Credentials, error) {
	return aws.Credentials{AccessKeyID: "peers", SecretAccessKey: "peers", Source: "peers_test"}, nil
}

// peerPlayScenarios runs every scenario against c and returns the outcomes,
// indexed by scenario and step.
func peerPlayScenarios(t *testing.T, col int, c *kinesis.Client, runID string) [][]peerOutcome {
	all := make([][]peerOutcome, len(peerScenarios))
	down := ""
	for i, sc := range peerScenarios {
		r := &peerRun{c: c, prefix: fmt.Sprintf("peers%s-%02d-", runID, i), vals: map[string]string{}}
		for _, st := range sc.steps {
			var o peerOutcome
			switch {
			case down != "":
				o = peerOutcome{code: peerCodeNA, msg: "not played: " + peerColNames[col] + " stopped answering at " + down}
			case st.skip[col] != "":
				o = peerOutcome{code: peerCodeNA, msg: "not played: " + st.skip[col]}
			default:
				o = r.play(st)
			}
			if o.code == "client" && strings.Contains(o.msg, "request send failed") {
				down = sc.name + " / " + st.name
				t.Logf("%s stopped answering at %s (%s): later steps are not played; %s", peerColNames[col], down, o.msg, peerStartHint)
			}
			all[i] = append(all[i], o)
		}
		if down == "" {
			r.cleanup()
		}
	}
	return all
}

// peerScenario is a named sequence of steps played in order on one client.
type peerScenario struct {
	name  string
	steps []peerStep
}

// peerStep is one SDK call (or a pause). op names the operation for the
// defect rules; paging marks ListShards calls whose result depends on
// MaxResults or NextToken; skip keeps a step from a peer it would crash.
type peerStep struct {
	name   string
	op     string
	paging bool
	ehk    string              // the ExplicitHashKey of a PutRecord
	enc    bool                // keep a put's EncryptionType (see peerEnc)
	skip   [peerNumCols]string // why a column must not play this step
	do     func(ctx context.Context, r *peerRun) peerOutcome
}

// peerRun is the state of one scenario on one client: the real stream names
// behind the logical ones, and values (sequence numbers, iterators,
// tokens) saved by earlier steps under labels.
type peerRun struct {
	c       *kinesis.Client
	prefix  string
	streams []string // logical names used so far, for cleanup and normalization
	vals    map[string]string
	missing []string // labels asked for by the current step but never saved
}

// play runs st with a deadline, turning a step that needs a value an
// earlier step did not produce into an n/a outcome.
func (r *peerRun) play(st peerStep) peerOutcome {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	r.missing = nil
	o := st.do(ctx, r)
	if len(r.missing) > 0 {
		return peerOutcome{code: peerCodeNA, msg: "no " + strings.Join(r.missing, ", ") + " from an earlier step"}
	}
	if !st.enc {
		o.fields = slices.DeleteFunc(o.fields, func(f peerField) bool { return f.k == "enc" })
	}
	return o
}

// stream returns the real name of the logical stream name.
func (r *peerRun) stream(logical string) *string {
	if !slices.Contains(r.streams, logical) {
		r.streams = append(r.streams, logical)
	}
	return aws.String(r.prefix + logical)
}

// val returns the value saved under label, noting it as missing if none.
func (r *peerRun) val(label string) string {
	v, ok := r.vals[label]
	if !ok {
		r.missing = append(r.missing, label)
	}
	return v
}

// save keeps v under label for later steps; nil or empty saves nothing.
func (r *peerRun) save(label string, v *string) {
	if label != "" && v != nil && *v != "" {
		r.vals[label] = *v
	}
}

// cleanup deletes the scenario's streams so the peers do not fill up.
func (r *peerRun) cleanup() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, s := range r.streams {
		_, _ = r.c.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: aws.String(r.prefix + s), EnforceConsumerDeletion: aws.Bool(true)})
	}
}

// waitActive polls until the stream is ACTIVE: the peers finish creation
// and resharding on a timer even with zero delays, the fake at once.
func (r *peerRun) waitActive(ctx context.Context, logical string) {
	for range 200 {
		out, err := r.c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: r.stream(logical)})
		if err != nil || out.StreamDescriptionSummary.StreamStatus == types.StreamStatusActive {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// peerOutcome is a step's result reduced to what must agree: an error's code
// and normalized message, or a success's fields in a fixed order.
type peerOutcome struct {
	code, msg string
	fields    []peerField
}

// peerCodeNA marks a step that could not run because an earlier one differed.
const peerCodeNA = "n/a"

// peerField is one key=value fact of a successful call.
type peerField struct{ k, v string }

// String renders o as the table shows it.
func (o peerOutcome) String() string {
	if o.code != "" {
		return o.code + ": " + o.msg
	}
	if len(o.fields) == 0 {
		return "ok"
	}
	parts := make([]string, len(o.fields))
	for i, f := range o.fields {
		parts[i] = f.k + "=" + f.v
	}
	return "ok " + strings.Join(parts, " ")
}

// get returns the value of field k, or "" if o has none.
func (o peerOutcome) get(k string) string {
	for _, f := range o.fields {
		if f.k == k {
			return f.v
		}
	}
	return ""
}

// with returns a copy of o whose field k is v.
func (o peerOutcome) with(k, v string) peerOutcome {
	fs := slices.Clone(o.fields)
	for i := range fs {
		if fs[i].k == k {
			fs[i].v = v
		}
	}
	return peerOutcome{code: o.code, msg: o.msg, fields: fs}
}

// peerOK builds a success outcome from alternating keys and values.
func peerOK(kv ...string) peerOutcome {
	var o peerOutcome
	for i := 0; i+1 < len(kv); i += 2 {
		o.fields = append(o.fields, peerField{kv[i], kv[i+1]})
	}
	return o
}

// peerEntryClass is the Java class AWS's validation texts name for a
// PutRecords entry.
const peerEntryClass = "com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry"

// Patterns normalized out of error messages: values every implementation
// chooses for itself.
var (
	peerSeqPattern     = regexp.MustCompile(`\b\d{56}\b`)
	peerMillisPattern  = regexp.MustCompile(`\b1\d{12}\b`)
	peerAccountPattern = regexp.MustCompile(`(account |arn:aws:kinesis:[a-z0-9-]+:)\d{12}\b`)
	peerColonAccount   = regexp.MustCompile(`\b\d{12}:S\b`)
	peerJavaObject     = regexp.MustCompile(`(` + regexp.QuoteMeta(peerEntryClass) + `)@[0-9a-f]+`)
	peerDateInText     = regexp.MustCompile(`\b[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} [A-Z]{3,4} \d{4}\b`)
)

// fail reduces err to an outcome: the service's code and normalized
// message (no request id, which err.Error() would carry), or the client's
// own error text.
func (r *peerRun) fail(err error) peerOutcome {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return peerOutcome{code: ae.ErrorCode(), msg: r.norm(ae.ErrorMessage())}
	}
	return peerOutcome{code: "client", msg: r.norm(err.Error())}
}

// norm replaces run-specific values in s: real stream names by logical
// ones, sequence numbers, epoch milliseconds, dates, account ids and saved
// iterators by placeholders.
func (r *peerRun) norm(s string) string {
	names := slices.Clone(r.streams)
	sort.Slice(names, func(i, j int) bool { return len(names[i]) > len(names[j]) })
	for _, n := range names {
		s = strings.ReplaceAll(s, r.prefix+n, n)
	}
	for label, v := range r.vals {
		if strings.HasPrefix(label, "it") && len(v) > 8 {
			s = strings.ReplaceAll(s, v, "<iterator>")
		}
	}
	s = peerSeqPattern.ReplaceAllString(s, "<seq>")
	s = peerMillisPattern.ReplaceAllString(s, "<ms>")
	s = peerDateInText.ReplaceAllString(s, "<date>")
	s = peerAccountPattern.ReplaceAllString(s, "${1}A")
	s = peerColonAccount.ReplaceAllString(s, "A:S")
	// The Java-style rendering of a list of entries names each by its
	// hash code; one stands for all.
	s = peerJavaObject.ReplaceAllString(s, "${1}@…")
	s = strings.ReplaceAll(s, peerEntryClass+"@…, ", "")
	return peerShortRuns(s)
}

// peerShortRuns abbreviates runs of more than 16 equal bytes (a 257-byte
// partition key quoted back) as <N×c>.
func peerShortRuns(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] == s[i] {
			j++
		}
		if j-i > 16 {
			fmt.Fprintf(&b, "<%d×%c>", j-i, s[i])
		} else {
			b.WriteString(s[i:j])
		}
		i = j
	}
	return b.String()
}

// peerRunLength renders items as a list, runs of equal items as item×N.
func peerRunLength(items []string) string {
	var out []string
	for i := 0; i < len(items); {
		j := i
		for j < len(items) && items[j] == items[i] {
			j++
		}
		if j-i > 1 {
			out = append(out, fmt.Sprintf("%s×%d", items[i], j-i))
		} else {
			out = append(out, items[i])
		}
		i = j
	}
	return peerList(out)
}

// peerSeqShape shows a sequence number as <seq> when it has AWS's 56 digits,
// and as itself otherwise, so a peer's odd numbers stay visible.
func peerSeqShape(s *string) string {
	switch {
	case s == nil:
		return "absent"
	case len(*s) == 56 && strings.Trim(*s, "0123456789") == "":
		return "<seq>"
	}
	return *s
}

// peerPresent says whether an optional string member was returned.
func peerPresent(s *string) string {
	if s == nil || *s == "" {
		return "absent"
	}
	return "present"
}

// peerList renders items as [a b c].
func peerList(items []string) string { return "[" + strings.Join(items, " ") + "]" }

// peerShardsSummary reduces shards to three fields: ids with lineage, hash
// ranges, and the shape of each ending sequence number (open if none).
func peerShardsSummary(r *peerRun, shards []types.Shard) (ids, ranges, ends string) {
	var is, rs, es []string
	for _, sh := range shards {
		id := aws.ToString(sh.ShardId)
		if sh.ParentShardId != nil {
			id += "<" + aws.ToString(sh.ParentShardId)
			if sh.AdjacentParentShardId != nil {
				id += "+" + aws.ToString(sh.AdjacentParentShardId)
			}
		}
		is = append(is, id)
		if hk := sh.HashKeyRange; hk != nil {
			rs = append(rs, aws.ToString(hk.StartingHashKey)+"-"+aws.ToString(hk.EndingHashKey))
		}
		end := "open"
		if sr := sh.SequenceNumberRange; sr != nil && sr.EndingSequenceNumber != nil {
			end = peerSeqShape(sr.EndingSequenceNumber)
			r.save("end:"+aws.ToString(sh.ShardId), sr.EndingSequenceNumber)
		}
		es = append(es, end)
	}
	return peerList(is), peerList(rs), peerList(es)
}

// Hash keys of interest: 2^126 (inside shard 0 of two), 2^127 - 1 and
// 2^127 (the boundary of two shards), 2^128 - 1 (the top) and 2^128.
const (
	peerHK2p126    = "85070591730234615865843651857942052864"
	peerHK2p127m1  = "170141183460469231731687303715884105727"
	peerHK2p127    = "170141183460469231731687303715884105728"
	peerHK2p127p1  = "170141183460469231731687303715884105729"
	peerHK2p128m1  = "340282366920938463463374607431768211455"
	peerHK2p128    = "340282366920938463463374607431768211456"
	peerShard0     = "shardId-000000000000"
	peerShard1     = "shardId-000000000001"
	peerShard2     = "shardId-000000000002"
	peerShard3     = "shardId-000000000003"
	peerShard9     = "shardId-000000000009"
	peerBigDataLen = 1 << 20
)

// peerCreate is CreateStream of a provisioned stream, waiting until ACTIVE.
func peerCreate(s string, shards int32) peerStep {
	return peerStep{name: fmt.Sprintf("CreateStream %s shards=%d", s, shards), op: "CreateStream",
		do: func(ctx context.Context, r *peerRun) peerOutcome {
			_, err := r.c.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: r.stream(s), ShardCount: aws.Int32(shards)})
			if err != nil {
				return r.fail(err)
			}
			r.waitActive(ctx, s)
			return peerOK()
		}}
}

// peerSummary is DescribeStreamSummary.
func peerSummary(s string) peerStep {
	return peerStep{name: "DescribeStreamSummary " + s, op: "DescribeStreamSummary",
		do: func(ctx context.Context, r *peerRun) peerOutcome {
			out, err := r.c.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: r.stream(s)})
			if err != nil {
				return r.fail(err)
			}
			d := out.StreamDescriptionSummary
			return peerOK("status", string(d.StreamStatus), "retention", strconv.Itoa(int(aws.ToInt32(d.RetentionPeriodHours))),
				"open", strconv.Itoa(int(aws.ToInt32(d.OpenShardCount))), "arn", r.norm(aws.ToString(d.StreamARN)))
		}}
}

// peerDescribe is DescribeStream; it saves closed shards' ending sequence
// numbers as end:<shard id>.
func peerDescribe(s string) peerStep {
	return peerStep{name: "DescribeStream " + s, op: "DescribeStream",
		do: func(ctx context.Context, r *peerRun) peerOutcome {
			out, err := r.c.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: r.stream(s)})
			if err != nil {
				return r.fail(err)
			}
			d := out.StreamDescription
			ids, ranges, ends := peerShardsSummary(r, d.Shards)
			return peerOK("status", string(d.StreamStatus), "shards", ids, "ranges", ranges, "ends", ends,
				"more", strconv.FormatBool(aws.ToBool(d.HasMoreShards)))
		}}
}

// peerPut is PutRecord with a partition key, saving the sequence number.
func peerPut(s, pk, data, saveAs string) peerStep {
	what := "pk=" + pk
	if len(pk) > 16 {
		what = fmt.Sprintf("pk of %d bytes", len(pk))
	}
	return peerPutWith(what+" data="+data, s, saveAs, func(in *kinesis.PutRecordInput) {
		in.PartitionKey, in.Data = aws.String(pk), []byte(data)
	})
}

// peerPutHash is PutRecord with an ExplicitHashKey.
func peerPutHash(s, ehk, saveAs string) peerStep {
	st := peerPutWith("ExplicitHashKey="+ehk, s, saveAs, func(in *kinesis.PutRecordInput) {
		in.PartitionKey, in.Data, in.ExplicitHashKey = aws.String("k"), []byte(ehk), aws.String(ehk)
	})
	st.ehk = ehk
	return st
}

// peerPutWith is PutRecord of the input edit makes, described by what.
func peerPutWith(what, s, saveAs string, edit func(*kinesis.PutRecordInput)) peerStep {
	return peerStep{name: "PutRecord " + s + " " + what, op: "PutRecord",
		do: func(ctx context.Context, r *peerRun) peerOutcome {
			in := &kinesis.PutRecordInput{StreamName: r.stream(s)}
			edit(in)
			out, err := r.c.PutRecord(ctx, in)
			if err != nil {
				return r.fail(err)
			}
			r.save(saveAs, out.SequenceNumber)
			return peerOK("shard", aws.ToString(out.ShardId), "seq", peerSeqShape(out.SequenceNumber), "enc", string(out.EncryptionType))
		}}
}

// peerPutRecords is PutRecords with one entry per partition key ("" for an
// empty key); hashKeys, if given, set ExplicitHashKey entry by entry.
func peerPutRecords(s string, pks []string, hashKeys ...string) peerStep {
	what := fmt.Sprintf("pks=%q", pks)
	if len(pks) > 10 {
		what = fmt.Sprintf("%d entries", len(pks))
	}
	if len(hashKeys) > 0 {
		what += fmt.Sprintf(" ExplicitHashKeys=%q", hashKeys)
	}
	return peerStep{name: "PutRecords " + s + " " + what, op: "PutRecords",
		do: func(ctx context.Context, r *peerRun) peerOutcome {
			in := &kinesis.PutRecordsInput{StreamName: r.stream(s), Records: []types.PutRecordsRequestEntry{}}
			for i, pk := range pks {
				e := types.PutRecordsRequestEntry{PartitionKey: aws.String(pk), Data: []byte("d" + pk)}
				if i < len(hashKeys) {
					e.ExplicitHashKey = aws.String(hashKeys[i])
				}
				in.Records = append(in.Records, e)
			}
			out, err := r.c.PutRecords(ctx, in)
			if err != nil {
				return r.fail(err)
			}
			var entries []string
			for _, e := range out.Records {
				if e.ErrorCode != nil {
					entries = append(entries, aws.ToString(e.ErrorCode)+":"+r.norm(aws.ToString(e.ErrorMessage)))
					continue
				}
				entries = append(entries, aws.ToString(e.ShardId)+"/"+peerSeqShape(e.SequenceNumber))
			}
			return peerOK("failed", strconv.Itoa(int(aws.ToInt32(out.FailedRecordCount))), "entries", peerRunLength(entries),
				"enc", string(out.EncryptionType))
		}}
}

// peerIter is GetShardIterator, saving the iterator under saveAs (which should
// start with "it" so that messages quoting it are normalized).
func peerIter(what, s, shard string, typ types.ShardIteratorType, saveAs string, edit func(r *peerRun, in *kinesis.GetShardIteratorInput)) peerStep {
	name := fmt.Sprintf("GetShardIterator %s %s %s", s, shard, typ)
	if what != "" {
		name += " " + what
	}
	return peerStep{name: name, op: "GetShardIterator",
		do: func(ctx context.Context, r *peerRun) peerOutcome {
			in := &kinesis.GetShardIteratorInput{StreamName: r.stream(s), ShardId: aws.String(shard), ShardIteratorType: typ}
			if edit != nil {
				edit(r, in)
			}
			if len(r.missing) > 0 {
				return peerOutcome{}
			}
			out, err := r.c.GetShardIterator(ctx, in)
			if err != nil {
				return r.fail(err)
			}
			r.save(saveAs, out.ShardIterator)
			return peerOK("iterator", peerPresent(out.ShardIterator))
		}}
}

// peerAtSeq sets StartingSequenceNumber to the value saved under label.
func peerAtSeq(label string) func(*peerRun, *kinesis.GetShardIteratorInput) {
	return func(r *peerRun, in *kinesis.GetShardIteratorInput) {
		in.StartingSequenceNumber = aws.String(r.val(label))
	}
}

// peerLiteralSeq sets StartingSequenceNumber to seq.
func peerLiteralSeq(seq string) func(*peerRun, *kinesis.GetShardIteratorInput) {
	return func(_ *peerRun, in *kinesis.GetShardIteratorInput) { in.StartingSequenceNumber = aws.String(seq) }
}

// peerAtTime sets Timestamp to now plus d, read when the step runs.
func peerAtTime(d time.Duration) func(*peerRun, *kinesis.GetShardIteratorInput) {
	return func(_ *peerRun, in *kinesis.GetShardIteratorInput) { in.Timestamp = aws.Time(time.Now().Add(d)) }
}

// peerRecords reduces a GetRecords output to records (pk:data), whether a next
// iterator came back, the child shards and whether MillisBehindLatest is
// zero; it saves the next iterator under saveNext.
func peerRecords(r *peerRun, out *kinesis.GetRecordsOutput, saveNext string) peerOutcome {
	var recs, children []string
	for _, rec := range out.Records {
		d := string(rec.Data)
		if len(d) > 16 {
			d = fmt.Sprintf("<%d bytes>", len(d))
		}
		recs = append(recs, aws.ToString(rec.PartitionKey)+":"+d)
	}
	for _, ch := range out.ChildShards {
		children = append(children, aws.ToString(ch.ShardId)+"<"+strings.Join(ch.ParentShards, "+"))
	}
	behind := "absent"
	if out.MillisBehindLatest != nil {
		behind = "0"
		if *out.MillisBehindLatest > 0 {
			behind = ">0"
		}
	}
	r.save(saveNext, out.NextShardIterator)
	return peerOK("records", peerList(recs), "next", peerPresent(out.NextShardIterator), "children", peerList(children), "behind", behind)
}

// peerGetRecords is GetRecords on the iterator saved under itLabel (limit 0:
// none given), saving the next iterator under saveNext.
func peerGetRecords(itLabel string, limit int32, saveNext string) peerStep {
	name := "GetRecords " + itLabel
	if limit != 0 {
		name += fmt.Sprintf(" Limit=%d", limit)
	}
	return peerStep{name: name, op: "GetRecords",
		do: func(ctx context.Context, r *peerRun) peerOutcome {
			in := &kinesis.GetRecordsInput{ShardIterator: aws.String(r.val(itLabel))}
			if limit != 0 {
				in.Limit = aws.Int32(limit)
			}
			if len(r.missing) > 0 {
				return peerOutcome{}
			}
			out, err := r.c.GetRecords(ctx, in)
			if err != nil {
				return r.fail(err)
			}
			return peerRecords(r, out, saveNext)
		}}
}

// peerGetRaw is GetRecords on a literal iterator (garbled ones).
func peerGetRaw(what, iterator string) peerStep {
	return peerStep{name: "GetRecords " + what, op: "GetRecords",
		do: func(ctx context.Context, r *peerRun) peerOutcome {
			out, err := r.c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String(iterator)})
			if err != nil {
				return r.fail(err)
			}
			return peerRecords(r, out, "")
		}}
}

// peerDrain reads from the iterator saved under itLabel until the shard's end
// (no next iterator) or ten calls, and reports all records and the last
// response's iterator, children and lag.
func peerDrain(itLabel string) peerStep {
	return peerStep{name: "GetRecords " + itLabel + " until the shard ends", op: "GetRecords",
		do: func(ctx context.Context, r *peerRun) peerOutcome {
			it := aws.String(r.val(itLabel))
			if len(r.missing) > 0 {
				return peerOutcome{}
			}
			var all []types.Record
			for range 10 {
				out, err := r.c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it})
				if err != nil {
					return r.fail(err)
				}
				all = append(all, out.Records...)
				if out.NextShardIterator == nil || len(out.ChildShards) > 0 {
					out.Records = all
					return peerRecords(r, out, "")
				}
				it = out.NextShardIterator
			}
			return peerRecords(r, &kinesis.GetRecordsOutput{Records: all, NextShardIterator: it}, "")
		}}
}

// peerListShards is ListShards of the input edit makes; paging marks a call
// whose result depends on MaxResults or NextToken. It saves NextToken
// under saveToken.
func peerListShards(what string, paging bool, saveToken string, edit func(r *peerRun, in *kinesis.ListShardsInput)) peerStep {
	return peerStep{name: "ListShards " + what, op: "ListShards", paging: paging,
		do: func(ctx context.Context, r *peerRun) peerOutcome {
			in := &kinesis.ListShardsInput{}
			edit(r, in)
			if len(r.missing) > 0 {
				return peerOutcome{}
			}
			out, err := r.c.ListShards(ctx, in)
			if err != nil {
				return r.fail(err)
			}
			r.save(saveToken, out.NextToken)
			ids, ranges, ends := peerShardsSummary(r, out.Shards)
			return peerOK("shards", ids, "ranges", ranges, "ends", ends, "next", peerPresent(out.NextToken))
		}}
}

// peerSplit is SplitShard, waiting for ACTIVE after a success.
func peerSplit(s, shard, key string) peerStep {
	return peerStep{name: fmt.Sprintf("SplitShard %s %s at %s", s, shard, key), op: "SplitShard",
		do: func(ctx context.Context, r *peerRun) peerOutcome {
			_, err := r.c.SplitShard(ctx, &kinesis.SplitShardInput{StreamName: r.stream(s), ShardToSplit: aws.String(shard), NewStartingHashKey: aws.String(key)})
			if err != nil {
				return r.fail(err)
			}
			r.waitActive(ctx, s)
			return peerOK()
		}}
}

// peerMerge is MergeShards, waiting for ACTIVE after a success.
func peerMerge(s, shard, adjacent string) peerStep {
	return peerStep{name: fmt.Sprintf("MergeShards %s %s+%s", s, shard, adjacent), op: "MergeShards",
		do: func(ctx context.Context, r *peerRun) peerOutcome {
			_, err := r.c.MergeShards(ctx, &kinesis.MergeShardsInput{StreamName: r.stream(s), ShardToMerge: aws.String(shard), AdjacentShardToMerge: aws.String(adjacent)})
			if err != nil {
				return r.fail(err)
			}
			r.waitActive(ctx, s)
			return peerOK()
		}}
}

// peerRetention is Increase- (up) or DecreaseStreamRetentionPeriod.
func peerRetention(s string, up bool, hours int32) peerStep {
	op := "DecreaseStreamRetentionPeriod"
	if up {
		op = "IncreaseStreamRetentionPeriod"
	}
	return peerStep{name: fmt.Sprintf("%s %s %dh", op, s, hours), op: op,
		do: func(ctx context.Context, r *peerRun) peerOutcome {
			var err error
			if up {
				_, err = r.c.IncreaseStreamRetentionPeriod(ctx, &kinesis.IncreaseStreamRetentionPeriodInput{StreamName: r.stream(s), RetentionPeriodHours: aws.Int32(hours)})
			} else {
				_, err = r.c.DecreaseStreamRetentionPeriod(ctx, &kinesis.DecreaseStreamRetentionPeriodInput{StreamName: r.stream(s), RetentionPeriodHours: aws.Int32(hours)})
			}
			if err != nil {
				return r.fail(err)
			}
			r.waitActive(ctx, s)
			return peerOK()
		}}
}

// peerEnc returns the put st keeping its EncryptionType in the outcome.
// Puts drop it otherwise: kinesalite predates server-side encryption and
// never returns one, which would mark every put as a difference.
func peerEnc(st peerStep) peerStep {
	st.name += " (EncryptionType)"
	st.enc = true
	return st
}

// notOn returns st marked as not to be played on col, for why.
func (st peerStep) notOn(col int, why string) peerStep {
	st.skip[col] = why
	return st
}

// peerDeleteStream is DeleteStream.
func peerDeleteStream(s string) peerStep {
	return peerStep{name: "DeleteStream " + s, op: "DeleteStream",
		do: func(ctx context.Context, r *peerRun) peerOutcome {
			if _, err := r.c.DeleteStream(ctx, &kinesis.DeleteStreamInput{StreamName: r.stream(s)}); err != nil {
				return r.fail(err)
			}
			return peerOK()
		}}
}

// peerPause lets wall-clock time pass, so that MillisBehindLatest of a
// consumer behind the tip is above zero. It always agrees.
func peerPause(d time.Duration) peerStep {
	return peerStep{name: "(wait " + d.String() + ")", op: "wait",
		do: func(context.Context, *peerRun) peerOutcome { time.Sleep(d); return peerOK() }}
}

// peerKinesaliteTokenCrash is why ListShards with a NextToken and no
// StreamName is not played on kinesalite: it ignores NextToken, looks up
// an undefined stream name and its process dies (levelup: "key cannot be
// null or undefined").
const peerKinesaliteTokenCrash = "kills kinesalite (ListShards ignores NextToken, then looks up no stream)"

// peerScenarios is the table: each scenario starts from nothing on every
// client. S and T are logical stream names; Missing is never created.
var peerScenarios = []peerScenario{
	{"routing by partition key", []peerStep{
		peerCreate("S", 3),
		peerPut("S", "a", "1", ""), peerPut("S", "b", "2", ""), peerPut("S", "e", "3", ""), peerPut("S", "f", "4", ""),
		peerPutRecords("S", []string{"a", "b", "e", "f"}),
		peerEnc(peerPut("S", "a", "5", "")), peerEnc(peerPutRecords("S", []string{"a"})),
		peerSummary("S"),
		peerDescribe("S"),
	}},
	{"explicit hash keys", []peerStep{
		peerCreate("S", 2),
		peerDescribe("S"),
		peerPutHash("S", "0", ""), peerPutHash("S", peerHK2p127m1, ""), peerPutHash("S", peerHK2p127, ""), peerPutHash("S", peerHK2p128m1, ""),
		peerPutHash("S", peerHK2p128, ""), peerPutHash("S", "abc", ""), peerPutHash("S", "-1", ""), peerPutHash("S", "01", ""),
		peerPutRecords("S", []string{"a", "b"}, "0", peerHK2p128),
	}},
	{"iterator types", []peerStep{
		peerCreate("S", 1),
		peerPut("S", "k", "r1", "s1"), peerPut("S", "k", "r2", "s2"), peerPut("S", "k", "r3", "s3"),
		peerIter("", "S", peerShard0, types.ShardIteratorTypeTrimHorizon, "itTH", nil),
		peerGetRecords("itTH", 10, ""),
		peerIter("", "S", peerShard0, types.ShardIteratorTypeLatest, "itL", nil),
		peerGetRecords("itL", 0, ""),
		peerPut("S", "k", "r4", "s4"),
		peerGetRecords("itL", 0, ""),
		peerIter("s2", "S", peerShard0, types.ShardIteratorTypeAtSequenceNumber, "itAt", peerAtSeq("s2")),
		peerGetRecords("itAt", 0, ""),
		peerIter("s2", "S", peerShard0, types.ShardIteratorTypeAfterSequenceNumber, "itAfter", peerAtSeq("s2")),
		peerGetRecords("itAfter", 0, ""),
		peerIter("s4 (the newest)", "S", peerShard0, types.ShardIteratorTypeAfterSequenceNumber, "itAfter4", peerAtSeq("s4")),
		peerGetRecords("itAfter4", 0, ""),
		peerIter("an hour ago", "S", peerShard0, types.ShardIteratorTypeAtTimestamp, "itTS", peerAtTime(-time.Hour)),
		peerGetRecords("itTS", 0, ""),
		peerIter("in an hour", "S", peerShard0, types.ShardIteratorTypeAtTimestamp, "itFuture", peerAtTime(time.Hour)),
		peerPause(50 * time.Millisecond),
		peerGetRecords("itTH", 1, "itNext"),
		peerGetRecords("itNext", 2, ""),
	}},
	{"GetRecords errors", []peerStep{
		peerCreate("S", 1),
		peerIter("", "S", peerShard0, types.ShardIteratorTypeTrimHorizon, "itTH", nil),
		peerGetRecords("itTH", 0, ""), peerGetRecords("itTH", -1, ""), peerGetRecords("itTH", 10001, ""), peerGetRecords("itTH", 10000, ""),
		peerGetRaw("garbled base64", "AAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"),
		peerGetRaw("not base64", "not-an-iterator!"),
		peerGetRaw("empty", ""),
	}},
	{"put errors", []peerStep{
		peerCreate("S", 1),
		peerPut("S", "", "x", ""),
		peerPut("S", strings.Repeat("p", 257), "x", ""),
		peerPut("S", strings.Repeat("p", 256), "x", ""),
		peerPutWith(fmt.Sprintf("data of %d bytes", peerBigDataLen+1), "S", "", func(in *kinesis.PutRecordInput) {
			in.PartitionKey, in.Data = aws.String("k"), make([]byte, peerBigDataLen+1)
		}),
		peerPutWith(fmt.Sprintf("data of %d bytes", peerBigDataLen), "S", "", func(in *kinesis.PutRecordInput) {
			in.PartitionKey, in.Data = aws.String("k"), make([]byte, peerBigDataLen)
		}),
		peerPutWith("empty data", "S", "", func(in *kinesis.PutRecordInput) {
			in.PartitionKey, in.Data = aws.String("k"), []byte{}
		}),
		peerPutRecords("S", []string{}),
		peerPutRecords("S", slices.Repeat([]string{"k"}, 501)),
		peerPutRecords("S", []string{"a", ""}),
	}},
	{"Must either specify", []peerStep{
		peerCreate("S", 1),
		peerPut("S", "k", "r1", "s1"),
		peerIter("without a sequence number", "S", peerShard0, types.ShardIteratorTypeAtSequenceNumber, "", nil),
		peerIter("without a sequence number", "S", peerShard0, types.ShardIteratorTypeAfterSequenceNumber, "", nil),
		peerIter("with s1", "S", peerShard0, types.ShardIteratorTypeLatest, "", peerAtSeq("s1")),
		peerIter("with s1", "S", peerShard0, types.ShardIteratorTypeTrimHorizon, "", peerAtSeq("s1")),
		peerIter("without a timestamp", "S", peerShard0, types.ShardIteratorTypeAtTimestamp, "", nil),
	}},
	{"foreign sequence numbers", []peerStep{
		// kinesalite tells streams apart by their creation second.
		peerCreate("T", 1), peerPause(1100 * time.Millisecond), peerCreate("S", 2),
		peerPutHash("S", "0", "s0"),
		peerPut("T", "a", "t", "t0"),
		peerIter("with shard 0's s0", "S", peerShard1, types.ShardIteratorTypeAtSequenceNumber, "", peerAtSeq("s0")),
		peerIter("with shard 0's s0", "S", peerShard1, types.ShardIteratorTypeAfterSequenceNumber, "", peerAtSeq("s0")),
		peerIter("with T's t0", "S", peerShard0, types.ShardIteratorTypeAtSequenceNumber, "", peerAtSeq("t0")),
		peerIter("with 1", "S", peerShard0, types.ShardIteratorTypeAtSequenceNumber, "", peerLiteralSeq("1")),
		peerIter("with abc", "S", peerShard0, types.ShardIteratorTypeAtSequenceNumber, "", peerLiteralSeq("abc")),
		peerIter("", "S", peerShard9, types.ShardIteratorTypeTrimHorizon, "", nil),
		peerIter("", "S", "foo", types.ShardIteratorTypeTrimHorizon, "", nil),
		peerIter("", "S", "shardId-1", types.ShardIteratorTypeTrimHorizon, "", nil),
	}},
	{"missing stream", []peerStep{
		peerDescribe("Missing"),
		peerSummary("Missing"),
		peerPut("Missing", "k", "x", ""),
		peerPutRecords("Missing", []string{"k"}),
		peerIter("", "Missing", peerShard0, types.ShardIteratorTypeTrimHorizon, "", nil),
		peerListShards("Missing", false, "", func(r *peerRun, in *kinesis.ListShardsInput) { in.StreamName = r.stream("Missing") }),
		peerRetention("Missing", true, 48),
		peerSplit("Missing", peerShard0, peerHK2p127),
		peerMerge("Missing", peerShard0, peerShard1),
		peerDeleteStream("Missing"),
	}},
	{"stream already exists", []peerStep{
		peerCreate("S", 1), peerCreate("S", 1), peerCreate("S", 2),
		peerCreate("Z", 0),
		peerDeleteStream("S"),
	}},
	{"retention bounds", []peerStep{
		peerCreate("S", 1),
		peerRetention("S", true, 23), peerRetention("S", true, 8761), peerRetention("S", true, 0),
		peerRetention("S", false, 23), peerRetention("S", false, 48),
		peerRetention("S", true, 48), peerSummary("S"),
		peerRetention("S", true, 24), peerRetention("S", true, 48),
		peerRetention("S", false, 24), peerRetention("S", false, 24),
		peerRetention("S", true, 8760), peerSummary("S"),
	}},
	{"ListShards paging", []peerStep{
		peerCreate("S", 3),
		peerListShards("S MaxResults=2", true, "tok", func(r *peerRun, in *kinesis.ListShardsInput) {
			in.StreamName, in.MaxResults = r.stream("S"), aws.Int32(2)
		}),
		peerListShards("NextToken", true, "", func(r *peerRun, in *kinesis.ListShardsInput) {
			in.NextToken = aws.String(r.val("tok"))
		}).notOn(peerColKinesalite, peerKinesaliteTokenCrash),
		peerListShards("NextToken and S", true, "", func(r *peerRun, in *kinesis.ListShardsInput) {
			in.NextToken, in.StreamName = aws.String(r.val("tok")), r.stream("S")
		}),
		peerListShards("NextToken and ExclusiveStartShardId", true, "", func(r *peerRun, in *kinesis.ListShardsInput) {
			in.NextToken, in.ExclusiveStartShardId = aws.String(r.val("tok")), aws.String(peerShard0)
		}).notOn(peerColKinesalite, peerKinesaliteTokenCrash),
		peerListShards("garbled NextToken", true, "", func(r *peerRun, in *kinesis.ListShardsInput) {
			in.NextToken = aws.String("garbled")
		}).notOn(peerColKinesalite, peerKinesaliteTokenCrash),
		peerListShards("S MaxResults=0", false, "", func(r *peerRun, in *kinesis.ListShardsInput) {
			in.StreamName, in.MaxResults = r.stream("S"), aws.Int32(0)
		}),
		peerListShards("S MaxResults=10001", false, "", func(r *peerRun, in *kinesis.ListShardsInput) {
			in.StreamName, in.MaxResults = r.stream("S"), aws.Int32(10001)
		}),
		peerListShards("S ExclusiveStartShardId="+peerShard0, false, "", func(r *peerRun, in *kinesis.ListShardsInput) {
			in.StreamName, in.ExclusiveStartShardId = r.stream("S"), aws.String(peerShard0)
		}),
		peerListShards("without stream or token", false, "", func(*peerRun, *kinesis.ListShardsInput) {}),
	}},
	{"split and merge", []peerStep{
		peerCreate("S", 2),
		peerPutHash("S", "0", ""), peerPutHash("S", "1", ""),
		peerSplit("S", peerShard0, peerHK2p126),
		peerDescribe("S"),
		peerListShards("S", false, "", func(r *peerRun, in *kinesis.ListShardsInput) { in.StreamName = r.stream("S") }),
		peerListShards("S ShardFilter=AT_LATEST", false, "", func(r *peerRun, in *kinesis.ListShardsInput) {
			in.StreamName, in.ShardFilter = r.stream("S"), &types.ShardFilter{Type: types.ShardFilterTypeAtLatest}
		}),
		peerPutHash("S", "0", ""), peerPutHash("S", peerHK2p126, ""),
		peerIter("", "S", peerShard0, types.ShardIteratorTypeTrimHorizon, "itClosed", nil),
		peerDrain("itClosed"),
		peerIter("with its EndingSequenceNumber", "S", peerShard0, types.ShardIteratorTypeAfterSequenceNumber, "",
			peerAtSeq("end:"+peerShard0)),
		peerIter("with its EndingSequenceNumber", "S", peerShard0, types.ShardIteratorTypeAtSequenceNumber, "",
			peerAtSeq("end:"+peerShard0)),
		peerSplit("S", peerShard3, "0"), peerSplit("S", peerShard3, peerHK2p128),
		peerSplit("S", peerShard9, peerHK2p127),
		peerMerge("S", peerShard3, peerShard2), peerMerge("S", peerShard2, peerShard1),
		peerMerge("S", peerShard9, peerShard1),
		peerMerge("S", peerShard2, peerShard3),
		peerDescribe("S"),
		// Last, because some peers carry them out, which changes the stream.
		peerMerge("S", peerShard2, peerShard3),
		peerSplit("S", peerShard0, "2"),
		peerMerge("S", peerShard0, peerShard1),
	}},
	// Each accepted split changes the shard, so the bounds go from the
	// outside in: a peer that accepts one meets a closed shard after it.
	{"split bounds", []peerStep{
		peerCreate("S", 1),
		peerSplit("S", peerShard0, peerHK2p128),
		peerSplit("S", peerShard0, peerHK2p128m1),
		peerSplit("S", peerShard0, "1"),
		peerSplit("S", peerShard0, "0"),
		peerSplit("S", peerShard0, "2"),
		peerDescribe("S"),
	}},
}

// peerDefect is a known defect of a peer, quoted from FIDELITY.md's "Known
// defects of the emulators". repair returns the peer's outcome as it would
// be without the defect (taking the fake's word for the part the defect
// spoils) and whether the defect applies at all.
type peerDefect struct {
	col    int
	cite   string
	repair func(st peerStep, fake, peer peerOutcome) (peerOutcome, bool)
}

// peerKnownDefects are the defects of FIDELITY.md that this table can meet.
// (kinesalite's missing throttling, KMS and consumers, and kinesis-mock's
// missing throughput limits and KMS errors, are not exercised: the fake
// runs without throughput limits and the table has no KMS or consumers.)
var peerKnownDefects = []peerDefect{
	{peerColKinesalite, "no ChildShards", func(_ peerStep, f, p peerOutcome) (peerOutcome, bool) {
		if f.code != "" || p.code != "" || f.get("children") == "[]" || p.get("children") != "[]" {
			return p, false
		}
		// Without child shards the peer cannot honour "absent iterator <=>
		// non-empty ChildShards", so the iterator goes with them.
		return p.with("children", f.get("children")).with("next", f.get("next")), true
	}},
	{peerColKinesalite, "MillisBehindLatest always 0", func(_ peerStep, f, p peerOutcome) (peerOutcome, bool) {
		if f.code != "" || p.code != "" || f.get("behind") != ">0" || p.get("behind") != "0" {
			return p, false
		}
		return p.with("behind", ">0"), true
	}},
	{peerColKinesalite, "ListShards ignores MaxResults and NextToken", func(st peerStep, f, p peerOutcome) (peerOutcome, bool) {
		if st.op != "ListShards" || !st.paging {
			return p, false
		}
		return f, true
	}},
	{peerColKinesalite, "allows splitting a closed shard", func(st peerStep, f, p peerOutcome) (peerOutcome, bool) {
		if st.op != "SplitShard" || p.code != "" || !strings.Contains(f.msg, "has already been merged or split") {
			return p, false
		}
		return f, true
	}},
	{peerColKinesisMock, "InvalidArgumentException instead of ValidationException for Limit", func(_ peerStep, f, p peerOutcome) (peerOutcome, bool) {
		if f.code != "ValidationException" || !strings.Contains(f.msg, "at 'limit'") || p.code != "InvalidArgumentException" {
			return p, false
		}
		return f, true
	}},
	{peerColKinesisMock, "unknown error on a malformed iterator", func(_ peerStep, f, p peerOutcome) (peerOutcome, bool) {
		if f.msg != "Invalid ShardIterator." || p.code == "" || p.code == f.code {
			return p, false
		}
		return f, true
	}},
	{peerColKinesisMock, "no cross-shard sequence check", func(_ peerStep, f, p peerOutcome) (peerOutcome, bool) {
		if !strings.HasPrefix(f.msg, "Invalid StartingSequenceNumber. It encodes") || p.code != "" {
			return p, false
		}
		return f, true
	}},
	{peerColKinesisMock, "its own error texts", func(_ peerStep, f, p peerOutcome) (peerOutcome, bool) {
		if f.code == "" || p.code != f.code || p.msg == f.msg {
			return p, false
		}
		return f, true
	}},
	{peerColKinesisMock, "2-shard hash ranges off by one", func(st peerStep, f, p peerOutcome) (peerOutcome, bool) {
		if f.code != "" || p.code != "" {
			return p, false
		}
		// The key just below the middle lands in the other shard.
		if st.ehk == peerHK2p127m1 && f.get("shard") != p.get("shard") {
			return p.with("shard", f.get("shard")), true
		}
		if !peerRangesOffByOne(f.get("ranges"), p.get("ranges")) {
			return p, false
		}
		return p.with("ranges", f.get("ranges")), true
	}},
	{peerColKinesisMock, "closed shards end at 9223372036854775807", func(_ peerStep, f, p peerOutcome) (peerOutcome, bool) {
		// A call made with that ending number fails in its own way.
		if strings.Contains(p.msg, "9223372036854775807") {
			return f, true
		}
		fe, pe := strings.Fields(strings.Trim(f.get("ends"), "[]")), strings.Fields(strings.Trim(p.get("ends"), "[]"))
		if f.code != "" || p.code != "" || len(fe) != len(pe) {
			return p, false
		}
		applies := false
		for i := range pe {
			if pe[i] == "9223372036854775807" && fe[i] == "<seq>" {
				pe[i], applies = fe[i], true
			}
		}
		return p.with("ends", peerList(pe)), applies
	}},
}

// peerRangesOffByOne reports whether two [lo-hi ...] lists differ, have the
// same length, and no bound differs by more than one.
func peerRangesOffByOne(a, b string) bool {
	as, bs := strings.Fields(strings.Trim(a, "[]")), strings.Fields(strings.Trim(b, "[]"))
	if a == b || len(as) != len(bs) {
		return false
	}
	one := big.NewInt(1)
	for i := range as {
		ab, bb := strings.Split(as[i], "-"), strings.Split(bs[i], "-")
		if len(ab) != 2 || len(bb) != 2 {
			return false
		}
		for j := range 2 {
			x, okx := new(big.Int).SetString(ab[j], 10)
			y, oky := new(big.Int).SetString(bb[j], 10)
			if !okx || !oky || new(big.Int).Abs(x.Sub(x, y)).Cmp(one) > 0 {
				return false
			}
		}
	}
	return true
}

// peerExplain applies every known defect of col to the peer's outcome; it
// returns the citations of those that applied and whether the outcome then
// equals the fake's.
func peerExplain(col int, st peerStep, f, p peerOutcome) (cites []string, explained bool) {
	for _, d := range peerKnownDefects {
		if d.col != col {
			continue
		}
		if repaired, applies := d.repair(st, f, p); applies {
			p = repaired
			cites = append(cites, d.cite)
		}
	}
	return cites, p.String() == f.String()
}

// peerRow is one step on which some outcome differs from the fake's.
type peerRow struct {
	scenario, step string
	out            [peerNumCols]string
	verdict        string
	fail           bool
}

// peerCompare builds a row for every step where an available peer's
// outcome differs from the fake's, with its verdict, and counts the steps
// where all agree.
func peerCompare(scenarios []peerScenario, results [peerNumCols][][]peerOutcome, ran [peerNumCols]bool) (rows []peerRow, agreeing int) {
	for i, sc := range scenarios {
		for j, st := range sc.steps {
			f := results[peerColFake][i][j]
			row := peerRow{scenario: sc.name, step: st.name}
			row.out[peerColFake] = f.String()
			var verdicts []string
			unexplained, cascade := false, false
			for col := peerColKinesalite; col < peerNumCols; col++ {
				if !ran[col] {
					row.out[col] = "(not reachable)"
					continue
				}
				p := results[col][i][j]
				row.out[col] = p.String()
				if p.String() == f.String() {
					row.out[col] = "="
					continue
				}
				if p.code == peerCodeNA || f.code == peerCodeNA {
					cascade = true
					why := p.msg
					if f.code == peerCodeNA {
						why = "fake: " + f.msg
					}
					verdicts = append(verdicts, peerColNames[col]+": "+why)
					continue
				}
				cites, explained := peerExplain(col, st, f, p)
				for _, c := range cites {
					verdicts = append(verdicts, peerColNames[col]+" defect: "+c)
				}
				if !explained {
					unexplained = true
					verdicts = append(verdicts, peerColNames[col]+" differs: no listed defect")
				}
			}
			if len(verdicts) == 0 {
				agreeing++
				continue
			}
			k, m := results[peerColKinesalite], results[peerColKinesisMock]
			peersAgree := ran[peerColKinesalite] && ran[peerColKinesisMock] && k[i][j].String() == m[i][j].String()
			row.fail = unexplained && peersAgree && !cascade
			switch {
			case row.fail:
				row.verdict = "FAKE DISAGREES WITH BOTH PEERS; "
			case unexplained && row.out[peerColKinesalite] == "=":
				row.verdict = "fake agrees with kinesalite; "
			case unexplained && row.out[peerColKinesisMock] == "=":
				row.verdict = "fake agrees with kinesis-mock; "
			case unexplained:
				row.verdict = "no two agree: check AWS; "
			}
			row.verdict += strings.Join(verdicts, "; ")
			rows = append(rows, row)
		}
	}
	return rows, agreeing
}

// peerFormatRows renders rows as a Markdown table; "=" means "as the fake".
func peerFormatRows(rows []peerRow) string {
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	var b strings.Builder
	b.WriteString("| scenario | step | fake | kinesalite | kinesis-mock | verdict |\n|---|---|---|---|---|---|\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", cell(r.scenario), cell(r.step),
			cell(r.out[peerColFake]), cell(r.out[peerColKinesalite]), cell(r.out[peerColKinesisMock]), cell(r.verdict))
	}
	return b.String()
}
