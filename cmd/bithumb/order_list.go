package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb"
)

// orderPageSize is the most orders GET /v1/orders returns in one page.
const orderPageSize = 100

// listOptions holds the flags of `bithumb order list`.
type listOptions struct {
	state string
	count int
}

// newOrderListCommand returns `bithumb order list`.
func newOrderListCommand(a *app) *cobra.Command {
	var o listOptions
	cmd := &cobra.Command{
		Use:   "list [MARKET]",
		Short: "List your orders, newest first",
		Long: `List your orders, newest first: the open ones (--state wait) unless --state
says otherwise, on every market or on MARKET.

--count above 100 fetches several pages of 100 and reports the progress on
standard error.`,
		Example: `  bithumb order list
  bithumb order list KRW-BTC --state done --count 250
  bithumb order list --state cancel --json`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: a.completeMarkets(false),
		RunE: func(cmd *cobra.Command, args []string) error {
			market := ""
			if len(args) == 1 {
				market = args[0]
			}
			return a.runOrderList(commandContext(cmd), market, &o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.state, "state", "wait", "wait (open), watch, done or cancel")
	f.IntVar(&o.count, "count", 100, "list at most `N` orders")
	completeWords(cmd, "state", "wait", "watch", "done", "cancel")
	return cmd
}

func (a *app) runOrderList(ctx context.Context, market string, o *listOptions) error {
	state := bithumb.OrderState(o.state)
	switch state {
	case bithumb.OrderStateWait, bithumb.OrderStateWatch, bithumb.OrderStateDone, bithumb.OrderStateCancel:
	default:
		return fmt.Errorf("--state %q: give wait, watch, done or cancel", o.state)
	}
	if market != "" {
		if err := checkMarkets([]string{market}); err != nil {
			return err
		}
	}
	if o.count < 1 {
		return fmt.Errorf("--count %d: give 1 or more", o.count)
	}
	client, err := a.newClient("order list", requireKeys)
	if err != nil {
		return err
	}
	orders, err := a.fetchOrders(ctx, client, market, state, o.count)
	if err != nil {
		return err
	}
	return a.print(orders, func() *table { return ordersTable(orders) })
}

// fetchOrders pages through GET /v1/orders until it has count orders or
// the orders run out, reporting the progress when it takes more than
// one page.
func (a *app) fetchOrders(ctx context.Context, client *bithumb.Client, market string, state bithumb.OrderState, count int) ([]bithumb.Order, error) {
	limit := int64(min(count, orderPageSize))
	params := bithumb.ListOrdersParams{State: &state, Limit: &limit}
	if market != "" {
		params.Market = &market
	}
	orders := []bithumb.Order{}
	for page := int64(1); len(orders) < count; page++ {
		params.Page = &page
		got, err := client.ListOrders(ctx, params)
		if err != nil && page > 1 {
			return nil, fmt.Errorf("after %d orders: %w", len(orders), err)
		}
		if err != nil {
			return nil, err
		}
		orders = append(orders, got...)
		if count > orderPageSize {
			a.progress("fetched %d/%d orders", min(len(orders), count), count)
		}
		if len(got) < int(limit) {
			break
		}
	}
	return orders[:min(len(orders), count)], nil
}

// ordersTable shows orders one a row.
func ordersTable(orders []bithumb.Order) *table {
	t := &table{
		Header: []string{"ORDER ID", "MARKET", "SIDE", "TYPE", "STATE", "PRICE", "VOLUME", "REMAINING", "EXECUTED", "CREATED"},
		Right:  []bool{false, false, false, false, false, true, true, true, true, false},
	}
	for _, o := range orders {
		t.Add(o.UUID, o.Market, string(o.Side), string(o.OrdType), string(o.State),
			optDecimal(o.Price), optDecimal(o.Volume), optDecimal(o.RemainingVolume), o.ExecutedVolume.String(), exchangeTime(o.CreatedAt))
	}
	return t
}
