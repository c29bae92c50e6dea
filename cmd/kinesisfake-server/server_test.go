package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake"
)

// call sends a raw request to the server at url and returns the status and
// body.
func call(t *testing.T, method, url, target, body string) (int, string) {
	t.Helper()
	return callOn(t, http.DefaultClient, method, url, target, body)
}

// callOn is call with the given client.
func callOn(t *testing.T, client *http.Client, method, url, target, body string) (int, string) {
	t.Helper()
	resp, err := client.Do(request(t, method, url, target, strings.NewReader(body)))
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

// request is a request to url; with a target, a signed JSON call of that
// operation.
func request(t *testing.T, method, url, target string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	require.NoError(t, err)
	if target != "" {
		req.Header.Set("X-Amz-Target", "Kinesis_20131202."+target)
		req.Header.Set("Content-Type", "application/x-amz-json-1.1")
		signed(req)
	}
	return req
}

// TestAdminRoutes: health, reset and the manual clock, under a prefix no
// AWS client sends.
func TestAdminRoutes(t *testing.T) {
	f, url := startServer(t, "-manual-clock", "-clock-start", "2025-06-01T12:00:00Z", "-streams", "orders:2")

	status, body := call(t, http.MethodGet, url+"/_kinesisfake/health", "", "")
	assert.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `{"status":"ok"}`, body)

	status, body = call(t, http.MethodGet, url+"/_kinesisfake/clock", "", "")
	assert.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `{"now":"2025-06-01T12:00:00Z","manual":true}`, body)
	status, body = call(t, http.MethodPost, url+"/_kinesisfake/clock/advance?by=90s", "", "")
	assert.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `{"now":"2025-06-01T12:01:30Z","manual":true}`, body)
	status, body = call(t, http.MethodPost, url+"/_kinesisfake/clock/set?to=2025-06-02T00:00:00.5Z", "", "")
	assert.Equal(t, http.StatusOK, status)
	assert.JSONEq(t, `{"now":"2025-06-02T00:00:00.5Z","manual":true}`, body)
	status, _ = call(t, http.MethodPost, url+"/_kinesisfake/clock/advance?by=soon", "", "")
	assert.Equal(t, http.StatusBadRequest, status)
	status, _ = call(t, http.MethodGet, url+"/_kinesisfake/clock/advance?by=1s", "", "")
	assert.Equal(t, http.StatusMethodNotAllowed, status)
	status, _ = call(t, http.MethodGet, url+"/_kinesisfake/nope", "", "")
	assert.Equal(t, http.StatusNotFound, status)

	// The clock it moved is the Fake's: an iterator issued now expires.
	it, err := f.GetShardIterator(context.Background(), &kinesis.GetShardIteratorInput{StreamName: aws.String("orders"), ShardId: aws.String("shardId-000000000000"), ShardIteratorType: types.ShardIteratorTypeLatest})
	require.NoError(t, err)
	call(t, http.MethodPost, url+"/_kinesisfake/clock/advance?by=6m", "", "")
	status, body = call(t, http.MethodPost, url+"/", "GetRecords", `{"ShardIterator":"`+*it.ShardIterator+`"}`)
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Contains(t, body, "ExpiredIteratorException")

	status, _ = call(t, http.MethodPost, url+"/_kinesisfake/reset", "", "")
	assert.Equal(t, http.StatusOK, status)
	_, body = call(t, http.MethodPost, url+"/", "ListStreams", `{}`)
	assert.JSONEq(t, `{"HasMoreStreams":false,"StreamNames":[],"StreamSummaries":[]}`, body)
}

// TestClockRoutesNeedAManualClock: on the system clock, the clock can be
// read but not moved.
func TestClockRoutesNeedAManualClock(t *testing.T) {
	_, url := startServer(t)
	status, body := call(t, http.MethodGet, url+"/_kinesisfake/clock", "", "")
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, `"manual":false`)
	status, body = call(t, http.MethodPost, url+"/_kinesisfake/clock/advance?by=1s", "", "")
	assert.Equal(t, http.StatusConflict, status)
	assert.Contains(t, body, "-manual-clock")
}

// TestStreamsAtStart: -streams, or the environment when it is absent,
// names streams that are ACTIVE when the server starts.
func TestStreamsAtStart(t *testing.T) {
	env := func(name string) string {
		if name == streamsEnv {
			return "from-env:3"
		}
		return ""
	}
	for _, tc := range []struct {
		args []string
		want map[string]int
	}{
		{[]string{"-streams", "orders:4, events:1"}, map[string]int{"orders": 4, "events": 1}},
		{nil, map[string]int{"from-env": 3}},
	} {
		cfg, err := parseFlags(flag.NewFlagSet("t", flag.ContinueOnError), tc.args, env)
		require.NoError(t, err)
		f := cfg.newFake()
		require.NoError(t, cfg.createStreams(f))
		for name, shards := range tc.want {
			out, err := f.DescribeStreamSummary(context.Background(), &kinesis.DescribeStreamSummaryInput{StreamName: aws.String(name)})
			require.NoError(t, err)
			assert.Equal(t, types.StreamStatusActive, out.StreamDescriptionSummary.StreamStatus)
			assert.Equal(t, int32(shards), aws.ToInt32(out.StreamDescriptionSummary.OpenShardCount))
		}
	}
	for _, bad := range []string{"orders", "orders:0", ":2", "orders:x"} {
		_, err := parseFlags(flag.NewFlagSet("t", flag.ContinueOnError), []string{"-streams", bad}, env)
		assert.Error(t, err, bad)
	}
	_, err := parseFlags(flag.NewFlagSet("t", flag.ContinueOnError), []string{"-clock-start", "2025-01-01T00:00:00Z"}, env)
	assert.EqualError(t, err, "-clock-start needs -manual-clock")
}

// TestCallLogAndCap: the server keeps no call log unless -call-log asks,
// and -max-bytes caps what it retains.
func TestCallLogAndCap(t *testing.T) {
	f, url := startServer(t, "-streams", "s:1", "-no-limits", "-max-bytes", "1000")
	data := `"` + strings.Repeat("A", 132) + `"` // 99 bytes, 100 with the key
	for i := range 11 {
		status, body := call(t, http.MethodPost, url+"/", "PutRecord", `{"StreamName":"s","PartitionKey":"k","Data":`+data+`}`)
		if i < 10 {
			assert.Equal(t, http.StatusOK, status, body)
		} else {
			assert.Equal(t, http.StatusBadRequest, status)
			assert.Contains(t, body, "ProvisionedThroughputExceededException", "over -max-bytes")
		}
	}
	assert.Empty(t, f.Calls(""), "no call log by default")
	assert.Equal(t, 11, f.CallCount("PutRecord"), "counts are kept")

	f, url = startServer(t, "-call-log", "5")
	for range 7 {
		call(t, http.MethodPost, url+"/", "ListStreams", `{}`)
	}
	assert.Len(t, f.Calls(""), 5)
}

// testTimeouts are short, so that the tests of slow clients are quick.
var testTimeouts = timeouts{
	readHeader: 300 * time.Millisecond,
	read:       600 * time.Millisecond,
	write:      600 * time.Millisecond,
	idle:       time.Second,
	maxHeader:  8 << 10,
	shutdown:   time.Second,
}

// TestBadInputOverTheListener: malformed, oversized and slow requests on a
// real listener each get AWS's error, or are cut off within their timeout,
// and the server serves others meanwhile and afterwards.
func TestBadInputOverTheListener(t *testing.T) {
	_, url := startServerWith(t, testTimeouts, "-streams", "s:1", "-no-limits")
	addr := strings.TrimPrefix(url, "http://")
	raw := func(t *testing.T, request string) string {
		t.Helper()
		conn, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		defer conn.Close()
		require.NoError(t, conn.SetDeadline(time.Now().Add(10*time.Second)))
		_, err = io.WriteString(conn, request)
		require.NoError(t, err)
		b, _ := io.ReadAll(conn)
		return string(b)
	}
	header := "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: Kinesis_20131202.GetRecords\r\nContent-Type: application/x-amz-json-1.1\r\n"
	cases := []struct {
		name  string
		check func(t *testing.T)
	}{
		{"malformed JSON", func(t *testing.T) {
			status, body := call(t, http.MethodPost, url+"/", "GetRecords", `{"ShardIterator":`)
			assert.Equal(t, http.StatusBadRequest, status)
			assert.JSONEq(t, `{"__type":"SerializationException"}`, body)
		}},
		{"a number of a million digits", func(t *testing.T) {
			status, body := call(t, http.MethodPost, url+"/", "GetRecords", `{"ShardIterator":"x","Limit":`+strings.Repeat("9", 1<<20)+`}`)
			assert.Equal(t, http.StatusBadRequest, status)
			assert.JSONEq(t, `{"__type":"SerializationException","Message":"Number value length (1048576) exceeds the maximum allowed (1000)"}`, body)
		}},
		{"a body over 15 MiB, announced", func(t *testing.T) {
			resp := raw(t, header+"Content-Length: 16000000\r\n\r\n{")
			assert.True(t, strings.HasPrefix(resp, "HTTP/1.1 413 "), resp)
		}},
		{"a body over 15 MiB, chunked", func(t *testing.T) {
			body := io.MultiReader(strings.NewReader(`{"ShardIterator":"`), strings.NewReader(strings.Repeat("x", 16<<20)), strings.NewReader(`"}`))
			resp, err := http.DefaultClient.Do(request(t, http.MethodPost, url+"/", "GetRecords", body))
			if err != nil {
				// The server answered 413 and closed the connection while
				// the client was still sending: the client may see the
				// reset before the answer. Either way the body was refused.
				require.True(t, errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE), "%v", err)
				return
			}
			resp.Body.Close()
			assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)
		}},
		{"headers too large", func(t *testing.T) {
			resp := raw(t, header+"X-Big: "+strings.Repeat("x", 16<<10)+"\r\nContent-Length: 2\r\n\r\n{}")
			assert.True(t, strings.HasPrefix(resp, "HTTP/1.1 431 "), resp)
		}},
		{"headers sent too slowly", func(t *testing.T) {
			start := time.Now()
			resp := raw(t, "POST / HTTP/1.1\r\nHost: x\r\n") // and nothing more
			assert.Empty(t, resp, "cut off without an answer")
			assert.Less(t, time.Since(start), 5*time.Second)
		}},
		{"a body sent too slowly", func(t *testing.T) {
			start := time.Now()
			resp := raw(t, header+"Content-Length: 100\r\n\r\n{\"Shard") // 90 bytes short
			assert.Empty(t, resp, "cut off without an answer")
			assert.Less(t, time.Since(start), 5*time.Second)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.check(t)
			status, _ := call(t, http.MethodPost, url+"/", "ListStreams", `{}`)
			assert.Equal(t, http.StatusOK, status, "the server still serves")
		})
	}
}

// shortWrite are the default timeouts but for the write timeout, which is
// testTimeouts': its tests are not cut short by the others on a loaded
// machine.
var shortWrite = func() timeouts {
	to := defaultTimeouts
	to.write = testTimeouts.write
	return to
}()

// TestAnswerAfterTheWriteTimeout: the write timeout bounds how long a
// client takes to read its answer, not how long the fake takes to work it
// out: an answer ready when more than the write timeout has passed since
// the request's headers (here behind a latency fault) still reaches the
// client, over HTTP/1.1 and h2c. (With net/http's WriteTimeout alone, the
// HTTP/1.1 client saw EOF and the h2c stream was reset.)
func TestAnswerAfterTheWriteTimeout(t *testing.T) {
	f, url := startServerWith(t, shortWrite)
	f.InjectFault(kinesisfake.Fault{Op: kinesisfake.OpListStreams, Latency: 2 * shortWrite.write})
	h2c := &http.Transport{Protocols: new(http.Protocols)}
	h2c.Protocols.SetUnencryptedHTTP2(true)
	t.Cleanup(h2c.CloseIdleConnections) // before the server shuts down
	for name, client := range map[string]*http.Client{"HTTP/1.1": http.DefaultClient, "h2c": {Transport: h2c}} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			status, body := callOn(t, client, http.MethodPost, url+"/", "ListStreams", `{}`)
			assert.Equal(t, http.StatusOK, status)
			assert.JSONEq(t, `{"HasMoreStreams":false,"StreamNames":[],"StreamSummaries":[]}`, body)
		})
	}
}

// TestAnswerNotReadIsCutOff: a client that stops reading its answer is
// still cut off within the write timeout of the answer's start: a 10 MiB
// GetRecords, more than the sockets buffer, never reaches a client that
// waits past it before reading.
func TestAnswerNotReadIsCutOff(t *testing.T) {
	f, url := startServerWith(t, shortWrite, "-streams", "s:1", "-no-limits")
	ctx := context.Background()
	for range 10 {
		_, err := f.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: make([]byte, 1000<<10)})
		require.NoError(t, err)
	}
	it, err := f.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String("shardId-000000000000"), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(request(t, http.MethodPost, url+"/", "GetRecords", strings.NewReader(`{"ShardIterator":"`+*it.ShardIterator+`"}`)))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	time.Sleep(3 * shortWrite.write) // not reading
	n, err := io.Copy(io.Discard, resp.Body)
	assert.Error(t, err, "cut off")
	assert.Less(t, n, resp.ContentLength)
}

// TestRefusedRequestsLeaveNothingBehind: large requests the server refuses
// do not stay in its memory (it keeps no call log by default): the heap is
// back at its baseline after them.
func TestRefusedRequestsLeaveNothingBehind(t *testing.T) {
	_, url := startServer(t, "-streams", "s:1", "-no-limits")
	before := heapInUse()
	big := `{"StreamName":"s","PartitionKey":"","Data":"` + strings.Repeat("A", 4<<20) + `"}` // refused: empty key
	for range 20 {
		status, _ := call(t, http.MethodPost, url+"/", "PutRecord", big)
		require.Equal(t, http.StatusBadRequest, status)
	}
	assert.Less(t, heapInUse()-before, int64(16<<20), "20 refused 4 MiB requests leave nothing behind")
}

// heapInUse is the heap the process holds after a collection.
func heapInUse() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapInuse)
}

// TestShutdownWithAStalledRequest: SIGTERM stops the server and it exits 0,
// even with a client stalled in the middle of a request and an open
// SubscribeToShard stream.
func TestShutdownWithAStalledRequest(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=-addr 127.0.0.1:0 -streams s:1 -consumer-delay 0 -shutdown-grace 300ms")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	url := strings.TrimSpace(strings.TrimPrefix(line, "kinesisfake serving Kinesis at "))

	// A stalled request: headers promise a body that never comes.
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	require.NoError(t, err)
	defer conn.Close()
	_, err = fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: Kinesis_20131202.ListStreams\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 10\r\n\r\n{")
	require.NoError(t, err)

	// An open event stream.
	_, body := call(t, http.MethodPost, url+"/", "RegisterStreamConsumer", `{"StreamARN":"arn:aws:kinesis:us-east-1:000000000000:stream/s","ConsumerName":"app"}`)
	var reg struct{ Consumer struct{ ConsumerARN string } }
	require.NoError(t, json.Unmarshal([]byte(body), &reg))
	sub := `{"ConsumerARN":"` + reg.Consumer.ConsumerARN + `","ShardId":"shardId-000000000000","StartingPosition":{"Type":"LATEST"}}`
	resp, err := http.DefaultClient.Do(request(t, http.MethodPost, url+"/", "SubscribeToShard", strings.NewReader(sub)))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)

	start := time.Now()
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	assert.NoError(t, cmd.Wait(), "exit status 0")
	assert.Less(t, time.Since(start), 5*time.Second, "the grace period, not the stalled client, decides")
	_, err = io.ReadAll(resp.Body)
	assert.NoError(t, err, "the event stream ended cleanly")
}

// TestVerifySigV4Flag: -verify-sigv4 makes the server check signatures
// against the keys it names; a request signed with any other is refused.
func TestVerifySigV4Flag(t *testing.T) {
	_, url := startServer(t, "-verify-sigv4", "AKIDUSER:user-secret")
	client := func(id, secret string) *kinesis.Client {
		return kinesis.New(kinesis.Options{Region: "us-east-1", BaseEndpoint: &url, Retryer: aws.NopRetryer{},
			Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
				return aws.Credentials{AccessKeyID: id, SecretAccessKey: secret}, nil
			}), HTTPClient: kinesisfake.SDKHTTPClient(nil)})
	}
	_, err := client("AKIDUSER", "user-secret").ListStreams(context.Background(), &kinesis.ListStreamsInput{})
	require.NoError(t, err)
	_, err = client("AKIDUSER", "guess").ListStreams(context.Background(), &kinesis.ListStreamsInput{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "InvalidSignatureException: The request signature we calculated does not match")

	_, err = parseFlags(flag.NewFlagSet("t", flag.ContinueOnError), []string{"-verify-sigv4", "nosecret"}, func(string) string { return "" })
	assert.Error(t, err)
}

// TestCBORWithAnotherImplementation: the `cbor` npm package, a CBOR
// implementation that knows nothing of kinesisfake, runs a short session
// against the server in CBOR (testdata/cbor-peer.js): requests it encodes
// are understood, answers it decodes carry byte strings, tagged epoch
// milliseconds and AWS's error maps. It needs node and the package (.ci/run
// installs it, NODE_PATH points at it); without them it is skipped.
func TestCBORWithAnotherImplementation(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("no node")
	}
	if out, err := exec.Command(node, "-e", "require('cbor')").CombinedOutput(); err != nil {
		t.Skipf("no cbor npm package (npm install cbor, and set NODE_PATH): %s", out)
	}
	_, url := startServer(t, "-no-limits")
	out, err := exec.Command(node, "testdata/cbor-peer.js", url).CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Equal(t, "ok\n", string(out))
}
