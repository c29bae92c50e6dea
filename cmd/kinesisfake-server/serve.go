package main

import (
	"context"
	"errors"
	"log"
	"net"
	"net/http"
	"time"
)

// timeouts bound what one connection can hold of the server: a client that
// sends its request slowly, or stops reading its response, is cut off.
type timeouts struct {
	readHeader time.Duration // to send the request line and headers
	read       time.Duration // to send the whole request
	write      time.Duration // to take the whole response (an event stream: each event)
	idle       time.Duration // between requests of a kept-alive connection
	maxHeader  int           // bytes of request headers
	shutdown   time.Duration // for requests in flight to finish at shutdown
}

// defaultTimeouts are generous for any client on loopback or a CI network:
// a request body of the largest the server reads (a 10 MiB record in
// base64, about 14.3 MiB) takes far less than read.
var defaultTimeouts = timeouts{
	readHeader: 10 * time.Second,
	read:       60 * time.Second,
	write:      60 * time.Second,
	idle:       120 * time.Second,
	maxHeader:  64 << 10,
	shutdown:   5 * time.Second,
}

// serve serves h on ln, over HTTP/1.1 and h2c, until ctx is done, then lets
// requests in flight finish for up to t.shutdown and closes what is left:
// a stalled client cannot keep the process from exiting. endStreams ends
// the open SubscribeToShard streams when the shutdown begins: they would
// otherwise hold it for up to 5 minutes. It returns nil after a shutdown.
func serve(ctx context.Context, ln net.Listener, h http.Handler, endStreams func(), t timeouts) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: t.readHeader,
		ReadTimeout:       t.read,
		WriteTimeout:      t.write,
		IdleTimeout:       t.idle,
		MaxHeaderBytes:    t.maxHeader,
		Protocols:         new(http.Protocols),
		ErrorLog:          log.New(discardLog{}, "", 0),
	}
	srv.Protocols.SetHTTP1(true)
	srv.Protocols.SetUnencryptedHTTP2(true)
	srv.RegisterOnShutdown(endStreams)
	done := make(chan struct{})
	go func() {
		defer close(done)
		<-ctx.Done()
		grace, cancel := context.WithTimeout(context.Background(), t.shutdown)
		defer cancel()
		if err := srv.Shutdown(grace); err != nil {
			_ = srv.Close() // what did not finish in time is cut off
		}
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	<-done
	return nil
}

// discardLog drops net/http's own log lines (a client's TLS handshake on
// the plain port, a timeout cutting off a stalled client): they are the
// clients' doing, and -v logs every request instead.
type discardLog struct{}

// Write discards p.
func (discardLog) Write(p []byte) (int, error) { return len(p), nil }

// logRequests logs each request's protocol, operation, status and
// duration.
func logRequests(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		op := r.Header.Get("X-Amz-Target")
		if op == "" {
			op = r.URL.Path
		}
		log.Printf("%s %s %s -> %d (%s)", r.Proto, r.Method, op, rec.status, time.Since(start).Round(time.Microsecond))
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
