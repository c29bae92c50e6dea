// Command throttling shows how to test code against Kinesis's throughput
// limits deterministically, run against kinesisfake.
//
// Kinesis serves 5 GetRecords calls per second per shard; the sixth within
// a second fails with ProvisionedThroughputExceededException. kinesisfake
// enforces that limit (and the others AWS documents) on its clock, so a
// test controls when throttling happens and when it passes. There are two
// ways to move that clock without waiting:
//
//   - a *kinesisfake.ManualClock (kinesisfake.WithClock), which the code
//     under test moves through an injected sleep, as this demo does;
//   - testing/synctest: a Fake made with kinesisfake.New() inside a bubble
//     reads the bubble's clock, and real time.Sleep and timers there take
//     no time, so the code under test needs nothing injected.
//
// The reader (reader.go) reads a shard to its tip and backs off when
// throttled. It is written against the Kinesis interface, the two methods
// it calls: production passes a *kinesis.Client.
//
//	go run ./examples/throttling
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kinesis"

	"github.com/kinesisfake/kinesisfake"
)

func main() {
	if err := demo(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// demo reads 12 records one call at a time from a shard, on a ManualClock.
func demo(ctx context.Context, w io.Writer) error {
	start := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	clock := kinesisfake.NewManualClock(start)
	kc := kinesisfake.New(kinesisfake.WithClock(clock))
	if _, err := kc.CreateStreamNow("events", 1); err != nil {
		return err
	}
	for i := range 12 {
		if _, err := kc.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("events"), PartitionKey: aws.String("k"), Data: fmt.Appendf(nil, "event-%d", i)}); err != nil {
			return err
		}
	}
	r := &Reader{
		Client: kc, Stream: "events", Shard: "shardId-000000000000", Limit: 2,
		Sleep: advance(clock), // in production: nil, real time
		Logf: func(format string, args ...any) {
			fmt.Fprintf(w, "+%-6v "+format+"\n", append([]any{clock.Now().Sub(start)}, args...)...)
		},
	}
	records, err := r.ReadAll(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "read %d records in %v of clock time, throttled %d times\n", len(records), clock.Now().Sub(start), r.Throttled)
	return nil
}

// advance is the reader's Sleep on a ManualClock: it moves the clock
// instead of waiting.
func advance(clock *kinesisfake.ManualClock) func(context.Context, time.Duration) error {
	return func(ctx context.Context, d time.Duration) error {
		clock.Advance(d)
		return ctx.Err()
	}
}
