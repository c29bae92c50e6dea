package kinesisfake

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServerHandler: the admin routes beside the Kinesis API on one
// handler, as cmd/kinesisfake-server serves them, for a Go test that wants
// the server's behaviour without the binary.
func TestServerHandler(t *testing.T) {
	clk := NewManualClock(harnessStart)
	f := New(WithClock(clk))
	srv := httptest.NewServer(f.ServerHandler())
	t.Cleanup(srv.Close)
	f.CreateStreamT(t, "s", 1)

	do := func(method, path string) (int, string) {
		req, err := http.NewRequest(method, srv.URL+path, nil)
		require.NoError(t, err)
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, strings.TrimSpace(string(body))
	}
	tests := []struct {
		method, path string
		status       int
		body         string
	}{
		{http.MethodGet, "/_kinesisfake/health", 200, `{"status":"ok"}`},
		{http.MethodGet, "/_kinesisfake/clock", 200, `{"manual":true,"now":"2025-06-01T10:00:00Z"}`},
		{http.MethodPost, "/_kinesisfake/clock/advance?by=90s", 200, `{"manual":true,"now":"2025-06-01T10:01:30Z"}`},
		{http.MethodPost, "/_kinesisfake/clock/set?to=2025-06-02T00:00:00Z", 200, `{"manual":true,"now":"2025-06-02T00:00:00Z"}`},
		{http.MethodPost, "/_kinesisfake/clock/advance", 400, `{"error":"missing query parameter by"}`},
		{http.MethodGet, "/_kinesisfake/reset", 405, `{"error":"/_kinesisfake/reset takes POST"}`},
		{http.MethodGet, "/_kinesisfake/nothing", 404, `{"error":"no admin route /_kinesisfake/nothing"}`},
	}
	for _, tt := range tests {
		status, body := do(tt.method, tt.path)
		assert.Equal(t, tt.status, status, tt.path)
		assert.Equal(t, tt.body, body, tt.path)
	}
	assert.Equal(t, time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC), clk.Now())

	// The Kinesis API is served beside them, and reset empties the Fake.
	client := kinesis.New(kinesis.Options{Region: "us-east-1", Credentials: testCredentials, BaseEndpoint: aws.String(srv.URL), HTTPClient: SDKHTTPClient(srv.Client())})
	out, err := client.ListStreams(t.Context(), &kinesis.ListStreamsInput{})
	require.NoError(t, err)
	assert.Equal(t, []string{"s"}, out.StreamNames)
	status, _ := do(http.MethodPost, "/_kinesisfake/reset")
	require.Equal(t, 200, status)
	out, err = client.ListStreams(t.Context(), &kinesis.ListStreamsInput{})
	require.NoError(t, err)
	assert.Empty(t, out.StreamNames)
}

// TestServerHandlerOnTheSystemClock: the clock can be read but not moved.
func TestServerHandlerOnTheSystemClock(t *testing.T) {
	srv := httptest.NewServer(New().ServerHandler())
	t.Cleanup(srv.Close)
	resp, err := srv.Client().Post(srv.URL+"/_kinesisfake/clock/advance?by=1s", "", nil)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	assert.Equal(t, http.StatusConflict, resp.StatusCode)
	assert.Equal(t, `{"error":"the Fake's clock is not a ManualClock (the server: start it with -manual-clock)"}`, strings.TrimSpace(string(body)))
}

// fixedClock is a Clock that is neither the system clock nor a ManualClock.
type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

// TestServerHandlerReadsTheFakesClock: GET /_kinesisfake/clock reports the
// Fake's own clock, whatever it is.
func TestServerHandlerReadsTheFakesClock(t *testing.T) {
	srv := httptest.NewServer(New(WithClock(fixedClock{time.Date(2031, 3, 4, 5, 6, 7, 0, time.UTC)})).ServerHandler())
	t.Cleanup(srv.Close)
	resp, err := srv.Client().Get(srv.URL + "/_kinesisfake/clock")
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	assert.Equal(t, `{"manual":false,"now":"2031-03-04T05:06:07Z"}`, strings.TrimSpace(string(body)))
}
