package bithumb_test

import (
	"testing"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/sim/faults"
)

// TestReadAfterAResetOnAReusedConnection: when the exchange handles a GET
// and then resets a kept-alive connection, net/http re-sends the request
// by itself (GETs are replayable), with the same JWT, and the exchange
// answers 401 nonce_used. The read must still succeed: the retry layer
// sends it again with a fresh token.
func TestReadAfterAResetOnAReusedConnection(t *testing.T) {
	t.Parallel()
	r := newExchangeRig(t, faults.Config{}, nil)
	ctx := t.Context()
	state := bithumb.OrderStateWait
	if _, err := r.client.ListOrders(ctx, bithumb.ListOrdersParams{State: &state}); err != nil {
		t.Fatal(err) // the connection is now open and idle: the next request reuses it
	}
	r.sim.Faults().Set(faults.Config{Operations: []string{"listOrders"}, NextReset: 1})
	if _, err := r.client.ListOrders(ctx, bithumb.ListOrdersParams{State: &state}); err != nil {
		t.Fatalf("ListOrders after a reset on a reused connection: %v", err)
	}
}
