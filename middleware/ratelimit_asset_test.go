package middleware

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/bithumb-go/bithumb/catalog"
	"github.com/bithumb-go/bithumb/internal/ratewindow"
)

// The per-asset rule (the spec's x-bithumb-asset-rate-limits): waits in
// this file run on the fake clock of a synctest bubble.

// assetLimitedRequest builds a request of operation op with body (JSON,
// or a form for legacy operations) or query, carrying its catalog
// endpoint as Client.do does.
func assetLimitedRequest(t *testing.T, ctx context.Context, op, query, body string) *http.Request {
	t.Helper()
	e, ok := catalog.Default().Operation(op)
	if !ok {
		t.Fatalf("the spec has no operation %s", op)
	}
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(WithEndpoint(ctx, e), e.Method, "http://x"+e.Path+query, r)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// assetRecorder is an AssetLimiter that records the per-asset waits.
type assetRecorder struct {
	fakeLimiter
	assets []string
}

func (a *assetRecorder) WaitAsset(_ context.Context, rule, asset string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.assets = append(a.assets, rule+":"+asset)
	return nil
}

// TestLimitFindsTheAssets: the layer waits once per order or id on its
// asset, where the spec's x-bithumb-asset says it is, leaves the body
// intact for the layers below, and never waits per asset for endpoints no
// rule covers.
func TestLimitFindsTheAssets(t *testing.T) {
	t.Parallel()
	rec := &assetRecorder{}
	var bodies []string
	rt := Limit(rec)(RoundTripFunc(func(req *http.Request) (*http.Response, error) {
		var b []byte
		if req.Body != nil {
			b, _ = io.ReadAll(req.Body)
		}
		bodies = append(bodies, string(b))
		return &http.Response{StatusCode: 200, Body: http.NoBody, Header: http.Header{}}, nil
	}))
	ctx := t.Context()
	for _, tt := range []struct {
		op, query, body string
		want            []string
	}{
		{"placeOrder", "", `{"market":"KRW-BTC","side":"bid","client_order_id":"c-1"}`, []string{"BTC"}},
		{"placeOrderBatch", "", `{"batch_orders":[{"market":"KRW-BTC","client_order_id":"c-2"},{"market":"KRW-ETH"},{"market":"BTC-XRP","client_order_id":"c-3"}]}`,
			[]string{"BTC", "ETH", "XRP"}},
		{"placeTwapOrder", "", `{"market":"KRW-SOL","side":"ask"}`, []string{"SOL"}},
		{"placeOrderV1", "", `{"market":"krw-doge","side":"ask"}`, []string{"DOGE"}},
		// Cancels by client order id count on the asset the order was
		// placed on through this layer; unknown ids, and exchange ids
		// this layer never saw answered (the answers here are empty),
		// name no asset, and an exchange id wins over a client id.
		{"cancelOrder", "?client_order_id=c-1", "", []string{"BTC"}},
		{"cancelOrder", "?client_order_id=unknown", "", nil},
		{"cancelOrder", "?order_id=C0101000000001799625&client_order_id=c-1", "", nil},
		{"cancelOrderBatch", "", `{"client_order_ids":["c-2","c-3","nope","c-1"]}`, []string{"BTC", "XRP", "BTC"}},
		{"cancelOrderBatch", "", `{"order_ids":["C0101000000001799625"],"client_order_ids":["c-2"]}`, nil},
		{"cancelOrderV1", "?uuid=C0101000000001799625", "", nil},
		{"cancelTwapOrder", "?algo_order_id=TWAP-1", "", nil},
		{"legacyPlaceOrder", "", "order_currency=BTC&payment_currency=KRW&units=1&price=1&type=bid", []string{"BTC"}},
		{"legacyCancelOrder", "", "type=bid&order_id=C0101000003152294086&order_currency=eth&payment_currency=KRW", []string{"ETH"}},
		{"legacyMarketBuy", "", "units=1&order_currency=XRP&payment_currency=KRW", []string{"XRP"}},
		// Not covered by the rule: no per-asset wait.
		{"getOrder", "?client_order_id=c-1", "", nil},
		{"listOrders", "?market=KRW-BTC", "", nil},
		// Bodies the layer cannot read give no assets; the request still
		// goes down, where it is refused.
		{"placeOrder", "", `{"market":`, nil},
		{"placeOrderBatch", "", `{"batch_orders":{"market":"KRW-BTC"}}`, nil},
	} {
		rec.assets = nil
		bodies = nil
		resp, err := rt.RoundTrip(assetLimitedRequest(t, ctx, tt.op, tt.query, tt.body))
		if err != nil {
			t.Fatalf("%s: %v", tt.op, err)
		}
		resp.Body.Close()
		var want []string
		for _, a := range tt.want {
			want = append(want, "asset-orders:"+a)
		}
		if !slices.Equal(rec.assets, want) {
			t.Errorf("%s %s%s: per-asset waits %v, want %v", tt.op, tt.query, tt.body, rec.assets, want)
		}
		if len(bodies) != 1 || bodies[0] != tt.body {
			t.Errorf("%s: the transport got the body %q, want %q", tt.op, bodies, tt.body)
		}
	}
}

// TestLimitStopsAtAPerAssetError: a per-asset wait that fails ends the
// request before it is sent.
func TestLimitStopsAtAPerAssetError(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		l := mustLimiter(t, nil, 1000, WithAssetLimit("asset-orders", 1))
		sent := 0
		rt := Limit(l)(RoundTripFunc(func(*http.Request) (*http.Response, error) {
			sent++
			return &http.Response{StatusCode: 200, Body: http.NoBody, Header: http.Header{}}, nil
		}))
		ctx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		body := `{"market":"KRW-BTC"}`
		if _, err := rt.RoundTrip(assetLimitedRequest(t, ctx, "placeOrder", "", body)); err != nil {
			t.Fatal(err)
		}
		// 1/s: burst 1, refill 0.5/s; the next needs 2 s.
		_, err := rt.RoundTrip(assetLimitedRequest(t, ctx, "placeOrder", "", body))
		if !errors.Is(err, ErrLimiterDeadline) || sent != 1 {
			t.Errorf("second order: %v after %d sent; want ErrLimiterDeadline and one sent", err, sent)
		}
	})
}

// TestSixtyFourGoroutinesOnOneAsset: 64 goroutines placing orders on BTC
// through the layer never put more than 85% of the per-asset limit (20/s)
// in any one-second window, while orders on ETH, sent meanwhile, pass as
// fast as if BTC were idle.
func TestSixtyFourGoroutinesOnOneAsset(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		// Categories far above the per-asset rule, so that only it paces.
		l := mustLimiter(t, map[string]RateLimit{"private-order": {PerSecond: 10000}}, 10000, WithAssetLimit("asset-orders", 20))
		var mu sync.Mutex
		sent := map[string][]time.Time{}
		rt := Limit(l)(RoundTripFunc(func(req *http.Request) (*http.Response, error) {
			b, _ := io.ReadAll(req.Body)
			mu.Lock()
			asset := "BTC"
			if strings.Contains(string(b), "ETH") {
				asset = "ETH"
			}
			sent[asset] = append(sent[asset], time.Now())
			mu.Unlock()
			return &http.Response{StatusCode: 201, Body: http.NoBody, Header: http.Header{}}, nil
		}))
		ctx := t.Context()
		place := func(market string, i int) {
			body := `{"market":"` + market + `","client_order_id":"c-` + strconv.Itoa(i) + `"}`
			resp, err := rt.RoundTrip(assetLimitedRequest(t, ctx, "placeOrder", "", body))
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
		}
		var wg sync.WaitGroup
		for g := range 64 {
			wg.Go(func() {
				for i := range 4 {
					place("KRW-BTC", g*10+i)
				}
			})
		}
		synctest.Wait() // every BTC goroutine is queued on the bucket
		start := time.Now()
		place("KRW-ETH", 1000)
		place("KRW-ETH", 1001)
		if d := time.Since(start); d != 0 {
			t.Errorf("two ETH orders (its burst) waited %v behind BTC's queue", d)
		}
		place("KRW-ETH", 1002)
		if d := time.Since(start); !near(d, time.Second/15) {
			t.Errorf("the third ETH order went after %v, want 1/15 s as alone", d)
		}
		wg.Wait()
		btc := sent["BTC"]
		if len(btc) != 256 {
			t.Fatalf("%d BTC orders sent, want 256", len(btc))
		}
		most := busiestSecond(btc)
		if most > 17 {
			t.Errorf("%d BTC orders in one second, want at most 17 (85%% of 20)", most)
		}
		if most < 16 {
			t.Errorf("only %d BTC orders in the busiest second: the limiter is slower than its shape", most)
		}
	})
}

// TestIdleAssetBucketsAreDropped: a bucket that has refilled is dropped
// once a rule holds many, so memory follows the assets in use, not every
// asset ever seen.
func TestIdleAssetBucketsAreDropped(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		l := mustLimiter(t, nil, 100, WithAssetLimit("r", 20))
		ctx := t.Context()
		for i := range 1000 {
			if err := l.WaitAsset(ctx, "r", "A"+strconv.Itoa(i)); err != nil {
				t.Fatal(err)
			}
			if n := l.assetBuckets("r"); n > 2*assetSweepMin {
				t.Fatalf("%d buckets after %d assets: not swept", n, i+1)
			}
			if i%50 == 0 {
				time.Sleep(time.Second) // the older buckets refill
			}
		}
	})
}

// TestAssetBucketsSurviveASweep: a spent bucket is kept by a sweep, so the
// next request on its asset still waits.
func TestAssetBucketsSurviveASweep(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		l := mustLimiter(t, nil, 100, WithAssetLimit("r", 20))
		ctx := t.Context()
		for range 2 { // the burst of BTC
			if err := l.WaitAsset(ctx, "r", "BTC"); err != nil {
				t.Fatal(err)
			}
		}
		for i := range 4 * assetSweepMin { // many new assets: sweeps run
			if err := l.WaitAsset(ctx, "r", "A"+strconv.Itoa(i)); err != nil {
				t.Fatal(err)
			}
		}
		start := time.Now()
		if err := l.WaitAsset(ctx, "r", "BTC"); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); !near(d, time.Second/15) {
			t.Errorf("BTC's third request waited %v after the sweeps, want 1/15 s", d)
		}
	})
}

// TestWaitAssetIsContextAware: a done context or a deadline too close
// ends the wait at once; an unknown rule or an empty asset never waits.
func TestWaitAssetIsContextAware(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		l := mustLimiter(t, nil, 100, WithAssetLimit("r", 1))
		if err := l.WaitAsset(t.Context(), "r", "BTC"); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		start := time.Now()
		if err := l.WaitAsset(ctx, "r", "BTC"); !errors.Is(err, ErrLimiterDeadline) || time.Since(start) != 0 {
			t.Errorf("WaitAsset with a deadline too close = %v after %v", err, time.Since(start))
		}
		done, cancel2 := context.WithCancel(t.Context())
		cancel2()
		if err := l.WaitAsset(done, "r", "ETH"); !errors.Is(err, context.Canceled) {
			t.Errorf("WaitAsset with a canceled context = %v", err)
		}
		for range 5 {
			if err := l.WaitAsset(t.Context(), "other", "BTC"); err != nil {
				t.Error(err)
			}
			if err := l.WaitAsset(t.Context(), "r", ""); err != nil {
				t.Error(err)
			}
		}
		if time.Since(start) != 0 {
			t.Error("an unknown rule or an empty asset waited")
		}
	})
}

// TestWithAssetLimitRejects: an empty rule or a bad rate is refused.
func TestWithAssetLimitRejects(t *testing.T) {
	t.Parallel()
	for _, opt := range []LimiterOption{WithAssetLimit("", 20), WithAssetLimit("r", 0), WithAssetLimit("r", 2e6)} {
		if _, err := NewCategoryLimiter(nil, RateLimit{PerSecond: 1}, opt); err == nil {
			t.Error("NewCategoryLimiter accepted a bad per-asset limit")
		}
	}
}

// TestOrderAssetsIsBounded: the memory of order ids keeps the last ones
// only.
func TestOrderAssetsIsBounded(t *testing.T) {
	t.Parallel()
	m := newOrderAssets(3)
	for i := range 5 {
		m.record("c"+strconv.Itoa(i), "A"+strconv.Itoa(i))
	}
	m.record("c4", "B")
	m.record("", "X")
	m.record("x", "")
	for id, want := range map[string]string{"c0": "", "c1": "", "c2": "A2", "c3": "A3", "c4": "B", "": "", "x": ""} {
		if got := m.lookup(id); got != want {
			t.Errorf("lookup(%q) = %q, want %q", id, got, want)
		}
	}
	if len(m.asset) != 3 {
		t.Errorf("%d ids remembered, want 3", len(m.asset))
	}
}

// assetBuckets returns how many per-asset buckets rule holds.
func (l *CategoryLimiter) assetBuckets(rule string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if r := l.assets[rule]; r != nil {
		return len(r.buckets)
	}
	return 0
}

// busiestSecond returns the most of times that fall within one second.
func busiestSecond(times []time.Time) int { return ratewindow.Busiest(times, time.Second) }
