package main

import (
	"cmp"
	"maps"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/sim/auth"
	"github.com/bithumb-go/bithumb/sim/clock"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/faults"
)

// tradeAccount is the simulator account that the test keys sign for.
const tradeAccount = "me"

// testSim is an in-process simulator, REST and WebSocket on one loopback
// httptest server that records every request, with one account
// (tradeAccount) whose keys are the test keys unless withKey says
// otherwise.
type testSim struct {
	srv   *sim.Server
	url   string      // http://127.0.0.1:port
	host  string      // 127.0.0.1:port
	key   auth.Key    // the account's key
	clock *clock.Fake // the exchange clock with withClock, else nil

	mu   sync.Mutex
	seen []string // "METHOD /path" of every request
}

// simSetup is what the simOptions of startSim set.
type simSetup struct {
	cfg   sim.Config
	at    time.Time // the fixed exchange clock; zero: the real one
	extra []sim.Option
}

// simOption is one setting of startSim.
type simOption func(*simSetup)

// withSeed seeds the simulator's prices.
func withSeed(seed uint64) simOption { return func(s *simSetup) { s.cfg.Seed = seed } }

// withClock fixes the exchange clock at at; it moves only when the test
// advances testSim.clock, so prices hold still between two requests.
func withClock(at time.Time) simOption { return func(s *simSetup) { s.at = at } }

// withFunds gives the account funds instead of the default ones.
func withFunds(funds map[string]decimal.Decimal) simOption {
	return func(s *simSetup) { s.cfg.Accounts[0].Funds = funds }
}

// withKey gives the account key instead of the test keys; an empty
// access or secret key is the test one.
func withKey(key auth.Key) simOption {
	return func(s *simSetup) {
		key.AccessKey = cmp.Or(key.AccessKey, testAccess)
		key.SecretKey = cmp.Or(key.SecretKey, testSecret)
		s.cfg.Accounts[0].Keys = []auth.Key{key}
	}
}

// withoutRateLimit turns the simulator's rate limits off.
func withoutRateLimit() simOption { return func(s *simSetup) { s.cfg.RateLimit.Disabled = true } }

// withHistoryDays keeps days of candles instead of the default 400, which
// take longer to make.
func withHistoryDays(days int) simOption { return func(s *simSetup) { s.cfg.HistoryDays = days } }

// quietMarket is a simulator with seeded prices on a fixed exchange
// clock: two snapshots of a market are alike.
var quietMarket = []simOption{withSeed(7), withClock(time.Date(2026, 7, 30, 12, 0, 0, 0, time.UTC))}

// withSimOptions adds options of sim.New, applied after the others.
func withSimOptions(opts ...sim.Option) simOption {
	return func(s *simSetup) { s.extra = append(s.extra, opts...) }
}

// startSim starts a simulator with the default markets behind a loopback
// server, both closed at the end of the test.
func startSim(t *testing.T, opts ...simOption) *testSim {
	t.Helper()
	set := simSetup{cfg: sim.Config{Accounts: []sim.AccountConfig{{ID: tradeAccount,
		Keys: []auth.Key{{AccessKey: testAccess, SecretKey: testSecret}}}}}}
	for _, o := range opts {
		o(&set)
	}
	ts := &testSim{key: set.cfg.Accounts[0].Keys[0]}
	simOpts := []sim.Option{sim.WithConfig(set.cfg)}
	if !set.at.IsZero() {
		ts.clock = clock.NewFake(set.at)
		simOpts = append(simOpts, sim.WithClock(ts.clock))
	}
	s, err := sim.New(append(simOpts, set.extra...)...)
	if err != nil {
		t.Fatal(err)
	}
	ts.srv = s
	h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts.mu.Lock()
		ts.seen = append(ts.seen, r.Method+" "+r.URL.Path)
		ts.mu.Unlock()
		s.ServeHTTP(w, r)
	}))
	t.Cleanup(func() { h.Close(); s.Close() })
	ts.url = h.URL
	ts.host = strings.TrimPrefix(h.URL, "http://")
	return ts
}

// startTradeSim starts a simulator on a fixed exchange clock with funds
// (nil: the default funds).
func startTradeSim(t *testing.T, funds map[string]decimal.Decimal) *testSim {
	t.Helper()
	return startSim(t, withClock(time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)), withFunds(funds))
}

// env is the environment of a command run against the simulator: the
// test keys and BITHUMB_API_URL, with extra on top.
func (s *testSim) env(extra map[string]string) map[string]string {
	e := keyEnv()
	e[envAPIURL] = s.url
	maps.Copy(e, extra)
	return e
}

// run runs the command line args against the simulator (--api-url),
// without keys.
func (s *testSim) run(t *testing.T, args ...string) result {
	t.Helper()
	return runCLI(t, nil, nil, append(args, "--api-url", s.url)...)
}

// api runs `bithumb api --api-url <sim> args...` with the test keys, no
// credentials file and stdin.
func (s *testSim) api(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	all := append([]string{"api", "--api-url", s.url, "--credentials-file", filepath.Join(t.TempDir(), "none.json")}, args...)
	return runCLI(t, strings.NewReader(stdin), keyEnv(), all...)
}

// watch runs `bithumb watch args` against the simulator, within a
// minute.
func (s *testSim) watch(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	args = append([]string{"watch"}, args...)
	return runCLI(t, nil, env, append(args, "--api-url", s.url, "--ws-url", "ws://"+s.host, "--timeout", "1m")...)
}

// count returns how many requests "METHOD /path" the simulator received.
func (s *testSim) count(request string) int {
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

// orders returns the account's orders on the exchange.
func (s *testSim) orders() []*engine.Order {
	return s.srv.Engine().Orders(tradeAccount, engine.OrderQuery{Limit: 1 << 20})
}

// restingBid places a limit bid for 0.0001 BTC at price KRW on KRW-BTC
// directly in the engine and returns its order id.
func (s *testSim) restingBid(t *testing.T, price int64, clientOrderID string) string {
	t.Helper()
	o, err := s.srv.Engine().PlaceOrder(tradeAccount, engine.OrderRequest{
		Market: "KRW-BTC", Side: engine.Bid, Type: engine.Limit,
		Price: decimal.NewFromInt(price), Volume: decimal.MustParse("0.0001"), ClientOrderID: clientOrderID,
	})
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

// placeLimitBids places n resting limit bids on KRW-BTC, at 100,000,000
// KRW and up by 1,000 KRW each.
func (s *testSim) placeLimitBids(t *testing.T, n int) {
	t.Helper()
	for i := range n {
		s.restingBid(t, 100_000_000+int64(i)*1_000, "")
	}
}

// setFaults replaces the simulator's faults.
func (s *testSim) setFaults(cfg faults.Config) { s.srv.Faults().Set(cfg) }
