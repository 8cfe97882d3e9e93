package bithumb

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bithumb-go/bithumb/middleware"
)

// Every order placement and cancel ends in exactly one of three outcomes:
//
//   - done: the order (or the cancel), as the exchange answered it or as
//     a look-up found it;
//   - definitely rejected: an error that proves the exchange did not
//     execute the request (a 4xx answer, a 429, a failure before sending,
//     invalid input);
//   - ambiguous: an *AmbiguousOrderError naming the client order ids (the
//     generated ones too) and what reconciliation found.
//
// An attempt is in doubt when it may have reached the exchange and no
// definite answer came back: a 5xx, a reset or timeout after sending, a
// 2xx whose body cannot be decoded or carries no order id. An order in
// doubt is never re-sent blindly: the client looks it up by its
// client_order_id first and re-sends it, with the same client_order_id,
// only when the look-up finds nothing. Once one attempt was in doubt, a
// refusal of a later attempt no longer proves anything about the earlier
// one (duplicate_client_order_id even proves that it was placed), so the
// outcome is then settled by look-ups alone.

// maxPlaceAttempts bounds the attempts of one placement (the retry
// layer's re-sends of requests that were not executed aside).
const maxPlaceAttempts = 4

// settleLookups bounds the look-ups that settle an outcome in doubt once
// no more attempts are to be made.
const settleLookups = 3

// defaultReconcileDelay is how long the client waits before looking up an
// order in doubt, so that an order still being accepted has become
// visible.
const defaultReconcileDelay = 300 * time.Millisecond

// AmbiguousOrderError reports orders, or a cancel, whose outcome the
// client could not determine: a request may have reached the exchange,
// and reconciliation could not find out whether it did. Look the orders
// up (GetOrder with the ClientOrderID, or SearchOrders) before placing
// them again, and place them again only with the same client order id:
// the exchange refuses a second order with an id it knows.
type AmbiguousOrderError struct {
	// Op is "place" or "cancel".
	Op string
	// ClientOrderIDs are the client order ids of the orders in doubt.
	// A placement always has them, generated ones included.
	ClientOrderIDs []string
	// OrderIDs are the exchange's ids of the orders in doubt, for a
	// cancel by order id.
	OrderIDs []string
	// Err is the failure that left the outcome unknown.
	Err error
	// Reconciliation is what the look-ups found.
	Reconciliation Reconciliation
}

// Reconciliation is what the client learned while settling an outcome in
// doubt.
type Reconciliation struct {
	// Lookups counts the look-ups made, failed ones included.
	Lookups int
	// NotFound reports that the last look-up answered and did not find
	// the orders in doubt (they may still appear: an exchange can accept
	// an order late).
	NotFound bool
	// State is the order's state that the last look-up of a cancel found
	// ("wait": the cancel may still be applied).
	State OrderState
	// LookupErr is the last look-up's failure; nil when it answered.
	LookupErr error
	// Found lists the orders in doubt that the last look-up found, with
	// their states. Client.Do fills it: it never sends a request again, so
	// it reports what it found instead of settling the outcome.
	Found []FoundOrder
	// ResendErr is the exchange's refusal of a re-send, if any. A
	// duplicate_client_order_id refusal proves that an earlier attempt
	// placed the order.
	ResendErr error
}

// Error names the ids to look up and what reconciliation found.
func (e *AmbiguousOrderError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "bithumb: the outcome of %s is unknown: %v", e.subject(), e.Err)
	r := e.Reconciliation
	if r.ResendErr != nil {
		fmt.Fprintf(&b, "; re-send: %v", r.ResendErr)
	}
	switch {
	case r.LookupErr != nil:
		fmt.Fprintf(&b, "; look-up %d failed: %v", r.Lookups, r.LookupErr)
	case r.State != "":
		fmt.Fprintf(&b, "; %d look-up(s) found the order in state %s", r.Lookups, r.State)
	case len(r.Found) > 0:
		fmt.Fprintf(&b, "; %d look-up(s) found", r.Lookups)
		for i, o := range r.Found {
			sep := ","
			if i == 0 {
				sep = ""
			}
			fmt.Fprintf(&b, "%s order %s in state %s", sep, o.OrderID, o.State)
		}
		if r.NotFound {
			b.WriteString(", not the others")
		}
	case r.NotFound:
		fmt.Fprintf(&b, "; not found by %d look-up(s)", r.Lookups)
	}
	if e.Op == "cancel" {
		b.WriteString("; check the order's state before cancelling again")
	} else {
		b.WriteString("; look the orders up by client_order_id before placing them again")
	}
	return b.String()
}

func (e *AmbiguousOrderError) subject() string {
	var parts []string
	if len(e.ClientOrderIDs) > 0 {
		parts = append(parts, "client_order_id "+strings.Join(e.ClientOrderIDs, ", "))
	}
	if len(e.OrderIDs) > 0 {
		parts = append(parts, "order_id "+strings.Join(e.OrderIDs, ", "))
	}
	what := "order placement"
	if e.Op == "cancel" {
		what = "cancel"
	}
	return what + " (" + strings.Join(parts, "; ") + ")"
}

// Unwrap returns the failures behind the error: the one that left the
// outcome unknown, a re-send's refusal and the last look-up's failure.
func (e *AmbiguousOrderError) Unwrap() []error {
	var errs []error
	for _, err := range []error{e.Err, e.Reconciliation.ResendErr, e.Reconciliation.LookupErr} {
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// ErrNoOrderID is the cause (wrapped in a *DecodeError) of a successful
// answer to an order placement that carries no order id: the exchange
// accepted something, so the outcome is settled by a look-up.
var ErrNoOrderID = errors.New("the answer carries no order id")

// inDoubt reports whether a failed attempt may nevertheless have been
// executed: an ambiguous failure (see middleware.Ambiguous), or a 2xx
// whose body could not be decoded.
func inDoubt(err error) bool {
	var decodeErr *DecodeError
	var doubtful *doubtfulError
	return middleware.Ambiguous(err) || errors.As(err, &decodeErr) || errors.As(err, &doubtful)
}

// doubtfulError wraps the definite failure of a request one of whose
// earlier attempts (re-sent by the retry layer) may have been executed:
// the failure says nothing about that attempt.
type doubtfulError struct{ err error }

func (e *doubtfulError) Error() string {
	return e.err.Error() + " (after an attempt whose outcome is unknown)"
}

func (e *doubtfulError) Unwrap() error { return e.err }

// sendTracked runs send with a middleware.Doubt in its context, so that
// a definite failure after an attempt in doubt comes back as a
// doubtfulError, which inDoubt recognises.
func sendTracked[T any](ctx context.Context, send func(context.Context) (T, error)) (T, error) {
	var d middleware.Doubt
	out, err := send(middleware.WithDoubt(ctx, &d))
	if err != nil && d.InDoubt() && !inDoubt(err) {
		err = &doubtfulError{err}
	}
	return out, err
}

// settler settles an outcome in doubt by look-ups.
type settler[T any] struct {
	ctx   context.Context
	delay time.Duration
	// lookup finds the outcome: ok=false means the look-up answered that
	// it is not (yet) there.
	lookup func() (out T, ok bool, err error)
	rec    Reconciliation
}

// look waits the reconcile delay and looks up once.
func (s *settler[T]) look() (T, bool) {
	var zero T
	if err := sleep(s.ctx, s.delay); err != nil {
		s.rec.LookupErr = err
		return zero, false
	}
	s.rec.Lookups++
	out, ok, err := s.lookup()
	s.rec.LookupErr, s.rec.NotFound = err, err == nil && !ok
	return out, ok
}

// settle looks up at most settleLookups times and reports whether one
// found the outcome. It stops early once the context is done.
func (s *settler[T]) settle() (T, bool) {
	var zero T
	for range settleLookups {
		if out, ok := s.look(); ok {
			return out, true
		}
		if s.ctx.Err() != nil {
			break
		}
	}
	return zero, false
}

// placeReconciled places one order with place and settles any doubt with
// lookup, never sending the order again while an earlier attempt may
// have placed it. ctx bounds it all (the caller applies WithTimeout to
// ctx, which lookup must use too); once ctx is done, no look-up is made
// and a placement in doubt ends in an *AmbiguousOrderError at once.
func placeReconciled[T any](ctx context.Context, delay time.Duration, clientOrderID string,
	place func(context.Context) (T, error), lookup func() (T, bool, error)) (T, error) {
	var zero T
	s := &settler[T]{ctx: ctx, delay: delay, lookup: lookup}
	var doubt error // the latest failure that left the outcome unknown
	for attempt := 1; ; attempt++ {
		out, err := sendTracked(ctx, place)
		switch {
		case err == nil:
			return out, nil
		case inDoubt(err):
			doubt = err
		case doubt == nil:
			return zero, err // definitely rejected, and nothing is in doubt
		default:
			// A re-send was refused, but an earlier attempt is in doubt.
			s.rec.ResendErr = err
			if found, ok := s.settle(); ok {
				return found, nil
			}
			return zero, ambiguousPlacement([]string{clientOrderID}, doubt, s.rec)
		}
		if attempt == maxPlaceAttempts || ctx.Err() != nil {
			break
		}
		found, ok := s.look()
		if ok {
			return found, nil
		}
		if s.rec.LookupErr != nil {
			break // never re-send without a look-up that answered
		}
	}
	if found, ok := s.settle(); ok {
		return found, nil
	}
	return zero, ambiguousPlacement([]string{clientOrderID}, doubt, s.rec)
}

func ambiguousPlacement(ids []string, err error, rec Reconciliation) *AmbiguousOrderError {
	return &AmbiguousOrderError{Op: "place", ClientOrderIDs: ids, Err: err, Reconciliation: rec}
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
