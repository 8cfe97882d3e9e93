package bithumb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"github.com/bithumb-go/bithumb/gen"
)

// PlaceOrder places an order and returns its id.
//
// Which fields an order needs depends on its type:
//
//   - limit: Price and Volume; TimeInForce may be ioc, fok or post_only.
//   - price (market buy): Price is the total to spend in the quote
//     currency; no Volume.
//   - market (market sell): Volume; no Price.
//   - best (best-price order, KRW markets): TimeInForce ioc or fok; a buy
//     takes Price as the total to spend, a sell takes Volume.
//
// best orders and TimeInForce are for KRW markets only (Bithumb, since
// 2026-06-30): on another market the client refuses them, naming
// order_type or time_in_force.
//
// The client checks these rules before sending. When req.ClientOrderID is
// empty the client generates one ("bgo" and 32 hex digits) and the
// response carries it.
//
// Self-trade prevention (since 2026-05-07) does not refuse an order that
// would trade with a resting order of the same account: the order is
// placed, and the part that would trade with the resting order is
// cancelled at matching time. Such an order is placed like any other (the
// response, never a cross_trading error); GetOrder then shows it in state
// cancel with the resting order in CancelingUUID.
//
// PlaceOrder ends in one of three outcomes, never in a duplicate order:
//
//   - the order;
//   - a definite rejection: an *InputError, or an error (usually an
//     *APIError with a 4xx status) that proves the order was not placed;
//   - an *AmbiguousOrderError carrying the client order id (the
//     generated one too) and what reconciliation found.
//
// When an attempt fails in a way that leaves its outcome unknown (a reset
// or timeout after the request was sent, a 5xx, a success that cannot be
// decoded or names no order), the client looks the order up by its
// client_order_id and returns it if it exists; only if the look-up finds
// nothing is the request sent again, with the same client_order_id. A
// duplicate_client_order_id answer to such a re-send means that an
// earlier attempt placed the order, which is then looked up and returned.
//
//bithumb:operation placeOrder
func (c *Client) PlaceOrder(ctx context.Context, req PlaceOrderRequest) (*PlaceOrderResponse, error) {
	if req.ClientOrderID == "" {
		id, err := NewClientOrderID()
		if err != nil {
			return nil, err
		}
		req.ClientOrderID = id
	}
	if err := validateOrder("placeOrder", "", req); err != nil {
		return nil, err
	}
	place := func(ctx context.Context) (*PlaceOrderResponse, error) {
		var out PlaceOrderResponse
		err := c.callChecked(ctx, "placeOrder", &out, func() error {
			if out.OrderID == "" {
				return ErrNoOrderID
			}
			return nil
		}, func(ctx context.Context) (*http.Response, error) {
			return c.raw.PlaceOrder(ctx, req.toGen())
		})
		if err == nil && out.ClientOrderID == nil {
			out.ClientOrderID = &req.ClientOrderID
		}
		return result(&out, err)
	}
	// WithTimeout bounds the whole placement: attempts, look-ups and the
	// waits between them.
	ctx, cancel := c.withCallTimeout(ctx)
	defer cancel()
	lookup := func() (*PlaceOrderResponse, bool, error) { return c.lookupOrder(ctx, req.ClientOrderID) }
	return placeReconciled(ctx, c.opts.reconcileDelay, req.ClientOrderID, place, lookup)
}

// NewClientOrderID returns a random client order id: "bgo" followed by 32
// hexadecimal digits (35 characters, within Bithumb's limit of 36).
func NewClientOrderID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("bithumb: generating a client order id: %w", err)
	}
	return "bgo" + hex.EncodeToString(b[:]), nil
}

// validateOrder checks the rules of an order that depend on its type,
// which the spec's schema cannot state, and its amounts against the
// spec's rules of op before they are written out; the spec's rules check
// the rest as the request is sent. prefix names its position in a batch
// ("batch_orders[3].").
func validateOrder(op, prefix string, req PlaceOrderRequest) error {
	var v validator
	if !req.Price.IsZero() {
		v.decimal(op, prefix+"price", req.Price)
	}
	if !req.Volume.IsZero() {
		v.decimal(op, prefix+"volume", req.Volume)
	}
	if v.err != nil {
		return v.err
	}
	// best orders and time in force are for KRW markets only (Bithumb
	// changelog, 2026-06-30).
	if !isKRWMarket(req.Market) {
		v.check(req.OrderType != OrderTypeBest, prefix+"order_type", string(req.OrderType), "best orders are for KRW markets only")
		v.check(req.TimeInForce == "", prefix+"time_in_force", string(req.TimeInForce), "applies only to orders on KRW markets")
		if v.err != nil {
			return v.err
		}
	}
	price, volume := !req.Price.IsZero(), !req.Volume.IsZero()
	switch req.OrderType {
	case OrderTypeLimit:
		v.check(price, prefix+"price", req.Price.String(), "must be greater than 0: a limit order needs it")
		v.check(volume, prefix+"volume", req.Volume.String(), "must be greater than 0: a limit order needs it")
	case OrderTypePrice:
		v.check(req.Side == OrderSideBid, prefix+"side", string(req.Side), "must be bid for a price (market buy) order")
		v.check(price, prefix+"price", req.Price.String(), "must be greater than 0: a price order needs the total to spend")
		v.check(!volume, prefix+"volume", req.Volume.String(), "must be empty for a price order")
		v.check(req.TimeInForce == "", prefix+"time_in_force", string(req.TimeInForce), "applies only to limit and best orders")
	case OrderTypeMarket:
		v.check(req.Side == OrderSideAsk, prefix+"side", string(req.Side), "must be ask for a market (market sell) order")
		v.check(volume, prefix+"volume", req.Volume.String(), "must be greater than 0: a market order needs it")
		v.check(!price, prefix+"price", req.Price.String(), "must be empty for a market order")
		v.check(req.TimeInForce == "", prefix+"time_in_force", string(req.TimeInForce), "applies only to limit and best orders")
	case OrderTypeBest:
		v.check(req.TimeInForce == TimeInForceIoc || req.TimeInForce == TimeInForceFok,
			prefix+"time_in_force", string(req.TimeInForce), "must be ioc or fok for a best order")
		if req.Side == OrderSideBid {
			v.check(price, prefix+"price", req.Price.String(), "must be greater than 0: a best buy needs the total to spend")
			v.check(!volume, prefix+"volume", req.Volume.String(), "must be empty for a best buy")
		} else {
			v.check(volume, prefix+"volume", req.Volume.String(), "must be greater than 0: a best sell needs it")
			v.check(!price, prefix+"price", req.Price.String(), "must be empty for a best sell")
		}
	}
	return v.err
}

// isKRWMarket reports whether market (QUOTE-BASE, any case) is quoted in
// KRW.
func isKRWMarket(market string) bool {
	quote, _, _ := strings.Cut(market, "-")
	return strings.EqualFold(quote, "KRW")
}

// CancelOrder asks Bithumb to cancel an order, by params.OrderID or
// params.ClientOrderID. The cancel is accepted, not done: the order's
// state turns to cancel shortly after. Right after placement Bithumb may
// answer ErrOrderNotReady.
//
// A cancel ends in one of three outcomes: accepted (the response), a
// definite refusal (an error; ErrOrderDone when the order was filled
// first), or an *AmbiguousOrderError. When the answer is lost (a reset
// or a 5xx after the retries), the client reads the order's state: cancel
// means the cancel applied, done that it cannot, and wait or watch that
// it did not, in which case the cancel is sent again.
//
//bithumb:operation cancelOrder
func (c *Client) CancelOrder(ctx context.Context, params CancelOrderParams) (*CancelOrderResponse, error) {
	if err := validateOrderRef("order_id", params.OrderID, params.ClientOrderID); err != nil {
		return nil, err
	}
	return c.cancelReconciled(ctx, params, func(ctx context.Context) (*CancelOrderResponse, error) {
		return callOne[CancelOrderResponse](ctx, c, "cancelOrder", func(ctx context.Context) (*http.Response, error) {
			return c.raw.CancelOrder(ctx, params.toGen())
		})
	})
}

// validateOrderRef checks that an order is named by its id or by its
// client order id (a rule across parameters); the spec's rules check
// their shapes as the request is sent.
func validateOrderRef(idField string, id, clientOrderID *string) error {
	var v validator
	v.oneOf(idField, id != nil && *id != "", clientOrderID != nil && *clientOrderID != "", idField+" or client_order_id")
	return v.err
}

// GetOrder returns one order with its trades, by params.UUID (the order
// id) or params.ClientOrderID.
//
//bithumb:operation getOrder
func (c *Client) GetOrder(ctx context.Context, params GetOrderParams) (*OrderDetail, error) {
	if err := validateOrderRef("uuid", params.UUID, params.ClientOrderID); err != nil {
		return nil, err
	}
	return callOne[OrderDetail](ctx, c, "getOrder", func(ctx context.Context) (*http.Response, error) {
		return c.raw.GetOrder(ctx, params.toGen())
	})
}

// ListOrders returns orders page by page (params.State defaults to wait,
// i.e. open orders).
//
//bithumb:operation listOrders
func (c *Client) ListOrders(ctx context.Context, params ListOrdersParams) ([]Order, error) {
	return callList[Order](ctx, c, "listOrders", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListOrders(ctx, params.toGen())
	})
}

// SearchOrders returns the orders named by req.OrderIds or
// req.ClientOrderIds (1 to 100); ids that match nothing are left out, and
// no match is an empty list, not an error. When both lists are set,
// Bithumb uses OrderIds and ignores ClientOrderIds. Malformed ids are
// refused before sending (Bithumb would drop them). The rows are read in
// the v2 shape (order_id, order_type) or the v1 read shape (uuid,
// ord_type): no capture has confirmed which one Bithumb sends.
//
//bithumb:operation searchOrders
func (c *Client) SearchOrders(ctx context.Context, req SearchOrdersRequest) ([]OrderV2, error) {
	var v validator
	v.oneOf("order_ids", len(req.OrderIds) > 0, len(req.ClientOrderIds) > 0, "order_ids or client_order_ids")
	if v.err != nil {
		return nil, v.err
	}
	return callList[OrderV2](ctx, c, "searchOrders", func(ctx context.Context) (*http.Response, error) {
		return c.raw.SearchOrders(ctx, req.toGen())
	})
}

// ListPendingOrders returns one page of open (wait) or trigger-waiting
// (watch) orders: params.State defaults to wait and params.Limit to 100,
// the most a page holds. Pass the page's NextKey as params.NextKey for
// the next page; it is nil on the last page.
//
//bithumb:operation listPendingOrders
func (c *Client) ListPendingOrders(ctx context.Context, params ListPendingOrdersParams) (*OrderPage, error) {
	return callOne[OrderPage](ctx, c, "listPendingOrders", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListPendingOrders(ctx, params.toGen())
	})
}

// ListClosedOrders returns one page of done or cancelled orders (both
// when params.State and params.States are nil) within a range of at most
// 7 days: StartTime and EndTime are Unix milliseconds, Bithumb fills in a
// missing one so that the range is 7 days (the last 7 days when both are
// nil), and a longer range is refused before sending, naming end_time.
//
//bithumb:operation listClosedOrders
func (c *Client) ListClosedOrders(ctx context.Context, params ListClosedOrdersParams) (*OrderPage, error) {
	var v validator
	v.check(params.State == nil || params.States == nil, "state", "", "give state or states[], not both")
	if params.StartTime != nil && params.EndTime != nil {
		v.check(*params.EndTime >= *params.StartTime, "end_time", itoa(*params.EndTime), "is before start_time")
		v.check(*params.EndTime-*params.StartTime <= 7*24*60*60*1000, "end_time", itoa(*params.EndTime), "is more than 7 days after start_time")
	}
	if v.err != nil {
		return nil, v.err
	}
	return callOne[OrderPage](ctx, c, "listClosedOrders", func(ctx context.Context) (*http.Response, error) {
		return c.raw.ListClosedOrders(ctx, params.toGen())
	})
}

// PlaceOrderBatch places up to 20 orders in one request. Each order
// succeeds or fails on its own: a failed item of the response has Name
// and Message set. Orders without a ClientOrderID get a generated one, as
// in PlaceOrder, and every item of the response carries its client order
// id.
//
// Like PlaceOrder, every order ends in one of three outcomes: an item
// with an OrderID (placed), an item with a Name (refused), or listed in
// an *AmbiguousOrderError. A batch whose outcome is unknown is
// reconciled: the orders found by client order id are not sent again,
// and only those that a look-up did not find are re-sent. When some
// orders stay in doubt, PlaceOrderBatch returns both the response, with
// the items whose outcome is known, and an *AmbiguousOrderError naming
// the others. A refusal of the whole batch (nil response, error) means
// that none was placed.
//
//bithumb:operation placeOrderBatch
func (c *Client) PlaceOrderBatch(ctx context.Context, req PlaceOrderBatchRequest) (*PlaceOrderBatchResponse, error) {
	// The number of orders is checked before the orders themselves.
	var v validator
	v.count("placeOrderBatch", "batch_orders", len(req.BatchOrders))
	if v.err != nil {
		return nil, v.err
	}
	orders := make([]PlaceOrderRequest, len(req.BatchOrders))
	for i, o := range req.BatchOrders {
		if o.ClientOrderID == "" {
			id, err := NewClientOrderID()
			if err != nil {
				return nil, err
			}
			o.ClientOrderID = id
		}
		if err := validateOrder("placeOrderBatch", fmt.Sprintf("batch_orders[%d].", i), o); err != nil {
			return nil, err
		}
		orders[i] = o
	}
	send := func(ctx context.Context, batch []PlaceOrderRequest) (*PlaceOrderBatchResponse, error) {
		var out PlaceOrderBatchResponse
		err := c.call(ctx, "placeOrderBatch", &out, func(ctx context.Context) (*http.Response, error) {
			return c.raw.PlaceOrderBatch(ctx, PlaceOrderBatchRequest{BatchOrders: batch}.toGen())
		})
		return result(&out, err)
	}
	return c.placeBatchReconciled(ctx, orders, send)
}

// CancelOrderBatch asks Bithumb to cancel up to 30 orders, named by
// req.OrderIds or req.ClientOrderIds. Failed cancels are listed in Fail.
//
// Like CancelOrder, every cancel of the batch ends accepted (in Success),
// refused (in Fail) or in doubt: when the answer is lost, the client
// searches the orders and reads their states (cancel: accepted; done, or
// no such order: refused with order_not_found; wait or watch: sent
// again). Cancels still in doubt after that are named by an
// *AmbiguousOrderError, returned together with the response holding the
// settled ones.
//
//bithumb:operation cancelOrderBatch
func (c *Client) CancelOrderBatch(ctx context.Context, req CancelOrderBatchRequest) (*CancelOrderBatchResponse, error) {
	var v validator
	v.oneOf("order_ids", len(req.OrderIds) > 0, len(req.ClientOrderIds) > 0, "order_ids or client_order_ids")
	v.check(len(req.OrderIds) == 0 || len(req.ClientOrderIds) == 0, "order_ids", "", "give order_ids or client_order_ids, not both")
	if v.err != nil {
		return nil, v.err
	}
	return c.cancelBatchReconciled(ctx, req, func(ctx context.Context, req CancelOrderBatchRequest) (*CancelOrderBatchResponse, error) {
		return callOne[CancelOrderBatchResponse](ctx, c, "cancelOrderBatch", func(ctx context.Context) (*http.Response, error) {
			return c.raw.CancelOrderBatch(ctx, req.toGen())
		})
	})
}

// PlaceOrderV1 places an order through the pre-v2.1.5 endpoint
// POST /v1/orders.
//
// Deprecated: use PlaceOrder. The endpoint is not in Bithumb's current
// catalog, takes no client order id, and is never retried.
//
//bithumb:operation placeOrderV1
func (c *Client) PlaceOrderV1(ctx context.Context, req PlaceOrderV1Request) (*PlaceOrderV1Response, error) {
	var v validator
	if !req.Price.IsZero() {
		v.decimal("placeOrderV1", "price", req.Price)
	}
	if !req.Volume.IsZero() {
		v.decimal("placeOrderV1", "volume", req.Volume)
	}
	if v.err != nil {
		return nil, v.err
	}
	return callOne[PlaceOrderV1Response](ctx, c, "placeOrderV1", func(ctx context.Context) (*http.Response, error) {
		return c.raw.PlaceOrderV1(ctx, req.toGen())
	})
}

// CancelOrderV1 cancels an order through the pre-v2.1.5 endpoint
// DELETE /v1/order.
//
// Deprecated: use CancelOrder.
//
//bithumb:operation cancelOrderV1
func (c *Client) CancelOrderV1(ctx context.Context, uuid string) (*CancelOrderV1Response, error) {
	return callOne[CancelOrderV1Response](ctx, c, "cancelOrderV1", func(ctx context.Context) (*http.Response, error) {
		return c.raw.CancelOrderV1(ctx, &gen.CancelOrderV1Params{UUID: uuid})
	})
}
