// Command kinesisfake-server serves an in-memory kinesisfake over HTTP, as
// the Kinesis Data Streams JSON 1.1 API, for the AWS CLI, SDKs in other
// languages, or anything else that speaks to Kinesis:
//
//	go run ./cmd/kinesisfake-server -addr 127.0.0.1:4566
//	AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_DEFAULT_REGION=us-east-1 \
//	    aws --endpoint-url http://127.0.0.1:4566 kinesis list-streams
//
// The fake runs on the system clock and forgets everything when the process
// ends. Credentials are accepted but not checked.
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

func main() {
	addr := flag.String("addr", "127.0.0.1:4566", "address to listen on (port 0 picks a free port)")
	region := flag.String("region", kinesisfake.DefaultRegion, "region that ARNs name")
	account := flag.String("account", kinesisfake.DefaultAccountID, "12-digit account id that ARNs and error texts name")
	noLimits := flag.Bool("no-limits", false, "turn every throughput and control-plane rate limit off")
	verbose := flag.Bool("v", false, "log every request: operation, status, duration")
	flag.Parse()

	opts := []kinesisfake.Option{kinesisfake.WithRegion(*region), kinesisfake.WithAccountID(*account)}
	if *noLimits {
		opts = append(opts, kinesisfake.WithoutThroughputLimits())
	}
	handler := kinesisfake.New(opts...).Handler()
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
	if err := serve(ctx, ln, handler); err != nil {
		log.Fatal(err)
	}
}

// serve serves h on ln until ctx is done, then lets requests in flight
// finish.
func serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
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
		log.Printf("%s %s -> %d (%s)", r.Method, r.Header.Get("X-Amz-Target"), rec.status, time.Since(start).Round(time.Microsecond))
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
