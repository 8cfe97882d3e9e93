package catalog

import (
	"sort"
	"testing"
)

// TestDefault: a few endpoints of the spec, looked up by method and
// concrete path, with every field the layers read. The full comparison
// with the spec is spec's TestGeneratedCatalog.
func TestDefault(t *testing.T) {
	t.Parallel()
	c := Default()
	if c != Default() {
		t.Error("Default builds a new catalog on every call")
	}
	tests := []struct {
		method, path string
		op, category string
		retry        RetryPolicy
		auth         AuthScheme
		legacy       bool
	}{
		{"GET", "/v1/ticker", "listTickers", "public-ticker", RetrySafe, AuthNone, false},
		{"GET", "/v1/candles/minutes/15", "listMinuteCandles", "public-candles", RetrySafe, AuthNone, false},
		{"POST", "/v2/orders", "placeOrder", "private-order", RetryReconcile, AuthJWT, false},
		{"DELETE", "/v2/order", "cancelOrder", "private-cancel", RetrySafe, AuthJWT, false},
		{"POST", "/v2/orders/batch", "placeOrderBatch", "bulk", RetryReconcile, AuthJWT, false},
		{"POST", "/v1/withdraws/coin", "withdrawCoin", "private-other", RetryNever, AuthJWT, false},
		{"GET", "/v2/fee/inout/ALL", "listTransferFees", "public-other", RetrySafe, AuthNone, false},
		{"POST", "/trade/place", "legacyPlaceOrder", "private-order", RetryNever, AuthHMAC, true},
		{"GET", "/public/ticker/BTC_KRW", "legacyTicker", "public-ticker", RetrySafe, AuthNone, true},
		{"GET", "/public/candlestick/BTC_KRW/1m", "legacyCandlestick", "public-candles", RetrySafe, AuthNone, true},
	}
	for _, tt := range tests {
		e, ok := c.Lookup(tt.method, tt.path)
		if !ok {
			t.Errorf("%s %s not found", tt.method, tt.path)
			continue
		}
		if e.OperationID != tt.op || e.Category != tt.category || e.Retry != tt.retry || e.Auth != tt.auth || e.Legacy != tt.legacy {
			t.Errorf("%s %s = %+v", tt.method, tt.path, e)
		}
		if e.DocURL == "" {
			t.Errorf("%s has no doc URL", e.OperationID)
		}
	}
	for _, miss := range [][2]string{{"GET", "/v1/nope"}, {"POST", "/v1/ticker"}, {"GET", "/v1/candles/minutes/"}, {"GET", "/v1/candles/minutes/1/x"}} {
		if e, ok := c.Lookup(miss[0], miss[1]); ok {
			t.Errorf("%s %s matched %s", miss[0], miss[1], e.OperationID)
		}
	}
	all := c.Endpoints()
	if len(all) < 60 {
		t.Errorf("catalog has %d endpoints", len(all))
	}
	if !sort.SliceIsSorted(all, func(i, j int) bool { return all[i].OperationID < all[j].OperationID }) {
		t.Error("Endpoints() is not sorted by operation id")
	}
	cats := Categories()
	for _, e := range all {
		if _, ok := cats[e.Category]; !ok {
			t.Errorf("%s has category %q, which is not in Categories()", e.OperationID, e.Category)
		}
		if !e.Retry.Valid() {
			t.Errorf("%s has retry policy %q", e.OperationID, e.Retry)
		}
	}
}

func TestCategories(t *testing.T) {
	t.Parallel()
	cats := Categories()
	want := map[string]float64{"public-ticker": 150, "public-other": 150, "private-order": 140, "private-cancel": 140, "private-other": 140, "bulk": 20}
	for name, rate := range want {
		if c := cats[name]; c.Name != name || c.PerSecond != rate || c.Description == "" {
			t.Errorf("%s = %+v, want %v per second", name, c, rate)
		}
	}
	delete(cats, "bulk")
	if _, ok := Categories()["bulk"]; !ok {
		t.Error("Categories() shares its map")
	}
}
