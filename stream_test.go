package bithumb

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/wsclient"
)

// TestStreamReconcilerReadsMissedState: after a gap the reconciler asks
// REST for the orders it believed open and for the balances.
func TestStreamReconcilerReadsMissedState(t *testing.T) {
	t.Parallel()
	var searched []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v2/orders/search":
			var req SearchOrdersRequest
			json.NewDecoder(r.Body).Decode(&req)
			searched = append(searched, req.OrderIds...)
			io.WriteString(w, `[{"order_id":"C0101000000000000001","side":"bid","order_type":"limit","price":"84000000","state":"done","market":"KRW-BTC","created_at":"2026-04-06T12:00:00+09:00","volume":"0.001","remaining_volume":"0","reserved_fee":"210","remaining_fee":"0","paid_fee":"210","locked":"0","executed_volume":"0.001","executed_funds":"84000","trades_count":1,"client_order_id":"mine-1"}]`)
		case "/v1/accounts":
			io.WriteString(w, `[{"currency":"KRW","balance":"99915790","locked":"0","avg_buy_price":"0","avg_buy_price_modified":false,"unit_currency":"KRW"}]`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	c := newTestClient(t, srv.URL)
	r := c.StreamReconciler()
	r.Observe(&wsclient.MyOrder{OrderID: "C0101000000000000001", State: "wait"})
	now := time.Now()
	fixes, err := r.Handle(context.Background(), &wsclient.Reconnected{DisconnectedAt: now.Add(-time.Second), ReconnectedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(searched) != 1 || searched[0] != "C0101000000000000001" {
		t.Errorf("searched %v", searched)
	}
	var order *wsclient.MyOrder
	var asset *wsclient.MyAsset
	for _, f := range fixes {
		switch f := f.(type) {
		case *wsclient.MyOrder:
			order = f
		case *wsclient.MyAsset:
			asset = f
		}
	}
	if order == nil || order.State != "done" || order.ExecutedQuantity.String() != "0.001" || order.ClientOrderID != "mine-1" {
		t.Errorf("order fix = %+v", order)
	}
	if asset == nil || len(asset.Assets) != 1 || asset.Assets[0].Balance.String() != "99915790" {
		t.Errorf("asset fix = %+v", asset)
	}
	if open := r.OpenOrders(); len(open) != 0 {
		t.Errorf("still open after done: %v", open)
	}
}
