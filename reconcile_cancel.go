package bithumb

import (
	"context"
	"errors"
	"fmt"
	"slices"
)

// maxCancelRounds bounds the look-up-then-cancel rounds of a cancel in
// doubt.
const maxCancelRounds = 3

// ErrOrderDone reports a cancel of an order that was filled (state done)
// before the cancel could apply: the cancel was definitely not executed.
var ErrOrderDone = errors.New("bithumb: the order is done (filled); it cannot be cancelled")

// cancelReconciled runs cancel and settles a cancel in doubt by reading
// the order's state: cancel means the cancel applied, done that it
// cannot, and wait or watch that it did not (yet), so it is sent again.
func (c *Client) cancelReconciled(ctx context.Context, params CancelOrderParams, cancel func(context.Context) (*CancelOrderResponse, error)) (*CancelOrderResponse, error) {
	ctx, stop := c.withCallTimeout(ctx) // the whole cancel, look-ups included
	defer stop()
	out, err := sendTracked(ctx, cancel)
	if err == nil || !inDoubt(err) {
		return out, err
	}
	doubt := err
	s := &settler[*OrderDetail]{ctx: ctx, delay: c.opts.reconcileDelay, lookup: func() (*OrderDetail, bool, error) {
		o, err := c.GetOrder(ctx, GetOrderParams{UUID: params.OrderID, ClientOrderID: params.ClientOrderID})
		return o, err == nil, err
	}}
	for round := 1; ; round++ {
		if o, ok := s.look(); ok {
			s.rec.State = o.State
			switch o.State {
			case OrderStateCancel:
				return &CancelOrderResponse{OrderID: &o.UUID, ClientOrderID: o.ClientOrderID, CreatedAt: o.CreatedAt}, nil
			case OrderStateDone:
				return nil, fmt.Errorf("%w (the cancel's answer was lost: %w)", ErrOrderDone, doubt)
			}
		}
		if round == maxCancelRounds || ctx.Err() != nil {
			break
		}
		if s.rec.State == "" {
			continue // no look-up answered yet: look again before re-sending
		}
		out, err := sendTracked(ctx, cancel)
		switch {
		case err == nil:
			return out, nil
		case inDoubt(err):
			doubt = err
		default:
			s.rec.ResendErr = err // e.g. order_not_found once the order is closed: look again
		}
	}
	amb := &AmbiguousOrderError{Op: "cancel", Err: doubt, Reconciliation: s.rec}
	if params.OrderID != nil {
		amb.OrderIDs = []string{*params.OrderID}
	}
	if params.ClientOrderID != nil {
		amb.ClientOrderIDs = []string{*params.ClientOrderID}
	}
	return nil, amb
}

// cancelBatch tracks the cancels of one CancelOrderBatch call through
// reconciliation: each is settled (accepted or refused) or pending.
type cancelBatch struct {
	req      CancelOrderBatchRequest
	byClient bool
	pending  []string // ids whose cancel is in doubt, in the request's order
	out      CancelOrderBatchResponse
}

// cancelBatchReconciled sends a batch cancel and, when its outcome is in
// doubt, reads the orders' states: cancel means accepted, done that the
// cancel is refused, wait or watch that it did not apply, so those are
// sent again.
func (c *Client) cancelBatchReconciled(ctx context.Context, req CancelOrderBatchRequest,
	send func(context.Context, CancelOrderBatchRequest) (*CancelOrderBatchResponse, error)) (*CancelOrderBatchResponse, error) {
	ctx, stop := c.withCallTimeout(ctx) // the whole batch, look-ups included
	defer stop()
	out, err := sendTracked(ctx, func(ctx context.Context) (*CancelOrderBatchResponse, error) { return send(ctx, req) })
	if err == nil || !inDoubt(err) {
		return out, err
	}
	b := &cancelBatch{req: req, byClient: len(req.ClientOrderIds) > 0,
		out: CancelOrderBatchResponse{Success: []CancelOrderBatchSuccess{}, Fail: []CancelOrderBatchFailure{}}}
	b.pending = slices.Clone(req.OrderIds)
	if b.byClient {
		b.pending = slices.Clone(req.ClientOrderIds)
	}
	doubt := err
	s := &settler[[]OrderV2]{ctx: ctx, delay: c.opts.reconcileDelay, lookup: func() ([]OrderV2, bool, error) {
		search := SearchOrdersRequest{OrderIds: b.pending}
		if b.byClient {
			search = SearchOrdersRequest{ClientOrderIds: b.pending}
		}
		found, err := c.SearchOrders(ctx, search)
		return found, err == nil, err
	}}
	for round := 1; ; round++ {
		if found, ok := s.look(); ok {
			b.settle(found)
		}
		if len(b.pending) == 0 {
			return &b.out, nil
		}
		if round == maxCancelRounds || ctx.Err() != nil {
			break
		}
		if s.rec.LookupErr != nil {
			continue // look again before sending anything
		}
		again := CancelOrderBatchRequest{OrderIds: b.pending}
		if b.byClient {
			again = CancelOrderBatchRequest{ClientOrderIds: b.pending}
		}
		out, err := sendTracked(ctx, func(ctx context.Context) (*CancelOrderBatchResponse, error) { return send(ctx, again) })
		switch {
		case err == nil:
			b.accept(out.Success) // refusals are looked up again: the order may be closed by now
		case inDoubt(err):
			doubt = err
		default:
			s.rec.ResendErr = err
		}
	}
	amb := &AmbiguousOrderError{Op: "cancel", Err: doubt, Reconciliation: s.rec}
	if b.byClient {
		amb.ClientOrderIDs = b.pending
	} else {
		amb.OrderIDs = b.pending
	}
	return &b.out, amb
}

// settle settles the pending cancels by the orders a search found: a
// cancelled order is an accepted cancel, a done order or one the search
// did not find a refused one (as Bithumb answers: order_not_found).
func (b *cancelBatch) settle(found []OrderV2) {
	byID := make(map[string]OrderV2, len(found))
	for _, o := range found {
		id := o.OrderID
		if b.byClient {
			if o.ClientOrderID == nil {
				continue
			}
			id = *o.ClientOrderID
		}
		byID[id] = o
	}
	var still []string
	for _, id := range b.pending {
		o, ok := byID[id]
		switch {
		case !ok:
			b.refuse(id, "order_not_found", "no order with this id")
		case o.State == OrderStateCancel:
			orderID, createdAt := o.OrderID, o.CreatedAt
			item := CancelOrderBatchSuccess{OrderID: &orderID, ClientOrderID: o.ClientOrderID}
			if createdAt != nil {
				item.CreatedAt = *createdAt
			}
			b.out.Success = append(b.out.Success, item)
		case o.State == OrderStateDone:
			b.refuse(id, "order_not_found", "the order is done (filled); it cannot be cancelled")
		default:
			still = append(still, id)
		}
	}
	b.pending = still
}

// accept settles the pending cancels that an answer accepted.
func (b *cancelBatch) accept(items []CancelOrderBatchSuccess) {
	for _, it := range items {
		id := it.OrderID
		if b.byClient {
			id = it.ClientOrderID
		}
		if id == nil {
			continue
		}
		if i := slices.Index(b.pending, *id); i >= 0 {
			b.pending = slices.Delete(b.pending, i, i+1)
			b.out.Success = append(b.out.Success, it)
		}
	}
}

func (b *cancelBatch) refuse(id, name, message string) {
	item := CancelOrderBatchFailure{Error: ErrorDetail{Name: ErrorDetailName(name), Message: &message}}
	if b.byClient {
		item.ClientOrderID = &id
	} else {
		item.OrderID = &id
	}
	b.out.Fail = append(b.out.Fail, item)
}
