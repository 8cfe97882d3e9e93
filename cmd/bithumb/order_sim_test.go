package main

import (
	"maps"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/bithumb-go/bithumb/sim/clock"
	"github.com/bithumb-go/bithumb/sim/engine"
)

// tradeAccount is the simulator account that the test keys sign for.
const tradeAccount = "me"

// tradeSim is an in-process simulator whose account has the test keys,
// behind a loopback server that records every request.
type tradeSim struct {
	srv *sim.Server
	url string

	mu   sync.Mutex
	seen []string // "METHOD /path" of every request
}

// startTradeSim starts a simulator on a fixed exchange clock, with the
// default markets, and funds (nil: the default funds).
func startTradeSim(t *testing.T, funds map[string]decimal.Decimal) *tradeSim {
	t.Helper()
	key := auth.Key{AccessKey: testAccess, SecretKey: testSecret}
	s, err := sim.New(
		sim.WithConfig(sim.Config{Accounts: []sim.AccountConfig{{ID: tradeAccount, Keys: []auth.Key{key}, Funds: funds}}}),
		sim.WithClock(clock.NewFake(time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC))),
	)
	if err != nil {
		t.Fatal(err)
	}
	ts := &tradeSim{srv: s}
	h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts.mu.Lock()
		ts.seen = append(ts.seen, r.Method+" "+r.URL.Path)
		ts.mu.Unlock()
		s.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { h.Close(); s.Close() })
	ts.url = h.URL
	return ts
}

// env is the environment of a command run against the simulator: the
// test keys and BITHUMB_API_URL, with extra on top.
func (s *tradeSim) env(extra map[string]string) map[string]string {
	e := keyEnv()
	e[envAPIURL] = s.url
	maps.Copy(e, extra)
	return e
}

// count returns how many requests "METHOD /path" the simulator received.
func (s *tradeSim) count(request string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.seen {
		if r == request {
			n++
		}
	}
	return n
}

// placeLimitBids places n resting limit bids on KRW-BTC directly in the
// engine, at 100,000,000 KRW and up by 1,000 KRW each.
func (s *tradeSim) placeLimitBids(t *testing.T, n int) {
	t.Helper()
	for i := range n {
		_, err := s.srv.Engine().PlaceOrder(tradeAccount, engine.OrderRequest{
			Market: "KRW-BTC", Side: engine.Bid, Type: engine.Limit,
			Price: decimal.NewFromInt(100_000_000 + int64(i)*1_000), Volume: decimal.MustParse("0.0001"),
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
