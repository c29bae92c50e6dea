package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake"
)

// credentials are what the tests' clients sign with: the door checks that
// requests are signed, as AWS does.
var credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
	return kinesisfake.TestCredentials, nil
})

// signed marks req as signed well enough for a server that checks no
// secret: an Authorization header with every part, and its date.
func signed(req *http.Request) {
	req.Header.Set("X-Amz-Date", time.Now().UTC().Format("20060102T150405Z"))
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+kinesisfake.TestCredentials.AccessKeyID+"/20250601/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=00")
}

// TestServe serves a fake on a free port, answers a raw ListStreams, and
// stops cleanly when its context ends.
func TestServe(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, logRequests(kinesisfake.New().Handler()), func() {}, defaultTimeouts) }()

	resp, err := http.DefaultClient.Do(request(t, http.MethodPost, "http://"+ln.Addr().String()+"/", "ListStreams", strings.NewReader(`{}`)))
	require.NoError(t, err)
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.JSONEq(t, `{"HasMoreStreams":false,"StreamNames":[],"StreamSummaries":[]}`, string(body))

	cancel()
	assert.NoError(t, <-done)
}

// startServer serves a fake made from the server's flags (args) on a free
// port, with its admin routes, and returns the fake and its URL; it stops
// when the test ends.
func startServer(t *testing.T, args ...string) (*kinesisfake.Fake, string) {
	t.Helper()
	return startServerWith(t, defaultTimeouts, args...)
}

// startServerWith is startServer with the given timeouts.
func startServerWith(t *testing.T, to timeouts, args ...string) (*kinesisfake.Fake, string) {
	t.Helper()
	cfg, err := parseFlags(flag.NewFlagSet("kinesisfake-server", flag.ContinueOnError), args, func(string) string { return "" })
	require.NoError(t, err)
	f := cfg.newFake()
	require.NoError(t, cfg.createStreams(f))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, f.ServerHandler(), f.ExpireSubscriptions, to) }()
	t.Cleanup(func() {
		cancel()
		assert.NoError(t, <-done)
	})
	return f, "http://" + ln.Addr().String()
}

// TestSubscribeOverH2C: the server speaks HTTP/2 without TLS with prior
// knowledge, as the Java SDK's Netty client does for SubscribeToShard, and
// streams the events over it as they come.
func TestSubscribeOverH2C(t *testing.T) {
	f, url := startServer(t, "-consumer-delay", "0")
	tr := &http.Transport{Protocols: new(http.Protocols)}
	tr.Protocols.SetUnencryptedHTTP2(true)
	t.Cleanup(tr.CloseIdleConnections) // before the server shuts down
	var proto string
	hc := kinesisfake.SDKHTTPClient(protoRecorder{rt: tr, proto: &proto})
	client := kinesis.New(kinesis.Options{Region: "us-east-1", Credentials: credentials, BaseEndpoint: &url, HTTPClient: hc, Retryer: aws.NopRetryer{}})
	ctx := context.Background()
	streamARN := f.CreateStreamT(t, "s", 1)
	reg, err := client.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: &streamARN, ConsumerName: aws.String("app")})
	require.NoError(t, err)
	out, err := client.SubscribeToShard(ctx, &kinesis.SubscribeToShardInput{ConsumerARN: reg.Consumer.ConsumerARN, ShardId: aws.String("shardId-000000000000"),
		StartingPosition: &types.StartingPosition{Type: types.ShardIteratorTypeLatest}})
	require.NoError(t, err)
	assert.Equal(t, "HTTP/2.0", proto)
	stream := out.GetStream()
	defer stream.Close()
	for _, data := range []string{"a", "b"} {
		_, err := client.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte(data)})
		require.NoError(t, err)
		select {
		case ev := <-stream.Events():
			e := ev.(*types.SubscribeToShardEventStreamMemberSubscribeToShardEvent).Value
			require.Len(t, e.Records, 1)
			assert.Equal(t, data, string(e.Records[0].Data))
		case <-time.After(10 * time.Second):
			t.Fatal("no event")
		}
	}
}

// protoRecorder is an HTTP client that notes the protocol of the last
// response.
type protoRecorder struct {
	rt    http.RoundTripper
	proto *string
}

// Do sends req and records its response's protocol.
func (c protoRecorder) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.rt.RoundTrip(req)
	if err == nil {
		*c.proto = resp.Proto
	}
	return resp, err
}

// TestServerFlags: the flags set the state delays (one for all, or each on
// its own), the consumers' CREATING time and the shard quota.
func TestServerFlags(t *testing.T) {
	ctx := context.Background()
	f, _ := startServer(t, "-delays", "1m", "-update-delay", "2m", "-consumer-delay", "3s", "-shard-limit", "3", "-no-limits")
	_, err := f.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(2)})
	require.NoError(t, err)
	sum, err := f.DescribeStreamSummary(ctx, &kinesis.DescribeStreamSummaryInput{StreamName: aws.String("s")})
	require.NoError(t, err)
	assert.Equal(t, types.StreamStatusCreating, sum.StreamDescriptionSummary.StreamStatus, "-delays")
	_, err = f.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("t"), ShardCount: aws.Int32(2)})
	var limit *types.LimitExceededException
	require.ErrorAs(t, err, &limit, "-shard-limit 3")

	streamARN := f.CreateStreamT(t, "u", 1)
	reg, err := f.RegisterStreamConsumer(ctx, &kinesis.RegisterStreamConsumerInput{StreamARN: &streamARN, ConsumerName: aws.String("app")})
	require.NoError(t, err)
	d, err := f.DescribeStreamConsumer(ctx, &kinesis.DescribeStreamConsumerInput{ConsumerARN: reg.Consumer.ConsumerARN})
	require.NoError(t, err)
	assert.Equal(t, types.ConsumerStatusCreating, d.ConsumerDescription.ConsumerStatus, "-consumer-delay")
}

// childEnv marks a run of this test binary as the server of
// TestSeparateProcessServer, and holds the server's arguments.
const childEnv = "KINESISFAKE_SERVER_CHILD"

// TestMain runs main instead of the tests in the child process of
// TestSeparateProcessServer.
func TestMain(m *testing.M) {
	if args := os.Getenv(childEnv); args != "" {
		os.Args = append([]string{"kinesisfake-server"}, strings.Fields(args)...)
		main()
		return
	}
	os.Exit(m.Run())
}

// TestSeparateProcessServer: a Go SDK client (no retries) reads a stream
// through a server in another process, 2,000 GetRecords of 100 100-byte
// records in a row, and every call succeeds. Without SDKHTTPClient's fix
// about one call in a hundred failed with "use of closed network
// connection" (see kinesisfake.SDKHTTPClient). The server exits 0 on
// SIGINT.
func TestSeparateProcessServer(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=-addr 127.0.0.1:0 -no-limits")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		assert.NoError(t, cmd.Wait(), "a clean exit on SIGINT")
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	url := strings.TrimSpace(strings.TrimPrefix(line, "kinesisfake serving Kinesis at "))

	ctx := context.Background()
	client := kinesis.New(kinesis.Options{Region: "us-east-1", Credentials: credentials, BaseEndpoint: &url,
		HTTPClient: kinesisfake.SDKHTTPClient(nil), RetryMaxAttempts: 1})
	_, err = client.CreateStream(ctx, &kinesis.CreateStreamInput{StreamName: aws.String("s"), ShardCount: aws.Int32(1)})
	require.NoError(t, err)
	entries := make([]types.PutRecordsRequestEntry, 500)
	for i := range entries {
		entries[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String("k"), Data: make([]byte, 100)}
	}
	for range 8 {
		_, err := client.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: entries})
		require.NoError(t, err)
	}
	calls, failed := 0, 0
	for calls < 2000 {
		it, err := client.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000000"), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
		require.NoError(t, err)
		for iter := it.ShardIterator; iter != nil && calls < 2000; calls++ {
			out, err := client.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iter, Limit: aws.Int32(100)})
			if err != nil {
				failed++
				t.Log(err)
				break
			}
			if len(out.Records) == 0 {
				break
			}
			iter = out.NextShardIterator
		}
	}
	assert.Zero(t, failed, "of %d GetRecords calls", calls)
}

// TestLogRequestsCutOff: -v logs a request the handler cut off without an
// answer, and the cut still reaches net/http, which closes the connection.
func TestLogRequestsCutOff(t *testing.T) {
	var logged bytes.Buffer
	log.SetOutput(&logged)
	defer log.SetOutput(os.Stderr)
	h := logRequests(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) }))
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("{"))
	req.Header.Set("X-Amz-Target", "Kinesis_20131202.PutRecord")
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() { h.ServeHTTP(httptest.NewRecorder(), req) })
	assert.Contains(t, logged.String(), "HTTP/1.1 POST Kinesis_20131202.PutRecord -> cut off (")
}

// TestAnswerWithoutAWriteTimeout: a write timeout of 0 is none, as
// net/http's is: the answer is written, not cut off at once.
func TestAnswerWithoutAWriteTimeout(t *testing.T) {
	srv := httptest.NewServer(answerDeadline(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, strings.Repeat("ok", 1<<20))
	}), 0))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, 2<<20, len(body))
}
