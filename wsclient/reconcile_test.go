package wsclient

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/bithumb-go/bithumb/decimal"
)

func TestReconciler(t *testing.T) {
	t.Parallel()
	var asked []string
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	r := &Reconciler{
		Orders: func(_ context.Context, ids []string) ([]MyOrder, error) {
			asked = ids
			return []MyOrder{
				{OrderID: "A", State: "done", ExecutedQuantity: decimal.MustParse("1.5")},
				{OrderID: "B", State: "trade"},
			}, nil
		},
		Balances: func(context.Context) ([]Asset, error) {
			return []Asset{{Currency: "KRW", Balance: decimal.MustParse("2061832.35")}}, nil
		},
		Now: func() time.Time { return now },
	}
	for _, ev := range []Event{
		&MyOrder{OrderID: "A", State: "wait"},
		&MyOrder{OrderID: "B", State: "trade"},
		&MyOrder{OrderID: "C", State: "wait"},
		&MyOrder{OrderID: "C", State: "cancel"},
		&MyOrderV1{UUID: "D", State: "wait"},
		&Ticker{Code: "KRW-BTC"},
		&MyOrder{State: "wait"},
	} {
		if fixes, err := r.Handle(t.Context(), ev); fixes != nil || err != nil {
			t.Fatalf("Handle(%T) = %v, %v", ev, fixes, err)
		}
	}
	if got := r.OpenOrders(); !slices.Equal(got, []string{"A", "B", "D"}) {
		t.Fatalf("open orders %v", got)
	}
	fixes, err := r.Handle(t.Context(), &Reconnected{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(asked, []string{"A", "B", "D"}) {
		t.Fatalf("asked for %v", asked)
	}
	if len(fixes) != 3 {
		t.Fatalf("%d events", len(fixes))
	}
	a := fixes[0].(*MyOrder)
	if a.OrderID != "A" || a.StreamType != StreamReconciled || !a.Timestamp.Time().Equal(now) || a.ExecutedQuantity.String() != "1.5" {
		t.Fatalf("order event %+v", a)
	}
	assets := fixes[2].(*MyAsset)
	if assets.StreamType != StreamReconciled || assets.Assets[0].Balance.String() != "2061832.35" {
		t.Fatalf("asset event %+v", assets)
	}
	if got := r.OpenOrders(); !slices.Equal(got, []string{"B", "D"}) {
		t.Fatalf("open orders after reconcile %v", got)
	}

	// Partial failure: the balances still come back, the error says what
	// failed.
	boom := errors.New("boom")
	r.Orders = func(context.Context, []string) ([]MyOrder, error) { return nil, boom }
	fixes, err = r.Reconcile(t.Context(), "E")
	if !errors.Is(err, boom) || len(fixes) != 1 {
		t.Fatalf("partial failure: %v, %d events", err, len(fixes))
	}
	var zero Reconciler
	if fixes, err := zero.Reconcile(t.Context()); fixes != nil || err != nil {
		t.Fatalf("zero Reconciler: %v %v", fixes, err)
	}
}
