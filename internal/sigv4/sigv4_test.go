package sigv4

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// goodAuth is an Authorization header with every part, as the SDK signs.
const goodAuth = "AWS4-HMAC-SHA256 Credential=AKID/20250601/us-east-1/kinesis/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=abc123"

// TestInspect checks which requests pass the signature checks that need no
// secret, and AWS's texts for those that do not, on the ways an
// Authorization header can be spelt.
func TestInspect(t *testing.T) {
	const date = "20250601T000000Z"
	const needs = "Authorization header requires "
	cases := []struct {
		name  string
		auth  string // the Authorization header, if any
		date  string // its X-Amz-Date header, if any
		query string // the URL's query string
		want  *Failure
	}{
		{"signed", goodAuth, date, "", nil},
		{"Date header instead", goodAuth, "", "", nil}, // with Date below
		{"commas only", "AWS4-HMAC-SHA256,Credential=a,SignedHeaders=host,Signature=s", date, "", nil},
		{"runs of separators", "AWS4-HMAC-SHA256 ,, Credential=a ,  SignedHeaders=host,,Signature=s  ", date, "", nil},
		{"value with equals signs", "AWS4-HMAC-SHA256 Credential=a=b SignedHeaders=host Signature=s==", date, "", nil},
		{"unsigned", "", date, "", &Failure{missingToken, "Missing Authentication Token"}},
		{"other query", "", date, "a=b", &Failure{missingToken, "Missing Authentication Token"}},
		{"both", goodAuth, date, "X-Amz-Algorithm=AWS4-HMAC-SHA256", &Failure{invalid,
			"Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."}},
		{"algorithm only", "AWS4-HMAC-SHA256", date, "", &Failure{incomplete, needs + "'Credential' parameter. " + needs + "'Signature' parameter. " +
			needs + "'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256"}},
		{"first token is never a parameter", "Credential=a SignedHeaders=host Signature=s", date, "", &Failure{incomplete,
			needs + "'Credential' parameter. Authorization=Credential=a SignedHeaders=host Signature=s"}},
		{"empty value", "AWS4-HMAC-SHA256 Credential= SignedHeaders=host Signature=s", date, "", &Failure{incomplete,
			needs + "'Credential' parameter. Authorization=AWS4-HMAC-SHA256 Credential= SignedHeaders=host Signature=s"}},
		{"last value counts", "AWS4-HMAC-SHA256 Credential=a SignedHeaders=host Signature=s Signature=", date, "", &Failure{incomplete,
			needs + "'Signature' parameter. Authorization=AWS4-HMAC-SHA256 Credential=a SignedHeaders=host Signature=s Signature="}},
		{"a name without a value keeps the last one", "AWS4-HMAC-SHA256 Credential=a SignedHeaders=host Signature=s Signature", date, "", nil},
		{"names are case-sensitive", "AWS4-HMAC-SHA256 credential=a SignedHeaders=host Signature=s", date, "", &Failure{incomplete,
			needs + "'Credential' parameter. Authorization=AWS4-HMAC-SHA256 credential=a SignedHeaders=host Signature=s"}},
		{"tab is no separator", "AWS4-HMAC-SHA256\tCredential=a SignedHeaders=host Signature=s", date, "", &Failure{incomplete,
			needs + "'Credential' parameter. Authorization=AWS4-HMAC-SHA256\tCredential=a SignedHeaders=host Signature=s"}},
		{"no date", goodAuth, "", "nodate", &Failure{incomplete,
			needs + "existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + goodAuth}},
		{"presigned", "", "", "X-Amz-Algorithm=A&X-Amz-Credential=c&X-Amz-Signature=s&X-Amz-SignedHeaders=host&X-Amz-Date=d", nil},
		{"presigned, escaped name", "", "", "X-Amz%2DAlgorithm=A&X-Amz-Credential=c&X-Amz-Signature=s&X-Amz-SignedHeaders=host&X-Amz-Date=d", nil},
		{"presigned, parts missing", "", "", "X-Amz-Algorithm=&X-Amz-Signature=s", &Failure{incomplete,
			"AWS query-string parameters must include 'X-Amz-Algorithm'. AWS query-string parameters must include 'X-Amz-Credential'. " +
				"AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. " +
				"Re-examine the query-string parameters."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodPost, "http://kinesis.invalid/?"+tc.query, nil)
			if tc.auth != "" {
				r.Header.Set("Authorization", tc.auth)
			}
			if tc.date != "" {
				r.Header.Set("X-Amz-Date", tc.date)
			} else if tc.query == "" {
				r.Header.Set("Date", "Sun, 01 Jun 2025 00:00:00 GMT")
			}
			assert.Equal(t, tc.want, Inspect(r))
		})
	}
}

// BenchmarkInspect inspects a request signed as the SDK signs one: no
// allocation.
func BenchmarkInspect(b *testing.B) {
	r := httptest.NewRequest(http.MethodPost, "http://kinesis.invalid/", nil)
	r.Header.Set("Authorization", goodAuth)
	r.Header.Set("X-Amz-Date", "20250601T000000Z")
	b.ReportAllocs()
	for b.Loop() {
		if fail := Inspect(r); fail != nil {
			b.Fatal(fail)
		}
	}
}

// FuzzHeaderParams checks the one-pass header reader against the plain
// statement of the rule: split at commas and spaces, drop the first token,
// keep every key=value, the last of a key winning.
func FuzzHeaderParams(f *testing.F) {
	f.Add(goodAuth)
	f.Add("A ,Credential=x=y,, Signature Signature=s SignedHeaders=")
	f.Fuzz(func(t *testing.T, auth string) {
		want := map[string]string{}
		for i, field := range strings.FieldsFunc(auth, func(r rune) bool { return r == ',' || r == ' ' }) {
			if k, v, ok := strings.Cut(field, "="); ok && i > 0 {
				want[k] = v
			}
		}
		got := headerParams(auth)
		assert.Equal(t, authParams{want["Credential"], want["SignedHeaders"], want["Signature"]}, got, "%q", auth)
	})
}
