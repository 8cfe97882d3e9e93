package sim

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/coder/websocket"
	"golang.org/x/time/rate"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/internal/memnet"
	"github.com/bithumb-go/bithumb/middleware"
	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/bithumb-go/bithumb/sim/clock"
	"github.com/bithumb-go/bithumb/wsclient"
)

// withWSTrace sees every WebSocket frame the simulator sends.
func withWSTrace(fn func(endpoint string, frame []byte, deliberate bool)) Option {
	return func(o *options) error { o.wsTrace = fn; return nil }
}

// sentFrame is one frame the simulator sent.
type sentFrame struct {
	endpoint   string
	data       []byte
	deliberate bool
}

// frameRecorder keeps every frame sent during a test.
type frameRecorder struct {
	mu     sync.Mutex
	frames []sentFrame
}

func (r *frameRecorder) record(endpoint string, frame []byte, deliberate bool) {
	r.mu.Lock()
	r.frames = append(r.frames, sentFrame{endpoint, append([]byte(nil), frame...), deliberate})
	r.mu.Unlock()
}

func (r *frameRecorder) all() []sentFrame {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]sentFrame(nil), r.frames...)
}

// wsFixture is a simulator with a fake exchange clock (the market moves
// only when the test advances it) served on memnet, with the root REST
// client and helpers for WebSocket clients.
//
// Tests that use it run inside a synctest bubble (wsTest): the wall clock
// of the simulator and of the clients (idle timeouts, status cadence,
// pings, backoffs, handshake limits) is the bubble's fake clock, and
// synctest.Wait tells when the server and the clients have handled
// everything sent so far.
type wsFixture struct {
	t      *testing.T
	s      *Server
	ts     *memnet.Server
	clock  *clock.Fake
	key    auth.Key
	client *bithumb.Client
	rec    *frameRecorder
}

// wsTest runs a WebSocket test in a synctest bubble.
func wsTest(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	synctest.Test(t, f)
}

// newWSFixture starts a simulator; edit adjusts its configuration. At
// cleanup the server is closed and every frame it sent is decoded by
// wsclient (checkFramesDecode). Call it inside wsTest.
func newWSFixture(t *testing.T, edit func(*Config), opts ...Option) *wsFixture {
	t.Helper()
	cfg := Config{HistoryDays: 20}
	cfg.WebSocket.Tick = clock.Duration(10 * time.Millisecond)
	if edit != nil {
		edit(&cfg)
	}
	f := &wsFixture{t: t, clock: clock.NewFake(testStart), rec: &frameRecorder{}}
	s, err := New(append([]Option{WithConfig(cfg), WithClock(f.clock), withWSTrace(f.rec.record)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	f.s, f.key = s, s.Keys()[0]
	f.ts = memnet.NewServer(s)
	f.client, err = bithumb.New(bithumb.WithBaseURL(f.ts.URL), bithumb.WithKeys(f.key.AccessKey, f.key.SecretKey),
		bithumb.WithHTTPClient(f.ts.Client()), bithumb.WithoutRateLimit(), bithumb.WithMaxAttempts(1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		f.ts.Close()
		if err := s.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
		if st := s.WebSocket().Stats(); st.Open != 0 {
			t.Errorf("%d connections open after Close", st.Open)
		}
		checkFramesDecode(t, f.rec.all())
	})
	return f
}

// url returns the ws:// URL of an endpoint path.
func (f *wsFixture) url(path string) string {
	return "ws" + strings.TrimPrefix(f.ts.URL, "http") + path
}

// wsOptions are options for a wsclient of the fixture: no process-wide
// dial limiter, quick backoff, no watchdogs unless the test sets them.
func (f *wsFixture) wsOptions(path string) wsclient.Options {
	return wsclient.Options{
		URL:                 f.url(path),
		HTTPClient:          f.ts.Client(),
		DialLimiter:         rate.NewLimiter(rate.Inf, 1),
		BackoffMin:          5 * time.Millisecond,
		BackoffMax:          20 * time.Millisecond,
		StableAfter:         time.Hour,
		PingInterval:        -1,
		StallTimeout:        -1,
		PrivateStallTimeout: -1,
		Ticket:              "sim-test",
	}
}

// signer signs private handshakes with key.
func signer(t testing.TB, k auth.Key) *middleware.JWTSigner {
	t.Helper()
	s, err := middleware.NewJWTSigner(k.AccessKey, k.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// wsClient returns a wsclient closed at cleanup; after the test it must
// have decoded every message it received (see checkClean).
func (f *wsFixture) wsClient(opts wsclient.Options) *wsclient.Client {
	f.t.Helper()
	c, err := wsclient.New(opts)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { _ = c.Close() })
	return c
}

func (f *wsFixture) publicClient(edit func(*wsclient.Options)) *wsclient.Client {
	o := f.wsOptions(WebSocketPath)
	if edit != nil {
		edit(&o)
	}
	return f.wsClient(o)
}

func (f *wsFixture) privateClient(path string, edit func(*wsclient.Options)) *wsclient.Client {
	o := f.wsOptions(path)
	o.Signer = signer(f.t, f.key)
	if edit != nil {
		edit(&o)
	}
	return f.wsClient(o)
}

// subscribe subscribes within 5 s.
func subscribe(t testing.TB, c *wsclient.Client, s wsclient.Stream, opts ...wsclient.SubscribeOption) *wsclient.Subscription {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	sub, err := c.Subscribe(ctx, s, opts...)
	if err != nil {
		t.Fatalf("subscribe %s: %v", s, err)
	}
	return sub
}

// nextEvent returns the subscription's next event within 5 s.
func nextEvent(t testing.TB, sub *wsclient.Subscription) wsclient.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ev, err := sub.Next(ctx)
	if err != nil {
		t.Fatalf("next event of %s: %v", sub.Stream(), err)
	}
	return ev
}

// expect returns the next event, which must be a T.
func expect[T wsclient.Event](t testing.TB, sub *wsclient.Subscription) T {
	t.Helper()
	ev := nextEvent(t, sub)
	v, ok := ev.(T)
	if !ok {
		var zero T
		t.Fatalf("%s: event %T %+v, want %T", sub.Stream(), ev, ev, zero)
	}
	return v
}

// quiet checks that no event arrives within d.
func quiet(t testing.TB, sub *wsclient.Subscription, d time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	if ev, err := sub.Next(ctx); err == nil {
		t.Fatalf("%s: unexpected event %T %+v", sub.Stream(), ev, ev)
	}
}

// checkClean checks that a client decoded everything it received.
func checkClean(t testing.TB, c *wsclient.Client) {
	t.Helper()
	if st := c.Stats(); st.DecodeErrors != 0 || st.Unknown != 0 {
		t.Errorf("client stats %+v: messages it could not decode", st)
	}
}

// waitRequests waits until the server has handled everything sent to it
// and checks that it handled n subscription requests (requests have no
// acknowledgement).
func (f *wsFixture) waitRequests(n uint64) {
	f.t.Helper()
	synctest.Wait()
	if got := f.s.WebSocket().Stats().Requests; got != n {
		f.t.Fatalf("the server handled %d requests, want %d", got, n)
	}
}

// advance moves the exchange clock and lets the exchange catch up.
func (f *wsFixture) advance(d time.Duration) {
	f.clock.Advance(d)
	f.s.Engine().Advance()
}

// raw opens a plain WebSocket connection (requests the client would
// refuse to send), closed at cleanup.
func (f *wsFixture) raw(path string, hdr http.Header) *websocket.Conn {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, f.url(path), &websocket.DialOptions{HTTPClient: f.ts.Client(), HTTPHeader: hdr})
	if err != nil {
		f.t.Fatalf("dial %s: %v", path, err)
	}
	c.SetReadLimit(1 << 20)
	f.t.Cleanup(func() { _ = c.CloseNow() })
	return c
}

func writeText(t testing.TB, c *websocket.Conn, msg string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
		t.Fatalf("write %q: %v", msg, err)
	}
}

// readFrame reads one message within d; it fails the test on a timeout.
func readFrame(t testing.TB, c *websocket.Conn, d time.Duration) (websocket.MessageType, []byte) {
	t.Helper()
	typ, b, err := tryRead(c, d)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return typ, b
}

// tryRead reads one message within d. coder/websocket closes the
// connection when a read's context expires, so a timeout ends the
// connection: use it last.
func tryRead(c *websocket.Conn, d time.Duration) (websocket.MessageType, []byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	return c.Read(ctx)
}

// readObject reads one message and decodes it into a map.
func readObject(t testing.TB, c *websocket.Conn) map[string]any {
	t.Helper()
	typ, b := readFrame(t, c, 5*time.Second)
	if typ != websocket.MessageBinary {
		t.Errorf("frame type %v, want binary: %s", typ, b)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("message %s: %v", b, err)
	}
	return m
}

// checkFramesDecode replays every frame the simulator sent (except those
// malformed on purpose) to wsclient through a memnet WebSocket server,
// one client per endpoint kind (public, private v2, private v1, so that
// myOrder is decoded with its endpoint's names), and fails the test on
// any message wsclient cannot decode or does not know.
func checkFramesDecode(t *testing.T, frames []sentFrame) {
	t.Helper()
	byPath := map[string][][]byte{}
	for _, f := range frames {
		if !f.deliberate {
			byPath[f.endpoint] = append(byPath[f.endpoint], f.data)
		}
	}
	for path, list := range byPath {
		replayDecode(t, path, list)
	}
}

func replayDecode(t *testing.T, path string, frames [][]byte) {
	t.Helper()
	served := make(chan struct{})
	var once sync.Once
	srv := memnet.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		ctx := r.Context()
		if _, _, err := c.Read(ctx); err != nil { // the subscription request
			return
		}
		first := false
		once.Do(func() { first = true })
		if !first {
			return
		}
		defer close(served)
		for _, f := range frames {
			if err := c.Write(ctx, websocket.MessageBinary, f); err != nil {
				t.Errorf("replay: %v", err)
				return
			}
		}
		// Hold the connection until the client closes it.
		_, _, _ = c.Read(ctx)
	}))
	defer srv.Close()
	opts := wsclient.Options{
		URL:         "ws" + strings.TrimPrefix(srv.URL, "http") + path,
		HTTPClient:  srv.Client(),
		DialLimiter: rate.NewLimiter(rate.Inf, 1), PingInterval: -1, StallTimeout: -1, PrivateStallTimeout: -1,
		BackoffMin: time.Millisecond, BackoffMax: 10 * time.Millisecond,
	}
	stream := wsclient.Tickers("KRW-BTC")
	if path != WebSocketPath {
		opts.Signer = middlewareSignerForReplay(t)
		stream = wsclient.MyAssets()
	}
	c, err := wsclient.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	subscribe(t, c, stream)
	total := func() uint64 {
		st := c.Stats()
		return st.Messages + st.StatusMessages + st.ServerErrors + st.Unknown + st.DecodeErrors
	}
	synctest.Wait() // the client has read all it was sent
	if total() != uint64(len(frames)) {
		t.Fatalf("replay of %s: %d of %d frames read", path, total(), len(frames))
	}
	if st := c.Stats(); st.DecodeErrors != 0 || st.Unknown != 0 {
		t.Errorf("replay of %d frames of %s: %d undecodable, %d of unknown type", len(frames), path, st.DecodeErrors, st.Unknown)
		for _, f := range frames {
			t.Logf("frame %s", f)
		}
	}
	_ = c.Close()
	select {
	case <-served:
	case <-time.After(5 * time.Second):
		t.Error("replay server did not finish")
	}
}

func middlewareSignerForReplay(t testing.TB) *middleware.JWTSigner {
	return signer(t, auth.Key{AccessKey: "replay-access-key", SecretKey: "replay-secret-key"})
}

// errorsAs is errors.As for a target type.
func errorsAs[T error](err error) (T, bool) {
	var v T
	ok := errors.As(err, &v)
	return v, ok
}
