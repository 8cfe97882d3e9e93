package wsclient

import (
	"context"
	"encoding/base64"
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

	"github.com/bithumb-go/bithumb/middleware"
)

// TestSubscriptionUnion checks, at the server, that every request carries
// the union of the open subscriptions, that unsubscribing sends the reduced
// set, and that overlapping subscriptions each get their own messages.
func TestSubscriptionUnion(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		c := newTestClient(t, testOptions(f, "/websocket/v1"))
		ctx := t.Context()

		s1, err := c.Subscribe(ctx, Tickers("KRW-BTC"))
		if err != nil {
			t.Fatal(err)
		}
		fc := f.conn()
		want := func(req string) {
			t.Helper()
			if got := fc.request(); got != req {
				t.Fatalf("request\n got %s\nwant %s", got, req)
			}
		}
		want(`[{"ticket":"test"},{"type":"ticker","codes":["KRW-BTC"]},{"format":"DEFAULT"}]`)

		s2, err := c.Subscribe(ctx, Trades("KRW-ETH", "KRW-BTC"))
		if err != nil {
			t.Fatal(err)
		}
		want(`[{"ticket":"test"},{"type":"ticker","codes":["KRW-BTC"]},{"type":"trade","codes":["KRW-BTC","KRW-ETH"]},{"format":"DEFAULT"}]`)

		s3, err := c.Subscribe(ctx, Tickers("KRW-XRP", "KRW-BTC"))
		if err != nil {
			t.Fatal(err)
		}
		want(`[{"ticket":"test"},{"type":"ticker","codes":["KRW-BTC","KRW-XRP"]},{"type":"trade","codes":["KRW-BTC","KRW-ETH"]},{"format":"DEFAULT"}]`)

		// Overlap: KRW-BTC tickers go to s1 and s3, KRW-XRP to s3 only, trades
		// to s2 only.
		fc.send(tickerMsg("KRW-BTC", StreamRealtime, "100"))
		fc.send(tickerMsg("KRW-XRP", StreamRealtime, "1"))
		fc.send(`{"type":"trade","code":"KRW-ETH","trade_price":5,"sequential_id":"1"}`)
		if tk := nextAs[*Ticker](t, s1); tk.Code != "KRW-BTC" {
			t.Fatalf("s1 got %s", tk.Code)
		}
		if tk := nextAs[*Ticker](t, s3); tk.Code != "KRW-BTC" {
			t.Fatalf("s3 got %s", tk.Code)
		}
		if tk := nextAs[*Ticker](t, s3); tk.Code != "KRW-XRP" {
			t.Fatalf("s3 got %s", tk.Code)
		}
		if tr := nextAs[*Trade](t, s2); tr.Code != "KRW-ETH" {
			t.Fatalf("s2 got %s", tr.Code)
		}
		noEvent(t, s1, 20*time.Millisecond)

		// Unsubscribing resends the reduced set; KRW-BTC stays for s3.
		_ = s1.Close()
		want(`[{"ticket":"test"},{"type":"ticker","codes":["KRW-BTC","KRW-XRP"]},{"type":"trade","codes":["KRW-BTC","KRW-ETH"]},{"format":"DEFAULT"}]`)
		_ = s3.Close()
		want(`[{"ticket":"test"},{"type":"trade","codes":["KRW-BTC","KRW-ETH"]},{"format":"DEFAULT"}]`)
		if !errors.Is(s1.Err(), ErrSubscriptionClosed) {
			t.Fatalf("s1.Err() = %v", s1.Err())
		}

		// The last Close disconnects; a new Subscribe connects again.
		_ = s2.Close()
		select {
		case <-fc.done:
		case <-time.After(5 * time.Second):
			t.Fatal("connection not closed after the last unsubscribe")
		}
		if _, err := c.Subscribe(ctx, Orderbooks("KRW-BTC.5")); err != nil {
			t.Fatal(err)
		}
		fc = f.conn()
		want(`[{"ticket":"test"},{"type":"orderbook","codes":["KRW-BTC.5"]},{"format":"DEFAULT"}]`)
		if st := c.Stats(); st.Dials != 2 || st.Reconnects != 0 || st.Subscriptions != 1 {
			t.Fatalf("stats %+v", st)
		}
	})
}

// TestNoRequestWithoutChange: a wake-up of the connection for a change
// that the last request already carried (Subscribe's, when the supervisor
// connected and sent the set before Subscribe woke it) sends nothing.
func TestNoRequestWithoutChange(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		c := newTestClient(t, testOptions(f, "/websocket/v1"))
		if _, err := c.Subscribe(t.Context(), Tickers("KRW-BTC")); err != nil {
			t.Fatal(err)
		}
		fc := f.conn()
		fc.request()
		c.poke()
		synctest.Wait()
		select {
		case r := <-fc.reqs:
			t.Fatalf("a second request for the same set: %s", r)
		default:
		}
		if _, err := c.Subscribe(t.Context(), Trades("KRW-BTC")); err != nil {
			t.Fatal(err)
		}
		if r := fc.request(); !strings.Contains(r, `"trade"`) {
			t.Fatalf("request after a change: %s", r)
		}
	})
}

// TestReconnectResubscribes drops the connection server-side and expects
// Disconnected, Reconnected (with the gap) before any new data, and the
// full subscription set on the new connection.
func TestReconnectResubscribes(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		c := newTestClient(t, testOptions(f, "/websocket/v1"))
		ctx := t.Context()
		tick, err := c.Subscribe(ctx, Tickers("KRW-BTC"))
		if err != nil {
			t.Fatal(err)
		}
		book, err := c.Subscribe(ctx, Orderbooks("KRW-ETH"))
		if err != nil {
			t.Fatal(err)
		}
		fc := f.conn()
		fc.request()
		full := fc.request()

		fc.drop()
		fc2 := f.conn()
		if got := fc2.request(); got != full {
			t.Fatalf("resubscribed with\n%s\nwant\n%s", got, full)
		}
		fc2.send(tickerMsg("KRW-BTC", StreamSnapshot, "7"))

		for _, sub := range []*Subscription{tick, book} {
			d := nextAs[*Disconnected](t, sub)
			r := nextAs[*Reconnected](t, sub)
			if d.Err == nil || r.Cause == nil {
				t.Fatalf("no cause: %+v %+v", d, r)
			}
			if !r.DisconnectedAt.Equal(d.At) || r.ReconnectedAt.Before(r.DisconnectedAt) || r.Gap() < 0 {
				t.Fatalf("gap %v → %v", r.DisconnectedAt, r.ReconnectedAt)
			}
			if r.Attempts != 1 {
				t.Fatalf("attempts %d", r.Attempts)
			}
		}
		if tk := nextAs[*Ticker](t, tick); tk.StreamType != StreamSnapshot || tk.TradePrice.String() != "7" {
			t.Fatalf("after reconnect: %+v", tk)
		}
		if st := c.Stats(); st.Reconnects != 1 || st.Dials != 2 {
			t.Fatalf("stats %+v", st)
		}
	})
}

// TestStallWatchdog: the server keeps the connection open and answers
// pings but sends no data; the watchdog replaces the connection.
func TestStallWatchdog(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		opts := testOptions(f, "/websocket/v1")
		opts.StallTimeout = 100 * time.Millisecond
		opts.PingInterval = 20 * time.Millisecond
		c := newTestClient(t, opts)
		sub, err := c.Subscribe(t.Context(), Trades("KRW-BTC"))
		if err != nil {
			t.Fatal(err)
		}
		fc := f.conn()
		fc.request()
		start := time.Now()
		d := nextAs[*Disconnected](t, sub)
		if !errors.Is(d.Err, ErrStalled) {
			t.Fatalf("cause %v, want ErrStalled", d.Err)
		}
		if el := time.Since(start); el < opts.StallTimeout {
			t.Fatalf("stall declared after %v, before the %v timeout", el, opts.StallTimeout)
		}
		select {
		case <-fc.done:
		case <-time.After(5 * time.Second):
			t.Fatal("stalled connection not closed")
		}
		f.conn().request()
		if r := nextAs[*Reconnected](t, sub); !errors.Is(r.Cause, ErrStalled) {
			t.Fatalf("Reconnected cause %v", r.Cause)
		}
		if c.Stats().Stalls < 1 {
			t.Fatalf("stats %+v", c.Stats())
		}
	})
}

// TestNoPongWatchdog: the server stops answering pings and PING; the
// connection is declared dead although it is still open.
func TestNoPongWatchdog(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		f.answerPings.Store(false)
		f.answerTextPing.Store(false)
		opts := testOptions(f, "/websocket/v1")
		opts.PingInterval = 30 * time.Millisecond
		opts.PongTimeout = 30 * time.Millisecond
		c := newTestClient(t, opts)
		sub, err := c.Subscribe(t.Context(), Trades("KRW-BTC"))
		if err != nil {
			t.Fatal(err)
		}
		f.conn().request()
		if d := nextAs[*Disconnected](t, sub); !errors.Is(d.Err, ErrNoPong) {
			t.Fatalf("cause %v, want ErrNoPong", d.Err)
		}
		if c.Stats().NoPongs < 1 {
			t.Fatalf("stats %+v", c.Stats())
		}
	})
}

// TestPingAndStatusUP: the client sends ping frames and "PING"; the
// server's pongs and {"status":"UP"} keep a data-less connection alive.
func TestPingAndStatusUP(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		opts := testOptions(f, "/websocket/v1")
		opts.PingInterval = 20 * time.Millisecond
		opts.PongTimeout = 40 * time.Millisecond
		c := newTestClient(t, opts)
		sub, err := c.Subscribe(t.Context(), Tickers("KRW-BTC"))
		if err != nil {
			t.Fatal(err)
		}
		fc := f.conn()
		fc.request()
		time.Sleep(3*opts.PingInterval + opts.PingInterval/2)
		settled(t, "3 PINGs and pongs in 3.5 ping intervals", func() bool {
			return fc.textPings.Load() == 3 && f.pingFrames.Load() == 3 && c.Stats().StatusMessages == 3
		})
		noEvent(t, sub, 50*time.Millisecond) // status messages are not events
		if st := c.Stats(); st.Dials != 1 || st.NoPongs != 0 || st.Messages != 0 {
			t.Fatalf("stats %+v", st)
		}
	})
}

// TestHandshake429Backoff: 429 answers make the client wait at least
// RateLimitBackoff between dials, then it connects.
func TestHandshake429Backoff(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		f.setReject(func(n int, _ *http.Request) int {
			if n < 3 {
				return http.StatusTooManyRequests
			}
			return 0
		})
		opts := testOptions(f, "/websocket/v1")
		opts.RateLimitBackoff = 80 * time.Millisecond
		opts.BackoffMin, opts.BackoffMax = time.Millisecond, time.Millisecond
		c := newTestClient(t, opts)
		if _, err := c.Subscribe(t.Context(), Tickers("KRW-BTC")); err != nil {
			t.Fatal(err)
		}
		dials := f.dialTimes()
		if len(dials) != 4 {
			t.Fatalf("%d dials, want 4", len(dials))
		}
		for i := 1; i < len(dials); i++ {
			if gap := dials[i].Sub(dials[i-1]); gap < opts.RateLimitBackoff {
				t.Fatalf("dial %d only %v after a 429", i, gap)
			}
		}
		if st := c.Stats(); st.RateLimited != 3 || st.DialErrors != 3 || st.Connects != 1 {
			t.Fatalf("stats %+v", st)
		}
	})
}

// TestDialRateLimit: clients that fail to connect as fast as they can stay
// at or below 10 dials per second in total, as counted by the server on
// the bubble's clock. Not parallel: it uses the process-wide dial limiter
// on purpose.
func TestDialRateLimit(t *testing.T) {
	// Every bubble's clock starts at the same instant, so the limiter
	// that an earlier run of this test used holds reservations in this
	// run's future: start from a fresh one.
	saved := processDialLimiter
	processDialLimiter = rate.NewLimiter(DefaultDialRate, 1)
	defer func() { processDialLimiter = saved }()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		ctx, cancel := context.WithTimeout(t.Context(), 2500*time.Millisecond)
		defer cancel()
		f.setReject(func(n int, _ *http.Request) int {
			if n >= 100 {
				cancel() // no limit at all: stop the storm, the count below fails
			}
			return http.StatusServiceUnavailable
		})
		var wg sync.WaitGroup
		for range 5 {
			opts := testOptions(f, "/websocket/v1")
			opts.BackoffMin, opts.BackoffMax = time.Microsecond, time.Microsecond
			opts.DialLimiter = nil // the process-wide limiter
			c := newTestClient(t, opts)
			wg.Go(func() {
				_, err := c.Subscribe(ctx, Tickers("KRW-BTC"))
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("Subscribe: %v", err)
				}
				var he *HandshakeError
				if !errors.As(err, &he) || he.StatusCode != 503 {
					t.Errorf("Subscribe error %v does not carry the handshake error", err)
				}
			})
		}
		wg.Wait()
		dials := f.dialTimes()
		if len(dials) < 20 {
			t.Fatalf("only %d dials in 2.5s at %v per second", len(dials), DefaultDialRate)
		}
		maxInWindow := 0
		for i := range dials {
			n := 0
			for j := i; j < len(dials) && dials[j].Sub(dials[i]) < time.Second; j++ {
				n++
			}
			maxInWindow = max(maxInWindow, n)
		}
		t.Logf("%d dials, at most %d in any 1s window", len(dials), maxInWindow)
		if maxInWindow > 10 {
			t.Fatalf("%d dials within one second", maxInWindow)
		}
	})
}

// TestPrivateHandshake: the private handshake carries a Bearer JWT, a
// fresh one on every connect.
func TestPrivateHandshake(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		signer, err := middleware.NewJWTSigner("test-access-key", "test-secret-key")
		if err != nil {
			t.Fatal(err)
		}
		opts := testOptions(f, "/websocket/v2/private")
		opts.Signer = signer
		c := newTestClient(t, opts)
		if !c.Private() {
			t.Fatal("client with a Signer is not private")
		}
		sub, err := c.Subscribe(t.Context(), MyOrders())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Subscribe(t.Context(), Tickers("KRW-BTC")); !errors.Is(err, ErrInvalidSubscription) {
			t.Fatalf("public stream on a private client: %v", err)
		}
		fc := f.conn()
		fc.request()
		fc.drop()
		f.conn().request()
		nextAs[*Disconnected](t, sub)
		nextAs[*Reconnected](t, sub)

		auths := f.authorizations()
		if len(auths) != 2 {
			t.Fatalf("%d handshakes", len(auths))
		}
		if auths[0] == auths[1] {
			t.Fatal("the same token was sent twice")
		}
		for _, a := range auths {
			tok, ok := strings.CutPrefix(a, "Bearer ")
			parts := strings.Split(tok, ".")
			if !ok || len(parts) != 3 {
				t.Fatalf("Authorization %q is not a Bearer JWT", a)
			}
			payload, err := base64.RawURLEncoding.DecodeString(parts[1])
			if err != nil {
				t.Fatal(err)
			}
			var claims map[string]any
			if err := json.Unmarshal(payload, &claims); err != nil {
				t.Fatal(err)
			}
			if claims["access_key"] != "test-access-key" || claims["nonce"] == "" || claims["timestamp"] == nil {
				t.Fatalf("claims %v", claims)
			}
			if _, ok := claims["query_hash"]; ok {
				t.Fatalf("handshake token has a query_hash: %v", claims)
			}
		}
	})
}

// TestPrivateStreams routes myOrder (v2 and legacy v1) and myAsset.
func TestPrivateStreams(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		signer, err := middleware.NewJWTSigner("a", "b")
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/websocket/v2/private", "/websocket/v1/private"} {
			f := newFakeServer(t)
			opts := testOptions(f, path)
			opts.Signer = signer
			c := newTestClient(t, opts)
			all, err := c.Subscribe(t.Context(), MyOrders())
			if err != nil {
				t.Fatal(err)
			}
			eth, err := c.Subscribe(t.Context(), MyOrders("KRW-ETH"))
			if err != nil {
				t.Fatal(err)
			}
			assets, err := c.Subscribe(t.Context(), MyAssets())
			if err != nil {
				t.Fatal(err)
			}
			fc := f.conn()
			fc.request()
			fc.request()
			if got := fc.request(); got != `[{"ticket":"test"},{"type":"myOrder","codes":[]},{"type":"myAsset"},{"format":"DEFAULT"}]` {
				t.Fatalf("request %s", got)
			}
			if path == "/websocket/v1/private" {
				fc.send(string(loadFixture(t, "ws_myorder_v1__ccxt.json").Frames[0]))
				fc.send(`{"type":"myOrder","code":"KRW-ETH","uuid":"E1","state":"wait"}`)
			} else {
				frames := loadFixture(t, "synthetic_myorder_v2.json").Frames
				fc.send(string(frames[0]))
				fc.send(string(frames[1]))
			}
			fc.send(string(loadFixture(t, "ws_myasset__doc.json").Frames[0]))
			if path == "/websocket/v1/private" {
				if o := nextAs[*MyOrderV1](t, all); o.Code != "KRW-BTC" {
					t.Fatal(o.Code)
				}
				if o := nextAs[*MyOrderV1](t, all); o.UUID != "E1" {
					t.Fatal(o.UUID)
				}
				if o := nextAs[*MyOrderV1](t, eth); o.UUID != "E1" {
					t.Fatal(o.UUID)
				}
			} else {
				if o := nextAs[*MyOrder](t, all); o.Code != "KRW-BTC" {
					t.Fatal(o.Code)
				}
				if o := nextAs[*MyOrder](t, all); o.Code != "KRW-ETH" || o.State != "wait" {
					t.Fatal(o.Code)
				}
				if o := nextAs[*MyOrder](t, eth); o.Code != "KRW-ETH" {
					t.Fatal(o.Code)
				}
			}
			if a := nextAs[*MyAsset](t, assets); a.Assets[0].Balance.String() != "2061832.35" {
				t.Fatal(a.Assets)
			}
			noEvent(t, eth, 20*time.Millisecond)
		}
	})
}

// TestServerErrorDelivered: an error message reaches every subscription
// as a typed error.
func TestServerErrorDelivered(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		c := newTestClient(t, testOptions(f, "/websocket/v1"))
		s1, err := c.Subscribe(t.Context(), Tickers("KRW-BTC"))
		if err != nil {
			t.Fatal(err)
		}
		s2, err := c.Subscribe(t.Context(), Trades("KRW-BTC"))
		if err != nil {
			t.Fatal(err)
		}
		fc := f.conn()
		for _, name := range []string{"ws_error_invalid_param_format__doc.json", "ws_error_no_ticket__doc.json"} {
			fc.send(string(loadFixture(t, name).Frames[0]))
		}
		for _, sub := range []*Subscription{s1, s2} {
			se := nextAs[*ServerError](t, sub)
			if !errors.Is(se, ErrInvalidParam) || se.Message != "{}은 지원하지 않는 포맷입니다." {
				t.Fatalf("got %v", se)
			}
			var target *ServerError
			if err := error(nextAs[*ServerError](t, sub)); !errors.As(err, &target) || !errors.Is(err, ErrNoTicket) {
				t.Fatalf("got %v", err)
			}
		}
		// The connection stays open.
		fc.send(tickerMsg("KRW-BTC", StreamRealtime, "1"))
		nextAs[*Ticker](t, s1)
		if st := c.Stats(); st.ServerErrors != 2 || st.Dials != 1 {
			t.Fatalf("stats %+v", st)
		}
	})
}

// TestInvalidSubscriptionSendsNothing: bad streams are rejected before
// anything is sent (no dial at all here).
func TestInvalidSubscriptionSendsNothing(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		c := newTestClient(t, testOptions(f, "/websocket/v1"))
		for _, s := range []Stream{
			Tickers(), Tickers("krw-btc"), {Type: TypeMyAsset, Codes: []string{"KRW-BTC"}},
			{Type: "candle", Codes: []string{"KRW-BTC"}}, MyOrders(), MyAssets(), Trades("KRW-BTC.5"),
		} {
			if _, err := c.Subscribe(t.Context(), s); !errors.Is(err, ErrInvalidSubscription) {
				t.Errorf("Subscribe(%v) = %v", s, err)
			}
		}
		for _, opt := range []SubscribeOption{WithBuffer(0), WithOverflow(7), WithConflation()} {
			if _, err := c.Subscribe(t.Context(), Trades("KRW-BTC"), opt); !errors.Is(err, ErrInvalidSubscription) {
				t.Errorf("option: %v", err)
			}
		}
		synctest.Wait() // a dial started by mistake would have reached the server
		if n := len(f.dialTimes()); n != 0 {
			t.Fatalf("%d dials for invalid subscriptions", n)
		}
		if st := c.Stats(); st.Dials != 0 || st.Subscriptions != 0 {
			t.Fatalf("stats %+v", st)
		}

		// On a live connection, an invalid stream sends no frame either.
		if _, err := c.Subscribe(t.Context(), Trades("KRW-BTC")); err != nil {
			t.Fatal(err)
		}
		fc := f.conn()
		fc.request()
		if _, err := c.Subscribe(t.Context(), Orderbooks("KRW-btc")); !errors.Is(err, ErrInvalidSubscription) {
			t.Fatal(err)
		}
		synctest.Wait()
		select {
		case r := <-fc.reqs:
			t.Fatalf("a frame was sent for an invalid stream: %s", r)
		default:
		}
	})
}

// TestBinaryAndTextFrames: both frame types decode.
func TestBinaryAndTextFrames(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		c := newTestClient(t, testOptions(f, "/websocket/v1"))
		sub, err := c.Subscribe(t.Context(), Tickers("KRW-BTC"))
		if err != nil {
			t.Fatal(err)
		}
		fc := f.conn()
		msg := string(loadFixture(t, "ws_ticker__doc.json").Frames[0])
		fc.sendAs(websocket.MessageBinary, msg)
		fc.sendAs(websocket.MessageText, msg)
		fc.sendAs(websocket.MessageText, `{"type":"candle.1s","code":"KRW-BTC"}`)
		fc.sendAs(websocket.MessageBinary, `{"type":"ticker","trade_price":oops}`)
		fc.sendAs(websocket.MessageText, string(toSimple(t, []byte(msg))))
		a, b, s := nextAs[*Ticker](t, sub), nextAs[*Ticker](t, sub), nextAs[*Ticker](t, sub)
		if a.AccTradePrice24h.String() != "8227950466.316009" || b.AccTradePrice24h.String() != "8227950466.316009" ||
			s.AccTradePrice24h.String() != "8227950466.316009" {
			t.Fatalf("decoded %s %s %s", a.AccTradePrice24h, b.AccTradePrice24h, s.AccTradePrice24h)
		}
		if st := c.Stats(); st.Unknown != 1 || st.DecodeErrors != 1 || st.Messages != 3 {
			t.Fatalf("stats %+v", st)
		}
	})
}

// TestOrderbookDepthAndStreamTypeRouting: overlapping subscriptions with
// different depths and snapshot choices each get what they asked for.
func TestOrderbookDepthAndStreamTypeRouting(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		c := newTestClient(t, testOptions(f, "/websocket/v1"))
		ctx := t.Context()
		shallow, err := c.Subscribe(ctx, Orderbooks("KRW-BTC.2"))
		if err != nil {
			t.Fatal(err)
		}
		deep, err := c.Subscribe(ctx, Orderbooks("KRW-BTC").RealtimeOnly())
		if err != nil {
			t.Fatal(err)
		}
		fc := f.conn()
		fc.request()
		if got := fc.request(); got != `[{"ticket":"test"},{"type":"orderbook","codes":["KRW-BTC"]},{"format":"DEFAULT"}]` {
			t.Fatalf("request %s", got)
		}
		units := `[{"ask_price":1,"bid_price":1,"ask_size":1,"bid_size":1},{"ask_price":2,"bid_price":2,"ask_size":2,"bid_size":2},{"ask_price":3,"bid_price":3,"ask_size":3,"bid_size":3}]`
		fc.send(`{"type":"orderbook","code":"KRW-BTC","orderbook_units":` + units + `,"level":1,"stream_type":"SNAPSHOT"}`)
		fc.send(`{"type":"orderbook","code":"KRW-BTC","orderbook_units":` + units + `,"level":1,"stream_type":"REALTIME"}`)
		fc.send(`{"type":"orderbook","code":"KRW-BTC","orderbook_units":` + units + `,"level":1000,"stream_type":"REALTIME"}`)
		if ob := nextAs[*Orderbook](t, shallow); len(ob.Units) != 2 || ob.StreamType != StreamSnapshot {
			t.Fatalf("shallow got %d units %s", len(ob.Units), ob.StreamType)
		}
		if ob := nextAs[*Orderbook](t, shallow); len(ob.Units) != 2 || ob.StreamType != StreamRealtime {
			t.Fatalf("shallow got %d units %s", len(ob.Units), ob.StreamType)
		}
		if ob := nextAs[*Orderbook](t, deep); len(ob.Units) != 3 || ob.StreamType != StreamRealtime {
			t.Fatalf("deep got %d units %s", len(ob.Units), ob.StreamType)
		}
		noEvent(t, deep, 20*time.Millisecond)   // the level-1000 book is not theirs
		noEvent(t, shallow, 5*time.Millisecond) // nor this one's
	})
}

// TestSubscribeFailures: a context that ends while the server refuses, and
// a permanent handshake rejection.
func TestSubscribeFailures(t *testing.T) {
	t.Parallel()
	t.Run("context", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			f := newFakeServer(t)
			f.setReject(func(int, *http.Request) int { return http.StatusBadGateway })
			c := newTestClient(t, testOptions(f, "/websocket/v1"))
			ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
			defer cancel()
			_, err := c.Subscribe(ctx, Tickers("KRW-BTC"))
			var he *HandshakeError
			if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &he) || he.StatusCode != 502 {
				t.Fatalf("Subscribe: %v", err)
			}
			if c.Stats().Subscriptions != 0 {
				t.Fatal("failed subscription still registered")
			}
		})
	})
	t.Run("unauthorized", func(t *testing.T) {
		t.Parallel()
		synctest.Test(t, func(t *testing.T) {
			f := newFakeServer(t)
			f.setReject(func(int, *http.Request) int { return http.StatusUnauthorized })
			signer, _ := middleware.NewJWTSigner("k", "s")
			opts := testOptions(f, "/websocket/v2/private")
			opts.Signer = signer
			c := newTestClient(t, opts)
			ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
			defer cancel()
			start := time.Now()
			_, err := c.Subscribe(ctx, MyAssets())
			// At once: not even the shortest backoff passed, so there was
			// no second attempt.
			if !errors.Is(err, ErrUnauthorized) || time.Since(start) >= opts.BackoffMin {
				t.Fatalf("Subscribe: %v after %v", err, time.Since(start))
			}
			if n := len(f.dialTimes()); n != 1 {
				t.Fatalf("%d handshakes, want 1", n)
			}
			if strings.Contains(err.Error(), "Bearer") || strings.Contains(err.Error(), "eyJ") {
				t.Fatalf("error leaks the token: %v", err)
			}
		})
	})
}

// TestCloseIdempotent: Close twice (concurrently), then every call fails
// cleanly and every goroutine is gone (goleak in TestMain).
func TestCloseIdempotent(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		c := newTestClient(t, testOptions(f, "/websocket/v1"))
		sub, err := c.Subscribe(t.Context(), Tickers("KRW-BTC"))
		if err != nil {
			t.Fatal(err)
		}
		events := sub.Events()
		f.conn().request()
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				if err := c.Close(); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		if _, ok := <-events; ok {
			t.Fatal("Events channel still open after Close")
		}
		if _, err := sub.Next(t.Context()); !errors.Is(err, ErrClosed) {
			t.Fatalf("Next after Close: %v", err)
		}
		if err := sub.Close(); err != nil {
			t.Fatal(err)
		}
		if !errors.Is(sub.Err(), ErrClosed) {
			t.Fatalf("Err() = %v", sub.Err())
		}
		if _, err := c.Subscribe(t.Context(), Tickers("KRW-BTC")); !errors.Is(err, ErrClosed) {
			t.Fatalf("Subscribe after Close: %v", err)
		}
		select {
		case <-sub.Done():
		default:
			t.Fatal("Done not closed")
		}
	})
}

// TestSubscriptionCloseEndsEvents: closing a subscription closes its Events
// channel and leaves the others running.
func TestSubscriptionCloseEndsEvents(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		f := newFakeServer(t)
		c := newTestClient(t, testOptions(f, "/websocket/v1"))
		a, err := c.Subscribe(t.Context(), Tickers("KRW-BTC"))
		if err != nil {
			t.Fatal(err)
		}
		b, err := c.Subscribe(t.Context(), Tickers("KRW-BTC"))
		if err != nil {
			t.Fatal(err)
		}
		fc := f.conn()
		ch := a.Events()
		fc.send(tickerMsg("KRW-BTC", StreamRealtime, "1"))
		if ev := <-ch; ev.(*Ticker).TradePrice.String() != "1" {
			t.Fatal(ev)
		}
		_ = a.Close()
		_ = a.Close()
		if _, ok := <-ch; ok {
			t.Fatal("Events still open")
		}
		nextAs[*Ticker](t, b)
		fc.send(tickerMsg("KRW-BTC", StreamRealtime, "2"))
		if tk := nextAs[*Ticker](t, b); tk.TradePrice.String() != "2" {
			t.Fatal(tk)
		}
	})
}

func TestNewOptions(t *testing.T) {
	t.Parallel()
	for _, o := range []Options{
		{URL: "://"}, {URL: "ftp://x/"}, {URL: "wss://ws-api.bithumb.com/websocket/v2/private"},
		{Format: "JSON_LIST"}, {Buffer: -1}, {BackoffMin: time.Second, BackoffMax: time.Millisecond},
		{DialTimeout: -1}, {Overflow: 9}, {ReadLimit: -5}, {URL: "wss://user:pw@example.com/"},
	} {
		if c, err := New(o); !errors.Is(err, ErrInvalidOptions) {
			if c != nil {
				_ = c.Close()
			}
			t.Errorf("New(%+v) = %v", o, err)
		}
	}
	opts := Options{Header: http.Header{"User-Agent": {"x"}}}
	c, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.URL() != PublicURL || c.Private() {
		t.Fatalf("defaults: %s private=%v", c.URL(), c.Private())
	}
	opts.Header.Set("User-Agent", "changed")
	if c.set.Header.Get("User-Agent") != "x" || c.set.stall != DefaultStallTimeout || c.set.Buffer != DefaultBuffer {
		t.Fatal("options not copied or defaulted")
	}
	signer, _ := middleware.NewJWTSigner("k", "s")
	p, err := New(Options{Signer: signer})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if p.URL() != PrivateURL || !p.Private() || p.set.stall != DefaultPrivateStallTimeout || p.set.v1Orders {
		t.Fatalf("private defaults: %s stall %v", p.URL(), p.set.stall)
	}
	v1, err := New(Options{Signer: signer, URL: PrivateV1URL})
	if err != nil {
		t.Fatal(err)
	}
	defer v1.Close()
	if !v1.set.v1Orders {
		t.Fatal("v1 private URL does not select v1 myOrder names")
	}
}
