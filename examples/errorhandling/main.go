// Command errorhandling shows a consumer's error handling, tested against
// every exception the Kinesis API documents for the calls it makes, run
// against kinesisfake.
//
// The consumer (relay.go) copies the records of a shard to another stream:
// GetShardIterator, GetRecords, PutRecord. Classify sorts each error it
// meets into one of three reactions: Retry after a back-off (throttling,
// failures on AWS's side), Reiterate with a new iterator after the last
// record relayed (ExpiredIteratorException), or Fatal (no access, a KMS key
// that is unusable, a stream that is gone, a bad request). The test walks
// the table of documented exceptions, injecting each into each call with
// kinesisfake's faults, and checks what the relay did.
//
// It is written against the Kinesis interface, the three methods it calls:
// production passes a *kinesis.Client, this demo and the test a
// *kinesisfake.Fake on a ManualClock, which the relay's Sleep moves
// instead of waiting.
//
//	go run ./examples/errorhandling
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

// demo relays three records through a throttled GetRecords, an expired
// iterator and a failed PutRecord, then meets an error it cannot handle.
func demo(ctx context.Context, w io.Writer) error {
	clock := kinesisfake.NewManualClock(time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC))
	kc := kinesisfake.New(kinesisfake.WithClock(clock))
	for _, name := range []string{"orders", "orders-copy"} {
		if _, err := kc.CreateStreamNow(name, 1); err != nil {
			return err
		}
	}
	for _, d := range []string{"order-1", "order-2", "order-3"} {
		if _, err := kc.PutRecord(ctx, &kinesis.PutRecordInput{StreamName: aws.String("orders"), PartitionKey: aws.String(d), Data: []byte(d)}); err != nil {
			return err
		}
	}
	kc.InjectFault(kinesisfake.Fault{Op: kinesisfake.OpGetRecords, Err: kinesisfake.ErrProvisionedThroughputExceeded, Nth: 1})
	kc.InjectFault(kinesisfake.Fault{Op: kinesisfake.OpGetRecords, Err: kinesisfake.ErrExpiredIterator, Nth: 3})
	kc.InjectFault(kinesisfake.Fault{Op: kinesisfake.OpPutRecord, Err: kinesisfake.ErrInternalFailure, Nth: 2})

	r := &Relay{
		Client: kc, From: "orders", Shard: "shardId-000000000000", To: "orders-copy", PageLimit: 2,
		Sleep: advance(clock),
		Logf:  func(format string, args ...any) { fmt.Fprintf(w, "  "+format+"\n", args...) },
	}
	fmt.Fprintln(w, "relaying orders to orders-copy:")
	if err := r.Drain(ctx); err != nil {
		return err
	}
	for _, rec := range kc.Records("orders-copy", "shardId-000000000000") {
		fmt.Fprintf(w, "  orders-copy has %s\n", rec.Data)
	}

	kc.InjectFault(kinesisfake.Fault{Op: kinesisfake.OpGetRecords, Err: kinesisfake.ErrKMSDisabled, Times: 1})
	err := r.Drain(ctx)
	fmt.Fprintf(w, "relaying again: %v (%v)\n", err, Classify(err))
	return nil
}

// advance is the relay's Sleep on a ManualClock: it moves the clock
// instead of waiting.
func advance(clock *kinesisfake.ManualClock) func(context.Context, time.Duration) error {
	return func(ctx context.Context, d time.Duration) error {
		clock.Advance(d)
		return ctx.Err()
	}
}
