package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
)

// placeOptions holds the flags of `bithumb order place`, buy and sell.
type placeOptions struct {
	side, orderType, tif, clientOrderID string
	price, volume                       string
	yes, dryRun                         bool
}

// newOrderPlaceCommand returns a command that places one order; use is
// its usage line, and side, when set, fixes the side (buy and sell).
func newOrderPlaceCommand(a *app, use string, side bithumb.OrderSide) *cobra.Command {
	o := placeOptions{side: string(side)}
	name, _, _ := strings.Cut(use, " ")
	if side == "" {
		name = "order " + name
	}
	short, example := "Place an order", `  # Check a limit buy locally (tick size, minimum total, balance); nothing is sent
  bithumb order place KRW-BTC --side bid --price 140000000 --volume 0.001 --dry-run

  # Place it without the confirmation prompt
  bithumb order place KRW-BTC --side bid --price 140000000 --volume 0.001 --yes

  # Market buy for 10000 KRW; market sell of 0.0001 BTC
  bithumb order place KRW-BTC --side bid --type price --price 10000 --yes
  bithumb order place KRW-BTC --side ask --type market --volume 0.0001 --yes`
	switch side {
	case bithumb.OrderSideBid:
		short, example = "Place a buy order (order place --side bid)", `  # A limit buy, checked locally; nothing is sent
  bithumb buy KRW-BTC --price 140000000 --volume 0.001 --dry-run

  # A limit buy, placed without the prompt
  bithumb buy KRW-BTC --price 140000000 --volume 0.001 --yes

  # A market buy for 10000 KRW
  bithumb buy KRW-BTC --type price --price 10000 --yes`
	case bithumb.OrderSideAsk:
		short, example = "Place a sell order (order place --side ask)", `  # A limit sell, checked locally; nothing is sent
  bithumb sell KRW-BTC --price 160000000 --volume 0.001 --dry-run

  # A market sell of 0.0001 BTC, placed without the prompt
  bithumb sell KRW-BTC --type market --volume 0.0001 --yes`
	}
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Long: short + `.

Order types (--type):
  limit   --price (the limit price) and --volume; --tif ioc, fok or post_only
          (--tif on KRW markets only)
  price   market buy: --price is the total to spend; no --volume
  market  market sell: --volume; no --price
  best    best-price order (KRW markets), --tif ioc or fok: a buy takes
          --price as the total to spend, a sell takes --volume

Before anything is sent, the order is checked against the market's rules
from /v1/orders/chance: the order types it takes, the tick size of a
limit price (Bithumb's KRW tick table, or the market's price unit), the
minimum and maximum order total, and the available balance. Then a
summary shows the market, side, order type, price, volume, total and fee
(at the fee rate of /v1/orders/chance), and asks for confirmation on the
terminal. --yes skips the question; without a terminal and without --yes
the order is refused. --dry-run prints the summary and the request that
would be sent, and sends nothing. The total of market and best sells is
estimated at the last trade price.

Each order is sent with a client_order_id (generated unless
--client-order-id gives one). When the outcome is unknown, the order is
looked up by that id and never sent twice; if it stays unknown, the id is
printed so that you can look the order up.

` + exitStatusHelp,
		Example:           example,
		Args:              cobra.ExactArgs(1),
		ValidArgsFunction: a.completeMarkets(false),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runPlace(commandContext(cmd), name, args[0], &o)
		},
	}
	f := cmd.Flags()
	if side == "" {
		f.StringVar(&o.side, "side", "", "bid (buy) or ask (sell)")
		_ = cmd.MarkFlagRequired("side")
		completeWords(cmd, "side", "bid", "ask")
	}
	f.StringVar(&o.orderType, "type", "limit", "order type: limit, price, market or best")
	f.StringVar(&o.price, "price", "", "limit `PRICE`, or the total to spend for price and best buys")
	f.StringVar(&o.volume, "volume", "", "`VOLUME` in the base currency (limit orders and sells)")
	f.StringVar(&o.tif, "tif", "", "time in force: ioc, fok or post_only (KRW markets only)")
	f.StringVar(&o.clientOrderID, "client-order-id", "", "your `ID` for the order, 1 to 36 of A-Z a-z 0-9 - _ (default generated)")
	f.BoolVarP(&o.yes, "yes", "y", false, "place the order without asking for confirmation")
	f.BoolVar(&o.dryRun, "dry-run", false, "check the order and show what would be sent, without sending it")
	cmd.MarkFlagsMutuallyExclusive("yes", "dry-run")
	completeWords(cmd, "type", "limit", "price", "market", "best")
	completeWords(cmd, "tif", "ioc", "fok", "post_only")
	return cmd
}

// request turns the flags into the order to place on market.
func (o *placeOptions) request(market string) (bithumb.PlaceOrderRequest, error) {
	if err := checkMarkets([]string{market}); err != nil {
		return bithumb.PlaceOrderRequest{}, err
	}
	req := bithumb.PlaceOrderRequest{
		Market: market, ClientOrderID: o.clientOrderID,
		OrderType: bithumb.OrderType(o.orderType), TimeInForce: bithumb.TimeInForce(o.tif),
	}
	switch strings.ToLower(o.side) {
	case "bid", "buy":
		req.Side = bithumb.OrderSideBid
	case "ask", "sell":
		req.Side = bithumb.OrderSideAsk
	default:
		return req, fmt.Errorf("--side %q: give bid (buy) or ask (sell)", o.side)
	}
	switch req.OrderType {
	case bithumb.OrderTypeLimit, bithumb.OrderTypePrice, bithumb.OrderTypeMarket, bithumb.OrderTypeBest:
	default:
		return req, fmt.Errorf("--type %q: give limit, price, market or best", o.orderType)
	}
	var err error
	if req.Price, err = flagDecimal("--price", o.price); err != nil {
		return req, err
	}
	if req.Volume, err = flagDecimal("--volume", o.volume); err != nil {
		return req, err
	}
	return req, checkAmounts(req)
}

// flagDecimal parses the value of flag as a positive decimal; "" is zero.
func flagDecimal(flag, s string) (decimal.Decimal, error) {
	if s == "" {
		return decimal.Decimal{}, nil
	}
	d, err := decimal.Parse(strings.ReplaceAll(s, ",", ""))
	if err != nil || !d.IsPositive() {
		return d, fmt.Errorf("%s %q: give a number greater than 0, e.g. 0.001", flag, s)
	}
	return d, nil
}

// checkAmounts checks which of --price, --volume and --tif the order
// type and side take, naming the flags.
func checkAmounts(req bithumb.PlaceOrderRequest) error {
	price, volume := !req.Price.IsZero(), !req.Volume.IsZero()
	bid := req.Side == bithumb.OrderSideBid
	var wantPrice, wantVolume bool
	switch req.OrderType {
	case bithumb.OrderTypeLimit:
		wantPrice, wantVolume = true, true
	case bithumb.OrderTypePrice:
		if !bid {
			return errors.New("--type price is a market buy: use it with --side bid, or --type market to sell")
		}
		wantPrice = true
	case bithumb.OrderTypeMarket:
		if bid {
			return errors.New("--type market is a market sell: use it with --side ask, or --type price to buy for a total")
		}
		wantVolume = true
	case bithumb.OrderTypeBest:
		wantPrice, wantVolume = bid, !bid
		if req.TimeInForce != bithumb.TimeInForceIoc && req.TimeInForce != bithumb.TimeInForceFok {
			return errors.New("--type best needs --tif ioc or --tif fok")
		}
	}
	switch {
	case wantPrice && !price:
		return fmt.Errorf("--price is missing: a %s %s order needs it", req.OrderType, sideWord(req.Side))
	case !wantPrice && price:
		return fmt.Errorf("--price: a %s %s order takes no price", req.OrderType, sideWord(req.Side))
	case wantVolume && !volume:
		return fmt.Errorf("--volume is missing: a %s %s order needs it", req.OrderType, sideWord(req.Side))
	case !wantVolume && volume:
		return fmt.Errorf("--volume: a %s %s order takes no volume", req.OrderType, sideWord(req.Side))
	case req.TimeInForce != "" && req.OrderType != bithumb.OrderTypeLimit && req.OrderType != bithumb.OrderTypeBest:
		return fmt.Errorf("--tif applies to limit and best orders, not to %s orders", req.OrderType)
	}
	return nil
}

// runPlace checks, shows, confirms and places the order on market; cmd
// names the command in errors.
func (a *app) runPlace(ctx context.Context, cmd, market string, o *placeOptions) error {
	req, err := o.request(market)
	if err != nil {
		return err
	}
	client, err := a.newClient(cmd, requireKeys)
	if err != nil {
		return err
	}
	q, err := quoteOrder(ctx, client, req)
	if err != nil {
		return err
	}
	if q.req.ClientOrderID == "" {
		if q.req.ClientOrderID, err = bithumb.NewClientOrderID(); err != nil {
			return err
		}
	}
	problems := q.problems()
	if o.dryRun {
		return a.printDryRun(q, problems)
	}
	if len(problems) > 0 {
		return fmt.Errorf("the order was not sent:\n  %s", strings.Join(problems, "\n  "))
	}
	if !o.yes {
		if err := a.confirmOrder(q); err != nil {
			return err
		}
	}
	placed, err := client.PlaceOrder(ctx, q.req)
	if err != nil {
		return a.reportUnknownOutcome(err)
	}
	return a.print(placed, func() *table { return placedTable(placed) })
}

// quoteOrder fetches what checking and showing req needs: the market's
// order chance, and its last price when req names no price.
func quoteOrder(ctx context.Context, client *bithumb.Client, req bithumb.PlaceOrderRequest) (*orderQuote, error) {
	chance, err := client.GetOrderChance(ctx, req.Market)
	if err != nil {
		return nil, err
	}
	var last decimal.Decimal
	if req.Price.IsZero() {
		tickers, err := client.ListTickers(ctx, req.Market)
		if err != nil {
			return nil, err
		}
		if len(tickers) > 0 {
			last = tickers[0].TradePrice
		}
	}
	return newOrderQuote(req, chance, last), nil
}

// confirmOrder shows the order on standard error and asks whether to
// place it; anything but y or yes declines.
func (a *app) confirmOrder(q *orderQuote) error {
	if _, tty := terminalFD(a.stdin); !tty {
		return errors.New("the order needs confirmation, but standard input is not a terminal: give --yes to place it, or --dry-run to check it")
	}
	if err := q.summary().Write(a.stderr); err != nil {
		return err
	}
	answer, err := a.readVisible("Place this order? [y/N] ")
	if err != nil {
		return err
	}
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes":
		return nil
	}
	return errors.New("the order was not placed")
}

// placedTable shows a placed order.
func placedTable(p *bithumb.PlaceOrderResponse) *table {
	t := &table{Header: []string{"FIELD", "VALUE"}}
	t.Add("order id", p.OrderID)
	if p.ClientOrderID != nil {
		t.Add("client order id", *p.ClientOrderID)
	}
	t.Add("market", p.Market)
	t.Add("side", fmt.Sprintf("%s (%s)", p.Side, sideWord(p.Side)))
	t.Add("order type", string(p.OrderType))
	t.Add("created", exchangeTime(p.CreatedAt))
	return t
}

// completeWords makes the shell complete flag, which cmd must define
// already, with words.
func completeWords(cmd *cobra.Command, flag string, words ...string) {
	if err := cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(words, cobra.ShellCompDirectiveNoFileComp)); err != nil {
		panic(err) // a flag registered in the wrong order
	}
}
