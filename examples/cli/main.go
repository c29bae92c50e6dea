// Command cli shows a test in another language's style against
// kinesisfake: a POSIX shell script (smoke.sh) that drives the server with
// the AWS CLI and curl.
//
// The script creates a stream, puts and reads a record, then moves the
// server's clock 5 minutes on with the admin route
// POST /_kinesisfake/clock/advance?by=5m1s (the server runs with
// -manual-clock) and shows the AWS CLI failing with
// ExpiredIteratorException, exactly as against AWS after 5 minutes of
// waiting. Any language's tests can drive the server's clock this way.
//
// This program builds cmd/kinesisfake-server, starts it on a free port,
// runs smoke.sh against it and stops it; cli_test.go does the same in
// `go test`, and skips when aws or curl is not installed.
//
//	go run ./examples/cli
package main

import (
	"context"
	"log"
	"os"
)

func main() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "kinesisfake-cli")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	srv, err := startServer(ctx, dir)
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("kinesisfake-server at %s", srv.Endpoint)
	err = runSmoke(ctx, srv.Endpoint, os.Stdout)
	if stopErr := srv.stop(); err == nil {
		err = stopErr
	}
	if err != nil {
		log.Fatal(err)
	}
}
