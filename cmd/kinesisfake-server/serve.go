package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"strconv"
	"time"
)

// timeouts bound what one connection can hold of the server: a client that
// sends its request slowly, or stops reading its response, is cut off.
type timeouts struct {
	readHeader time.Duration // to send the request line and headers
	read       time.Duration // to send the whole request
	write      time.Duration // to take the whole response, from its first byte (an event stream: each event)
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
		Handler:           answerDeadline(h, t.write),
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

// answerDeadline gives each response t.write from when the handler starts
// writing it. net/http's WriteTimeout runs from the end of the request's
// headers instead, so the time the handler takes to read the body and work
// out the answer (a latency fault, a body of a million digits on a loaded
// machine) would count against the client, and an answer ready after it
// expired would be dropped: the client would see the connection close
// (HTTP/1.1) or its stream reset (h2c) with no response. The server's
// WriteTimeout stays, for what net/http writes outside handlers (431, 400
// for a malformed request line).
func answerDeadline(h http.Handler, write time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		aw := &answerWriter{ResponseWriter: w, write: write}
		// No deadline until the answer starts; a handler that wrote
		// nothing gets one before net/http writes its 200.
		_ = http.NewResponseController(w).SetWriteDeadline(time.Time{})
		defer aw.start()
		h.ServeHTTP(aw, r)
	})
}

// answerWriter sets the write deadline when its response starts.
type answerWriter struct {
	http.ResponseWriter
	write   time.Duration
	started bool
}

// start sets the write deadline, once; a write timeout of 0 is none, as
// net/http's WriteTimeout of 0 is.
func (w *answerWriter) start() {
	if !w.started && w.write > 0 {
		w.started = true
		_ = http.NewResponseController(w.ResponseWriter).SetWriteDeadline(time.Now().Add(w.write))
	}
}

// WriteHeader starts the response.
func (w *answerWriter) WriteHeader(status int) {
	w.start()
	w.ResponseWriter.WriteHeader(status)
}

// Write starts the response, if WriteHeader did not.
func (w *answerWriter) Write(p []byte) (int, error) {
	w.start()
	return w.ResponseWriter.Write(p)
}

// Unwrap gives http.ResponseController the writer underneath: event
// streams flush and set each event's deadline through it.
func (w *answerWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

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
		defer func() {
			outcome := strconv.Itoa(rec.status)
			// A request cut off without an answer (a body past the read
			// timeout) is logged too, then passed on for net/http to close
			// the connection; so is a panic.
			cut := recover()
			switch {
			case cut == http.ErrAbortHandler:
				outcome = "cut off"
			case cut != nil:
				outcome = fmt.Sprint("panic: ", cut)
			}
			op := r.Header.Get("X-Amz-Target")
			if op == "" {
				op = r.URL.Path
			}
			log.Printf("%s %s %s -> %s (%s)", r.Proto, r.Method, op, outcome, time.Since(start).Round(time.Microsecond))
			if cut != nil {
				panic(cut)
			}
		}()
		h.ServeHTTP(rec, r)
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
