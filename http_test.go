package kinesisfake_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake"
)

// These tests speak to Handler with nothing but net/http, as a client in
// another language would: raw JSON 1.1 requests, raw responses.

// httpEpoch is the manual clock's start in these tests; 1748779200.123 in
// epoch seconds.
var httpEpoch = time.Date(2025, 6, 1, 12, 0, 0, 123_000_000, time.UTC)

// httpServer starts a Fake with stream "s" (1 shard) behind
// httptest.NewServer and returns both.
func httpServer(t *testing.T, opts ...kinesisfake.Option) (*kinesisfake.Fake, *httptest.Server) {
	t.Helper()
	clk := kinesisfake.NewManualClock(httpEpoch)
	f := kinesisfake.New(append([]kinesisfake.Option{kinesisfake.WithClock(clk), kinesisfake.WithCallLogSize(100)}, opts...)...)
	f.CreateStreamT(t, "s", 1)
	srv := httptest.NewServer(f.Handler())
	t.Cleanup(srv.Close)
	return f, srv
}

// rawResponse is what came back from a raw request.
type rawResponse struct {
	status    int
	header    http.Header
	body      string
	requestID string
}

// post sends a JSON 1.1 request for operation op ("" for no X-Amz-Target).
func post(t *testing.T, srv *httptest.Server, op, contentType, body string) rawResponse {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/", strings.NewReader(body))
	require.NoError(t, err)
	if op != "" {
		req.Header.Set("X-Amz-Target", op)
	}
	req.Header.Set("Content-Type", contentType)
	sign(req)
	return do(t, req)
}

// sign marks req as signed well enough for a door that checks no secret:
// an Authorization header with every part, and its date.
func sign(req *http.Request) {
	req.Header.Set("X-Amz-Date", time.Now().UTC().Format("20060102T150405Z"))
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+kinesisfake.TestCredentials.AccessKeyID+"/20250601/us-east-1/kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=00")
}

// do sends req and reads the whole response.
func do(t *testing.T, req *http.Request) rawResponse {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return rawResponse{status: resp.StatusCode, header: resp.Header, body: string(b), requestID: resp.Header.Get("x-amzn-RequestId")}
}

const amzJSON = "application/x-amz-json-1.1"

// TestHTTPRequests covers the protocol: successes, AWS's wire-level errors
// (method, content type, target, JSON), server-side validation of members
// no client checked, and the engine's exceptions.
func TestHTTPRequests(t *testing.T) {
	cases := []struct {
		name        string
		op          string // X-Amz-Target
		contentType string
		body        string
		status      int
		want        string // the body: JSON compared as JSON, anything else as text
	}{
		{"ListStreams", "Kinesis_20131202.ListStreams", amzJSON, `{}`, 200,
			`{"HasMoreStreams":false,"StreamNames":["s"],"StreamSummaries":[{"StreamARN":"arn:aws:kinesis:us-east-1:000000000000:stream/s",` +
				`"StreamName":"s","StreamStatus":"ACTIVE","StreamCreationTimestamp":1748779200,"StreamModeDetails":{"StreamMode":"PROVISIONED"}}]}`},
		{"charset parameter accepted", "Kinesis_20131202.ListStreams", amzJSON + "; charset=utf-8", `{"Limit":1}`, 200,
			`{"HasMoreStreams":false,"StreamNames":["s"],"StreamSummaries":[{"StreamARN":"arn:aws:kinesis:us-east-1:000000000000:stream/s",` +
				`"StreamName":"s","StreamStatus":"ACTIVE","StreamCreationTimestamp":1748779200,"StreamModeDetails":{"StreamMode":"PROVISIONED"}}]}`},
		{"operation without output: empty body", "Kinesis_20131202.AddTagsToStream", amzJSON, `{"StreamName":"s","Tags":{"k":"v"}}`, 200, ``},

		{"required member missing", "Kinesis_20131202.GetRecords", amzJSON, `{}`, 400,
			`{"__type":"ValidationException","message":"1 validation error detected: Value null at 'shardIterator' failed to satisfy constraint: Member must not be null"}`},
		{"required members missing", "Kinesis_20131202.GetShardIterator", amzJSON, `{"StreamName":"s"}`, 400,
			`{"__type":"ValidationException","message":"2 validation errors detected: Value null at 'shardId' failed to satisfy constraint: Member must not be null; ` +
				`Value null at 'shardIteratorType' failed to satisfy constraint: Member must not be null"}`},
		{"nested required member missing", "Kinesis_20131202.PutRecords", amzJSON, `{"StreamName":"s","Records":[{"Data":"aGk="}]}`, 400,
			`{"__type":"ValidationException","message":"1 validation error detected: Value null at 'records.1.member.partitionKey' failed to satisfy constraint: Member must not be null"}`},
		{"constraint", "Kinesis_20131202.GetRecords", amzJSON, `{"ShardIterator":"x","Limit":0}`, 400,
			`{"__type":"ValidationException","message":"1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"}`},
		{"engine exception", "Kinesis_20131202.DescribeStream", amzJSON, `{"StreamName":"nope"}`, 400,
			`{"__type":"ResourceNotFoundException","message":"Stream nope under account 000000000000 not found."}`},
		{"SubscribeToShard error before the stream opens", "Kinesis_20131202.SubscribeToShard", amzJSON,
			`{"ConsumerARN":"arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:1","ShardId":"shardId-000000000000","StartingPosition":{"Type":"LATEST"}}`, 400,
			`{"__type":"ResourceNotFoundException","message":"Consumer c under stream s under account 000000000000 not found."}`},

		{"member of the wrong type", "Kinesis_20131202.GetRecords", amzJSON, `{"ShardIterator":"x","Limit":"5"}`, 400,
			`{"__type":"SerializationException","Message":"class java.lang.String can not be converted to an Integer"}`},
		{"bad base64", "Kinesis_20131202.PutRecord", amzJSON, `{"StreamName":"s","PartitionKey":"a","Data":"abc"}`, 400,
			`{"__type":"SerializationException","Message":"'abc' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 3"}`},
		{"malformed JSON", "Kinesis_20131202.ListStreams", amzJSON, `{"Limit":`, 400, `{"__type":"SerializationException"}`},
		{"empty body", "Kinesis_20131202.ListStreams", amzJSON, ``, 400, `{"__type":"SerializationException"}`},
		{"unknown operation", "Kinesis_20131202.ListTables", amzJSON, `{}`, 400, `{"__type":"UnknownOperationException"}`},
		{"other service", "DynamoDB_20120810.ListStreams", amzJSON, `{}`, 400, `{"__type":"UnknownOperationException"}`},
		{"unknown operation, empty body", "Kinesis_20131202.Nope", amzJSON, ``, 400, `{"__type":"UnknownOperationException"}`},
		{"unknown operation, malformed JSON", "Kinesis_20131202.Nope", amzJSON, `{`, 400, `{"__type":"SerializationException"}`},
		{"no target, no content type", "", "text/plain", `{}`, 403,
			"<AccessDeniedException>\n  <Message>Unable to determine service/operation name to be authorized</Message>\n</AccessDeniedException>\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, srv := httpServer(t)
			resp := post(t, srv, tc.op, tc.contentType, tc.body)
			assert.Equal(t, tc.status, resp.status)
			assert.Regexp(t, `^00000000-0000-4000-8000-[0-9a-f]{12}$`, resp.requestID)
			if strings.HasPrefix(tc.want, "{") {
				assert.Equal(t, amzJSON, resp.header.Get("Content-Type"))
				assert.JSONEq(t, tc.want, resp.body)
				return
			}
			assert.Equal(t, tc.want, resp.body)
		})
	}
}

// TestHTTPMethodNotPost: AWS refuses anything but POST before reading it.
func TestHTTPMethodNotPost(t *testing.T) {
	_, srv := httpServer(t)
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/", nil)
	require.NoError(t, err)
	resp := do(t, req)
	assert.Equal(t, http.StatusForbidden, resp.status)
	assert.Contains(t, resp.body, "<AccessDeniedException>")
}

// TestHTTPRequestTooLarge: a body over maxRequestBytes is refused with 413. (Served
// without a socket: a server that answers before reading a large body may
// reset the connection under the client.)
func TestHTTPRequestTooLarge(t *testing.T) {
	f := kinesisfake.New()
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"Data":"`+strings.Repeat("A", 15<<20)+`"}`))
	req.Header.Set("X-Amz-Target", "Kinesis_20131202.PutRecord")
	sign(req)
	req.Header.Set("Content-Type", amzJSON)
	rec := httptest.NewRecorder()
	f.Handler().ServeHTTP(rec, req)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	assert.Zero(t, f.CallCount(""))
}

// TestHTTPRecordsRoundTrip writes and reads a record over raw HTTP: blobs
// travel in base64, timestamps in epoch seconds, and the stored record is
// the one the direct door sees.
func TestHTTPRecordsRoundTrip(t *testing.T) {
	f, srv := httpServer(t)
	put := post(t, srv, "Kinesis_20131202.PutRecord", amzJSON, `{"StreamName":"s","PartitionKey":"k","Data":"AAH/"}`)
	require.Equal(t, http.StatusOK, put.status, put.body)
	var putOut struct{ ShardId, SequenceNumber string }
	require.NoError(t, json.Unmarshal([]byte(put.body), &putOut))
	assert.Equal(t, "shardId-000000000000", putOut.ShardId)
	// Exactly these members, as kinesalite's suite saw them from production
	// Kinesis: no EncryptionType on an unencrypted stream.
	var members map[string]any
	require.NoError(t, json.Unmarshal([]byte(put.body), &members))
	assert.Len(t, members, 2, put.body)

	stored := f.Records("s", "shardId-000000000000")
	require.Len(t, stored, 1)
	assert.Equal(t, []byte{0, 1, 255}, stored[0].Data)
	assert.Equal(t, putOut.SequenceNumber, aws.ToString(stored[0].SequenceNumber))

	it := post(t, srv, "Kinesis_20131202.GetShardIterator", amzJSON,
		`{"StreamName":"s","ShardId":"shardId-000000000000","ShardIteratorType":"AT_TIMESTAMP","Timestamp":1748779200.123}`)
	require.Equal(t, http.StatusOK, it.status, it.body)
	var itOut struct{ ShardIterator string }
	require.NoError(t, json.Unmarshal([]byte(it.body), &itOut))

	get := post(t, srv, "Kinesis_20131202.GetRecords", amzJSON, `{"ShardIterator":"`+itOut.ShardIterator+`"}`)
	require.Equal(t, http.StatusOK, get.status, get.body)
	var getOut map[string]any
	require.NoError(t, json.Unmarshal([]byte(get.body), &getOut))
	assert.Equal(t, []any{map[string]any{
		"Data": "AAH/", "PartitionKey": "k", "SequenceNumber": putOut.SequenceNumber, "ApproximateArrivalTimestamp": 1748779200.123,
	}}, getOut["Records"])
	assert.Equal(t, float64(0), getOut["MillisBehindLatest"])
	assert.NotEmpty(t, getOut["NextShardIterator"])
}

// TestHTTPStreamCreationTimestampFromBoto3 sends what boto3 sends when a
// Python program passes a stream's StreamCreationTimestamp back: whole
// epoch seconds, an integer (botocore's default precision for Kinesis). It
// names the stream made at 1748779200.123, whose creation time the fake
// reports as AWS does, in whole seconds.
func TestHTTPStreamCreationTimestampFromBoto3(t *testing.T) {
	_, srv := httpServer(t)
	sum := post(t, srv, "Kinesis_20131202.DescribeStreamSummary", amzJSON, `{"StreamName":"s"}`)
	require.Equal(t, http.StatusOK, sum.status, sum.body)
	assert.Contains(t, sum.body, `"StreamCreationTimestamp":1748779200,`)

	shards := post(t, srv, "Kinesis_20131202.ListShards", amzJSON, `{"StreamName":"s","StreamCreationTimestamp":1748779200}`)
	require.Equal(t, http.StatusOK, shards.status, shards.body)
	assert.Contains(t, shards.body, `"ShardId":"shardId-000000000000"`)
	consumers := post(t, srv, "Kinesis_20131202.ListStreamConsumers", amzJSON,
		`{"StreamARN":"arn:aws:kinesis:us-east-1:000000000000:stream/s","StreamCreationTimestamp":1748779200}`)
	assert.Equal(t, http.StatusOK, consumers.status, consumers.body)

	other := post(t, srv, "Kinesis_20131202.ListShards", amzJSON, `{"StreamName":"s","StreamCreationTimestamp":1748779199}`)
	assert.Equal(t, http.StatusBadRequest, other.status, other.body)
	assert.Contains(t, other.body, `"__type":"ResourceNotFoundException"`)
}

// TestHTTPCallLog: calls over HTTP are logged like direct ones, each error
// as the real client would return it, with the request id the response
// carried. A request that never reached an operation is not logged.
func TestHTTPCallLog(t *testing.T) {
	f, srv := httpServer(t)
	f.ResetCalls()
	ok := post(t, srv, "Kinesis_20131202.ListStreams", amzJSON, `{}`)
	failed := post(t, srv, "Kinesis_20131202.DescribeStream", amzJSON, `{"StreamName":"nope"}`)
	post(t, srv, "Kinesis_20131202.DescribeStream", amzJSON, `{"StreamName":5}`)
	post(t, srv, "Kinesis_20131202.Nope", amzJSON, `{}`)

	calls := f.Calls("")
	require.Len(t, calls, 2)
	assert.Equal(t, "ListStreams", calls[0].Op)
	assert.NoError(t, calls[0].Err)
	assert.Equal(t, &kinesis.DescribeStreamInput{StreamName: aws.String("nope")}, calls[1].Input)
	var respErr *awshttp.ResponseError
	require.ErrorAs(t, calls[1].Err, &respErr)
	assert.Equal(t, failed.requestID, respErr.RequestID)
	assert.NotEqual(t, ok.requestID, failed.requestID)
	assert.Equal(t, "operation error Kinesis: DescribeStream, https response error StatusCode: 400, RequestID: "+failed.requestID+
		", ResourceNotFoundException: Stream nope under account 000000000000 not found.", calls[1].Err.Error())
}

// TestHTTPFaults: injected faults fire over HTTP as over the direct door,
// with the same exception and text; a Fault.Err that is no AWS error, and a
// panic inside the fake, are 500 InternalFailure.
func TestHTTPFaults(t *testing.T) {
	cases := []struct {
		name   string
		fault  kinesisfake.Fault
		status int
		want   string
	}{
		{"ready-made", kinesisfake.Fault{Op: "DescribeStreamSummary", Err: kinesisfake.ErrLimitExceeded}, 400,
			`{"__type":"LimitExceededException","message":"Rate exceeded for stream s under account 000000000000."}`},
		{"server fault", kinesisfake.Fault{Op: "DescribeStreamSummary", Err: kinesisfake.ErrInternalFailure}, 500,
			`{"__type":"InternalFailure"}`},
		{"not an AWS error", kinesisfake.Fault{Op: "DescribeStreamSummary", Err: errors.New("disk on fire")}, 500,
			`{"__type":"InternalFailure","message":"disk on fire"}`},
		{"panic", kinesisfake.Fault{Op: "DescribeStreamSummary", Match: func(any) bool { panic("bug") }}, 500,
			`{"__type":"InternalFailure","message":"kinesisfake: panic serving Kinesis_20131202.DescribeStreamSummary: bug"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, srv := httpServer(t)
			h := f.InjectFault(tc.fault)
			resp := post(t, srv, "Kinesis_20131202.DescribeStreamSummary", amzJSON, `{"StreamName":"s"}`)
			assert.Equal(t, tc.status, resp.status)
			assert.JSONEq(t, tc.want, resp.body)
			if tc.fault.Match == nil {
				assert.Equal(t, 1, h.Fired())
			}
		})
	}
}

// TestHTTPSameTextAsDirectDoor: a fault's text over HTTP is the direct
// door's, here one that names the call's own stream and shard.
func TestHTTPSameTextAsDirectDoor(t *testing.T) {
	f, srv := httpServer(t)
	f.InjectFault(kinesisfake.Fault{Op: "GetShardIterator", Err: kinesisfake.ErrProvisionedThroughputExceeded})
	resp := post(t, srv, "Kinesis_20131202.GetShardIterator", amzJSON, `{"StreamName":"s","ShardId":"shardId-0","ShardIteratorType":"LATEST"}`)
	_, direct := f.GetShardIterator(context.Background(), &kinesis.GetShardIteratorInput{
		StreamName: aws.String("s"), ShardId: aws.String("shardId-0"), ShardIteratorType: "LATEST",
	})
	require.Error(t, direct)
	var body struct {
		Type    string `json:"__type"`
		Message string `json:"message"`
	}
	require.NoError(t, json.Unmarshal([]byte(resp.body), &body))
	assert.Equal(t, "ProvisionedThroughputExceededException", body.Type)
	assert.Equal(t, "Rate exceeded for Shard - 000000000000/s/shardId-000000000000", body.Message)
	assert.True(t, strings.HasSuffix(direct.Error(), body.Type+": "+body.Message), direct.Error())
}

// TestHTTPEmptyRequestNeverPanics sends every operation an empty object,
// which no SDK would send: each must answer with AWS's validation (or the
// operation's own) error, never a 500 from a panic in the engine.
func TestHTTPEmptyRequestNeverPanics(t *testing.T) {
	_, srv := httpServer(t)
	api := reflect.TypeFor[kinesisfake.KinesisAPI]()
	for i := 0; i < api.NumMethod(); i++ {
		op := api.Method(i).Name
		if op == "Options" {
			continue
		}
		resp := post(t, srv, "Kinesis_20131202."+op, amzJSON, `{}`)
		assert.NotEqual(t, http.StatusInternalServerError, resp.status, "%s: %s", op, resp.body)
	}
}

// TestHTTPEmptyEnum: an enum member given as "" is AWS's enum error naming
// the value ”, not a missing member (FIDELITY.md: `Value ” at
// 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum
// value set: [...]`), whatever the enum.
func TestHTTPEmptyEnum(t *testing.T) {
	_, srv := httpServer(t)
	cases := []struct{ op, body, want string }{
		{"GetShardIterator", `{"StreamName":"s","ShardId":"shardId-000000000000","ShardIteratorType":""}`,
			`1 validation error detected: Value '' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]`},
		// AWS's texts for these were not recorded: the list of values is
		// the model's, in Java's HashSet order as in the text above.
		{"UpdateShardCount", `{"StreamName":"s","TargetShardCount":2,"ScalingType":""}`,
			`1 validation error detected: Value '' at 'scalingType' failed to satisfy constraint: Member must satisfy enum value set: [`},
		{"ListShards", `{"StreamName":"s","ShardFilter":{"Type":""}}`,
			`1 validation error detected: Value '' at 'shardFilter.type' failed to satisfy constraint: Member must satisfy enum value set: [`},
		{"StartStreamEncryption", `{"StreamName":"s","EncryptionType":"","KeyId":"k"}`,
			`1 validation error detected: Value '' at 'encryptionType' failed to satisfy constraint: Member must satisfy enum value set: [`},
	}
	for _, tc := range cases {
		t.Run(tc.op, func(t *testing.T) {
			resp := post(t, srv, "Kinesis_20131202."+tc.op, amzJSON, tc.body)
			assert.Equal(t, http.StatusBadRequest, resp.status)
			var body map[string]string
			require.NoError(t, json.Unmarshal([]byte(resp.body), &body))
			assert.Equal(t, "ValidationException", body["__type"])
			assert.True(t, strings.HasPrefix(body["message"], tc.want), body["message"])
			assert.NotContains(t, body["message"], "null")
		})
	}
}
