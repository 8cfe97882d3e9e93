package main

import (
	"context"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/faults"
	"github.com/bithumb-go/bithumb/sim/ratelimit"
)

// apiSim is an in-process simulator whose one account signs with the
// test keys, for end-to-end runs of `bithumb api`.
type apiSim struct {
	t   *testing.T
	srv *sim.Server
	url string
}

func startAPISim(t *testing.T) *apiSim {
	t.Helper()
	key := auth.Key{AccessKey: testAccess, SecretKey: testSecret}
	s, err := sim.New(sim.WithSeed(5), sim.WithConfig(sim.Config{
		Accounts:  []sim.AccountConfig{{ID: "api", Keys: []auth.Key{key}}},
		RateLimit: ratelimit.Config{Disabled: true},
	}))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(func() { ts.Close(); s.Close() })
	return &apiSim{t: t, srv: s, url: ts.URL}
}

// run runs `bithumb api --api-url <sim> args...` with the test keys.
func (s *apiSim) run(stdin string, args ...string) result {
	s.t.Helper()
	all := append([]string{"api", "--api-url", s.url, "--credentials-file", filepath.Join(s.t.TempDir(), "none.json")}, args...)
	return runCLI(s.t, strings.NewReader(stdin), keyEnv(), all...)
}

// orders returns the account's orders on the exchange.
func (s *apiSim) orders() []*engine.Order {
	return s.srv.Engine().Orders("api", engine.OrderQuery{Limit: 1 << 20})
}

// restingBid places a limit bid far below the market through the SDK and
// returns its order id.
func (s *apiSim) restingBid(clientOrderID string) string {
	s.t.Helper()
	c, err := bithumb.New(bithumb.WithBaseURL(s.url), bithumb.WithKeys(testAccess, testSecret), bithumb.WithoutRateLimit())
	if err != nil {
		s.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(s.t.Context(), 10*time.Second)
	defer cancel()
	o, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideBid,
		OrderType: bithumb.OrderTypeLimit, Price: decimal.MustParse("80000000").AsString(),
		Volume: decimal.MustParse("0.001").AsString(), ClientOrderID: clientOrderID})
	if err != nil {
		s.t.Fatal(err)
	}
	return o.OrderID
}

// setFaults replaces the simulator's faults.
func (s *apiSim) setFaults(cfg faults.Config) { s.srv.Faults().Set(cfg) }
