package kinesisfake

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// AdminPrefix is where ServerHandler's admin routes live: a path no AWS
// client sends (they all POST to /), so they can never be mistaken for the
// Kinesis API.
const AdminPrefix = "/_kinesisfake/"

// ServerHandler is Handler with the admin routes of cmd/kinesisfake-server
// in front of it, for tests in other languages and for Go tests that serve
// the Fake as the server does (httptest.NewServer(f.ServerHandler())):
//
//	GET  /_kinesisfake/health                  200 {"status":"ok"}
//	POST /_kinesisfake/reset                   drop every stream, consumer, fault and the call log
//	GET  /_kinesisfake/clock                   {"now":"...","manual":true|false}
//	POST /_kinesisfake/clock/advance?by=90s    move a manual clock forward (or back, by=-1s)
//	POST /_kinesisfake/clock/set?to=RFC3339    set a manual clock
//
// The routes that move the clock need the Fake to run on a *ManualClock
// (WithClock; the server's -manual-clock); on another clock they answer
// 409. Every answer is JSON.
func (f *Fake) ServerHandler() http.Handler {
	clock, _ := f.clock.(*ManualClock)
	h := f.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route, isAdmin := strings.CutPrefix(r.URL.Path, AdminPrefix)
		if !isAdmin {
			h.ServeHTTP(w, r)
			return
		}
		a := admin{f: f, clock: clock, w: w, r: r}
		switch route {
		case "health":
			a.only(http.MethodGet, func() { a.reply(http.StatusOK, map[string]any{"status": "ok"}) })
		case "reset":
			a.only(http.MethodPost, func() {
				f.Reset()
				a.reply(http.StatusOK, map[string]any{})
			})
		case "clock":
			a.only(http.MethodGet, a.now)
		case "clock/advance":
			a.only(http.MethodPost, func() {
				a.moveClock("by", func(v string) error {
					d, err := time.ParseDuration(v)
					if err == nil {
						clock.Advance(d)
					}
					return err
				})
			})
		case "clock/set":
			a.only(http.MethodPost, func() {
				a.moveClock("to", func(v string) error {
					t, err := time.Parse(time.RFC3339Nano, v)
					if err == nil {
						clock.Set(t)
					}
					return err
				})
			})
		default:
			a.reply(http.StatusNotFound, map[string]any{"error": "no admin route " + r.URL.Path})
		}
	})
}

// admin answers one admin request.
type admin struct {
	f     *Fake
	clock *ManualClock
	w     http.ResponseWriter
	r     *http.Request
}

// only runs serve if the request's method is method, else answers 405.
func (a admin) only(method string, serve func()) {
	if a.r.Method != method {
		a.w.Header().Set("Allow", method)
		a.reply(http.StatusMethodNotAllowed, map[string]any{"error": a.r.URL.Path + " takes " + method})
		return
	}
	serve()
}

// now answers with the Fake's clock's time, whatever the clock.
func (a admin) now() {
	a.reply(http.StatusOK, map[string]any{"now": a.f.now().UTC().Format(time.RFC3339Nano), "manual": a.clock != nil})
}

// moveClock moves the manual clock with move, which parses the query
// parameter param and moves the clock only if it parses, and answers with
// the new time.
func (a admin) moveClock(param string, move func(string) error) {
	if a.clock == nil {
		a.reply(http.StatusConflict, map[string]any{"error": "the Fake's clock is not a ManualClock (the server: start it with -manual-clock)"})
		return
	}
	v := a.r.URL.Query().Get(param)
	if v == "" {
		a.reply(http.StatusBadRequest, map[string]any{"error": "missing query parameter " + param})
		return
	}
	if err := move(v); err != nil {
		a.reply(http.StatusBadRequest, map[string]any{"error": err.Error()})
		return
	}
	a.now()
}

// reply writes a JSON answer.
func (a admin) reply(status int, v map[string]any) {
	a.w.Header().Set("Content-Type", "application/json")
	a.w.WriteHeader(status)
	_ = json.NewEncoder(a.w).Encode(v)
}
