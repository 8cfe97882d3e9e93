package bithumb

import (
	"context"
	"net/http"

	"github.com/bithumb-go/bithumb/gen"
)

// PlaceTWAPOrder starts a TWAP order on a KRW market: Bithumb splits it
// into child orders every Frequency seconds over Duration seconds (300 to
// 43200). A sell needs Volume, a buy needs Price.
//
// A TWAP order has no client id, so the client never re-sends it after a
// failure that may have reached the exchange: check ListTWAPOrders
// instead.
//
//bithumb:operation placeTwapOrder
func (c *Client) PlaceTWAPOrder(ctx context.Context, req PlaceTWAPOrderRequest) (*TWAPOrderID, error) {
	var v validator
	// Which amount an order needs depends on its side, a rule across
	// fields that the spec's schema cannot state.
	if req.Side == OrderSideAsk {
		v.check(!req.Volume.IsZero(), "volume", "", "is required for a sell")
		v.decimal("placeTwapOrder", "volume", req.Volume)
	} else {
		v.check(!req.Price.IsZero(), "price", "", "is required for a buy (the total to spend)")
		v.decimal("placeTwapOrder", "price", req.Price)
	}
	if v.err != nil {
		return nil, v.err
	}
	return callOne[TWAPOrderID](ctx, c, "placeTwapOrder", func(ctx context.Context) (*http.Response, error) {
		return c.raw.PlaceTWAPOrder(ctx, req.toGen())
	})
}

// ListTWAPOrders returns one page of TWAP orders (params.State defaults to
// progress). NextKey is nil on the last page.
//
//bithumb:operation listTwapOrders
func (c *Client) ListTWAPOrders(ctx context.Context, params ListTWAPOrdersParams) (*TWAPOrderPage, error) {
	return callOne[TWAPOrderPage](ctx, c, "listTwapOrders", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListTWAPOrders(ctx, params.toGen())
	})
}

// CancelTWAPOrder stops a TWAP order; child orders already executed
// remain.
//
//bithumb:operation cancelTwapOrder
func (c *Client) CancelTWAPOrder(ctx context.Context, algoOrderID string) (*TWAPOrderID, error) {
	return callOne[TWAPOrderID](ctx, c, "cancelTwapOrder", func(ctx context.Context) (*http.Response, error) {
		return c.raw.CancelTWAPOrder(ctx, &gen.CancelTWAPOrderParams{AlgoOrderID: algoOrderID})
	})
}
