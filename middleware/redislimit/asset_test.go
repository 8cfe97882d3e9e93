package redislimit_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/catalog"
	"github.com/bithumb-go/bithumb/middleware"
	"github.com/bithumb-go/bithumb/middleware/redislimit"
)

// TestPerAssetBucketsAreShared: two processes (two limiters on one Redis
// and identity) share each asset's bucket of the per-asset rule, as they
// share the categories; other assets have their own, and the Redis key
// expires once the bucket has refilled. While Redis is unreachable the
// default fallback paces per asset too.
func TestPerAssetBucketsAreShared(t *testing.T) {
	t.Parallel()
	srv := startRedis(t)
	// 2/s per asset: burst 1, then one every 1/0.7 s.
	a := newLimiter(t, newRedisClient(t, srv.Addr), redislimit.WithRateLimit("asset-orders", 2))
	b := newLimiter(t, newRedisClient(t, srv.Addr), redislimit.WithRateLimit("asset-orders", 2))
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	var _ middleware.AssetLimiter = a
	if err := a.WaitAsset(ctx, "asset-orders", "BTC"); err != nil {
		t.Fatalf("first order on BTC: %v", err)
	}
	if err := b.WaitAsset(ctx, "asset-orders", "BTC"); !errors.Is(err, middleware.ErrLimiterDeadline) {
		t.Errorf("the other process's order on BTC = %v, want ErrLimiterDeadline (BTC's slot is taken)", err)
	}
	if err := b.WaitAsset(ctx, "asset-orders", "ETH"); err != nil {
		t.Errorf("an order on ETH: %v", err)
	}
	for _, rule := range []string{"no-such-rule", ""} {
		if err := b.WaitAsset(ctx, rule, "BTC"); err != nil {
			t.Errorf("WaitAsset(%q) = %v, want nil", rule, err)
		}
	}
	if err := b.WaitAsset(ctx, "asset-orders", ""); err != nil {
		t.Errorf("WaitAsset without an asset = %v, want nil", err)
	}
	rdb := newRedisClient(t, srv.Addr)
	ttl, err := rdb.PTTL(t.Context(), keyOf(t, rdb, "asset:asset-orders:BTC")).Result()
	if err != nil || ttl <= 0 || ttl > 3*time.Second {
		t.Errorf("BTC's key expires in %v (%v); want about the refill time", ttl, err)
	}
	srv.Stop()
	local := newLimiter(t, newRedisClient(t, srv.Addr), redislimit.WithRateLimit("asset-orders", 2), redislimit.WithRedisTimeout(100*time.Millisecond))
	if err := local.WaitAsset(ctx, "asset-orders", "XRP"); err != nil {
		t.Fatalf("first order on XRP without Redis: %v", err)
	}
	if err := local.WaitAsset(ctx, "asset-orders", "XRP"); !errors.Is(err, middleware.ErrLimiterDeadline) {
		t.Errorf("second order on XRP without Redis = %v, want ErrLimiterDeadline from the local fallback", err)
	}
}

// TestCancelByOrderIDCountsOnTheAsset: through middleware.Limit, a cancel
// by the exchange order id of an order placed through the same layer
// waits on the order's asset in Redis (here BTC's only slot, which the
// placement took), while the layer of another process, which never saw
// the order placed, paces that cancel by its category only.
func TestCancelByOrderIDCountsOnTheAsset(t *testing.T) {
	t.Parallel()
	srv := startRedis(t)
	a := newLimiter(t, newRedisClient(t, srv.Addr), redislimit.WithRateLimit("asset-orders", 2))
	b := newLimiter(t, newRedisClient(t, srv.Addr), redislimit.WithRateLimit("asset-orders", 2))
	answer := middleware.RoundTripFunc(func(req *http.Request) (*http.Response, error) {
		body := `{}`
		if req.Method == http.MethodPost {
			body = `{"order_id":"C0101000000000000001","market":"KRW-BTC"}`
		}
		return &http.Response{StatusCode: 201, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(body))}, nil
	})
	send := func(rt http.RoundTripper, op, query, body string) error {
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		e, _ := catalog.Default().Operation(op)
		req, err := http.NewRequestWithContext(middleware.WithEndpoint(ctx, e), e.Method, "http://x"+e.Path+query, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := rt.RoundTrip(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		return err
	}
	here, there := middleware.Limit(a)(answer), middleware.Limit(b)(answer)
	if err := send(here, "placeOrder", "", `{"market":"KRW-BTC","side":"bid"}`); err != nil {
		t.Fatalf("the order on BTC: %v", err)
	}
	if err := send(here, "cancelOrder", "?order_id=C0101000000000000001", ""); !errors.Is(err, middleware.ErrLimiterDeadline) {
		t.Errorf("its cancel by order id through the same layer = %v, want ErrLimiterDeadline (BTC's slot is taken)", err)
	}
	if err := send(there, "cancelOrder", "?order_id=C0101000000000000001", ""); err != nil {
		t.Errorf("the cancel through another process's layer = %v, want it paced by category only", err)
	}
}
