package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/coder/websocket"
	"golang.org/x/time/rate"

	"github.com/bithumb-go/bithumb/internal/memnet"
	"github.com/bithumb-go/bithumb/wsclient"
)

// watchApp is an app for calling runWatch directly, as the command does,
// with --ws-url set to wsURL.
func watchApp(wsURL string) (a *app, stdout, stderr *syncBuffer) {
	stdout, stderr = new(syncBuffer), new(syncBuffer)
	a = &app{stdin: strings.NewReader(""), stdout: stdout, stderr: stderr, lookup: mapEnv(nil), global: &globalOptions{wsURL: wsURL}}
	return a, stdout, stderr
}

// ownDialer gives the client its own transport (dial if non-nil) and an
// unlimited dial limiter, so that a synctest bubble shares nothing with
// other tests.
func ownDialer(dial func(ctx context.Context, network, addr string) (net.Conn, error)) func(*wsclient.Options) {
	return func(o *wsclient.Options) {
		o.HTTPClient = &http.Client{Transport: &http.Transport{DialContext: dial}}
		o.DialLimiter = rate.NewLimiter(rate.Inf, 1)
	}
}

// bounded is the test's context, ended after an hour of the bubble's
// fake clock: a watch that never gives up fails the test instead of
// hanging it.
func bounded(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeoutCause(t.Context(), time.Hour, errors.New("the watch did not end within an hour"))
	t.Cleanup(cancel)
	return ctx
}

// closedPort returns a loopback address where nothing listens: it
// listens, then closes.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// TestWatchClosedPortExits: the command, on a closed port with one
// attempt allowed, exits 1 at once with the cause.
func TestWatchClosedPortExits(t *testing.T) {
	t.Parallel()
	addr := closedPort(t)
	r := runCLI(t, nil, nil, "watch", "ticker", "KRW-BTC", "--skip-market-check", "--max-connect-failures", "1", "--timeout", "1m", "--ws-url", "ws://"+addr)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"bithumb: connecting to ws://" + addr + "/websocket/v1\n",
		"bithumb: cannot connect: ",
		"giving up after 1 failed connection attempt(s) without an event (--max-connect-failures)",
		"connection refused",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
}

// TestWatchGivesUpAfterMaxFailures: on a closed port, the default limit of
// five attempts, each reported with its backoff, then the last error.
func TestWatchGivesUpAfterMaxFailures(t *testing.T) {
	t.Parallel()
	addr := closedPort(t)
	synctest.Test(t, func(t *testing.T) {
		a, _, stderr := watchApp("ws://" + addr)
		o := &watchOptions{maxFailures: defaultMaxConnectFailures, skipMarketCheck: true, tune: ownDialer(nil)}
		start := time.Now()
		err := a.runWatch(bounded(t), "ticker", []string{"KRW-BTC"}, o)
		if err == nil || !strings.Contains(err.Error(), "giving up after 5 failed connection attempt(s)") || !strings.Contains(err.Error(), "connection refused") {
			t.Fatalf("err = %v", err)
		}
		if n := strings.Count(stderr.String(), "cannot connect: "); n != 5 {
			t.Errorf("%d failures reported, want 5:\n%s", n, stderr)
		}
		if !strings.Contains(stderr.String(), "(attempt 5, after ") {
			t.Errorf("the fifth attempt and its backoff are not reported:\n%s", stderr)
		}
		if time.Since(start) < wsclient.DefaultBackoffMin {
			t.Errorf("no backoff between attempts (%v)", time.Since(start))
		}
	})
}

// TestWatchWrongPathExits: a handshake answered 404 ends the command at
// once, with a hint about the path.
func TestWatchWrongPathExits(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/websocket/v9"
	r := runCLI(t, nil, nil, "watch", "ticker", "KRW-BTC", "--skip-market-check", "--ws-url", url)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1: %s", r.code, r.stderr)
	}
	for _, want := range []string{"connecting to " + url, "HTTP 404", "wrong path?"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
}

// TestWatchRefusedKeysExit: a private handshake answered 401 ends the
// command at once and points to the keys.
func TestWatchRefusedKeysExit(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, `{"error":{"name":"invalid_access_key","message":"잘못된 엑세스 키입니다."}}`, http.StatusUnauthorized)
	}))
	t.Cleanup(srv.Close)
	r := runCLI(t, nil, keyEnv(), "watch", "myAsset", "--timeout", "1m", "--ws-url", "ws"+strings.TrimPrefix(srv.URL, "http"))
	if r.code != 1 || !strings.Contains(r.stderr, "HTTP 401") || !strings.Contains(r.stderr, "bithumb auth show") {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
}

// TestWatchNoDNS: a name that does not resolve is reported and ends the
// watch after the allowed attempts. The resolver is a fake that answers
// NXDOMAIN, as for a name under .invalid.
func TestWatchNoDNS(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		a, _, stderr := watchApp("wss://ws-api.bithumb.invalid")
		nxdomain := func(_ context.Context, _, addr string) (net.Conn, error) {
			host, _, _ := net.SplitHostPort(addr)
			return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
		}
		o := &watchOptions{maxFailures: 3, skipMarketCheck: true, tune: ownDialer(nxdomain)}
		err := a.runWatch(bounded(t), "ticker", []string{"KRW-BTC"}, o)
		var dnsErr *net.DNSError
		if !errors.As(err, &dnsErr) || !strings.Contains(err.Error(), "giving up after 3 failed connection attempt(s)") {
			t.Fatalf("err = %v", err)
		}
		if !strings.Contains(stderr.String(), "lookup ws-api.bithumb.invalid: no such host") {
			t.Errorf("stderr:\n%s", stderr)
		}
	})
}

// silentServer is an in-memory WebSocket server that accepts every
// handshake the reject function lets through, sends frames on the n-th
// connection (from 0) as sendOn says, and then closes it if drop says so,
// else stays silent.
type silentServer struct {
	*memnet.Server
	mu    sync.Mutex
	conns int
	// reject returns the HTTP status to refuse handshake n with, or 0.
	reject func(n int) int
	// frames returns what to send on connection n, and whether to drop
	// the connection then.
	frames func(n int) ([]string, bool)
}

func newSilentServer(t *testing.T, s *silentServer) *silentServer {
	t.Helper()
	var wg sync.WaitGroup
	s.Server = memnet.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		n := s.conns
		s.conns++
		s.mu.Unlock()
		if s.reject != nil {
			if code := s.reject(n); code != 0 {
				w.WriteHeader(code)
				return
			}
		}
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		wg.Add(1)
		defer wg.Done()
		defer c.CloseNow()
		ctx := context.Background()
		if _, _, err := c.Read(ctx); err != nil { // the subscription request
			return
		}
		if s.frames != nil {
			frames, drop := s.frames(n)
			for _, f := range frames {
				if c.Write(ctx, websocket.MessageBinary, []byte(f)) != nil {
					return
				}
			}
			if drop {
				return
			}
		}
		for { // silent, answering pings, until the client leaves
			if _, _, err := c.Read(ctx); err != nil {
				return
			}
		}
	}))
	t.Cleanup(func() { s.Close(); wg.Wait() })
	return s
}

func (s *silentServer) tune(o *wsclient.Options) {
	o.HTTPClient = s.Client()
	o.DialLimiter = rate.NewLimiter(rate.Inf, 1)
}

// TestWatchTimeout: a server that accepts and then sends nothing; the
// watch ends when --timeout is reached, after being told it connected.
func TestWatchTimeout(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := newSilentServer(t, &silentServer{})
		a, stdout, stderr := watchApp("ws://memnet.test")
		o := &watchOptions{timeout: 30 * time.Second, maxFailures: 5, skipMarketCheck: true, tune: s.tune}
		start := time.Now()
		err := a.runWatch(bounded(t), "ticker", []string{"KRW-BTC"}, o)
		if err == nil || err.Error() != "--timeout 30s reached" {
			t.Fatalf("err = %v", err)
		}
		if d := time.Since(start); d != 30*time.Second {
			t.Errorf("ended after %v", d)
		}
		if !strings.Contains(stderr.String(), "bithumb: connected\n") || stdout.String() != "" {
			t.Errorf("stdout %q, stderr:\n%s", stdout, stderr)
		}
	})
}

// TestWatchTimeoutNamesTheLastError: when the time runs out while
// connecting fails, the error carries the last failure.
func TestWatchTimeoutNamesTheLastError(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := newSilentServer(t, &silentServer{reject: func(int) int { return http.StatusBadGateway }})
		a, _, _ := watchApp("ws://memnet.test")
		o := &watchOptions{timeout: 10 * time.Second, maxFailures: 0, skipMarketCheck: true, tune: s.tune}
		err := a.runWatch(bounded(t), "ticker", []string{"KRW-BTC"}, o)
		if err == nil || !strings.HasPrefix(err.Error(), "--timeout 10s reached (last connection error: ") || !strings.Contains(err.Error(), "HTTP 502") {
			t.Fatalf("err = %v", err)
		}
	})
}

// TestWatchFailuresAfterAnEventDoNotCount: once an event arrived, the
// watch reconnects through more failures than --max-connect-failures.
func TestWatchFailuresAfterAnEventDoNotCount(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := newSilentServer(t, &silentServer{
			// Connection 0 gets one ticker and dies; handshakes 1 to 4
			// fail; connection 5 gets the second ticker.
			reject: func(n int) int {
				if n >= 1 && n <= 4 {
					return http.StatusServiceUnavailable
				}
				return 0
			},
			frames: func(n int) ([]string, bool) { return []string{tickerFrame}, n == 0 },
		})
		a, stdout, stderr := watchApp("ws://memnet.test")
		o := &watchOptions{count: 2, maxFailures: 2, skipMarketCheck: true, tune: s.tune}
		if err := a.runWatch(bounded(t), "ticker", []string{"KRW-BTC"}, o); err != nil {
			t.Fatalf("err = %v\nstderr:\n%s", err, stderr)
		}
		if n := strings.Count(stdout.String(), "ticker    KRW-BTC"); n != 2 {
			t.Errorf("%d events:\n%s", n, stdout)
		}
		for _, want := range []string{"disconnected: ", "; reconnecting\n", "cannot connect: wsclient: handshake rejected: HTTP 503", "reconnected after 5 attempt(s); events between "} {
			if !strings.Contains(stderr.String(), want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr)
			}
		}
	})
}
