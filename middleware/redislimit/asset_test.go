package redislimit_test

import (
	"context"
	"errors"
	"testing"
	"time"

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
