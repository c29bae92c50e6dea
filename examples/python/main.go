// Command python shows a test in another language's style against
// kinesisfake: a Python program (kinesis_boto3.py, standard library and
// boto3) that drives the server as a Python project's tests would.
//
// The script creates a stream and waits for it with botocore's
// stream_exists waiter, puts records (PutRecord, PutRecords) and reads them
// back (ListShards, GetShardIterator, GetRecords), tags the stream, and
// checks AWS's error codes and texts as botocore raises them
// (ClientError's Error.Code and Error.Message). It registers an enhanced
// fan-out consumer and reads SubscribeToShard's event stream, which boto3
// takes over HTTP/1.1. Through the admin route
// POST /_kinesisfake/clock/advance (the server runs with -manual-clock) it
// moves the server's clock: an iterator expires after 5 minutes, a
// subscription ends after 5 minutes, GetRecords' 5 calls a second are
// counted, without waiting. Every expected value is AWS's, from its
// documentation or what it was seen to answer, not the fake's. It prints a
// line per check and exits 1 on any mismatch.
//
// This program builds cmd/kinesisfake-server, starts it on a free port,
// runs the script against it and stops it; python_test.go does the same in
// `go test`, and skips when python3 or boto3 is not installed. The script
// also runs on its own against any server:
//
//	go run ./cmd/kinesisfake-server -manual-clock &
//	python3 examples/python/kinesis_boto3.py http://127.0.0.1:4566
//
//	go run ./examples/python
package main

import (
	"context"
	"log"
	"os"
)

func main() {
	ctx := context.Background()
	if err := checkPython(ctx); err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "kinesisfake-python")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	srv, err := startServer(ctx, dir)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("kinesisfake-server at %s", srv.Endpoint)
	err = runScript(ctx, dir, srv.Endpoint, os.Stdout)
	if stopErr := srv.stop(); err == nil {
		err = stopErr
	}
	if err != nil {
		log.Fatal(err)
	}
}
