package kinesisfake

import (
	"bytes"
	"context"
	"net/http"
	"testing"

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
