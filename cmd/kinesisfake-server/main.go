// Command kinesisfake-server serves an in-memory kinesisfake over HTTP, as
// the Kinesis Data Streams JSON 1.1 API, for the AWS CLI, SDKs in other
// languages, or anything else that speaks to Kinesis:
//
//	go run ./cmd/kinesisfake-server -addr 127.0.0.1:4566
//	AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=us-east-1 \
//	    aws --endpoint-url http://127.0.0.1:4566 kinesis list-streams
//
// It speaks HTTP/1.1 and HTTP/2 without TLS (h2c, with prior knowledge, as
// the Java SDK's Netty client does for SubscribeToShard) on the same port.
// The fake runs on the system clock and forgets everything when the
// process ends. Credentials are accepted but not checked.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/kinesisfake/kinesisfake"
)

// defaultConsumerDelay is how long a registered consumer stays CREATING on
// the server unless -consumer-delay says otherwise: short, but long enough
// that a client in another language meets CREATING, as against AWS.
const defaultConsumerDelay = 500 * time.Millisecond

func main() {
	addr := flag.String("addr", "127.0.0.1:4566", "address to listen on (port 0 picks a free port)")
	opts, verbose := fakeFlags(flag.CommandLine)
	flag.Parse()

	fake := kinesisfake.New(opts()...)
	handler := fake.Handler()
	if *verbose {
		handler = logRequests(handler)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	// The first line names the endpoint, so scripts that start the server on
	// port 0 can read it.
	fmt.Printf("kinesisfake serving Kinesis at http://%s\n", ln.Addr())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, ln, handler, fake.ExpireSubscriptions); err != nil {
		log.Fatal(err)
	}
}

// fakeFlags defines the flags that configure the fake on fs. After fs is
// parsed, opts returns the Fake's options.
func fakeFlags(fs *flag.FlagSet) (opts func() []kinesisfake.Option, verbose *bool) {
	region := fs.String("region", kinesisfake.DefaultRegion, "region that ARNs name")
	account := fs.String("account", kinesisfake.DefaultAccountID, "12-digit account id that ARNs and error texts name")
	noLimits := fs.Bool("no-limits", false, "turn every throughput and control-plane rate limit off")
	shardLimit := fs.Int("shard-limit", 0, "the account's shard quota (0: AWS's default for the region)")
	delays := fs.Duration("delays", 0, "how long streams stay CREATING, UPDATING and DELETING (each flag below overrides it)")
	create := fs.Duration("create-delay", -1, "how long a new stream stays CREATING (default: -delays)")
	update := fs.Duration("update-delay", -1, "how long a stream stays UPDATING after a reshard or other change (default: -delays)")
	del := fs.Duration("delete-delay", -1, "how long a deleted stream or consumer stays DELETING (default: -delays)")
	consumer := fs.Duration("consumer-delay", defaultConsumerDelay, "how long a registered enhanced fan-out consumer stays CREATING")
	verbose = fs.Bool("v", false, "log every request: operation, status, duration")
	return func() []kinesisfake.Option {
		or := func(d *time.Duration) time.Duration {
			if *d < 0 {
				return *delays
			}
			return *d
		}
		opts := []kinesisfake.Option{
			kinesisfake.WithRegion(*region),
			kinesisfake.WithAccountID(*account),
			kinesisfake.WithStateDelays(kinesisfake.StateDelays{Create: or(create), Update: or(update), Delete: or(del), Consumer: *consumer}),
		}
		if *shardLimit > 0 {
			opts = append(opts, kinesisfake.WithShardLimit(*shardLimit))
		}
		if *noLimits {
			opts = append(opts, kinesisfake.WithoutThroughputLimits())
		}
		return opts
	}, verbose
}

// serve serves h on ln, over HTTP/1.1 and h2c, until ctx is done, then
// lets requests in flight finish. endStreams ends the open SubscribeToShard
// streams when the shutdown begins: they would otherwise hold it for up to
// 5 minutes.
func serve(ctx context.Context, ln net.Listener, h http.Handler, endStreams func()) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, Protocols: new(http.Protocols)}
	srv.Protocols.SetHTTP1(true)
	srv.Protocols.SetUnencryptedHTTP2(true)
	srv.RegisterOnShutdown(endStreams)
	done := make(chan error, 1)
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		done <- srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return <-done
}

// logRequests logs each request's operation, status and duration.
func logRequests(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		log.Printf("%s %s %s -> %d (%s)", r.Proto, r.Method, r.Header.Get("X-Amz-Target"), rec.status, time.Since(start).Round(time.Microsecond))
	})
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the status and passes it on.
func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// Unwrap gives http.ResponseController the writer underneath, so that
// event streams flush through the log.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
