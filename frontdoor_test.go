package kinesisfake_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/smithy-go/encoding/cbor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kinesisfake/kinesisfake"
)

// The front door: what AWS answers before any operation runs, and in what
// order it checks, as kinesalite's test/connection.js recorded it against
// production Kinesis (its 2019 revision, "Bring connection behaviour up to
// date with production"), with FIDELITY.md's texts.

// accessDeniedXML is the front end's answer when it cannot tell the
// operation.
const accessDeniedXML = "<AccessDeniedException>\n  <Message>Unable to determine service/operation name to be authorized</Message>\n</AccessDeniedException>\n"

// frontDoorCase is one request to the front door and what AWS answers.
type frontDoorCase struct {
	name    string
	method  string            // default POST
	query   string            // appended to the URL
	header  map[string]string // request headers
	signed  bool              // with a complete Authorization header
	body    string
	status  int
	ctype   string // the answer's Content-Type; "" for none
	want    string // the body: JSON or CBOR compared as data (CBOR given as JSON), anything else as text
	headers map[string]string
	absent  []string // headers the answer must not have
}

const listStreams = "Kinesis_20131202.ListStreams"

func TestFrontDoor(t *testing.T) {
	json11 := map[string]string{"Content-Type": amzJSON, "X-Amz-Target": listStreams}
	with := func(base map[string]string, kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	cases := []frontDoorCase{
		// Methods.
		{name: "GET", method: http.MethodGet, status: 403, want: accessDeniedXML, absent: []string{"Content-Type"}},
		{name: "PUT", method: http.MethodPut, header: json11, signed: true, body: "{}", status: 403, want: accessDeniedXML},
		{name: "DELETE", method: http.MethodDelete, status: 403, want: accessDeniedXML},
		{name: "OPTIONS without Origin", method: http.MethodOptions, status: 403, want: accessDeniedXML},

		// CORS.
		{name: "preflight", method: http.MethodOptions,
			header: map[string]string{"Origin": "https://app.example", "Access-Control-Request-Headers": "a, b, c", "Access-Control-Request-Method": "PUT"},
			status: 200, want: "", headers: map[string]string{"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "a, b, c",
				"Access-Control-Allow-Methods": "PUT", "Access-Control-Max-Age": "172800", "Content-Length": "0"},
			absent: []string{"x-amz-id-2", "Content-Type"}},
		{name: "preflight, signed, asking nothing", method: http.MethodOptions, header: map[string]string{"Origin": "x"}, signed: true,
			status: 200, want: "", headers: map[string]string{"Access-Control-Allow-Origin": "*", "Access-Control-Max-Age": "172800"},
			absent: []string{"Access-Control-Allow-Headers", "Access-Control-Allow-Methods", "x-amz-id-2"}},
		{name: "a request with an Origin", header: with(json11, "Origin", "https://app.example"), signed: true, body: "{}",
			status: 200, ctype: amzJSON, want: `{"HasMoreStreams":false,"StreamNames":[],"StreamSummaries":[]}`,
			headers: map[string]string{"Access-Control-Allow-Origin": "*",
				"Access-Control-Expose-Headers": "x-amzn-RequestId,x-amzn-ErrorType,x-amz-request-id,x-amz-id-2,x-amzn-ErrorMessage,Date"}},

		// An empty body: 400, in JSON for JSON 1.1, in CBOR for anything else, before the signature.
		{name: "empty body, no content type, no target", status: 400, ctype: cborType, want: `{"__type":"UnknownOperationException"}`},
		{name: "empty body, no content type", header: map[string]string{"X-Amz-Target": listStreams}, status: 400, ctype: cborType, want: `{"__type":"SerializationException"}`},
		{name: "empty body, JSON 1.0", header: map[string]string{"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": listStreams}, status: 400, ctype: cborType, want: `{"__type":"SerializationException"}`},
		{name: "empty body, plain JSON", header: map[string]string{"Content-Type": "application/json", "X-Amz-Target": listStreams}, status: 400, ctype: cborType, want: `{"__type":"SerializationException"}`},
		{name: "empty body, JSON 1.1", header: json11, status: 400, ctype: amzJSON, want: `{"__type":"SerializationException"}`},
		{name: "empty body, JSON 1.1, unknown operation", header: with(json11, "X-Amz-Target", "Kinesis_20131202.ListStream"), status: 400, ctype: amzJSON, want: `{"__type":"UnknownOperationException"}`},
		{name: "empty body, CBOR, no target", header: map[string]string{"Content-Type": cborType}, status: 400, ctype: cborType, want: `{"__type":"UnknownOperationException"}`},

		// A body of an unknown content type.
		{name: "form content type, no target", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}, body: "a=b",
			status: 403, want: accessDeniedXML},
		{name: "JSON 1.0, a target without an operation", header: map[string]string{"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": "Kinesis_20131202."}, body: "{}",
			status: 403, want: accessDeniedXML},
		{name: "JSON 1.0, a target", header: map[string]string{"Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": listStreams}, body: "{}",
			status: 404, want: "<UnknownOperationException/>\n"},

		// Plain JSON: the front end's own envelope.
		{name: "plain JSON, not JSON", header: map[string]string{"Content-Type": "application/json", "X-Amz-Target": listStreams}, body: "hello",
			status: 400, ctype: "application/json", want: `{"Output":{"__type":"com.amazon.coral.service#SerializationException"},"Version":"1.0"}`},
		{name: "plain JSON, an object", header: map[string]string{"Content-Type": "     application/json     ;", "X-Amz-Target": listStreams}, body: "{}",
			status: 404, ctype: "application/json", want: `{"Output":{"__type":"com.amazon.coral.service#UnknownOperationException"},"Version":"1.0"}`},

		// JSON 1.1 bodies that are not an object.
		{name: "not JSON", header: json11, body: "hello", status: 400, ctype: amzJSON, want: `{"__type":"SerializationException"}`},
		{name: "null", header: json11, body: "null", status: 400, ctype: amzJSON, want: `{"__type":"SerializationException"}`},
		{name: "true, unknown operation", header: with(json11, "X-Amz-Target", "Whatever"), body: "true", status: 400, ctype: amzJSON, want: `{"__type":"SerializationException"}`},
		{name: "unknown operation", header: with(json11, "X-Amz-Target", "Kinesis_20131202.ListStream"), body: "{}", status: 400, ctype: amzJSON, want: `{"__type":"UnknownOperationException"}`},

		// The signature: checked after the target, before the members.
		{name: "unsigned", header: json11, body: "{}", status: 400, ctype: amzJSON,
			want: `{"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}`},
		{name: "unsigned, CBOR", header: map[string]string{"Content-Type": cborType, "X-Amz-Target": listStreams}, body: "\xbf\xff", status: 400, ctype: cborType,
			want: `{"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}`},
		{name: "a query parameter that is not X-Amz-Algorithm", header: json11, query: "?X-Amz-Algorith&X-Amz-Credential=a", body: "{}", status: 400, ctype: amzJSON,
			want: `{"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}`},
		{name: "an Authorization of one word", header: with(json11, "Authorization", "X"), body: "{}", status: 400, ctype: amzJSON,
			want: `{"__type":"IncompleteSignatureException","message":"Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=X"}`},
		{name: "an Authorization without SignedHeaders", header: with(json11, "Authorization", "AWS4- Signature=b,Credential=a", "Date", "Mon, 02 Jan 2006 15:04:05 GMT"), body: "{}", status: 400, ctype: amzJSON,
			want: `{"__type":"IncompleteSignatureException","message":"Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4- Signature=b,Credential=a"}`},
		{name: "both Authorization and a query signature", header: json11, signed: true, query: "?X-Amz-Algorithm", body: "{}", status: 400, ctype: amzJSON,
			want: `{"__type":"InvalidSignatureException","message":"Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."}`},
		{name: "an empty query signature", header: json11, query: "?X-Amz-Algorithm", body: "{}", status: 400, ctype: amzJSON,
			want: `{"__type":"IncompleteSignatureException","message":"AWS query-string parameters must include 'X-Amz-Algorithm'. AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters."}`},
		{name: "a query signature without SignedHeaders", header: json11, query: "?X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d", body: "{}", status: 400, ctype: amzJSON,
			want: `{"__type":"IncompleteSignatureException","message":"AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters."}`},

		// Past the front door.
		{name: "a spaced content type with a parameter", header: with(json11, "Content-Type", "   application/x-amz-json-1.1   ;x"), signed: true, body: "{}",
			status: 200, ctype: amzJSON, want: `{"HasMoreStreams":false,"StreamNames":[],"StreamSummaries":[]}`},
		{name: "CBOR", header: map[string]string{"Content-Type": cborType, "X-Amz-Target": listStreams}, signed: true, body: "\xbf\xff",
			status: 200, ctype: cborType, want: `{"HasMoreStreams":false,"StreamNames":[],"StreamSummaries":[]}`},
	}
	srv := httptest.NewServer(kinesisfake.New().Handler())
	defer srv.Close()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			method := tc.method
			if method == "" {
				method = http.MethodPost
			}
			req, err := http.NewRequest(method, srv.URL+"/"+tc.query, strings.NewReader(tc.body))
			require.NoError(t, err)
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			if tc.signed {
				sign(req)
			}
			resp := do(t, req)
			assert.Equal(t, tc.status, resp.status)
			assert.Equal(t, tc.ctype, resp.header.Get("Content-Type"))
			assert.Equal(t, strconv.Itoa(len(resp.body)), resp.header.Get("Content-Length"))
			assert.Regexp(t, `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`, resp.requestID)
			if !contains(tc.absent, "x-amz-id-2") {
				assert.Len(t, resp.header.Get("x-amz-id-2"), 96, "base64 of 72 bytes, as AWS's")
			}
			for k, v := range tc.headers {
				assert.Equal(t, v, resp.header.Get(k), k)
			}
			for _, k := range tc.absent {
				assert.Empty(t, resp.header.Values(k), k)
			}
			switch tc.ctype {
			case cborType:
				v, err := cbor.Decode([]byte(resp.body))
				require.NoError(t, err, "%x", resp.body)
				assert.JSONEq(t, tc.want, cborJSON(t, v))
			case amzJSON, "application/json":
				assert.JSONEq(t, tc.want, resp.body)
			default:
				assert.Equal(t, tc.want, resp.body)
			}
		})
	}
}

// cborType is CBOR 1.1's content type.
const cborType = "application/x-amz-cbor-1.1"

// contains reports whether list holds s.
func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// cborJSON renders a decoded CBOR value of maps, lists, strings and
// booleans as JSON, to compare with expectations written in JSON. Any other
// kind (a number, a blob, a tag, a null...) fails the test: rendered as
// some stand-in it could pass for what it is not.
func cborJSON(t *testing.T, v cbor.Value) string {
	t.Helper()
	var plain func(cbor.Value) any
	plain = func(v cbor.Value) any {
		switch v := v.(type) {
		case cbor.Map:
			m := map[string]any{}
			for k, item := range v {
				m[k] = plain(item)
			}
			return m
		case cbor.List:
			l := []any{}
			for _, item := range v {
				l = append(l, plain(item))
			}
			return l
		case cbor.String:
			return string(v)
		case cbor.Bool:
			return bool(v)
		default:
			t.Fatalf("cborJSON renders no CBOR %T (%#v): give it a case", v, v)
			return nil
		}
	}
	b, err := json.Marshal(plain(v))
	require.NoError(t, err)
	return string(b)
}

// TestSignatureVerification: with WithSignatureVerification, the door
// verifies SigV4 as AWS does: the key must be known, the date within 5
// minutes of now (FIDELITY.md's texts), the signature right; the real
// client signing with a known key gets through.
func TestSignatureVerification(t *testing.T) {
	f := kinesisfake.New(kinesisfake.WithSignatureVerification(map[string]string{"AKIDUSER": "user-secret"}))
	srv := httptest.NewServer(f.Handler())
	defer srv.Close()

	client := kinesis.New(kinesis.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Retryer: aws.NopRetryer{},
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "AKIDUSER", SecretAccessKey: "user-secret"}, nil
		}), HTTPClient: kinesisfake.SDKHTTPClient(srv.Client())})
	_, err := client.ListStreams(context.Background(), &kinesis.ListStreamsInput{})
	require.NoError(t, err, "the SDK's own signature")
	_, err = f.Client().ListStreams(context.Background(), &kinesis.ListStreamsInput{})
	require.NoError(t, err, "f.Client() signs with TestCredentials, which the door knows")

	now := time.Now().UTC()
	cases := []struct {
		name           string
		keyID, secret  string
		at             time.Time
		code, msgRegex string
	}{
		{"unknown key", "AKIDNOBODY", "x", now, "UnrecognizedClientException", `^The security token included in the request is invalid\.$`},
		{"wrong secret", "AKIDUSER", "not-the-secret", now, "InvalidSignatureException",
			`^The request signature we calculated does not match the signature you provided\. Check your AWS Secret Access Key and signing method\. Consult the service documentation for details\.$`},
		{"expired", "AKIDUSER", "user-secret", now.Add(-6 * time.Minute), "InvalidSignatureException",
			`^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$`},
		{"not yet current", "AKIDUSER", "user-secret", now.Add(6 * time.Minute), "InvalidSignatureException",
			`^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$`},
		{"right", "AKIDUSER", "user-secret", now, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			body := `{}`
			req, err := http.NewRequest(http.MethodPost, srv.URL+"/", strings.NewReader(body))
			require.NoError(t, err)
			req.Header.Set("Content-Type", amzJSON)
			req.Header.Set("X-Amz-Target", listStreams)
			sum := sha256.Sum256([]byte(body))
			require.NoError(t, v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: tc.keyID, SecretAccessKey: tc.secret},
				req, hex.EncodeToString(sum[:]), "kinesis", "us-east-1", tc.at))
			resp := do(t, req)
			if tc.code == "" {
				assert.Equal(t, http.StatusOK, resp.status, resp.body)
				return
			}
			assert.Equal(t, http.StatusBadRequest, resp.status)
			var e struct {
				Type    string `json:"__type"`
				Message string `json:"message"`
			}
			require.NoError(t, json.Unmarshal([]byte(resp.body), &e))
			assert.Equal(t, tc.code, e.Type)
			assert.Regexp(t, tc.msgRegex, e.Message)
		})
	}
}

// TestPresignedRequestVerification: a query-string signature (the SDK's
// PresignHTTP) is verified as a header signature is.
func TestPresignedRequestVerification(t *testing.T) {
	f := kinesisfake.New(kinesisfake.WithSignatureVerification(map[string]string{"AKIDUSER": "user-secret"}))
	srv := httptest.NewServer(f.Handler())
	defer srv.Close()
	for _, tc := range []struct {
		secret string
		status int
	}{{"user-secret", http.StatusOK}, {"guess", http.StatusBadRequest}} {
		body := `{}`
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/", strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", amzJSON)
		req.Header.Set("X-Amz-Target", listStreams)
		url, hdr, err := v4.NewSigner().PresignHTTP(context.Background(), aws.Credentials{AccessKeyID: "AKIDUSER", SecretAccessKey: tc.secret},
			req, "UNSIGNED-PAYLOAD", "kinesis", "us-east-1", time.Now())
		require.NoError(t, err)
		signedReq, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
		require.NoError(t, err)
		signedReq.Header = hdr
		resp := do(t, signedReq)
		assert.Equal(t, tc.status, resp.status, "%s %s", url, resp.body)
	}
}
