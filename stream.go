package bithumb

import (
	"context"

	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/wsclient"
)

// maxSearchIDs is how many order ids one SearchOrders call takes.
const maxSearchIDs = 100

// StreamReconciler returns a wsclient.Reconciler that reads through this
// client's REST methods what a private WebSocket stream missed during a
// gap: the orders it believed open (SearchOrders, in chunks of 100) and
// every balance (ListAccounts). Feed it the stream's events:
//
//	r := c.StreamReconciler()
//	for ev := range sub.Events() {
//		fixes, err := r.Handle(ctx, ev) // non-empty after a *wsclient.Reconnected
//		...
//	}
//
// The client needs credentials.
func (c *Client) StreamReconciler() *wsclient.Reconciler {
	return &wsclient.Reconciler{
		Orders: func(ctx context.Context, ids []string) ([]wsclient.MyOrder, error) {
			var out []wsclient.MyOrder
			for start := 0; start < len(ids); start += maxSearchIDs {
				chunk := ids[start:min(start+maxSearchIDs, len(ids))]
				orders, err := c.SearchOrders(ctx, SearchOrdersRequest{OrderIds: chunk})
				if err != nil {
					return nil, err
				}
				for _, o := range orders {
					out = append(out, streamOrder(o))
				}
			}
			return out, nil
		},
		Balances: func(ctx context.Context) ([]wsclient.Asset, error) {
			accounts, err := c.ListAccounts(ctx)
			if err != nil {
				return nil, err
			}
			out := make([]wsclient.Asset, len(accounts))
			for i, a := range accounts {
				out[i] = wsclient.Asset{Currency: a.Currency, Balance: a.Balance, Locked: a.Locked}
			}
			return out, nil
		},
	}
}

// streamOrder converts a REST order into the myOrder event shape.
func streamOrder(o OrderV2) wsclient.MyOrder {
	ev := wsclient.MyOrder{
		Code:           o.Market,
		OrderID:        o.OrderID,
		Side:           string(o.Side),
		OrderType:      string(o.OrderType),
		State:          string(o.State),
		ExecutedAmount: derefDecimal(o.ExecutedFunds),
		ReservedFee:    o.ReservedFee,
		RemainingFee:   o.RemainingFee,
		PaidFee:        o.PaidFee,
	}
	ev.ExecutedQuantity = o.ExecutedVolume
	ev.OrderPrice = derefDecimal(o.Price)
	ev.OrderQuantity = derefDecimal(o.Volume)
	ev.RemainingQuantity = derefDecimal(o.RemainingVolume)
	if o.ClientOrderID != nil {
		ev.ClientOrderID = *o.ClientOrderID
	}
	if o.CancelType != nil {
		ev.CancelType = *o.CancelType
	}
	if o.TimeInForce != nil {
		ev.TimeInForce = string(*o.TimeInForce)
	}
	return ev
}

func derefDecimal(d *decimal.Decimal) decimal.Decimal {
	if d == nil {
		return decimal.Zero
	}
	return *d
}
