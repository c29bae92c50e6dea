package kinesisfake

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/aws/smithy-go"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake/internal/sdkcmp"
	"github.com/kinesisfake/kinesisfake/internal/wire"
)

// The transport door must be the direct door seen through the real client:
// for the same calls on identical fakes, equal outputs, and errors of the
// same type, code and text (the printed error differing only in request id,
// and in the SDK's retry wrapping where the real client retries).

// doorsStart is the fixed instant both fakes of a comparison start at.
var doorsStart = time.Date(2025, 6, 1, 12, 0, 0, 123_000_000, time.UTC)

// doorPair is two identical fakes on identical manual clocks: one called
// directly, one through f.Client().
type doorPair struct {
	direct, wire       *Fake
	directClk, wireClk *ManualClock
	client             *kinesis.Client
}

// newDoorPair makes a doorPair with the given options on both fakes.
// Throughput limits are off unless opts turn them on: the cases call in
// bursts.
func newDoorPair(opts ...Option) *doorPair {
	p := &doorPair{directClk: NewManualClock(doorsStart), wireClk: NewManualClock(doorsStart)}
	p.direct = New(append([]Option{WithClock(p.directClk), WithoutThroughputLimits()}, opts...)...)
	p.wire = New(append([]Option{WithClock(p.wireClk), WithoutThroughputLimits()}, opts...)...)
	p.client = p.wire.Client()
	return p
}

// apis returns the direct fake and the client, in that order.
func (p *doorPair) apis() [2]KinesisAPI { return [2]KinesisAPI{p.direct, p.client} }

// fakes returns the fakes behind apis, in the same order.
func (p *doorPair) fakes() [2]*Fake { return [2]*Fake{p.direct, p.wire} }

// clocks returns the clocks of fakes, in the same order.
func (p *doorPair) clocks() [2]*ManualClock { return [2]*ManualClock{p.directClk, p.wireClk} }

// doorsFixture is what every case starts from, made through the door under
// test itself: stream "s" of 2 shards holding 3 records, 1 s apart on clk.
func doorsFixture(t *testing.T, api KinesisAPI, clk *ManualClock) {
	ctx := context.Background()
	_, err := api.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(2)})
	require.NoError(t, err)
	for _, key := range []string{"a", "b", "c"} {
		clk.Advance(time.Second)
		_, err := api.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String(key), Data: []byte("data-" + key)})
		require.NoError(t, err)
	}
}

// doorCase is one call (or a short sequence of calls) made the same way
// through both doors.
type doorCase struct {
	name string
	code string // the error code expected; "" for success, "InvalidParams" for the SDK's own validation
	run  func(ctx context.Context, api KinesisAPI) (any, error)
}

// shardIter gets an iterator for shard of stream "s".
func shardIter(ctx context.Context, api KinesisAPI, shard string, typ types.ShardIteratorType) (*string, error) {
	out, err := api.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shard), ShardIteratorType: typ})
	if err != nil {
		return nil, err
	}
	return out.ShardIterator, nil
}

// doorCases covers every kind of member on the wire (strings, enums,
// integers, booleans, timestamps, blobs, lists, maps, nested structures),
// operations without an output shape, and the error kinds: client-side
// validation, model constraints, and the engine's exceptions.
var doorCases = []doorCase{
	{"ListStreams", "", func(ctx context.Context, api KinesisAPI) (any, error) {
		return api.ListStreams(ctx, &kinesis.ListStreamsInput{})
	}},
	{"DescribeStream", "", func(ctx context.Context, api KinesisAPI) (any, error) {
		return api.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("s")})
	}},
	{"DescribeStreamSummary by ARN", "", func(ctx context.Context, api KinesisAPI) (any, error) {
		return api.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamARN: aws.String("arn:aws:kinesis:us-east-1:000000000000:stream/s")})
	}},
	{"ListShards AT_TIMESTAMP", "", func(ctx context.Context, api KinesisAPI) (any, error) {
		return api.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("s"), ShardFilter: &types.ShardFilter{
			Type: types.ShardFilterTypeAtTimestamp, Timestamp: aws.Time(doorsStart.Add(1500 * time.Millisecond)),
		}})
	}},
	{"ListShards page and NextToken", "", func(ctx context.Context, api KinesisAPI) (any, error) {
		page, err := api.ListShards(ctx, &kinesis.ListShardsInput{StreamName: aws.String("s"), MaxResults: aws.Int32(1)})
		if err != nil {
			return nil, err
		}
		return api.ListShards(ctx, &kinesis.ListShardsInput{NextToken: page.NextToken})
	}},
	{"PutRecord with ExplicitHashKey", "", func(ctx context.Context, api KinesisAPI) (any, error) {
		return api.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), ExplicitHashKey: aws.String("1"), Data: []byte{0, 1, 2, 255}})
	}},
	{"PutRecords", "", func(ctx context.Context, api KinesisAPI) (any, error) {
		return api.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: []types.PutRecordsRequestEntry{
			{PartitionKey: aws.String("x"), Data: []byte("1")},
			{PartitionKey: aws.String("y"), Data: []byte{}},
		}})
	}},
	{"GetShardIterator and GetRecords", "", func(ctx context.Context, api KinesisAPI) (any, error) {
		it, err := shardIter(ctx, api, "shardId-000000000001", types.ShardIteratorTypeTrimHorizon)
		if err != nil {
			return nil, err
		}
		return api.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: it, Limit: aws.Int32(1)})
	}},
	{"GetShardIterator AT_TIMESTAMP", "", func(ctx context.Context, api KinesisAPI) (any, error) {
		return api.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000001"),
			ShardIteratorType: types.ShardIteratorTypeAtTimestamp, Timestamp: aws.Time(doorsStart.Add(2001 * time.Millisecond))})
	}},
	{"tags", "", func(ctx context.Context, api KinesisAPI) (any, error) {
		if _, err := api.AddTagsToStream(ctx, &kinesis.AddTagsToStreamInput{StreamName: aws.String("s"), Tags: map[string]string{"team": "data", "env": ""}}); err != nil {
			return nil, err
		}
		return api.ListTagsForStream(ctx, &kinesis.ListTagsForStreamInput{StreamName: aws.String("s")})
	}},
	{"operation without output", "", func(ctx context.Context, api KinesisAPI) (any, error) {
		return api.IncreaseStreamRetentionPeriod(ctx, &kinesis.IncreaseStreamRetentionPeriodInput{StreamName: aws.String("s"), RetentionPeriodHours: aws.Int32(48)})
	}},
	{"EnableEnhancedMonitoring", "", func(ctx context.Context, api KinesisAPI) (any, error) {
		return api.EnableEnhancedMonitoring(ctx, &kinesis.EnableEnhancedMonitoringInput{StreamName: aws.String("s"), ShardLevelMetrics: []types.MetricsName{types.MetricsNameIncomingBytes}})
	}},
	{"consumers", "", func(ctx context.Context, api KinesisAPI) (any, error) {
		arn := aws.String("arn:aws:kinesis:us-east-1:000000000000:stream/s")
		if _, err := api.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: arn, ConsumerName: aws.String("c")}); err != nil {
			return nil, err
		}
		return api.ListStreamConsumers(ctx, &kinesis.ListStreamConsumersInput{StreamARN: arn})
	}},
	{"DescribeLimits", "", func(ctx context.Context, api KinesisAPI) (any, error) {
		return api.DescribeLimits(ctx, &kinesis.DescribeLimitsInput{})
	}},
	{"CreateStream ON_DEMAND and DescribeStreamSummary", "", func(ctx context.Context, api KinesisAPI) (any, error) {
		if _, err := api.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("od"), StreamModeDetails: &types.StreamModeDetails{StreamMode: types.StreamModeOnDemand}}); err != nil {
			return nil, err
		}
		return api.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("od")})
	}},

	// Errors.
	{"missing required member (client-side)", "InvalidParams", func(ctx context.Context, api KinesisAPI) (any, error) {
		return api.GetRecords(ctx, &kinesis.GetRecordsInput{})
	}},
	{"model constraint", "ValidationException", func(ctx context.Context, api KinesisAPI) (any, error) {
		return api.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String("x"), Limit: aws.Int32(0)})
	}},
	{"nested constraint", "ValidationException", func(ctx context.Context, api KinesisAPI) (any, error) {
		return api.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: []types.PutRecordsRequestEntry{
			{PartitionKey: aws.String("ok"), Data: []byte("1")},
			{PartitionKey: aws.String(""), Data: []byte("2")},
		}})
	}},
	{"stream not found", "ResourceNotFoundException", func(ctx context.Context, api KinesisAPI) (any, error) {
		return api.DescribeStream(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("nope")})
	}},
	{"stream in use", "ResourceInUseException", func(ctx context.Context, api KinesisAPI) (any, error) {
		return api.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(1)})
	}},
	{"invalid iterator", "InvalidArgumentException", func(ctx context.Context, api KinesisAPI) (any, error) {
		return api.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: aws.String("garbage")})
	}},
	{"invalid argument", "InvalidArgumentException", func(ctx context.Context, api KinesisAPI) (any, error) {
		return api.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000000"),
			ShardIteratorType: types.ShardIteratorTypeAtSequenceNumber})
	}},
	{"DryRun", "DryRunOperationException", func(ctx context.Context, api KinesisAPI) (any, error) {
		return api.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("x"), DryRun: aws.Bool(true)})
	}},
}

// TestDoorsAgree runs every doorCase through every door (the direct
// methods, f.Client() in memory, Handler() on a loopback listener), each on
// an identical fake, and compares what comes back with the direct door's.
func TestDoorsAgree(t *testing.T) {
	for _, tc := range doorCases {
		t.Run(tc.name, func(t *testing.T) {
			// run makes the call through door, on a fake of its own.
			run := func(door testDoor) (*Fake, any, error) {
				clk := NewManualClock(doorsStart)
				f := New(WithClock(clk), WithoutThroughputLimits())
				api := door.open(t, f)
				doorsFixture(t, api, clk)
				out, err := tc.run(context.Background(), api)
				return f, out, err
			}
			direct, directOut, directErr := run(directTestDoor)
			for _, other := range testDoors {
				if other.name == directTestDoor.name {
					continue
				}
				f, out, err := run(other)
				door := other.name
				if tc.code != "" {
					require.Error(t, directErr)
					require.Error(t, err, "direct door failed (%v), %s succeeded", directErr, door)
					var apiErr smithy.APIError
					var invalid smithy.InvalidParamsError
					if errors.As(directErr, &apiErr) {
						assert.Equal(t, tc.code, apiErr.ErrorCode())
					} else {
						assert.ErrorAs(t, directErr, &invalid)
					}
					assertSameError(t, directErr, err, false)
					continue
				}
				require.NoError(t, directErr)
				require.NoError(t, err, door)
				assert.Empty(t, cmp.Diff(directOut, out, sdkStructs(directOut)), "outputs differ (-direct +%s)", door)
				assert.Equal(t, direct.Records("s", shardID(1)), f.Records("s", shardID(1)), "same records stored through %s", door)
			}
		})
	}
}

// sdkStructs compares SDK structs by their exported fields.
var sdkStructs = sdkcmp.Structs

// requestIDs matches the request id in a printed error.
var requestIDs = regexp.MustCompile(`RequestID: [0-9a-f-]+`)

// retryWrapping is what the SDK's retryer puts in front of the error of the
// last attempt once it gives up.
const retryWrapping = "exceeded maximum number of attempts, 3, "

// assertSameError checks that the client door's error is the direct door's
// one as the real client returns it: same exception type, code and message,
// same printed text but for the request id and, for an error the client
// retries, the retry wrapping.
func assertSameError(t *testing.T, direct, client error, retried bool) {
	t.Helper()
	var dAPI, cAPI smithy.APIError
	if errors.As(direct, &dAPI) {
		require.ErrorAs(t, client, &cAPI, "client error: %v", client)
		assert.Equal(t, reflect.TypeOf(dAPI), reflect.TypeOf(cAPI), "exception type")
		assert.Equal(t, dAPI.ErrorCode(), cAPI.ErrorCode())
		assert.Equal(t, dAPI.ErrorMessage(), cAPI.ErrorMessage())
		assert.Equal(t, dAPI.ErrorFault(), cAPI.ErrorFault())
	} else {
		var dInvalid, cInvalid smithy.InvalidParamsError
		require.ErrorAs(t, direct, &dInvalid, "direct error is client-side validation: %v", direct)
		require.ErrorAs(t, client, &cInvalid, "client error: %v", client)
	}
	want := requestIDs.ReplaceAllString(direct.Error(), "RequestID: X")
	if retried {
		head, rest, _ := strings.Cut(want, ", ")
		want = head + ", " + retryWrapping + rest
	}
	assert.Equal(t, want, requestIDs.ReplaceAllString(client.Error(), "RequestID: X"))
}

// TestFaultsFireThroughTheClient injects every ready-made fault into both
// fakes and checks the client sees the direct door's error. Errors the SDK
// retries (throttling, server faults) fire once per attempt, three times,
// and come back wrapped by the retryer; the test runs in a synctest bubble
// so the retryer's back-off takes no real time.
func TestFaultsFireThroughTheClient(t *testing.T) {
	// The SDK's standard retryer retries throttling codes and 5xx; KMS
	// throttling is not among its codes, so that one fails at once.
	retried := map[*FaultError]bool{
		ErrProvisionedThroughputExceeded: true, ErrLimitExceeded: true, ErrInternalFailure: true,
	}
	for _, fe := range AllFaultErrors {
		t.Run(fe.Code(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				p := newDoorPair()
				var errs [2]error
				var fired [2]int
				for i, api := range p.apis() {
					doorsFixture(t, api, p.clocks()[i])
					fake := p.fakes()[i]
					h := fake.InjectFault(Fault{Op: "PutRecord", Err: fe})
					_, errs[i] = api.PutRecord(context.Background(), &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("b"), Data: []byte("x")})
					fired[i] = h.Fired()
				}
				require.Error(t, errs[0])
				assertSameError(t, errs[0], errs[1], retried[fe])
				wantFired := 1
				if retried[fe] {
					wantFired = 3
				}
				assert.Equal(t, [2]int{1, wantFired}, fired)
				assert.Equal(t, wantFired, p.wire.CallCount("PutRecord")-3, "each attempt is a call in the log")
			})
		})
	}
}

// TestClientRetryRecoversFromTransientFault shows the SDK's default retryer
// at work: a fault that fires twice is absorbed by the third attempt.
func TestClientRetryRecoversFromTransientFault(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		p := newDoorPair(WithCallLogSize(100))
		doorsFixture(t, p.client, p.wireClk)
		h := p.wire.InjectFault(Fault{Op: "DescribeStreamSummary", Err: ErrLimitExceeded, Times: 2})
		out, err := p.client.DescribeStreamSummary(context.Background(), &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("s")})
		require.NoError(t, err)
		assert.Equal(t, "s", aws.ToString(out.StreamDescriptionSummary.StreamName))
		assert.Equal(t, 2, h.Fired())
		calls := p.wire.Calls("DescribeStreamSummary")
		require.Len(t, calls, 3)
		var limit *types.LimitExceededException
		assert.ErrorAs(t, calls[0].Err, &limit)
		assert.NoError(t, calls[2].Err)
	})
}

// TestClientWithoutRetries: with aws.NopRetryer the client returns the
// first error, exactly the direct door's.
func TestClientWithoutRetries(t *testing.T) {
	p := newDoorPair()
	client := p.wire.Client(func(o *kinesis.Options) { o.Retryer = aws.NopRetryer{} })
	for i, api := range [2]KinesisAPI{p.direct, client} {
		doorsFixture(t, api, p.clocks()[i])
		p.fakes()[i].InjectFault(Fault{Op: "GetShardIterator", Err: ErrProvisionedThroughputExceeded})
	}
	_, directErr := shardIter(context.Background(), p.direct, shardID(0), types.ShardIteratorTypeLatest)
	_, clientErr := shardIter(context.Background(), client, shardID(0), types.ShardIteratorTypeLatest)
	assertSameError(t, directErr, clientErr, false)
	var throttled *types.ProvisionedThroughputExceededException
	require.ErrorAs(t, clientErr, &throttled)
	assert.Equal(t, "Rate exceeded for Shard - 000000000000/s/shardId-000000000000", aws.ToString(throttled.Message))
}

// TestPutRecordsEntryFaultThroughTheClient: a fault that fails single
// PutRecords entries gives the same per-entry results through the client.
func TestPutRecordsEntryFaultThroughTheClient(t *testing.T) {
	p := newDoorPair()
	var outs [2]*kinesis.PutRecordsOutput
	for i, api := range p.apis() {
		doorsFixture(t, api, p.clocks()[i])
		p.fakes()[i].InjectFault(Fault{Op: "PutRecords", PartitionKey: "b", Err: ErrInternalFailure})
		var err error
		outs[i], err = api.PutRecords(context.Background(), &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: []types.PutRecordsRequestEntry{
			{PartitionKey: aws.String("a"), Data: []byte("1")},
			{PartitionKey: aws.String("b"), Data: []byte("2")},
		}})
		require.NoError(t, err)
	}
	assert.Equal(t, int32(1), aws.ToInt32(outs[1].FailedRecordCount))
	assert.Equal(t, "InternalFailure", aws.ToString(outs[1].Records[1].ErrorCode))
	assert.Empty(t, cmp.Diff(outs[0], outs[1], sdkStructs(outs[0])))
}

// TestFaultLatencyThroughTheClient: a fault's latency moves the fake's
// clock the same way through the client.
func TestFaultLatencyThroughTheClient(t *testing.T) {
	p := newDoorPair()
	doorsFixture(t, p.client, p.wireClk)
	before := p.wireClk.Now()
	p.wire.InjectFault(Fault{Op: "ListStreams", Latency: 3 * time.Second})
	_, err := p.client.ListStreams(context.Background(), &kinesis.ListStreamsInput{})
	require.NoError(t, err)
	assert.Equal(t, 3*time.Second, p.wireClk.Now().Sub(before))
}

// TestClientPaginatorsAndWaiters: the SDK's paginators and waiters run
// against the fake through the client.
func TestClientPaginatorsAndWaiters(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := New(WithStateDelays(StateDelays{Create: 10 * time.Second}))
		client := f.Client()
		ctx := context.Background()
		for _, name := range []string{"a", "b", "c"} {
			_, err := client.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String(name), ShardCount: aws.Int32(1)})
			require.NoError(t, err)
		}
		err := kinesis.NewStreamExistsWaiter(client).Wait(ctx, &kinesis.DescribeStreamInput{StreamName: aws.String("c")}, time.Minute)
		require.NoError(t, err)

		var names []string
		pages := kinesis.NewListStreamsPaginator(client, &kinesis.ListStreamsInput{Limit: aws.Int32(1)})
		for pages.HasMorePages() {
			page, err := pages.NextPage(ctx)
			require.NoError(t, err)
			names = append(names, page.StreamNames...)
		}
		assert.Equal(t, []string{"a", "b", "c"}, names)
	})
}

// TestOptions checks what Options hands a client: the fake's region,
// anonymous credentials and an endpoint that can never reach AWS.
func TestOptions(t *testing.T) {
	f := New(WithRegion("eu-central-1"))
	o := f.Options()
	assert.Equal(t, "eu-central-1", o.Region)
	creds, err := o.Credentials.Retrieve(context.Background())
	require.NoError(t, err)
	assert.Equal(t, TestCredentials, creds, "signed, so that the door's signature check passes")
	assert.Equal(t, "http://kinesisfake.invalid", aws.ToString(o.BaseEndpoint))
	assert.Nil(t, o.Retryer, "the SDK's default retryer")
	assert.Equal(t, "eu-central-1", f.Client().Options().Region)
	assert.Equal(t, 5, f.Client(func(o *kinesis.Options) { o.RetryMaxAttempts = 5 }).Options().RetryMaxAttempts)
}

// TestClientCancelledContext: a request whose context is done fails as
// against AWS, and never reaches the engine.
func TestClientCancelledContext(t *testing.T) {
	f := New()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := f.Client().ListStreams(ctx, &kinesis.ListStreamsInput{})
	require.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, f.CallCount(""))
}

// TestClientConcurrentUse: one client shared by many goroutines, as
// production code shares it; every record arrives once.
func TestClientConcurrentUse(t *testing.T) {
	f := New(WithoutThroughputLimits())
	f.CreateStreamT(t, "s", 2)
	client := f.Client()
	const workers, puts = 8, 25
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range puts {
				_, err := client.PutRecord(context.Background(), &kinesis.PutRecordInput{
					StreamName: aws.String("s"), PartitionKey: aws.String(fmt.Sprintf("%d-%d", w, i)), Data: []byte{byte(i)},
				})
				assert.NoError(t, err)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, workers*puts, len(f.Records("s", shardID(0)))+len(f.Records("s", shardID(1))))
}

// BenchmarkClientPutRecord is one PutRecord through f.Client(): the whole
// SDK stack and the JSON codec on top of the engine, for comparison with
// BenchmarkPutRecord (the direct door).
func BenchmarkClientPutRecord(b *testing.B) {
	f := New(WithClock(NewManualClock(doorsStart)), WithoutThroughputLimits())
	f.CreateStreamT(b, "s", 4)
	client := f.Client()
	ctx := context.Background()
	in := &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("0123456789abcdef")}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := client.PutRecord(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// deadlineBody is a request body whose read fails as a socket's past its
// deadline does.
type deadlineBody struct{}

func (deadlineBody) Read([]byte) (int, error) { return 0, os.ErrDeadlineExceeded }

// TestMemoryClientBodyDeadline: a request body whose read fails with
// os.ErrDeadlineExceeded, which the wire door takes for the server's read
// timeout and cuts off, fails the in-memory call with that error, as
// net/http's client fails a request whose body it cannot read; it is no
// response of status 0.
func TestMemoryClientBodyDeadline(t *testing.T) {
	f := New()
	req, err := http.NewRequest(http.MethodPost, fakeEndpoint, io.NopCloser(deadlineBody{}))
	require.NoError(t, err)
	req.Header.Set("Content-Type", wire.JSONContentType)
	req.Header.Set("X-Amz-Target", "Kinesis_20131202.ListStreams")
	signRequest(req)
	resp, err := memoryClient{h: wireHandler{f: f}}.Do(req)
	if err == nil {
		t.Fatalf("answered %d %q", resp.StatusCode, resp.Status)
	}
	assert.ErrorIs(t, err, os.ErrDeadlineExceeded)
}
