package demo

import (
	"context"
	"fmt"
	"io"
	"strings"

	bithumb "github.com/bithumb-go/bithumb"
	"github.com/bithumb-go/bithumb/decimal"
	"github.com/bithumb-go/bithumb/internal/texttable"
	"github.com/bithumb-go/bithumb/sim"
)

// Run runs the tour, writing it to w. It stops the simulator before
// returning. Errors are those of the simulator or the client.
func Run(ctx context.Context, w io.Writer) error { return run(ctx, w) }

// run is Run with options for the simulator (tests fix its clock).
func run(ctx context.Context, w io.Writer, opts ...sim.Option) (err error) {
	ctx, cancel := context.WithCancel(ctx)
	r, err := sim.Start(ctx, sim.DefaultAddr, opts...)
	if err != nil {
		cancel()
		return err
	}
	defer func() {
		cancel()
		if werr := r.Wait(); err == nil {
			err = werr
		}
	}()
	key := r.Keys[0]
	c, err := bithumb.New(bithumb.WithBaseURL(r.URL), bithumb.WithKeys(key.AccessKey, key.SecretKey))
	if err != nil {
		return err
	}
	p := &printer{w: w}
	p.title("Simulator running at %s (account %q)", r.URL, key.Account)

	markets, err := c.ListMarkets(ctx, bithumb.ListMarketsParams{})
	if err != nil {
		return err
	}
	p.title("1. Markets")
	tb := texttable.Table{Indent: "  ", Header: []string{"MARKET", "KOREAN", "ENGLISH"}}
	for _, m := range markets {
		tb.Add(m.Market, m.KoreanName, m.EnglishName)
	}
	if err := tb.Write(w); err != nil {
		return err
	}

	const market = "KRW-BTC"
	tickers, err := c.ListTickers(ctx, market)
	if err != nil {
		return err
	}
	t := tickers[0]
	p.title("2. Ticker of %s", market)
	p.line("  last %s KRW (%s %s%%), day range %s – %s, 24h volume %s BTC",
		t.TradePrice, strings.ToLower(string(t.Change)), t.SignedChangeRate.Mul(decimal.NewFromInt(100)).Round(2, decimal.HalfUp),
		t.LowPrice, t.HighPrice, t.AccTradeVolume24H.Round(4, decimal.HalfUp))

	books, err := c.ListOrderbooks(ctx, market)
	if err != nil {
		return err
	}
	p.title("3. Orderbook of %s (best 5 levels)", market)
	tb = texttable.Table{Indent: "  ", Header: []string{"BID SIZE", "BID", "ASK", "ASK SIZE"}, Right: []bool{true, true, true, true}}
	for _, u := range books[0].OrderbookUnits[:5] {
		tb.Add(u.BidSize.String(), u.BidPrice.String(), u.AskPrice.String(), u.AskSize.String())
	}
	if err := tb.Write(w); err != nil {
		return err
	}

	if err := p.balances(ctx, c, "4. Balances"); err != nil {
		return err
	}

	bestBid := books[0].OrderbookUnits[0].BidPrice
	limit := bestBid.Mul(decimal.MustParse("0.98")).RoundToStep(decimal.NewFromInt(1000), decimal.Down).AsString()
	placed, err := c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: market, Side: bithumb.OrderSideBid,
		OrderType: bithumb.OrderTypeLimit, Price: limit, Volume: decimal.MustParse("0.01")})
	if err != nil {
		return err
	}
	p.title("5. Limit buy 0.01 BTC at %s KRW (2%% under the best bid)", limit)
	o, err := c.GetOrder(ctx, bithumb.GetOrderParams{UUID: &placed.OrderID})
	if err != nil {
		return err
	}
	p.line("  order %s is %s: %s KRW locked (price × volume + %s fee reserve)", o.UUID, stateWord(o.State), o.Locked, o.ReservedFee)
	if _, err := c.CancelOrder(ctx, bithumb.CancelOrderParams{OrderID: &placed.OrderID}); err != nil {
		return err
	}
	o, err = c.GetOrder(ctx, bithumb.GetOrderParams{UUID: &placed.OrderID})
	if err != nil {
		return err
	}
	p.line("  the order is %s and holds %s KRW", stateWord(o.State), o.Locked)

	amount := decimal.NewFromInt(1_000_000)
	placed, err = c.PlaceOrder(ctx, bithumb.PlaceOrderRequest{Market: market, Side: bithumb.OrderSideBid,
		OrderType: bithumb.OrderTypePrice, Price: amount.AsString()})
	if err != nil {
		return err
	}
	o, err = c.GetOrder(ctx, bithumb.GetOrderParams{UUID: &placed.OrderID})
	if err != nil {
		return err
	}
	p.title("6. Market buy for %s KRW: %s, %d fill(s)", amount, stateWord(o.State), len(o.Trades))
	tb = texttable.Table{Indent: "  ", Header: []string{"TRADE", "PRICE", "VOLUME", "FUNDS"}, Right: []bool{false, true, true, true}}
	for _, tr := range o.Trades {
		tb.Add(tr.UUID, tr.Price.String(), tr.Volume.String(), tr.Funds.String())
	}
	if err := tb.Write(w); err != nil {
		return err
	}
	p.line("  bought %s BTC for %s KRW plus %s KRW fee", o.ExecutedVolume, deref(o.ExecutedFunds), o.PaidFee)
	return p.balances(ctx, c, "7. New balances")
}

func deref(d *decimal.Decimal) decimal.Decimal {
	if d == nil {
		return decimal.Zero
	}
	return *d
}

type printer struct{ w io.Writer }

func (p *printer) title(format string, args ...any) {
	fmt.Fprintf(p.w, "\n"+format+"\n", args...)
}

func (p *printer) line(format string, args ...any) { fmt.Fprintf(p.w, format+"\n", args...) }

func (p *printer) balances(ctx context.Context, c *bithumb.Client, title string) error {
	accts, err := c.ListAccounts(ctx)
	if err != nil {
		return err
	}
	p.title("%s", title)
	tb := texttable.Table{Indent: "  ", Header: []string{"CURRENCY", "AVAILABLE", "LOCKED", "AVG BUY PRICE"}, Right: []bool{false, true, true, true}}
	for _, a := range accts {
		tb.Add(a.Currency, a.Balance.String(), a.Locked.String(), a.AvgBuyPrice.String())
	}
	return tb.Write(p.w)
}

// stateWord says an order's state (Bithumb's wait, watch, done, cancel)
// in plain words.
func stateWord(state bithumb.OrderState) string {
	switch state {
	case bithumb.OrderStateWait:
		return "open"
	case bithumb.OrderStateWatch:
		return "waiting for its trigger price"
	case bithumb.OrderStateDone:
		return "filled"
	case bithumb.OrderStateCancel:
		return "cancelled"
	}
	return string(state)
}
