package spec

import (
	"testing"

	"github.com/bithumb-go/bithumb/middleware"
)

func TestCatalog(t *testing.T) {
	t.Parallel()
	c, err := Catalog()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		method, path string
		op, category string
		retry        middleware.RetryPolicy
		auth         middleware.AuthScheme
		legacy       bool
	}{
		{"GET", "/v1/ticker", "listTickers", "public-ticker", middleware.RetrySafe, middleware.AuthNone, false},
		{"GET", "/v1/candles/minutes/15", "listMinuteCandles", "public-candles", middleware.RetrySafe, middleware.AuthNone, false},
		{"POST", "/v2/orders", "placeOrder", "private-order", middleware.RetryReconcile, middleware.AuthJWT, false},
		{"DELETE", "/v2/order", "cancelOrder", "private-cancel", middleware.RetrySafe, middleware.AuthJWT, false},
		{"POST", "/v2/orders/batch", "placeOrderBatch", "bulk", middleware.RetryReconcile, middleware.AuthJWT, false},
		{"POST", "/v1/withdraws/coin", "withdrawCoin", "private-other", middleware.RetryNever, middleware.AuthJWT, false},
		{"GET", "/v2/fee/inout/ALL", "listTransferFees", "public-other", middleware.RetrySafe, middleware.AuthNone, false},
		{"POST", "/trade/place", "legacyPlaceOrder", "private-order", middleware.RetryNever, middleware.AuthHMAC, true},
		{"GET", "/public/ticker/BTC_KRW", "legacyTicker", "public-ticker", middleware.RetrySafe, middleware.AuthNone, true},
		{"GET", "/public/candlestick/BTC_KRW/1m", "legacyCandlestick", "public-candles", middleware.RetrySafe, middleware.AuthNone, true},
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
	if n := len(c.Endpoints()); n < 60 {
		t.Errorf("catalog has %d endpoints", n)
	}
}

func TestCategories(t *testing.T) {
	t.Parallel()
	cats, err := Categories()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{"public-ticker": 150, "private-order": 140, "private-cancel": 140, "private-other": 140, "bulk": 20}
	for name, rate := range want {
		if cats[name].PerSecond != rate {
			t.Errorf("%s = %v, want %v", name, cats[name].PerSecond, rate)
		}
	}
}

// TestEveryOperationHasAnExample: each operation documents a success
// response with an example, so users (and the contract cases) see a real
// payload for every endpoint.
func TestEveryOperationHasAnExample(t *testing.T) {
	t.Parallel()
	doc, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			found := false
			for code, resp := range op.Responses.Map() {
				if code[0] != '2' || resp.Value == nil {
					continue
				}
				for _, mt := range resp.Value.Content {
					if mt.Example != nil || len(mt.Examples) > 0 {
						found = true
					}
				}
			}
			if !found {
				t.Errorf("%s %s (%s) has no success example", method, path, op.OperationID)
			}
		}
	}
}
