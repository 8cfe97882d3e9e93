package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
)

// orderRef names one order: by its id (the argument) or by
// --client-order-id.
type orderRef struct {
	id, clientOrderID string
}

// addOrderRef adds --client-order-id to cmd, whose optional argument is
// the order id.
func addOrderRef(cmd *cobra.Command, ref *orderRef) {
	cmd.Flags().StringVar(&ref.clientOrderID, "client-order-id", "", "name the order by your client order `ID` instead of its order id")
	cmd.Args = cobra.MaximumNArgs(1)
}

// resolve takes the order id from args and checks that exactly one of
// the id and --client-order-id names the order.
func (r *orderRef) resolve(args []string) error {
	if len(args) == 1 {
		r.id = args[0]
	}
	switch {
	case r.id == "" && r.clientOrderID == "":
		return errors.New("name the order: give its ORDER_ID, or --client-order-id")
	case r.id != "" && r.clientOrderID != "":
		return errors.New("give ORDER_ID or --client-order-id, not both")
	}
	return nil
}

// ptrs returns the id and the client order id as the SDK's optional
// parameters.
func (r *orderRef) ptrs() (id, clientOrderID *string) {
	if r.id != "" {
		return &r.id, nil
	}
	return nil, &r.clientOrderID
}

// newOrderGetCommand returns `bithumb order get`.
func newOrderGetCommand(a *app) *cobra.Command {
	var ref orderRef
	cmd := &cobra.Command{
		Use:   "get [ORDER_ID]",
		Short: "Show one order with its trades",
		Long: `Show one order, by its order id or by --client-order-id, with its state,
amounts, fees and trades.`,
		Example: `  bithumb order get --client-order-id my-order-1
  bithumb order get --client-order-id my-order-1 --json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := ref.resolve(args); err != nil {
				return err
			}
			return a.runOrderGet(commandContext(cmd), &ref)
		},
	}
	addOrderRef(cmd, &ref)
	return cmd
}

func (a *app) runOrderGet(ctx context.Context, ref *orderRef) error {
	client, err := a.newClient("order get", requireKeys)
	if err != nil {
		return err
	}
	var p bithumb.GetOrderParams
	p.UUID, p.ClientOrderID = ref.ptrs()
	o, err := client.GetOrder(ctx, p)
	if err != nil {
		return err
	}
	if a.global.json {
		return a.printJSON(o)
	}
	if err := orderDetailTable(o).Write(a.stdout); err != nil {
		return err
	}
	if len(o.Trades) == 0 {
		return nil
	}
	fmt.Fprintln(a.stdout)
	t := &table{Header: []string{"TRADE", "TIME", "PRICE", "VOLUME", "FUNDS"}, Right: []bool{false, false, true, true, true}}
	for _, tr := range o.Trades {
		t.Add(tr.UUID, exchangeTime(tr.CreatedAt), tr.Price.String(), tr.Volume.String(), tr.Funds.String())
	}
	return t.Write(a.stdout)
}

// orderDetailTable shows an order, one field a line.
func orderDetailTable(o *bithumb.OrderDetail) *table {
	t := &table{Header: []string{"FIELD", "VALUE"}}
	t.Add("order id", o.UUID)
	t.Add("client order id", optString(o.ClientOrderID))
	t.Add("market", o.Market)
	t.Add("side", fmt.Sprintf("%s (%s)", o.Side, sideWord(o.Side)))
	orderType := string(o.OrdType)
	if o.TimeInForce != nil {
		orderType += ", " + string(*o.TimeInForce)
	}
	t.Add("order type", orderType)
	t.Add("state", stateWord(o.State))
	t.Add("price", optDecimal(o.Price))
	t.Add("volume", optDecimal(o.Volume))
	t.Add("remaining volume", optDecimal(o.RemainingVolume))
	t.Add("executed volume", o.ExecutedVolume.String())
	t.Add("executed funds", optDecimal(o.ExecutedFunds))
	t.Add("locked", o.Locked.String())
	t.Add("paid fee", o.PaidFee.String())
	t.Add("reserved fee", o.ReservedFee.String())
	t.Add("remaining fee", o.RemainingFee.String())
	t.Add("created", exchangeTime(o.CreatedAt))
	if o.CancelType != nil {
		t.Add("cancel type", *o.CancelType)
	}
	if o.CancelingUUID != nil {
		t.Add("cancelled by", *o.CancelingUUID+" (self-trade prevention: your own resting order)")
	}
	return t
}

// stateWord says an order state in words: "wait (open)".
func stateWord(s bithumb.OrderState) string {
	switch s {
	case bithumb.OrderStateWait:
		return "wait (open)"
	case bithumb.OrderStateWatch:
		return "watch (waiting for its trigger)"
	case bithumb.OrderStateDone:
		return "done (filled)"
	case bithumb.OrderStateCancel:
		return "cancel (cancelled)"
	}
	return string(s)
}

// optString returns *p, or "" for nil.
func optString(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// optDecimal prints *d with every digit, or "" for nil.
func optDecimal(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// newOrderCancelCommand returns `bithumb order cancel`.
func newOrderCancelCommand(a *app) *cobra.Command {
	var ref orderRef
	cmd := &cobra.Command{
		Use:   "cancel [ORDER_ID]",
		Short: "Cancel an order",
		Long: `Ask Bithumb to cancel an order, by its order id or by --client-order-id.
The cancel is accepted, not done: the order's state turns to cancel shortly
after (see "bithumb order get"). When the answer is lost, the order's state
is read to settle whether the cancel applied.

` + exitStatusHelp,
		Example: `  bithumb order cancel --client-order-id my-order-1`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := ref.resolve(args); err != nil {
				return err
			}
			return a.runOrderCancel(commandContext(cmd), &ref)
		},
	}
	addOrderRef(cmd, &ref)
	return cmd
}

func (a *app) runOrderCancel(ctx context.Context, ref *orderRef) error {
	client, err := a.newClient("order cancel", requireKeys)
	if err != nil {
		return err
	}
	var p bithumb.CancelOrderParams
	p.OrderID, p.ClientOrderID = ref.ptrs()
	resp, err := client.CancelOrder(ctx, p)
	if err != nil {
		return a.reportUnknownOutcome(err)
	}
	return a.print(resp, func() *table {
		t := &table{Header: []string{"CANCEL ACCEPTED", ""}}
		t.Add("order id", optString(resp.OrderID))
		t.Add("client order id", optString(resp.ClientOrderID))
		t.Add("order created", exchangeTime(resp.CreatedAt))
		return t
	})
}
