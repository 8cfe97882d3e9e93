package wsclient

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/bithumb-go/bithumb/wire"
)

// Reconciler rebuilds private state through REST after a gap in a private
// stream. Private messages missed while disconnected are not replayed by
// Bithumb, so after a [Reconnected] event the current state of the orders
// that were open, and the balances, must be read through REST.
//
// A Reconciler tracks which orders are open from the events it observes
// (Observe, or Handle) and, on Reconcile, asks the two functions it is given
// for their current state, returning synthetic events with StreamType
// [StreamReconciled] that a consumer applies like the stream's own. It does
// not import the REST client: the functions adapt it (this keeps the root
// package free to import wsclient). For example, with the root package's
// client:
//
//	r := &wsclient.Reconciler{
//		Orders: func(ctx context.Context, ids []string) ([]wsclient.MyOrder, error) {
//			// GET /v1/orders?uuids[]=…, converted to wsclient.MyOrder
//		},
//		Balances: func(ctx context.Context) ([]wsclient.Asset, error) {
//			// GET /v1/accounts, converted to wsclient.Asset
//		},
//	}
//
// Use a pointer; the zero value (no functions) tracks orders and reconciles
// nothing. A Reconciler is safe for concurrent use; the functions are called
// from the goroutine that calls Reconcile.
type Reconciler struct {
	// Orders returns the current state of the given orders. It is called
	// with the ids of the orders the Reconciler believes open plus the
	// extra ids given to Reconcile; orders it does not return stay
	// tracked. Nil skips orders.
	Orders func(ctx context.Context, orderIDs []string) ([]MyOrder, error)
	// Balances returns every balance of the account. Nil skips balances.
	Balances func(ctx context.Context) ([]Asset, error)
	// Now is the clock of the synthetic events (default time.Now).
	Now func() time.Time

	mu   sync.Mutex
	open map[string]struct{}
}

// terminalState reports whether an order in this state is finished.
func terminalState(state string) bool { return state == "done" || state == "cancel" }

// Observe records the order ids of *MyOrder and *MyOrderV1 events: an order
// is open until an event in state "done" or "cancel". Other events are
// ignored.
func (r *Reconciler) Observe(ev Event) {
	var id, state string
	switch e := ev.(type) {
	case *MyOrder:
		id, state = e.OrderID, e.State
	case *MyOrderV1:
		id, state = e.UUID, e.State
	default:
		return
	}
	if id == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if terminalState(state) {
		delete(r.open, id)
		return
	}
	if r.open == nil {
		r.open = make(map[string]struct{})
	}
	r.open[id] = struct{}{}
}

// OpenOrders returns the ids of the orders believed open, sorted.
func (r *Reconciler) OpenOrders() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	ids := make([]string, 0, len(r.open))
	for id := range r.open {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// Handle observes ev and, when it is a *Reconnected, reconciles: it returns
// the synthetic events to apply after ev. It is the one call a consumer
// loop needs:
//
//	for ev := range sub.Events() {
//		fixes, err := r.Handle(ctx, ev)
//		apply(ev); for _, f := range fixes { apply(f) }
//	}
func (r *Reconciler) Handle(ctx context.Context, ev Event) ([]Event, error) {
	r.Observe(ev)
	if _, ok := ev.(*Reconnected); !ok {
		return nil, nil
	}
	return r.Reconcile(ctx)
}

// Reconcile reads the current state through the Orders and Balances
// functions and returns it as synthetic events: one *MyOrder per order
// returned (State as REST reports it) and one *MyAsset with every balance,
// all with StreamType [StreamReconciled]. The open-order set is updated from
// the result. On a partial failure it returns the events it could build and
// an error joining the failures.
func (r *Reconciler) Reconcile(ctx context.Context, extraOrderIDs ...string) ([]Event, error) {
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	ids := r.OpenOrders()
	for _, id := range extraOrderIDs {
		if id != "" {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)

	var events []Event
	var errs []error
	if r.Orders != nil && len(ids) > 0 {
		orders, err := r.Orders(ctx, ids)
		if err != nil {
			errs = append(errs, fmt.Errorf("wsclient: reconciling %d orders: %w", len(ids), err))
		}
		ts := wire.NewTimestamp(now())
		for i := range orders {
			o := orders[i]
			o.StreamType = StreamReconciled
			if o.Timestamp.IsZero() {
				o.Timestamp = ts
			}
			r.Observe(&o)
			events = append(events, &o)
		}
	}
	if r.Balances != nil {
		assets, err := r.Balances(ctx)
		if err != nil {
			errs = append(errs, fmt.Errorf("wsclient: reconciling balances: %w", err))
		} else {
			ts := wire.NewTimestamp(now())
			events = append(events, &MyAsset{
				Assets:         slices.Clone(assets),
				AssetTimestamp: ts,
				Timestamp:      ts,
				StreamType:     StreamReconciled,
			})
		}
	}
	return events, errors.Join(errs...)
}
