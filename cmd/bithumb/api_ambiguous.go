package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/bithumb-go/bithumb"
)

// printAmbiguous describes an order placement or cancel whose outcome is
// unknown: the failure, each order's id with what the look-up found, and
// what to do.
func printAmbiguous(w io.Writer, e *bithumb.AmbiguousOrderError) {
	var b strings.Builder
	what := "order placement"
	if e.Op == "cancel" {
		what = "cancel"
	}
	fmt.Fprintf(&b, "bithumb: the outcome of the %s is unknown: %v\n", what, e.Err)
	r := e.Reconciliation
	ids, field := e.ClientOrderIDs, "client_order_id"
	if len(e.OrderIDs) > 0 {
		ids, field = e.OrderIDs, "order_id"
	}
	for _, id := range ids {
		fmt.Fprintf(&b, "  %s %s: %s\n", field, id, lookupResult(r, id))
	}
	switch {
	case len(ids) == 0:
		b.WriteString("  this endpoint takes no client_order_id, so the order cannot be looked up by id;\n" +
			"  list the open orders (bithumb api /v1/orders -f market=...) before placing it again\n")
	case e.Op == "cancel":
		b.WriteString("  the request was not sent again; check the order's state before cancelling again\n")
	default:
		fmt.Fprintf(&b, "  the order was not sent again; look it up (bithumb api /v1/order -f client_order_id=%s)\n"+
			"  before placing it again, and only with the same client_order_id\n", ids[0])
	}
	_, _ = io.WriteString(w, b.String()) // nothing better to do when stderr fails
}

// lookupResult says what reconciliation learnt of the order id: found,
// with its state; not found; or that the look-up failed.
func lookupResult(r bithumb.Reconciliation, id string) string {
	for _, o := range r.Found {
		if o.ClientOrderID == id || o.OrderID == id {
			return fmt.Sprintf("found: order %s, state %s", o.OrderID, stateWord(o.State))
		}
	}
	switch {
	case r.LookupErr != nil:
		return fmt.Sprintf("the look-up failed: %v", r.LookupErr)
	case r.Lookups == 0:
		return "not looked up"
	}
	return fmt.Sprintf("not found by %d look-up(s) (an order can still appear late)", r.Lookups)
}
