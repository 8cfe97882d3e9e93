package bithumb

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/internal/memnet"
	"github.com/bithumb-go/bithumb/internal/ratewindow"
	"github.com/bithumb-go/bithumb/middleware"
)

// TestRateLimitNeverExceeded hammers one category from 64 goroutines and
// counts, at the server, the requests in every one-second window. It runs
// in a synctest bubble against an in-memory server: the clock is the
// bubble's, so the count is exact whatever the machine's load, and the
// limiter must hold the category to its documented share of the limit
// (burst plus refill: 85%), which leaves Bithumb's limit itself
// untouched.
func TestRateLimitNeverExceeded(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const limit = 40
		ctx, cancel := context.WithTimeout(t.Context(), 2500*time.Millisecond)
		defer cancel()
		var mu sync.Mutex
		var stamps []time.Time
		srv := memnet.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			stamps = append(stamps, time.Now())
			if len(stamps) > 10*limit {
				// No limit at all: the bubble's clock would never move.
				cancel()
			}
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `[]`)
		}))
		defer srv.Close()
		c := newTestClient(t, srv.URL, WithHTTPClient(srv.Client()), WithRateLimit("public-other", limit))
		var wg sync.WaitGroup
		for range 64 {
			wg.Go(func() {
				for {
					_, err := c.ListMarketWarnings(ctx)
					if errors.Is(err, middleware.ErrLimiterDeadline) || ctx.Err() != nil {
						return // the next token comes after the deadline
					}
					if err != nil {
						t.Errorf("ListMarketWarnings: %v", err)
						return
					}
				}
			})
		}
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		worst := ratewindow.Busiest(stamps, time.Second)
		t.Logf("%d requests, at most %d in any second", len(stamps), worst)
		if worst > limit*85/100 {
			t.Errorf("%d requests in one second, limit %d: more than the 85%% the limiter promises", worst, limit)
		}
		if worst < limit*75/100 {
			t.Errorf("only %d requests per second got through; the limiter is far too strict", worst)
		}
		if len(stamps) < 2*limit*75/100 {
			t.Errorf("only %d requests in 2.5 s", len(stamps))
		}
	})
}

// TestPerAssetLimitThroughTheClient: 64 goroutines placing orders on
// KRW-BTC through a client with the default limits never put more than
// 85% of the spec's per-asset limit (20/s) on BTC in any one second, the
// server counting; orders on ETH are paced by their own asset's bucket.
func TestPerAssetLimitThroughTheClient(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
		defer cancel()
		var mu sync.Mutex
		stamps := map[string][]time.Time{}
		srv := memnet.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var req struct{ Market string }
			_ = json.NewDecoder(r.Body).Decode(&req)
			mu.Lock()
			stamps[req.Market] = append(stamps[req.Market], time.Now())
			mu.Unlock()
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, `{"order_id":"C0101000002440517711","market":"`+req.Market+`","side":"bid","order_type":"limit","created_at":"2025-08-26T00:27:13+09:00"}`)
		}))
		defer srv.Close()
		c := newTestClient(t, srv.URL, WithHTTPClient(srv.Client()), WithRetry(RetryConfig{MaxAttempts: 1}))
		order := func(market string) error {
			_, err := c.PlaceOrder(ctx, PlaceOrderRequest{Market: market, Side: OrderSideBid, OrderType: OrderTypeLimit,
				Price: decimal.MustParse("84000000"), Volume: decimal.MustParse("0.001")})
			return err
		}
		var wg sync.WaitGroup
		for range 64 {
			wg.Go(func() {
				for {
					err := order("KRW-BTC")
					if errors.Is(err, middleware.ErrLimiterDeadline) || ctx.Err() != nil {
						return // the next token comes after the deadline
					}
					if err != nil {
						t.Errorf("PlaceOrder: %v", err)
						return
					}
				}
			})
		}
		wg.Go(func() {
			for order("KRW-ETH") == nil {
			}
		})
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		for market, at := range stamps {
			worst := ratewindow.Busiest(at, time.Second)
			t.Logf("%s: %d orders, at most %d in any second", market, len(at), worst)
			if worst > 17 {
				t.Errorf("%s: %d orders in one second; the per-asset limit is 20/s and the client promises 85%% of it", market, worst)
			}
			if worst < 15 {
				t.Errorf("%s: only %d orders in the busiest second; the limiter is far too strict", market, worst)
			}
		}
		if len(stamps) != 2 {
			t.Errorf("orders reached the server on %d markets, want 2", len(stamps))
		}
	})
}

// TestWithRateLimitSetsAPerAssetRule: WithRateLimit takes the name of a
// per-asset rule as well as a category: at 2/s per asset (burst 1, refill
// 0.7/s) the second order on BTC waits 1/0.7 s, while one on ETH does not.
func TestWithRateLimitSetsAPerAssetRule(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		srv := memnet.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, `{"order_id":"C0101000002440517711","market":"KRW-BTC","side":"bid","order_type":"limit","created_at":"2025-08-26T00:27:13+09:00"}`)
		}))
		defer srv.Close()
		c := newTestClient(t, srv.URL, WithHTTPClient(srv.Client()), WithRateLimit("asset-orders", 2))
		order := func(market string) time.Duration {
			start := time.Now()
			if _, err := c.PlaceOrder(t.Context(), PlaceOrderRequest{Market: market, Side: OrderSideBid, OrderType: OrderTypeLimit,
				Price: decimal.MustParse("84000000"), Volume: decimal.MustParse("0.001")}); err != nil {
				t.Fatal(err)
			}
			return time.Since(start)
		}
		order("KRW-BTC")
		if d := order("KRW-ETH"); d != 0 {
			t.Errorf("the first ETH order waited %v", d)
		}
		if d, want := order("KRW-BTC"), time.Second*10/7; (d - want).Abs() > time.Millisecond {
			t.Errorf("the second BTC order waited %v, want %v", d, want)
		}
	})
}
