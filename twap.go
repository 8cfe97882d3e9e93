package bithumb

import (
	"context"
	"net/http"
	"strconv"

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
	v.market("market", req.Market)
	v.check(req.Side.Valid(), "side", string(req.Side), "must be bid or ask")
	v.check(req.Frequency.Valid(), "frequency", string(req.Frequency), "must be 5, 15, 20, 30, 60 or 120 (seconds)")
	d, err := strconv.Atoi(req.Duration)
	v.check(err == nil && d >= 300 && d <= 43200, "duration", req.Duration, "must be 300 to 43200 seconds")
	if req.Side == OrderSideAsk {
		v.positive("volume", req.Volume)
	} else {
		v.positive("price", req.Price)
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
	var v validator
	v.optionalMarket("market", params.Market)
	v.intRange("limit", params.Limit, 1, 100)
	if params.Uuids != nil {
		v.each("uuids", *params.Uuids, v.twapID)
	}
	if v.err != nil {
		return nil, v.err
	}
	return callOne[TWAPOrderPage](ctx, c, "listTwapOrders", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListTWAPOrders(ctx, params.toGen())
	})
}

// CancelTWAPOrder stops a TWAP order; child orders already executed
// remain.
//
//bithumb:operation cancelTwapOrder
func (c *Client) CancelTWAPOrder(ctx context.Context, algoOrderID string) (*TWAPOrderID, error) {
	var v validator
	v.twapID("algo_order_id", algoOrderID)
	if v.err != nil {
		return nil, v.err
	}
	return callOne[TWAPOrderID](ctx, c, "cancelTwapOrder", func(ctx context.Context) (*http.Response, error) {
		return c.raw.CancelTWAPOrder(ctx, &gen.CancelTWAPOrderParams{AlgoOrderID: algoOrderID})
	})
}
