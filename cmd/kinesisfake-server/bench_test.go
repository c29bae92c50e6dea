package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"
	"github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/kinesisfake/kinesisfake"
	"github.com/kinesisfake/kinesisfake/internal/wire"
)

// Benchmarks of the server over loopback, with a real Go SDK client, in
// JSON and in CBOR (kinesisfake's CBOR client protocol), and, when it runs,
// against kinesalite in the same run (KINESALITE_URL, default
// http://127.0.0.1:4567; ../shared/tools/peers.sh start starts it):
//
//	go test ./cmd/kinesisfake-server -run '^$' -bench . -benchmem
//
// Parallel is PutRecord from 64 goroutines at once, each a client of its
// own, so records/s is the server's throughput under concurrent clients.

// benchTarget is an endpoint the benchmarks run against.
type benchTarget struct {
	name     string
	url      string
	protocol smithyhttp.ClientProtocol // nil: JSON 1.1
}

// benchTargets starts a kinesisfake server and lists it in both protocols,
// and kinesalite if it answers.
func benchTargets(b *testing.B) []benchTarget {
	b.Helper()
	f := kinesisfake.New(kinesisfake.WithoutThroughputLimits(), kinesisfake.WithCallLogSize(0))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, f.Handler(), f.ExpireSubscriptions, defaultTimeouts) }()
	b.Cleanup(func() { cancel(); <-done })
	url := "http://" + ln.Addr().String()
	targets := []benchTarget{
		{name: "kinesisfake-json", url: url},
		{name: "kinesisfake-cbor", url: url, protocol: wire.CBORClientProtocol("Kinesis_20131202")},
	}
	peer := os.Getenv("KINESALITE_URL")
	if peer == "" {
		peer = "http://127.0.0.1:4567"
	}
	if conn, err := net.DialTimeout("tcp", peer[len("http://"):], 200*time.Millisecond); err == nil {
		conn.Close()
		targets = append(targets, benchTarget{name: "kinesalite-json", url: peer})
	}
	return targets
}

// client is a Go SDK client of the target, without retries.
func (bt benchTarget) client() *kinesis.Client {
	return kinesis.New(kinesis.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(bt.url), Credentials: credentials, Retryer: aws.NopRetryer{},
		HTTPClient: kinesisfake.SDKHTTPClient(&http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128}}),
	}, func(o *kinesis.Options) {
		if bt.protocol != nil {
			o.Protocol = bt.protocol
		}
	})
}

// stream creates a one-shard stream of a fresh name and waits until it is
// ACTIVE (kinesalite takes a moment).
func (bt benchTarget) stream(b *testing.B, c *kinesis.Client) string {
	b.Helper()
	name := fmt.Sprintf("bench-%d", time.Now().UnixNano())
	if _, err := c.CreateStream(context.Background(), &kinesis.CreateStreamInput{StreamName: &name, ShardCount: aws.Int32(1)}); err != nil {
		b.Fatal(err)
	}
	for {
		out, err := c.DescribeStreamSummary(context.Background(), &kinesis.DescribeStreamSummaryInput{StreamName: &name})
		if err != nil {
			b.Fatal(err)
		}
		if out.StreamDescriptionSummary.StreamStatus == types.StreamStatusActive {
			return name
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func BenchmarkServerPutRecord(b *testing.B) {
	for _, bt := range benchTargets(b) {
		b.Run(bt.name, func(b *testing.B) {
			c := bt.client()
			in := &kinesis.PutRecordInput{StreamName: aws.String(bt.stream(b, c)), PartitionKey: aws.String("k"), Data: make([]byte, 100)}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.PutRecord(context.Background(), in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkServerGetRecords100(b *testing.B) {
	for _, bt := range benchTargets(b) {
		b.Run(bt.name, func(b *testing.B) {
			c := bt.client()
			ctx := context.Background()
			name := bt.stream(b, c)
			entries := make([]types.PutRecordsRequestEntry, 500)
			for i := range entries {
				entries[i] = types.PutRecordsRequestEntry{PartitionKey: aws.String("k"), Data: make([]byte, 100)}
			}
			for range 4 {
				if _, err := c.PutRecords(ctx, &kinesis.PutRecordsInput{StreamName: &name, Records: entries}); err != nil {
					b.Fatal(err)
				}
			}
			start := func() *string {
				it, err := c.GetShardIterator(ctx, &kinesis.GetShardIteratorInput{StreamName: &name, ShardId: aws.String("shardId-000000000000"), ShardIteratorType: types.ShardIteratorTypeTrimHorizon})
				if err != nil {
					b.Fatal(err)
				}
				return it.ShardIterator
			}
			iter := start()
			b.ReportAllocs()
			for b.Loop() {
				out, err := c.GetRecords(ctx, &kinesis.GetRecordsInput{ShardIterator: iter, Limit: aws.Int32(100)})
				if err != nil {
					b.Fatal(err)
				}
				iter = out.NextShardIterator
				if len(out.Records) < 100 {
					b.StopTimer()
					iter = start()
					b.StartTimer()
				}
			}
		})
	}
}

func BenchmarkServerParallel64(b *testing.B) {
	for _, bt := range benchTargets(b) {
		b.Run(bt.name, func(b *testing.B) {
			stream := aws.String(bt.stream(b, bt.client()))
			b.SetParallelism(max(1, 64/runtime.GOMAXPROCS(0))) // 64 goroutines in all
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				c := bt.client()
				in := &kinesis.PutRecordInput{StreamName: stream, PartitionKey: aws.String("k"), Data: make([]byte, 100)}
				for pb.Next() {
					if _, err := c.PutRecord(context.Background(), in); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
