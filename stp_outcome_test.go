package bithumb_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/faults"
)

// TestPlacementCancelledBySelfTradePrevention: since 2026-05-07 an order
// that would trade with a resting order of the same account is placed
// and its remainder cancelled at matching time. For the three-outcome
// rule that is a placed order: PlaceOrder returns it, and when the answer
// is lost the look-up finds it in state cancel and returns it instead of
// sending it again.
func TestPlacementCancelledBySelfTradePrevention(t *testing.T) {
	t.Parallel()
	var loseNext atomic.Bool
	lose := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && r.URL.Path == "/v2/orders" && loseNext.CompareAndSwap(true, false) {
				next.ServeHTTP(httptest.NewRecorder(), r) // placed, answer lost
				w.WriteHeader(http.StatusBadGateway)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	r := newExchangeRig(t, faults.Config{}, lose)
	ctx := context.Background()
	book, ok := r.sim.Engine().Orderbook("KRW-BTC", 1)
	if !ok {
		t.Fatal("no KRW-BTC book")
	}
	price := book.Asks[0].Price.AsString()
	vol := decimal.MustParse("0.001").AsString()
	if _, err := r.client.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideAsk,
		OrderType: bithumb.OrderTypeLimit, Price: price, Volume: vol, ClientOrderID: "stp-rest"}); err != nil {
		t.Fatal(err)
	}
	for _, lost := range []bool{false, true} {
		id := "stp-direct"
		if lost {
			id = "stp-lost"
		}
		loseNext.Store(lost)
		resp, err := r.client.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: "KRW-BTC", Side: bithumb.OrderSideBid,
			OrderType: bithumb.OrderTypeLimit, Price: price, Volume: vol, ClientOrderID: id})
		if err != nil || resp == nil || resp.OrderID == "" {
			t.Fatalf("%s (answer lost: %v): %+v %v, want the order placed", id, lost, resp, err)
		}
		if loseNext.Load() {
			t.Fatal("the answer was not lost")
		}
		on := r.ordersByClientID()[id]
		if len(on) != 1 || on[0].ID != resp.OrderID || on[0].State != engine.StateCancel || on[0].CancelType != engine.CancelSTP {
			t.Errorf("%s on the exchange: %d order(s), want one, cancelled by self-trade prevention: %+v", id, len(on), on)
		}
		o, err := r.client.GetOrder(ctx, bithumb.GetOrderParams{ClientOrderID: &id})
		if err != nil || o.State != bithumb.OrderStateCancel || o.CancelingUUID == nil || o.StpType == nil {
			t.Errorf("%s: %+v %v", id, o, err)
		}
	}
}
