package ratelimit

import (
	"strconv"
	"testing"
	"time"
)

// TestAllowAssets: a bucket per IP, rule and asset; all of a request's
// tokens or none; a count above the bucket needs a full bucket and leaves
// debt; unknown rules and a disabled limiter allow everything.
func TestAllowAssets(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := New(nil, Config{Overrides: map[string]float64{"asset-orders": 4}}, func() time.Time { return now },
		AssetRule{Name: "asset-orders", PerSecond: 20})
	btc := map[string]int{"BTC": 1}
	for i := range 4 {
		if d := l.AllowAssets("ip", "asset-orders", btc); !d.Allowed {
			t.Fatalf("order %d on BTC refused: %+v", i+1, d)
		}
	}
	if d := l.AllowAssets("ip", "asset-orders", btc); d.Allowed || d.RetryAfter != 250*time.Millisecond || d.Blocked {
		t.Fatalf("the 5th order on BTC: %+v; want refused for 1/4 s", d)
	}
	if d := l.AllowAssets("ip", "asset-orders", map[string]int{"ETH": 4}); !d.Allowed {
		t.Fatal("ETH has its own bucket")
	}
	if d := l.AllowAssets("other-ip", "asset-orders", btc); !d.Allowed {
		t.Fatal("another IP has its own bucket")
	}
	// All or none: ETH has refilled one token, not two, so BTC's
	// refilled token stays.
	now = now.Add(250 * time.Millisecond)
	if d := l.AllowAssets("ip", "asset-orders", map[string]int{"BTC": 1, "ETH": 2}); d.Allowed {
		t.Fatal("a batch with an empty asset was allowed")
	}
	if d := l.AllowAssets("ip", "asset-orders", btc); !d.Allowed {
		t.Fatal("a refused batch took BTC's token")
	}
	// A batch larger than the bucket needs it full, then owes the rest.
	now = now.Add(time.Second)
	if d := l.AllowAssets("ip", "asset-orders", map[string]int{"BTC": 6}); !d.Allowed {
		t.Fatal("a batch of 6 on a full bucket of 4 was refused")
	}
	now = now.Add(500 * time.Millisecond) // -2 + 2 tokens
	if d := l.AllowAssets("ip", "asset-orders", btc); d.Allowed {
		t.Fatal("the debt of a large batch was forgotten")
	}
	if d := l.AllowAssets("ip", "other-rule", map[string]int{"BTC": 100}); !d.Allowed {
		t.Fatal("an unknown rule refused")
	}
	off := New(nil, Config{Disabled: true}, nil, AssetRule{Name: "r", PerSecond: 1})
	for range 3 {
		if d := off.AllowAssets("ip", "r", btc); !d.Allowed {
			t.Fatal("a disabled limiter refused")
		}
	}
	scaled := New(nil, Config{Scale: 0.1}, func() time.Time { return now }, AssetRule{Name: "r", PerSecond: 20})
	scaled.AllowAssets("ip", "r", map[string]int{"BTC": 2})
	if d := scaled.AllowAssets("ip", "r", btc); d.Allowed {
		t.Fatal("Scale does not apply to per-asset rules")
	}
	l.Reset()
	if d := l.AllowAssets("ip", "asset-orders", map[string]int{"BTC": 4}); !d.Allowed {
		t.Fatal("Reset kept the per-asset buckets")
	}
}

// TestAssetBucketsAreSwept: refilled buckets are dropped once many exist,
// so memory follows the assets in use.
func TestAssetBucketsAreSwept(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := New(nil, Config{}, func() time.Time { return now }, AssetRule{Name: "r", PerSecond: 20})
	for i := range 10_000 {
		l.AllowAssets("ip", "r", map[string]int{"A" + strconv.Itoa(i): 1})
		if i%100 == 0 {
			now = now.Add(time.Second)
		}
		l.mu.Lock()
		n := len(l.assetBuckets)
		l.mu.Unlock()
		if n > 2*assetSweepMin {
			t.Fatalf("%d buckets after %d assets", n, i+1)
		}
	}
	// A spent bucket survives a sweep.
	l.AllowAssets("ip", "r", map[string]int{"BTC": 20})
	for i := range 4 * assetSweepMin {
		l.AllowAssets("ip", "r", map[string]int{"B" + strconv.Itoa(i): 1})
	}
	if d := l.AllowAssets("ip", "r", map[string]int{"BTC": 1}); d.Allowed {
		t.Error("a sweep dropped a spent bucket")
	}
}
