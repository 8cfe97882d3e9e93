package bithumb_test

import (
	"context"
	"io"
	"net/http"
	"testing"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/catalog"
	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/middleware"
)

// BenchmarkPlaceOrder is the client's own cost of one placement: PlaceOrder
// through the whole client (validation, client_order_id, per-asset pacing
// with limits so high that it never waits, retry layer, signing of the
// body, decode of the answer) over an in-memory transport that answers the
// 2025 capture of a placement. docs/benchmarks.md ("Every call against its
// net/http floor") records it.
func BenchmarkPlaceOrder(b *testing.B) {
	answer := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, `{"order_id":"C0101000002440517711","market":"KRW-BTC","side":"bid","order_type":"limit","created_at":"2025-08-26T00:27:13+09:00"}`)
	})
	opts := []bithumb.Option{
		bithumb.WithBaseURL("http://bench.invalid"), bithumb.WithKeys(rtAccessKey, rtSecretKey),
		bithumb.WithTransport(rtMemoryTransport{handler: answer}),
		bithumb.WithRateLimit("private-order", middleware.MaxPerSecond),
	}
	for name := range catalog.AssetRules() {
		opts = append(opts, bithumb.WithRateLimit(name, middleware.MaxPerSecond))
	}
	c, err := bithumb.New(opts...)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	req := bithumb.PlaceOrderRequest{
		Market: "KRW-BTC", Side: bithumb.OrderSideBid, OrderType: bithumb.OrderTypeLimit,
		Price: decimal.MustParse("100000000"), Volume: decimal.MustParse("0.0001"),
	}
	b.ReportAllocs()
	for b.Loop() {
		o, err := c.PlaceOrder(ctx, req)
		if err != nil {
			b.Fatal(err)
		}
		if o.OrderID != "C0101000002440517711" {
			b.Fatalf("placed %+v", o)
		}
	}
}
