package bithumb

import (
	"context"
	"slices"
)

// batchPlacement tracks the orders of one PlaceOrderBatch call through
// reconciliation. Each order is settled (placed or refused: results),
// in doubt (it may have been placed: doubt), or not yet sent.
type batchPlacement struct {
	orders  []PlaceOrderRequest
	results map[string]BatchOrderResult
	doubt   map[string]bool
	// lookOnly marks orders in doubt whose re-send was refused: only a
	// look-up can settle them.
	lookOnly map[string]bool
	// doubtErr is the latest failure that put an order in doubt.
	doubtErr error
}

func (c *Client) placeBatchReconciled(ctx context.Context, orders []PlaceOrderRequest,
	send func(context.Context, []PlaceOrderRequest) (*PlaceOrderBatchResponse, error)) (*PlaceOrderBatchResponse, error) {
	ctx, stop := c.withCallTimeout(ctx) // the whole batch, look-ups included
	defer stop()
	b := &batchPlacement{orders: orders, results: map[string]BatchOrderResult{},
		doubt: map[string]bool{}, lookOnly: map[string]bool{}}
	s := &settler[struct{}]{ctx: ctx, delay: c.opts.reconcileDelay, lookup: func() (struct{}, bool, error) {
		err := b.lookup(ctx, c)
		return struct{}{}, err == nil && len(b.doubt) == 0, err
	}}
	pending := orders
	for attempt := 1; ; attempt++ {
		out, err := sendTracked(ctx, func(ctx context.Context) (*PlaceOrderBatchResponse, error) { return send(ctx, pending) })
		switch {
		case err == nil:
			s.rec.ResendErr = b.take(pending, out.BatchOrdersResponse, s.rec.ResendErr)
		case inDoubt(err):
			b.doubtErr = err
			for _, o := range pending {
				b.doubt[o.ClientOrderID] = true
			}
		case len(b.doubt) == 0:
			return nil, err // the whole batch was refused, and nothing is in doubt
		default:
			// A re-send was refused, but earlier attempts are in doubt.
			s.rec.ResendErr = err
			for _, o := range pending {
				b.lookOnly[o.ClientOrderID] = true
			}
		}
		if len(b.doubt) == 0 {
			return b.response(), nil
		}
		if attempt == maxPlaceAttempts || ctx.Err() != nil {
			break
		}
		s.look()
		if len(b.doubt) == 0 {
			return b.response(), nil
		}
		if s.rec.LookupErr != nil {
			break // never re-send without a look-up that answered
		}
		if pending = b.resendable(); len(pending) == 0 {
			break
		}
	}
	s.settle()
	if len(b.doubt) == 0 {
		return b.response(), nil
	}
	err := b.doubtErr
	if err == nil {
		err = s.rec.ResendErr
	}
	return b.response(), ambiguousPlacement(b.doubtful(), err, s.rec)
}

// take settles the orders of pending by the items of a successful answer
// and returns the refusal of a re-send, if an item shows one (else
// resendErr).
func (b *batchPlacement) take(pending []PlaceOrderRequest, items []BatchOrderResult, resendErr error) error {
	byID := make(map[string]BatchOrderResult, len(items))
	for _, it := range items {
		if it.ClientOrderID != nil {
			byID[*it.ClientOrderID] = it
		}
	}
	for i, o := range pending {
		id := o.ClientOrderID
		it, ok := byID[id]
		if !ok && len(items) == len(pending) && items[i].ClientOrderID == nil {
			it, ok = items[i], true // an item without its id: matched by position
		}
		switch {
		case ok && it.OrderID != nil && *it.OrderID != "":
			it.ClientOrderID = &id
			b.results[id] = it
			delete(b.doubt, id)
		case ok && it.Name != nil && !b.doubt[id]:
			it.ClientOrderID = &id
			b.results[id] = it // refused, and no earlier attempt is in doubt
		case ok && it.Name != nil:
			b.lookOnly[id] = true
			resendErr = ErrorName(*it.Name)
		default:
			b.doubt[id] = true
			b.doubtErr = &DecodeError{OperationID: "placeOrderBatch", StatusCode: 201, Err: ErrNoOrderID}
		}
	}
	return resendErr
}

// lookup searches the orders in doubt by client order id and settles
// those found.
func (b *batchPlacement) lookup(ctx context.Context, c *Client) error {
	found, err := c.SearchOrders(ctx, SearchOrdersRequest{ClientOrderIds: b.doubtful()})
	if err != nil {
		return err
	}
	for _, f := range found {
		if f.ClientOrderID == nil || !b.doubt[*f.ClientOrderID] {
			continue
		}
		id, orderID, createdAt := *f.ClientOrderID, f.OrderID, f.CreatedAt
		market, side, typ := f.Market, f.Side, f.OrderType
		b.results[id] = BatchOrderResult{ClientOrderID: &id, OrderID: &orderID, Market: &market,
			Side: &side, OrderType: &typ, CreatedAt: createdAt, StpType: f.StpType}
		delete(b.doubt, id)
	}
	return nil
}

// doubtful returns the client order ids in doubt, in the batch's order.
func (b *batchPlacement) doubtful() []string {
	var ids []string
	for _, o := range b.orders {
		if b.doubt[o.ClientOrderID] {
			ids = append(ids, o.ClientOrderID)
		}
	}
	return ids
}

// resendable returns the orders in doubt that a look-up did not find and
// that may be sent again.
func (b *batchPlacement) resendable() []PlaceOrderRequest {
	return slices.DeleteFunc(slices.Clone(b.orders), func(o PlaceOrderRequest) bool {
		return !b.doubt[o.ClientOrderID] || b.lookOnly[o.ClientOrderID]
	})
}

// response lists the settled orders in the batch's order.
func (b *batchPlacement) response() *PlaceOrderBatchResponse {
	out := &PlaceOrderBatchResponse{BatchOrdersResponse: []BatchOrderResult{}}
	for _, o := range b.orders {
		if r, ok := b.results[o.ClientOrderID]; ok {
			out.BatchOrdersResponse = append(out.BatchOrdersResponse, r)
		}
	}
	return out
}
