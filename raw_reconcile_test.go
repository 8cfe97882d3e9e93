package bithumb_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/sim/engine"
	"github.com/bithumb-go/bithumb/sim/faults"
)

// rawBid is the JSON body of r.restingBid, with clientOrderID unless it
// is empty.
func (r *exchangeRig) rawBid(clientOrderID string) string {
	o := r.restingBid(clientOrderID)
	body := fmt.Sprintf(`{"market":"KRW-BTC","side":"bid","order_type":"limit","price":"%s","volume":"%s"`, o.Price, o.Volume)
	if clientOrderID != "" {
		body += fmt.Sprintf(`,"client_order_id":%q`, clientOrderID)
	}
	return body + "}"
}

func (r *exchangeRig) do(req bithumb.RawRequest) (*bithumb.RawResponse, *bithumb.AmbiguousOrderError, error) {
	r.t.Helper()
	resp, err := r.client.Do(r.t.Context(), req)
	var amb *bithumb.AmbiguousOrderError
	errors.As(err, &amb)
	return resp, amb, err
}

func TestDoGivesAPlacementAClientOrderID(t *testing.T) {
	t.Parallel()
	r := newExchangeRig(t, faults.Config{}, nil)
	resp, _, err := r.do(bithumb.RawRequest{Method: "POST", Path: "/v2/orders", JSONBody: []byte(r.rawBid(""))})
	if err != nil {
		t.Fatal(err)
	}
	var answer struct {
		ClientOrderID string `json:"client_order_id"`
	}
	if err := json.Unmarshal(resp.Body, &answer); err != nil || !strings.HasPrefix(answer.ClientOrderID, "bgo") {
		t.Fatalf("answer %s: no generated client_order_id", resp.Body)
	}
	if n := len(r.ordersByClientID()[answer.ClientOrderID]); n != 1 {
		t.Errorf("%d orders with %s on the exchange", n, answer.ClientOrderID)
	}
}

// TestDoPlacementInDoubt: a placement whose answer is lost is looked up,
// never sent again, and reported with what the look-up found.
func TestDoPlacementInDoubt(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		fault     faults.Config
		wantFound bool
	}{
		{"reset after placing", faults.Config{Operations: []string{"placeOrder"}, NextReset: 1}, true},
		{"malformed 201", faults.Config{Operations: []string{"placeOrder"}, NextMalformed: 1}, true},
		{"500 without placing", faults.Config{Operations: []string{"placeOrder"}, NextError: 1}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newExchangeRig(t, tc.fault, nil)
			_, amb, err := r.do(bithumb.RawRequest{Method: "POST", Path: "/v2/orders", JSONBody: []byte(r.rawBid(""))})
			if amb == nil || amb.Op != "place" || len(amb.ClientOrderIDs) != 1 || !strings.HasPrefix(amb.ClientOrderIDs[0], "bgo") {
				t.Fatalf("err = %v, want an *AmbiguousOrderError with the generated id", err)
			}
			id := amb.ClientOrderIDs[0]
			rec := amb.Reconciliation
			orders := r.ordersByClientID()
			if tc.wantFound {
				if len(rec.Found) != 1 || rec.Found[0].ClientOrderID != id || rec.Found[0].State != bithumb.OrderStateWait ||
					rec.Found[0].OrderID != orders[id][0].ID || rec.NotFound {
					t.Errorf("reconciliation %+v, want the order found open", rec)
				}
			} else if !rec.NotFound || len(rec.Found) != 0 || rec.Lookups == 0 {
				t.Errorf("reconciliation %+v, want not found", rec)
			}
			want := 0
			if tc.wantFound {
				want = 1
			}
			if n := len(orders); n != want {
				t.Errorf("%d orders on the exchange, want %d (never re-sent)", n, want)
			}
		})
	}
}

func TestDoBatchInDoubt(t *testing.T) {
	t.Parallel()
	r := newExchangeRig(t, faults.Config{Operations: []string{"placeOrderBatch"}, NextReset: 1}, nil)
	body := `{"batch_orders":[` + r.rawBid("raw-batch-1") + "," + r.rawBid("") + "]}"
	_, amb, err := r.do(bithumb.RawRequest{Method: "POST", Path: "/v2/orders/batch", JSONBody: []byte(body)})
	if amb == nil || len(amb.ClientOrderIDs) != 2 || amb.ClientOrderIDs[0] != "raw-batch-1" || !strings.HasPrefix(amb.ClientOrderIDs[1], "bgo") {
		t.Fatalf("err = %v", err)
	}
	if f := amb.Reconciliation.Found; len(f) != 2 || f[0].ClientOrderID != "raw-batch-1" || f[1].ClientOrderID != amb.ClientOrderIDs[1] {
		t.Errorf("found %+v", f)
	}
	if n := len(r.ordersByClientID()); n != 2 {
		t.Errorf("%d orders on the exchange, want 2", n)
	}
}

func TestDoCancelInDoubt(t *testing.T) {
	t.Parallel()
	r := newExchangeRig(t, faults.Config{}, nil)
	placed, err := r.client.PlaceOrder(t.Context(), r.restingBid("raw-cancel-1"))
	if err != nil {
		t.Fatal(err)
	}
	r.sim.Faults().Set(faults.Config{Operations: []string{"cancelOrder", "cancelOrderV1"}, ResetRate: 1})
	for _, req := range []bithumb.RawRequest{
		{Method: "DELETE", Path: "/v2/order", Query: []bithumb.Param{{Key: "client_order_id", Value: "raw-cancel-1"}}},
		{Method: "DELETE", Path: "/v1/order", Query: []bithumb.Param{{Key: "uuid", Value: placed.OrderID}}},
	} {
		_, amb, err := r.do(req)
		if amb == nil || amb.Op != "cancel" || amb.Reconciliation.State != bithumb.OrderStateCancel {
			t.Errorf("%s %s: err = %v, want an ambiguous cancel found cancelled", req.Method, req.Path, err)
		}
		if amb != nil && !strings.Contains(amb.Error(), "state cancel") {
			t.Errorf("%s %s: %v", req.Method, req.Path, amb)
		}
	}
}

func TestDoCancelBatchInDoubt(t *testing.T) {
	t.Parallel()
	r := newExchangeRig(t, faults.Config{}, nil)
	for _, id := range []string{"raw-bc-1", "raw-bc-2"} {
		if _, err := r.client.PlaceOrder(t.Context(), r.restingBid(id)); err != nil {
			t.Fatal(err)
		}
	}
	r.sim.Faults().Set(faults.Config{Operations: []string{"cancelOrderBatch"}, ResetRate: 1})
	_, amb, err := r.do(bithumb.RawRequest{Method: "POST", Path: "/v2/orders/cancel", JSONBody: []byte(`{"client_order_ids":["raw-bc-1","raw-bc-2"]}`)})
	if amb == nil || amb.Op != "cancel" || len(amb.ClientOrderIDs) != 2 {
		t.Fatalf("err = %v", err)
	}
	f := amb.Reconciliation.Found
	if len(f) != 2 || f[0].ClientOrderID != "raw-bc-1" || f[0].State != bithumb.OrderStateCancel || f[1].State != bithumb.OrderStateCancel {
		t.Errorf("found %+v, want both cancelled", f)
	}
}

// TestDoPlacementWithoutClientOrderID: v1 placements take no client order
// id, so their doubt is reported without a look-up.
func TestDoPlacementWithoutClientOrderID(t *testing.T) {
	t.Parallel()
	r := newExchangeRig(t, faults.Config{Operations: []string{"placeOrderV1"}, NextReset: 1}, nil)
	o := r.restingBid("x")
	body := fmt.Sprintf(`{"market":"KRW-BTC","side":"bid","ord_type":"limit","price":"%s","volume":"%s"}`, o.Price, o.Volume)
	_, amb, err := r.do(bithumb.RawRequest{Method: "POST", Path: "/v1/orders", JSONBody: []byte(body)})
	if amb == nil || len(amb.ClientOrderIDs) != 0 || amb.Reconciliation.Lookups != 0 {
		t.Fatalf("v1: err = %v", err)
	}

	r.sim.Faults().Set(faults.Config{Operations: []string{"legacyPlaceOrder"}, NextReset: 1})
	form := []bithumb.Param{{Key: "order_currency", Value: "BTC"}, {Key: "payment_currency", Value: "KRW"},
		{Key: "units", Value: o.Volume.String()}, {Key: "price", Value: o.Price.String()}, {Key: "type", Value: "bid"}}
	_, amb, err = r.do(bithumb.RawRequest{Method: "POST", Path: "/trade/place", Form: form})
	if amb == nil || len(amb.ClientOrderIDs) != 0 || amb.Reconciliation.Lookups != 0 {
		t.Fatalf("legacy: err = %v", err)
	}
	if n := len(r.sim.Engine().Orders(r.key.Account, engine.OrderQuery{Limit: 100})); n != 2 {
		t.Errorf("%d orders on the exchange, want 2 (each placed once)", n)
	}
}

// TestDoPlacementTimeoutIsLookedUp: when the call's timeout expires after
// the order was sent, the look-up gets a timeout of its own and finds it.
func TestDoPlacementTimeoutIsLookedUp(t *testing.T) {
	t.Parallel()
	r := newExchangeRig(t, faults.Config{}, answerNever(1), bithumb.WithTimeout(300*time.Millisecond))
	_, amb, err := r.do(bithumb.RawRequest{Method: "POST", Path: "/v2/orders", JSONBody: []byte(r.rawBid("raw-timeout-1"))})
	if amb == nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want an ambiguous timeout", err)
	}
	if f := amb.Reconciliation.Found; len(f) != 1 || f[0].ClientOrderID != "raw-timeout-1" || f[0].State != bithumb.OrderStateWait {
		t.Errorf("reconciliation %+v, want the order found", amb.Reconciliation)
	}
}
