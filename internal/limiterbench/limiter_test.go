// Package limiterbench measures how close the client's default rate
// limiter runs to Bithumb's published limits against the simulator
// (make bench-limiter). It has only a test, which measures and asserts
// nothing.
package limiterbench

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/catalog"
	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/internal/ratewindow"
	"github.com/bithumb-go/bithumb/sim"
	"github.com/bithumb-go/bithumb/sim/ratelimit"
)

// goroutines is the steady load: each calls the category's operation as
// fast as the limiter lets it.
const goroutines = 64

// TestLimiterAtTheLimit runs, for each category of the spec that read-only
// calls and orders reach, 64 goroutines calling one operation of it
// through a default client (bithumb.New's limiter, retries and all)
// against an in-process simulator with Bithumb's published limits, while
// GOMAXPROCS goroutines burn CPU; one call of each category comes first,
// not counted, so that the load starts steady. It logs the answered requests per second
// as a share of the category's limit, the 429 count, and the most
// requests in any one second as they left the client and as the simulator
// answered them. It runs only with BITHUMB_BENCH_LIMITER=1 (make
// bench-limiter); BITHUMB_BENCH_SECONDS sets the length of each run
// (default 10), BITHUMB_BENCH_BURNERS the number of CPU burners (default
// GOMAXPROCS), BITHUMB_BENCH_CATEGORY runs one category only, and
// BITHUMB_BENCH_HEADERS=0 hides the x-ratelimit-* headers from the client
// (the limiter's static pacing).
func TestLimiterAtTheLimit(t *testing.T) {
	if os.Getenv("BITHUMB_BENCH_LIMITER") != "1" {
		t.Skip("a measurement, not a test: run it with make bench-limiter")
	}
	seconds := 10
	if s := os.Getenv("BITHUMB_BENCH_SECONDS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			t.Fatalf("BITHUMB_BENCH_SECONDS=%q is not a positive number of seconds", s)
		}
		seconds = n
	}
	burners := runtime.GOMAXPROCS(0)
	if s := os.Getenv("BITHUMB_BENCH_BURNERS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			t.Fatalf("BITHUMB_BENCH_BURNERS=%q is not a number of goroutines", s)
		}
		burners = n
	}
	only := os.Getenv("BITHUMB_BENCH_CATEGORY")
	counts := &counter{strip: os.Getenv("BITHUMB_BENCH_HEADERS") == "0"}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	burn(ctx, burners)

	// Every order and cancel goes to KRW-BTC, so the per-asset rule (20 a
	// second on one asset, sim and client alike) is raised on both sides:
	// this run measures the categories' limits. The per-asset rule has its
	// own tests (sim's TestClientStaysUnderThePerAssetRule).
	srv, err := sim.New(sim.WithConfig(sim.Config{RateLimit: ratelimit.Config{Overrides: assetRulesRaised()}}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	ts := httptest.NewServer(counts.wrap(srv))
	t.Cleanup(ts.Close)
	key := srv.Keys()[0]
	tr := &http.Transport{MaxIdleConnsPerHost: goroutines}
	t.Cleanup(tr.CloseIdleConnections)
	opts := []bithumb.Option{bithumb.WithBaseURL(ts.URL), bithumb.WithKeys(key.AccessKey, key.SecretKey),
		bithumb.WithHTTPClient(&http.Client{Transport: counts.sending(tr)})}
	for name, perSecond := range assetRulesRaised() {
		opts = append(opts, bithumb.WithRateLimit(name, perSecond))
	}
	client, err := bithumb.New(opts...)
	if err != nil {
		t.Fatal(err)
	}

	orders := &orderIDs{}
	price, volume := decimal.NewFromInt(100_000_000), decimal.MustParse("0.0001")
	order := bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypeLimit, Price: price, Volume: volume}
	runs := []struct {
		category string
		call     func(ctx context.Context) error
	}{
		{"public-candles", func(ctx context.Context) error {
			_, err := client.ListMinuteCandles(ctx, bithumb.ListMinuteCandlesParamsUnitN1, bithumb.ListMinuteCandlesParams{Market: "KRW-BTC"})
			return err
		}},
		{"public-orderbook", func(ctx context.Context) error { _, err := client.ListOrderbooks(ctx, "KRW-BTC"); return err }},
		{"public-ticker", func(ctx context.Context) error { _, err := client.ListTickers(ctx, "KRW-BTC"); return err }},
		{"public-trades", func(ctx context.Context) error {
			_, err := client.ListTrades(ctx, bithumb.ListTradesParams{Market: "KRW-BTC"})
			return err
		}},
		{"public-other", func(ctx context.Context) error { _, err := client.ListMarketWarnings(ctx); return err }},
		{"private-other", func(ctx context.Context) error { _, err := client.ListAccounts(ctx); return err }},
		{"private-order", func(ctx context.Context) error {
			resp, err := client.PlaceOrder(ctx, order)
			if err == nil {
				orders.add(resp.OrderID)
			}
			return err
		}},
		{"private-cancel", func(ctx context.Context) error {
			// Once every order is cancelled, cancelling one again is
			// refused by the server, and counted like any request.
			id := orders.next()
			_, err := client.CancelOrder(ctx, bithumb.CancelOrderParams{OrderID: &id})
			return err
		}},
		{"bulk", func(ctx context.Context) error {
			_, err := client.PlaceOrderBatch(ctx, bithumb.PlaceOrderBatchRequest{BatchOrders: []bithumb.PlaceOrderRequest{order}})
			return err
		}},
	}
	limits := catalog.Categories()
	t.Logf("%d goroutines per category, %d s each, %d CPU burners, GOMAXPROCS %d",
		goroutines, seconds, burners, runtime.GOMAXPROCS(0))
	t.Logf("%-16s %9s %9s %8s %5s %13s %13s %s", "category", "limit", "answered", "share", "429s", "most sent/s", "most recv/s", "other errors")
	for _, r := range runs {
		if only != "" && r.category != only && !(only == "private-cancel" && r.category == "private-order") {
			continue // cancelling needs the orders placed first
		}
		limit := limits[r.category].PerSecond
		// One call first, not counted: the load starts steady, steered
		// by the server's headers (see the cold start in docs).
		if err := r.call(ctx); err != nil {
			t.Logf("%s: the first call: %v", r.category, err)
		}
		counts.reset()
		errs := hammer(ctx, time.Duration(seconds)*time.Second, r.call)
		answered, tooMany, sent, received := counts.result()
		rate := float64(answered) / float64(seconds)
		t.Logf("%-16s %7.0f/s %7.1f/s %7.1f%% %5d %6d (%3.0f%%) %6d (%3.0f%%) %s", r.category, limit, rate, 100*rate/limit,
			tooMany, sent, 100*float64(sent)/limit, received, 100*float64(received)/limit, errs)
	}
}

// burn keeps n goroutines busy until ctx ends.
func burn(ctx context.Context, n int) {
	for range n {
		go func() {
			x := uint64(1)
			for ctx.Err() == nil {
				for range 100_000 {
					x = x*6364136223846793005 + 1442695040888963407
				}
			}
			_ = x
		}()
	}
}

// hammer calls call from 64 goroutines for d and summarises the errors
// other than the end of the run (a goroutine stops when the limiter says
// its next request would come after it).
func hammer(parent context.Context, d time.Duration, call func(context.Context) error) string {
	ctx, cancel := context.WithTimeout(parent, d)
	defer cancel()
	var mu sync.Mutex
	errs := map[string]int{}
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for ctx.Err() == nil {
				err := call(ctx)
				if errors.Is(err, context.DeadlineExceeded) {
					return // the limiter's next slot is after the end of the run
				}
				if err == nil {
					continue
				}
				mu.Lock()
				errs[shorten(err.Error())]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(errs) == 0 {
		return "none"
	}
	var out []string
	for e, n := range errs {
		out = append(out, fmt.Sprintf("%d× %s", n, e))
	}
	sort.Strings(out)
	return fmt.Sprint(out)
}

func shorten(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// counter counts the requests of one run: when they left the client,
// and the simulator's answers (the 429s, the others and their times).
type counter struct {
	strip   bool // hide the x-ratelimit-* headers from the client
	mu      sync.Mutex
	sent    []time.Time
	times   []time.Time
	tooMany int
}

// sending returns next, noting when each request leaves.
func (c *counter) sending(next http.RoundTripper) http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		c.mu.Lock()
		c.sent = append(c.sent, time.Now())
		c.mu.Unlock()
		resp, err := next.RoundTrip(r)
		if err == nil && c.strip {
			for k := range resp.Header {
				if strings.HasPrefix(k, "X-Ratelimit-") {
					resp.Header.Del(k)
				}
			}
		}
		return resp, err
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func (c *counter) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		c.mu.Lock()
		defer c.mu.Unlock()
		now := time.Now() // under the lock: times stay in order
		switch {
		case sw.status == http.StatusTooManyRequests:
			c.tooMany++
		default:
			c.times = append(c.times, now)
		}
	})
}

func (c *counter) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent, c.times, c.tooMany = nil, nil, 0
}

// result returns the answers other than 429, the 429s, and the most
// requests sent and answered in any one second.
func (c *counter) result() (answered, tooMany, mostSent, mostAnswered int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.times), c.tooMany, busiest(c.sent), busiest(c.times)
}

// assetRulesRaised lists every per-asset rule of the spec with a limit
// far above any category's.
func assetRulesRaised() map[string]float64 {
	raised := map[string]float64{}
	for name := range catalog.AssetRules() {
		raised[name] = 1e6
	}
	return raised
}

// busiest returns the most times within one second.
func busiest(times []time.Time) int { return ratewindow.Busiest(times, time.Second) }

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// orderIDs hands out the placed orders' ids in turn, round and round.
type orderIDs struct {
	mu  sync.Mutex
	ids []string
	pos int
}

// next returns the next id, or a made-up one when no order was placed.
func (o *orderIDs) next() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	if len(o.ids) == 0 {
		return "C0000000000000000"
	}
	id := o.ids[o.pos%len(o.ids)]
	o.pos++
	return id
}

func (o *orderIDs) add(id string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.ids = append(o.ids, id)
}
