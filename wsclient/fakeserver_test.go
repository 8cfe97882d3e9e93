package wsclient

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/coder/websocket"
	"golang.org/x/time/rate"

	"github.com/bithumb-go/bithumb/internal/memnet"
)

// fakeServer is an in-memory stand-in for Bithumb's WebSocket: it records
// every handshake and every request, answers "PING" with {"status":"UP"},
// and lets a test push frames, drop connections, go silent, or reject
// handshakes.
//
// It serves on memnet, not on a socket, so that the tests run inside a
// synctest bubble: timeouts, pings, backoffs and rate limits run on the
// bubble's fake clock, and synctest.Wait tells when the client has
// handled everything it was sent.
type fakeServer struct {
	t   testing.TB
	srv *memnet.Server

	answerPings    atomic.Bool // answer ping frames with pongs
	answerTextPing atomic.Bool // answer "PING" with {"status":"UP"}
	pingFrames     atomic.Int64

	mu sync.Mutex
	// reject, when set, is called for every handshake (n counts from 0)
	// and returns an HTTP status to reject it with, or 0 to accept.
	reject func(n int, r *http.Request) int
	dials  []time.Time
	auths  []string
	conns  []*fakeConn
	newc   chan *fakeConn
}

// fakeConn is the server side of one connection.
type fakeConn struct {
	s         *fakeServer
	c         *websocket.Conn
	reqs      chan string // subscription requests, in order
	textPings atomic.Int64
	done      chan struct{} // closed when the connection's read fails
}

func newFakeServer(t testing.TB) *fakeServer {
	t.Helper()
	f := &fakeServer{t: t, newc: make(chan *fakeConn, 1000)}
	f.answerPings.Store(true)
	f.answerTextPing.Store(true)
	f.srv = memnet.NewServer(http.HandlerFunc(f.handle))
	t.Cleanup(f.close)
	return f
}

// url returns the ws:// URL of path on the server.
func (f *fakeServer) url(path string) string {
	return "ws" + strings.TrimPrefix(f.srv.URL, "http") + path
}

func (f *fakeServer) handle(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	n := len(f.dials)
	f.dials = append(f.dials, time.Now())
	f.auths = append(f.auths, r.Header.Get("Authorization"))
	reject := f.reject
	f.mu.Unlock()
	if reject != nil {
		if code := reject(n, r); code != 0 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(code)
			_, _ = w.Write([]byte(`{"error":{"name":"rejected","message":"test"}}`))
			return
		}
	}
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		OnPingReceived: func(context.Context, []byte) bool {
			f.pingFrames.Add(1)
			return f.answerPings.Load()
		},
	})
	if err != nil {
		return
	}
	fc := &fakeConn{s: f, c: c, reqs: make(chan string, 1000), done: make(chan struct{})}
	f.mu.Lock()
	f.conns = append(f.conns, fc)
	f.mu.Unlock()
	f.newc <- fc
	defer close(fc.done)
	for {
		_, data, err := c.Read(context.Background())
		if err != nil {
			return
		}
		if string(data) == "PING" {
			fc.textPings.Add(1)
			if f.answerTextPing.Load() {
				fc.send(`{"status":"UP"}`)
			}
			continue
		}
		fc.reqs <- string(data)
	}
}

// setReject installs a handshake rejection policy (see reject).
func (f *fakeServer) setReject(fn func(n int, r *http.Request) int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reject = fn
}

func (f *fakeServer) close() {
	f.mu.Lock()
	conns := f.conns
	f.mu.Unlock()
	for _, fc := range conns {
		_ = fc.c.CloseNow()
		<-fc.done
	}
	f.srv.Close()
}

// conn waits for the next accepted connection.
func (f *fakeServer) conn() *fakeConn {
	f.t.Helper()
	select {
	case fc := <-f.newc:
		return fc
	case <-time.After(5 * time.Second):
		f.t.Fatal("fake server: no connection")
		return nil
	}
}

func (f *fakeServer) dialTimes() []time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Time(nil), f.dials...)
}

func (f *fakeServer) authorizations() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.auths...)
}

// request waits for the next subscription request on the connection.
func (fc *fakeConn) request() string {
	fc.s.t.Helper()
	select {
	case r := <-fc.reqs:
		return r
	case <-time.After(5 * time.Second):
		fc.s.t.Fatal("fake server: no subscription request")
		return ""
	}
}

// send writes msg as a binary frame, as Bithumb does.
func (fc *fakeConn) send(msg string) { fc.sendAs(websocket.MessageBinary, msg) }

func (fc *fakeConn) sendAs(typ websocket.MessageType, msg string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = fc.c.Write(ctx, typ, []byte(msg))
}

// drop closes the TCP connection without a close frame.
func (fc *fakeConn) drop() { _ = fc.c.CloseNow() }

// testOptions returns options for a client of the fake server with short
// timings and its own unlimited dial limiter (only TestDialRateLimit uses
// the process-wide one, which parallel tests would otherwise share).
func testOptions(f *fakeServer, path string) Options {
	return Options{
		URL:          f.url(path),
		HTTPClient:   f.srv.Client(),
		DialLimiter:  rate.NewLimiter(rate.Inf, 1),
		BackoffMin:   5 * time.Millisecond,
		BackoffMax:   20 * time.Millisecond,
		StableAfter:  time.Hour,
		StallTimeout: -1,
		PingInterval: -1,
		Ticket:       "test",
	}
}

func newTestClient(t testing.TB, opts Options) *Client {
	t.Helper()
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// next returns the subscription's next event within 5s.
func next(t testing.TB, sub *Subscription) Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ev, err := sub.Next(ctx)
	if err != nil {
		t.Fatalf("Next: %v", err)
	}
	return ev
}

// nextAs returns the next event, which must be a T.
func nextAs[T Event](t testing.TB, sub *Subscription) T {
	t.Helper()
	ev := next(t, sub)
	v, ok := ev.(T)
	if !ok {
		var zero T
		t.Fatalf("event %T %+v, want %T", ev, ev, zero)
	}
	return v
}

// noEvent checks that nothing arrives within d (of the bubble's clock).
func noEvent(t testing.TB, sub *Subscription, d time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if ev, err := sub.Next(ctx); err == nil {
		t.Fatalf("unexpected event %T %+v", ev, ev)
	}
}

// settled waits until every goroutine of the bubble is blocked (the
// client has handled everything the server sent, and the server
// everything the client sent) and then checks cond. Call it only inside
// a synctest bubble.
func settled(t testing.TB, what string, cond func() bool) {
	t.Helper()
	synctest.Wait()
	if !cond() {
		t.Fatalf("not so once everything settled: %s", what)
	}
}

func tickerMsg(code string, st StreamType, price string) string {
	return `{"type":"ticker","code":"` + code + `","trade_price":` + price + `,"stream_type":"` + string(st) + `"}`
}
