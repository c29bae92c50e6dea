// Command kinesisfake-server serves an in-memory kinesisfake over HTTP, the
// Kinesis Data Streams API in its JSON 1.1 and CBOR 1.1 protocols, for the
// AWS CLI, SDKs in other languages, or anything else that speaks to
// Kinesis:
//
//	go run ./cmd/kinesisfake-server -addr 127.0.0.1:4566 -streams orders:4,events:1
//	AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=us-east-1 \
//	    aws --endpoint-url http://127.0.0.1:4566 kinesis list-streams
//
// It speaks HTTP/1.1 and HTTP/2 without TLS (h2c, with prior knowledge, as
// the Java SDK's Netty client does for SubscribeToShard) on the same port.
// Besides the Kinesis API it serves admin routes under /_kinesisfake/, a
// path no AWS client sends: health, reset, and the clock when it runs on a
// manual one (-manual-clock). The fake forgets everything when the process
// ends. Requests must be signed as AWS requires (any credentials do);
// -verify-sigv4 also checks the signatures. Run it with -h for every flag.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	cfg, err := parseFlags(flag.CommandLine, os.Args[1:], os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fake := cfg.newFake()
	if err := cfg.createStreams(fake); err != nil {
		log.Fatal(err)
	}
	handler := fake.ServerHandler()
	if cfg.verbose {
		handler = logRequests(handler)
	}

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		log.Fatal(err)
	}
	// The first line names the endpoint, so scripts that start the server on
	// port 0 can read it.
	fmt.Printf("kinesisfake serving Kinesis at http://%s\n", ln.Addr())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	to := defaultTimeouts
	to.shutdown = cfg.grace
	if err := serve(ctx, ln, handler, fake.ExpireSubscriptions, to); err != nil {
		log.Fatal(err)
	}
}
