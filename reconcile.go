package bithumb

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bithumb-go/bithumb/middleware"
)

// An order request that may have reached the exchange is never re-sent
// blindly. When placement fails ambiguously (the request was sent but no
// answer came back, or the answer was a 5xx), the client looks the order
// up by its client_order_id: if it exists, that is the answer; only if it
// does not is the request sent again, with the same client_order_id. When
// the lookup itself fails, the client gives up with an
// *AmbiguousOrderError rather than risk a duplicate.

// maxReconcileRounds bounds the look-up-then-resend rounds of one order.
const maxReconcileRounds = 3

// defaultReconcileDelay is how long the client waits before looking up an
// order whose placement failed ambiguously, so that an order still being
// accepted has become visible.
const defaultReconcileDelay = 300 * time.Millisecond

// AmbiguousOrderError reports an order placement whose outcome the client
// could not determine: the request may have reached the exchange, and the
// lookup by client order id failed too. Look the order up with
// GetOrder(ClientOrderID) before placing it again.
type AmbiguousOrderError struct {
	// ClientOrderIDs are the client order ids of the orders in doubt.
	ClientOrderIDs []string
	// Err is the placement's failure; LookupErr the lookup's.
	Err, LookupErr error
}

// Error names the client order ids to look up.
func (e *AmbiguousOrderError) Error() string {
	return fmt.Sprintf("bithumb: the outcome of order(s) %v is unknown (placement: %v; lookup: %v); look them up by client_order_id before placing them again",
		e.ClientOrderIDs, e.Err, e.LookupErr)
}

// Unwrap returns both errors.
func (e *AmbiguousOrderError) Unwrap() []error { return []error{e.Err, e.LookupErr} }

// placeReconciled runs place, and after an ambiguous failure finds the
// order with lookup (found=false means it does not exist) before running
// place again.
func placeReconciled[T any](ctx context.Context, delay time.Duration, ids []string, place func() (T, error), lookup func() (T, bool, error)) (T, error) {
	out, err := place()
	for round := 0; round < maxReconcileRounds && middleware.Ambiguous(err); round++ {
		if ctx.Err() != nil {
			return out, &AmbiguousOrderError{ClientOrderIDs: ids, Err: err, LookupErr: ctx.Err()}
		}
		if sleepErr := sleep(ctx, delay); sleepErr != nil {
			return out, &AmbiguousOrderError{ClientOrderIDs: ids, Err: err, LookupErr: sleepErr}
		}
		found, ok, lookupErr := lookup()
		switch {
		case lookupErr != nil:
			return out, &AmbiguousOrderError{ClientOrderIDs: ids, Err: err, LookupErr: lookupErr}
		case ok:
			return found, nil
		}
		out, err = place()
	}
	return out, err
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// lookupOrder finds an order by client order id for placeReconciled.
func (c *Client) lookupOrder(ctx context.Context, clientOrderID string) (*PlaceOrderResponse, bool, error) {
	o, err := c.GetOrder(ctx, GetOrderParams{ClientOrderID: &clientOrderID})
	if errors.Is(err, ErrOrderNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	id := clientOrderID
	return &PlaceOrderResponse{
		OrderID:       o.UUID,
		Market:        o.Market,
		Side:          o.Side,
		OrderType:     o.OrdType,
		CreatedAt:     o.CreatedAt,
		ClientOrderID: &id,
		StpType:       o.StpType,
		TimeInForce:   o.TimeInForce,
	}, true, nil
}
