package kinesisfake

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"

	"github.com/kinesisfake/kinesisfake/internal/wire"
)

// BenchmarkHandlerGetRecords100 is one GetRecords of 100 100-byte records,
// side by side: the direct call (the floor), the encoding of its output in
// each protocol, and the whole request through Handler in each protocol
// (decoding the request, the call, encoding the response; in memory, no
// socket):
//
//	go test -run '^$' -bench HandlerGetRecords100 -benchmem
func BenchmarkHandlerGetRecords100(b *testing.B) {
	f, _ := newBenchFake(b, 1)
	f.log.limit = 0 // what the server does by default
	ctx := context.Background()
	entries := make([]types.PutRecordsRequestEntry, 500)
	for i := range entries {
		entries[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String("partition-key-01"), Data: make([]byte, 100)}
	}
	for range 20 {
		if _, err := f.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: aws.String("s"), Records: entries}); err != nil {
			b.Fatal(err)
		}
	}
	it, err := f.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: aws.String("s"), ShardId: aws.String(shard0), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
	if err != nil {
		b.Fatal(err)
	}
	in := &kinesis.GetRecordsInput{ShardIterator: it.ShardIterator, Limit: aws.Int32(100)}

	b.Run("floor=direct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := f.GetRecords(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
	})
	out, err := f.GetRecords(ctx, in)
	if err != nil || len(out.Records) != 100 {
		b.Fatal(err)
	}
	for _, codec := range []wire.Codec{wire.JSON, wire.CBOR} {
		b.Run("encode="+codec.ContentType(), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if len(codec.Encode(out)) == 0 {
					b.Fatal("nothing encoded")
				}
			}
		})
	}
	h := wireHandler{f: f}
	for _, codec := range []wire.Codec{wire.JSON, wire.CBOR} {
		b.Run("handler="+codec.ContentType(), func(b *testing.B) {
			w := codec.Writer()
			in.Serialize(w)
			body := w.Bytes()
			req, _ := http.NewRequest(http.MethodPost, "/", nil)
			req.Header.Set("X-Amz-Target", targetPrefix+".GetRecords")
			signRequest(req)
			req.Header.Set("Content-Type", codec.ContentType())
			var rd bytes.Reader
			b.ReportAllocs()
			for b.Loop() {
				rd.Reset(body)
				req.Body = readCloser{&rd}
				req.ContentLength = int64(len(body))
				resp := h.respond(req)
				if resp.status != http.StatusOK {
					b.Fatalf("status %d: %s", resp.status, resp.body)
				}
			}
		})
	}
}

// readCloser is a request body over a reader.
type readCloser struct{ *bytes.Reader }

// Close does nothing.
func (readCloser) Close() error { return nil }

// BenchmarkClientPutRecordVsSDK puts one 16-byte record through a real
// *kinesis.Client twice over: with an HTTP client that answers every
// request with a canned PutRecord response (the SDK's own cost:
// serializing, signing, retries, deserializing; the floor), and through
// f.Client() (the SDK, then the in-memory door and the engine):
//
//	go test -run '^$' -bench ClientPutRecordVsSDK -benchmem
//
// The paired sub-benchmark alternates the two, call by call, so both see
// the same machine, and reports their ratio (goal: at most 1.15).
func BenchmarkClientPutRecordVsSDK(b *testing.B) {
	ctx := context.Background()
	in := &kinesis.PutRecordInput{StreamName: aws.String("s"), PartitionKey: aws.String("k"), Data: []byte("0123456789abcdef")}
	f := New(WithClock(NewManualClock(doorsStart)), WithoutThroughputLimits())
	f.CreateStreamT(b, "s", 4)
	fake := f.Client()
	out, err := fake.PutRecord(ctx, in)
	if err != nil {
		b.Fatal(err)
	}
	// The canned answer is the fake's own, byte for byte.
	body := fmt.Sprintf(`{"SequenceNumber":%q,"ShardId":%q}`, *out.SequenceNumber, *out.ShardId)
	sdkOpts := f.Options()
	sdkOpts.HTTPClient = cannedClient{body: []byte(body)}
	sdk := kinesis.New(sdkOpts)

	b.Run("floor=sdk-canned", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := sdk.PutRecord(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("door=client", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := fake.PutRecord(ctx, in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("paired", func(b *testing.B) {
		var canned, door time.Duration
		for b.Loop() {
			t0 := time.Now()
			if _, err := sdk.PutRecord(ctx, in); err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			if _, err := fake.PutRecord(ctx, in); err != nil {
				b.Fatal(err)
			}
			door += time.Since(t1)
			canned += t1.Sub(t0)
		}
		b.ReportMetric(float64(canned.Nanoseconds())/float64(b.N), "sdk-ns/op")
		b.ReportMetric(float64(door.Nanoseconds())/float64(b.N), "client-ns/op")
		b.ReportMetric(float64(door)/float64(canned), "ratio")
	})
}

// cannedClient is an SDK HTTP client that answers every request with the
// same 200 response, after reading the request's body as a transport
// would: the SDK's cost without a server.
type cannedClient struct{ body []byte }

// Do answers req.
func (c cannedClient) Do(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	header := make(http.Header, 4)
	header.Set("Content-Type", "application/x-amz-json-1.1")
	header.Set("Content-Length", strconv.Itoa(len(c.body)))
	header.Set("X-Amzn-Requestid", "00000000-0000-4000-8000-000000000001")
	header.Set("X-Amz-Id-2", "canned")
	return &http.Response{
		Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: header, Body: io.NopCloser(bytes.NewReader(c.body)), ContentLength: int64(len(c.body)), Request: req,
	}, nil
}
