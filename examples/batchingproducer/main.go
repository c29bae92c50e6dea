// Command batchingproducer shows a producer that batches records into
// PutRecords calls and retries the entries that fail, run against
// kinesisfake.
//
// PutRecords succeeds as a call even when some of its entries fail: each
// failed entry carries an ErrorCode (ProvisionedThroughputExceededException
// when its shard is over its write rate, InternalFailure) and the others
// are written. The producer (producer.go) sends the failed entries again
// after an exponential back-off, until all are written or it gives up.
//
// It is written against the Kinesis interface, the one method it calls:
// production passes a *kinesis.Client, this demo and the test a
// *kinesisfake.Fake on a ManualClock, which the producer's Sleep moves
// instead of waiting. The demo writes 2,500 records to a stream of one
// shard, which takes 1,000 records a second, so the shard throttles the
// third batch and the last until the back-off has moved the clock on.
//
//	go run ./examples/batchingproducer
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/kinesisfake/kinesisfake"
)

func main() {
	if err := demo(context.Background(), os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// demo writes 2,500 records to a stream of one shard and reports what the
// producer did on the way.
func demo(ctx context.Context, w io.Writer) error {
	start := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	clock := kinesisfake.NewManualClock(start)
	kc := kinesisfake.New(kinesisfake.WithClock(clock))
	if _, err := kc.CreateStreamNow("events", 1); err != nil {
		return err
	}
	// One entry with partition key "user-7" fails once, as a shard's
	// internal error would.
	kc.InjectFault(kinesisfake.Fault{Op: kinesisfake.OpPutRecords, PartitionKey: "user-7", Err: kinesisfake.ErrInternalFailure, Times: 1})

	p := &Producer{
		Client: kc, Stream: "events", Sleep: advance(clock),
		Logf: func(format string, args ...any) {
			fmt.Fprintf(w, "+%-5v "+format+"\n", append([]any{clock.Now().Sub(start)}, args...)...)
		},
	}
	for i := range 2500 {
		if err := p.Add(ctx, fmt.Sprint("user-", i%100), fmt.Appendf(nil, "event-%d", i)); err != nil {
			return err
		}
	}
	if err := p.Flush(ctx); err != nil {
		return err
	}
	fmt.Fprintf(w, "the shard holds %d records, after %v on the clock\n", len(kc.Records("events", "shardId-000000000000")), clock.Now().Sub(start))
	return nil
}

// advance is the producer's Sleep on a ManualClock: it moves the clock
// instead of waiting.
func advance(clock *kinesisfake.ManualClock) func(context.Context, time.Duration) error {
	return func(ctx context.Context, d time.Duration) error {
		clock.Advance(d)
		return ctx.Err()
	}
}
