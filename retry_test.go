package bithumb

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/middleware"
)

// fastRetries makes retries quick in tests.
func fastRetries() Option {
	return WithRetry(RetryConfig{MinBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
}

func withReconcileDelay(d time.Duration) Option {
	return func(o *options) error { o.reconcileDelay = d; return nil }
}

// script answers the n-th request with responses[n] (the last one
// repeats) and records every request.
type script struct {
	mu        sync.Mutex
	responses []func(w http.ResponseWriter, r *http.Request)
	seen      []*http.Request
}

func (s *script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	n := len(s.seen)
	s.seen = append(s.seen, r.Clone(context.Background()))
	respond := s.responses[min(n, len(s.responses)-1)]
	s.mu.Unlock()
	respond(w, r)
}

func (s *script) requests() []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*http.Request(nil), s.seen...)
}

func reply(status int, body string, header ...string) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// dropConnection closes the connection without answering, after the
// request was read: the ambiguous case.
func dropConnection(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

func jwtNonce(t *testing.T, r *http.Request) string {
	t.Helper()
	parts := strings.Split(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "), ".")
	if len(parts) != 3 {
		t.Fatalf("no JWT in %q", r.Header.Get("Authorization"))
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims struct {
		Nonce     string `json:"nonce"`
		Timestamp int64  `json:"timestamp"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	return claims.Nonce
}

func TestRetriesAreSignedAfresh(t *testing.T) {
	t.Parallel()
	s := &script{responses: []func(http.ResponseWriter, *http.Request){
		reply(500, `{"error":{"name":"server_error","message":"x"}}`),
		reply(503, `<html>unavailable</html>`),
		reply(200, `[]`),
	}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	c := newTestClient(t, srv.URL, fastRetries())
	if _, err := c.ListAccounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	reqs := s.requests()
	if len(reqs) != 3 {
		t.Fatalf("%d attempts, want 3", len(reqs))
	}
	nonces := map[string]bool{}
	for _, r := range reqs {
		nonces[jwtNonce(t, r)] = true
	}
	if len(nonces) != 3 {
		t.Errorf("nonces are not distinct: %v", nonces)
	}
}

func TestRetryPolicyFollowsTheSpec(t *testing.T) {
	t.Parallel()
	serverError := reply(500, `{"error":{"name":"server_error","message":"x"}}`)
	tests := []struct {
		name      string
		responses []func(http.ResponseWriter, *http.Request)
		call      func(*Client) error
		attempts  int
		wantErr   error
	}{
		{"safe read gives up after the max attempts", []func(http.ResponseWriter, *http.Request){serverError},
			func(c *Client) error { _, err := c.ListAccounts(context.Background()); return err }, 4, ErrServer},
		{"withdrawal is never re-sent after a 5xx", []func(http.ResponseWriter, *http.Request){serverError},
			func(c *Client) error {
				_, err := c.WithdrawCoin(context.Background(), WithdrawCoinRequest{Currency: "XRP", NetType: "XRP", Address: "r1", Amount: decimal.MustParse("1")})
				return err
			}, 1, ErrServer},
		{"withdrawal is not re-sent after a dropped connection", []func(http.ResponseWriter, *http.Request){dropConnection},
			func(c *Client) error {
				_, err := c.WithdrawCoin(context.Background(), WithdrawCoinRequest{Currency: "XRP", NetType: "XRP", Address: "r1", Amount: decimal.MustParse("1")})
				return err
			}, 1, nil},
		{"429 on a never-retry endpoint is retried once", []func(http.ResponseWriter, *http.Request){reply(429, `{"error":{"name":"too_many_requests","message":"slow"}}`)},
			func(c *Client) error {
				_, err := c.PlaceTWAPOrder(context.Background(), PlaceTWAPOrderRequest{Market: "KRW-BTC", Side: OrderSideAsk, Volume: decimal.MustParse("1"), Duration: "600", Frequency: "30"})
				return err
			}, 2, ErrRateLimited},
		{"422 order_not_ready on a cancel is retried", []func(http.ResponseWriter, *http.Request){
			reply(422, `{"error":{"name":"order_not_ready","message":"wait"}}`),
			reply(200, `{"order_id":"C1","created_at":"2024-07-12T16:30:01+09:00"}`)},
			func(c *Client) error {
				_, err := c.CancelOrder(context.Background(), CancelOrderParams{OrderID: Ptr("C0101000000000000001")})
				return err
			}, 2, nil},
		{"4xx is not retried", []func(http.ResponseWriter, *http.Request){reply(400, `{"error":{"name":"invalid_parameter","message":"x"}}`)},
			func(c *Client) error { _, err := c.ListAccounts(context.Background()); return err }, 1, ErrInvalidParameter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := &script{responses: tt.responses}
			srv := httptest.NewServer(s)
			t.Cleanup(srv.Close)
			err := tt.call(newTestClient(t, srv.URL, fastRetries()))
			if got := len(s.requests()); got != tt.attempts {
				t.Errorf("%d attempts, want %d", got, tt.attempts)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr == nil && tt.attempts > 1 && err != nil {
				t.Errorf("err = %v", err)
			}
			if tt.wantErr == nil && tt.attempts == 1 && err == nil {
				t.Error("expected an error")
			}
		})
	}
}

// TestRetryAfterIsHonoured runs on a synctest bubble's clock: the retry
// comes exactly when the server's Retry-After says, not before.
func TestRetryAfterIsHonoured(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := &script{responses: []func(http.ResponseWriter, *http.Request){
			reply(429, `{"error":{"name":"too_many_requests","message":"slow"}}`, "Retry-After", "1"),
			reply(200, `[]`),
		}}
		c := newTestClient(t, "http://bithumb.test", fastRetries(), WithoutRateLimit(), WithTransport(serveInMemory(s)))
		start := time.Now()
		if _, err := c.ListAccounts(t.Context()); err != nil {
			t.Fatal(err)
		}
		if elapsed := time.Since(start); elapsed != time.Second || len(s.requests()) != 2 {
			t.Errorf("retried after %v (%d requests); want after the server's Retry-After of 1s", elapsed, len(s.requests()))
		}
	})
}

// serveInMemory is a transport that answers with h, without a network:
// for tests in synctest bubbles.
func serveInMemory(h http.Handler) http.RoundTripper {
	return middleware.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		resp := rec.Result()
		resp.Request = r
		return resp, nil
	})
}

func TestNoRetryOnceTheContextIsDone(t *testing.T) {
	t.Parallel()
	s := &script{responses: []func(http.ResponseWriter, *http.Request){reply(500, `{}`)}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	c := newTestClient(t, srv.URL, WithRetry(RetryConfig{MinBackoff: time.Second, MaxBackoff: time.Second}))
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	_, err := c.ListAccounts(ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
	if n := len(s.requests()); n != 1 {
		t.Errorf("%d attempts after the context ended", n)
	}
}

// exchange is a tiny order book that records accepted orders by client
// order id; placeFault decides what happens to the n-th placement.
type exchange struct {
	mu         sync.Mutex
	orders     map[string]string // client order id → order id
	placements int
	placeFault func(n int, w http.ResponseWriter) (handled, record bool)
	lookups    int
	lookupFail bool
}

func (x *exchange) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	x.mu.Lock()
	defer x.mu.Unlock()
	switch {
	case r.Method == "POST" && r.URL.Path == "/v2/orders":
		var req PlaceOrderRequest
		json.NewDecoder(r.Body).Decode(&req)
		x.placements++
		handled, record := false, true
		if x.placeFault != nil {
			handled, record = x.placeFault(x.placements, w)
		}
		if record {
			if _, dup := x.orders[req.ClientOrderID]; dup {
				reply(400, `{"error":{"name":"duplicate_client_order_id","message":"dup"}}`)(w, r)
				return
			}
			x.orders[req.ClientOrderID] = "C" + string(rune('0'+len(x.orders)))
		}
		if handled {
			return
		}
		reply(201, `{"order_id":"`+x.orders[req.ClientOrderID]+`","market":"KRW-BTC","side":"bid","order_type":"limit","created_at":"2025-08-26T00:27:13+09:00","client_order_id":"`+req.ClientOrderID+`"}`)(w, r)
	case r.Method == "GET" && r.URL.Path == "/v1/order":
		x.lookups++
		if x.lookupFail {
			reply(500, `{"error":{"name":"server_error","message":"x"}}`)(w, r)
			return
		}
		id, ok := x.orders[r.URL.Query().Get("client_order_id")]
		if !ok {
			reply(404, `{"error":{"name":"order_not_found","message":"주문을 찾지 못했습니다."}}`)(w, r)
			return
		}
		reply(200, `{"uuid":"`+id+`","side":"bid","ord_type":"limit","price":"84000000","state":"wait","market":"KRW-BTC","created_at":"2025-08-26T00:27:13+09:00","volume":"0.001","remaining_volume":"0.001","reserved_fee":"210","remaining_fee":"210","paid_fee":"0","locked":"84210","executed_volume":"0","trades_count":0,"trades":[]}`)(w, r)
	default:
		http.NotFound(w, r)
	}
}

func limitBuy() PlaceOrderRequest {
	return PlaceOrderRequest{Market: "KRW-BTC", Side: OrderSideBid, OrderType: OrderTypeLimit,
		Price: decimal.MustParse("84000000"), Volume: decimal.MustParse("0.001")}
}

// TestOrderAcceptedThenConnectionDropped is the ambiguous case: the
// exchange takes the order and the answer is lost. Exactly one order must
// exist afterwards, and PlaceOrder must return it.
func TestOrderAcceptedThenConnectionDropped(t *testing.T) {
	t.Parallel()
	x := &exchange{orders: map[string]string{}, placeFault: func(n int, w http.ResponseWriter) (bool, bool) {
		if n == 1 {
			dropConnection(w, nil)
			return true, true // placed, then the connection dies
		}
		return false, true
	}}
	srv := httptest.NewServer(x)
	t.Cleanup(srv.Close)
	c := newTestClient(t, srv.URL, fastRetries(), withReconcileDelay(time.Millisecond))
	resp, err := c.PlaceOrder(t.Context(), limitBuy())
	if err != nil {
		t.Fatal(err)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if len(x.orders) != 1 || x.placements != 1 || x.lookups != 1 {
		t.Errorf("orders %d, placements %d, lookups %d; want 1, 1, 1", len(x.orders), x.placements, x.lookups)
	}
	if resp.OrderID != x.orders[*resp.ClientOrderID] {
		t.Errorf("PlaceOrder returned %s, the exchange has %v", resp.OrderID, x.orders)
	}
}

// TestOrderLostBeforeTheExchange: the connection drops before the order
// is taken; the lookup finds nothing, so the order is sent again (with the
// same client order id) and placed once.
func TestOrderLostBeforeTheExchange(t *testing.T) {
	t.Parallel()
	x := &exchange{orders: map[string]string{}, placeFault: func(n int, w http.ResponseWriter) (bool, bool) {
		if n == 1 {
			dropConnection(w, nil)
			return true, false
		}
		return false, true
	}}
	srv := httptest.NewServer(x)
	t.Cleanup(srv.Close)
	c := newTestClient(t, srv.URL, fastRetries(), withReconcileDelay(time.Millisecond))
	req := limitBuy()
	req.ClientOrderID = "mine-001"
	resp, err := c.PlaceOrder(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if len(x.orders) != 1 || x.placements != 2 || x.orders["mine-001"] != resp.OrderID {
		t.Errorf("orders %v, placements %d, response %s", x.orders, x.placements, resp.OrderID)
	}
}

func TestOrderLookupFailsGivesAmbiguousError(t *testing.T) {
	t.Parallel()
	x := &exchange{orders: map[string]string{}, lookupFail: true, placeFault: func(n int, w http.ResponseWriter) (bool, bool) {
		reply(502, `<html>bad gateway</html>`)(w, nil)
		return true, true
	}}
	srv := httptest.NewServer(x)
	t.Cleanup(srv.Close)
	c := newTestClient(t, srv.URL, fastRetries(), withReconcileDelay(time.Millisecond))
	req := limitBuy()
	req.ClientOrderID = "mine-002"
	_, err := c.PlaceOrder(t.Context(), req)
	var amb *AmbiguousOrderError
	if !errors.As(err, &amb) || amb.ClientOrderIDs[0] != "mine-002" || !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v", err)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.placements != 1 {
		t.Errorf("the order was sent %d times", x.placements)
	}
}

func TestRateLimitWaitFailsFastOnDeadline(t *testing.T) {
	t.Parallel()
	f := newFake(t, 200, `[]`)
	c := newTestClient(t, f.URL, WithRateLimit("public-other", 1))
	if _, err := c.ListMarketWarnings(t.Context()); err != nil {
		t.Fatal(err)
	}
	// The next token is a second away; the deadline is closer.
	ctx, cancel := context.WithTimeout(t.Context(), 500*time.Millisecond)
	defer cancel()
	_, err := c.ListMarketWarnings(ctx)
	// ErrLimiterDeadline comes only from refusing up front; a limiter that
	// waited would return the context's own error once it expired.
	if !errors.Is(err, middleware.ErrLimiterDeadline) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
	if ctx.Err() != nil {
		t.Error("the call returned only after the deadline instead of failing at once")
	}
	if n := f.requests.Load(); n != 1 {
		t.Errorf("%d requests sent", n)
	}
}

// TestLogRecordsEveryAttempt: one record per attempt with method, path,
// status, duration, category and attempt number; no headers.
func TestLogRecordsEveryAttempt(t *testing.T) {
	t.Parallel()
	s := &script{responses: []func(http.ResponseWriter, *http.Request){
		reply(503, `{}`),
		reply(200, `[]`),
	}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	var logs strings.Builder
	var mu sync.Mutex
	logger := slog.New(slog.NewJSONHandler(writerFunc(func(p []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return logs.Write(p)
	}), &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := newTestClient(t, srv.URL, fastRetries(), WithLogger(logger))
	if _, err := c.ListAccounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	mu.Unlock()
	if len(lines) != 2 {
		t.Fatalf("%d log records, want 2:\n%s", len(lines), strings.Join(lines, "\n"))
	}
	for i, line := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatal(err)
		}
		want := map[string]any{"method": "GET", "path": "/v1/accounts", "category": "private-other", "operation": "listAccounts", "attempt": float64(i + 1)}
		for k, v := range want {
			if rec[k] != v {
				t.Errorf("record %d: %s = %v, want %v", i, k, rec[k], v)
			}
		}
		if _, ok := rec["duration"]; !ok {
			t.Errorf("record %d has no duration", i)
		}
		if strings.Contains(line, "Bearer") || strings.Contains(line, "Authorization") {
			t.Errorf("record %d shows a header: %s", i, line)
		}
	}
	if !strings.Contains(lines[0], `"status":503`) || !strings.Contains(lines[1], `"status":200`) {
		t.Errorf("statuses not logged:\n%s", strings.Join(lines, "\n"))
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
