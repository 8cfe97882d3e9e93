package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb"
)

// exitOrderUnknown is the exit status of an order command, or of
// `bithumb api` placing or cancelling an order, whose outcome is unknown
// (an *bithumb.AmbiguousOrderError): the order or the cancel may or may
// not have reached the exchange; look the order up before sending it
// again.
const exitOrderUnknown = 3

// exitStatusHelp documents the exit statuses of the order commands.
const exitStatusHelp = `Exit status: 0 on success; 1 on an error (nothing was placed or
cancelled); 3 when the outcome is unknown (a reset, timeout or 5xx after
the request was sent, and the look-ups by client_order_id could not
settle it): look the order up before trying again.`

// newOrderCommand returns `bithumb order` with its subcommands.
func newOrderCommand(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "order",
		Short: "Place, cancel, get and list orders",
		Long: `Place, cancel, get and list your orders.

"bithumb buy" and "bithumb sell" are shortcuts for "bithumb order place"
with --side bid and --side ask.

` + exitStatusHelp,
		Example: `  bithumb order place KRW-BTC --side bid --price 140000000 --volume 0.001 --dry-run
  bithumb order place KRW-BTC --side bid --price 140000000 --volume 0.001 --client-order-id my-order-1 --yes
  bithumb order get --client-order-id my-order-1
  bithumb order list KRW-BTC --state wait
  bithumb order cancel --client-order-id my-order-1`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(
		newOrderPlaceCommand(a, "place MARKET", ""),
		newOrderCancelCommand(a),
		newOrderGetCommand(a),
		newOrderListCommand(a),
	)
	return cmd
}

// newBuyCommand returns `bithumb buy`, `order place --side bid`.
func newBuyCommand(a *app) *cobra.Command {
	return newOrderPlaceCommand(a, "buy MARKET", bithumb.OrderSideBid)
}

// newSellCommand returns `bithumb sell`, `order place --side ask`.
func newSellCommand(a *app) *cobra.Command {
	return newOrderPlaceCommand(a, "sell MARKET", bithumb.OrderSideAsk)
}

// reportUnknownOutcome prints what an *bithumb.AmbiguousOrderError in err
// says, the ids to look up and how, and returns the exit status
// exitOrderUnknown; any other error is returned as it is.
func (a *app) reportUnknownOutcome(err error) error {
	var amb *bithumb.AmbiguousOrderError
	if !errors.As(err, &amb) {
		return err
	}
	what := "order placement"
	if amb.Op == "cancel" {
		what = "cancel"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "bithumb: the outcome of the %s is unknown: %v\n", what, amb.Err)
	for _, id := range amb.ClientOrderIDs {
		fmt.Fprintf(&b, "  client_order_id: %s\n", id)
	}
	for _, id := range amb.OrderIDs {
		fmt.Fprintf(&b, "  order_id:        %s\n", id)
	}
	fmt.Fprintf(&b, "  reconciliation:  %s\n", reconciliationText(amb.Reconciliation))
	lookup := "bithumb order get "
	switch {
	case len(amb.ClientOrderIDs) > 0:
		lookup += "--client-order-id " + amb.ClientOrderIDs[0]
	case len(amb.OrderIDs) > 0:
		lookup += amb.OrderIDs[0]
	}
	if amb.Op == "cancel" {
		fmt.Fprintf(&b, "Check the order's state before cancelling again: %s\n", lookup)
	} else {
		fmt.Fprintf(&b, "Look the order up before placing it again, and place it again only with the same client_order_id: %s\n", lookup)
	}
	fmt.Fprint(a.stderr, b.String())
	return &exitError{code: exitOrderUnknown}
}

// reconciliationText says what the look-ups of an order in doubt found.
func reconciliationText(r bithumb.Reconciliation) string {
	var parts []string
	switch {
	case r.LookupErr != nil:
		parts = append(parts, fmt.Sprintf("look-up %d failed: %v", r.Lookups, r.LookupErr))
	case r.State != "":
		parts = append(parts, fmt.Sprintf("%d look-up(s) found the order in state %s", r.Lookups, r.State))
	case r.NotFound:
		parts = append(parts, fmt.Sprintf("%d look-up(s) did not find the order (it may still appear)", r.Lookups))
	default:
		parts = append(parts, fmt.Sprintf("%d look-up(s)", r.Lookups))
	}
	if r.ResendErr != nil {
		parts = append(parts, fmt.Sprintf("a re-send was refused: %v", r.ResendErr))
	}
	return strings.Join(parts, "; ")
}
