package sim

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/sim/clock"
	"github.com/bithumb-go/bithumb/sim/ratelimit"
)

func (f *fixture) get(path string) (*http.Response, map[string]any) {
	f.t.Helper()
	req, _ := http.NewRequest("GET", f.ts.URL+path, nil)
	resp, err := f.ts.Client().Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	resp.Body.Close()
	return resp, nil
}

func TestRateLimitHeaders(t *testing.T) {
	f := newFixture(t)
	resp, _ := f.get("/v1/ticker?markets=KRW-BTC")
	h := resp.Header
	if h.Get("x-ratelimit-burst-capacity") != "150" || h.Get("x-ratelimit-replenish-rate") != "150" ||
		h.Get("x-ratelimit-requested-tokens") != "1" || h.Get("x-ratelimit-remaining") != "149" {
		t.Errorf("public headers %v", h)
	}
	resp, _ = f.get("/v1/nope")
	if resp.StatusCode != 404 || resp.Header.Get("x-ratelimit-remaining") == "" {
		t.Errorf("unknown route: %d %v", resp.StatusCode, resp.Header)
	}
	// A private call (through the client) carries its category's numbers.
	var got *http.Response
	c := f.newClient(f.key, bithumb.WithTransport(roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := f.ts.Client().Transport.RoundTrip(r)
		got = resp
		return resp, err
	})))
	if _, err := c.ListAccounts(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got.Header.Get("x-ratelimit-burst-capacity") != "140" || got.Header.Get("x-ratelimit-remaining") != "139" {
		t.Errorf("private headers %v", got.Header)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestRateLimit429AndBlock(t *testing.T) {
	wall := clock.NewFake(time.Now())
	cfg := Config{RateLimit: ratelimit.Config{
		Overrides:         map[string]float64{"public-ticker": 5, "private-other": 4},
		ExcessBeforeBlock: 3,
		BlockScale:        0.01, // 1 minute → 600 ms
	}}
	f := newFixture(t, WithConfig(cfg), WithWallClock(wall.Now))
	for i := 0; i < 5; i++ {
		if resp, _ := f.get("/v1/ticker?markets=KRW-BTC"); resp.StatusCode != 200 || resp.Header.Get("x-ratelimit-remaining") != strconv.Itoa(4-i) {
			t.Fatalf("request %d: %d remaining %s", i, resp.StatusCode, resp.Header.Get("x-ratelimit-remaining"))
		}
	}
	resp, _ := f.get("/v1/ticker?markets=KRW-BTC")
	if resp.StatusCode != 429 || resp.Header.Get("x-ratelimit-remaining") != "0" || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("over the limit: %d %v", resp.StatusCode, resp.Header)
	}
	// Other categories have their own buckets.
	if resp, _ := f.get("/v1/orderbook?markets=KRW-BTC"); resp.StatusCode != 200 {
		t.Fatalf("orderbook: %d", resp.StatusCode)
	}
	// The bucket refills with time.
	wall.Advance(time.Second)
	if resp, _ := f.get("/v1/ticker?markets=KRW-BTC"); resp.StatusCode != 200 {
		t.Fatalf("after refill: %d", resp.StatusCode)
	}
	// Repeated excess blocks the IP's public group, whatever the category.
	for i := 0; i < 8; i++ {
		f.get("/v1/ticker?markets=KRW-BTC")
	}
	if resp, _ := f.get("/v1/orderbook?markets=KRW-BTC"); resp.StatusCode != 429 {
		t.Fatalf("blocked group answered %d", resp.StatusCode)
	}
	wall.Advance(700 * time.Millisecond) // past the scaled 1-minute block
	if resp, _ := f.get("/v1/orderbook?markets=KRW-BTC"); resp.StatusCode != 200 {
		t.Fatalf("after the block: %d", resp.StatusCode)
	}
	// Private calls through the client see a typed rate-limit error.
	c := f.newClient(f.key, bithumb.WithClock(wall.Now))
	var err error
	for i := 0; i < 6 && err == nil; i++ {
		_, err = c.ListAccounts(context.Background())
	}
	if !errors.Is(err, bithumb.ErrRateLimited) || !errors.Is(err, bithumb.ErrTooManyRequests) {
		t.Fatalf("private over the limit: %v", err)
	}
	// The admin endpoint forgets buckets and blocks.
	req, _ := http.NewRequest("POST", f.ts.URL+"/_sim/ratelimit/reset", nil)
	if st, _ := f.do(req); st != 200 {
		t.Fatal(st)
	}
	if _, err := c.ListAccounts(context.Background()); err != nil {
		t.Fatalf("after reset: %v", err)
	}
}
